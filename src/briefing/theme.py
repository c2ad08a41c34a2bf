"""Design tokens: one theme holds page geometry, fonts, type scale, colours and spacing.

Themes are YAML files (``assets/themes/*.yaml`` built in, or a file next to the brief) that the
world (:mod:`briefing.world`) reads with the same strict reader as briefs and validates into a
frozen :class:`Theme`. Layout code reads tokens from here and never carries its own numbers.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def _written(value: Any) -> str:
    """A wrong value as a message names it: 'crimson', a list, nothing."""
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "nothing" if value is None else repr(value)


def _hex(value: Any) -> str:
    if not isinstance(value, str) or not _HEX.fullmatch(value.strip()):
        raise PydanticCustomError(
            "colour", "expected a colour written #rrggbb, got {v}", {"v": _written(value)}
        )
    return value.strip().lower()


Hex = Annotated[str, BeforeValidator(_hex)]


def _positive(value: Any) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise PydanticCustomError(
            "number_type", "expected a number, got {v}", {"v": _written(value)}
        ) from None
    if not 0 <= number < 1000:
        raise PydanticCustomError(
            "number_range", "expected a number from 0 to 1000, got {v}", {"v": value}
        )
    return number


Size = Annotated[float, BeforeValidator(_positive)]


class _Tokens(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _no_fallbacks() -> list[str]:
    """The default of :attr:`Fonts.fallbacks`. A Python function, not ``list``: pydantic reads
    a default factory's signature, and the signature of the built-in ``list`` is parsed from its
    text by ``tokenize`` (its pattern compiled on a cold start, ~3 ms)."""
    return []


class Fonts(_Tokens):
    regular: str
    bold: str
    italic: str
    bold_italic: str
    fallbacks: list[str] = Field(default_factory=_no_fallbacks)


class TypeScale(_Tokens):
    body: Size
    leading: Size
    title: Size
    subtitle: Size
    heading: Size
    bluf: Size
    small: Size
    banner: Size
    figure: Size
    floor_body: Size = 8.0
    floor_small: Size = 6.5


class Colours(_Tokens):
    ink: Hex
    muted: Hex
    accent: Hex
    banner_fill: Hex
    banner_ink: Hex
    bluf_fill: Hex
    bluf_rule: Hex
    sidebar_fill: Hex
    claims_rule: Hex
    claims_fill: Hex
    analysis_fill: Hex
    analysis_rule: Hex
    analysis_ink: Hex
    rule: Hex
    #: what changed since the previous edition: the change bars and the box's rule and label
    change_rule: Hex = "#0e7c86"
    #: the tint of the "What changed since edition N" box
    change_fill: Hex = "#eef7f7"


class PageTokens(_Tokens):
    margin_mm: Size
    gutter_mm: Size
    sidebar_fraction: Size
    sidebar_side: Literal["right", "left", "none"] = "right"
    banner_height_mm: Size
    #: between the marking banner and the page's content below it (mm)
    banner_gap_mm: Size = 2.0
    footer_height_mm: Size


class Spacing(_Tokens):
    paragraph: Size
    section: Size
    block_padding: Size
    rule: Size
    accent_rule: Size
    #: the accent bar along the top of the sidebar (pt; like the other rules, not scaled)
    sidebar_rule: Size = 1.6
    #: the most white, in lines of body text, a block may leave above itself at the foot of
    #: the column beside the sidebar; past it the column runs on to take the block
    band_lines: Size = 0.5
    #: the most white (mm) a block that stays whole may leave at a page's foot when it moves
    #: to the next page (fit: flow); past it, it splits there (a box repeats its label)
    page_hole_mm: Size = 15.0


class ChartTokens(_Tokens):
    """How charts are proportioned. Lengths are multiples of a type size (the body size for a
    chart's height and rows, the chart's label size for what is set in labels), so a chart
    shrinks with the type when the fit shrinks the page; shares are of the chart's width."""

    height: Size = 13.0  # a bar or line chart: plot, ticks and unit, in body sizes
    bar_row: Size = 2.4  # a barh chart: one bar and the gap to the next, in body sizes
    row_gap: Size = 0.8  # a barh chart: between two bars' labels, in label sizes
    axis: Size = 3.4  # under a barh chart: the value axis, its numbers and unit, in body sizes
    label_leading: Size = 1.2  # a label's line height, in label sizes
    bar_label: Size = 0.9  # a bar's label wraps at this share of the width a bar has
    barh_label: Size = 0.3  # barh labels wrap at this share of the chart width
    date_label: Size = 3.2  # the width of a date tick's label ('28 Sep'), in label sizes
    tick_room: Size = 2.0  # the least room between date ticks, in widths of the widest label
    value_offset: Size = 0.45  # from a point or a bar's end to its value label, in label sizes
    grid_gap: Size = 0.35  # a grid line stops this far from a value label, in label sizes
    timeline_label: Size = 0.36  # a timeline label wraps at this share of the chart width
    timeline_inset: Size = 1.5  # from the chart's edge to the first and last date, in label sizes
    timeline_gap: Size = 0.6  # between two timeline labels, in label sizes
    dot: Size = 0.36  # a timeline dot's radius, in label sizes
    merge: Size = 1.5  # events closer than this many dot diameters share one mark
    stem: Size = 0.9  # a timeline's shortest stem, in label sizes
    tick: Size = 0.45  # a date tick's length, in label sizes
    caption_before: Size = 0.15  # between a chart and its caption, in body sizes
    caption_after: Size = 0.5  # after a chart's caption, in body sizes
    pad: Size = 0.3  # around a bar or line chart's plot, in label sizes
    bar_width: Size = 0.6  # a bar's thickness, as a share of its slot
    bar_edge: Size = 0.7  # a bar's outline, in rule widths
    bar_headroom: Size = 0.15  # above the highest bar, in shares of the values' span
    bar_footroom: Size = 0.12  # below the lowest bar, when one is negative, in shares of the span
    barh_headroom: Size = (
        0.22  # beyond the longest barh bar (its value label), in shares of the span
    )
    barh_footroom: Size = 0.2  # beyond the most negative barh bar, in shares of the span
    line_headroom: Size = 0.2  # above a line's highest point, in shares of the span
    line_footroom: Size = 0.1  # below a line's lowest point (all at or above zero), in shares
    line_footroom_negative: Size = 0.15  # ... and when one is below zero
    line_width: Size = 2.7  # a line chart's line, in rule widths
    marker: Size = 4.0  # a line chart's point marker, its diameter (pt)
    marker_edge: Size = 1.2  # a point marker's outline (pt)
    grid_width: Size = 0.8  # a grid line, in rule widths
    timeline_axis: Size = 2.0  # a timeline's axis, in rule widths
    timeline_stem: Size = 1.3  # a timeline's stems and its dots' outline, in rule widths
    timeline_baseline: Size = (
        0.22  # a timeline label's baseline above its line's centre, in label sizes
    )
    tile_top: Size = 0.7  # above a claim tile's text, in block paddings
    tile_bottom: Size = 0.9  # below a claim tile's text, in block paddings


class FurnitureTokens(_Tokens):
    """What every page carries around the flow (:mod:`briefing.render.furniture`): proportions
    of the type and the text width, and small gaps in points."""

    header_gap: Size = 1.2  # below the header band, in section spaces
    header_rule: Size = 2.0  # the rule under the header, in rule widths
    running_split: Size = 0.8  # share of the text width for the running title / footer text
    running_rule_gap: Size = 3.0  # from the running header to its rule
    footer_rule_gap: Size = 2.0  # from the footer band's top to its rule
    footer_drop: Size = 1.0  # the footer text below the band's centre
    banner_inset: Size = 4.0  # the marking's text from the banner's edge
    banner_lift: Size = 0.08  # the marking above the banner's centre, in type sizes
    tlp_padding: Size = 0.4  # around a TLP label's text, in type sizes
    tlp_height: Size = 1.3  # a TLP label's height, in type sizes
    tlp_baseline: Size = 0.32  # a TLP label's baseline above its box's foot, in type sizes
    tlp_gap: Size = 0.15  # a TLP label's distance from the banner, in margins ...
    tlp_gap_mm: Size = 2.0  # ... at most this


class BoxTokens(_Tokens):
    """The tinted boxes (bottom line, claims, analysis) and quotes, in block paddings (or
    rule widths, section spaces) so that they shrink with the fit's scale."""

    inset: Size = 1.3  # from the box's accent rule (or a quote's rule) to its text
    row_gap: Size = 0.35  # below each row
    top: Size = 0.8  # above the first row
    bottom: Size = 0.9  # below the last row
    label_gap: Size = 0.6  # around a label row on its own tint
    quote_rule: Size = 2.0  # a quote's rule, in rule widths
    quote_space: Size = 0.5  # above and below a quote
    chart_space: Size = 0.6  # above an untitled chart, in section spaces


class TableTokens(_Tokens):
    """Tables of a brief's sections (:mod:`briefing.layout.tables`)."""

    leading: Size = 1.25  # a cell's line height, in its type size (the note size)
    padding: Size = 0.5  # a cell's side padding, in block paddings
    top: Size = 0.5  # above a cell's text, in side paddings
    bottom: Size = 0.6  # below a cell's text, in side paddings
    head_rule: Size = 1.5  # the rule under the header row, in rule widths
    row_rule: Size = 0.6  # the rule between rows, in rule widths
    space_after: Size = 0.5  # after the table, in paragraph spaces
    note_after: Size = 1.0  # after the table's note, in paragraph spaces (as after a paragraph)


class StyleTokens(_Tokens):
    """The paragraph styles (:mod:`briefing.layout.styles`): sizes and leadings as multiples
    of the type size they belong to, spaces as multiples of the paragraph or section space, so
    that they follow the fit's scale."""

    heading_leading: Size = 1.2  # headings (section, claims, chart, sidebar), in their size
    title_leading: Size = 1.12  # the headline's line height, in its size
    subtitle_before: Size = 0.2  # above the subtitle, in its size
    meta_before: Size = 0.5  # above the date line, in note sizes
    org_after: Size = 0.3  # below the organisation's name, in note sizes
    heading_after: Size = 0.6  # below a section heading, in paragraph spaces
    bullet_indent: Size = 1.1  # a bullet's text from the margin, in body sizes
    bullet_hang: Size = 0.15  # a bullet's mark from the margin, in body sizes
    bullet_after: Size = 0.5  # after a bullet, in paragraph spaces
    bluf_label_after: Size = 1.0  # below the bottom line's label (pt)
    quote_size: Size = 1.02  # a quote's text, in body sizes
    quote_after: Size = 0.5  # after a quote's paragraph, in paragraph spaces
    chart_title_before: Size = 0.6  # above a chart's title, in section spaces
    chart_title_after: Size = 0.5  # below a chart's title, in paragraph spaces
    label_size: Size = 1.05  # a claims box's attribution and the analysis label, in note sizes
    side_value_size: Size = 0.96  # a key fact's value, in body sizes
    side_value_leading: Size = 1.25  # a key fact's value line height, in its size
    label_leading: Size = 1.25  # a key fact's label and a claim tile's label, in note sizes
    side_note_after: Size = 1.4  # after a sidebar source line, in paragraph spaces
    note_leading: Size = 1.2  # sidebar source lines and the footer, in note sizes
    smaller: Size = 0.95  # footers and sidebar source lines, in note sizes (above the floor)
    source_indent: Size = 2.2  # a source's hanging indent, in note sizes
    source_after: Size = 0.25  # after a source, in note sizes
    source_leading: Size = 1.3  # a source's line height, in note sizes
    banner_leading: Size = 1.1  # the marking's line height, in its size
    figure_leading: Size = 1.1  # a claim tile's large number, in its size


class FitTokens(_Tokens):
    """How the type and spaces follow the fit's scale (:meth:`Theme.scaled`): sizes and spaces
    scale with it, line height only in part, and none goes under its floor."""

    leading_fixed: Size = 0.94  # the line height is this share of itself ...
    leading_scaled: Size = 0.06  # ... plus this share times the scale
    leading_floor: Size = 1.18  # the least line height, in type sizes
    title_floor: Size = 1.6  # the least headline size, in body sizes
    figure_floor: Size = 1.5  # the least size of a claim tile's number, in body sizes
    padding_floor: Size = 3.0  # the least block padding (pt)


class ClaimsTokens(_Tokens):
    """The rows of a claims box (:mod:`briefing.layout.claims`). The rule and the paddings are
    in points and do not follow the fit's scale: the rule is a hairline that a smaller scale
    would thin below what an office printer prints, and the rows' paddings are already the
    least that keeps a rule off the text's ascenders and descenders; the fit shrinks the rows
    through their type."""

    label_share: Size = 0.62  # the label column's share of the box's width (the figure: the rest)
    rule: Size = 0.4  # the rule between rows (pt)
    top: Size = 2.0  # above a row's text (pt)
    bottom: Size = 2.5  # below a row's text (pt)


class EditionTokens(_Tokens):
    """What a brief shows of the edition it supersedes (:mod:`briefing.layout.edition`): the
    "What changed since edition N" box and the change bars beside changed parts."""

    bar_width: Size = 2.0  # a change bar's thickness (pt; not scaled: it must print)
    bar_gap: Size = 4.0  # from the column's edge (where its lines begin) to the bar (pt)
    line_size: Size = 0.95  # a line of the box, in body sizes (never under the note floor)
    box_space: Size = 0.6  # above the box (below the bottom line), in section spaces
    limit: int = Field(8, ge=2, le=99)  # the most lines the box lists before counting the rest
    #: the most a one-page brief's box may shrink the page, as a share of the scale the page
    #: has with the shortest box; past it the box lists fewer lines, the last counting the rest
    give_way: float = Field(0.05, ge=0.0, le=0.5)


class Theme(_Tokens):
    """All tokens of one theme. ``folder`` is where its font and logo files are looked up."""

    name: str
    fonts: Fonts
    type: TypeScale
    colours: Colours
    page: PageTokens
    spacing: Spacing
    charts: ChartTokens = Field(default_factory=ChartTokens)
    logo: str | None = None
    folder: str = ""
    #: the theme file as messages name it, and where each font key's value stands in it
    #: (key such as ``regular`` or ``fallbacks[0]`` -> line, column); set by the reader
    file: str = ""
    font_positions: dict[str, tuple[int, int]] = Field(default_factory=dict)
    #: banner colours by classification level (UNCLASSIFIED, CUI, CONFIDENTIAL, SECRET,
    #: TOP SECRET), overriding the conventional ones (see :mod:`briefing.markings`)
    markings: dict[str, Hex] = Field(default_factory=dict)
    #: false for a theme in black and white: every banner takes the theme's own banner colour,
    #: which signals no level (the level is in the banner's words)
    level_colours: bool = True
    furniture: FurnitureTokens = Field(default_factory=FurnitureTokens)
    boxes: BoxTokens = Field(default_factory=BoxTokens)
    tables: TableTokens = Field(default_factory=TableTokens)
    styles: StyleTokens = Field(default_factory=StyleTokens)
    fit: FitTokens = Field(default_factory=FitTokens)
    claims: ClaimsTokens = Field(default_factory=ClaimsTokens)
    editions: EditionTokens = Field(default_factory=EditionTokens)

    def scaled(self, factor: float) -> Theme:
        """The same theme with type and spacing scaled by ``factor`` (never below the floors)."""
        t, f = self.type, self.fit
        body = max(t.body * factor, t.floor_body)
        small = max(t.small * factor, t.floor_small)
        sizes = {
            "body": body,
            "small": small,
            "leading": max(
                t.leading * (f.leading_fixed + f.leading_scaled * factor), f.leading_floor
            ),
            "title": max(t.title * factor, body * f.title_floor),
            "subtitle": max(t.subtitle * factor, body),
            "heading": max(t.heading * factor, body),
            "bluf": max(t.bluf * factor, body),
            "banner": max(t.banner * factor, small),
            "figure": max(t.figure * factor, body * f.figure_floor),
        }
        s = self.spacing
        spacing = {
            "paragraph": s.paragraph * factor,
            "section": s.section * factor,
            "block_padding": max(s.block_padding * factor, f.padding_floor),
        }
        return self.model_copy(
            update={
                "type": t.model_copy(update=sizes),
                "spacing": s.model_copy(update=spacing),
            }
        )

    def greyed(self) -> Theme:
        """The theme in greys of the same lightness, for black-and-white printers."""

        def grey(hex_colour: str) -> str:
            r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
            level = round(0.2126 * r + 0.7152 * g + 0.0722 * b)
            return f"#{level:02x}{level:02x}{level:02x}"

        colours = {k: grey(v) for k, v in self.colours}  # (name, value) pairs: no serializer
        return self.model_copy(update={"colours": self.colours.model_copy(update=colours)})


@cache
def assets_dir() -> Path:
    """The project's assets: inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "assets", here.parent.parent / "assets"):
        if (candidate / "themes").is_dir():
            return candidate
    raise RuntimeError("briefing's assets folder is missing; reinstall the package")


BUILTIN_THEMES = ("default", "print")
