"""Fitting: choose the scale at which a brief fits one page, or explain what does not fit.

Takes a brief, its theme and a scale; measures the laid-out flowables (no rendering) and returns
how much room the main column and the sidebar need and have. The one-page search is a bisection
over a grid of one scale factor applied to type, leading, spacing and chart heights, bounded
below by the theme's legible floors; each step is one measurement of the whole story, not
per-block guessing. Hints from the cache (the same content's step, an earlier version's step)
skip the search when they can be checked in one or two measurements.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from reportlab.lib.units import mm
from reportlab.platypus import Flowable

from briefing.errors import Diagnostic
from briefing.layout.beside import ROUNDING, settle, sidebar_height
from briefing.layout.context import ChartMaker, Story
from briefing.layout.measure import Placement, place, stack_height
from briefing.layout.sidebar import has_sidebar
from briefing.layout.story import build_story
from briefing.layout.styles import Geometry, Styles, geometry, make_styles
from briefing.materials.fonts import FontSet, ThemeFonts
from briefing.model import Brief
from briefing.read import Document
from briefing.theme import Theme
from briefing.world import World
from briefing.world.cache import code_version, key_of
from briefing.world.kept import encoded

if (
    TYPE_CHECKING
):  # annotations only: making Change costs ~1.5 ms, and a brief that is no edition has none
    from briefing.editions.changes import Change

#: The smallest scale the one-page fit tries. Type never goes below the theme's floors
#: (8 pt body, 6.5 pt notes by default); below those, only spacing and charts keep shrinking.
MIN_SCALE = 0.55
GRID = 32  # the scales tried: MIN_SCALE to 1 in 32 steps of 0.014
LOGO_ROOM = 1000.0  # the room a logo is asked to fill when its size goes into a cache key


@dataclass(frozen=True)
class Materials:
    """What a brief is laid out from, whatever the scale: the brief, its theme (unscaled), the
    theme's registered fonts, its logo, the chart maker and the world the charts draw from."""

    brief: Brief
    theme: Theme
    fonts: FontSet
    world: World
    logo: Flowable | None = None
    charts: ChartMaker | None = None
    images: Mapping[str, Flowable] = field(default_factory=dict)  # the figures, by file
    #: what changed since the previous edition (empty without one), and that edition's number
    changes: tuple[Change, ...] = ()
    previous: int | None = None
    #: the most lines that box lists: None for the theme's ``editions.limit``; fewer when the
    #: one-page fit makes the box give way (:func:`briefing.layout.paging.fit_page`)
    box_limit: int | None = None


@dataclass
class Layout:
    """The brief laid out at one scale: everything the renderer needs, and what it measured."""

    brief: Brief
    scale: float
    theme: Theme
    fonts: FontSet
    styles: Styles
    geo: Geometry
    story: Story
    placement: Placement
    sidebar_height: float
    #: the most lines the box of what changed lists (None: the theme's limit, or no box)
    box_limit: int | None = None

    @property
    def main_height(self) -> float:
        return sum(self.placement.used) + sum(self.placement.overflow.values())

    @property
    def main_room(self) -> float:
        return sum(h for _, _, _, h in self.geo.first_frames())

    @property
    def sidebar_room(self) -> float:
        return self.geo.body_height(True)

    @property
    def fits(self) -> bool:
        return self.placement.fits and self.sidebar_height <= self.sidebar_room

    @property
    def fill(self) -> float:
        """How much of page 1's main frames the flow uses (by area)."""
        frames = self.geo.first_frames()
        room = sum(w * h for _, _, w, h in frames)
        used = sum(w * u for (_, _, w, _), u in zip(frames, self.placement.used, strict=True))
        return used / room if room else 0.0


def prepare(materials: Materials, scale: float) -> Layout:
    """Lay out the brief at ``scale`` and measure it."""
    brief, fonts = materials.brief, materials.fonts
    theme = materials.theme
    scaled = theme.scaled(scale) if scale != 1.0 else theme
    styles = make_styles(scaled, fonts)
    side = brief.layout.sidebar or scaled.page.sidebar_side
    drawn = materials.charts is not None and any(c.type == "timeline" for c in brief.charts or ())
    if not has_sidebar(brief, drawn):
        side = "none"  # nothing to put beside the column: it takes the full width
    geo = geometry(scaled, brief.layout.paper, side, bool(brief.marking))
    pad = scaled.spacing.block_padding
    inner = geo.sidebar_width - 2 * pad if side != "none" else 0.0
    story = build_story(
        brief,
        scaled,
        fonts,
        styles,
        geo.main_width,
        inner,
        materials.world,
        logo=materials.logo,
        chart_maker=materials.charts,
        images=materials.images,
        changes=materials.changes,
        previous=materials.previous,
        box_limit=materials.box_limit,
    )
    header = (
        stack_height(story.header, geo.text_width)
        + scaled.spacing.section * scaled.furniture.header_gap
    )
    running = styles.footer.leading + scaled.spacing.section
    geo = replace(geo, header_height=header, running_height=running)
    sidebar = sidebar_height(story.sidebar, inner) + 2 * pad if story.sidebar else 0.0
    overflows = sidebar > geo.body_height(True)
    # the render adds the groups up again in another order: a hair more keeps the last one
    region = sidebar + ROUNDING if sidebar and not overflows else 0.0
    geo = replace(geo, later_sidebar=overflows, sidebar_region=region)
    frames = [(w, h) for _, _, w, h in geo.first_frames()]
    placement = place(story.main, frames)
    band = styles.body.leading * scaled.spacing.band_lines
    geo, placement = settle(geo, story, placement, band)
    return Layout(
        brief, scale, scaled, fonts, styles, geo, story, placement, sidebar, materials.box_limit
    )


def scale_at(step: int) -> float:
    """The scale of grid point ``step`` (0 is MIN_SCALE, GRID is full size)."""
    if step >= GRID:
        return 1.0
    return MIN_SCALE + (1.0 - MIN_SCALE) * step / GRID


def fit_one_page(materials: Materials, known: int | None = None, near: int | None = None) -> Layout:
    """The largest scale of the grid (MIN_SCALE to 1 in GRID steps) at which the brief fits.

    Returns the prepared layout at that scale, or the one at MIN_SCALE (which does not fit: the
    caller reports it with :func:`overflow_report`). The answer is found by bisection over the
    grid; as fitting is monotone in the scale (smaller type never needs more room), it is the
    one grid point that fits with the next one up not fitting, however it is found. Two hints
    let a rebuild skip the search:

    - ``known``: the step found earlier for this very content (see :func:`fit_key`); if it
      still fits, it is the answer: one layout.
    - ``near``: the step of an earlier version of this brief (an edit in ``watch``, say): the
      search starts there and gallops 1, 2, 4 ... steps away until the boundary is bracketed,
      then bisects. A small edit costs two or three layouts instead of six; an edit that moves
      the boundary far costs a few more.
    """
    tried: dict[int, Layout] = {}
    low, high = -1, GRID + 1  # the largest step known to fit, the smallest known not to

    def at(step: int) -> Layout:
        nonlocal low, high
        if step not in tried:
            tried[step] = prepare(materials, scale_at(step))
            if tried[step].fits:
                low = max(low, step)
            else:
                high = min(high, step)
        return tried[step]

    if known is not None and 0 <= known < GRID and at(known).fits:
        return at(known)
    if near is not None and 0 <= near <= GRID:
        # gallop from the earlier step (1, 2, 4 ... steps away) until the boundary is between
        # a step that fits and one that does not, or at an end of the grid
        up = at(near).fits
        distance = 1
        while (high > GRID if up else low < 0) and (low < GRID if up else high > 0):
            at(min(near + distance, GRID) if up else max(near - distance, 0))
            distance *= 2
    else:
        full = at(GRID)
        far = full.main_height > 1.5 * full.main_room
        if not full.fits and (far or full.sidebar_height > 1.5 * full.sidebar_room):
            at(0)  # far too long: the smallest scale tells at once whether it can fit at all
    while high - low > 1:
        if low < 0 and high == 1:
            break  # only step 0 is left
        at((low + high) // 2 if low >= 0 else high // 2)
    return at(low) if low >= 0 else at(0)  # at step 0 it does not fit: the caller reports it


def step_of(prepared: Layout) -> int | None:
    """The grid step ``prepared`` was laid out at, if it was laid out on the grid."""
    for step in range(GRID + 1):
        if scale_at(step) == prepared.scale:
            return step
    return None


def fit_key(materials: Materials, files: ThemeFonts) -> str:
    """A key for everything the fitted scale depends on: the brief, the theme and the content of
    its font files, the logo's size, and the code (see
    :func:`briefing.world.cache.code_version`)."""
    fonts = [files.regular, files.bold, files.italic, files.bold_italic]
    fonts += [face for pair in files.fallbacks for face in pair if face is not None]
    logo = materials.logo
    size = "" if logo is None else f"{logo.wrap(LOGO_ROOM, LOGO_ROOM)}"
    for name, image in sorted(materials.images.items()):  # a figure's shape moves the fit
        size += f"|{name}:{image.wrap(LOGO_ROOM, LOGO_ROOM)}"
    return key_of(
        code_version(),
        encoded(materials.brief),  # our own encoding: model_dump_json builds a serializer
        encoded(materials.theme),
        "|".join(font.digest for font in fonts),
        size,
        # the box of what changed takes room
        f"{materials.previous}|{materials.box_limit}|{materials.changes!r}",
    )


def seal_step(key: str, step: int) -> str:
    """A grid step to keep under ``key``, with a check that ties it to that key."""
    return f"{step} {_seal(key, step)}"


def read_step(text: str | None, key: str, most: int = GRID) -> int | None:
    """The grid step (or another number up to ``most``) kept under ``key`` by
    :func:`seal_step`, if ``text`` is exactly that."""
    value, _, seal = (text or "").strip().partition(" ")
    if not value.isdigit() or len(value) > 3 or int(value) > most:
        return None
    return int(value) if seal == _seal(key, int(value)) else None


def _seal(key: str, step: int) -> str:
    # a damaged or edited entry (a 0 typed in, say, which would fit but at the smallest type)
    # is refused rather than trusted
    return key_of(key, str(step))[:16]


def overflow_report(prepared: Layout, doc: Document | None, name: str) -> list[Diagnostic]:
    """Why the brief does not fit one page, as an author can act on it.

    First how much must go (of the main column and of the sidebar), then where the space goes:
    every part of the page, named by its field (``summary``, ``sections[2]``, ``claims``,
    ``charts[0]`` ...), with its height and its share of the column, largest first; then the
    blocks that fall off the page and by how much. Measured at the smallest legible size.
    """
    return [*space_report(prepared, doc, name), *_falling_off(prepared, doc, name)]


def space_report(layout: Layout, doc: Document | None, name: str) -> list[Diagnostic]:
    """How much must go, then every part of the page with its height, largest first."""
    room = layout.main_room
    over = max(layout.main_height - room, 0.0)
    side_over = max(layout.sidebar_height - layout.sidebar_room, 0.0)
    if over <= 0 and side_over <= 0:
        # the column adds up to less than its room, yet a block falls off (kept whole, it
        # moved on past the white it left) or the render ran a line over the measure: what
        # falls off must go, and at least a line
        over = max(sum(layout.placement.overflow.values()), layout.styles.body.leading)
    must = []
    if over > 0:
        must.append(
            f"{max(over / mm, 1):.0f} mm of the main column ({over / room:.0%} of its room)"
        )
    if side_over > 0:
        must.append(f"{max(side_over / mm, 1):.0f} mm of the sidebar")
    line, column = doc.position(()) if doc is not None else (0, 0)
    found = [
        Diagnostic(
            name,
            line,
            column,
            "",
            f"does not fit one page at the smallest legible size: {' and '.join(must)} must go",
            "shorten the largest parts below, or set layout.fit: flow",
            rule="does-not-fit",
        )
    ]
    parts = [
        (stack_height(block.flowables, layout.geo.main_width), block.path, block.label)
        for block in layout.story.blocks
    ]
    parts.append((stack_height(layout.story.header, layout.geo.text_width), ("title",), "header"))
    if layout.story.sidebar:
        parts.append((layout.sidebar_height, ("key_facts",), "sidebar"))
    for height, path, label in sorted(parts, key=lambda part: -part[0]):
        line, column = doc.position(path) if doc is not None else (0, 0)
        share = height / (layout.sidebar_room if label == "sidebar" else room)
        where = "of the sidebar" if label == "sidebar" else "of the page"
        found.append(
            Diagnostic(
                name,
                line,
                column,
                _field(path),
                f"takes {height / mm:.0f} mm, {share:.0%} {where}"
                + (f" ({label})" if label and label != "sidebar" else ""),
                severity="note",
                rule="space",
            )
        )
    return found


def _field(path: tuple[str | int, ...]) -> str:
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")


def _falling_off(prepared: Layout, doc: Document | None, name: str) -> list[Diagnostic]:
    """Name every block that does not fit on the page, and by how much."""
    found: list[Diagnostic] = []
    owner: list[int] = []
    for number, block in enumerate(prepared.story.blocks):
        owner.extend([number] * len(block.flowables))
    over_by_block: dict[int, float] = {}
    for index, height in prepared.placement.overflow.items():
        over_by_block[owner[index]] = over_by_block.get(owner[index], 0.0) + height
    line_height = prepared.styles.body.leading
    hint = "shorten it, or set layout.fit: flow"
    for number, over in sorted(over_by_block.items()):
        block = prepared.story.blocks[number]
        found.append(
            _diagnostic(doc, name, block.path, block.name, over, line_height, "the page", hint)
        )
    if prepared.sidebar_height > prepared.sidebar_room:
        over = prepared.sidebar_height - prepared.sidebar_room
        found.append(
            _diagnostic(
                doc,
                name,
                ("key_facts",),
                "key_facts",
                over,
                prepared.styles.side_value.leading,
                "the sidebar",
                "shorten the key facts, or set layout.fit: flow",
            )
        )
    return found


def _diagnostic(
    doc: Document | None,
    name: str,
    path: tuple[str | int, ...],
    label: str,
    over: float,
    line_height: float,
    where: str,
    hint: str,
) -> Diagnostic:
    lines = max(1, round(over / line_height))
    line, column = doc.position(path) if doc is not None else (0, 0)
    return Diagnostic(
        name,
        line,
        column,
        label,
        f"{lines} line{'s' if lines != 1 else ''} ({over / mm:.0f} mm) over {where} at the "
        "smallest legible size",
        hint,
        rule="does-not-fit",
    )
