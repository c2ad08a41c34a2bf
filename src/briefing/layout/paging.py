"""The fit loop: how many pages, at which scale, confirmed by the render.

Layout owns the whole loop; the render is passed in as a callback (``render(layout, breaks)``),
so that layout never imports the render stage. Two loops:

- :func:`fit_page` (``layout.fit: one-page``): the largest scale of the grid whose render is one
  page. The fit (:func:`~briefing.layout.fit.fit_one_page`) measures without drawing; the render
  is the proof. Where the two disagree by a hair (a line ReportLab breaks a point differently),
  the next grid step down is taken. Found steps are kept in the world's cache: the same
  content's step, and this brief's latest step as a start for the next edit.
- :func:`flow_pages` (``layout.fit: flow``): full size, adding pages after the flow until the
  sidebar has been placed in full.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Protocol, TypeVar

from briefing.errors import LayoutError
from briefing.layout.fit import (
    GRID,
    Layout,
    Materials,
    fit_key,
    fit_one_page,
    overflow_report,
    prepare,
    read_step,
    scale_at,
    seal_step,
    step_of,
)
from briefing.read import Document
from briefing.world.cache import key_of

MAX_EXTRA_PAGES = 60  # pages a flow may add after its main column for a long sidebar


class Rendering(Protocol):
    """What the loop reads of a render: its pages, and the sidebar it could not place."""

    @property
    def pages(self) -> int: ...

    @property
    def sidebar_overflow(self) -> bool: ...

    @property
    def sidebar_left(self) -> float: ...


R = TypeVar("R", bound=Rendering)

#: The render stage, as the loop calls it: a layout and the pages to add after its flow.
Render = Callable[[Layout, int], R]


def fit_page(
    materials: Materials, render: Render[R], doc: Document | None, name: str
) -> tuple[Layout, R]:
    """The largest scale whose render is one page: the fit's choice, confirmed by ``render``.

    Raises a :class:`LayoutError` naming what does not fit when even the smallest scale does
    not. ``doc`` (the author's file) places the diagnostics and makes this brief's latest step
    a hint for its next build.
    """
    world = materials.world
    store = world.cache
    key = fit_key(materials, world.font_files(materials.theme))
    place = key_of("near", world.place, name) if doc is not None else None
    known = read_step(store.read(key, "fit"), key)
    near = read_step(store.read(place, "near"), place) if place else None
    layout = fit_one_page(materials, known, near)
    step = step_of(layout)
    while True:
        if not layout.fits:
            problems = overflow_report(layout, doc, name)
            raise LayoutError(f"{name} does not fit on one page", tuple(problems))
        rendered = render(layout, 0)
        if rendered.pages == 1 and not rendered.sidebar_overflow:
            break
        if not step:
            problems = overflow_report(layout, doc, name)
            raise LayoutError(f"{name} does not fit on one page", tuple(problems))
        step -= 1
        layout = prepare(materials, scale_at(step))
    if step is not None and step < GRID and step != known:
        store.write(key, "fit", seal_step(key, step))
    if step is not None and place and step != near:
        store.write(place, "near", seal_step(place, step))
    return layout, rendered


def measured_page(materials: Materials) -> Layout | None:
    """The layout :func:`fit_page` starts from when it needs no search: at the step the cache
    holds for this very content, or at full size, if the measurement says it fits; else None.

    Not confirmed by a render: the caller renders it and, if the render disagrees (a page more,
    or a sidebar left over), lays the brief out with :func:`fit_page` after all. A pack does so,
    its one render of every brief being the proof.
    """
    world = materials.world
    key = fit_key(materials, world.font_files(materials.theme))
    known = read_step(world.cache.read(key, "fit"), key)
    layout = prepare(materials, scale_at(known if known is not None else GRID))
    return layout if layout.fits else None


def flow_pages(materials: Materials, render: Render[R]) -> tuple[Layout, R]:
    """Render across pages at full size; add pages until the sidebar has been placed in full.

    platypus consumes flowables as it places them, so each new attempt lays the story out
    afresh; the number of pages to add is estimated from the sidebar height still to place.
    """
    layout = prepare(materials, 1.0)
    rendered = render(layout, 0)
    extra = 0
    room = layout.geo.body_height(False) - 2 * layout.theme.spacing.block_padding
    while rendered.sidebar_overflow and extra < MAX_EXTRA_PAGES:
        extra += max(1, math.ceil(rendered.sidebar_left / max(room, 1.0)))
        layout = prepare(materials, 1.0)
        rendered = render(layout, extra)
    return layout, rendered
