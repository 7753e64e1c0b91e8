"""The user-editable boilerplate patterns (`parallax/data/boilerplate.yaml`), loaded once."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from dataclasses import dataclass
from re import _constants, _parser  # to read which words a pattern needs (see required_literals)
from importlib import resources
from pathlib import Path

import yaml

from ..errors import ResourceError
from ..text.casefold import has_case_twin

DEFAULT_FILE = "boilerplate.yaml"


@dataclass(frozen=True)
class Pattern:
    regex: re.Pattern
    reason: str
    max_words: int


def load_patterns(path: Path | None = None) -> tuple[Pattern, ...]:
    """Read the pattern file (the packaged one unless `path` is given); a bad file is a ResourceError."""
    try:
        if path is None:
            source = resources.files("parallax").joinpath("data", DEFAULT_FILE).read_text(encoding="utf-8")
            where = DEFAULT_FILE
        else:
            source = Path(path).read_text(encoding="utf-8")
            where = str(path)
        data = yaml.safe_load(source) or {}
        default_max = int(data.get("default_max_words", 12))
        return tuple(
            Pattern(re.compile(entry["regex"], re.I), str(entry["reason"]), int(entry.get("max_words", default_max)))
            for entry in data.get("patterns", [])
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, re.error) as error:
        raise ResourceError(f"cannot load boilerplate patterns: {error}", where=str(path or DEFAULT_FILE)) from error


@lru_cache(maxsize=1)
def default_patterns() -> tuple[Pattern, ...]:
    """The packaged pattern file, loaded once per process."""
    return load_patterns()


def match_reason(patterns: tuple[Pattern, ...], line: str, words: int) -> str | None:
    """The reason of the first pattern that matches this (stripped) line, if the line is short enough."""
    return reason_matcher(patterns)(line, words)


def reason_matcher(patterns: tuple[Pattern, ...]):
    """`match_reason` with the pattern set's tables looked up once: a function of (line, words)."""
    table = _searches_by_word_count(patterns)
    limit = len(table)

    def match(line: str, words: int) -> str | None:
        if words >= limit:  # longer than any pattern allows: most paragraphs end here
            return None
        by_first, every, _ = table[words]
        # A pattern anchored at the line's start can only fire on a line that starts with one of its first
        # characters: the line's first (ASCII) character picks the patterns worth a look, in file order.
        searches = by_first.get(line[:1], every)
        # A line can only match a pattern when its lower-cased form holds one of the pattern's required
        # words (ASCII, or a caseless symbol like "©"): a few substring tests are much cheaper than a search
        # that tries every position.
        # Not so for the few characters that re's IGNORECASE matches to an ASCII letter: then no shortcut.
        lowered = None if has_case_twin(line) else line.lower()
        for search, reason, needles in searches:
            if lowered is not None and needles:
                for needle in needles:
                    if needle in lowered:
                        break
                else:  # none of the required words
                    continue
            if search(line):
                return reason
        return None

    return match


# Tables built from recently used pattern sets, by id (the set is kept too, so the id stays its own).
_TABLES: dict[int, tuple[tuple[Pattern, ...], list[tuple]]] = {}
_MAX_TABLES = 8
_ASCII = tuple(chr(code) for code in range(128))


def _searches_by_word_count(patterns: tuple[Pattern, ...]) -> list[tuple]:
    """For each word count up to the largest `max_words`: the (search, reason, needles) of the patterns
    allowed to fire on a line that long, in file order (`every`); the same for each ASCII first
    character of a line, without the anchored patterns that cannot start with it (`by_first`); and
    the allowed patterns themselves."""
    entry = _TABLES.get(id(patterns))
    if entry is None or entry[0] is not patterns:
        if len(_TABLES) >= _MAX_TABLES:  # each context loads its own copy: keep the cache small
            _TABLES.clear()
        longest = max((pattern.max_words for pattern in patterns), default=-1)
        searches = {}
        firsts = {}
        for pattern in patterns:
            anchored = _anchored(pattern.regex)
            # A search anchored at the line's start fails fast on its own: needles only for the others.
            searches[id(pattern)] = (
                pattern.regex.search, pattern.reason, None if anchored else required_literals(pattern.regex)
            )
            firsts[id(pattern)] = first_characters(pattern.regex) if anchored else None
        table = []
        for words in range(longest + 1):
            allowed = tuple(pattern for pattern in patterns if words <= pattern.max_words)
            if table and allowed == table[-1][2]:  # the same patterns as one word less: share the entry
                table.append(table[-1])
                continue
            every = tuple(searches[id(pattern)] for pattern in allowed)
            by_lower: dict[str, tuple] = {}
            by_first = {}
            for char in _ASCII:
                key = char.lower()
                if key not in by_lower:
                    fitting = tuple(
                        searches[id(pattern)]
                        for pattern in allowed
                        if firsts[id(pattern)] is None or key in firsts[id(pattern)]
                    )
                    by_lower[key] = every if fitting == every else fitting
                by_first[char] = by_lower[key]
            table.append((by_first, every, allowed))
        entry = _TABLES[id(patterns)] = (patterns, table)
    return entry[1]


@lru_cache(maxsize=256)
def _parse(pattern: str, flags: int) -> list:
    """The parsed items of a pattern (read by the walks below; several pattern sets share them)."""
    return _parser.parse(pattern, flags).data


def required_literals(regex: re.Pattern) -> tuple[str, ...] | None:
    """Lower-case strings (ASCII or caseless symbols) one of which every match of `regex` contains, or None.

    Read from the parsed pattern: a run of literal characters must appear; of an alternation,
    one branch must. Anything unusual (a parse the walk does not know, a non-ASCII letter or mark,
    whose case folding may reach ASCII letters) gives None, and the regex alone decides. A non-ASCII
    symbol ("©") is fine: it has no case, and no character lower-cases to it.
    """
    try:
        found = _required(_parse(regex.pattern, regex.flags))
    except Exception:  # noqa: BLE001 - a private parser may change: then simply no shortcut
        return None
    if not found or not all(needle and all(map(_caseless, needle)) for needle in found):
        return None
    return tuple(sorted({needle.lower() for needle in found}))


def _caseless(char: str) -> bool:
    """ASCII, or a character that matches only itself under IGNORECASE and that `str.lower()` keeps and
    never makes of another one: a symbol, punctuation or digit (lower-case forms are letters and marks)."""
    if char.isascii():
        return True
    return (char.lower() == char == char.upper() and char.casefold() == char
            and unicodedata.category(char)[0] in "SPN")


def _anchored(regex: re.Pattern) -> bool:
    """Every match starts at the start of the line ("^..." or "^...|^..."), so a search tries one position."""
    try:
        items = _parse(regex.pattern, regex.flags)
    except Exception:  # noqa: BLE001 - a private parser may change: then assume a full search
        return False
    if len(items) == 1 and items[0][0] is _constants.BRANCH:
        branches = items[0][1][1]
    else:
        branches = [items]
    return all(len(branch) and branch[0] == (_constants.AT, _constants.AT_BEGINNING) for branch in branches)


def first_characters(regex: re.Pattern) -> frozenset[str] | None:
    """Lower-case ASCII characters one of which, lower-cased, starts every match of `regex`; None if unknown.

    Meant for anchored patterns, whose matches start where the line does. Anything the walk does not
    know, a non-ASCII character (case-insensitive matching may take it for an ASCII letter), a multi-line
    pattern or one that can match the empty string gives None: every line then gets the search."""
    if regex.flags & re.MULTILINE:
        return None
    try:
        found = _first(_parse(regex.pattern, regex.flags))
    except Exception:  # noqa: BLE001 - a private parser may change: then simply no shortcut
        return None
    if found is None or found[1] or not all(char.isascii() for char in found[0]):
        return None  # unknown, or a match may be empty (then any line may match)
    return frozenset(char.lower() for char in found[0])


_REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT)
_DIGITS = frozenset("0123456789")


def _first(items) -> tuple[set[str], bool] | None:
    """For a sequence of parsed items: the characters a match may start with, and whether it may be
    empty; None when unknown. Anchors and lookarounds are passed over (they only narrow the matches)."""
    chars: set[str] = set()
    for op, value in items:
        if op in _ZERO_WIDTH:
            continue
        if op is _constants.LITERAL:
            return chars | {chr(value)}, False
        if op is _constants.IN:
            inner = _class_characters(value)
            return None if inner is None else (chars | inner, False)
        if op is _constants.SUBPATTERN:
            if value[1] or value[2]:  # inline flags change how the part matches
                return None
            inner, minimum = _first(value[3].data), 1
        elif op is _constants.ATOMIC_GROUP:
            inner, minimum = _first(value.data), 1
        elif op is _constants.BRANCH:
            parts = [_first(branch.data) for branch in value[1]]
            if any(part is None for part in parts):
                return None
            inner, minimum = (set().union(*(part[0] for part in parts)), any(part[1] for part in parts)), 1
        elif op in _REPEATS:
            inner, minimum = _first(value[2].data), value[0]
        else:
            return None
        if inner is None:
            return None
        chars |= inner[0]
        if minimum >= 1 and not inner[1]:
            return chars, False
    return chars, True


def _class_characters(items) -> set[str] | None:
    """The characters of a parsed character class, if it lists ASCII characters, ranges or digits only."""
    chars: set[str] = set()
    for op, value in items:
        if op is _constants.LITERAL:
            chars.add(chr(value))
        elif op is _constants.RANGE and value[1] < 128:
            chars.update(chr(code) for code in range(value[0], value[1] + 1))
        elif op is _constants.CATEGORY and value is _constants.CATEGORY_DIGIT:
            chars |= _DIGITS  # with an ASCII first character: only "0"-"9" are digits
        else:
            return None
    return chars


def _required(items: list) -> frozenset[str] | None:
    """For a sequence of parsed items: the best set of which one string is in every match, or None."""
    options: list[frozenset[str]] = []
    run: list[str] = []
    for op, value in items:
        if op is _constants.LITERAL:
            run.append(chr(value))
            continue
        if run:
            options.append(frozenset({"".join(run)}))
            run = []
        if op is _constants.SUBPATTERN:
            inner = _required(value[-1])
        elif op is _constants.BRANCH:
            branches = [_required(branch) for branch in value[1]]
            inner = None if any(b is None for b in branches) else frozenset().union(*branches)
        elif op in (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT) and value[0] >= 1:
            inner = _required(value[2])
        else:  # anchors, classes, optional parts, lookarounds: nothing they require is known
            inner = None
        if inner:
            options.append(inner)
    if run:
        options.append(frozenset({"".join(run)}))
    # The set whose shortest string is longest rules out the most lines.
    return max(options, key=lambda option: (min(map(len, option)), -len(option)), default=None)
