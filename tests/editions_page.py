"""Building a brief's pages with a change list placed into its materials (the page of issue 21:
the "What changed since edition N" box and the change bars), for the tests of the page."""

from __future__ import annotations

from dataclasses import replace

from briefing.editions.changes import Change
from briefing.layout.fit import Layout
from briefing.layout.paging import fit_page, flow_pages
from briefing.pipeline import materials_for
from briefing.read import parse_brief
from briefing.render.pages import Rendered, render_pdf
from briefing.validate.checks import validate
from tests.worlds import MemoryWorld


def build_with_changes(
    text: str, changes: tuple[Change, ...], previous: int | None = 2
) -> tuple[Layout, Rendered]:
    """``text`` (a brief's YAML) laid out and rendered with ``changes`` since ``previous``."""
    world = MemoryWorld(text)
    brief = validate(parse_brief(text.encode(), "brief.yaml"), world)
    materials = replace(materials_for(brief, world), changes=changes, previous=previous)

    def render(layout: Layout, breaks: int) -> Rendered:
        return render_pdf(layout, world.now(), breaks)

    if brief.layout.fit == "flow":
        return flow_pages(materials, render)
    return fit_page(materials, render, None, "brief.yaml")
