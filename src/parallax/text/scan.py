"""Finding a regex's matches without its scan of every position, where the caller knows where they can start.

A pattern that opens with a look-behind or a character class is tried by `re` at every position of the text.
When every match is known to start at one of a few places (found by `str.find`, a fast C scan), trying the
pattern there alone, in order and each after the last match's end, gives the matches `finditer` gives.
"""

from __future__ import annotations

import re
from typing import Iterable, Iterator


def occurrences(haystack: str | bytes, needle: str | bytes) -> Iterator[int]:
    """Every index where `needle` starts in `haystack`, overlapping ones too."""
    i = haystack.find(needle)
    while i >= 0:
        yield i
        i = haystack.find(needle, i + 1)


def matches_at(pattern: re.Pattern, text: str, starts: Iterable[int]) -> list[re.Match]:
    """`list(pattern.finditer(text))` when every match of it starts at one of `starts` (for a pattern that matches
    no empty string): tried at each start in order, at or after the end of the match before."""
    found = []
    end = 0
    match = pattern.match
    for start in sorted(starts):
        if start >= end:
            m = match(text, start)
            if m:
                found.append(m)
                end = m.end()
    return found
