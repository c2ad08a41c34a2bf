"""Benchmark: how fast and how lean is `briefing`, next to Typst and WeasyPrint?

Run from the repository root (after `pip install -e .`; for the comparison also
`pip install typst weasyprint`):

    python bench/bench.py [--runs 7] [--brief briefs/syria-withdrawal.yaml]

Prints medians: a cold first build (empty chart cache, fresh process), a cold rebuild with the
charts cached, the warm per-brief time when many briefs are built in one process, peak memory,
the PDF size, and the same page set by a Typst template and by WeasyPrint (fresh process each),
with ratios. Nothing here is a test: targets are read off the output, not asserted.
"""

from __future__ import annotations

import argparse
import html
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
import resource, sys, time
from datetime import datetime, timezone
from pathlib import Path
start = time.perf_counter()
from briefing.pipeline import build_pdf, load_brief
path = Path(sys.argv[1])
doc, brief = load_brief(path)
built = build_pdf(brief, path.parent, datetime(2026, 1, 1, tzinfo=timezone.utc), None, doc)
Path(sys.argv[2]).write_bytes(built.pdf)
elapsed = time.perf_counter() - start
times = []
for _ in range(int(sys.argv[3])):
    t = time.perf_counter()
    doc, brief = load_brief(path)
    build_pdf(brief, path.parent, datetime(2026, 1, 1, tzinfo=timezone.utc), None, doc)
    times.append(time.perf_counter() - t)
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(elapsed, peak, len(built.pdf), *times)
"""


def run_cli(brief: Path, out: Path, cache: Path) -> float:
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1458000000"}
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "briefing", "-q", "build", str(brief), "-o", str(out)],
        check=True,
        env=env,
    )
    return time.perf_counter() - start


def median_ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def bench_briefing(brief: Path, runs: int, work: Path) -> dict[str, float]:
    first, rebuild = [], []
    for i in range(runs):
        cache = work / f"cache-{i}"
        first.append(run_cli(brief, work / "a.pdf", cache))
        rebuild.append(run_cli(brief, work / "a.pdf", cache))
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(work / "cache-0")}
    result = subprocess.run(
        [sys.executable, "-c", IN_PROCESS, str(brief), str(work / "w.pdf"), str(max(runs * 3, 10))],
        check=True,
        capture_output=True,
        text=True,
        env=env,
    )
    numbers = [float(x) for x in result.stdout.split()]
    return {
        "first build (cold, empty chart cache)": median_ms(first),
        "rebuild (cold, charts cached)": median_ms(rebuild),
        "warm per brief (same process)": median_ms(numbers[3:]),
        "peak memory MB (one build in process)": numbers[1],
        "PDF size KB": numbers[2] / 1024,
    }


# ------------------------------------------------------------------- the same page elsewhere


def _items(brief: object) -> dict[str, object]:
    from briefing.model import attribution
    from briefing.numbers import format_date, format_figure
    from briefing.text import plain

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

    _, brief = load_brief(args.brief)
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
    rebuild = ours["rebuild (cold, charts cached)"]
    for name, value in others.items():
        if value is None:
            print(f"  {name + ' (fresh process)':<42} not installed (pip install {name})")
        else:
            print(
                f"  {name + ' (fresh process), ms':<42} {value:9.1f}   briefing rebuild / "
                f"{name} = {rebuild / value:.2f}"
            )
    if shutil.which("typst"):
        print("  (a typst binary is also on PATH; the figure above is the PyPI package)")


if __name__ == "__main__":
    main()
