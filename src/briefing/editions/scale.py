"""The orders a judgement moves along: the ICD 203 estimative scale and the confidence levels.

One place for both, with their tests (tests/test_editions.py): :mod:`briefing.editions.compare`
finds a judgement that moved between editions with them, and says whether it moved up or down.

The estimative scale of ICD 203 (Analytic Standards, standard 2), lowest first, each step with
the synonyms the directive gives it::

    almost no chance (remote)  <  very unlikely (highly improbable)  <  unlikely (improbable)
    <  roughly even chance (roughly even odds)  <  likely (probable)
    <  very likely (highly probable)  <  almost certain (nearly certain)

A term is found in a point's text as whole words, in any case ("Very Likely", "very\\nlikely"); the
longest term wins where one holds another ("very unlikely" is not "unlikely"; "highly
improbable" is not "improbable"). Confidence is ``low < moderate < high``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

#: The steps of the ICD 203 scale, lowest first: (the term, its synonyms).
ESTIMATIVE_SCALE: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("almost no chance", ("remote",)),
    ("very unlikely", ("highly improbable",)),
    ("unlikely", ("improbable",)),
    ("roughly even chance", ("roughly even odds",)),
    ("likely", ("probable",)),
    ("very likely", ("highly probable",)),
    ("almost certain", ("nearly certain",)),
)

#: Confidence, lowest first.
CONFIDENCE_ORDER = ("low", "moderate", "high")

#: Every term and synonym -> its step on the scale (0 = almost no chance).
_RANK = {
    word: rank
    for rank, (term, synonyms) in enumerate(ESTIMATIVE_SCALE)
    for word in (term, *synonyms)
}
_TERMS = re.compile(
    r"(?<![\w-])("
    + "|".join(
        r"\s+".join(re.escape(part) for part in word.split())
        for word in sorted(_RANK, key=len, reverse=True)
    )
    + r")(?![\w-])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Term:
    """An estimative term found in a text: as written, its step, and where it stands."""

    text: str
    rank: int
    start: int
    end: int

    @property
    def name(self) -> str:
        """The scale's own word for its step ('likely' for 'probable')."""
        return ESTIMATIVE_SCALE[self.rank][0]


def estimative_terms(text: str) -> list[Term]:
    """Every term of the ICD 203 scale in ``text``, in order."""
    return [
        Term(m.group(0), _RANK[" ".join(m.group(0).lower().split())], m.start(), m.end())
        for m in _TERMS.finditer(text)
    ]


def estimative_rank(term: str) -> int | None:
    """A term's step on the scale (0 = almost no chance, 6 = almost certain), None if it is
    not one of the scale's words."""
    return _RANK.get(" ".join(term.lower().split()))


def confidence_rank(level: str | None) -> int | None:
    """low 0, moderate 1, high 2; None for no confidence given."""
    return CONFIDENCE_ORDER.index(level) if level in CONFIDENCE_ORDER else None


def without_terms(text: str) -> str:
    """``text`` with its estimative terms blanked: what stays the same when only a judgement's
    likelihood moved."""
    return " ".join(_TERMS.sub("\u2026", text).lower().split())
