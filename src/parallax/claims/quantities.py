"""Quantities in text, normalised: value, unit (the head noun that follows) and bound.

Conventions:
- Vague plural magnitudes give their smallest round value with bound "at least": "tens of thousands"
  (and the common misspelling "ten of thousands") -> 10000; "hundreds of thousands" -> 100000;
  "thousands" -> 1000; "hundreds" -> 100; "dozens" -> 12.
- "a dozen" -> 12; "half" -> 0.5 ("half a million" -> 500000); "10% chance" -> 10 with unit "%".
- Money: "$1.2 billion" -> 1.2e9 with unit "USD" (also EUR, GBP, and "dollars"/"euros"/"pounds" after the number).
- Not quantities: years (1800-2099 written without a comma and without a bound in front), day numbers of
  dates (the caller passes the date spans to skip), ordinals ("20th"), footnote refs ("[1]"), list numbers
  at the start of a line ("1."), clock times, and digits inside names of things ("F-16", "M777", "G7").
- Number words (one ... ninety) count only when a unit or a scale word follows ("Five civilians", "six
  months"), so that "one of them" or "no one" are not quantities.
"""

from __future__ import annotations

import re

from ..model import Quantity
from ..text.casefold import TWINS_TO_ASCII
from ..text.scan import matches_at, occurrences
from .lexicons import lowered, trie_pattern

UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a dozen": 12, "dozen": 12, "a hundred": 100,
    "a thousand": 1000, "a million": 1e6, "a billion": 1e9,
}
SCALES = {"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
          "k": 1e3, "m": 1e6, "mn": 1e6, "bn": 1e9, "b": 1e9, "tn": 1e12}
VAGUE = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9}
CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₴": "UAH", "₽": "RUB"}
CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
                  "rubles": "RUB", "roubles": "RUB", "hryvnias": "UAH", "yuan": "CNY"}
BOUNDS = {
    "at least": "at least", "no fewer than": "at least", "no less than": "at least", "a minimum of": "at least",
    "more than": "more than", "over": "more than", "upwards of": "more than", "in excess of": "more than",
    "less than": "less than", "fewer than": "less than", "under": "less than", "below": "less than",
    "at most": "at most", "no more than": "at most", "up to": "up to", "as many as": "up to", "as much as": "up to",
    "about": "about", "around": "about", "approximately": "about", "roughly": "about", "some": "about",
    "nearly": "about", "almost": "about", "an estimated": "about", "estimated": "about", "close to": "about",
}
# Words after a number that are not its unit: grammar words, and adjectives to skip over to the head noun.
NOT_UNITS = frozenset(
    "a an the of and or but to in on at by for from with as than that which who were was are is be been has have had "
    "will would could may might other per each if into over under about after before since while this these "
    "those it its their his her our when where across among between during including".split()
)
PARTICIPLE_UNITS = frozenset({"wounded", "injured", "killed", "dead", "missing", "displaced", "detained", "buildings"})
ADJECTIVE_SKIP = re.compile(r"^(?:[A-Z][a-z]+(?:ian|ean|ese|ish|ic|i|an)|more|additional|new|other|further|extra|former|"
                            r"armed|injured|wounded|dead|killed|young|old|foreign|local|active|total|combined|full|"
                            r"military|civilian)$")

# The bound is looked up in the text just before a number rather than as an optional prefix of the pattern,
# which kept the regex engine trying every bound at every position.
_BOUND_BEFORE = re.compile(
    r"(?<![\w-])(?:" + "|".join(sorted((re.escape(b) for b in BOUNDS), key=len, reverse=True)) + r")\s+$", re.IGNORECASE
)
# The last word of every bound: `_BOUND_BEFORE` matches only where the text before a number ends in one of them.
_BOUND_LAST_WORDS = tuple(sorted({bound.split()[-1] for bound in BOUNDS}))
_WORD_NUMBER = trie_pattern(list(UNITS_WORDS))
_SCALE = r"(?:hundred|thousand|million|billion|trillion|bn|mn|tn|k|m|b)(?![\w])"

# Lower case and case-sensitive, run on lower-cased text: a case-insensitive pattern loses the regex engine's
# fast scan for possible first characters. Numbers in digits and numbers in words are two patterns, and the
# first runs only when the text has a digit.
_AFTER_NUMBER = rf"(?:[\s-]?(?P<scale>{_SCALE}))?(?:\s?(?P<percent>%|percent\b|per\s+cent\b))?"
DIGITS_PATTERN = re.compile(
    rf"(?<![\w.,:\-/$€£])(?:(?P<currency>us\$|[$€£¥₴₽])\s?)?"
    rf"(?P<num>\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|\d+(?:\.\d+)?){_AFTER_NUMBER}"
)
WORDS_PATTERN = re.compile(
    rf"""(?x)
    (?<![\w.,:\-/$€£])
    (?:
        (?P<vague>(?:(?:tens|ten|hundreds|hundred)\s+of\s+(?:thousands|millions|billions))|dozens|scores|hundreds|thousands|millions|billions)(?:\s+of)?(?![\w])
      | (?P<half>half)(?:\s+(?:a|an)\s+(?P<half_scale>million|billion|thousand|hundred))?
      | (?P<word>{_WORD_NUMBER})(?![\w]){_AFTER_NUMBER}
    )
    """
)
_has_digit = re.compile(r"\d").search
# Every match of DIGITS_PATTERN opens with a digit, a currency symbol or "us$". That pattern opens with a
# lookbehind, which costs the regex engine its fast scan, so `_digit_matches` finds these characters first.
_DIGITS_PATTERN_OPENER = re.compile(r"[\d$€£¥₴₽]")


def _digit_matches(low: str) -> list[re.Match[str]]:
    """`list(DIGITS_PATTERN.finditer(low))`, trying the pattern only where it can start (the lookbehind still
    sees the text before the start, so every match and its groups are the same)."""
    found = []
    pos = 0  # where the next match may start: matches do not overlap
    match = DIGITS_PATTERN.match
    for opener in _DIGITS_PATTERN_OPENER.finditer(low):
        i = opener.start()
        if i < pos:
            continue
        m = None
        if low[i] == "$" and i - 2 >= pos and low[i - 2:i] == "us":
            m = match(low, i - 2)  # "us$" starts two characters earlier
        m = m or match(low, i)
        if m:
            found.append(m)
            pos = m.end()
    return found


# Number words that may follow "a" in a match ("a dozen"): the match then starts at the "a".
_AFTER_A = ("dozen", "hundred", "thousand", "million", "billion")


def _word_matches_at(low: str, openers) -> list[re.Match[str]]:
    """`list(WORDS_PATTERN.finditer(low))` when `openers` holds the first word of every match but "a ..." (see
    `prechecks.ClauseWords.number_words`): the pattern opens with a lookbehind, so its scan tries every position;
    here it is tried only where one of them occurs, or at an "a" before one of `_AFTER_A`. Tried in order, each
    after the last match's end, these positions give the matches of the scan."""
    starts = set()
    for word in openers:
        after_a = word.startswith(_AFTER_A)  # "a\s+dozen": the match may open at the "a"
        for i in occurrences(low, word):
            starts.add(i)
            if after_a:
                j = i
                while j > 0 and low[j - 1].isspace():
                    j -= 1
                if j < i and j > 0 and low[j - 1] == "a":
                    starts.add(j - 1)
    return matches_at(WORDS_PATTERN, low, starts)


def _number_matches(low: str, number_words: bool = True, digit: bool | None = None, openers=None):
    """Matches of both patterns in order of position (`number_words=False`: the caller knows there are none;
    `digit`: whether the text holds a digit, when the caller knows; `openers`: see `_word_matches_at`)."""
    if not number_words:
        words = []
    else:
        words = list(WORDS_PATTERN.finditer(low)) if openers is None else _word_matches_at(low, openers)
    digits = _digit_matches(low) if (_has_digit(low) if digit is None else digit) else []
    if not digits or not words:
        return digits or words
    return sorted(words + digits, key=lambda m: m.start())


_YEAR = re.compile(r"1[89]\d\d|20\d\d")
_NEXT_WORD = re.compile(r"\s*([A-Za-z][A-Za-z'’-]*)")
_LIST_NUMBER = re.compile(r"(?m)^\s*\d+[.)]\s")


def _number_value(m: re.Match[str]) -> float | None:
    if m.re is DIGITS_PATTERN:
        value = float(m.group("num").replace(",", ""))
    elif m.group("word"):
        value = float(UNITS_WORDS[" ".join(m.group("word").lower().split())])
    else:
        return None
    if m.group("scale"):
        value *= SCALES[m.group("scale").lower()]
    return value


def _vague_value(phrase: str) -> float:
    words = phrase.lower().split()
    if len(words) >= 3:  # "tens of thousands": the first word multiplies the last
        first = {"tens": 10, "ten": 10, "hundreds": 100, "hundred": 100}[words[0]]
        return first * VAGUE[words[-1]]
    return VAGUE[words[0]]


def _unit_after(text: str, pos: int, end: int) -> tuple[str | None, int]:
    """The head noun after a number: skip up to two adjectives, stop at grammar words."""
    skipped = 0
    while pos < end:
        m = _NEXT_WORD.match(text, pos, end)
        if not m:
            return None, pos
        word = m.group(1)
        if word.lower() in NOT_UNITS:
            return None, pos
        if ADJECTIVE_SKIP.match(word):
            nxt = _NEXT_WORD.match(text, m.end(), end)
            if skipped < 2 and nxt and nxt.group(1).lower() not in NOT_UNITS and nxt.group(1)[0].islower():
                skipped += 1
                pos = m.end()
                continue
            if word.lower() not in PARTICIPLE_UNITS:
                return None, pos
        if word.lower().endswith(("ed", "ing")) and word.lower() not in PARTICIPLE_UNITS:
            return None, pos  # a verb ("thousands fled"), not a counted noun
        if word[0].isupper() and not word.isupper():
            return None, pos  # a name, not a unit ("20,000 Canadian" with no noun after it)
        return word.lower().strip("'’"), m.end()
    return None, pos


def _looks_like_year(m: re.Match[str], bound: re.Match[str] | None) -> bool:
    if m.re is not DIGITS_PATTERN:
        return False
    num = m.group("num")
    return bool(_YEAR.fullmatch(num) and not bound and not m.group("currency")
                and not m.group("scale") and not m.group("percent"))


def _is_excluded(text: str, s: int, e: int) -> bool:
    if e < len(text) and (text[e].isalnum() and not text[e - 1].isspace()):
        return True  # ordinals ("20th"), codes ("16A")
    if e < len(text) and text[e] == ":" and e + 1 < len(text) and text[e + 1].isdigit():
        return True  # clock time
    if s > 0 and text[s - 1] == "[" and text.find("]", e, e + 2) == e:
        return True  # footnote reference
    if s > 1 and text[s - 1] == "-" and text[s - 2].isalpha():
        return True  # part of a name: "F-16", "Su-25"
    line_start = _line_start(text, s)
    return bool(_LIST_NUMBER.match(text, line_start)) and not text[line_start:s].strip()


def _bound_before(text: str, start: int, m_start: int) -> re.Match[str] | None:
    """`_BOUND_BEFORE.search(text, max(start, m_start - 16), m_start)`, searched only when the text before the
    number ends in a space after a word that ends like a bound (most do not). Its last word is lower-cased only
    when it is ASCII: other characters may match a letter when case is ignored, and are left to the pattern."""
    window_start = max(start, m_start - 16)
    if m_start <= window_start or not text[m_start - 1].isspace():
        return None  # the pattern ends in `\s+$`: `\s` is `str.isspace`
    words = text[window_start:m_start].split()
    if words and words[-1].isascii() and not words[-1].lower().endswith(_BOUND_LAST_WORDS):
        return None
    return _BOUND_BEFORE.search(text, window_start, m_start)


def _line_start(text: str, pos: int) -> int:
    return text.rfind("\n", 0, pos) + 1


def find_quantities(text: str, start: int = 0, end: int | None = None, *, skip: list[tuple[int, int]] | None = None,
                    number_words: bool = True, digits: bool | None = None, openers=None) -> list[Quantity]:
    """Quantities in `text[start:end]` with offsets into `text`; `skip` holds spans (dates) whose numbers are not quantities.

    `number_words=False` skips the number-word scan when the caller knows the span holds no number word;
    `digits` says whether the span holds a digit, when the caller knows (else it is tested here);
    `openers`: the number words and "half" among the span's lower-cased letter runs, when the caller knows them
    (`prechecks.ClauseWords.number_words`): number words are then looked for only where they stand."""
    end = len(text) if end is None else end
    skip = skip or []
    out: list[Quantity] = []
    low = lowered(text[start:end])
    for m in _number_matches(low, number_words, digits, openers):
        m_start, m_end = start + m.start(), start + m.end()
        if skip and any(a < m_end and m_start < b for a, b in skip):
            continue  # a day number of a date (tested first: it needs no bound)
        # The groups in one call (each pattern lacks some: DIGITS_PATTERN has no number word, WORDS_PATTERN no currency).
        if m.re is DIGITS_PATTERN:
            currency, scale, percent = m.group("currency", "scale", "percent")
            vague = half = word = None
        else:
            vague, half, word, scale, percent = m.group("vague", "half", "word", "scale", "percent")
            currency = None
        counted = None  # (unit, end) after a number word, found once
        if word and not scale and not percent:
            counted = _unit_after(text, m_end, end)
            if counted[0] is None:
                continue  # a number word with nothing counted ("one of them"): most are, so asked first
        bound_match = _bound_before(text, start, m_start)
        if _looks_like_year(m, bound_match) or _is_excluded(text, m_start, m_end):
            continue
        # The bound pattern ignores case, so it also matches spellings with a case twin ("ſome", "AT LEAſT"),
        # which lower() leaves unlike the table's keys.
        bound = BOUNDS[" ".join(bound_match.group().translate(TWINS_TO_ASCII).lower().split())] if bound_match else None
        unit: str | None = None
        q_end = m_end
        if vague:
            value: float | None = _vague_value(vague)
            bound = bound or "at least"
            unit, q_end = _unit_after(text, m_end, end)
        elif half:
            half_scale = m.group("half_scale")
            value = 0.5 * (SCALES[half_scale] if half_scale else 1)
        else:
            value = _number_value(m)
            if percent:
                unit = "%"
            elif currency:
                unit = CURRENCY_SYMBOLS[currency]
            else:
                unit, q_end = counted or _unit_after(text, m_end, end)
                unit = CURRENCY_WORDS.get(unit, unit)
        q_start = bound_match.start() if bound_match else m_start
        out.append(Quantity(text[q_start:q_end], q_start, q_end, value, unit, bound))  # (text, start, end, value, unit, bound)
    return out
