"""What a reader of this edition sees of the previous one: the "What changed since edition N"
box, set right after the bottom line like any block of the main flow, and the change bars
drawn in the margin beside every changed paragraph, bullet, claim item and key fact.

Layout receives the change list in ``Materials.changes`` (:mod:`briefing.editions`); the box
prints its lines (the same lines ``briefing diff`` prints) as a tagged heading and list, the
accessible statement of what changed. A changed part's flowables carry the part's path
(:attr:`briefing.layout.tagging.Tagged.bar`); when the render draws one, it reports its
rectangle to the canvas's :class:`ChangeBars`, which draws one bar per part and column at the
page's end, inside the page's artifact bracket (no screen reader reads a bar).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reportlab.platypus import Flowable

from briefing.layout.context import Block, Context, tinted_box
from briefing.layout.tagging import Tagged, tag
from briefing.materials.text import literal

if TYPE_CHECKING:  # annotations only: a brief that is no edition makes no Change
    from briefing.editions.changes import Change, Path

#: The box's path in fit reports (``check --fit``) and error positions: the brief's
#: ``edition`` key, where the previous edition is named.
BOX_PATH: Path = ("edition",)


def title(previous: int) -> str:
    return f"What changed since edition {previous}"


def box_lines(changes: Sequence[Change], limit: int) -> list[str]:
    """The box's lines: the change list's summary, the very lines ``briefing diff`` prints."""
    from briefing.editions.compare import summary  # an edition's only (~5 ms to import)

    return summary(changes, limit)


def box_limits(changes: Sequence[Change], limit: int) -> tuple[int, int] | None:
    """The fewest and the most lines the box may list (its ``limit`` as :func:`summary` takes
    it): at most the theme's ``limit``; at fewest the marking and TLP lines and one line
    that counts the rest ("… and 9 more changes: ..."). None when there is nothing to cut."""
    if not changes:  # no lines to cut (and no edition's comparison to import)
        return None
    from briefing.editions.compare import summary  # an edition's only (~5 ms to import)

    every = summary(changes, len(changes) + 1)
    first = sum(1 for change in changes if change.kind in ("marking", "tlp"))
    fewest, most = first + 1, min(limit, len(every))
    return (fewest, most) if fewest < most else None


def no_changes(previous: int) -> str:
    return f"No changes since edition {previous}."


def box_texts(changes: Sequence[Change], previous: int | None, limit: int) -> list[str]:
    """Every text the box prints (its title and lines), for the font coverage check."""
    if previous is None:
        return []
    return [title(previous), *(box_lines(changes, limit) or [no_changes(previous)])]


def edition_block(ctx: Context) -> Block | None:
    """The box, or None for a brief that names no previous edition.

    A brief whose previous edition it repeats says so in one line: a reader of a series must
    not have to wonder whether the box was left out."""
    if ctx.previous is None:
        return None
    st, tokens = ctx.styles, ctx.theme.editions
    sect = ctx.structure.add("Sect")
    heading = sect.add("H2", bookmark=title(ctx.previous))
    words = literal(title(ctx.previous).upper(), ctx.fonts)
    rows: list[Flowable] = [tag(ctx.words(words, st.change_label), heading)]
    lines = box_lines(ctx.changes, ctx.box_limit or tokens.limit)
    if lines:
        items = sect.add("L")
        for line in lines:
            entry = items.add("LI")
            label, body = entry.add("Lbl"), entry.add("LBody")
            words = ctx.words(literal(line, ctx.fonts), st.change, bullet="•")
            rows.append(tag(words, body, label))
    else:
        rows.append(tag(ctx.words(no_changes(ctx.previous), st.change), sect.add("P")))
    box = tinted_box(
        rows,
        ctx.main_width,
        ctx.c("change_fill"),
        ctx.c("change_rule"),
        ctx,
        repeat_label=True,
    )
    # a few short lines: kept whole (beside the sidebar, or on the next page), never cut in
    # two boxes under the same title
    box.setStyle([("NOSPLIT", (0, 0), (0, -1))])
    box.spaceBefore = ctx.theme.spacing.section * tokens.box_space
    return Block(BOX_PATH, title(ctx.previous), [box])


def marked(marks: Iterable[Path], path: Path) -> bool:
    """Whether the part at ``path`` changed: a mark names it, a part that holds it (a new
    claims block marks each of its items) or a part it holds (the figure tiles of a claims
    block, ``("claims", i, "items")``, show every item: one changed item marks them)."""
    return any(path[: len(mark)] == mark or mark[: len(path)] == path for mark in marks)


def bar(ctx: Context, flowable: Flowable, path: Path) -> Flowable:
    """``flowable`` (tagged) with a change bar beside it when the part at ``path`` changed."""
    if isinstance(flowable, Tagged) and marked(ctx.marks, path):
        flowable.bar = path
    return flowable


@dataclass
class ChangeBars:
    """The rectangles drawn of each changed part, page by page, until the page's end draws
    their bars (see the module's docstring)."""

    drawn: dict[int, list[tuple[Path, tuple[float, float, float, float], bool]]] = field(
        default_factory=dict
    )

    def add(self, page: int, path: Path, box: tuple[float, float, float, float], rtl: bool) -> None:
        self.drawn.setdefault(page, []).append((path, box, rtl))

    def bars(self, page: int, columns: Sequence[Column], width: float) -> list[Rect]:
        """The bars of ``page`` as rectangles (x, y, width, height): one per part and column,
        spanning its lines, outside the column's edge where its lines begin (the left edge for
        left-to-right text, the right edge for right-to-left). ``columns`` are the page's
        text columns (:data:`Column`); a part's rectangle belongs to the column its centre is
        in (or nearest)."""
        spans: dict[tuple[Path, int], tuple[float, float, bool]] = {}
        for path, (x0, y0, x1, y1), rtl in self.drawn.pop(page, []):
            if y1 - y0 <= 0:
                continue
            middle = ((x0 + x1) / 2, (y0 + y1) / 2)
            column = min(range(len(columns)), key=lambda i: _distance(middle, columns[i]))
            key = (path, column)
            # one bar per part, on the side where its first line begins (a key fact's
            # right-to-left label and its source line in English have one bar, at the right)
            low, high, first = spans.get(key, (y0, y1, rtl))
            spans[key] = (min(low, y0), max(high, y1), first)
        out = []
        for (_, column), (low, high, rtl) in spans.items():
            x, _, w, _, gap = columns[column]
            left = x + w + gap if rtl else x - gap - width
            out.append((left, low, width, high - low))
        return sorted(out)


#: A text column of a page: x, y, width and height of where its lines stand, and how far
#: outside its edge a change bar stands.
Column = tuple[float, float, float, float, float]
Rect = tuple[float, float, float, float]


def _distance(point: tuple[float, float], column: Column) -> float:
    (px, py), (x, y, w, h, _) = point, column
    dx = max(x - px, 0.0, px - x - w)
    dy = max(y - py, 0.0, py - y - h)
    return dx + dy


def draw_bars(canvas: Any, bars: Sequence[Rect], fill: Any) -> None:
    """Draw ``bars`` (outside tagged content, so inside the page's artifact bracket)."""
    if not bars:
        return
    canvas.saveState()
    canvas.setFillColor(fill)
    for x, y, w, h in bars:
        canvas.rect(x, y, w, h, stroke=0, fill=1)
    canvas.restoreState()
