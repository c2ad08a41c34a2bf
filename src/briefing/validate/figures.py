"""Figures as the lint compares them: a number with its scale, its kind and its qualifier.

A figure in prose ("about USD 250–300 million", "more than 11,000", "3.6%") is read as an
:class:`Amount`: every value it can mean (scale applied), its kind (``""`` for a count, ``"%"``
for a percentage, or a currency code such as ``"USD"``) and the qualifier written before it. A
claimed figure is read from its item's ``value`` and ``unit`` ("million USD", "billion US$",
"%") the same way, into a :class:`Claim`. :func:`match` says whether a written figure restates a
claimed one: ``"exact"`` (the same number, or inside the claimed range), ``"near"`` (within the
rounding its qualifier allows, per :data:`TOLERANCES`) or ``""``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from briefing.materials.citations import CITATION
from briefing.validate.prose import DATES, blank, read_number

# --------------------------------------------------------------------------- qualifiers

#: How far a claimed value C may be from a figure W written with a qualifier: C must lie in
#: ``[W × low, W × high]`` (or the claimed range must overlap it). docs/lint.md prints this table.
TOLERANCES: dict[str, tuple[float, float]] = {
    "exact": (1.0, 1.0),  # no qualifier: exactly, or inside the claimed range
    "about": (0.95, 1.05),  # about, around, some, roughly, approximately, an estimated, ~
    "nearly": (0.90, 1.0),  # nearly, almost, close to, just under
    "more than": (1.0, 1.25),  # more than, over, at least, above, passes, tops, exceeds
    "up to": (0.80, 1.0),  # up to, fewer than, less than, under, below, at most
}

#: The words written before a figure, and the row of :data:`TOLERANCES` each one reads as.
QUALIFIER_WORDS: dict[str, str] = {
    **dict.fromkeys(
        ("about", "around", "some", "roughly", "approximately", "approx.", "an estimated",
         "estimated", "circa", "ca.", "c.", "~", "an approximate"),
        "about",
    ),
    **dict.fromkeys(("nearly", "almost", "close to", "just under", "just shy of"), "nearly"),
    **dict.fromkeys(
        ("more than", "over", "at least", "upwards of", "in excess of", "above", "exceeding",
         "exceeds", "exceeded", "passes", "passed", "passing", "tops", "topped", "topping",
         "surpasses", "surpassed", "just over", "well above", "well over", "beyond"),
        "more than",
    ),
    **dict.fromkeys(
        ("up to", "fewer than", "less than", "under", "below", "at most", "no more than",
         "as many as", "as much as"),
        "up to",
    ),
}  # fmt: skip

_QUALIFIER = re.compile(
    r"(?<![\w.])(?P<q>"
    + "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(QUALIFIER_WORDS, key=len, reverse=True)
    )
    + r")\s*$",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------- units and scales

#: Currency signs, codes and words, and the code each means.
_CURRENCIES = {
    "us$": "USD", "$": "USD", "usd": "USD", "dollar": "USD", "dollars": "USD",
    "us dollars": "USD", "€": "EUR", "eur": "EUR", "euro": "EUR", "euros": "EUR",
    "£": "GBP", "gbp": "GBP", "sterling": "GBP", "pounds sterling": "GBP", "¥": "JPY",
    "jpy": "JPY", "yen": "JPY", "cny": "CNY", "rmb": "CNY", "yuan": "CNY", "renminbi": "CNY",
    "₽": "RUB", "rub": "RUB", "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB",
    "₴": "UAH", "uah": "UAH", "hryvnia": "UAH", "hryvnias": "UAH", "₹": "INR", "inr": "INR",
    "rupee": "INR", "rupees": "INR", "₺": "TRY", "try": "TRY", "lira": "TRY", "lire": "TRY",
    "₪": "ILS", "ils": "ILS", "shekel": "ILS", "shekels": "ILS", "chf": "CHF", "franc": "CHF",
    "francs": "CHF", "aud": "AUD", "a$": "AUD", "cad": "CAD", "c$": "CAD", "ngn": "NGN",
    "₦": "NGN", "naira": "NGN", "zar": "ZAR", "rand": "ZAR", "brl": "BRL", "r$": "BRL",
    "sdg": "SDG", "btc": "BTC", "bitcoin": "BTC", "bitcoins": "BTC",
}  # fmt: skip
_SIGNS = sorted((c for c in _CURRENCIES if not c.isalpha()), key=len, reverse=True)
_CODES = sorted((c for c in _CURRENCIES if c.isalpha() and len(c) == 3), key=len)
_WORDS = sorted((c for c in _CURRENCIES if c.isalpha() or " " in c), key=len, reverse=True)
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
    "b": 1e9, "trillion": 1e12, "tn": 1e12,
}  # fmt: skip
#: "m", "k" and "b" are a scale only after a currency ("$4.4m"), never alone ("2.5 m" of water).
_CURRENCY_ONLY_SCALES = {"m", "k", "b"}
_PERCENT = re.compile(r"%|per\s*cent\b|percent\b|percentage\s+points?\b", re.IGNORECASE)

_SPACES = " \u00a0\u202f\u2009"
_NUMBER = re.compile(
    r"(?<![\w.,/])(?<![A-Za-z]-)"
    rf"(?P<num>\d{{1,3}}(?P<sep>[,.{_SPACES}])\d{{3}}(?:(?P=sep)\d{{3}})*(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?)"
    r"(?:(?P<tight>bn|mn|tn|m|k|b)\b|(?![\w/]|[.,]\d))"
    r"(?:\s*(?P<scale>million|billion|thousand|trillion|bn|mn|tn)\b)?",
    re.IGNORECASE,
)
_SIGN_BEFORE = re.compile(
    "(?i:" + "|".join(re.escape(s) for s in _SIGNS) + r")\s?$"
    r"|(?<![A-Za-z])(?:" + "|".join(c.upper() for c in _CODES) + r")\s?$",
)
_WORD_AFTER = re.compile(
    r"\s*(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in _WORDS) + r")\b",
    re.IGNORECASE,
)
#: A short number right after a capitalised word is part of a name: "Terminal 2", "Week 44",
#: "Resolution 2334" (but not "The 400", "About 30" or "In 2016").
_NAMED = re.compile(r"(?<![\w'’])([A-Z][a-z]+)\s$")
_NOT_NAMES = {
    "the", "a", "an", "in", "on", "at", "by", "of", "for", "from", "to", "with", "and", "or",
    "but", "only", "all", "just", "another", "its", "their", "his", "her", "our", "those",
    "these", "then", "when", "while", "after", "before", "since", "until", "between", "where",
    "into", "than", "says", "said", "reported", "counted", "put", "killed", "lost", "cost",
    *(w.split()[-1] for w in QUALIFIER_WORDS),
}  # fmt: skip
#: How far before and after a number its sign, qualifier and unit are looked for (characters).
_REACH = 40
_RANGE = re.compile(r"\s*(?:–|—|-|to)\s*$|\s*and\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Amount:
    """A figure written in prose: where its number stands and what it can mean."""

    start: int
    length: int  # of the digits, for the warning's position
    values: tuple[float, ...]  # every reading, scale applied
    kind: str  # "" a count, "%" a percentage, or a currency code
    qualifier: str  # a row of TOLERANCES
    scaled: bool = False  # a scale word or sign followed (million, bn, m)


def _currency(written: str) -> str:
    return _CURRENCIES.get(re.sub(r"\s+", " ", written.strip().lower()), "")


def amounts(sentence: str) -> list[Amount]:
    """Every figure in a sentence, with its scale, kind and qualifier; dates, times, digits
    inside words and citations are not figures. The two ends of a range ("USD 250–300
    million", "between $250 million and $300 million") share their sign, scale and qualifier."""
    words = blank(blank(sentence, CITATION), DATES)
    found: list[tuple[Amount, re.Match[str], float | None]] = []
    for match in _NUMBER.finditer(words):
        before = words[max(0, match.start() - _REACH) : match.start()]
        label = _NAMED.search(before)
        if (
            label
            and label.group(1).lower() not in _NOT_NAMES
            and re.fullmatch(r"\d{1,4}", match.group("num"))
            and not match.group("scale")
        ):
            continue  # "Terminal 2": a name, not a figure
        kind = ""
        sign = _SIGN_BEFORE.search(before)
        if sign:
            kind = _currency(sign.group())
            before = before[: sign.start()]
        after = words[match.end() : match.end() + _REACH]
        if not kind:
            word = _WORD_AFTER.match(after)
            if word:
                kind = _currency(word.group())
            elif _PERCENT.match(after.lstrip()) and (after[:1] == "%" or after[:1].isspace()):
                kind = "%"
        scale_word = (match.group("tight") or match.group("scale") or "").lower()
        if scale_word in _CURRENCY_ONLY_SCALES and not kind:
            if match.group("tight"):
                continue  # "2.5m" of water: a measure, not a figure to compare
            scale_word = ""
        scale = _SCALES.get(scale_word)
        qualifier = _QUALIFIER.search(before)
        values = tuple(sorted(read_number(match.group("num"))))
        amount = Amount(
            match.start(),
            len(match.group("num")),
            values,
            kind,
            QUALIFIER_WORDS[re.sub(r"\s+", " ", qualifier.group("q").lower())]
            if qualifier
            else "exact",
        )
        found.append((amount, match, scale))
    return list(_join_ranges(words, found))


def _join_ranges(
    words: str, found: list[tuple[Amount, re.Match[str], float | None]]
) -> Iterator[Amount]:
    shared: list[tuple[Amount, float | None]] = [(a, s) for a, _, s in found]
    for i in range(len(found) - 1):
        (first, m1, s1), (second, m2, s2) = found[i], found[i + 1]
        between = words[m1.end() : m2.start()]
        joined = _RANGE.fullmatch(between) is not None
        if joined and between.strip().lower() == "and":
            lead = words[max(0, m1.start() - _REACH) : m1.start()]
            joined = re.search(r"\bbetween\s+\S*$", lead, re.IGNORECASE) is not None
        if not joined:
            continue
        if first.kind and not second.kind:
            second = replace(second, kind=first.kind)
        if second.kind and not first.kind:
            first = replace(first, kind=second.kind)
        if first.qualifier != "exact" and second.qualifier == "exact":
            second = replace(second, qualifier=first.qualifier)
        shared[i] = (first, s1 if s1 is not None else s2)
        shared[i + 1] = (second, s2)
        found[i + 1] = (second, m2, s2)
    for amount, scale in shared:
        if scale is not None:
            amount = replace(amount, values=tuple(v * scale for v in amount.values), scaled=True)
        yield amount


# --------------------------------------------------------------------------- claimed figures


@dataclass(frozen=True)
class Claim:
    """A claimed figure as a number: its low and high end (scale applied) and its kind."""

    low: float
    high: float
    kind: str


def claim(values: tuple[float, ...], unit: str) -> Claim:
    """The claimed ``values`` in ``unit`` ("million USD", "billion US$", "%", "deaths")."""
    text = unit.strip().lower()
    scale = 1.0
    kind = "%" if _PERCENT.fullmatch(text) or text == "%" else ""
    for token in re.findall(r"[a-z]+\$?|[^\sa-z0-9]+", text):
        if token in _SCALES and token not in _CURRENCY_ONLY_SCALES:
            scale *= _SCALES[token]
        elif not kind and _currency(token):
            kind = _currency(token)
    if not kind:
        for word in _WORDS:
            if " " in word and word in text:
                kind = _currency(word)
    return Claim(min(values) * scale, max(values) * scale, kind)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def match(amount: Amount, claimed: Claim) -> str:
    """``"exact"`` when the written figure is the claimed one (or inside its range), ``"near"``
    when it is within what its qualifier allows (:data:`TOLERANCES`), else ``""``. A percentage
    never matches a count, nor one currency another; a figure without a currency may restate
    a claimed sum ("losses of 300 million")."""
    if amount.kind != claimed.kind and not (claimed.kind not in ("", "%") and not amount.kind):
        return ""
    low, high = claimed.low, claimed.high
    for value in amount.values:
        if _close(value, low) or _close(value, high) or low <= value <= high:
            return "exact"
    factor_low, factor_high = TOLERANCES[amount.qualifier]
    for value in amount.values:
        a, b = value * factor_low, value * factor_high
        if a <= high * (1 + 1e-9) and low <= b * (1 + 1e-9):
            return "near"
    return ""
