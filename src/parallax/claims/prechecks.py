"""Cheap tests that say when a clause cannot hold a match, so the costly scans are skipped (speed only).

Most clauses hold no date, no quantity, no hedge and no forecast or opinion marker, yet each scan costs
several microseconds per clause (patterns that open with a word boundary or a lookbehind lose the regex
engine's fast scan). One tokenisation of the lower-cased clause into letter runs answers all of those
questions with set lookups. Every test here is a superset of its scan: it may say "maybe" when the scan
then finds nothing, never "no" when the scan would find something, so the output is unchanged.

Why a letter run stands for a whole-word match: the scans match words between non-word characters (a word
boundary, a lookbehind or lookahead on `\\w`), and a letter run of the lower-cased clause is cut at every
non-letter, so a matched word is always one whole run. Where a scan has no boundary on one side (weekday
names, "half"), a substring test is used instead.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .dates import MONTHS
from .lexicons import _lines
from .quantities import UNITS_WORDS, VAGUE

_LETTERS = re.compile(r"[a-z]+")
_has_digit = re.compile(r"\d").search

# Characters that a case-insensitive regex matches to an ASCII letter but `str.lower` does not map to it
# ("ſ" matches "s", "ı" and "İ" match "i"): a clause holding one gets no shortcut in case-insensitive tests.
_FOLDS_TO_ASCII = ("ſ", "ı", "İ")

_FORECAST_WORDS = frozenset(
    "will won shall ll going expected likely unlikely set poised due bound about plan plans intend intends chance "
    "chances odds probability forecast forecasts predict predicts predicted could coming next soon".split()
)
_OPINION_WORDS = frozenset(
    "i me my we us our ours ourselves myself should must ought called styled proclaimed".split()
)
_MONTH_TOKENS = frozenset(MONTHS)  # lower case: the tokens are lower-cased
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_RELATIVE_DAY_TOKENS = frozenset({"yesterday", "today", "tomorrow", "week", "weekend", "month", "year"})
_NUMBER_TOKENS = frozenset(
    {w.split()[-1] for w in UNITS_WORDS} | set(VAGUE) | {"tens", "ten", "hundred", "hundreds"}
)


@lru_cache(maxsize=None)
def _hedge_key_words() -> frozenset[str] | None:
    """The longest letter run of every hedge phrase ("believed" for "it is believed": every run of a matched phrase
    is a whole run of the clause, and the longest is the rarest); None when a phrase has no letters."""
    words = set()
    for phrase in _lines("hedges.txt"):
        runs = _LETTERS.findall(phrase.lower())
        if not runs:
            return None
        words.add(max(runs, key=len))
    return frozenset(words)


class ClauseWords:
    """The lower-cased letter runs of one clause, and the shortcut tests built on them."""

    __slots__ = ("text", "lower", "tokens")

    def __init__(self, text: str):
        self.text = text
        self.lower = text.lower()
        self.tokens = frozenset(_LETTERS.findall(self.lower))

    def may_be_forecast(self) -> bool:
        return not self.tokens.isdisjoint(_FORECAST_WORDS)

    def may_have_opinion_marker(self) -> bool:
        """First person, "should"/"must"/"ought to", "so-called"/"self-styled"/"self-proclaimed"."""
        if not self.tokens.isdisjoint(_OPINION_WORDS):
            return True
        return any(ch in self.text for ch in _FOLDS_TO_ASCII)

    def may_have_hedges(self) -> bool:
        keys = _hedge_key_words()
        return keys is None or not self.tokens.isdisjoint(keys)

    def may_have_dates(self) -> bool:
        text = self.text
        if _has_digit(text) or not self.tokens.isdisjoint(_MONTH_TOKENS) or not self.tokens.isdisjoint(_RELATIVE_DAY_TOKENS):
            return True
        # A weekday core has no boundary after it ("Mondays" holds one): test the substring.
        return "day" in text and any(name in text for name in _WEEKDAY_NAMES)

    def may_have_quantities(self) -> bool:
        # "half" has no boundary after it in the pattern: a substring test.
        return bool(_has_digit(self.text)) or "half" in self.lower or not self.tokens.isdisjoint(_NUMBER_TOKENS)
