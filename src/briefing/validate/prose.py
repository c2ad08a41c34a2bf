"""Reading analytic prose: its sentences, the numbers in them, and the parties they name.

Plain functions over text, used by the tradecraft lint (:mod:`.lint`): sentence splitting
that survives abbreviations, initials and decimals; numbers read without regard to locale
(9000, 9,000 and 9 000 are one number; dates and times are not numbers); and whether a sentence
names a party, in full, by a short form ("the defence ministry") or by its acronym ("MoD").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from briefing.materials.citations import CITATION

# --------------------------------------------------------------------------- sentences

#: Words written with a full stop that does not end a sentence (lower case, with their stops).
_ABBREVIATIONS = {
    "e.g.", "i.e.", "cf.", "vs.", "viz.", "approx.", "ca.", "c.", "al.", "no.", "nos.", "fig.",
    "vol.", "pp.", "p.", "mr.", "mrs.", "ms.", "dr.", "prof.", "st.", "gen.", "lt.", "col.",
    "maj.", "capt.", "sgt.", "adm.", "gov.", "sen.", "rep.", "pres.", "jr.", "sr.", "rev.",
    "jan.", "feb.", "mar.", "apr.", "jun.", "jul.", "aug.", "sep.", "sept.", "oct.", "nov.",
    "dec.", "inc.", "ltd.", "co.", "corp.", "dept.", "univ.", "est.", "min.", "max.", "art.",
}  # fmt: skip

_END = re.compile(r"[.!?]+[\"'”’)\]]*(?=\s)|\n[ \t]*\n")
_TOKEN_BEFORE = re.compile(r"[^\s(\[“\"']+$")


def sentences(text: str) -> list[tuple[int, str]]:
    """Split prose into sentences: ``(offset, sentence)`` pairs, offsets into ``text``.

    A full stop ends a sentence only when whitespace and a capital, digit, quote or bracket
    follow, and not after an abbreviation ("e.g.", "Dr."), an initial ("A. Expert") or dotted
    initials ("U.S."); a blank line always does. Decimals (3.67) never split: no space follows.
    """
    found: list[tuple[int, str]] = []
    start = 0
    for match in _END.finditer(text):
        end = match.end()
        if not match.group().startswith("\n"):
            token = _TOKEN_BEFORE.search(text, 0, match.start() + 1)
            word = token.group().lower() if token else ""
            follow = text[end:].lstrip()
            if (
                word in _ABBREVIATIONS
                or re.fullmatch(r"(?:[a-z]\.)+", word)  # an initial, or U.S., U.N.
                or not follow
                or not (follow[0].isupper() or follow[0].isdigit() or follow[0] in "\"“‘'([")
            ):
                continue
        _add(found, text, start, end)
        start = end
    _add(found, text, start, len(text))
    return found


def _add(found: list[tuple[int, str]], text: str, start: int, end: int) -> None:
    chunk = text[start:end]
    stripped = chunk.lstrip()
    if stripped.strip():
        found.append((start + len(chunk) - len(stripped), stripped.rstrip()))


QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|«[^»]*»|„[^“”]*[“”]")
CITED_ID = re.compile(r"@([a-z][a-z0-9_-]{0,39})")


def blank(text: str, pattern: re.Pattern[str]) -> str:
    """``text`` with every match of ``pattern`` replaced by spaces (offsets stay the same)."""
    return pattern.sub(lambda m: " " * len(m.group()), text)


def own_words(sentence: str) -> str:
    """The sentence with quoted words and citations blanked out: only the author's own words."""
    return blank(blank(sentence, QUOTED), CITATION)


# --------------------------------------------------------------------------- numbers

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
DATES = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+\d{{4}})?"
    rf"|\b{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?\b"
    rf"|\b{_MONTH}\s+\d{{4}}\b"
    r"|\b(?:in|since|by|until|till|before|after|from|of|early|late|mid-|during)\s*"
    r"(?:early\s+|late\s+|mid-)?(?:1[89]|20)\d{2}s?\b"
    r"|\b\d{1,2}[:.]\d{2}\s*(?:am|pm|a\.m\.|p\.m\.|h|hours|GMT|UTC)"
    r"|\b\d{1,2}:\d{2}\b",
    re.IGNORECASE,
)
_SPACES = " \u00a0\u202f\u2009"
_NUMBER = re.compile(
    r"(?<![\w.,/])(?<![A-Za-z]-)"
    rf"(?P<num>\d{{1,3}}(?P<sep>[,.{_SPACES}])\d{{3}}(?:(?P=sep)\d{{3}})*(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?)"
    r"(?![\w/]|[.,]\d)"
    r"(?:\s*(?P<scale>million|billion|thousand|bn|mn)\b)?",
    re.IGNORECASE,
)
_SCALES = {"thousand": 1e3, "million": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9}


def read_number(written: str) -> set[float]:
    """Every value a number written in prose can mean, without regard to locale.

    ``9000``, ``9,000``, ``9 000`` (any space, thin or not) and ``1.234.567`` are grouped
    digits; ``3.67`` and ``3,67`` decimals. A single group of three digits after a comma or a
    full stop (``9,000``, ``9.000``) is read both ways: nine thousand and nine.
    """
    groups = re.fullmatch(rf"(\d{{1,3}})([,.{_SPACES}])(\d{{3}}(?:\2\d{{3}})*)([.,]\d+)?", written)
    if groups:
        head, sep, rest, decimals = groups.groups()
        whole = float(head + rest.replace(sep, "") + ("." + decimals[1:] if decimals else ""))
        if sep in ",." and sep not in rest and not decimals:
            return {whole, float(f"{head}.{rest}")}
        return {whole}
    return {float(written.replace(",", "."))}


def numbers_in(sentence: str) -> Iterator[tuple[int, int, set[float]]]:
    """``(offset, length, values)`` of each number in a sentence; dates and times are not
    numbers, nor digits inside words (M7.8, F-16, COVID-19) or citations."""
    words = blank(blank(sentence, CITATION), DATES)
    for match in _NUMBER.finditer(words):
        values = read_number(match.group("num"))
        scale = match.group("scale")
        if scale:
            values = {v * _SCALES[scale.lower()] for v in values}
        yield match.start(), len(match.group("num")), values


def same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


# --------------------------------------------------------------------------- parties

_GENERIC = {
    "ministry", "department", "office", "agency", "authority", "government", "council",
    "committee", "commission", "service", "services", "organisation", "organization",
    "federation", "society", "societies", "union", "national", "international", "federal",
    "state", "states", "united", "republic", "institute", "bureau", "administration", "force",
    "forces", "army", "navy", "military", "police", "court", "centre", "center", "programme",
    "program", "group", "association", "board", "party", "general", "staff", "press", "news",
    "world", "security", "defence", "defense", "foreign", "affairs", "interior", "health",
    "energy", "water", "resources", "emergency", "emergencies", "disaster", "management",
    "public", "democratic", "red", "cross", "crescent", "human", "rights", "nations", "the",
    "and", "for", "central", "bank", "statistics", "joint", "chiefs", "armed",
    "global", "european", "geological", "survey", "trade", "economic", "atomic",
    "relief", "food", "aid", "development", "high", "commissioner", "refugees", "dr", "mr",
    "mrs", "ms", "prof", "president", "minister", "prime", "spokesperson", "spokesman",
}  # fmt: skip
_HEADS = {
    "ministry", "department", "agency", "authority", "government", "council", "commission",
    "committee", "office", "army", "military", "police", "bureau", "administration", "service",
    "court", "presidency", "company", "union", "federation", "institute", "survey", "bank",
    "organisation", "organization", "society", "operator", "kremlin", "cabinet",
}  # fmt: skip
_GOVERNMENT = {"ministry", "department", "cabinet", "presidency", "kremlin", "government"}
_DEMONYM = re.compile(r"(?:ian|ean|ese|ish|i)$")


#: A name written as an acronym ("WHO", "IOM", "MoD"): matched as written, never as a word.
_ACRONYM = re.compile(r"[A-Z][A-Za-z0-9&]{0,2}[A-Z][A-Z0-9&]*|[A-Z]{2}")
#: Small words an organisation's full name may hold that its acronym leaves out.
_FILLERS = {"of", "for", "and", "the", "on", "de", "du", "des", "la", "le", "et", "in", "&"}


@dataclass(frozen=True)
class Party:
    """A party that claims figures, and the ways a sentence may name it."""

    name: str
    phrases: tuple[str, ...]  # matched without regard to case
    words: tuple[str, ...]  # distinctive words, matched as written
    heads: tuple[str, ...]  # "the [two words] ministry" names it
    initials: str  # lower-case first letters of the name's words, for acronyms
    acronyms: tuple[str, ...] = ()  # acronyms it is known by, matched as written or spelled out
    places: tuple[str, ...] = ()  # one-word aliases: "Armenian officials" names Armenia


def heads_of(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z]+", name.lower()) if w in _HEADS}


def party(name: str, heads_elsewhere: set[str], aliases: tuple[str, ...] = ()) -> Party:
    """How a sentence can name ``name``: in full, by a short form, by its acronym, or by one of
    its ``aliases`` (the brief's ``aliases:``, e.g. its country or "the Kremlin").

    ``heads_elsewhere`` are the head nouns (ministry, agency, ...) of the other parties: "the
    ministry" names a party only when no other party is a ministry.
    """
    names = [name.strip()]
    inner = re.fullmatch(r"(.*?)\s*\(([^)]+)\)\s*", name)
    if inner:
        names = [inner.group(1), inner.group(2)]
    phrases: set[str] = set()
    words: set[str] = set()
    acronyms: set[str] = set()
    for alias in aliases:
        if not re.search(r"[^\W\d_]", alias):
            continue  # no letter: names nothing
        if _ACRONYM.fullmatch(alias.strip()):
            acronyms.add(alias.strip())
        elif alias.strip():
            phrases.add(" ".join(alias.lower().replace("’", "'").split()))
    for each in names:
        bare = re.sub(r"^the\s+", "", each, flags=re.IGNORECASE)
        if _ACRONYM.fullmatch(bare):
            acronyms.add(bare)
        else:
            phrases.add(bare.lower())
        of = re.search(r"\b([A-Z]\w+)\s+of\s+(?:the\s+)?(.+)$", bare)
        if of and of.group(1).lower() in _HEADS:
            phrases.add(f"{of.group(1)} of {of.group(2)}".lower())
            phrases.add(f"{of.group(2)} {of.group(1)}".lower())
            phrases.add(f"{of.group(2).split()[0]} {of.group(1)}".lower())
        tokens = re.findall(r"[\w’'-]+", bare)
        for token in tokens:
            plain = token.lower()
            if len(token) < 3 or plain in _GENERIC or not token[:1].isupper():
                continue
            if len(tokens) > 1 and _DEMONYM.search(plain):
                continue
            words.add(token)
    heads = heads_of(name) - heads_elsewhere
    if heads & _GOVERNMENT and "government" not in heads_elsewhere:
        heads.add("government")
    initials = "".join(w[0] for w in re.findall(r"[A-Za-z]\w*", names[0])).lower()
    return Party(
        name,
        tuple(sorted(phrases)),
        tuple(sorted(words)),
        tuple(sorted(heads)),
        initials,
        tuple(sorted(acronyms)),
        tuple(sorted(a.strip() for a in aliases if re.fullmatch(r"[A-Z][a-z]{3,}", a.strip()))),
    )


def _subsequence(short: str, long: str) -> bool:
    letters = iter(long)
    return all(ch in letters for ch in short)


def spelled_out(sentence: str, acronym: str) -> bool:
    """Whether the sentence writes out ``acronym`` (of three letters or more) in capitalised
    words: "the Centers for Disease Control" spells CDC, "World Health Organization" WHO."""
    target = re.sub(r"[^a-z]", "", acronym.lower())
    if len(target) < 3:
        return False
    tokens = re.findall(r"[A-Za-z][\w'’-]*|&", sentence)
    for i, first in enumerate(tokens):
        if not first[0].isupper() or first[0].lower() != target[0]:
            continue
        initials = ""
        for token in tokens[i:]:
            if token[0].isupper():
                initials += token[0].lower()
            elif token.lower() not in _FILLERS:
                break
            if initials == target:
                return True
            if not target.startswith(initials):
                break
    return False


#: Who speaks for a country: "Armenian officials", "Israeli authorities", "Sudanese figures".
_SPEAKERS = (
    "officials", "official", "authorities", "government", "ministry", "figures", "count",
    "counts", "data", "statistics", "sources", "spokesman", "spokeswoman", "spokesperson",
    "leaders", "officers", "state media",
)  # fmt: skip
_DEMONYM_ENDINGS = ("n", "an", "ian", "i", "ese", "ish", "ean")


def _speaks_for(sentence: str, place: str) -> bool:
    """Whether the sentence names the country ``place`` as a speaker by its adjective:
    "Armenian officials said" for Armenia, "Azerbaijani authorities" for Azerbaijan (but not
    "Armenian soldiers")."""
    stem = place.lower()
    stems = {stem, stem[:-1]} if stem[-1:] in "ae" else {stem}
    endings = "|".join(_DEMONYM_ENDINGS)
    speakers = "|".join(_SPEAKERS)
    return any(
        re.search(rf"\b{re.escape(s)}(?:{endings})\s+(?:{speakers})\b", sentence.lower())
        for s in stems
    )


def names(sentence: str, who: Party) -> bool:
    """Whether the sentence names the party (in full, a short form, an alias or its acronym)."""
    lower = " ".join(sentence.lower().replace("’", "'").split())
    for phrase in who.phrases:
        if re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", lower):
            return True
    for word in (*who.words, *who.acronyms):
        if re.search(rf"(?<!\w){re.escape(word)}(?!\w)", sentence):
            return True
    if any(spelled_out(sentence, acronym) for acronym in who.acronyms):
        return True
    if any(_speaks_for(sentence, place) for place in who.places):
        return True
    for head in who.heads:
        if re.search(rf"\b(?:the|its|their)\s+(?:[\w'-]+\s+){{0,2}}{head}\b", lower):
            return True
    for acronym in re.findall(r"\b[A-Z][A-Za-z]{1,7}\b", sentence):
        capitals = sum(ch.isupper() for ch in acronym)
        if (
            capitals >= 2
            and capitals >= len(acronym) - 1
            and len(acronym) <= len(who.initials)
            and _subsequence(acronym.lower(), who.initials)
        ):
            return True
    return False
