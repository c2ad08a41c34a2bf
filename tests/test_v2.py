"""Version 2 of the brief format, rendered: structure (text, links, attribution lines read
back from the PDF), placement (where labels and blocks land), pixels (colours and reviewed
references), and the e-mail's parts."""

from __future__ import annotations

import email
import re
from email.policy import default
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefing.deliver.mail import compose_message
from briefing.markings import banner_colours, level_of
from briefing.shell.cli import cli
from tests.conftest import (
    GENERATED,
    ROOT,
    brief_from,
    build_file,
    build_text,
    page_text,
    reader,
    text_boxes,
)
from tests.pixels import assert_matches, rasterise

HERE = Path(__file__).parent / "v2"

V2 = """\
title: Floods displace thousands in the river province
date: 2022-09-05
summary: The government reported 120,000 displaced [@mwr]; the IFRC's is higher [@ifrc; @mwr].
marking: SECRET // REL TO PARTNERS
tlp: amber
sections:
  - heading: What the parties say
    blocks:
      - quote: {text: We are doing all we can., speaker: A. Minister, role: Minister of Water}
      - bullets:
          - First point after the quote
          - Second point with <b>literal</b> & [@Foo] text
      - text: A paragraph that comes last, as the author wrote it [@ifrc].
  - heading: Stocks
    blocks:
      - table:
          title: Relief stocks by warehouse
          columns: [Warehouse, Tents, Water (litres)]
          rows:
            - [Sukkur, 12000, 450000]
            - [Hyderabad, 8500, 300000]
          note: Stocks on 1 September.
          cite: [ifrc]
      - figure:
          image: bars.svg
          alt: Two bars comparing centrifuge counts
          caption: A vector figure with its text as text.
          credit: The desk
          width: 0.7
claims:
  - source: Ministry of Water Resources
    title: Figures reported by the government
    status: reported
    cite: [mwr]
    items:
      - {label: People displaced, measure: displaced, value: 120000, as_of: 2022-09-02}
      - {label: Inflation, value: 3.67, unit: "%"}
  - source: IFRC
    status: claimed
    items:
      - {label: People displaced (estimate), measure: displaced, value: [150000, 200000]}
      - {label: Time to drain, value: [2, 3], unit: months, cite: [ifrc]}
charts:
  - type: barh
    title: People displaced, by who reports them
    from: claims
    measure: displaced
analysis:
  - label: Opinion of the Desk — assessment, not established fact
    source: Desk
    confidence: moderate
    points: [The gap between the figures is one of method.]
  - label: Opinion of Dr A. Expert — commentary, not verified fact
    source: Dr A. Expert
    points: [Displacement will rise as the water spreads.]
key_facts:
  - {label: Districts flooded, value: "81", cite: [mwr]}
sources:
  - {id: mwr, title: Flood bulletin no. 12, publisher: Ministry of Water Resources}
  - {id: ifrc, title: Emergency appeal, publisher: IFRC}
distribution:
  - {name: Desk, email: desk@example.org}
"""


@pytest.fixture(scope="module")
def v2_pdf() -> bytes:
    return build_text(V2, base=HERE).pdf


def flat(text: str) -> str:
    return " ".join(text.split())


# --------------------------------------------------------------------------- structure


def test_each_party_has_its_own_attribution_line(v2_pdf: bytes) -> None:
    text = flat(page_text(v2_pdf))
    government = "Reported by Ministry of Water Resources — not independently verified [1]"
    ifrc = "Claimed by IFRC — not independently verified"
    assert government in text and ifrc in text
    # two groups, in the author's order, never one attribution for both
    assert text.index("Figures reported by the government") < text.index(government)
    assert text.index(government) < text.index("People displaced") < text.index(ifrc)
    assert text.count("Claimed by IFRC — not independently verified") >= 1


def test_ranges_percentages_and_as_of_are_printed(v2_pdf: bytes) -> None:
    text = flat(page_text(v2_pdf))
    assert "150,000–200,000" in text
    assert "2–3 months" in text
    assert "3.67%" in text
    assert "as of 2 September 2022" in text


def test_analyses_are_separate_labelled_blocks_with_confidence(v2_pdf: bytes) -> None:
    text = flat(page_text(v2_pdf))
    desk = "Opinion of the Desk — assessment, not established fact · Moderate confidence"
    assert desk in text
    assert "Opinion of Dr A. Expert — commentary, not verified fact" in text
    assert "Source of this opinion: Desk" in text
    assert "Source of this opinion: Dr A. Expert" in text
    assert "Dr A. Expert — commentary, not verified fact · " not in text  # no confidence given


def test_section_blocks_print_in_the_authors_order(v2_pdf: bytes) -> None:
    text = flat(page_text(v2_pdf))
    quote = text.index("We are doing all we can.")
    bullet = text.index("First point after the quote")
    paragraph = text.index("A paragraph that comes last")
    assert quote < bullet < paragraph


def test_text_is_literal_and_a_non_citation_stays_text(v2_pdf: bytes) -> None:
    text = flat(page_text(v2_pdf))
    assert "Second point with <b>literal</b> & [@Foo] text" in text


def test_citations_print_as_numbers(v2_pdf: bytes) -> None:
    text = flat(page_text(v2_pdf))
    assert "120,000 displaced [1]" in text
    assert "higher [1, 2]" in text
    assert "as the author wrote it [2]" in text


def _internal_links(pdf: bytes) -> list[float]:
    """The top (y) of the place each internal link on page 1 goes to (all go to page 1)."""
    found = []
    page = reader(pdf).pages[0]
    for annot in page.get("/Annots") or []:
        dest = annot.get_object().get("/Dest")
        if dest is not None:
            assert dest[0].get_object() == page.get_object()
            found.append(float(dest[3]))
    return found


def test_citations_link_to_their_source_entries(v2_pdf: bytes) -> None:
    tops = _internal_links(v2_pdf)
    entries = {
        n: y
        for n in (1, 2)
        for x, y, t in text_boxes(v2_pdf)
        if t.startswith(f"[{n}]") and ("Flood bulletin" in t or "Emergency appeal" in t)
    }
    assert set(entries) == {1, 2}
    # a link for each number printed: [1] [1, 2] [2] [1] [2] [1] in the text
    assert len(tops) >= 6
    for top in tops:  # every link lands on the line of a source entry
        assert any(0 <= top - y <= 12 for y in entries.values()), top
    for y in entries.values():  # and each entry is linked to
        assert any(0 <= top - y <= 12 for top in tops)


def test_table_has_header_and_separated_numbers(v2_pdf: bytes) -> None:
    text = flat(page_text(v2_pdf))
    assert "Relief stocks by warehouse" in text
    assert "Warehouse Tents Water (litres)" in text
    assert "Sukkur 12,000 450,000" in text
    assert "Stocks on 1 September. [2]" in text


def test_figure_is_vector_with_text_caption_and_credit(v2_pdf: bytes) -> None:
    text = flat(page_text(v2_pdf))
    assert "Before the deal: about 19,000 installed" in text  # the SVG's own text, as text
    assert "A vector figure with its text as text. Credit: The desk" in text


def test_measure_chart_labels_each_party_with_its_status(v2_pdf: bytes) -> None:
    text = flat(page_text(v2_pdf))
    assert "People displaced, by who reports them" in text
    assert "Ministry of Water Resources (reported, unverified)" in text
    assert "IFRC (claimed, unverified)" in text
    assert "150,000–200,000" in text


def test_tlp_label_on_every_page_header_and_footer(v2_pdf: bytes) -> None:
    assert page_text(v2_pdf).count("TLP:AMBER") == 2


def test_a_version_1_brief_has_no_anchors_or_tlp() -> None:
    pdf = build_text(
        "title: T\ndate: 2016-03-14\nsummary: S [@X] and [@ x]\nsources: [{title: A}]\n"
    ).pdf
    assert "[@X] and [@ x]" in page_text(pdf)  # not ids: plain text
    assert not _internal_links(pdf) and "TLP:" not in page_text(pdf)


# --------------------------------------------------------------------------- placement


def test_tlp_label_is_right_aligned_above_the_header_and_below_the_footer(v2_pdf: bytes) -> None:
    page = reader(v2_pdf).pages[0]
    width, height = float(page.mediabox.width), float(page.mediabox.height)
    boxes = [(x, y) for x, y, t in text_boxes(v2_pdf) if "TLP:AMBER" in t]
    assert len(boxes) == 2
    ys = sorted(y for _, y in boxes)
    assert ys[0] < 40 and ys[1] > height - 40  # in the footer's and the header's margin
    banner = [y for _, y, t in text_boxes(v2_pdf) if "SECRET // REL TO PARTNERS" in t]
    assert ys[1] > max(banner) and ys[0] < min(banner)
    assert all(x > width / 2 for x, _ in boxes)  # right-aligned


def test_tlp_label_is_at_least_12_points() -> None:
    sizes: list[float] = []
    pdf = build_text(V2, base=HERE).pdf

    def visitor(text: str, cm: object, tm: list[float], font: object, size: float) -> None:
        if "TLP:" in text:
            sizes.append(size * abs(tm[0]))

    reader(pdf).pages[0].extract_text(visitor_text=visitor)
    assert sizes and min(sizes) >= 12


def test_long_table_splits_between_rows_and_repeats_its_header_in_flow() -> None:
    rows = "\n".join(f"            - [Row {n}, {n * 1000}]" for n in range(120))
    text = f"""\
title: Long table
date: 2022-09-05
summary: S
layout: {{fit: flow}}
sections:
  - heading: Stocks
    blocks:
      - table:
          columns: [Warehouse, Tents]
          rows:
{rows}
"""
    pdf = build_text(text).pdf
    pages = reader(pdf).pages
    assert len(pages) >= 2
    second = flat(pages[1].extract_text() or "")
    assert "Warehouse Tents" in second  # the header again at the top of the continuation
    assert "Row 119 119,000" in flat(page_text(pdf, len(pages) - 1))


def test_table_shrinks_with_the_one_page_fit() -> None:
    rows = "\n".join(f"            - [Row {n}, {n * 1000}]" for n in range(62))
    text = f"""\
title: Table that needs shrinking
date: 2022-09-05
summary: S
sections:
  - heading: Stocks
    blocks:
      - table:
          columns: [Warehouse, Tents]
          rows:
{rows}
"""
    built = build_text(text)
    assert built.pages == 1 and built.scale < 1.0


# --------------------------------------------------------------------------- pixels


def _pixel(pdf: bytes, x_pt: float, y_from_top_pt: float) -> tuple[int, int, int]:
    image = rasterise(pdf, dpi=72)
    r, g, b = image.getpixel((int(x_pt), int(y_from_top_pt)))
    return int(r), int(g), int(b)


def test_tlp_label_is_amber_on_black(v2_pdf: bytes) -> None:
    image = rasterise(v2_pdf, dpi=144)
    width, _ = image.size
    region = image.crop((width // 2, 0, width, 60))
    colours = {colour for _, colour in region.getcolors(maxcolors=1 << 20) or []}
    assert (0, 0, 0) in colours
    assert any(abs(r - 0xFF) < 8 and abs(g - 0xC0) < 12 and b < 20 for r, g, b in colours)


@pytest.mark.parametrize(
    ("marking", "fill"),
    [
        ("UNCLASSIFIED", "#2e6b3a"),
        ("CUI", "#502b85"),
        ("CONFIDENTIAL // NOFORN", "#0033a0"),
        ("SECRET // REL TO PARTNERS", "#c8102e"),
        ("TOP SECRET // SI", "#ff8c00"),
        ("INTERNAL — NOT FOR PUBLICATION", "#2e6b3a"),  # the theme's banner colour
    ],
)
def test_banner_takes_the_colour_of_its_level(marking: str, fill: str) -> None:
    pdf = build_text(f"title: T\ndate: 2016-03-14\nsummary: S\nmarking: {marking}\n").pdf
    image = rasterise(pdf, dpi=72)
    # the top banner: 13 mm margin, 5.2 mm high; sample its left end (no text there)
    r, g, b = image.getpixel((45, int(13 / 25.4 * 72 + 5.2 / 25.4 * 72 / 2)))
    expected = tuple(int(fill[i : i + 2], 16) for i in (1, 3, 5))
    assert max(abs(a - e) for a, e in zip((r, g, b), expected, strict=True)) <= 3


def test_levels_are_recognised_by_their_start_only() -> None:
    assert level_of("TOP SECRET//SI") == "TOP SECRET"
    assert level_of("secret // rel") == "SECRET"
    assert level_of("SECRETARIAT USE") is None
    assert level_of("NOT SECRET") is None


def test_a_theme_cannot_colour_a_level_like_a_lower_one() -> None:
    sneaky = {"SECRET": "#2E6B3A"}  # UNCLASSIFIED green
    assert banner_colours("SECRET", "#123456", "#ffffff", sneaky).fill == "#c8102e"
    own = {"SECRET": "#aa0000"}
    assert banner_colours("SECRET", "#123456", "#ffffff", own).fill == "#aa0000"


def test_v2_page_matches_reviewed_reference(v2_pdf: bytes) -> None:
    assert_matches(rasterise(v2_pdf, dpi=36), "pages/v2-features.png", tolerance=2.0)


def test_v2_example_builds_to_one_page_and_matches_reference() -> None:
    path = ROOT / "briefs" / "iran-nuclear-deal.yaml"
    built = build_file(path)
    assert built.pages == 1
    text = flat(page_text(built.pdf))
    for needle in (
        "Claimed by the US administration — not independently verified [3, 4]",
        "Claimed by congressional opponents — disputed",
        "100–150 billion US$",
        "2–3 months",
        "Moderate confidence",
        "Low confidence",
        "TLP:GREEN",
    ):
        assert needle in text, needle
    assert_matches(rasterise(built.pdf, dpi=36), "pages/iran-nuclear-deal.png", tolerance=2.0)


# --------------------------------------------------------------------------- e-mail


def _message(text: str, to: list[str] | None = None) -> email.message.EmailMessage:
    brief = brief_from(text)
    raw = compose_message(
        brief,
        b"%PDF-1.4",
        "floods",
        "desk@example.org",
        to or ["desk@example.org"],
        [],
        GENERATED,
    )
    return email.message_from_bytes(raw.as_bytes(), policy=default)  # type: ignore[return-value]


def test_email_carries_the_whole_brief() -> None:
    message = _message(V2)
    assert message["Subject"].startswith("[TLP:AMBER] [SECRET // REL TO PARTNERS] Floods")
    plain = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for body in (plain, html):
        assert "TLP:AMBER" in body
        assert "Reported by Ministry of Water Resources — not independently verified [1]" in body
        assert "Claimed by IFRC — not independently verified" in body
        assert "150,000–200,000" in body and "3.67%" in body
        assert "Moderate confidence" in body
        assert "Opinion of Dr A. Expert" in body
        assert "We are doing all we can." in body
        assert "A vector figure with its text as text." in body
        assert "[1] Flood bulletin no. 12" in body or "Flood bulletin no. 12" in body
    # sections in the author's order, in both parts
    for body in (plain, html):
        assert body.index("We are doing all we can") < body.index("First point after the quote")
        assert body.index("First point after the quote") < body.index("A paragraph that comes")
    # tables: a real table in HTML, aligned columns in plain text
    assert "<table" in html and "<th" in html and ">450,000</td>" in html
    assert re.search(r"Sukkur\s+12,000\s+450,000", plain)
    lines = plain.splitlines()
    header = next(line for line in lines if line.startswith("Warehouse"))
    row = next(line for line in lines if line.startswith("Sukkur"))
    assert len(header) == len(row)  # right-aligned numbers end in the same column
    assert "&lt;b&gt;literal&lt;/b&gt;" in html  # brief text is escaped, never markup


def test_email_of_a_version_1_brief_has_its_sections() -> None:
    text = (ROOT / "briefs" / "syria-withdrawal.yaml").read_text(encoding="utf-8")
    message = _message(text)
    plain = message.get_body(("plain",)).get_content()
    assert not message["Subject"].startswith("[TLP")
    assert "Claimed by Russian Ministry of Defence — not independently verified" in plain


RED = V2.replace("tlp: amber", "tlp: red")


def _send(tmp_path: Path, *args: str) -> tuple[int, str]:
    """``briefing send`` of a TLP:RED brief, run inside ``tmp_path`` (it writes output/ there)."""
    (tmp_path / "bars.svg").write_bytes((HERE / "bars.svg").read_bytes())
    path = tmp_path / "red.yaml"
    path.write_text(RED, encoding="utf-8")
    env = {
        "SOURCE_DATE_EPOCH": "1777900000",
        "BRIEFING_SMTP_FROM": "desk@example.org",
        "BRIEFING_SMTP_HOST": "127.0.0.1",
        "BRIEFING_SMTP_PORT": "9",  # nothing listens: the refusal must come first
        "BRIEFING_SMTP_SECURITY": "none",
    }
    result = CliRunner().invoke(cli, ["send", str(path), *args], env=env)
    return result.exit_code, result.stderr


def test_tlp_red_refuses_an_address_outside_the_distribution(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    eml = tmp_path / "m.eml"
    code, err = _send(tmp_path, "--to", "someone@example.com", "--dry-run", "-o", str(eml))
    assert code == 5 and "TLP:RED" in err and "someone@example.com" in err
    assert not eml.exists()
    code, err = _send(tmp_path, "--cc", "boss@example.com")
    assert code == 5 and "boss@example.com" in err and "connect" not in err.lower()


def test_tlp_red_allows_the_distribution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    eml = tmp_path / "m.eml"
    code, err = _send(tmp_path, "--to", "Desk <desk@example.org>", "--dry-run", "-o", str(eml))
    assert code == 0, err
    message = email.message_from_bytes(eml.read_bytes(), policy=default)
    assert message["Subject"].startswith("[TLP:RED]")


# --------------------------------------------------------------------------- figures, errors

RASTER = """\
title: Raster figure
date: 2022-09-05
summary: S
sections:
  - heading: Picture
    blocks:
      - figure: {image: red.png, alt: A red rectangle, caption: A raster picture., width: 0.4}
"""


def test_raster_figure_is_an_image_with_its_caption() -> None:
    from tests.conftest import images_and_links

    pdf = build_text(RASTER, base=HERE).pdf
    images, _ = images_and_links(pdf)
    assert images == 1
    assert "A raster picture." in page_text(pdf)


def test_a_figure_that_is_not_an_image_is_a_positioned_error(tmp_path: Path) -> None:
    (tmp_path / "red.png").write_text("not a picture", encoding="utf-8")
    path = tmp_path / "brief.yaml"
    path.write_text(RASTER, encoding="utf-8")
    result = CliRunner().invoke(cli, ["build", str(path), "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1, result.stderr
    assert "brief.yaml:7:" in result.stderr
    assert "sections[0].blocks[0].figure.image: image 'red.png': is not a PNG" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_json_reports_v2_errors_with_positions(tmp_path: Path) -> None:
    import json

    path = tmp_path / "bad.yaml"
    path.write_text(
        "title: T\ndate: 2022-09-05\nsummary: Cited [@nope].\ntlp: purple\n"
        "sources: [{id: real, title: A}]\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["check", "--format", "json", str(path)])
    assert result.exit_code == 1
    found = json.loads(result.stdout)
    by_field = {d["field"]: d for d in found}
    assert by_field["tlp"]["line"] == 4 and by_field["tlp"]["column"] == 6
    cited = by_field["summary"]  # reported although tlp is invalid too
    assert (cited["line"], cited["column"]) == (3, 17)
    assert cited["hint"] == "did you mean 'real'?"


def test_a_theme_file_can_give_a_level_its_own_colour(tmp_path: Path) -> None:
    theme = (ROOT / "assets" / "themes" / "default.yaml").read_text(encoding="utf-8")
    theme = theme.replace("name: default", "name: house")
    (tmp_path / "house.yaml").write_text(
        theme + 'markings: {SECRET: "#aa0000", CONFIDENTIAL: "#2e6b3a"}\n', encoding="utf-8"
    )
    for marking, expected in (("SECRET", (0xAA, 0, 0)), ("CONFIDENTIAL", (0x00, 0x33, 0xA0))):
        path = tmp_path / f"{marking}.yaml"
        path.write_text(
            f"title: T\ndate: 2016-03-14\nsummary: S\nmarking: {marking}\n"
            "layout: {theme: house.yaml}\n",
            encoding="utf-8",
        )
        pdf = build_file(path).pdf
        pixel = rasterise(pdf, dpi=72).getpixel((45, int(13 / 25.4 * 72 + 5.2 / 25.4 * 36)))
        # CONFIDENTIAL may not take UNCLASSIFIED's green: it keeps its own blue
        assert max(abs(a - e) for a, e in zip(pixel, expected, strict=True)) <= 3, marking


def test_claims_and_analyses_land_in_the_main_column_facts_in_the_sidebar() -> None:
    built = build_text(V2, base=HERE)
    sidebar_x = built.frames["sidebar-1"][0]
    boxes = text_boxes(built.pdf)
    facts = [x for x, _, t in boxes if "KEY FACTS" in t]
    assert facts and all(x >= sidebar_x for x in facts)
    for needle in ("Reported by Ministry", "Claimed by IFRC", "Opinion of Dr A. Expert"):
        xs = [x for x, _, t in boxes if needle in t]
        assert xs and all(x < sidebar_x for x in xs), needle


def test_a_range_is_drawn_as_a_bar_and_a_lighter_extension() -> None:
    from briefing.charts.series import measure_series
    from briefing.charts.svg import render_svg
    from tests.worlds import MemoryWorld

    brief = brief_from(V2)
    assert brief.charts is not None
    series = measure_series(brief, brief.charts[0])
    assert series.values == [120000.0, 150000.0] and series.highs == [None, 200000.0]
    world = MemoryWorld(V2)
    theme = world.theme("default")
    files = world.font_files(theme)
    spec = {
        "type": "barh",
        "labels": series.labels,
        "values": series.values,
        "qualifiers": series.qualifiers,
        "statuses": series.statuses,
        "unit": series.unit,
        "highs": series.highs,
        "size": [300, 120],
        "font": 7.5,
        "wrap": 20,
        "colours": theme.colours.model_dump(),
        "rule": theme.spacing.rule,
        "fonts": [theme.fonts.regular, theme.fonts.bold],
    }
    svg = render_svg(spec, [files.regular.path, files.bold.path])
    assert theme.colours.rule in svg.lower()  # the extension to the high end
    assert "150,000–200,000" in svg  # labelled as a range, never one value


def test_figures_of_a_measure_are_one_tile_per_party() -> None:
    text = V2.replace("  - type: barh\n", "  - type: figures\n")
    pdf = build_text(text, base=HERE).pdf
    flat_text = flat(page_text(pdf))
    assert "Ministry of Water Resources (reported, unverified)" in flat_text
    assert "IFRC (claimed, unverified)" in flat_text


@pytest.mark.parametrize("marking", ["UNCLASSIFIED", "SECRET", "TOP SECRET // NOFORN"])
def test_the_black_and_white_theme_prints_every_level_on_its_black_banner(marking: str) -> None:
    """The print theme says level_colours: false: no banner in a colour (the words carry the
    level), so UNCLASSIFIED is not printed green on a black-and-white page."""
    pdf = build_text(
        f"title: T\ndate: 2016-03-14\nsummary: S\nmarking: {marking}\nlayout: {{theme: print}}\n"
    ).pdf
    pixel = rasterise(pdf, dpi=72).getpixel((45, int(13 / 25.4 * 72 + 5.2 / 25.4 * 36)))
    assert max(pixel) <= 40, (marking, pixel)
    assert marking.split(" //")[0] in page_text(pdf)


def test_a_figure_is_set_large_enough_that_its_text_keeps_the_type_floor() -> None:
    from reportlab.graphics.shapes import Drawing, Group, String

    from briefing.layout.figures import READ_SIZE, ScaledPicture, smallest_text

    drawing = Drawing(READ_SIZE, READ_SIZE / 2)
    inner = Group(String(10, 10, "label", fontSize=100))
    inner.scale(2, 2)  # drawn at 200 units
    drawing.add(inner)
    assert smallest_text(drawing) == 200
    small = ScaledPicture(drawing, 0.1, "a map", floor=6.5)
    width, _ = small.wrap(300, 800)
    assert small.smallest * small.scale == pytest.approx(6.5)  # set larger: its text at 6.5 pt
    assert 30 < width < 300
    roomy = ScaledPicture(drawing, 0.5, "a map", floor=6.5)
    roomy.wrap(300, 800)
    assert roomy.scale == pytest.approx(150 / READ_SIZE)  # its share already keeps the floor
    tiny = ScaledPicture(Drawing(READ_SIZE, 100, String(0, 0, "x", fontSize=2)), 0.2, "x", 6.5)
    tiny.wrap(300, 800)
    assert tiny.scale == pytest.approx(300 / READ_SIZE)  # at most the whole width
