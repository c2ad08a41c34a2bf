"""The fit loop: how many pages, at which scale, confirmed by the render.

Layout owns the whole loop; the render is passed in as a callback (``render(layout, breaks)``),
so that layout never imports the render stage. Two loops:

- :func:`fit_page` (``layout.fit: one-page``): the largest scale of the grid whose render is one
  page. The fit (:func:`~briefing.layout.fit.fit_one_page`) measures without drawing; the render
  is the proof. Where the two disagree by a hair (a line ReportLab breaks a point differently),
  the next grid step down is taken. Found steps are kept in the world's cache: the same
  content's step, and this brief's latest step as a start for the next edit.

  The box of what changed since the previous edition counts in the fit, and gives way first
  (:func:`give_way`): when its lines would shrink the page by more than the theme's
  ``editions.give_way`` (a share of the scale the page has with the shortest box), it lists
  fewer of them, the last counting the rest, down to the marking and TLP lines and that count.
  The number of lines chosen is kept in the cache beside the step.
- :func:`flow_pages` (``layout.fit: flow``): full size, adding pages after the flow until the
  sidebar has been placed in full.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from typing import Protocol, TypeVar

from briefing.errors import LayoutError
from briefing.layout.edition import box_limits
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
    materials, key, known, place, near = _start(materials, doc, name)
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
    _remember(materials, step, key, known, place, near)
    return layout, rendered


def _remember(
    materials: Materials,
    step: int | None,
    key: str,
    known: int | None,
    place: str | None,
    near: int | None,
) -> None:
    """Keep a step a render confirmed: for this content, and as this brief's latest."""
    store = materials.world.cache
    if step is not None and step < GRID and step != known:
        store.write(key, "fit", seal_step(key, step))
    if step is not None and place and step != near:
        store.write(place, "near", seal_step(place, step))


def measured_page(materials: Materials, doc: Document | None, name: str) -> Layout | None:
    """The layout :func:`fit_page` would have its render confirm (the fit's choice, from the
    cache's step or by the same search, the box of what changed giving way the same way; the
    layout's ``box_limit`` says how far), measured but not rendered; None when even the
    smallest scale does not fit (:func:`fit_page` says why).

    The caller renders it: if that render is one page, :func:`remember_page` keeps its step as
    :func:`fit_page` would; if it disagrees (a page more, or a sidebar left over), the caller
    lays the brief out with :func:`fit_page` after all, which steps down as alone. A pack does
    so, its one render of every brief being the proof.
    """
    materials, _, known, _, near = _start(materials, doc, name)
    layout = fit_one_page(materials, known, near)
    return layout if layout.fits else None


def remember_page(materials: Materials, layout: Layout, doc: Document | None, name: str) -> None:
    """Keep the step of a :func:`measured_page` layout that a render has confirmed."""
    given, key, known, place, near = _start(materials, doc, name)
    _remember(given, step_of(layout), key, known, place, near)


def _start(
    materials: Materials, doc: Document | None, name: str
) -> tuple[Materials, str, int | None, str | None, int | None]:
    """Where the fit starts: the materials with the box given way, the fit's cache key, the
    step kept for this content, this brief's place in the cache and its latest step."""
    store = materials.world.cache
    place = key_of("near", materials.world.place, name) if doc is not None else None
    near = read_step(store.read(place, "near"), place) if place else None
    materials = give_way(materials, near)
    key = fit_key(materials, materials.world.font_files(materials.theme))
    return materials, key, read_step(store.read(key, "fit"), key), place, near


def give_way(materials: Materials, near: int | None = None) -> Materials:
    """``materials`` with the most lines of the box of what changed that do not shrink the page
    by more than the theme's ``editions.give_way`` (see the module's docstring).

    The answer is a function of the materials, kept in the world's cache: the fit with the
    box in full; when that is not at full size, the fit with the shortest box (its scale,
    less the share the box may cost, is the floor); then the most lines that fit at the floor,
    by bisection (fitting is monotone in the lines as in the scale). ``near`` (an earlier
    version's step) starts the searches.
    """
    limits = box_limits(materials.changes, materials.theme.editions.limit)
    if materials.previous is None or limits is None:
        return materials
    store = materials.world.cache
    key = key_of(fit_key(materials, materials.world.font_files(materials.theme)), "box")
    fewest, most = limits
    kept = read_step(store.read(key, "box"), key, most)
    if kept is not None and fewest <= kept <= most:
        return _with(materials, kept, most)
    lines = _lines(materials, fewest, most, near)
    store.write(key, "box", seal_step(key, lines))
    return _with(materials, lines, most)


def _with(materials: Materials, lines: int, most: int) -> Materials:
    return materials if lines >= most else replace(materials, box_limit=lines)


def _lines(materials: Materials, fewest: int, most: int, near: int | None) -> int:
    full = fit_one_page(materials, None, near)
    if full.fits and full.scale >= 1.0:
        return most  # the box costs the page nothing
    shortest = replace(materials, box_limit=fewest)
    short = fit_one_page(shortest, None, step_of(full) if full.fits else near)
    if not short.fits:
        return fewest  # nothing fits: the report is of the page with the shortest box
    floor = short.scale * (1.0 - materials.theme.editions.give_way)
    if full.fits and full.scale >= floor - 1e-9:
        return most
    # the lowest step at or above the floor: the most lines that fit there
    step = next(s for s in range(GRID + 1) if scale_at(s) >= floor - 1e-9)
    low, high = fewest, most  # fits at ``step``; does not (the full box is below the floor)
    while high - low > 1:
        middle = (low + high) // 2
        if prepare(replace(materials, box_limit=middle), scale_at(step)).fits:
            low = middle
        else:
            high = middle
    return low


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
