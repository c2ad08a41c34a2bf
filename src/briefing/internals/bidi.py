"""python-bidi's resolved levels, read from its debug report (python-bidi 0.6; pinned ``<0.7``).

python-bidi's public API gives a paragraph's base level (``get_base_level``) and its display
string (``get_display``), not the embedding level of each character, which the line breaker
needs to order the runs of each line after breaking (rules L1 and L2). Its Rust
implementation lists them in the report ``get_display(text, debug=True)`` returns: a
``levels: [Level(n), ...]`` list, one ``Level`` per byte of the UTF-8 text. :func:`levels`
reads that list; ``tests/test_internals.py`` checks the report still has that shape.
"""

from __future__ import annotations

import re

from bidi import get_display

_LEVELS = re.compile(r"levels:\s*\[(.*?)\]", re.S)
_LEVEL = re.compile(r"Level\(\s*(\d+),?\s*\)")


def levels(text: str) -> tuple[int, ...]:
    """The resolved embedding level of each character of ``text`` (one paragraph): each takes
    the level of its first UTF-8 byte in python-bidi's report."""
    report = str(get_display(text, debug=True))
    found = _LEVELS.search(report)
    per_byte = [int(n) for n in _LEVEL.findall(found.group(1))] if found else []
    encoded = text.encode("utf-8")
    if len(per_byte) != len(encoded):
        raise RuntimeError(
            "python-bidi's debug report no longer lists one level per byte; "
            "pin the python-bidi version briefing was tested with"
        )
    out: list[int] = []
    offset = 0
    for ch in text:
        out.append(per_byte[offset])
        offset += len(ch.encode("utf-8"))
    return tuple(out)
