"""Hunt for bugs with the brief generator: many briefs, no shrinking, failures grouped by kind.

    python3 -m tests.hunt --examples 300 --seed 1 --out /tmp/hunt    # BRIEFING_GENERATE=all ...

Each generated brief is checked as tests/test_generated.py checks it. Every failing brief is
written to OUT/<kind>/<n>/ (brief.yaml, its files, and what failed); a summary of the kinds
and their counts is printed at the end (and written to OUT/summary.txt). Shrink a kind's
smallest brief by hand or with the property test, then keep it in tests/corpus/generated.
"""

from __future__ import annotations

import argparse
import re
import time
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, Phase, given, seed, settings

from tests.generate import Generated, briefs, options_from_env
from tests.test_generated import keeps_every_promise


def kind_of(message: str) -> str:
    """A failure's kind: its first line, with figures, quotes and paths taken out."""
    first = next((line for line in message.splitlines() if line.strip()), "unknown")
    for line in message.splitlines():
        if "internal error:" in line or "not in the PDF" in line or "refused" in line:
            first = line
            break
    first = re.sub(r"'[^']*'|\"[^\"]*\"", "…", first)
    first = re.sub(r"\d+(\.\d+)?", "N", first)
    first = re.sub(r"/\S+", "PATH", first)
    return first.strip()[:120]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out", type=Path, default=Path("/tmp/hunt"))
    args = parser.parse_args()
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    kinds: Counter[str] = Counter()
    seen = [0]
    started = time.time()

    @seed(args.seed)
    @settings(
        max_examples=args.examples,
        deadline=None,
        database=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(g=briefs(options_from_env()))
    def hunt(g: Generated) -> None:
        seen[0] += 1
        try:
            keeps_every_promise(g)
        except AssertionError as exc:
            kind = kind_of(str(exc))
            kinds[kind] += 1
            print(f"[{seen[0]}] {kind}", flush=True)
            if kinds[kind] > 3:
                return  # enough examples of this kind
            folder = out / re.sub(r"[^A-Za-z0-9]+", "-", kind)[:80] / f"{args.seed}-{seen[0]}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "brief.yaml").write_text(g.text, encoding="utf-8")
            for name, data in g.files.items():
                (folder / name).write_bytes(data)
            (folder / "failure.txt").write_text(str(exc), encoding="utf-8")

    hunt()
    lines = [f"{n:4d}  {kind}" for kind, n in kinds.most_common()]
    summary = f"{seen[0]} briefs in {time.time() - started:.0f} s, seed {args.seed}\n" + "\n".join(
        lines
    )
    print(summary)
    with (out / "summary.txt").open("a", encoding="utf-8") as f:
        f.write(summary + "\n")


if __name__ == "__main__":
    main()
