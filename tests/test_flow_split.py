"""Every block kind splits (or moves on) at any offset of a page's foot in ``fit: flow``.

Each kind of block is slid down page 1 by ``n`` filler lines before it, ``n`` over a range
that takes it from wholly on page 1, through every line of the page's foot, to wholly on
page 2, on A4 and on Letter (their heights differ, so the foot falls between lines too).
Every brief must build (no splitting error, no exit 70 from the link tagging), print every
word of the block, and tie every link annotation into the structure tree.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pikepdf
import pytest
import yaml

from tests.conftest import all_text, build_text, page_text

ROOT = Path(__file__).resolve().parent.parent
FILES = ROOT / "tests" / "v2"  # red.png, for the figure

LEAD = "Filler text that runs on for a while as a briefing paragraph does, line after line. " * 20
SOURCES = """sources:
  - {id: src, title: Water board bulletin, publisher: Board, url: "https://example.org/x"}
"""
#: kind -> (a block of the section's ``blocks`` or None, top-level keys or "")
KINDS: dict[str, tuple[str | None, str]] = {
    "paragraph": (
        "      - text: "
        + " ".join(f"Paragraph{i} words run across several lines [@src]." for i in range(30)),
        "",
    ),
    "bullets": (
        "      - bullets: ["
        + ", ".join(
            f'"Bullet{i} says something that runs over one line of the column, and on [@src]"'
            for i in range(6)
        )
        + "]",
        "",
    ),
    "quote": (
        '      - quote: {text: "'
        + " ".join(f"Quoted{i} words run across the lines." for i in range(30))
        + '", speaker: Anna Speaker, role: Minister, context: "At a meeting [@src]"}',
        "",
    ),
    "table": (
        "      - table: {title: Stocks by place, columns: [Place, Tents, Water], rows: ["
        + ", ".join(f"[Place{i}, {i * 1000}, {i * 5000}]" for i in range(1, 16))
        + "], note: Stocks on the day, cite: [src]}",
        "",
    ),
    "figure": (
        "      - figure: {image: red.png, alt: A red square, caption: Figure1 red square, "
        "credit: Someone1, cite: [src]}",
        "",
    ),
    "claims": (
        None,
        "claims:\n  - title: What the ministry reports\n    source: Ministry of Water\n"
        "    status: reported\n    cite: [src]\n    note: Not checked by anyone else.\n"
        "    items:\n"
        + "".join(
            f"      - {{label: Item{i} counted, value: {i * 100}, unit: things, cite: [src]}}\n"
            for i in range(1, 10)
        )
        + "      - {label: Confirmed item, value: 5, status: confirmed}\n",
    ),
    "analysis": (
        None,
        "analysis:\n  label: Opinion of the Desk, not fact\n  source: Desk\n  points:\n"
        + "".join(
            f"    - Point{i} of the analysis says something long enough to run on for a line "
            "or two in the box [@src].\n"
            for i in range(1, 8)
        ),
    ),
    "chart": (
        None,
        "charts:\n  - type: bar\n    title: Bars of something\n"
        "    data: {labels: [Alpha1, Beta2, Gamma3], values: [1, 2, 3]}\n"
        "    source: A source of bars\n",
    ),
    "timeline": (
        None,
        "timeline:\n  - {date: 2020-01-01, event: Start1 of things}\n"
        "  - {date: 2020-06-01, event: Middle2 of things}\n"
        "  - {date: 2021-01-01, event: End3 of things}\n"
        "charts:\n  - {type: timeline, title: Timeline1 of things, from: timeline}\n",
    ),
    "key_facts": (
        None,
        "key_facts:\n"
        + "".join(
            f'  - {{label: Fact{i}, value: "Value of fact{i} is long enough [@src]", '
            "source: Someone}\n"
            for i in range(1, 9)
        ),
    ),
}
#: filler lines (about 34 fit below the lead on page 1): from the block wholly on page 1,
#: through every line of the page's foot, to the block wholly on page 2
OFFSETS = {"a4": range(6, 38), "letter": range(3, 35, 2)}


def slid(kind: str, n: int, paper: str) -> str:
    block, top = KINDS[kind]
    if kind == "key_facts":  # without a sidebar they follow the bottom line: slide that
        lines = "".join(f"\n    Filler {i}.\n" for i in range(n))
        return (
            f"title: Key facts slid down the page\ndate: 2024-01-01\nsummary: |\n    {LEAD}\n"
            + lines
            + SOURCES
            + top
            + f"layout: {{fit: flow, paper: {paper}, sidebar: none}}\n"
        )
    filler = "      - bullets: [" + ", ".join(f"Filler {i}" for i in range(n)) + "]\n" if n else ""
    return (
        "title: A block slid down the page\ndate: 2024-01-01\nsummary: One sentence.\n"
        + SOURCES
        + f"sections:\n  - heading: Lead\n    blocks:\n      - text: {LEAD}\n{filler}"
        + (block + "\n" if block else "      - text: The end of the section.\n")
        + top
        + f"layout: {{fit: flow, paper: {paper}, sidebar: none}}\n"
    )


def words_of(kind: str) -> set[str]:
    """The words of the block under test as the brief gives them (citations aside)."""
    block, top = KINDS[kind]
    data = yaml.safe_load(block.strip()[2:] if block else top)
    found: set[str] = set()

    def walk(value: object, key: str = "") -> None:
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in ("image", "type", "from", "status", "cite", "date", "alt"):
                    walk(v, k)
        elif isinstance(value, list):
            for v in value:
                walk(v, key)
        elif isinstance(value, str):
            found.update(re.findall(r"[A-Za-z]{3,}\d*", re.sub(r"\[@[a-z]+\]", "", value)))

    walk(data)
    return found


def links_are_tagged(pdf: bytes) -> tuple[int, int]:
    """(link annotations, those tied into the structure tree by a Link element)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        annots = [
            a for page in doc.pages for a in page.obj.get("/Annots", []) if a.Subtype == "/Link"
        ]
        tied = [a for a in annots if "/StructParent" in a]
        return len(annots), len(tied)


@pytest.mark.timeout(600)
@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_block_kind_splits_at_any_offset_of_a_pages_foot(kind: str, paper: str) -> None:
    wanted = words_of(kind)
    numbered = {word for word in wanted if word[-1].isdigit()}  # the block's own words
    assert numbered  # the checks below read something
    on_page_1: list[set[str]] = []
    for n in OFFSETS[paper]:
        built = build_text(slid(kind, n, paper), base=FILES)
        text = set(re.findall(r"[A-Za-z]{3,}\d*", all_text(built.pdf)))
        missing = wanted - text
        assert not missing, f"{kind}, {n} filler lines on {paper}: {sorted(missing)} not printed"
        annots, tied = links_are_tagged(built.pdf)
        assert annots == tied, f"{kind}, {n} filler lines: {annots - tied} links not tagged"
        on_page_1.append(numbered & set(re.findall(r"[A-Za-z]{3,}\d*", page_text(built.pdf))))
    # the range slid the block from wholly on page 1 to wholly on page 2
    assert on_page_1[0] == numbered and not on_page_1[-1], (on_page_1[0], on_page_1[-1])
