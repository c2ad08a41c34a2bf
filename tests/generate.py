"""A generator of valid briefs over the whole format, for tests/test_generated.py.

``briefs(options)`` is a Hypothesis strategy of :class:`Generated`: the brief's YAML *text* (so the
reader, with its line numbers, is exercised too), the files beside it (SVG, PNG and JPEG figures
drawn here), and what the brief puts on the page as text (``printed``: field path -> the plain
text the reader must find in the PDF, marks and citations taken out).

What it covers: every block kind (paragraph, bullets, quote, table, figure), every chart type
(figures, bar, barh, line over numbers and over dates, timeline, a measure compared across
parties), one or several parties' claims (numbers, ranges, units, qualifiers, statuses, as_of,
measures, cite), citations ``[@id]`` in every field the format allows them, one or several
analyses (confidence), sources with titles in several scripts, key facts, markings, TLP labels,
distribution, long and unbreakable words, URLs, every script the shipped fonts cover (Latin,
Cyrillic, Greek, Arabic, Hebrew, CJK), both sidebar sides and none, A4 and Letter, one-page and
flow, full colour and grayscale, both built-in themes.

Features that trigger a bug not yet fixed on this branch are behind a flag of :class:`Options`,
listed in ``KNOWN_BUGS`` with the bug they find; the property tests run with them off, and
``BRIEFING_GENERATE=all`` (or a comma-separated list of flags) switches them on to hunt. When a
fix merges, remove the flag from ``KNOWN_BUGS`` so the default runs cover it.

Which strategy finds which kind of bug of issue 19 (flag in brackets; test in test_generated):

- exit 70, a cited source whose entry is Arabic/Hebrew: ``_sources`` [rtl_sources] with
  ``citation`` in prose (promise test)
- exit 70, a long word in a table cell: ``_cell`` with ``LONG_WORDS`` [long_cells] (promise)
- exit 70, a cited claims box split in flow: ``_claims`` with ``cite`` in ``fit: flow``
  [flow_cited_claims] (promise)
- exit 70 for a date in the year 22: ``dates`` [ancient_dates] in timelines, as_of, quotes and
  line charts over dates (``_charts`` "dates-line") (promise; passes on this branch)
- blank attributions accepted: test_a_blank_attribution_is_refused_at_its_line
  [blank_attribution]
- citations where they do not belong printed literally: ``label`` [cite_everywhere] in the
  title, headings, key-fact labels, chart labels and the marking (promise)
- figures printed as other figures: ``claim_value`` [tiny_and_huge]
  (test_a_claimed_figure_never_prints_as_another)
- table cells rewritten (02139, Arabic-Indic digits): ``_cell`` [text_number_cells]
  (test_a_cell_written_as_text_stays_text, and the promise test's cell oracle)
- a flow brief refused "taller than a page": every block kind, tables of up to 40 rows,
  several claims boxes and analyses in ``fit: flow`` (promise: flow never exits 3)
- slow timelines over centuries and charts with hundreds of bars: ``date_run`` [wide_spans],
  ``_charts`` [many_bars] against the promise test's CPU bound
- distribution names mangled in To: (encoded words, angle brackets, double quotes, non-ASCII
  local parts): ``recipient`` [hostile_names]
  (test_a_distribution_name_reaches_the_to_header_as_written)
- glyphs dropped silently: every script, [armenian_georgian] and [symbols] (also in SVG text),
  [rtl_chart_source], [cjk_attribution], [figures_captions] (promise: every word in the PDF)
- check --fit disagreeing with build, two builds differing: every brief (promise)

Not generated: themes (a bad theme colour or a missing theme font, whose messages issue 19
also names), packs and editions (parts 3 and 4 of the format), send's own checks beyond the
To: header.
"""

from __future__ import annotations

import io
import json
import os
import string
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

# --------------------------------------------------------------------------- options


@dataclass(frozen=True)
class Options:
    """Which features the generator may use. Every flag is on by default except those that
    ``KNOWN_BUGS`` names (see :func:`options_from_env`)."""

    armenian_georgian: bool = True  # Armenian and Georgian text (fallback faces)
    flow_long_words: bool = True  # long unbreakable words in the prose of fit: flow briefs
    long_prose: bool = True  # long unbreakable words and URLs in prose and labels
    symbols: bool = True  # arrows and common symbols (→ ≈ ± € °), also in SVG labels
    rtl_sources: bool = True  # Arabic and Hebrew in cited source entries
    long_cells: bool = True  # long unbreakable words in table cells
    flow_cited_claims: bool = True  # cite: on claims blocks and items in fit: flow
    ancient_dates: bool = True  # dates before the year 1000 (timeline, line charts)
    wide_spans: bool = True  # timelines and date axes over centuries
    many_bars: bool = True  # inline charts with hundreds of values
    cite_everywhere: bool = True  # [@id] in the title, headings, labels, marking, chart labels
    text_number_cells: bool = True  # cells like 02139 or Arabic-Indic digits, which stay text
    hostile_names: bool = True  # distribution names with quotes, brackets, encoded words
    tiny_and_huge: bool = True  # claimed values like 0.0004 or 999,999,999, and close ranges
    blank_attribution: bool = True  # (invalid briefs) a blank source/speaker must be refused
    figures_captions: bool = True  # a title and source on a figures chart drawn from claims
    rtl_chart_source: bool = True  # Arabic and Hebrew in a chart's source caption
    cjk_attribution: bool = True  # Chinese, Japanese, Korean in a claims block's party name


#: flag -> the bug it finds on this branch (remove an entry when its fix merges).
KNOWN_BUGS: dict[str, str] = {}

FLAGS = tuple(f.name for f in fields(Options))


def options_from_env(environ: dict[str, str] | None = None) -> Options:
    """The default options: every feature except known bugs. ``BRIEFING_GENERATE=all`` turns
    on every flag; ``BRIEFING_GENERATE=flag1,flag2`` turns on those known-bug flags too."""
    env = os.environ if environ is None else environ
    wanted = {w.strip() for w in env.get("BRIEFING_GENERATE", "").split(",") if w.strip()}
    on = set(FLAGS) if "all" in wanted else (set(FLAGS) - set(KNOWN_BUGS)) | wanted
    return Options(**{name: name in on for name in FLAGS})


# --------------------------------------------------------------------------- words

SCRIPTS: dict[str, list[str]] = {
    "latin": [
        "ceasefire",
        "casualties",
        "talks",
        "Zürich",
        "Łódź",
        "façade",
        "naïve",
        "Straße",
        "Ñuñoa",
        "Ærøskøbing",
        "São",
        "Paulo",
        "Kraków",
        "İstanbul",
        "Đà",
        "Nẵng",
        "officials",
        "offline",
        "fjord",
        "R&D",
        "cost<budget",
        "<b>not",
        "bold</b>",
        "&amp;",
        "$5",
        "50%",
        "O'Brien",
        "“quoted”",
        "(draft)",
        "1,200",
        "3.5",
        "e.g.",
        "ﬁnal",
        "the",
        "and",
        "of",
    ],
    "cyrillic": ["Москва", "перемирие", "переговоры", "Київ", "Ўзбекистон", "ёлка", "Шуша"],
    "greek": ["Αθήνα", "συμφωνία", "εκεχειρία", "Θεσσαλονίκη", "ψήφος", "Ωμέγα"],
    "arabic": ["وقف", "إطلاق", "النار", "غزة", "الأمم", "المتحدة", "لا", "سلام"],
    "hebrew": ["ירושלים", "הסכם", "הפסקת", "אש", "שלום", "עזה"],
    "cjk": ["停火协议", "東京", "北京", "会谈", "서울", "휴전", "ひらがな", "カタカナ"],
}
OPTIONAL_SCRIPTS: dict[str, list[str]] = {
    "armenian": ["Հայաստան", "Երևան", "Շուշի", "Ստեփանակերտ"],
    "georgian": ["საქართველო", "თბილისი", "ბათუმი", "ცხინვალი"],
}
SYMBOLS = ["→", "←", "↑", "≈", "±", "€", "°C", "✓", "×", "≤", "≥", "•", "…", "№", "‰"]
RTL = ("arabic", "hebrew")
LONG_WORDS = [
    "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft",
    "https://example.org/a/very/long/path/that/never/breaks/at/a/space/index.html",
    "pneumonoultramicroscopicsilicovolcanoconiosis",
    "ААААААААААААААААААААААААААААААААААААААААААААААААААААААА",
    "1234567890123456789012345678901234567890123456789012345678901234567890",
]


def scripts_of(options: Options) -> dict[str, list[str]]:
    pools = dict(SCRIPTS)
    if options.armenian_georgian:
        pools.update(OPTIONAL_SCRIPTS)
    if options.symbols:
        pools["symbols"] = SYMBOLS
    return pools


def words(options: Options, ltr_only: bool = False, long: bool = True) -> st.SearchStrategy[str]:
    """One word of any enabled script (a whole sentence mostly keeps to one script)."""
    long = long and options.long_prose
    pools = {k: v for k, v in scripts_of(options).items() if not (ltr_only and k in RTL)}
    choices = [st.sampled_from(v) for v in pools.values()]
    if long:
        random_long = st.text(alphabet=string.ascii_letters, min_size=30, max_size=90)
        choices.append(st.one_of(st.sampled_from(LONG_WORDS), random_long))
    return st.one_of(choices)


@st.composite
def sentence(
    draw: st.DrawFn,
    options: Options,
    ids: tuple[str, ...] = (),
    *,
    cite: bool = True,
    marks: bool = True,
    max_words: int = 12,
    ltr_only: bool = False,
    long: bool = True,
) -> str:
    """A sentence: words of one script (sometimes mixed), maybe bold/italic, maybe cited."""
    pools = {k: v for k, v in scripts_of(options).items() if not (ltr_only and k in RTL)}
    script = draw(st.sampled_from(sorted(pools)))
    mixed = draw(st.integers(0, 4)) == 0
    pool = words(options, ltr_only, long) if mixed else st.sampled_from(pools[script])
    count = draw(st.integers(1, max_words))
    out: list[str] = []
    for _ in range(count):
        word = draw(pool)
        if marks and draw(st.integers(0, 9)) == 0:
            word = draw(st.sampled_from(["**{}**", "*{}*"])).format(word)
        out.append(word)
        if cite and ids and draw(st.integers(0, 7)) == 0:
            out[-1] += " " + draw(citation(ids))
    return " ".join(out)


@st.composite
def citation(draw: st.DrawFn, ids: tuple[str, ...]) -> str:
    chosen = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
    return "[" + "; ".join(f"@{i}" for i in chosen) + "]"


@st.composite
def paragraphs(draw: st.DrawFn, options: Options, ids: tuple[str, ...]) -> str:
    return "\n\n".join(draw(st.lists(sentence(options, ids, max_words=30), min_size=1, max_size=3)))


def label(options: Options, ids: tuple[str, ...] = (), max_words: int = 5, limit: int = 100) -> Any:
    """A one-line label of at most ``limit`` characters: citations only where
    ``cite_everywhere`` puts them."""
    return sentence(
        options, ids if options.cite_everywhere else (), max_words=max_words, marks=False
    ).map(lambda s: _clip(s, limit))


def _clip(text: str, limit: int) -> str:
    """Whole words of ``text`` up to ``limit`` characters (at least its first word, cut)."""
    out = ""
    for word in text.split(" "):
        if len(out) + len(word) + 1 > limit:
            break
        out = f"{out} {word}" if out else word
    return out or text[:limit].strip() or "x"


# --------------------------------------------------------------------------- dates, numbers


def dates(options: Options) -> st.SearchStrategy[date]:
    low = date(1, 1, 1) if options.ancient_dates else date(1900, 1, 1)
    return st.one_of(
        st.dates(min_value=date(2010, 1, 1), max_value=date(2030, 12, 31)),
        st.dates(min_value=low, max_value=date(2099, 12, 31)),
    )


@st.composite
def date_run(draw: st.DrawFn, options: Options, min_size: int = 2, max_size: int = 8) -> list[date]:
    """Dates in order: days, weeks or months apart, or (wide_spans) centuries."""
    start = draw(dates(options))
    steps = [1, 7, 30, 90, 365]
    if options.wide_spans:
        steps.append(365 * 60)
    step = draw(st.sampled_from(steps))
    out = [start]
    for _ in range(draw(st.integers(min_size, max_size)) - 1):
        nxt = out[-1] + timedelta(days=draw(st.integers(0, step)) + 1)
        if nxt.year > 2099:
            break
        out.append(nxt)
    return out


def claim_value(options: Options) -> st.SearchStrategy[Any]:
    plain = st.one_of(
        st.integers(0, 20_000_000),
        st.floats(0, 1000, allow_nan=False).map(lambda v: round(v, 2)),
        st.integers(-500, 500),
    )
    choices: list[st.SearchStrategy[Any]] = [plain]
    if options.tiny_and_huge:
        choices.append(
            st.sampled_from([0.0004, 0.05, 999_999_999, 999_999, 1_249_999, 12_345_678_901])
        )
    single = st.one_of(choices)

    @st.composite
    def ranged(draw: st.DrawFn) -> list[float]:
        low = draw(single)
        if options.tiny_and_huge and draw(st.booleans()):
            high = low + draw(st.sampled_from([1, 49_999, 0.001]))
        else:  # ends far enough apart to print differently at any precision
            high = low + abs(draw(plain)) + abs(low) // 4 + 1
        return [low, high]

    return st.one_of(single, ranged())


def number_text(value: Any) -> str:
    """A claimed value as YAML (a number, or [low, high])."""
    if isinstance(value, list):
        return "[" + ", ".join(number_text(v) for v in value) + "]"
    return repr(value) if isinstance(value, float) else str(value)


# --------------------------------------------------------------------------- files


def svg_file(labels: list[str], outside: bool) -> bytes:
    """A small SVG with a shape or two, text labels, and maybe a shape outside its viewBox."""
    texts = "".join(
        f'<text x="10" y="{20 + 18 * i}" font-size="12">{_xml(t)}</text>'
        for i, t in enumerate(labels)
    )
    stray = '<rect x="150" y="150" width="200" height="200" fill="#c00"/>' if outside else ""
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="120" viewBox="0 0 200 120">'
        '<rect x="0" y="0" width="200" height="120" fill="#9cf"/>'
        f'<circle cx="150" cy="60" r="30" fill="#f90"/>{texts}{stray}</svg>'
    ).encode()


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def bitmap_file(kind: str, mode: str, size: tuple[int, int]) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new(mode, size, "white" if mode != "P" else 0)
    if mode == "P":
        image.putpalette([255, 255, 255, 200, 30, 30, 30, 120, 220] + [0] * (256 * 3 - 9))
    draw = ImageDraw.Draw(image)
    fill: Any = {"RGB": (200, 30, 30), "RGBA": (30, 120, 220, 160), "L": 80, "P": 1}[mode]
    draw.rectangle((size[0] // 4, size[1] // 4, size[0] * 3 // 4, size[1] * 3 // 4), fill=fill)
    out = io.BytesIO()
    if kind == "jpeg":
        image.convert("RGB").save(out, "JPEG", quality=80)
    else:
        image.save(out, "PNG")
    return out.getvalue()


# --------------------------------------------------------------------------- the brief


@dataclass
class Generated:
    """A generated brief: its text, the files beside it, and the text it prints."""

    text: str
    files: dict[str, bytes] = field(default_factory=dict)
    printed: dict[str, str] = field(default_factory=dict)  # field path -> text as typed
    cells: dict[str, str] = field(default_factory=dict)  # table cell path -> cell as typed
    svg_text: dict[str, str] = field(default_factory=dict)  # file -> its text labels
    fit: str = "one-page"
    data: dict[str, Any] = field(default_factory=dict)

    def __repr__(self) -> str:  # Hypothesis prints this for a failing example: the brief itself
        return f"Generated(fit={self.fit!r})\n--- brief.yaml ---\n{self.text}"


class _Ctx:
    def __init__(self, draw: st.DrawFn, options: Options, ids: tuple[str, ...], fit: str) -> None:
        self.draw, self.options, self.ids, self.fit = draw, options, ids, fit
        self.printed: dict[str, str] = {}
        self.cells: dict[str, str] = {}
        self.files: dict[str, bytes] = {}
        self.svg_text: dict[str, str] = {}

    def text(self, path: str, strategy: Any, printed: bool = True) -> str:
        value: str = self.draw(strategy)
        if printed:
            self.printed[path] = value
        return value

    def sentence(self, path: str, **kw: Any) -> str:
        return self.text(path, sentence(self.options, self.ids, **kw))

    def label(self, path: str, max_words: int = 5, limit: int = 100) -> str:
        return self.text(path, label(self.options, self.ids, max_words, limit))


def _quote(c: _Ctx, path: str) -> dict[str, Any]:
    quote: dict[str, Any] = {
        "text": c.sentence(f"{path}.text", max_words=25),
        "speaker": c.label(f"{path}.speaker", 4),
    }
    if c.draw(st.booleans()):
        quote["role"] = c.label(f"{path}.role", 5)
    if c.draw(st.booleans()):
        quote["date"] = c.draw(dates(c.options))
    if c.draw(st.booleans()):
        quote["context"] = c.sentence(f"{path}.context", max_words=8)
    return quote


def _cell(c: _Ctx, path: str) -> str:
    options = c.options
    kinds = ["word", "int", "decimal", "percent", "negative", "empty", "sentence"]
    if options.long_cells:
        kinds.append("long")
    if options.text_number_cells:
        kinds += ["leading-zero", "arabic-indic"]
    kind = c.draw(st.sampled_from(kinds))
    value = {
        "word": lambda: c.draw(words(options, long=False)),
        "int": lambda: str(c.draw(st.integers(0, 10**9))),
        "decimal": lambda: f"{c.draw(st.integers(0, 99999))}.{c.draw(st.integers(1, 99))}",
        "percent": lambda: f"{c.draw(st.integers(0, 100))}%",
        "negative": lambda: f"-{c.draw(st.integers(1, 99999))}",
        "empty": lambda: "",
        "sentence": lambda: c.draw(sentence(options, c.ids, max_words=6, long=False)),
        "long": lambda: c.draw(st.sampled_from(LONG_WORDS)),
        "leading-zero": lambda: "0" + str(c.draw(st.integers(1000, 9999))),
        "arabic-indic": lambda: "".join(
            chr(0x660 + int(d)) for d in str(c.draw(st.integers(1, 99999)))
        ),
    }[kind]()
    c.cells[path] = value
    return value


def _table(c: _Ctx, path: str) -> dict[str, Any]:
    width = c.draw(st.integers(1, 5))
    rows_max = 40 if c.fit == "flow" else 6
    columns = [c.label(f"{path}.columns[{i}]", 3) for i in range(width)]
    rows = [
        [_cell(c, f"{path}.rows[{r}][{i}]") for i in range(width)]
        for r in range(c.draw(st.integers(1, rows_max)))
    ]
    table: dict[str, Any] = {"columns": columns, "rows": rows}
    if c.draw(st.booleans()):
        table["title"] = c.label(f"{path}.title", 6)
    if c.draw(st.integers(0, 3)) == 0:
        table["align"] = [c.draw(st.sampled_from(["left", "right", "center"])) for _ in columns]
    if c.draw(st.booleans()):
        table["note"] = c.sentence(f"{path}.note", max_words=10)
    if c.ids and c.draw(st.booleans()):
        table["cite"] = c.draw(st.lists(st.sampled_from(c.ids), min_size=1, max_size=2))
    return table


def _figure(c: _Ctx, path: str, n: int) -> dict[str, Any]:
    kind = c.draw(st.sampled_from(["svg", "png", "jpeg"]))
    name = f"figure-{n}.{'jpg' if kind == 'jpeg' else kind}"
    if kind == "svg":
        labels = c.draw(
            st.lists(
                sentence(c.options, cite=False, marks=False, max_words=3, long=False), max_size=3
            )
        )
        c.files[name] = svg_file(labels, c.draw(st.booleans()))
        c.svg_text[name] = " ".join(labels)
    else:
        mode = c.draw(st.sampled_from(["RGB", "RGBA", "L", "P"] if kind == "png" else ["RGB"]))
        size = c.draw(st.sampled_from([(40, 30), (300, 120), (64, 256)]))
        c.files[name] = bitmap_file(kind, mode, size)
    figure: dict[str, Any] = {
        "image": name,
        "alt": c.text(f"{path}.alt", sentence(c.options, cite=False, marks=False), False)[:300],
    }
    if c.draw(st.booleans()):
        figure["caption"] = c.sentence(f"{path}.caption", max_words=10)
    if c.draw(st.booleans()):
        figure["credit"] = c.label(f"{path}.credit", 3)
    if c.draw(st.booleans()):
        figure["width"] = c.draw(st.sampled_from([0.3, 0.5, 0.75, 1]))
    if c.ids and c.draw(st.booleans()):
        figure["cite"] = [c.draw(st.sampled_from(c.ids))]
    return figure


def _section(c: _Ctx, i: int, figures: list[int]) -> dict[str, Any]:
    path = f"sections[{i}]"
    section: dict[str, Any] = {"heading": c.label(f"{path}.heading", 6)}
    if c.draw(st.booleans()):  # version 1
        keys = c.draw(
            st.lists(st.sampled_from(["text", "bullets", "quote"]), min_size=1, unique=True)
        )
        if "text" in keys:
            section["text"] = c.text(f"{path}.text", paragraphs(c.options, c.ids))
        if "bullets" in keys:
            n = c.draw(st.integers(1, 4))
            section["bullets"] = [c.sentence(f"{path}.bullets[{j}]") for j in range(n)]
        if "quote" in keys:
            section["quote"] = _quote(c, f"{path}.quote")
        return section
    blocks: list[dict[str, Any]] = []
    kinds = c.draw(
        st.lists(
            st.sampled_from(["text", "bullets", "quote", "table", "figure"]), min_size=1, max_size=5
        )
    )
    for j, kind in enumerate(kinds):
        here = f"{path}.blocks[{j}].{kind}"
        if kind == "text":
            blocks.append({"text": c.text(here, paragraphs(c.options, c.ids))})
        elif kind == "bullets":
            n = c.draw(st.integers(1, 5))
            blocks.append({"bullets": [c.sentence(f"{here}[{k}]") for k in range(n)]})
        elif kind == "quote":
            blocks.append({"quote": _quote(c, here)})
        elif kind == "table":
            blocks.append({"table": _table(c, here)})
        else:
            figures.append(1)
            blocks.append({"figure": _figure(c, here, len(figures))})
    section["blocks"] = blocks
    return section


UNITS = ["people", "sorties", "%", "km²", "USD", "tonnes", "человек", "شخص", None]
MEASURES = ["deaths", "displaced", "injured"]
STATUSES = ["claimed", "reported", "disputed", "corroborated", "confirmed"]
QUALIFIERS = ["more than", "at least", "about", "up to", "fewer than"]


def _claims(c: _Ctx, count: int) -> list[dict[str, Any]]:
    """``count`` parties' blocks; a measure has one unit across parties."""
    measure_unit = {m: c.draw(st.sampled_from(UNITS)) for m in MEASURES}
    cite_ok = c.options.flow_cited_claims or c.fit != "flow"
    blocks = []
    for i in range(count):
        path = f"claims[{i}]"
        party = label(c.options, c.ids, 4)
        if not c.options.cjk_attribution:
            party = party.filter(lambda s: not any(0x2E80 <= ord(ch) <= 0xD7FF for ch in s))
        block: dict[str, Any] = {"source": c.text(f"{path}.source", party)}
        if c.draw(st.booleans()):
            block["title"] = c.label(f"{path}.title", 5)
        if c.draw(st.booleans()):
            block["status"] = c.draw(st.sampled_from(STATUSES))
        if c.draw(st.booleans()):
            block["note"] = c.sentence(f"{path}.note", max_words=12)
        if c.ids and cite_ok and c.draw(st.booleans()):
            block["cite"] = c.draw(st.lists(st.sampled_from(c.ids), min_size=1, max_size=2))
        items = []
        for j in range(c.draw(st.integers(1, 4))):
            here = f"{path}.items[{j}]"
            item: dict[str, Any] = {
                "label": c.label(f"{here}.label", 6),
                "value": c.draw(claim_value(c.options)),
            }
            if c.draw(st.booleans()):
                item["measure"] = c.draw(st.sampled_from(MEASURES))
                unit = measure_unit[item["measure"]]
            else:
                unit = c.draw(st.sampled_from(UNITS))
            if unit is not None:
                item["unit"] = unit
            if c.draw(st.booleans()):
                item["qualifier"] = c.draw(st.sampled_from(QUALIFIERS))
            if c.draw(st.integers(0, 3)) == 0:
                item["status"] = c.draw(st.sampled_from(STATUSES))
            if c.draw(st.integers(0, 3)) == 0:
                item["as_of"] = c.draw(dates(c.options))
            if c.ids and cite_ok and c.draw(st.integers(0, 3)) == 0:
                item["cite"] = [c.draw(st.sampled_from(c.ids))]
            items.append(item)
        block["items"] = items
        blocks.append(block)
    return blocks


DATE_LABEL_STYLES = ["iso", "d-mon", "d-mon-y", "mon-y"]
MONTHS3 = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _date_label(day: date, style: str) -> str:
    return {
        "iso": day.isoformat(),
        "d-mon": f"{day.day} {MONTHS3[day.month - 1]}",
        "d-mon-y": f"{day.day} {MONTHS3[day.month - 1]} {day.year}",
        "mon-y": f"{MONTHS3[day.month - 1]} {day.year}",
    }[style]


def _charts(c: _Ctx, claims: list[dict[str, Any]], has_timeline: bool) -> list[dict[str, Any]]:
    items = [item for block in claims for item in block["items"]]
    units = {item.get("unit") for item in items}
    measures = sorted({item["measure"] for item in items if "measure" in item})
    kinds = ["inline-bar", "inline-line", "dates-line"]
    if items:
        kinds.append("figures")
        if len(units) == 1:
            kinds.append("claims-axis")
        if measures:
            kinds.append("measure")
    if has_timeline:
        kinds.append("timeline")
    charts = []
    for i, kind in enumerate(c.draw(st.lists(st.sampled_from(kinds), max_size=3))):
        path = f"charts[{i}]"
        chart: dict[str, Any] = {}
        if kind == "figures":
            chart = {"type": "figures", "from": "claims"}
        elif kind == "claims-axis":
            chart = {"type": c.draw(st.sampled_from(["bar", "barh", "line"])), "from": "claims"}
        elif kind == "measure":
            chart = {
                "type": c.draw(st.sampled_from(["bar", "barh", "figures"])),
                "from": "claims",
                "measure": c.draw(st.sampled_from(measures)),
            }
        elif kind == "timeline":
            chart = {"type": "timeline", "from": "timeline"}
        else:
            top = 400 if c.options.many_bars else 12
            n = c.draw(st.integers(1, top if c.draw(st.integers(0, 9)) == 0 else 12))
            if kind == "dates-line":
                days = c.draw(date_run(c.options, min_size=max(n, 2), max_size=max(n, 2)))
                style = c.draw(st.sampled_from(DATE_LABEL_STYLES))
                labels = [_date_label(d, style) for d in days]
                if len(set(labels)) != len(labels):
                    labels = [d.isoformat() for d in days]
                chart_type = "line"
            else:
                labels = [
                    c.text(f"{path}.data.labels[{j}]", label(c.options, c.ids, 4)) for j in range(n)
                ]
                chart_type = (
                    "line" if kind == "inline-line" else c.draw(st.sampled_from(["bar", "barh"]))
                )
            values = [
                c.draw(
                    st.one_of(
                        st.integers(-1000, 10**7), st.floats(0, 100).map(lambda v: round(v, 1))
                    )
                )
                for _ in labels
            ]
            data: dict[str, Any] = {"labels": labels, "values": values}
            chart = {"type": chart_type, "data": data}
            if c.draw(st.booleans()):
                chart["unit"] = c.draw(st.sampled_from([u for u in UNITS if u]))
        lost = kind == "figures" and not c.options.figures_captions
        if not lost and c.draw(st.booleans()):
            chart["title"] = c.label(f"{path}.title", 8)
        if not lost and c.draw(st.booleans()):
            rtl = c.options.rtl_chart_source
            caption = sentence(c.options, cite=False, marks=False, max_words=5, ltr_only=not rtl)
            chart["source"] = c.text(f"{path}.source", caption.map(lambda s: _clip(s, 100)))
        charts.append(chart)
    return charts


@st.composite
def recipient(draw: st.DrawFn, options: Options) -> dict[str, str]:
    names = [
        st.sampled_from(["Policy team", "Desk", "Dr A. Expert", "Équipe Paris", "Отдел", "فريق"]),
    ]
    if options.hostile_names:
        names.append(
            st.sampled_from(
                [
                    'The "A" team',
                    "Ops <night shift>",
                    "=?utf-8?q?Mallory?=",
                    "Smith, John",
                    "O'Neil; Desk",
                    "München Büro",
                ]
            )
        )
    entry = {"name": draw(st.one_of(names))}
    if draw(st.integers(0, 3)):
        local = draw(st.sampled_from(["desk", "a.b", "policy-team", "x_y+tag"]))
        if options.hostile_names and draw(st.integers(0, 4)) == 0:
            local = "josé"
        entry["email"] = f"{local}@example.org"
    return entry


def _sources(c: _Ctx, ids: tuple[str, ...], extra: int) -> list[dict[str, Any]]:
    out = []
    opts = c.options
    for i in range(len(ids) + extra):
        path = f"sources[{i}]"
        ltr_only = not opts.rtl_sources
        title = c.text(
            f"{path}.title",
            sentence(opts, cite=False, marks=False, max_words=10, ltr_only=ltr_only),
        )
        source: dict[str, Any] = {"title": title}
        if i < len(ids):
            source["id"] = ids[i]
        if c.draw(st.booleans()):
            source["publisher"] = c.text(
                f"{path}.publisher",
                sentence(opts, cite=False, marks=False, max_words=4, ltr_only=ltr_only),
            )
        if c.draw(st.booleans()):
            source["url"] = c.draw(
                st.sampled_from(
                    [
                        "https://example.org/a",
                        "https://example.org/reports/2024/03/ceasefire-casualty-figures-by-party-and-region.html?lang=en&page=2",
                        "mailto:desk@example.org",
                    ]
                )
            )
        if c.draw(st.booleans()):
            source["date"] = c.draw(dates(opts))
        out.append(source)
    return out


MARKINGS = [
    "UNCLASSIFIED",
    "CUI",
    "CONFIDENTIAL",
    "SECRET//NOFORN",
    "TOP SECRET",
    "INTERNAL — NOT FOR PUBLICATION",
    "OFFICIAL-SENSITIVE",
]


@st.composite
def briefs(draw: st.DrawFn, options: Options | None = None) -> Generated:
    """A valid brief over the whole format (see the module docstring)."""
    options = options or options_from_env()
    fit = draw(st.sampled_from(["one-page", "flow"]))
    if fit == "flow" and not options.flow_long_words:
        options = replace(options, long_cells=False, long_prose=False)
    ids = tuple(
        draw(
            st.lists(
                st.sampled_from(["un", "mod", "who-report", "ifrc_2", "a"]), max_size=4, unique=True
            )
        )
    )
    c = _Ctx(draw, options, ids, fit)
    doc: dict[str, Any] = {}
    doc["title"] = c.text("title", label(options, ids, 10, 140))
    if draw(st.booleans()):
        doc["subtitle"] = c.label("subtitle", 12)
    doc["date"] = draw(dates(options))
    doc["summary"] = c.text("summary", paragraphs(options, ids).map(lambda s: s.strip() or "S"))
    if draw(st.booleans()):
        marking = draw(st.one_of(st.sampled_from(MARKINGS), label(options, ids, 4)))
        doc["marking"] = c.text("marking", st.just(marking))
    if draw(st.booleans()):
        doc["tlp"] = draw(st.sampled_from(["clear", "green", "amber", "amber+strict", "red"]))
    for key in ("organisation", "author", "reference"):
        if draw(st.booleans()):
            doc[key] = c.label(key, 4)
    if draw(st.booleans()):
        doc["language"] = draw(st.sampled_from(["en", "en-GB", "fr", "ru", "ar", "he", "zh", "el"]))
    if draw(st.booleans()):
        doc["keywords"] = draw(st.lists(words(options, long=False), max_size=4))
    figures: list[int] = []
    sections = [_section(c, i, figures) for i in range(draw(st.integers(0, 4)))]
    if sections:
        doc["sections"] = sections
    parties = draw(st.integers(0, 3))
    claims = _claims(c, parties)
    if parties:
        # version 1 (one mapping) or version 2 (a list); printed paths keep claims[i]
        doc["claims"] = claims[0] if parties == 1 and draw(st.booleans()) else claims
    facts = []
    for i in range(draw(st.integers(0, 5))):
        fact: dict[str, Any] = {
            "label": c.label(f"key_facts[{i}].label", 4),
            "value": c.sentence(f"key_facts[{i}].value", max_words=10),
        }
        if draw(st.booleans()):
            fact["source"] = c.label(f"key_facts[{i}].source", 4)
        if ids and draw(st.booleans()):
            fact["cite"] = [draw(st.sampled_from(ids))]
        facts.append(fact)
    if facts:
        doc["key_facts"] = facts
    events = draw(date_run(options, min_size=1, max_size=8)) if draw(st.booleans()) else []
    if events:
        doc["timeline"] = [
            {
                "date": d,
                "event": c.text(
                    f"timeline[{i}].event",
                    sentence(options, cite=False, max_words=10).map(lambda s: _clip(s, 300)),
                ),
            }
            for i, d in enumerate(events)
        ]
    charts = _charts(c, claims, bool(events))
    if charts:
        doc["charts"] = charts
    analyses = []
    for i in range(draw(st.integers(0, 3))):
        path = f"analysis[{i}]"
        analysis: dict[str, Any] = {
            "label": c.label(f"{path}.label", 8),
            "source": c.label(f"{path}.source", 4),
            "points": [c.sentence(f"{path}.points[{j}]") for j in range(draw(st.integers(1, 4)))],
        }
        if draw(st.booleans()):
            analysis["title"] = c.label(f"{path}.title", 4)
        if draw(st.booleans()):
            analysis["confidence"] = draw(st.sampled_from(["low", "moderate", "high"]))
        analyses.append(analysis)
    if analyses:
        doc["analysis"] = analyses[0] if len(analyses) == 1 and draw(st.booleans()) else analyses
    sources = _sources(c, ids, draw(st.integers(0, 2)))
    if sources:
        doc["sources"] = sources
    distribution = draw(st.lists(recipient(options), max_size=3))
    if distribution:
        doc["distribution"] = distribution
        for i, r in enumerate(distribution):
            c.printed[f"distribution[{i}].name"] = r["name"]
    layout = {
        "paper": draw(st.sampled_from(["a4", "letter"])),
        "fit": fit,
        "sidebar": draw(st.sampled_from(["right", "left", "none"])),
        "theme": draw(st.sampled_from(["default", "print"])),
        "colour": draw(st.sampled_from(["full", "grayscale"])),
    }
    doc["layout"] = {k: v for k, v in layout.items() if v is not None and draw(st.integers(0, 4))}
    doc["layout"]["fit"] = fit
    text = dump(doc, style=draw(st.sampled_from(["block", "flow-items"])))
    return Generated(text, c.files, c.printed, c.cells, c.svg_text, fit, doc)


# --------------------------------------------------------------------------- YAML text


def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int | float):
        return number_text(value)
    if isinstance(value, list):
        return "[" + ", ".join(scalar(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in value.items()) + "}"
    return json.dumps(value, ensure_ascii=False)


def _literal(value: str, indent: str) -> str | None:
    """A multi-line text as a YAML literal block, where that reads back exactly."""
    lines = value.split("\n")
    if any(line != line.strip() or line.startswith("#") for line in lines) or not lines[0]:
        return None
    return "|-\n" + "\n".join(f"{indent}{line}" if line else "" for line in lines)


def dump(value: Any, indent: str = "", style: str = "block") -> str:
    """The brief as YAML written by hand: block mappings and lists, quoted strings, literal
    blocks for paragraphs, and (style ``flow-items``) short mappings written inline."""
    out: list[str] = []
    for key, item in value.items():
        out.append(f"{indent}{key}:" + _value(item, indent, style))
    return "\n".join(out) + ("\n" if not indent else "")


def _value(item: Any, indent: str, style: str) -> str:
    inner = indent + "  "
    if isinstance(item, dict):
        if style == "flow-items" and all(
            not isinstance(v, dict | list) or _flat_list(v) for v in item.values()
        ):
            return " " + scalar(item)
        return "\n" + dump(item, inner, style)
    if isinstance(item, list):
        if not item:
            return " []"
        if _flat_list(item) and len(item) <= 8:
            return " " + scalar(item)
        lines = []
        for element in item:
            if isinstance(element, dict) and not (style == "flow-items" and _flat_dict(element)):
                body = dump(element, inner + "  ", style).split("\n", 1)
                first = body[0].strip()
                rest = ("\n" + body[1]) if len(body) > 1 and body[1] else ""
                lines.append(f"{inner}- {first}{rest}")
            else:
                lines.append(
                    f"{inner}- {scalar(element)}"
                    if not isinstance(element, list) or _flat_list(element)
                    else f"{inner}-" + _value(element, inner, style)
                )
        return "\n" + "\n".join(line.rstrip("\n") for line in lines)
    if isinstance(item, str) and "\n" in item:
        literal = _literal(item, inner)
        if literal is not None:
            return " " + literal
    return " " + scalar(item)


def _flat_list(value: Any) -> bool:
    return isinstance(value, list) and all(not isinstance(v, dict | list) for v in value)


def _flat_dict(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and all(not isinstance(v, dict | list) or _flat_list(v) for v in value.values())
        and not any(isinstance(v, str) and "\n" in v for v in value.values())
    )


def with_options(options: Options, **changes: bool) -> Options:
    return replace(options, **changes)
