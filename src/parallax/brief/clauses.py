"""The clause around a span: where a figure or a probability belongs.

"X said at least 14 civilians had been killed and about 11,000 people forced from their
homes" holds two figures with different meanings; the clause of each is the stretch of
the sentence between the nearest breaks (punctuation, "and", "whereas", "but", ...).
"""

from __future__ import annotations

import re

CLAUSE_BREAK = re.compile(r"[;,:–—]\s|\s(?:and|whereas|while|but|although|compared (?:to|with)|down from|up from)\s", re.I)


def clause_around(text: str, start: int, end: int, span_start: int, span_end: int) -> tuple[int, int]:
    """The clause of text[start:end] that contains text[span_start:span_end]."""
    left, right = start, end
    for m in CLAUSE_BREAK.finditer(text, start, end):
        if m.end() <= span_start:
            left = m.end()
        elif m.start() >= span_end:
            right = m.start()
            break
    return left, right


_PREVIOUS = re.compile(r"\b(?:down|up|changed|revised) from\b", re.I)


def previous_value(text: str, clause_start: int, value_start: int) -> bool:
    """The value is an earlier one ("down from 40% a week ago"), not the current one."""
    return bool(_PREVIOUS.search(text, max(0, clause_start - 12), value_start))
