"""The key-facts sidebar: each fact with its source, the timeline when no chart draws it, and
the distribution; each group kept together on one page.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, Spacer

from briefing.layout.context import Context
from briefing.layout.edition import bar
from briefing.layout.tagging import tag
from briefing.materials.text import escape, paragraphs, to_markup
from briefing.model import Brief
from briefing.numbers import format_date


def has_sidebar(brief: Brief, timeline_drawn: bool) -> bool:
    """Whether the sidebar has anything to hold (else the main column takes its room)."""
    return bool(brief.key_facts or brief.distribution or (brief.timeline and not timeline_drawn))


def build_sidebar(ctx: Context, timeline_drawn: bool) -> list[list[Flowable]]:
    """Key facts, the timeline (when no chart draws it) and the distribution, in groups that
    are kept together; a heading travels with the first group under it."""
    b, st = ctx.brief, ctx.styles
    groups: list[list[Flowable]] = []
    if b.key_facts:
        sect = ctx.structure.add("Sect")  # tagging: label and value as a list item each
        heading: list[Flowable] = [
            tag(ctx.words("KEY FACTS", st.side_heading), sect.add("H2", bookmark="Key facts"))
        ]
        items = sect.add("L")
        for k, fact in enumerate(b.key_facts):
            item = items.add("LI")
            label, body = item.add("Lbl"), item.add("LBody")
            where = ("key_facts", k)  # a changed fact: a change bar beside its lines
            parts: list[Flowable] = [
                *heading,
                bar(ctx, tag(ctx.para(fact.label, st.side_label), label), where),
            ]
            parts += [
                bar(ctx, tag(ctx.para(p, st.side_value), body), where)
                for p in paragraphs(fact.value)
            ]
            note = f"Source: {ctx.markup(fact.source)}" if fact.source else ""
            if fact.cite:
                note = (note + ctx.cite(fact.cite)).strip()
            spacer = ctx.words(note, st.side_note)  # kept when empty: it spaces the facts
            parts.append(bar(ctx, tag(spacer, body), where) if note else spacer)
            groups.append(parts)
            heading = []
    if b.timeline and not timeline_drawn:
        sect = ctx.structure.add("Sect")
        heading = [tag(ctx.words("TIMELINE", st.side_heading), sect.add("H2"))]
        items = sect.add("L")
        for event in sorted(b.timeline, key=lambda e: e.date):
            item = items.add("LI")
            when = ctx.words(escape(format_date(event.date)).upper(), st.side_label)
            groups.append(
                [
                    *heading,
                    tag(when, item.add("Lbl")),
                    tag(ctx.para(event.event, st.side_value), item.add("LBody")),
                    Spacer(1, st.side_note.spaceAfter),
                ]
            )
            heading = []
    if b.distribution:
        sect = ctx.structure.add("Sect")
        names = ", ".join(to_markup(r.name, ctx.fonts) for r in b.distribution)
        groups.append(
            [
                tag(ctx.words("DISTRIBUTION", st.side_label), sect.add("H2")),
                tag(ctx.words(names, st.side_note), sect.add("P")),
            ]
        )
    return groups
