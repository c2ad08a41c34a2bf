"""Cold rebuilds of two or more checkouts of briefing, side by side in one sitting.

    git worktree add /tmp/before <commit>
    python bench/sidebyside.py /tmp/before/src src [--rounds 21] [--brief BRIEF]

Each round runs, in turn, the import floor (a fresh Python importing yaml, click and
reportlab.platypus) and a rebuild of the unchanged brief with each source folder first on
``PYTHONPATH`` (its own cache, filled and its bytecode compiled before the rounds), each round
starting the turn one further on. Alternating keeps a busy machine's drift out of the
comparison, and turning keeps out the cost of coming first in a turn; use a multiple of the
number of processes in a turn for --rounds. The medians and their ratios to the floor are
printed. Nothing here is a test: read the figures off the output.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = "import yaml, click, reportlab.platypus"


def _env(source: str, cache: Path) -> dict[str, str]:
    env = {**os.environ, "BRIEFING_CACHE_DIR": str(cache), "SOURCE_DATE_EPOCH": "1458000000"}
    env["PYTHONPATH"] = source
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed tool has its bytecode compiled
    return env


def _timed(args: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(args, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="+", help="src folders of the checkouts to compare")
    parser.add_argument("--rounds", type=int, default=21)
    parser.add_argument("--brief", default="briefs/syria-withdrawal.yaml")
    options = parser.parse_args()
    brief = str(Path(options.brief).resolve())
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        build = [sys.executable, "-m", "briefing", "-q", "build", brief, "-o", str(work / "x.pdf")]
        envs = [
            _env(str(Path(s).resolve()), work / f"cache-{n}") for n, s in enumerate(options.sources)
        ]
        for env in envs:  # compile the bytecode and fill the cache: what a rebuild finds
            for _ in range(2):
                _timed(build, env)
        floor: list[float] = []
        times: list[list[float]] = [[] for _ in envs]
        # each round runs the floor and every checkout in a turn that starts one further on:
        # the first process of a turn is the slowest (~70 ms on this VM, whatever it runs),
        # and a fixed order would hand that cost to whoever comes first
        turn = [-1, *range(len(envs))]  # -1: the floor
        for round_ in range(options.rounds):
            shift = round_ % len(turn)
            for n in turn[shift:] + turn[:shift]:
                if n < 0:
                    floor.append(_timed([sys.executable, "-c", FLOOR], envs[0]))
                else:
                    times[n].append(_timed(build, envs[n]))
    base = statistics.median(floor)
    print(f"import floor ({FLOOR}): {base * 1000:.0f} ms (median of {options.rounds})")
    for source, runs in zip(options.sources, times, strict=True):
        median = statistics.median(runs)
        print(f"{source}: cold rebuild {median * 1000:.0f} ms, {median / base:.2f}x the floor")


if __name__ == "__main__":
    main()
