"""Citations: ``[@id]`` and ``[@a; @b]`` in the brief's prose, and ``cite:`` lists.

Finds citations in plain text (for validation, with their offsets) and turns them into the
printed form: the cited sources' numbers, ``[1, 3]``, each a link to its entry in the sources
list. ``[@`` followed by anything that is not a list of ids and ``]`` is plain text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass

_ID = r"[a-z][a-z0-9_-]{0,39}"
CITATION = re.compile(rf"\[@{_ID}(?:\s*;\s*@{_ID})*\]")
_CITED = re.compile(rf"@({_ID})")

#: Where a source's entry is anchored in the PDF: ``#source-3``.
ANCHOR = "source-{number}"


@dataclass(frozen=True)
class Cited:
    """One id cited in a text, and the offset of its ``@`` in that text."""

    id: str
    offset: int


def citations_in(text: str) -> Iterator[Cited]:
    """Every id cited in ``text``, in order, with where it stands."""
    for match in CITATION.finditer(text):
        for cited in _CITED.finditer(match.group(0)):
            yield Cited(cited.group(1), match.start() + cited.start())


def numbers_of(ids: Iterable[str], numbers: Mapping[str, int]) -> list[int]:
    """The sources' numbers for ``ids``, ascending, each once (unknown ids are left out)."""
    return sorted({numbers[i] for i in ids if i in numbers})


def printed(ids: Iterable[str], numbers: Mapping[str, int]) -> str:
    """The plain-text form of a citation: ``[1, 3]`` (empty when nothing is known)."""
    found = numbers_of(ids, numbers)
    return f"[{', '.join(str(n) for n in found)}]" if found else ""


def plain_citations(text: str, numbers: Mapping[str, int]) -> str:
    """``text`` with each citation replaced by its printed form (for e-mail and charts)."""
    return CITATION.sub(
        lambda m: printed((c.group(1) for c in _CITED.finditer(m.group(0))), numbers), text
    )


def link_markup(ids: Iterable[str], numbers: Mapping[str, int], colour: str) -> str:
    """ReportLab markup for a citation: ``[1, 3]``, each number a link to its source entry."""
    links = [
        f'<a href="#{ANCHOR.format(number=n)}" color="{colour}">{n}</a>'
        for n in numbers_of(ids, numbers)
    ]
    return f"[{', '.join(links)}]" if links else ""


#: Stand-ins for citations while the rest of the text is escaped and marked up: characters of
#: the supplementary private-use plane, one per citation, put back as links afterwards.
_PLACEHOLDER = 0xF0000


def with_citations(
    text: str,
    numbers: Mapping[str, int],
    colour: str,
    markup: Callable[[str], str],
) -> str:
    """Markup for ``text`` (made by ``markup``) with each citation printed as linked numbers."""
    found: list[str] = []

    def hold(match: re.Match[str]) -> str:
        ids = [c.group(1) for c in _CITED.finditer(match.group(0))]
        found.append(link_markup(ids, numbers, colour))
        return chr(_PLACEHOLDER + len(found) - 1)

    held = CITATION.sub(hold, text)
    if not found:
        return markup(text)
    out = markup(held)
    for k, link in enumerate(found):
        out = out.replace(chr(_PLACEHOLDER + k), link)
    return out
