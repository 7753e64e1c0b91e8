"""Alias merging: spelling variants, renamings stated in the text, and the alias file.

Names are compared by a "skeleton" (lowercase, no diacritics, y/i and doubled
letters collapsed), with a small edit-distance allowance for long names, and
only when their types are compatible. The alias table maps every variant to a
canonical name; it is data/aliases.yaml merged with the user's `--aliases` file.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from collections import Counter
from pathlib import Path

import yaml

from ..errors import ResourceError
from ..text.memo import BoundedMemo

DATA = Path(__file__).resolve().parent.parent / "data"

NAME = r"[A-Z][\w’'-]*(?:\s+(?:of\s+|the\s+)?[A-Z][\w’'-]*){0,4}"
# Renamings stated in the text; group "a" and "b" are two names of one thing.
# A leading word boundary is written as a look-behind after the first word ("renamed(?<!\wrenamed)" is
# "\brenamed"): a pattern that starts with `\b` is tried at every position of the text, one that starts
# with a literal is searched for in C (ERA_NAME and NO_LONGER below likewise).
RENAMING_PATTERNS = [
    re.compile(rf"(?P<a>{NAME}),?\s+(?:also known as|aka|a\.k\.a\.|also called|formerly(?: known as)?|previously(?: known as)?|now called|now known as)\s+(?P<b>{NAME})"),
    re.compile(rf"renamed(?<!\wrenamed)\s+(?:from\s+)?(?P<a>{NAME})\s+(?:to|as|into)\s+(?P<b>{NAME})"),
    re.compile(rf"(?P<a>{NAME})\s*(?:—|–|--|,|\()\s*or is it\s+(?P<b>{NAME})(?:\s+now)?\s*\?"),
    re.compile(rf"(?P<a>{NAME})\s+\((?:formerly\s+|also\s+|or\s+)?(?P<b>{NAME})\)"),
]


def _any_of(*words: str):
    return lambda text: any(word in text for word in words)


# The first pattern's phrase, then the phrase followed by a capitalised word: "previously" alone is
# common in news, and the pattern itself (a name first) is slow to run over a whole text.
_RENAMED_AS_WORDS = _any_of("known as", "aka", "a.k.a.", "also called", "formerly", "previously", "now called")
_RENAMED_AS = re.compile(r"(?:known as|aka|a\.k\.a\.|also called|formerly|previously|now called)\s+[A-Z]")
# A necessary condition for a match of the pattern beside it, tested first: most texts state no renaming.
# Substring tests (`in`, a fast C scan) where possible; even a simple alternation regex walks the text
# position by position. Each is given the text and whether "name" is in it (`stated_renamings`).
# A one-character test ("?", the third pattern's last character) is far faster than a word's.
# "(", then what the last pattern allows before its name, then the name's capital: rare in text, and a literal
# first character keeps this search fast. (It once required the capital right after "(", which skipped
# "X (formerly Y)" unless some other parenthesis of the text opened with a capital.)
_PAREN_CAPITAL = re.compile(r"\((?:formerly\s+|also\s+|or\s+)?[A-Z]")
RENAMING_CUES = [
    lambda text, named: _RENAMED_AS_WORDS(text) and _RENAMED_AS.search(text) is not None,
    lambda text, named: named and "renamed" in text,
    lambda text, named: "?" in text and "or is it" in text,
    lambda text, named: _PAREN_CAPITAL.search(text) is not None,
]
# The parenthesis of the last pattern: "(" and what may follow it, up to ")".
_PAREN_TAIL = re.compile(rf"\((?:formerly\s+|also\s+|or\s+)?{NAME}\)")
# Characters a name and the spaces after it are made of: a match of the last pattern starts inside the
# run of them just before its "(" (read on the reversed text).
_NAME_CHARS_RUN = re.compile(r"[\w’'\-\s]*")


def _parenthesised_renamings(text: str):
    """`RENAMING_PATTERNS[3].finditer(text)`, the same matches found faster.

    The pattern starts with a name, so a plain scan tries it at every capital letter of the text.
    Every match ends with a parenthesis that `_PAREN_TAIL` matches after white space, found by a fast
    scan for "("; a match that uses it starts inside the run of name characters just before it, and
    ends where `_PAREN_TAIL` does (nothing before the "(" changes how the rest matches). So searching
    that short stretch, for each such parenthesis in turn, finds exactly the leftmost matches.
    """
    pattern, reversed_text, free_from = RENAMING_PATTERNS[3], None, 0
    for tail in _PAREN_TAIL.finditer(text):
        paren = tail.start()
        if paren < max(free_from, 1) or not text[paren - 1].isspace():
            continue
        if reversed_text is None:
            reversed_text = text[::-1]
        at = len(text) - paren  # text[paren - 1] in the reversed text
        run_start = paren - (_NAME_CHARS_RUN.match(reversed_text, at).end() - at)
        match = pattern.search(text, max(free_from, run_start), tail.end())
        if match:
            yield match
            free_from = match.end()


# "the town's Soviet-era name, Y" / "the city's old name Y": Y names the place mentioned just before.
ERA_NAME = re.compile(r"[Tt]he(?<!\w[Tt]he)\s+(?:town|city|village|country|region|place|river|street)['’]s\s+(?:[\w-]+\s+){0,2}name,?\s+(?P<b>[A-Z][\w’'-]+)")
# A necessary condition for an ERA_NAME match: one of its nouns in the possessive.
_ERA_NOUNS = ("town", "city", "village", "country", "region", "place", "river", "street")
_ERA_NOUN_CUE = _any_of(*(f"{noun}{mark}s" for noun in _ERA_NOUNS for mark in "'’"))
# "name, Y" / "name Y": in every match of ERA_NAME and of NO_LONGER below (rare: "named", "names", "name of").
_NAME_THEN_CAPITAL = re.compile(r"name,?\s+[A-Z]")
# "... will no longer be X ... Instead, ... Y" (within a short window).
NO_LONGER = re.compile(rf"no longer(?<!\wno longer) (?:be |called |named )?(?P<a>{NAME})\b[^\n]{{0,200}}?\b[Ii]nstead\b[^\n]{{0,120}}?\bname,?\s+(?P<b>[A-Z][\w’'-]+)")

# Endings folded to "i" ("Zelenskyy", "Zelenskiy" -> "zelenski"): these two-letter ones, else a final "y".
_FOLDED_PAIRS = frozenset(("iy", "yy", "ii", "ij", "yi"))
_NOT_LETTER = re.compile(r"[^a-z]")
_DOUBLED = re.compile(r"(.)\1+")


# Letters that Unicode does not decompose into a base letter and a diacritic.
_UNDECOMPOSABLE = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss", "æ": "ae", "œ": "oe", "ı": "i"})


def strip_diacritics(name: str) -> str:
    name = name.translate(_UNDECOMPOSABLE)
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _fold_word(word: str) -> str:
    """One lowercased word of a skeleton: letters only, y/i endings and doubled letters folded ("" if none is left)."""
    if not (word.isalpha() and word.isascii()):  # lowercase ASCII letters only: nothing to remove
        word = _NOT_LETTER.sub("", word)
    if word.endswith(("y", "i", "j")):  # every folded ending ends with one of these
        if word[-2:] in _FOLDED_PAIRS:  # a string test: cheaper than the regex `(?:iy|yy|ii|ij|yi|y)$`
            word = word[:-2] + "i"
        elif word[-1] == "y":
            word = word[:-1] + "i"
    word = word.replace("y", "i")
    if _DOUBLED.search(word):  # a template substitution is costly even when nothing matches: search first
        word = _DOUBLED.sub(r"\1", word)
    return word


# {ASCII word: its folded skeleton word}: names are new to a corpus far more often than their words are, so
# most skeletons are put together from words already folded.
_ASCII_WORD_SKELETONS = BoundedMemo(lambda word: _fold_word(word.lower()))


@lru_cache(maxsize=65536)
def skeleton(name: str) -> str:
    """A spelling-insensitive key: 'Zelenskyy', 'Zelenskiy', 'Zelensky' -> 'zelenski'."""
    if name.isascii():  # lowercasing and splitting ASCII word by word is the same as for the whole name
        folded = _ASCII_WORD_SKELETONS
        return " ".join([part for part in [folded[word] for word in name.split()] if part])
    parts = []
    for word in strip_diacritics(name).lower().replace("’", "'").split():
        word = _fold_word(word)
        if word:
            parts.append(word)
    return " ".join(parts)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, giving up (returning limit + 1) once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(current) > limit:
            return limit + 1
        previous = current
    return previous[-1]


def may_be_similar_words(a: str, b: str) -> bool:
    """A necessary condition for `similar_words(a, b)` when a != b: both six letters or more, one
    letter apart in length or two (cheaper than the call it saves; the first letters are left to it)."""
    return len(a) >= 6 and len(b) >= 6 and -2 <= len(a) - len(b) <= 2


def similar_words(a: str, b: str) -> bool:
    """Two skeleton words that are spelling variants of each other ('volodimir' / 'volodomir')."""
    if a == b:
        return True
    shorter = min(len(a), len(b))
    if shorter < 6 or a[0] != b[0]:
        return False
    if shorter < 10:
        return _within_one_edit(a, b)
    return edit_distance(a, b, 2) <= 2


def _within_one_edit(a: str, b: str) -> bool:
    """edit_distance(a, b, 1) <= 1 in one pass: past the first difference, the rest must be equal
    after one substitution, insertion or deletion there."""
    if len(a) > len(b):
        a, b = b, a
    if len(b) - len(a) > 1:
        return False
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1:] == b[i + 1:]
    return a[i:] == b[i + 1:]


@lru_cache(maxsize=65536)
def similar_names(a: str, b: str) -> bool:
    """Same number of words, each a spelling variant of the other's."""
    sa, sb = skeleton(a).split(), skeleton(b).split()
    return len(sa) == len(sb) > 0 and all(similar_words(x, y) for x, y in zip(sa, sb))


def compatible(type_a: str, type_b: str) -> bool:
    return type_a == type_b or "OTHER" in (type_a, type_b) or {type_a, type_b} == {"ORG", "GROUP"}


# ---------------------------------------------------------------- alias table

def parse_alias_table(data, where: str) -> dict[str, str]:
    """{variant skeleton: canonical name} from a {canonical: [variants]} mapping."""
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise ResourceError("alias file must map a canonical name to a list of variants", where=where)
    table = {}
    for canonical, variants in data.items():
        if variants is None:
            variants = []
        if isinstance(variants, str):
            variants = [variants]
        if not isinstance(canonical, str) or not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            raise ResourceError(f"entry {canonical!r}: expected a name and a list of variant names", where=where)
        for name in [canonical, *variants]:
            table[skeleton(name)] = canonical
    return table


def load_alias_file(path: Path) -> dict[str, str]:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise ResourceError(f"cannot read alias file ({error.strerror or error})", where=str(path)) from None
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark is not None else ""
        raise ResourceError(f"alias file is not valid YAML{at}", where=str(path)) from None
    return parse_alias_table(data, str(path))


@lru_cache(maxsize=1)
def builtin_alias_table() -> dict[str, str]:
    return load_alias_file(DATA / "aliases.yaml")


def alias_table(user_file: Path | None = None) -> dict[str, str]:
    """The built-in table, with the user's file on top (its canonical names win)."""
    table = dict(builtin_alias_table())
    if user_file:
        table.update(load_alias_file(user_file))
    return table


# ---------------------------------------------------------------- renamings in the text

def stated_renamings(text: str, place_before) -> list[tuple[str, str]]:
    """Pairs of names the text says are the same thing.

    `place_before(offset)` returns the name of the last place mentioned before
    an offset, for "the town's old name, Y".
    """
    pairs = []
    named = "name" in text  # in "renamed" and in "name, Y": most texts have none, so three tests end here
    for pattern, cue in zip(RENAMING_PATTERNS, RENAMING_CUES):
        if not cue(text, named):
            continue
        for m in _parenthesised_renamings(text) if pattern is RENAMING_PATTERNS[3] else pattern.finditer(text):
            pairs.append((m.group("a"), m.group("b")))
    name_then_capital = named and _NAME_THEN_CAPITAL.search(text) is not None
    for m in NO_LONGER.finditer(text) if name_then_capital and "no longer" in text else ():
        pairs.append((m.group("a"), m.group("b")))
    for m in ERA_NAME.finditer(text) if name_then_capital and _ERA_NOUN_CUE(text) else ():
        earlier = place_before(m.start())
        if earlier:
            pairs.append((earlier, m.group("b")))
    return pairs


def acronym_of_initials(long_name: str) -> str:
    """'Institute for the Study of War' -> 'ISW' (initials of the capitalised words)."""
    return "".join(w[0] for w in long_name.split() if w[:1].isupper())


def acronym_of(long_name: str, short: str) -> bool:
    """Is `short` the acronym of `long_name` ('ISW' of 'Institute for the Study of War')?"""
    letters = short.replace(".", "")
    return len(short) >= 2 and letters.upper() == letters and acronym_of_initials(long_name) == letters


def pick_canonical(names: Counter, table: dict[str, str]) -> str:
    """The alias file's canonical name if it knows one, else the fullest, then most frequent, form."""
    for name in names:
        canonical = table.get(skeleton(name))
        if canonical:
            return canonical
    return max(names, key=lambda n: (len(n.split()), not n.isupper(), names[n], len(n), n))
