"""Start-up: defer the one costly regular expression ReportLab compiles when it is imported.

``reportlab.platypus.paragraph`` compiles ``uri_pat`` at import: a case-insensitive URL pattern
over ``[a-z\\xa1-\\uffff]`` ranges that takes ~30 ms to compile, a tenth of a cold build. Only
ReportLab's ``uriWasteReduce`` paragraph option uses it, and briefing never sets that option.
:func:`defer_reportlab_regex` puts a stand-in for it in ``re``'s cache before ReportLab is
imported; the stand-in compiles the real pattern the first time it is used, so behaviour is
unchanged. If ReportLab changes the pattern or Python its cache, nothing matches and the
pattern is compiled as before (``tests/test_speed.py`` says when that happens).
"""

from __future__ import annotations

import re
from typing import Any

#: ``reportlab.platypus.paragraph.uri_pat`` (ReportLab 4.x and 5.x), compiled with ``re.I``.
URI_PATTERN = (
    "(^(?:[a-z0-9\\.\\-\\+]*)://)(?:\\S+(?::\\S*)?@)?(?:(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\"
    "d)(?:\\.(?:25[0-5]|2[0-4]\\d|[0-1]?\\d?\\d)){3}|\\[[0-9a-f:\\.]+\\]|([a-z\xa1-\uffff"
    "0-9](?:[a-z\xa1-\uffff0-9-]{0,61}[a-z\xa1-\uffff0-9])?(?:\\.(?!-)[a-z\xa1-\uffff0-9-"
    "]{1,63}(?<!-))*\\.(?!-)(?:[a-z\xa1-\uffff-]{2,63}|xn--[a-z0-9]{1,59})(?<!-)\\.?|loca"
    "lhost))(?::\\d{2,5})?(?:[/?#][^\\s]*)?\\Z"
)


class Deferred:
    """A compiled pattern that is compiled when first used."""

    __slots__ = ("_compiled", "_flags", "_pattern")

    def __init__(self, pattern: str, flags: int) -> None:
        self._pattern, self._flags = pattern, flags
        self._compiled: re.Pattern[str] | None = None

    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            # wrapped in a non-capturing group: the same expression under another cache key,
            # so that compiling it does not find this stand-in again
            self._compiled = re.compile(f"(?:{self._pattern})", self._flags)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled(), name)


def defer_reportlab_regex() -> None:
    """Seed ``re``'s cache with a stand-in for ReportLab's URL pattern (see the module doc)."""
    cache = getattr(re, "_cache", None)
    if isinstance(cache, dict):
        cache.setdefault((str, URI_PATTERN, int(re.IGNORECASE)), Deferred(URI_PATTERN, re.I))
