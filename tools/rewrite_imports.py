"""Rewrite references to moved briefing modules in the given files (issue 20's moves).

    python tools/rewrite_imports.py FILE...                 # the moves of issue 20 (MOVES below)
    python tools/rewrite_imports.py OLD=NEW ... -- FILE...  # these moves instead

Every dotted name ``OLD`` (``briefing.layout.images``) not followed by a letter, digit or
underscore becomes ``NEW`` (``briefing.materials.images``): import lines, ``import a.b as c``,
strings naming a module (``monkeypatch.setattr("briefing.fonts.x", ...)``) and docstrings
alike; ``briefing.layout.bidiparagraph`` is not touched by the move of ``briefing.layout.bidi``.
``from briefing import cache`` (one line, no parentheses) becomes ``from briefing.world import
cache``.
Names that moved out of a module that stays (``briefing.layout.tables``'s cell formatting) are
rewritten in ``from OLD import name`` lines only when every imported name moved (SPLITS).
Prints each file it changed.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

#: old module -> new module (issue 20: materials below the stages, the world and the shell)
MOVES = {
    "briefing.fonts": "briefing.materials.fonts",
    "briefing.text": "briefing.materials.text",
    "briefing.layout.images": "briefing.materials.images",
    "briefing.layout.bidi": "briefing.materials.bidi",
    "briefing.layout.shaping": "briefing.materials.shaping",
    "briefing.validate.citations": "briefing.materials.citations",
    "briefing.cache": "briefing.world.cache",
    "briefing.files": "briefing.world.files",
    "briefing.disk": "briefing.world.disk",
    "briefing.cli": "briefing.shell.cli",
    "briefing.commands": "briefing.shell.commands",
    "briefing.jobs": "briefing.shell.jobs",
    "briefing.console": "briefing.shell.console",
    "briefing.isolation": "briefing.shell.isolation",
}

#: (old module, names that left it) -> new module
SPLITS = {
    ("briefing.layout.tables", ("alignments", "format_cell", "is_number", "plain_rows")): (
        "briefing.materials.cells"
    ),
}


def _from_package(match: re.Match[str], moves: dict[str, str]) -> str:
    """``from briefing import cache`` -> ``from briefing.world import cache``: one line for each
    package the imported modules now live in (names that did not move stay on the first)."""
    package, indent = match.group(2), match.group(1)
    lines: dict[str, list[str]] = {}
    for item in (n.strip() for n in match.group(3).split(",")):
        name, _, alias = item.partition(" as ")
        new = moves.get(f"{package}.{name}")
        if new is None:
            lines.setdefault(package, []).append(item)
            continue
        where, _, last = new.rpartition(".")
        alias = alias or (name if last != name else "")
        lines.setdefault(where, []).append(f"{last} as {alias}" if alias else last)
    return "\n".join(f"{indent}from {p} import {', '.join(n)}" for p, n in lines.items())


def rewrite(text: str, moves: dict[str, str]) -> str:
    packages = {old.rpartition(".")[0] for old in moves}
    for package in sorted(packages, key=len, reverse=True):
        text = re.sub(
            rf"(?m)^([ \t]*)from ({re.escape(package)}) import ([\w ,]+)$",
            lambda m: _from_package(m, moves),
            text,
        )
    for old, new in sorted(moves.items(), key=lambda m: -len(m[0])):
        text = re.sub(rf"(?<![\w.]){re.escape(old)}(?![\w])", new, text)
    for (old, names), new in SPLITS.items():

        def move(match: re.Match[str], new: str = new, names: tuple[str, ...] = names) -> str:
            imported = {n.strip().split(" as ")[0] for n in match.group(2).strip("()").split(",")}
            imported.discard("")
            return f"from {new} import {match.group(2)}" if imported <= set(names) else match[0]

        text = re.sub(rf"from {re.escape(old)} import (\s*)(\([^)]*\)|[^\n]*)", move, text)
    return text


def main(argv: list[str]) -> int:
    moves = dict(MOVES)
    if "--" in argv:
        pairs, argv = argv[: argv.index("--")], argv[argv.index("--") + 1 :]
        moves = dict(p.split("=", 1) for p in pairs)
    for name in argv:
        path = Path(name)
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:  # not text: nothing to rewrite
            continue
        new = rewrite(text, moves)
        if new != text:
            path.write_text(new, encoding="utf-8")
            print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
