"""The project's own page checks: read a PDF back and find what a designer would reject.

Each check takes PDF bytes (and what it needs to know of the page: columns, fills, labels) and
returns a list of problems in words, empty when the page passes:

- :func:`small_glyphs`: glyphs set smaller than the type floor (6.5 pt);
- :func:`missing_glyphs`: characters drawn as the font's empty box (.notdef);
- :func:`overlapping_glyphs`: glyphs of different lines on top of each other;
- :func:`lines_through_glyphs`: rules, leader lines and thin bars drawn through letters;
- :func:`empty_bands`: vertical gaps inside a column larger than a limit, not at the page end;
- :func:`white_at_page_end`: a page followed by another that ends with much white (a block that
  stays whole jumped to the next page and left its hole);
- :func:`boxes_off_grid`: tinted boxes whose edges are not the column's or the text width's;
- :func:`uneven_date_axis`: date labels of a line chart not placed in proportion to time;
- :func:`ink_outside_boxes`: tagged content drawn outside the rectangle layout gave it.

Coordinates are PDF points from the bottom left of the page. pdfplumber reads the characters
(with their font and effective size, transformations included), lines, rectangles and curves.
:func:`ink_outside_boxes` reads the page objects with PDFium instead, which knows what
pdfplumber does not: the clipping path each object is drawn through, and the ink box of a glyph.
"""

from __future__ import annotations

import io
import itertools
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import pdfplumber

FLOOR = 6.5
MM = 72 / 25.4


@dataclass(frozen=True)
class Char:
    """A drawn character: its text, box (x0, y0, x1, y1), baseline, effective size and font."""

    text: str
    box: tuple[float, float, float, float]
    baseline: float
    size: float
    font: str
    upright: bool
    page: int


@dataclass(frozen=True)
class Segment:
    """A straight stroke (a line, a thin rectangle, or a piece of a curve)."""

    x0: float
    y0: float
    x1: float
    y1: float
    page: int


@dataclass(frozen=True)
class Rect:
    x0: float
    y0: float
    x1: float
    y1: float
    fill: tuple[float, ...] | None
    page: int


@dataclass
class Page:
    """What one page draws, read back."""

    number: int
    width: float
    height: float
    chars: list[Char]
    segments: list[Segment]
    rects: list[Rect]
    words: list[tuple[str, float, float, float, float]]  # text, x0, y0, x1, y1
    images: list[tuple[float, float, float, float]]  # x0, y0, x1, y1 of each bitmap drawn


def _size(char: dict[str, object]) -> float:
    """The size a reader sees: the font size times the scale of the text's vertical axis."""
    a, b, c, d, _, _ = char["matrix"]  # type: ignore[misc]
    scale_y = (float(c) ** 2 + float(d) ** 2) ** 0.5
    # pdfminer's height is the size times the vertical scale for upright text
    if char["upright"]:
        return float(char["height"])  # type: ignore[arg-type]
    scale_x = (float(a) ** 2 + float(b) ** 2) ** 0.5
    return float(char["width"]) * scale_y / scale_x if scale_x else float(char["width"])  # type: ignore[arg-type]


def _colour(value: object) -> tuple[float, ...] | None:
    if value is None:
        return None
    if isinstance(value, int | float):
        return (float(value),) * 3
    values = tuple(float(v) for v in value)  # type: ignore[union-attr]
    if len(values) == 1:
        return values * 3
    return values


@lru_cache(maxsize=16)
def read_pages(pdf: bytes) -> list[Page]:
    """Every page of ``pdf`` read back."""
    pages: list[Page] = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages):
            h = float(page.height)
            chars = [
                Char(
                    c["text"],
                    (float(c["x0"]), h - float(c["bottom"]), float(c["x1"]), h - float(c["top"])),
                    float(c["matrix"][5]),
                    _size(c),
                    str(c["fontname"]),
                    bool(c["upright"]),
                    number,
                )
                for c in page.chars
                if c["text"].strip()
            ]
            segments: list[Segment] = []
            for line in page.lines:
                points = line.get("pts") or [
                    (line["x0"], line["top"]),
                    (line["x1"], line["bottom"]),
                ]
                segments += _polyline(points, h, number)
            for curve in page.curves:
                if not curve.get("fill"):
                    segments += _polyline(curve.get("pts") or [], h, number)
            rects: list[Rect] = []
            for r in page.rects:
                x0, x1 = float(r["x0"]), float(r["x1"])
                y0, y1 = h - float(r["bottom"]), h - float(r["top"])
                if min(x1 - x0, y1 - y0) <= 1.0:  # a rule drawn as a thin rectangle
                    mid_y, mid_x = (y0 + y1) / 2, (x0 + x1) / 2
                    if x1 - x0 >= y1 - y0:
                        segments.append(Segment(x0, mid_y, x1, mid_y, number))
                    else:
                        segments.append(Segment(mid_x, y0, mid_x, y1, number))
                fill = _colour(r.get("non_stroking_color")) if r.get("fill") else None
                rects.append(Rect(x0, y0, x1, y1, fill, number))
            words = [
                (
                    w["text"],
                    float(w["x0"]),
                    h - float(w["bottom"]),
                    float(w["x1"]),
                    h - float(w["top"]),
                )
                for w in page.extract_words(keep_blank_chars=True, x_tolerance=1.5)
            ]
            images = [
                (float(i["x0"]), h - float(i["bottom"]), float(i["x1"]), h - float(i["top"]))
                for i in page.images
            ]
            pages.append(Page(number, float(page.width), h, chars, segments, rects, words, images))
    return pages


def _polyline(points: Iterable[tuple[float, float]], height: float, page: int) -> list[Segment]:
    pts = [(float(x), height - float(y)) for x, y in points]
    return [Segment(a[0], a[1], b[0], b[1], page) for a, b in itertools.pairwise(pts)]


def chars(pdf: bytes, page: int = 0) -> list[Char]:
    """The characters drawn on ``page`` (white space left out), in content order."""
    return read_pages(pdf)[page].chars


# --------------------------------------------------------------------------- (a) sizes


def small_glyphs(pdf: bytes, floor: float = FLOOR) -> list[str]:
    """Glyphs smaller than ``floor`` points (0.05 pt of rounding allowed), grouped by size."""
    found: dict[tuple[int, float], list[str]] = defaultdict(list)
    for page in read_pages(pdf):
        for c in page.chars:
            if c.size < floor - 0.05:
                found[(page.number, round(c.size, 2))].append(c.text)
    return [
        f"page {p + 1}: {len(text)} glyphs at {size} pt < {floor} pt: {''.join(text)[:40]!r}"
        for (p, size), text in sorted(found.items())
    ]


#: What a character drawn with the font's .notdef glyph reads back as: ReportLab writes the
#: characters a font lacks as glyph 0, read back as U+0000 (or U+FFFF from a shaped run);
#: other writers use U+FFFD or a bare CID.
_NOTDEF = {"\x00", "\uffff", "\ufffd"}


def missing_glyphs(pdf: bytes) -> list[str]:
    """Characters printed as the font's .notdef glyph (an empty box, or nothing): a face
    without the glyph was used."""
    problems: list[str] = []
    for page in read_pages(pdf):
        boxes = [c for c in page.chars if c.text in _NOTDEF or c.text.startswith("(cid:")]
        for font in sorted({c.font for c in boxes}):
            count = sum(1 for c in boxes if c.font == font)
            problems.append(f"page {page.number + 1}: {count} characters drawn as boxes in {font}")
    return problems


# --------------------------------------------------------------------------- (b) collisions


def _inner(c: Char) -> tuple[float, float, float, float]:
    """The part of a glyph's box that ink surely covers: the x-height band, inset."""
    x0, y0, x1, y1 = c.box
    if not c.upright:
        dx, dy = (x1 - x0) * 0.3, (y1 - y0) * 0.15
        return (x0 + dx, y0 + dy, x1 - dx, y1 - dy)
    inset = (x1 - x0) * 0.2
    return (x0 + inset, c.baseline + c.size * 0.12, x1 - inset, c.baseline + c.size * 0.5)


def _intersect(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def overlapping_glyphs(pdf: bytes) -> list[str]:
    """Pairs of glyphs on different lines whose inked parts intersect (label over label)."""
    problems: list[str] = []
    for page in read_pages(pdf):
        grid: dict[tuple[int, int], list[Char]] = defaultdict(list)
        for c in page.chars:
            box = _inner(c)
            for gx in range(int(box[0] // 20), int(box[2] // 20) + 1):
                for gy in range(int(box[1] // 20), int(box[3] // 20) + 1):
                    grid[(gx, gy)].append(c)
        seen: set[tuple[int, int]] = set()
        for cell in grid.values():
            for i, a in enumerate(cell):
                for b in cell[i + 1 :]:
                    if (
                        abs(a.baseline - b.baseline) < 0.3 * min(a.size, b.size)
                        and a.upright == b.upright
                    ):
                        continue  # the same line (kerning, marks)
                    key = (id(a), id(b))
                    if key in seen or not _intersect(_inner(a), _inner(b)):
                        continue
                    seen.add(key)
                    problems.append(
                        f"page {page.number + 1}: {a.text!r} at ({a.box[0]:.1f}, {a.box[1]:.1f}) "
                        f"overlaps {b.text!r} at ({b.box[0]:.1f}, {b.box[1]:.1f})"
                    )
    return problems


def _crosses(s: Segment, box: tuple[float, float, float, float]) -> bool:
    """Whether the segment passes through ``box`` (Liang-Barsky clipping)."""
    x0, y0, x1, y1 = box
    dx, dy = s.x1 - s.x0, s.y1 - s.y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, s.x0 - x0), (dx, x1 - s.x0), (-dy, s.y0 - y0), (dy, y1 - s.y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return False
    return True


def lines_through_glyphs(pdf: bytes) -> list[str]:
    """Rules, leader lines and thin bars drawn through the inked part of a glyph."""
    problems: list[str] = []
    for page in read_pages(pdf):
        for s in page.segments:
            lo_x, hi_x = min(s.x0, s.x1), max(s.x0, s.x1)
            lo_y, hi_y = min(s.y0, s.y1), max(s.y0, s.y1)
            for c in page.chars:
                box = _inner(c)
                if hi_x < box[0] or lo_x > box[2] or hi_y < box[1] or lo_y > box[3]:
                    continue
                if _crosses(s, box):
                    problems.append(
                        f"page {page.number + 1}: a line from ({s.x0:.1f}, {s.y0:.1f}) to "
                        f"({s.x1:.1f}, {s.y1:.1f}) crosses {c.text!r} at ({c.box[0]:.1f}, "
                        f"{c.box[1]:.1f})"
                    )
                    break
    return problems


# --------------------------------------------------------------------------- (c) bands


def empty_bands(
    pdf: bytes,
    regions: list[tuple[float, float, float, float]],
    limit_mm: float = 8.0,
    pages: Iterable[int] | None = None,
) -> list[str]:
    """Vertical gaps larger than ``limit_mm`` in a column, between things drawn in it.

    The column is given as ``regions`` (x0, x1, top, bottom), top to bottom: on page 1 the main
    column beside the sidebar, then the full text width below it. The scan runs from the first
    region's top to the last thing drawn (the white at the page end is not a band).
    """
    problems: list[str] = []
    wanted = set(pages) if pages is not None else None
    for page in read_pages(pdf):
        if wanted is not None and page.number not in wanted:
            continue
        items = [c.box for c in page.chars] + [(r.x0, r.y0, r.x1, r.y1) for r in page.rects]
        items += [
            (min(s.x0, s.x1), min(s.y0, s.y1), max(s.x0, s.x1), max(s.y0, s.y1))
            for s in page.segments
        ]
        items += page.images
        spans: list[tuple[float, float]] = []
        for left, right, top, bottom in regions:
            for x0, y0, x1, y1 in items:
                if x1 <= left + 1 or x0 >= right - 1 or y1 <= bottom + 0.5 or y0 >= top - 0.5:
                    continue
                spans.append((max(y0, bottom), min(y1, top)))
        if not spans:
            continue
        spans.sort(key=lambda span: -span[1])
        cursor = regions[0][2]
        for y0, y1 in spans:
            if cursor - y1 > limit_mm * MM:
                problems.append(
                    f"page {page.number + 1}: an empty band of {(cursor - y1) / MM:.1f} mm in "
                    f"the column from y={cursor:.1f} down to y={y1:.1f}"
                )
            cursor = min(cursor, y0)
    return problems


def _column_items(page: Page, left: float, right: float) -> list[tuple[float, float]]:
    """The vertical extent (y0, y1) of everything drawn between ``left`` and ``right``."""
    items = [c.box for c in page.chars] + [(r.x0, r.y0, r.x1, r.y1) for r in page.rects]
    items += [
        (min(s.x0, s.x1), min(s.y0, s.y1), max(s.x0, s.x1), max(s.y0, s.y1)) for s in page.segments
    ]
    items += page.images
    return [(y0, y1) for x0, y0, x1, y1 in items if x1 > left + 1 and x0 < right - 1]


def white_at_page_end(
    pdf: bytes,
    columns: dict[int, tuple[float, float, float]],
    limit_mm: float = 25.0,
) -> list[str]:
    """Pages followed by another page whose column ends with more than ``limit_mm`` of white:
    what comes next moved whole to the next page and left its hole (a flowed brief).

    ``columns`` gives, per page number (0 first), the column's x0, x1 and bottom; what is
    drawn below the bottom (the footer) does not count.
    """
    pages = read_pages(pdf)
    problems: list[str] = []
    for page in pages[:-1]:
        if page.number not in columns:
            continue
        left, right, bottom = columns[page.number]
        inside = [(y0, y1) for y0, y1 in _column_items(page, left, right) if y1 > bottom + 0.5]
        if not inside:
            continue
        lowest = min(max(y0, bottom) for y0, _ in inside)
        white = lowest - bottom
        if white > limit_mm * MM:
            problems.append(
                f"page {page.number + 1} ends with {white / MM:.1f} mm of white above what "
                f"moved to page {page.number + 2}"
            )
    return problems


# --------------------------------------------------------------------------- (d) grid


def boxes_off_grid(
    pdf: bytes,
    columns: list[tuple[float, float]],
    fills: Iterable[tuple[float, float, float]],
    tolerance: float = 0.5,
) -> list[str]:
    """Tinted boxes (rectangles filled with one of ``fills``) whose left and right edges are not
    those of one of ``columns`` (x0, x1) within ``tolerance`` points."""
    wanted = [tuple(f) for f in fills]
    problems: list[str] = []
    for page in read_pages(pdf):
        for r in page.rects:
            if r.fill is None or not any(_same(r.fill, f) for f in wanted):
                continue
            if r.x1 - r.x0 < 20 or r.y1 - r.y0 < 2:
                continue
            if any(abs(r.x0 - a) <= tolerance and abs(r.x1 - b) <= tolerance for a, b in columns):
                continue
            problems.append(
                f"page {page.number + 1}: a box from x={r.x0:.1f} to x={r.x1:.1f} (y={r.y0:.0f}) "
                f"is on no column: {', '.join(f'{a:.1f}–{b:.1f}' for a, b in columns)}"
            )
    return problems


def _same(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return len(a) == len(b) and all(abs(x - y) < 0.01 for x, y in zip(a, b, strict=True))


def hex_fill(colour: str) -> tuple[float, float, float]:
    """A theme colour ``#rrggbb`` as PDF fill components."""
    return tuple(int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


# --------------------------------------------------------------------------- (e) time


_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAY_MONTH = re.compile(r"(\d{1,2})\s+([A-Za-z]{3})[a-z]*\.?(?:\s+(\d{4}))?")
_MONTH = re.compile(r"([A-Za-z]{3})[a-z]*\.?(?:\s+(\d{4}))?")
_YEAR = re.compile(r"(1[5-9]|2\d)\d{2}")


def _tick_date(text: str, after: date) -> date | None:
    """A date axis's label as a day: '2022-08-01', '1 Aug', 'Aug' (the 1st), '2022' (1 January).
    A label without its year is read as a reader reads an axis from the left: the first such
    day on or after ``after``. Dates in the long form of text ('27 December 2023', an event's
    label) are not ticks."""
    text = text.strip()
    try:
        if _ISO.fullmatch(text):
            return date.fromisoformat(text)
        if _YEAR.fullmatch(text):
            return date(int(text), 1, 1)
    except ValueError:
        return None
    found = _DAY_MONTH.fullmatch(text)
    month_only = _MONTH.fullmatch(text)
    if found and not found.group(3):
        day, month = found.group(1), found.group(2)
    elif month_only and not month_only.group(2):
        day, month = "1", month_only.group(1)
    else:
        return None
    if month.lower() not in _MONTHS:
        return None
    number = _MONTHS.index(month.lower()) + 1
    for year in (after.year, after.year + 1):
        try:
            when = date(year, number, int(day))
        except ValueError:
            return None
        if when >= after:
            return when
    return None


def uneven_date_axis(pdf: bytes, labels: list[str], tolerance: float = 0.06) -> list[str]:
    """A line chart over ISO dates (``labels``) must stand on a time axis: every row of three or
    more date labels on one baseline (the chart's date ticks, whatever their format: '1 Aug',
    'Sep', '2022', or the ISO labels themselves) within the data's time span must be placed in
    proportion to time; each label's position, predicted from the row's first and last by its
    date, may be off by at most ``tolerance`` of the row's span. No such row at all is a
    problem too (the dates were set as categories, or not at all)."""
    dates = [date.fromisoformat(label) for label in labels if _ISO.fullmatch(label)]
    if len(dates) < 3 or len(dates) != len(labels):
        return []
    span = max((max(dates) - min(dates)).days, 1)
    low = min(dates).toordinal() - span * 0.25
    high = max(dates).toordinal() + span * 0.25
    start = date.fromordinal(int(low))
    problems: list[str] = []
    rows = 0
    for page in read_pages(pdf):
        by_row: dict[float, list[tuple[float, str]]] = defaultdict(list)
        for text, x0, y0, x1, _ in page.words:
            by_row[round(y0)].append(((x0 + x1) / 2, text.strip()))
        for words in by_row.values():
            row: list[tuple[float, date, str]] = []
            after = start
            for x, text in sorted(words):
                when = _tick_date(text, after)
                if when is not None and low <= when.toordinal() <= high:
                    row.append((x, when, text))
                    after = when
            if len({when for _, when, _ in row}) < 3:
                continue
            rows += 1
            (x_first, d_first, _), (x_last, d_last, _) = row[0], row[-1]
            span_x, span_t = x_last - x_first, (d_last - d_first).days or 1
            for x, when, text in row:
                expected = x_first + span_x * (when - d_first).days / span_t
                if abs(x - expected) > tolerance * abs(span_x):
                    problems.append(
                        f"page {page.number + 1}: date {text} at x={x:.1f}; in proportion to "
                        f"time it belongs at x={expected:.1f}"
                    )
    if not rows:
        problems.append(f"no row of date labels on a time axis for {labels[0]} … {labels[-1]}")
    return problems


_TICK_WORD = re.compile(
    r"\d{1,2}|\d{4}|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec", re.IGNORECASE
)


def axis_years(pdf: bytes) -> list[set[int]]:
    """The years each date axis names, as read from the page: a date axis is a row of words on
    one baseline, at least three, each a tick's word ('14', 'Mar', '2015'); its years are the
    four-digit words in it."""
    axes: list[set[int]] = []
    for page in read_pages(pdf):
        by_row: dict[float, list[str]] = defaultdict(list)
        for text, _, y0, _, _ in page.words:
            by_row[round(y0)] += text.split()
        for words in by_row.values():
            if len(words) >= 3 and all(_TICK_WORD.fullmatch(w) for w in words):
                axes.append({int(w) for w in words if len(w) == 4 and w.isdigit()})
    return axes


# --------------------------------------------------------------------------- (f) boxes

Box = tuple[float, float, float, float]

#: PDFium's page object types, by number.
_KINDS = {1: "text", 2: "path", 3: "image", 4: "shading", 5: "form"}


def _clip_box(obj: object) -> Box | None:
    """The bounding box of the clipping path ``obj`` is drawn through (page points), or None
    when it is not clipped."""
    import ctypes

    import pypdfium2.raw as raw

    clip = raw.FPDFPageObj_GetClipPath(obj)
    if not clip:
        return None
    box: list[float] | None = None
    for path in range(raw.FPDFClipPath_CountPaths(clip)):
        xs: list[float] = []
        ys: list[float] = []
        for index in range(raw.FPDFClipPath_CountPathSegments(clip, path)):
            segment = raw.FPDFClipPath_GetPathSegment(clip, path, index)
            x, y = ctypes.c_float(), ctypes.c_float()
            if raw.FPDFPathSegment_GetPoint(segment, x, y):
                xs.append(x.value)
                ys.append(y.value)
        if not xs:
            continue
        here = [min(xs), min(ys), max(xs), max(ys)]
        box = here if box is None else [
            max(box[0], here[0]), max(box[1], here[1]), min(box[2], here[2]), min(box[3], here[3])
        ]  # fmt: skip
    return None if box is None else (box[0], box[1], box[2], box[3])


def _path_box(obj: object, matrix: tuple[float, ...]) -> Box | None:
    """The box a path object inks: its points, and for a stroke half the line width across
    each straight piece (along it too, for round or square caps); around a curve's control
    points, half the width every way. PDFium's own bounds add half the width every way to every
    point, which puts the butt end of a rule outside the box it ends at."""
    import ctypes

    import pypdfium2.raw as raw

    fill, stroke = ctypes.c_int(), ctypes.c_int()
    raw.FPDFPath_GetDrawMode(obj, fill, stroke)
    if not fill.value and not stroke.value:
        return None  # a clipping path, or nothing drawn
    width = ctypes.c_float()
    raw.FPDFPageObj_GetStrokeWidth(obj, width)
    a, b, c, d, e, f = matrix
    scale = (abs(a * d - b * c)) ** 0.5
    half = width.value * scale / 2 if stroke.value else 0.0
    capped = raw.FPDFPageObj_GetLineCap(obj) in (1, 2)
    xs: list[float] = []
    ys: list[float] = []
    previous: tuple[float, float] | None = None
    start: tuple[float, float] | None = None
    for index in range(raw.FPDFPath_CountSegments(obj)):
        segment = raw.FPDFPath_GetPathSegment(obj, index)
        x, y = ctypes.c_float(), ctypes.c_float()
        raw.FPDFPathSegment_GetPoint(segment, x, y)
        point = (a * x.value + c * y.value + e, b * x.value + d * y.value + f)
        kind = raw.FPDFPathSegment_GetType(segment)
        ends = [point]
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = point
        elif kind == raw.FPDF_SEGMENT_LINETO and previous is not None and half:
            ends = _stroked(previous, point, half, capped)
        elif kind == raw.FPDF_SEGMENT_BEZIERTO and half:
            ends = [(point[0] + dx, point[1] + dy) for dx in (-half, half) for dy in (-half, half)]
        if raw.FPDFPathSegment_GetClose(segment) and start is not None and half:
            ends += _stroked(point, start, half, capped)
        xs += [p[0] for p in ends]
        ys += [p[1] for p in ends]
        previous = point
    if not xs:
        return None
    return (min(xs), min(ys), max(xs), max(ys))


def _stroked(
    a: tuple[float, float], b: tuple[float, float], half: float, capped: bool
) -> list[tuple[float, float]]:
    """The corners of a straight stroke from ``a`` to ``b``, ``half`` its width each side."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length = (dx * dx + dy * dy) ** 0.5
    if not length:
        return [(a[0] + sx, a[1] + sy) for sx in (-half, half) for sy in (-half, half)]
    ux, uy = dx / length * half, dy / length * half
    along = (ux, uy) if capped else (0.0, 0.0)
    return [
        (p[0] + side * -uy + sign * along[0], p[1] + side * ux + sign * along[1])
        for p, sign in ((a, -1), (b, 1))
        for side in (-1, 1)
    ]


def _text_reach(obj: object, matrix: tuple[float, ...]) -> tuple[float, float]:
    """How far a text object's ink may pass its box, in points: (across, below).

    A glyph may overhang its advance a little (a bold 'f' at a line's end: 0.06 em), and a
    paragraph's last line sets its baseline (leading - ascent) above the box's foot, so its
    descenders hang below it, at most by the font's descent.
    """
    import ctypes

    import pypdfium2.raw as raw

    size = ctypes.c_float()
    raw.FPDFTextObj_GetFontSize(obj, size)
    _, _, c, d, _, _ = matrix
    em = size.value * (c * c + d * d) ** 0.5
    descent = ctypes.c_float()
    font = raw.FPDFTextObj_GetFont(obj)
    if not font or not raw.FPDFFont_GetDescent(font, ctypes.c_float(em), descent):
        descent.value = -0.3 * em
    return 0.08 * em, abs(descent.value)


def inked(pdf: bytes) -> list[list[tuple[int, str, Box, tuple[float, float]]]]:
    """Per page: (MCID or -1, kind, box, reach) of every text, path and image object drawn,
    its box cut to its clipping path (what can show of it), and how far text may pass its box
    (see :func:`_text_reach`); objects clipped away entirely are left out. A form XObject
    (ReportLab writes none for our content) is reported as kind "form" over the whole page."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    out: list[list[tuple[int, str, Box, tuple[float, float]]]] = []
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            found: list[tuple[int, str, Box, tuple[float, float]]] = []
            for obj in page.get_objects(max_depth=0):
                kind = _KINDS.get(obj.type, "other")
                matrix = tuple(obj.get_matrix().get())
                reach = (0.0, 0.0)
                if kind == "path":
                    bounds = _path_box(obj.raw, matrix)
                    if bounds is None:
                        continue
                    x0, y0, x1, y1 = bounds
                else:
                    x0, y0, x1, y1 = obj.get_bounds()
                if kind == "text":
                    reach = _text_reach(obj.raw, matrix)
                clip = _clip_box(obj.raw)
                if clip is not None:
                    x0, y0 = max(x0, clip[0]), max(y0, clip[1])
                    x1, y1 = min(x1, clip[2]), min(y1, clip[3])
                if x1 <= x0 and y1 <= y0 and kind != "form":
                    continue  # nothing of it shows
                mcid = raw.FPDFPageObj_GetMarkedContentID(obj.raw)
                found.append((int(mcid), kind, (x0, y0, x1, y1), reach))
            out.append(found)
    finally:
        document.close()
    return out


def ink_outside_boxes(
    pdf: bytes, boxes: dict[int, dict[int, Box]], tolerance: float = 1.0
) -> list[str]:
    """Tagged content drawn outside the rectangle layout gave it.

    ``boxes`` maps each page (from 1) and MCID to that rectangle (x0, y0, x1, y1), as the
    renderer recorded it (``Built.boxes``). Every text, path and image object inside a
    marked-content sequence must lie in its MCID's rectangle, ``tolerance`` points allowed
    (and text its overhang and descent: see :func:`_text_reach`), as far as it shows through
    its clipping path. Content in a sequence with no rectangle recorded
    is a problem too: a check that sees nothing cannot pass.
    """
    problems: list[str] = []
    for number, objects in enumerate(inked(pdf), start=1):
        on_page = boxes.get(number, {})
        for mcid, kind, (x0, y0, x1, y1), (across, below) in objects:
            if kind == "form":
                problems.append(f"page {number}: a form XObject, whose content is not checked")
                continue
            if mcid < 0:
                continue  # page furniture (an artifact)
            box = on_page.get(mcid)
            if box is None:
                problems.append(f"page {number}: MCID {mcid} has no box recorded")
                continue
            left, bottom = box[0] - x0 - across, box[1] - y0 - below
            over = max(left, bottom, x1 - box[2] - across, y1 - box[3])
            if over > tolerance:
                problems.append(
                    f"page {number}: {kind} of MCID {mcid} at ({x0:.1f}, {y0:.1f}, {x1:.1f}, "
                    f"{y1:.1f}) is {over:.1f} pt outside its box ({box[0]:.1f}, {box[1]:.1f}, "
                    f"{box[2]:.1f}, {box[3]:.1f})"
                )
    return problems
