"""Benchmark: how fast and how lean is `briefing`, next to Typst and WeasyPrint?

Run from the repository root (after `pip install -e .`; for the comparison also
`pip install typst weasyprint`):

    python bench/bench.py [--runs 7] [--brief briefs/syria-withdrawal.yaml]

Prints medians, each from a fresh process unless it says warm:

- a first build (empty caches), a rebuild of the unchanged brief, and a rebuild after a text
  edit of its bottom line (charts unchanged, so they come from the cache);
- warm, many builds in one process: the same brief again, the brief edited (as ``watch``
  rebuilds it), and briefs never built before (no cached scale to start from);
- ``watch``: from saving an edit to the new PDF being written and reported;
- peak memory, the PDF size, and the same page set by a Typst template and by WeasyPrint,
  with ratios.

Nothing here is a test: targets are read off the output, not asserted.
"""

from __future__ import annotations

import argparse
import html
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

IN_PROCESS = r"""
import json, resource, sys, threading, time
from datetime import datetime, timezone
from pathlib import Path
start = time.perf_counter()
from briefing.shell.jobs import build_one, watch
path, work, runs = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
when = datetime(2026, 1, 1, tzinfo=timezone.utc)
first = build_one(path, work / "w.pdf", False, when)
assert first.error is None, first.error
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
text = path.read_text(encoding="utf-8")
anchor = text.index("summary:")  # edits go into the bottom line's first words

def edit(i):
    return text[:anchor] + f"summary: Edit {i}. " + text[anchor + len("summary:"):].lstrip(" >-\n")

def timed(make):
    out = []
    for i in range(runs):
        brief = make(i)
        t = time.perf_counter()
        done = build_one(brief, work / "w.pdf", False, when)
        out.append(time.perf_counter() - t)
        assert done.error is None, done.error
    return out

def edited(i):  # the same file, edited: as in watch
    target = path.parent / "edited.yaml"
    target.write_text(edit(i), encoding="utf-8")
    return target

def distinct(i):  # a brief never built before: new name, new text
    target = path.parent / f"distinct-{i}.yaml"
    target.write_text(edit(1000 + i), encoding="utf-8")
    return target

same = timed(lambda i: path)
edits = timed(edited)
new = timed(distinct)

# watch: from the save of an edit to the new PDF being reported
watched = path.parent / "watched.yaml"
watched.write_text(edit(-1), encoding="utf-8")
reports, stop = [], threading.Event()
thread = threading.Thread(
    target=watch,
    args=(watched, work / "watched.pdf", lambda: when,
          lambda o: reports.append((time.perf_counter(), o)), stop.is_set),
)
thread.start()

def save(text):  # as an editor saves: whole, never seen half-written
    temporary = watched.with_suffix(".tmp")
    temporary.write_text(text, encoding="utf-8")
    temporary.replace(watched)

latency = []
try:
    while not reports:
        time.sleep(0.005)
    for i in range(runs):
        time.sleep(0.12)
        count = len(reports)
        saved = time.perf_counter()
        save(edit(2000 + i))
        while len(reports) == count:
            time.sleep(0.001)
        at, outcome = reports[-1]
        assert outcome.error is None, outcome.error
        latency.append(at - saved)
finally:  # a failed measure must not leave the watch running (the process would never end)
    stop.set()
    thread.join()
size = (work / "w.pdf").stat().st_size
print(json.dumps({"first": elapsed, "peak": peak, "size": size, "same": same, "edited": edits,
                  "distinct": new, "watch": latency}))
"""

EDIT = r"""
import sys
from pathlib import Path
text = Path(sys.argv[1]).read_text(encoding="utf-8")
anchor = text.index("summary:")
rest = text[anchor + len("summary:") :].lstrip(" >-\n")
Path(sys.argv[2]).write_text(text[:anchor] + f"summary: Edit {sys.argv[3]}. " + rest)
"""


def child_env(cache: Path) -> dict[str, str]:
    """The environment of a timed run: a private cache, and bytecode caching on.

    PYTHONDONTWRITEBYTECODE (set in some containers) makes Python compile briefing's modules
    afresh on every start (+50 ms); an installed tool has them compiled, so it is unset here.
    """
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1458000000"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_cli(brief: Path, out: Path, cache: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "briefing", "-q", "build", str(brief), "-o", str(out)],
        check=True,
        env=child_env(cache),
    )
    return time.perf_counter() - start


#: The import floor: what any tool on this stack pays before doing anything.
FLOOR = "import yaml, click, reportlab.platypus"


def import_floor(runs: int, cache: Path) -> float:
    """Seconds (median) for a fresh Python to import the stack briefing is built on."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", FLOOR], check=True, env=child_env(cache))
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def bench_briefing(brief: Path, runs: int, work: Path) -> dict[str, float]:
    folder = work / "briefs"  # a copy of the brief's folder (its logo, theme) to edit in
    shutil.copytree(brief.parent, folder)
    copy = folder / brief.name
    original = brief.read_text(encoding="utf-8")
    # one untimed run compiles briefing's modules, as installing it would
    run_cli(copy, work / "a.pdf", work / "cache-warmup")
    first, rebuild, edited, floor = [], [], [], []
    for i in range(runs):
        cache = work / f"cache-{i}"
        copy.write_text(original, encoding="utf-8")
        first.append(run_cli(copy, work / "a.pdf", cache))
        floor.append(import_floor(1, cache))  # in turn with the builds: the same conditions
        rebuild.append(run_cli(copy, work / "a.pdf", cache))
        subprocess.run([sys.executable, "-c", EDIT, str(brief), str(copy), str(i)], check=True)
        edited.append(run_cli(copy, work / "a.pdf", cache))
    copy.write_text(original, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-c", IN_PROCESS, str(copy), str(work), str(max(runs * 3, 10))],
        check=True,
        capture_output=True,
        text=True,
        env=child_env(work / "cache-0"),
    )
    numbers = json.loads(result.stdout)
    return {
        f"import floor ({FLOOR})": median_ms(floor),
        "first build (cold, empty caches)": median_ms(first),
        "rebuild, brief unchanged (cold)": median_ms(rebuild),
        "rebuild after a text edit (cold)": median_ms(edited),
        "warm: the same brief again": median_ms(numbers["same"]),
        "warm: the brief edited (as in watch)": median_ms(numbers["edited"]),
        "warm: a brief never built before": median_ms(numbers["distinct"]),
        "watch: save to new PDF": median_ms(numbers["watch"]),
        "peak memory MB (one build in process)": numbers["peak"],
        "PDF size KB": numbers["size"] / 1024,
    }


# ------------------------------------------------------------------- the same page elsewhere


def _items(brief: object) -> dict[str, object]:
    from briefing.materials.text import plain
    from briefing.model import attribution
    from briefing.numbers import format_date, format_figure

    b = brief
    return {
        "title": plain(b.title),  # type: ignore[attr-defined]
        "date": format_date(b.date),  # type: ignore[attr-defined]
        "marking": b.marking or "",  # type: ignore[attr-defined]
        "summary": plain(b.summary),  # type: ignore[attr-defined]
        "sections": [(s.heading, plain(s.text or "")) for s in b.sections or ()],  # type: ignore[attr-defined]
        "claims": [
            (c.label, format_figure(c.value, c.qualifier, c.unit))
            for c in (b.claims.items if b.claims else ())
        ],  # type: ignore[attr-defined]
        "attribution": attribution(b.claims.status, b.claims.source) if b.claims else "",  # type: ignore[attr-defined]
        "facts": [(f.label, plain(f.value)) for f in b.key_facts or ()],  # type: ignore[attr-defined]
        "analysis": [plain(p) for p in (b.analysis.points if b.analysis else ())],  # type: ignore[attr-defined]
        "label": b.analysis.label if b.analysis else "",  # type: ignore[attr-defined]
        "sources": [s.title for s in b.sources or ()],  # type: ignore[attr-defined]
    }


def typst_source(brief: object) -> str:
    d = _items(brief)

    def t(text: object) -> str:
        return "".join("\\" + ch if ch in "\\#*_`$<>@[]=-+/~\"'" else ch for ch in str(text))

    parts = [
        '#set page(paper: "a4", margin: 13mm)\n#set text(font: "Noto Sans", size: 9pt)\n',
        f'#align(center, block(fill: rgb("#2e6b3a"), width: 100%, inset: 3pt, '
        f'text(fill: white, weight: "bold")[{t(d["marking"])}]))\n',
        f'#text(size: 20pt, weight: "bold")[{t(d["title"])}]\n\nAs of {t(d["date"])}\n\n',
        "#grid(columns: (1fr, 30%), gutter: 5mm, [\n",
        f'#block(fill: rgb("#eef2f7"), inset: 6pt)[*BOTTOM LINE* \\ {t(d["summary"])}]\n',
    ]
    for heading, text in d["sections"]:  # type: ignore[attr-defined]
        parts.append(f"*{t(heading)}*\n\n{t(text)}\n\n")
    parts.append(f'#block(fill: rgb("#fdf6ee"), inset: 6pt)[{t(d["attribution"])} \\ ')
    parts.extend(f"{t(label)}: *{t(value)}* \\ " for label, value in d["claims"])  # type: ignore[attr-defined]
    parts.append("]\n")
    parts.append(f'#block(fill: rgb("#fff8e6"), inset: 6pt)[*{t(d["label"])}*\n')
    parts.extend(f"- {t(point)}\n" for point in d["analysis"])  # type: ignore[attr-defined]
    parts.append("]\n], [*KEY FACTS*\n\n")
    parts.extend(f"*{t(label)}* \\ {t(value)}\n\n" for label, value in d["facts"])  # type: ignore[attr-defined]
    parts.append("])\n")
    parts.extend(f"+ {t(source)}\n" for source in d["sources"])  # type: ignore[attr-defined]
    return "".join(parts)


def html_source(brief: object) -> str:
    d = _items(brief)
    e = html.escape
    rows = "".join(f"<p><b>{e(h)}</b><br>{e(x)}</p>" for h, x in d["sections"])  # type: ignore[attr-defined]
    claims = "".join(f"<li>{e(a)}: <b>{e(b)}</b></li>" for a, b in d["claims"])  # type: ignore[attr-defined]
    facts = "".join(f"<p><b>{e(a)}</b><br>{e(b)}</p>" for a, b in d["facts"])  # type: ignore[attr-defined]
    points = "".join(f"<li>{e(p)}</li>" for p in d["analysis"])  # type: ignore[attr-defined]
    sources = "".join(f"<li>{e(s)}</li>" for s in d["sources"])  # type: ignore[attr-defined]
    return f"""<html><head><style>
@page {{ size: A4; margin: 13mm }} body {{ font: 9pt 'Noto Sans', sans-serif }}
.banner {{ background: #2e6b3a; color: white; text-align: center; font-weight: bold }}
.main {{ float: left; width: 68% }} .side {{ float: right; width: 28%; background: #f2f4f7 }}
.box {{ padding: 6pt; margin: 4pt 0 }}
</style></head><body><div class="banner">{e(str(d["marking"]))}</div>
<h1>{e(str(d["title"]))}</h1><p>As of {e(str(d["date"]))}</p>
<div class="main"><div class="box" style="background:#eef2f7"><b>BOTTOM LINE</b><br>
{e(str(d["summary"]))}</div>{rows}<div class="box" style="background:#fdf6ee">
{e(str(d["attribution"]))}<ul>{claims}</ul></div><div class="box" style="background:#fff8e6">
<b>{e(str(d["label"]))}</b><ul>{points}</ul></div><ol>{sources}</ol></div>
<div class="side box"><b>KEY FACTS</b>{facts}</div></body></html>"""


ENGINES = {
    "typst": (
        "import sys, typst; typst.compile(sys.argv[1], output=sys.argv[2], "
        "font_paths=[sys.argv[3]])",
        typst_source,
        ".typ",
    ),
    "weasyprint": (
        "import sys, weasyprint; weasyprint.HTML(filename=sys.argv[1]).write_pdf(sys.argv[2])",
        html_source,
        ".html",
    ),
}


def bench_engine(name: str, brief: object, runs: int, work: Path) -> float | None:
    code, make, suffix = ENGINES[name]
    try:
        __import__(name)
    except ImportError:
        return None
    source = work / f"page{suffix}"
    source.write_text(make(brief), encoding="utf-8")
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-c",
                code,
                str(source),
                str(work / f"{name}.pdf"),
                str(ROOT / "assets" / "fonts"),
            ],
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - start)
    return median_ms(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--brief", type=Path, default=ROOT / "briefs" / "syria-withdrawal.yaml")
    args = parser.parse_args()
    from briefing.pipeline import load_brief
    from briefing.world.disk import DiskWorld

    _, brief = load_brief(DiskWorld(args.brief))
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        ours = bench_briefing(args.brief, args.runs, work)
        others = {name: bench_engine(name, brief, args.runs, work) for name in ENGINES}
    print(
        f"machine: {platform.platform()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; {time.strftime('%Y-%m-%d')}; runs: {args.runs}"
    )
    print(f"brief: {args.brief}")
    for label, value in ours.items():
        print(f"  {label:<42} {value:9.1f}")
    floor = ours[f"import floor ({FLOOR})"]
    unchanged = ours["rebuild, brief unchanged (cold)"]
    print(f"  {'cold rebuild / import floor':<42} {unchanged / floor:9.2f}   (target: at most 2.2)")
    rebuild = ours["rebuild after a text edit (cold)"]
    for name, value in others.items():
        if value is None:
            print(f"  {name + ' (fresh process)':<42} not installed (pip install {name})")
        else:
            print(
                f"  {name + ' (fresh process), ms':<42} {value:9.1f}   briefing edit rebuild / "
                f"{name} = {rebuild / value:.2f}"
            )
    if shutil.which("typst"):
        print("  (a typst binary is also on PATH; the figure above is the PyPI package)")


if __name__ == "__main__":
    main()
