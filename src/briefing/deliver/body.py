"""The whole brief in the words of an e-mail: its subject, a plain-text part and an HTML part.

Every section in the author's order (text, bullets, quotes, tables as aligned text and as real
HTML tables, figure captions), every party's claims under its attribution, every chart (its
title, its values in words as the figure's alternative text says them, and its caption), every
timeline event with its date, every analysis under its label, the sources with their numbers
and the TLP label. Pure: text in, text out.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from briefing.charts.alt import describe_chart
from briefing.charts.series import resolve
from briefing.editions.words import edition_line, edition_words
from briefing.markings import TLP_BACKGROUND, TLP_COLOURS
from briefing.materials.cells import alignments, plain_rows
from briefing.materials.citations import plain_citations, printed
from briefing.materials.text import paragraphs, plain
from briefing.model import (
    CONFIDENCE_WORDS,
    TLP_LABELS,
    Analysis,
    Brief,
    Chart,
    Claim,
    Claims,
    Figure,
    Quote,
    Section,
    Table,
    attribution,
    item_attribution,
)
from briefing.numbers import format_date, format_figure

# --------------------------------------------------------------------------- message


def subject_of(brief: Brief) -> str:
    """``[TLP:AMBER] [MARKING] Title — as of 14 March 2016`` (no brackets for what is unset),
    and for an edition of a series `` — edition 3``."""
    tlp = f"[{TLP_LABELS[brief.tlp]}] " if brief.tlp else ""
    marking = f"[{brief.marking}] " if brief.marking else ""
    edition = f" — {edition_words(brief.edition)}" if brief.edition is not None else ""
    return f"{tlp}{marking}{plain(brief.title)} — as of {format_date(brief.date)}{edition}"


@dataclass(frozen=True)
class Changed:
    """What changed since the previous edition, as the e-mail begins with it: the previous
    edition's number (None if it has none) and the lines of
    :func:`briefing.editions.compare.summary`."""

    previous: int | None
    lines: tuple[str, ...]

    @property
    def heading(self) -> str:
        since = f"edition {self.previous}" if self.previous is not None else "the previous edition"
        return f"What changed since {since}"


def _changed_plain(changed: Changed | None) -> list[str]:
    if changed is None:
        return []
    lines = [changed.heading.upper()]
    lines += [f"- {line}" for line in changed.lines] or ["Nothing changed."]
    return [*lines, ""]


def _changed_html(changed: Changed | None) -> list[str]:
    if changed is None:
        return []
    e = html.escape
    out = [f"<h2>{e(changed.heading)}</h2>"]
    if changed.lines:
        out += ["<ul>", *(f"<li>{e(line)}</li>" for line in changed.lines), "</ul>"]
    else:
        out.append("<p>Nothing changed.</p>")
    return out


def _p(brief: Brief, text: str) -> str:
    """Brief text as a reader sees it: marks removed, citations as source numbers."""
    return plain(plain_citations(text, brief.source_numbers))


def _cited(brief: Brief, ids: list[str] | None) -> str:
    found = printed(ids or (), brief.source_numbers)
    return f" {found}" if found else ""


def _claim_line(c: Claims, i: Claim, brief: Brief) -> str:
    line = f"{plain(i.label)}: {format_figure(i.value, i.qualifier, i.unit)}"
    if i.as_of is not None and i.as_of != brief.date:
        line += f" (as of {format_date(i.as_of)})"
    if i.status and i.status != c.status:
        line += f" ({item_attribution(i.status, c.source)})"
    return line + _cited(brief, i.cite)


def _analysis_label(a: Analysis) -> str:
    label = f"{plain(a.title).upper()}: {plain(a.label)}"
    if a.confidence:
        label += f" · {CONFIDENCE_WORDS[a.confidence]}"
    return label


def _quote_lines(brief: Brief, q: Quote) -> list[str]:
    who = ", ".join(
        part
        for part in (plain(q.speaker), plain(q.role or ""), format_date(q.date) if q.date else "")
        if part
    )
    if q.context:
        who += f" ({_p(brief, q.context)})"
    return [f"“{_p(brief, q.text)}”", f"  — {who}"]


def _aligned(rows: list[list[str]], right: list[bool]) -> list[str]:
    """A table as lines of text in columns (for the plain-text part)."""
    widths = [max(len(row[c]) for row in rows) for c in range(len(rows[0]))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            cell.rjust(widths[c]) if right[c] else cell.ljust(widths[c])
            for c, cell in enumerate(row)
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return lines


def _section_plain(brief: Brief, section: Section) -> list[str]:
    """A section's content as plain text, in the author's order."""
    lines = ["", plain(section.heading).upper()]
    for block in section.blocks:
        if block.text:
            lines += [_p(brief, para) for para in paragraphs(block.text)]
        if block.bullets:
            lines += [f"- {_p(brief, b)}" for b in block.bullets]
        if block.quote:
            lines += _quote_lines(brief, block.quote)
        if block.table:
            t = block.table
            if t.title:
                lines.append(_p(brief, t.title))
            right = [a == "right" for a in alignments(t)]
            lines += _aligned([[_p(brief, c) for c in row] for row in plain_rows(t)], right)
            note = (_p(brief, t.note) if t.note else "") + _cited(brief, t.cite)
            if note.strip():
                lines.append(note.strip())
        if block.figure:
            lines.append(_figure_caption(brief, block.figure))
    return lines


def _figure_caption(brief: Brief, f: Figure) -> str:
    parts = [f"[Figure: {plain(f.alt)}]"]
    if f.caption:
        parts.append(_p(brief, f.caption))
    if f.credit:
        parts.append(f"Credit: {plain(f.credit)}")
    return " ".join(parts) + _cited(brief, f.cite)


def _chart_lines(brief: Brief, chart: Chart) -> tuple[str, str]:
    """A chart in words: its title and values (the figure's alternative text), its caption."""
    return f"Chart: {describe_chart(brief, chart)}", plain(resolve(brief, chart).caption)


def _timeline(brief: Brief) -> list[tuple[str, str]]:
    """Every event of the timeline, in date order: (its date, its text)."""
    return [
        (format_date(e.date), _p(brief, e.event))
        for e in sorted(brief.timeline or (), key=lambda e: e.date)
    ]


def plain_body(brief: Brief, changed: Changed | None = None, closing: bool = True) -> str:
    """The brief in plain text: its handling labels, then what changed since the previous
    edition (``changed``), then the brief; with ``closing``, what the message is (its TLP
    label) and that the PDF is attached (a pack's message says that once, for the pack)."""
    lines = [*_changed_plain(changed), plain(brief.title)]
    if brief.marking:
        lines.insert(0, brief.marking)
    if brief.tlp:
        lines.insert(0, TLP_LABELS[brief.tlp])
    lines.append(f"As of {format_date(brief.date)}")
    if brief.edition is not None:
        lines.append(edition_line(brief.edition))
    lines += ["", "BOTTOM LINE"]
    lines += [_p(brief, p) for p in paragraphs(brief.summary)]
    if brief.key_facts:
        lines += ["", "KEY FACTS"]
        lines += [
            f"- {plain(f.label)}: {_p(brief, f.value)}" + _cited(brief, f.cite)
            for f in brief.key_facts
        ]
    if brief.timeline:
        lines += ["", "TIMELINE"]
        lines += [f"- {when}: {what}" for when, what in _timeline(brief)]
    for section in brief.sections or ():
        lines += _section_plain(brief, section)
    for c in brief.claims:
        lines += [
            "",
            plain(c.title).upper(),
            attribution(c.status, c.source) + _cited(brief, c.cite),
        ]
        lines += [f"- {_claim_line(c, i, brief)}" for i in c.items]
        if c.note:
            lines.append(_p(brief, c.note))
    for chart in brief.charts or ():
        words, caption = _chart_lines(brief, chart)
        lines += ["", words] + ([caption] if caption else [])
    for a in brief.analysis:
        lines += ["", _analysis_label(a)]
        lines += [f"- {_p(brief, p)}" for p in a.points]
        lines.append(f"Source of this opinion: {plain(a.source)}")
    if brief.sources:
        lines += ["", "SOURCES"]
        for n, s in enumerate(brief.sources, 1):
            parts = [plain(s.title), s.publisher or "", format_date(s.date) if s.date else ""]
            lines.append(
                f"[{n}] " + ". ".join(p for p in parts if p) + (f" {s.url}" if s.url else "")
            )
    if closing and brief.tlp:
        lines += ["", f"This message is {TLP_LABELS[brief.tlp]}."]
    if closing:
        lines += ["", "The full briefing is attached as a PDF."]
    return "\n".join(lines) + "\n"


def _section_html(brief: Brief, section: Section) -> list[str]:
    e = html.escape
    out = [f"<h2>{e(plain(section.heading))}</h2>"]
    for block in section.blocks:
        if block.text:
            out += [f"<p>{e(_p(brief, para))}</p>" for para in paragraphs(block.text)]
        if block.bullets:
            out.append("<ul>" + "".join(f"<li>{e(_p(brief, b))}</li>" for b in block.bullets))
            out.append("</ul>")
        if block.quote:
            quote, who = _quote_lines(brief, block.quote)
            out.append(f"<blockquote><p>{e(quote)}</p><p>{e(who.strip())}</p></blockquote>")
        if block.table:
            out += _table_html(brief, block.table)
        if block.figure:
            out.append(f"<p><em>{e(_figure_caption(brief, block.figure))}</em></p>")
    return out


def _table_html(brief: Brief, t: Table) -> list[str]:
    e = html.escape
    aligns = alignments(t)
    rows = plain_rows(t)
    out = ['<table border="1" cellpadding="4" style="border-collapse: collapse">']
    if t.title:
        out.append(f"<caption>{e(_p(brief, t.title))}</caption>")
    out.append(
        "<thead><tr>"
        + "".join(
            f'<th style="text-align: {a}">{e(_p(brief, c))}</th>'
            for c, a in zip(rows[0], aligns, strict=True)
        )
        + "</tr></thead><tbody>"
    )
    for row in rows[1:]:
        out.append(
            "<tr>"
            + "".join(
                f'<td style="text-align: {a}">{e(_p(brief, c))}</td>'
                for c, a in zip(row, aligns, strict=True)
            )
            + "</tr>"
        )
    out.append("</tbody></table>")
    note = (_p(brief, t.note) if t.note else "") + _cited(brief, t.cite)
    if note.strip():
        out.append(f"<p><small>{e(note.strip())}</small></p>")
    return out


def html_handling(tlp: str | None, marking: str | None) -> list[str]:
    """The TLP label (its colour on black, as printed) and the marking, first in an HTML body
    (a brief's, or a pack's with its roll-up)."""
    e = html.escape
    out = []
    if tlp:
        out.append(
            f'<p><span style="background: {TLP_BACKGROUND}; color: {TLP_COLOURS[tlp]}; '
            f'font-weight: bold; padding: 2px 6px">{e(TLP_LABELS[tlp])}</span></p>'
        )
    if marking:
        out.append(f"<p><strong>{e(marking)}</strong></p>")
    return out


def html_body(brief: Brief, changed: Changed | None = None, closing: bool = True) -> str:
    """The brief in HTML, in the order of :func:`plain_body`."""
    e = html.escape
    out = ['<!DOCTYPE html><html><body style="font-family: sans-serif">']
    out += html_handling(brief.tlp, brief.marking)
    out += _changed_html(changed)
    out.append(f"<h1>{e(plain(brief.title))}</h1><p>As of {e(format_date(brief.date))}</p>")
    if brief.edition is not None:
        out.append(f"<p>{e(edition_line(brief.edition))}</p>")
    out.append("<h2>Bottom line</h2>")
    out += [f"<p>{e(_p(brief, p))}</p>" for p in paragraphs(brief.summary)]
    if brief.key_facts:
        out.append("<h2>Key facts</h2><ul>")
        for f in brief.key_facts:
            value = _p(brief, f.value) + _cited(brief, f.cite)
            out.append(f"<li><strong>{e(plain(f.label))}:</strong> {e(value)}</li>")
        out.append("</ul>")
    if brief.timeline:
        out.append("<h2>Timeline</h2><ul>")
        for when, what in _timeline(brief):
            out.append(f"<li><strong>{e(when)}:</strong> {e(what)}</li>")
        out.append("</ul>")
    for section in brief.sections or ():
        out += _section_html(brief, section)
    for c in brief.claims:
        words = attribution(c.status, c.source) + _cited(brief, c.cite)
        out.append(f"<h2>{e(plain(c.title))}</h2><p><em>{e(words)}</em></p><ul>")
        out += [f"<li>{e(_claim_line(c, i, brief))}</li>" for i in c.items]
        out.append("</ul>")
        if c.note:
            out.append(f"<p>{e(_p(brief, c.note))}</p>")
    for chart in brief.charts or ():
        words, caption = _chart_lines(brief, chart)
        out.append(f"<p>{e(words)}</p>")
        if caption:
            out.append(f"<p><small>{e(caption)}</small></p>")
    for a in brief.analysis:
        label = plain(a.label) + (f" · {CONFIDENCE_WORDS[a.confidence]}" if a.confidence else "")
        out.append(f"<h2>{e(plain(a.title))}</h2><p><strong>{e(label)}</strong></p><ul>")
        out += [f"<li>{e(_p(brief, p))}</li>" for p in a.points]
        out.append(f"</ul><p>Source of this opinion: {e(plain(a.source))}</p>")
    if brief.sources:
        out.append("<h2>Sources</h2><ol>")
        for s in brief.sources:
            parts = [plain(s.title), s.publisher or "", format_date(s.date) if s.date else ""]
            text = e(". ".join(p for p in parts if p))
            if s.url:
                text += f' <a href="{e(s.url, quote=True)}">{e(s.url)}</a>'
            out.append(f"<li>{text}</li>")
        out.append("</ol>")
    if closing and brief.tlp:
        out.append(f"<p>This message is {e(TLP_LABELS[brief.tlp])}.</p>")
    if closing:
        out.append("<p>The full briefing is attached as a PDF.</p>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"
