"""The user-editable boilerplate patterns (`parallax/data/boilerplate.yaml`), loaded once."""

from __future__ import annotations

import re
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
    table = _searches_by_word_count(patterns)
    if words >= len(table):  # longer than any pattern allows: most paragraphs end here
        return None
    # A line can only match a pattern when its lower-cased form holds one of the pattern's required
    # (ASCII) words: a few substring tests are much cheaper than a search that tries every position.
    # Not so for the few characters that re's IGNORECASE matches to an ASCII letter: then no shortcut.
    lowered = None if has_case_twin(line) else line.lower()
    for search, reason, needles in table[words]:
        if lowered is not None and needles and not _holds_any(lowered, needles):
            continue
        if search(line):
            return reason
    return None


def _holds_any(text: str, needles: tuple[str, ...]) -> bool:
    for needle in needles:
        if needle in text:
            return True
    return False


# Tables built from recently used pattern sets, by id (the set is kept too, so the id stays its own).
_TABLES: dict[int, tuple[tuple[Pattern, ...], list[tuple]]] = {}
_MAX_TABLES = 8


def _searches_by_word_count(patterns: tuple[Pattern, ...]) -> list[tuple]:
    """For each word count up to the largest `max_words`, the (search, reason, needles) of the patterns
    allowed to fire on a line that long, in file order: a line is only tested against those."""
    entry = _TABLES.get(id(patterns))
    if entry is None or entry[0] is not patterns:
        if len(_TABLES) >= _MAX_TABLES:  # each context loads its own copy: keep the cache small
            _TABLES.clear()
        longest = max((pattern.max_words for pattern in patterns), default=-1)
        # A search anchored at the line's start fails fast on its own: needles only for the others.
        needles = {
            id(pattern): None if _anchored(pattern.regex) else required_literals(pattern.regex) for pattern in patterns
        }
        table = [
            tuple(
                (pattern.regex.search, pattern.reason, needles[id(pattern)])
                for pattern in patterns
                if words <= pattern.max_words
            )
            for words in range(longest + 1)
        ]
        entry = _TABLES[id(patterns)] = (patterns, table)
    return entry[1]


def required_literals(regex: re.Pattern) -> tuple[str, ...] | None:
    """Lower-case ASCII strings one of which every match of `regex` contains, or None when there is no such set.

    Read from the parsed pattern: a run of literal characters must appear; of an alternation,
    one branch must. Anything unusual (a parse the walk does not know, a non-ASCII literal,
    whose case folding may reach ASCII letters) gives None, and the regex alone decides.
    """
    try:
        found = _required(_parser.parse(regex.pattern, regex.flags).data)
    except Exception:  # noqa: BLE001 - a private parser may change: then simply no shortcut
        return None
    if not found or not all(needle and needle.isascii() for needle in found):
        return None
    return tuple(sorted({needle.lower() for needle in found}))


def _anchored(regex: re.Pattern) -> bool:
    """Every match starts at the start of the line ("^..." or "^...|^..."), so a search tries one position."""
    try:
        items = _parser.parse(regex.pattern, regex.flags).data
    except Exception:  # noqa: BLE001 - a private parser may change: then assume a full search
        return False
    if len(items) == 1 and items[0][0] is _constants.BRANCH:
        branches = items[0][1][1]
    else:
        branches = [items]
    return all(len(branch) and branch[0] == (_constants.AT, _constants.AT_BEGINNING) for branch in branches)


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
