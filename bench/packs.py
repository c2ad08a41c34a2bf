"""Benchmark: a pack of 24 briefs against one brief, each built cold in a fresh process.

Run from the repository root:

    python bench/packs.py [--runs 3]

Makes a pack of 24 briefs in a temporary folder by copying the example briefs (the four of
``briefs/pack`` and the two of ``briefs``) four times each, every copy's title changed so that
no two briefs share a cached layout. Then, each in a fresh process, prints medians of:

- one brief built cold (an empty cache) and rebuilt (the cache as it left it): a brief
  without charts (``briefs/pack/suez-blockage.yaml``) and the project's example with two
  charts (``briefs/syria-withdrawal.yaml``, as ``bench/bench.py`` builds it);
- the pack of 24 built cold: an empty cache (every brief's scale searched, every chart drawn);
- the pack rebuilt: the cache as the cold build left it (each brief's fit step and charts);

and the ratios of the pack's times to one brief's. Nothing here is a test: the target (no
more than a few times one brief's cold build) is read off the output.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
COPIES = 4
SOURCES = [
    *(ROOT / "briefs" / "pack" / name for name in ("suez-blockage.yaml", "texas-grid.yaml")),
    *(
        ROOT / "briefs" / "pack" / name
        for name in ("colonial-pipeline.yaml", "tonga-eruption.yaml")
    ),
    ROOT / "briefs" / "syria-withdrawal.yaml",
    ROOT / "briefs" / "iran-nuclear-deal.yaml",
]
ONE = ROOT / "briefs" / "pack" / "suez-blockage.yaml"  # one page, no chart
EXAMPLE = ROOT / "briefs" / "syria-withdrawal.yaml"  # the project's example: two charts

#: Run in a fresh process: build the brief or the pack named, print the seconds taken from
#: the start of the process (imports included) and the pages.
SCRIPT = r"""
import time
start = time.perf_counter()
import sys
from datetime import datetime, timezone
from pathlib import Path
from briefing.world.disk import DiskWorld
path, out = Path(sys.argv[1]), Path(sys.argv[2])
now = datetime(2026, 1, 1, tzinfo=timezone.utc)
world = DiskWorld(path, clock=lambda: now)
if sys.argv[3] == "pack":
    from briefing.packs.build import build_pack
    from briefing.packs.read import load_pack
    loaded = load_pack(world, lambda name: DiskWorld(path.parent / name, clock=lambda: now))
    built = build_pack(loaded)
else:
    from briefing.pipeline import build_pdf, load_brief
    doc, brief = load_brief(world)
    built = build_pdf(brief, world, doc)
out.write_bytes(built.pdf)
print(time.perf_counter() - start, built.pages)
"""


def make_pack(folder: Path) -> Path:
    """24 briefs (six examples, four copies each, titles changed) and the pack naming them."""
    names = []
    for copy in range(1, COPIES + 1):
        for source in SOURCES:
            text = source.read_text(encoding="utf-8")
            head, _, rest = text.partition("\ntitle:")
            title, _, tail = rest.partition("\n")
            title = title.strip()
            quoted = title[0] in "\"'"
            changed = (
                f"{title[:-1]} (copy {copy}){title[-1]}" if quoted else f"{title} (copy {copy})"
            )
            name = f"{source.stem}-{copy}.yaml"
            (folder / name).write_text(f"{head}\ntitle: {changed}\n{tail}", encoding="utf-8")
            names.append(name)
    for svg in (ROOT / "briefs").glob("*.svg"):
        shutil.copy(svg, folder)
    pack = folder / "pack.yaml"
    pack.write_text(
        "pack:\n  title: Twenty-four briefs\n  date: 2026-01-01\n  duplex: true\n"
        f"  briefs: [{', '.join(names)}]\n"
        "  marking_order: [UNCLASSIFIED, OFFICIAL, OFFICIAL-SENSITIVE]\n",
        encoding="utf-8",
    )
    return pack


def run(path: Path, kind: str, cache: Path, out: Path) -> tuple[float, int]:
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(cache), "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(path), str(out), kind],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    seconds, pages = done.stdout.split()
    return float(seconds), int(pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        work = Path(temp)
        folder = work / "pack"
        folder.mkdir()
        pack = make_pack(folder)
        times: dict[str, list[float]] = {}
        pages: dict[str, int] = {}
        # a first process that is not counted: compiled modules and the files in the OS cache
        run(pack, "pack", work / "cache-warm-up", work / "warm-up.pdf")
        for n in range(args.runs):
            for label, kind, path in (
                ("one", "one", ONE),
                ("example", "one", EXAMPLE),
                ("pack", "pack", pack),
            ):
                cache = work / f"cache-{label}-{n}"
                for when in ("cold", "rebuilt"):  # an empty cache, then the cache it left
                    seconds, count = run(path, kind, cache, work / f"{label}.pdf")
                    times.setdefault(f"{label} {when}", []).append(seconds)
                    pages[label] = count
        median = {key: statistics.median(values) for key, values in times.items()}
    print(
        f"pack of {len(SOURCES) * COPIES} briefs, {pages['pack']} pages; one brief, "
        f"{pages['one']} page; median of {args.runs} fresh processes each"
    )
    for key, value in median.items():
        print(f"  {key:<14} {value * 1000:8.0f} ms")
    for one in ("one", "example"):
        for pack_when, one_when in (("cold", "cold"), ("rebuilt", "rebuilt"), ("rebuilt", "cold")):
            ratio = median[f"pack {pack_when}"] / median[f"{one} {one_when}"]
            print(f"  pack {pack_when} / {one} {one_when}: {ratio:.1f}x")


if __name__ == "__main__":
    main()
