"""Publication dates given as metadata (JSON fields, manifest cells) to ISO form, never guessed.

Only what the value states is kept: "March 2023" is "2023-03", not the first of
March; "03/04/2023" could be either month first or day first, so it is refused.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO = re.compile(r"\A(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:[T ][0-9:.+\-Z]*)?\Z")
_NUMERIC_AMBIGUOUS = re.compile(r"\A(\d{1,2})[/.\-](\d{1,2})[/.\-]\d{2,4}\Z")

# Two defaults that differ in every field: a field the parse took from the
# default (because the value does not state it) differs between the two parses.
_DEFAULT_A = dt.datetime(2000, 1, 1)
_DEFAULT_B = dt.datetime(2001, 2, 2)


def iso_date(value) -> str | None:
    """'2023-03-24', 'Mar 24, 2023', '2023-03-24T10:00:00Z' -> '2023-03-24'; 'March 2023' -> '2023-03'."""
    if value is None:
        return None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    text = str(value).strip()
    if not text:
        return None
    match = _ISO.match(text)
    if match:
        return _checked("-".join(part for part in match.groups() if part))
    ambiguous = _NUMERIC_AMBIGUOUS.match(text)
    if ambiguous and ambiguous.group(1) != ambiguous.group(2) and max(map(int, ambiguous.groups())) <= 12:
        return None
    return _parse_free_form(text)


def _checked(iso: str) -> str | None:
    parts = [int(p) for p in iso.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        return None
    return iso


def _parse_free_form(text: str) -> str | None:
    from dateutil import parser

    try:
        a = parser.parse(text, default=_DEFAULT_A)
        b = parser.parse(text, default=_DEFAULT_B)
    except (ValueError, OverflowError, parser.ParserError):
        return None
    if a.year != b.year:
        return None  # no year stated: the date cannot be placed
    if a.month != b.month:
        return f"{a.year:04d}"
    if a.day != b.day:
        return f"{a.year:04d}-{a.month:02d}"
    return f"{a.year:04d}-{a.month:02d}-{a.day:02d}"
