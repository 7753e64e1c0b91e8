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

from .attribution import IN_A_NOUNS, ISSUED_VERBS, SOURCE_PHRASE_WORDS, STATEMENT_NOUNS
from .dates import _RELATIVE_WORDS, _YEAR, MONTHS, may_hold_a_year
from .flags import (FORECAST, HEDGE, IN_A_NOUN, INTENSIFIER, ISSUED, MONTH, NUMBER, OPINION, RELATIVE,  # noqa: F401
                    REPORT_VERB, SOURCE_PHRASE, STATEMENT_NOUN, SUBJECTIVE, VERBLESS)  # (bits of ClauseWords.flags)
from .lexicons import _lines, report_verb_forms, strong_subjective
from .quantities import UNITS_WORDS, VAGUE
from ..text.casefold import has_case_twin

_LETTERS = re.compile(r"[a-z]+")
_SUBJECTIVE_WORD = re.compile(r"[a-z][a-z'’-]*").fullmatch  # what a lower-case `kinds._WORD` token can be
DIGIT = re.compile(r"\d")
_has_digit = DIGIT.search
_has_ascii_digit = re.compile(r"[0-9]").search
_has_year_digits = re.compile(_YEAR).search  # a year core without the boundaries of its patterns



_FORECAST_WORDS = frozenset(
    "will won shall ll going expected likely unlikely set poised due bound about plan plans intend intends chance "
    "chances odds probability forecast forecasts predict predicts predicted could coming next soon".split()
)
_OPINION_WORDS = frozenset(
    "i me my we us our ours ourselves myself should must ought called styled proclaimed".split()
)
_INTENSIFIER_WORDS = frozenset(
    "very utterly totally completely absolutely extremely truly incredibly terribly awfully".split()
)  # kinds._INTENSIFIER's words
_VERBLESS_ATTRIBUTION_WORDS = SOURCE_PHRASE_WORDS | ISSUED_VERBS | STATEMENT_NOUNS | IN_A_NOUNS
_MONTH_TOKENS = frozenset(MONTHS)  # lower case: the tokens are lower-cased
_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_RELATIVE_DAY_TOKENS = _RELATIVE_WORDS
_NUMBER_TOKENS = frozenset(
    {w.split()[-1] for w in UNITS_WORDS} | set(VAGUE) | {"tens", "ten", "hundred", "hundreds"}
)


@lru_cache(maxsize=None)
def _hedge_phrases_by_key() -> dict[str, list[str]] | None:
    """Every hedge phrase, lower-cased with single spaces, filed under its longest letter run ("believed" for "it is
    believed": every run of a matched phrase is a whole run of the clause, and the longest is the rarest); None when
    a phrase has no letters."""
    by_key: dict[str, list[str]] = {}
    for phrase in _lines("hedges.txt"):
        runs = _LETTERS.findall(phrase.lower())
        if not runs:
            return None
        by_key.setdefault(max(runs, key=len), []).append(" ".join(phrase.lower().split()))
    return by_key


@lru_cache(maxsize=None)
def _hedge_key_words() -> frozenset[str] | None:
    """The longest letter run of every hedge phrase (see `_hedge_phrases_by_key`); None when a phrase has none."""
    by_key = _hedge_phrases_by_key()
    return None if by_key is None else frozenset(by_key)


def _letter_runs(joined_words: str) -> list[str]:
    """The letter runs of lower-cased `kinds._WORD` tokens joined by spaces. Every ASCII letter of a text lies in
    one of those tokens ([A-Za-z][A-Za-z'’-]*), so cutting them at "'", "’" and "-" gives the text's runs of
    letters; `str` methods do it faster than a regex."""
    return joined_words.replace("'", " ").replace("’", " ").replace("-", " ").split()


# For `ClauseWords` built from words: each byte of the UTF-8 text mapped to its lower-case letter (A-Z, a-z), a tab (an
# ASCII digit) or a space (anything else; the bytes of a non-ASCII character are all >= 0x80). Split at whitespace,
# that gives the runs `_letter_runs` cuts from the lower-cased words, in one C-level pass and without joining them:
# the words' letters are the text's ASCII letters, and only LOWERS_TO_ASCII (absent when the words are given) lower
# to ASCII letters from other characters.
_RUN_BYTES = bytes(b | 0x20 if chr(b).isascii() and chr(b).isalpha() else 0x09 if 0x30 <= b <= 0x39 else 0x20
                   for b in range(256))


@lru_cache(maxsize=None)
def _report_verb_set() -> frozenset[str]:
    return frozenset(report_verb_forms())  # a set: each token of a clause is then one lookup


@lru_cache(maxsize=None)
def _subjective_keys() -> frozenset[str]:
    """The longest letter run of every strongly subjective word that can be a `kinds._WORD` token (lower case
    [a-z] with "'", "’" or "-" inside): when such a word is a word of a clause, all its runs are runs of it."""
    return frozenset(max(_letter_runs(word), key=len) for word in strong_subjective() if _SUBJECTIVE_WORD(word))


# The families whose tests answer yes to a case twin: their patterns ignore case ("ſo-called"), and "İ" or the
# Kelvin sign lower to letters that make runs the words do not have (see `_letter_runs`).
_FOLDED = OPINION | INTENSIFIER | VERBLESS | SOURCE_PHRASE | SUBJECTIVE


@lru_cache(maxsize=None)
def _flags_by_key() -> dict[str, int]:
    """Every word a `ClauseWords` test asks about, with the bits of the families it belongs to (the hedge keys
    left out when there are none: `_always_set` then sets that bit)."""
    families = [(FORECAST, _FORECAST_WORDS), (OPINION, _OPINION_WORDS), (INTENSIFIER, _INTENSIFIER_WORDS),
                (HEDGE, _hedge_key_words() or frozenset()), (MONTH, _MONTH_TOKENS), (RELATIVE, _RELATIVE_DAY_TOKENS),
                (NUMBER, _NUMBER_TOKENS), (REPORT_VERB, _report_verb_set()), (VERBLESS, _VERBLESS_ATTRIBUTION_WORDS),
                (SOURCE_PHRASE, SOURCE_PHRASE_WORDS), (ISSUED, ISSUED_VERBS), (STATEMENT_NOUN, STATEMENT_NOUNS),
                (IN_A_NOUN, IN_A_NOUNS), (SUBJECTIVE, _subjective_keys())]
    flags: dict[str, int] = {}
    for bit, words in families:
        for word in words:
            flags[word] = flags.get(word, 0) | bit
    return flags


@lru_cache(maxsize=None)
def _always_set() -> int:
    """The bits set whatever the clause: the hedge test's when a hedge phrase has no letter run to look for."""
    return HEDGE if _hedge_key_words() is None else 0


@lru_cache(maxsize=None)
def _key_words() -> frozenset[str]:
    """Every word a `ClauseWords` test asks about."""
    return frozenset(_flags_by_key())


def holds_a_digit(text: str) -> bool:
    """Whether `text` holds a digit (`\\d`). In an ASCII text only 0-9 are digits, and a character range costs the
    regex engine about half what the Unicode digit category does (most clauses are ASCII)."""
    return bool(_has_ascii_digit(text) if text.isascii() else _has_digit(text))


class ClauseWords:
    """The lower-cased letter runs of one clause, and the shortcut tests built on them."""

    __slots__ = ("text", "words", "_lower", "tokens", "keys", "half", "folds", "digit", "flags")

    def __init__(self, text: str, *, folds: bool | None = None, words: list[str] | None = None,
                 digit: bool | None = None):
        """`folds=False`: the caller knows that the text (say, its whole article) holds none of `CASE_TWINS` (text/casefold.py).
        `digit`: whether the text holds a digit (`\\d`), when the caller knows.
        `words`: `kinds._WORD.findall(text)`, when the caller has it and knows that the text holds none of
        `LOWERS_TO_ASCII` (text/casefold.py); the letter runs are then cut from the text's bytes (see `_RUN_BYTES`)."""
        self.text = text
        self.words = words
        if words is None:
            # The lower-cased words with single spaces between them (a hedge phrase's words are separated by
            # spaces alone, so its words follow one another here): from the text, its whitespace runs made single spaces.
            lower = self._lower = " ".join(text.lower().split())
            self.tokens = _LETTERS.findall(lower)
            self.half = "half" in lower
        else:
            self._lower = None  # (built from the words when a hedge test asks: most clauses hold no hedge word)
            # One C-level pass for the runs, and the digit test of an ASCII text (a tab stands for each digit).
            runs = text.encode("utf-8", "surrogatepass").translate(_RUN_BYTES).decode("ascii")
            self.tokens = runs.split()
            # "half" has no boundary after it in the quantity pattern, so it is a substring test: the runs hold the
            # text's ASCII letters with every other character made a space, which joins no two runs of letters.
            self.half = "half" in runs
            if digit is None and ("\t" in runs or text.isascii()):
                digit = "\t" in runs  # (an ASCII digit is a digit; an ASCII text holds no other)
        # The tokens that some test below asks about, found in one walk of the list of tokens: each test then asks
        # this small set (usually empty) instead of walking the tokens again (X & keys == X & tokens for each X).
        keys = self.keys = _key_words().intersection(self.tokens)
        # Each family's test is then one bit test (see `FORECAST` and the other bits), asked by the stage inline.
        flags = _always_set()
        if keys:
            flags_by_key = _flags_by_key()
            for key in keys:
                flags |= flags_by_key[key]
        self.folds = folds is not False and bool(has_case_twin(text))
        self.flags = flags | _FOLDED if self.folds else flags
        self.digit = holds_a_digit(text) if digit is None else digit

    @property
    def lower(self) -> str:
        """The lower-cased words with single spaces between them (what the hedge tests look phrases up in)."""
        if self._lower is None:
            self._lower = " ".join(self.words).lower()
        return self._lower

    def may_be_forecast(self) -> bool:
        return bool(self.flags & FORECAST)

    def may_have_opinion_marker(self) -> bool:
        """First person, "should"/"must"/"ought to", "so-called"/"self-styled"/"self-proclaimed"."""
        return bool(self.flags & OPINION)

    def may_have_intensifier(self) -> bool:
        """An intensifier ("very", "utterly", ...) as a whole word (case ignored, so the folds are checked too)."""
        return bool(self.flags & INTENSIFIER)

    def may_have_hedges(self) -> bool:
        """A hedge phrase's longest run as a run of the clause, and then the phrase itself in `lower` ("said" alone
        is no hedge, "is said to" is)."""
        if not self.flags & HEDGE:
            return False
        keys = _hedge_key_words()
        if keys is None:
            return True
        found = keys.intersection(self.keys)
        by_key = _hedge_phrases_by_key()
        lower = self.lower
        for key in found:  # (`map` of `__contains__`: the substring tests without a generator's frame)
            if any(map(lower.__contains__, by_key[key])):
                return True
        return False

    def hedge_openers(self) -> tuple[str, ...] | None:
        """The first words of the hedge phrases that `may_have_hedges` finds may be here: every match of the hedge
        pattern opens with one of them (`kinds.find_hedges` then tries the pattern only there); () when no phrase may
        match; None when a phrase has no letter run (every clause may then hold one)."""
        if not self.flags & HEDGE:
            return ()
        keys = _hedge_key_words()
        if keys is None:
            return None
        by_key = _hedge_phrases_by_key()
        lower = self.lower
        return tuple({phrase.partition(" ")[0] for key in keys.intersection(self.keys) for phrase in by_key[key]
                      if phrase in lower})

    def may_have_dates(self) -> bool:
        text = self.text
        if self.flags & RELATIVE or self.may_name_a_month():
            return True
        # Without a month name, a digit makes a date only as a year (alone or in an ISO date): "18", "19" or "20"
        # and two more digits (the substring tests first: they are cheaper than the search).
        if self.digit and may_hold_a_year(text) and _has_year_digits(text):
            return True
        # A weekday core has no boundary after it ("Mondays" holds one): test the substring.
        return "day" in text and any(map(text.__contains__, _WEEKDAY_NAMES))

    def may_have_report_verb(self) -> bool:
        """A reporting verb form as a whole letter run (a match of `lexicons.report_verb_pattern` is one)."""
        return bool(self.flags & REPORT_VERB)

    def report_verb_forms(self) -> frozenset[str]:
        """The reporting verb forms among the letter runs: every match of the verb pattern is one of them."""
        return _report_verb_set().intersection(self.keys) if self.flags & REPORT_VERB else frozenset()

    def may_be_attributed_without_a_verb(self) -> bool:
        """Whether one of the four attribution patterns that need no reporting verb may match (the tests below)."""
        return bool(self.flags & VERBLESS)

    def may_have_source_phrase(self) -> bool:
        """A word of `attribution._SOURCE_PHRASE` ("according to", "cited by", ...; case ignored, so the folds count)."""
        return bool(self.flags & SOURCE_PHRASE)

    def may_have_issued_statement(self) -> bool:
        """The verb of `attribution._ISSUED_STATEMENT` ("issued", "released", ...)."""
        return bool(self.flags & ISSUED)

    def may_have_statement_noun(self) -> bool:
        """The noun of `attribution._STATEMENT_NOUN` ("statement", "remarks", ...)."""
        return bool(self.flags & STATEMENT_NOUN)

    def may_have_in_a_statement(self) -> bool:
        """The noun of `attribution._IN_A_STATEMENT` ("statement", "tweet", ...)."""
        return bool(self.flags & IN_A_NOUN)

    def may_have_relative_words(self) -> bool:
        """One of `dates._RELATIVE_WORDS` as a whole letter run (the "rel" and "unit" date patterns need one)."""
        return bool(self.flags & RELATIVE)

    def may_name_a_month(self) -> bool:
        """A month name or abbreviation as a whole letter run, capitalised in the text (every month-bearing date
        pattern needs one, and they are case-sensitive: "may" and "march" the verbs are no months)."""
        if not self.flags & MONTH:
            return False
        text = self.text
        return any(map(text.__contains__, map(str.capitalize, _MONTH_TOKENS.intersection(self.keys))))

    def may_have_number_words(self) -> bool:
        """A number or magnitude word, or "half" (what `quantities.WORDS_PATTERN` needs)."""
        return self.half or bool(self.flags & NUMBER)

    def number_words(self) -> tuple[str, ...]:
        """The number and magnitude words among the letter runs, and "half" if it is a substring: the first letter
        run of every match of `quantities.WORDS_PATTERN` but "a" ("a dozen": "dozen" then follows), as the
        `openers` of `quantities.find_quantities`."""
        found = tuple(_NUMBER_TOKENS.intersection(self.keys)) if self.flags & NUMBER else ()
        return found + ("half",) if self.half else found

    def may_have_quantities(self) -> bool:
        return self.digit or self.half or bool(self.flags & NUMBER)
