"""Tradecraft lint: does the brief keep claims, facts and judgement apart, as readers trust it to?

Takes the read :class:`Document` (the brief's plain data as typed, with positions) and returns
warnings, each with a stable rule id (see :data:`RULES`), the line and column of the words that
raised it, and a hint. It reads the data, not the typed model, so that it warns about a brief
that does not validate; version 1 is normalised into version 2 first, as validation does
(:func:`briefing.model.normalise`: ``claims`` and ``analysis`` as lists, ``sections[].blocks``),
and each warning is placed where the author wrote the words. Anything of an unexpected shape
is skipped, never an error: the validator reports those.

The rules lean towards silence: a well-written brief gets no warning (``tests/lint/`` holds the
corpus of good and bad sentences that keeps it so).

Why one module: the five rules share one walk over the brief's prose and one table of rule ids
and hints (the public contract of ``--format sarif``); each rule is a short function, and the
text helpers they use are in :mod:`.prose` (sentences, parties), :mod:`.figures` (figures with
their scale, kind and qualifier) and :mod:`.texts` (every text of the brief with its role).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from briefing.errors import Diagnostic, Rule
from briefing.materials.citations import CITATION
from briefing.model import authored, normalise
from briefing.read import Document, Path_, format_path
from briefing.validate import figures as _figures
from briefing.validate.figures import Amount, Claim, amounts, claim
from briefing.validate.prose import (
    CITED_ID,
    QUOTED,
    Party,
    blank,
    heads_of,
    names,
    own_words,
    party,
    sentences,
)
from briefing.validate.texts import CLAIM_ROLES, Prose, blocks_of, cited_ids, prose

# --------------------------------------------------------------------------- the rules


ICD_SCALE = (
    "almost no chance, very unlikely, unlikely, roughly even chance, likely, very likely, "
    "almost certain"
)

RULES = (
    Rule(
        "estimative-language",
        "Words of uncertainty outside the ICD 203 estimative scale in the analysis",
        f"say how likely in the words of the ICD 203 scale: {ICD_SCALE}",
    ),
    Rule(
        "confidence-with-probability",
        "One sentence states both a confidence level and a probability",
        "ICD 203 keeps them apart: say how likely in the judgement, and the confidence in its "
        "own sentence (or in the analysis's 'confidence:' key)",
    ),
    Rule(
        "judgement-in-facts",
        "A judgement or forecast in the narrative sections, which readers take as fact",
        "move the judgement into the analysis (or the summary), or attribute it to whoever made "
        "it ('the survey said aftershocks are likely')",
    ),
    Rule(
        "unattributed-claim",
        "A figure from a party's claims restated anywhere on the page without naming that party",
        "name who claims it where the figure stands ('the ministry says …', or one of the "
        "party's aliases), so that the figure is not read as fact",
    ),
    Rule(
        "uncited-source",
        "A source with an id that nothing cites, in a brief that uses citations",
        "cite it with [@id] where the brief relies on it, or remove it",
    ),
)
RULE_IDS = tuple(rule.id for rule in RULES)
_HELP = {rule.id: rule.help for rule in RULES}


# --------------------------------------------------------------------------- positions


def _locate(doc: Document, path: Path_, text: str, offset: int, length: int) -> tuple[int, int]:
    """Line and column of ``text[offset:offset+length]`` (the value at ``path``) in the file."""
    line, column = doc.position(path)
    token = text[offset : offset + length]
    source = doc.lines[line - 1] if 0 < line <= len(doc.lines) else ""
    if path not in doc.block and "\n" not in text:
        start = column - 1 + (1 if path in doc.quoted else 0) + offset
        if source[start : start + length] == token:
            return line, start + 1
    nth = text.count(token, 0, offset)
    seen = 0
    for index in range(line - 1, len(doc.lines)):
        found = doc.lines[index].find(token, column - 1 if index == line - 1 else 0)
        while found >= 0:
            if seen == nth:
                return index + 1, found + 1
            seen += 1
            found = doc.lines[index].find(token, found + 1)
    return line, column


def _warn(
    doc: Document,
    rule: str,
    item: Prose,
    offset: int,
    length: int,
    message: str,
    hint: str = "",
) -> Diagnostic:
    line, column = _locate(doc, item.path, item.text, offset, length)
    return Diagnostic(
        doc.name,
        line,
        column,
        format_path(item.path),
        message,
        hint or _HELP[rule],
        severity="warning",
        rule=rule,
    )


# --------------------------------------------------------------------------- estimative-language

_HEDGE = re.compile(r"\b(might|may|could|possibly|perhaps|maybe)\b", re.IGNORECASE)
#: 'might' as a noun: "military might", "Russia's might".
_MIGHT_NOUN_BEFORE = {
    "military", "economic", "naval", "air", "industrial", "nuclear", "financial", "full",
    "all", "its", "their", "his", "her", "our", "your", "the", "sheer", "great", "russia's",
}  # fmt: skip


def _hedges(words: str) -> Iterator[re.Match[str]]:
    """Words of uncertainty in the author's own words, less 'May' the month or the name, 'might'
    the noun, and 'could not' (an ability, not a likelihood)."""
    for match in _HEDGE.finditer(words):
        word = match.group()
        before = words[: match.start()].split()
        after = words[match.end() :].split()
        following = after[0].lower().strip(",;:.") if after else ""
        if word == "May" and (before or (after and after[0][:1].isdigit())):
            continue
        if word.lower() == "might" and (
            (before and before[-1].lower().replace("’", "'") in _MIGHT_NOUN_BEFORE)
            or (before and before[-1].lower().endswith(("'s", "’s")))
            or following in ("and", "of", "or", "")
        ):
            continue
        if word.lower() == "could" and following in ("not", "never", "no"):
            continue
        yield match


# --------------------------------------------------------------------------- confidence, judgement

_CONFIDENCE = re.compile(
    r"\b(?:low|moderate|medium|high)(?:er|est)?[- ](?:level\s+of\s+)?confidence\b"
    r"|\bwe\s+(?:are|remain)\s+(?:\w+\s+)?confident\b"
    r"|\bconfidence\s+(?:is|remains|was)\s+(?:low|moderate|medium|high)\b",
    re.IGNORECASE,
)
_PROBABILITY = re.compile(
    r"\b(?:almost\s+no\s+chance|remote\s+(?:chance|possibility)|(?:very\s+|highly\s+)?unlikely"
    r"|improbable|roughly\s+even\s+(?:chance|odds)|even\s+chance|(?:very\s+|highly\s+)?likely"
    r"|probabl[ey]|(?:almost|nearly|virtually)\s+certain(?:ly)?"
    r"|\d+(?:\.\d+)?\s*(?:%|per\s*cent|percent)\s+(?:chance|probability|likelihood))\b",
    re.IGNORECASE,
)
_JUDGEMENT = re.compile(
    r"\b(?:we|i)\s+(?:assess|judge|estimate|believe|think|expect|anticipate|predict|suspect)\b"
    r"|\bour\s+(?:assessment|judgement|judgment|view|estimate)\b"
    r"|\b(?:(?:very\s+|highly\s+|most\s+)?(?:un)?likely|probably|probable|almost\s+certainly"
    r"|presumably|in\s+all\s+likelihood)\b",
    re.IGNORECASE,
)
_FIRST_PERSON = re.compile(r"^(?:we|i|our)\b", re.IGNORECASE)
#: A sentence that reports someone else's judgement ("the survey said aftershocks are likely").
_REPORTED = re.compile(
    r"\b(?:said|says|say|stated|states|told|tells|according\s+to|warned|warns|predicted"
    r"|predicts|forecast|forecasts|expects|estimated|estimates|reported|reports|announced"
    r"|claimed|claims|wrote|writes|noted|added|believes|argued|argues|insisted|assessed"
    r"|assesses|judged|judges|cautioned|cautions)\b",
    re.IGNORECASE,
)


def _judgements(words: str) -> Iterator[re.Match[str]]:
    reported = _REPORTED.search(words) is not None
    for match in _JUDGEMENT.finditer(words):
        if reported and not _FIRST_PERSON.match(match.group()):
            continue
        yield match


@dataclass(frozen=True)
class Claimed:
    """One claimed figure: its value(s) as a number of a kind, who claims it, and the words
    that describe it."""

    claim: Claim
    party: Party
    label: str
    path: Path_


def _value(raw: Any) -> tuple[float, ...]:
    items = raw if isinstance(raw, list) else [raw]
    found = []
    for item in items:
        try:
            found.append(float(str(item).strip()))
        except ValueError:
            continue
    return tuple(found)


def claimed_figures(data: Any) -> list[Claimed]:
    """Every figure the brief's claims attribute to a party, except confirmed ones."""
    if not isinstance(data, dict):
        return []
    normal, written = normalise(data)
    blocks = [
        (authored(where, written), b) for where, b in blocks_of(normal.get("claims"), ("claims",))
    ]
    heads = [heads_of(str(block.get("source", ""))) for _, block in blocks]
    found = []
    for index, (where, block) in enumerate(blocks):
        source = block.get("source")
        items = block.get("items")
        if not isinstance(source, str) or not isinstance(items, list):
            continue
        others = set().union(*(h for j, h in enumerate(heads) if j != index))
        who = party(source, others, cited_ids(block.get("aliases")))
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                continue
            status = str(item.get("status") or block.get("status") or "claimed").strip().lower()
            values = _value(item.get("value"))
            if status == "confirmed" or not values:
                continue
            unit = item.get("unit")
            words = f"{item.get('label', '')} {unit or ''}"
            figure = claim(values, unit if isinstance(unit, str) else "")
            found.append(Claimed(figure, who, words, (*where, "items", i)))
    return found


#: Words that say the same thing as a claim's label in other words ("killed" for deaths).
_TOPICS = (
    {"death", "deaths", "dead", "died", "die", "dying", "kill", "kills", "killed", "killing",
     "toll", "fatalities", "fatality", "lives", "bodies", "perished"},
    {"displaced", "displacement", "fled", "flee", "fleeing", "uprooted", "homeless", "homes",
     "evacuated", "evacuees", "refugees", "displace", "displacing"},
    {"injured", "injuries", "wounded", "hurt", "injuring"},
    {"cases", "case", "infected", "infections", "infection", "patients", "ill", "sick"},
    {"cost", "costs", "losses", "loss", "lost", "damage", "damages", "bill"},
    {"growth", "grew", "grow", "grown", "expanded", "expansion", "economy", "economic"},
    {"inflation", "prices", "price"},
    {"soldiers", "troops", "servicemen", "fighters", "militants", "combatants"},
)  # fmt: skip
#: Words too common to tie a sentence to a label.
_PLAIN = {"people", "persons", "number", "total", "figure", "more", "than", "about", "some"}


def _stems(text: str) -> set[str]:
    found = set()
    for word in re.findall(r"[a-z]{3,}", text.lower()):
        if word in _PLAIN:
            continue
        groups = [f"#{n}" for n, topic in enumerate(_TOPICS) if word in topic]
        found.update(groups or ([word[:5]] if len(word) > 3 else []))
    return found


def _about(sentence: str, label: str) -> bool:
    """Whether the sentence speaks of what the label counts: a shared word of 4+ letters (by
    its first five letters), or words of one topic ("killed" for a label of deaths)."""
    return bool(_stems(sentence) & _stems(label))


# --------------------------------------------------------------------------- citations


def _cited(data: Any) -> tuple[set[str], bool]:
    """Ids cited anywhere (``[@id]`` in prose, ``cite:`` lists), and whether any citation is."""
    ids: set[str] = set()
    used = False
    stack: list[Any] = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            for citation in CITATION.findall(value):
                used = True
                ids.update(CITED_ID.findall(citation))
        elif isinstance(value, dict):
            for key, item in value.items():
                if key == "cite":
                    used = True
                    ids.update(
                        i.strip()
                        for i in (item if isinstance(item, list) else [item])
                        if isinstance(i, str)
                    )
                else:
                    stack.append(item)
        elif isinstance(value, list):
            stack.extend(value)
    return ids, used


def _source_texts(data: Any) -> dict[str, str]:
    """Each source id -> its publisher and title, to see whom a citation names."""
    found: dict[str, str] = {}
    sources = data.get("sources") if isinstance(data, dict) else None
    for source in sources if isinstance(sources, list) else ():
        if isinstance(source, dict) and isinstance(source.get("id"), str):
            found[source["id"].strip()] = (
                f"{source.get('publisher', '')} — {source.get('title', '')}"
            )
    return found


# --------------------------------------------------------------------------- the stage


def lint_brief(doc: Document) -> list[Diagnostic]:
    """Every tradecraft warning for the read brief ``doc``, in the order of the file."""
    found: list[Diagnostic] = []
    figures = claimed_figures(doc.data)
    sources = _source_texts(doc.data)
    for item in prose(doc.data):
        if item.role not in CLAIM_ROLES:
            continue
        for offset, sentence in sentences(item.text):
            words = own_words(sentence)
            if item.role == "analysis":
                found.extend(_estimative(doc, item, offset, words))
            if item.role in ("analysis", "summary"):
                found.extend(_mixed(doc, item, offset, words))
            if item.role == "narrative":
                found.extend(_judgement(doc, item, offset, words))
            if item.role in CLAIM_ROLES and figures:
                found.extend(_unattributed(doc, item, offset, sentence, figures, sources))
    found.extend(_uncited(doc))
    found.sort(key=lambda d: (d.line, d.column))
    return found


def _estimative(doc: Document, item: Prose, offset: int, words: str) -> Iterator[Diagnostic]:
    hedges = list(_hedges(words))
    if hedges:
        listed = ", ".join(dict.fromkeys(f"'{m.group().lower()}'" for m in hedges))
        first = hedges[0]
        yield _warn(
            doc,
            "estimative-language",
            item,
            offset + first.start(),
            len(first.group()),
            f"{listed} says how likely in words outside the ICD 203 estimative scale",
        )


def _mixed(doc: Document, item: Prose, offset: int, words: str) -> Iterator[Diagnostic]:
    confidence = _CONFIDENCE.search(words)
    probability = _PROBABILITY.search(words)
    if confidence and probability:
        yield _warn(
            doc,
            "confidence-with-probability",
            item,
            offset + confidence.start(),
            len(confidence.group()),
            f"one sentence states a confidence level ('{confidence.group()}') and a "
            f"probability ('{probability.group()}')",
        )


def _judgement(doc: Document, item: Prose, offset: int, words: str) -> Iterator[Diagnostic]:
    for match in _judgements(words):
        yield _warn(
            doc,
            "judgement-in-facts",
            item,
            offset + match.start(),
            len(match.group()),
            f"'{match.group()}' is a judgement in the narrative, which readers take as fact",
        )
        return


#: What the text that restates a figure is, in a warning, and where the party may be named.
_WHAT = {
    "heading": ("a heading", "in the heading"),
    "fact": ("a key fact", "in the fact, its label or its source"),
    "event": ("a timeline event", "in the event"),
    "cell": ("a table row", "in the row, its column's header or the table's title"),
    "caption": ("a caption", "in the caption"),
}


def _claimants(amount: Amount, sentence: str, figures: list[Claimed]) -> list[Claimed]:
    """The claims this written figure restates: the same number (a claimed value below 100
    only where the words speak of what it counts), or a number within what its qualifier
    allows where they do."""
    found = []
    for figure in figures:
        how = _figures.match(amount, figure.claim)
        small = how == "exact" and figure.claim.high < 100
        if how and ((how == "exact" and not small) or _about(sentence, figure.label)):
            found.append(figure)
    return found


def _unattributed(
    doc: Document,
    item: Prose,
    offset: int,
    sentence: str,
    figures: list[Claimed],
    sources: dict[str, str],
) -> Iterator[Diagnostic]:
    ids = [i for c in CITATION.findall(sentence) for i in CITED_ID.findall(c)]
    cited = " | ".join(sources.get(i, "") for i in (*ids, *item.cites))
    words = blank(sentence, QUOTED)
    for amount in amounts(words):
        matching = _claimants(amount, f"{sentence} {item.context}", figures)
        named = (sentence, item.context, cited)
        if not matching or any(names(text, f.party) for f in matching for text in named):
            continue
        parties = list(dict.fromkeys(f.party.name for f in matching))
        listed = " and ".join(
            f"{name} ({', '.join(format_path(f.path) for f in matching if f.party.name == name)})"
            for name in parties
        )
        where, there = _WHAT.get(item.role, ("a sentence", "in the same sentence"))
        says = " or ".join(f"'{name} says …'" for name in parties)
        start, length = amount.start, amount.length
        yield _warn(
            doc,
            "unattributed-claim",
            item,
            offset + start,
            length,
            f"{sentence[start : start + length]} is a figure claimed by {listed}, restated in "
            f"{where} that does not name {'them' if len(parties) == 1 else 'any of them'}",
            f"name who claims it {there} ({says}), so that the figure is not read as fact",
        )


def _uncited(doc: Document) -> Iterator[Diagnostic]:
    ids, used = _cited(doc.data)
    sources = doc.data.get("sources") if isinstance(doc.data, dict) else None
    if not used or not isinstance(sources, list):
        return
    for i, source in enumerate(sources):
        if not isinstance(source, dict) or not isinstance(source.get("id"), str):
            continue
        name = source["id"].strip()
        if name in ids:
            continue
        path: Path_ = ("sources", i, "id")
        line, column = doc.position(path)
        yield Diagnostic(
            doc.name,
            line,
            column,
            format_path(path),
            f"source '{name}' is never cited, though the brief cites its sources",
            f"cite it with [@{name}] where the brief relies on it, or remove it",
            severity="warning",
            rule="uncited-source",
        )
