"""Date expressions in text, resolved against the article's publication date.

Resolution rules (documented here because the output depends on them):
- A weekday ("on Thursday") is the most recent such day on or before the publication date;
  "last Thursday" is strictly before it; "next Thursday" strictly after it.
- A month and day without a year ("on May 8th", "February 22") take the publication year; when that
  lands more than 7 days after publication, the previous year (news reports the past), unless the
  clause speaks of the future (`future=True`), when the next occurrence is used instead.
- A month alone ("in December", "since August") gives "YYYY-MM" with the same choice of year.
- "this week" / "earlier this week" give the Monday of the publication week, "last week" the Monday
  before; "over the weekend" the Saturday of the most recent weekend; "this month" / "last month"
  give "YYYY-MM"; "this year" / "last year" give "YYYY"; yesterday / today / tomorrow the day.
- Without a publication date, anything relative stays unresolved (date=None); a date that states its
  year ("May 20th, 2022", "in 2016") still resolves. A year is never guessed.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from ..model import DateRef

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}

# Month names are matched case-sensitively (capitalised) so that the verb "may" and "march" are never months.
_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)(?![\w])"
)
_YEAR = r"(?:1[89]\d\d|20\d\d)"
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

# The cores of date expressions. Each kind has its own pattern, run only when a cheap substring test says it
# can match: one alternation of them all cost ten times more, because the regex engine then tries every
# alternative at every position. Month and weekday names are case-sensitive (capitalised) so that "may" and
# "march" the verbs are never months. Words in front ("on", "since", "last", "over the") are looked up
# afterwards in the text just before the core.
_has_digit = re.compile(r"\d").search
_DAY_NUMBER = r"(?:[12]\d|3[01]|[1-9]|0[1-9])(?:st|nd|rd|th)?"


def may_hold_a_year(text: str) -> bool:
    """Whether `text` may hold a `_YEAR`: every one opens with "18", "19" or "20" (three substring tests cost
    less than the year pattern's scan, which digits such as "5,000" or "3.5" start in vain)."""
    return "20" in text or "19" in text or "18" in text


# Each pattern's pre-check gets the span's text and whether it holds a digit (tested once per span).
_PATTERNS = (
    ("md", lambda t, digit: digit, re.compile(rf"(?P<md_month>{_MONTH})\s+(?P<md_day>{_DAY_NUMBER})(?![\d:])(?:,?\s+(?P<md_year>{_YEAR}))?(?!\d)")),
    ("my", lambda t, digit: True, re.compile(rf"(?P<my_month>{_MONTH})(?:,?\s+(?P<my_year>{_YEAR}))?(?![\d\w])")),
    ("dm", lambda t, digit: digit, re.compile(rf"(?P<dm_day>{_DAY_NUMBER})(?:\s+of)?\s+(?P<dm_month>{_MONTH})(?:,?\s+(?P<dm_year>{_YEAR}))?(?!\d)")),
    ("iso", lambda t, digit: digit and "-" in t and may_hold_a_year(t), re.compile(rf"(?P<iso_y>{_YEAR})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])(?!\d)")),
    ("yr", lambda t, digit: digit and may_hold_a_year(t), re.compile(rf"(?P<yr_year>{_YEAR})(?![\d,.]\d|-)")),
    ("wd", lambda t, digit: "day" in t, re.compile(rf"(?P<wd_day>{_WEEKDAY})(?:\s+(?:morning|afternoon|evening|night))?")),
    ("rel", lambda t, digit: "day" in t or "orrow" in t, re.compile(r"(?:[Yy]ester|[Tt]o)day(?!\w)|[Tt]omorrow(?!\w)")),
    ("unit", lambda t, digit: "week" in t or "month" in t or "year" in t, re.compile(r"(?:week(?:end)?|month|year)(?!\w)")),
)
_MONTH_KINDS = ("md", "my", "dm")  # the patterns that need a month name
_FUTURE_KINDS = ("md", "my", "dm", "wd")  # the kinds whose date depends on `future` (see `_resolve`)
_RELATIVE_KINDS = ("rel", "unit")  # the patterns whose every match is one of `_RELATIVE_WORDS` (lower case)
_RELATIVE_WORDS = frozenset({"yesterday", "today", "tomorrow", "week", "weekend", "month", "year"})
# The patterns to try, with their place in `_PATTERNS`, by (months, relative) as `_candidates` is told: chosen once
# per span instead of testing each pattern's kind.
_PATTERNS_FOR = {
    (months, relative): tuple((order, kind, may_match, pattern) for order, (kind, may_match, pattern) in enumerate(_PATTERNS)
                              if (months or kind not in _MONTH_KINDS) and (relative or kind not in _RELATIVE_KINDS))
    for months in (True, False) for relative in (True, False)
}
_PREP_BEFORE = re.compile(r"(?:\b(?:on|in|since|by|until|till|from|before|after|during|of|early|late|mid)\s+(?:the\s+)?)$", re.IGNORECASE)
_WEEKDAY_MODIFIER = re.compile(r"\b(?:last|next|this|past)\s+$", re.IGNORECASE)
_UNIT_MODIFIER = re.compile(r"\b(?:(?:earlier|later)\s+(?:this|in\s+the)|this|last|next|past|(?:over|at|during)\s+the)\s+$", re.IGNORECASE)


def _iso(d: date) -> str:
    return d.isoformat()


def _parse_published(published: str | None) -> date | None:
    if not published:
        return None
    try:
        return date.fromisoformat(published[:10])
    except ValueError:
        return None


def _month_number(word: str) -> int:
    return MONTHS[word.lower().rstrip(".")]


def _choose_year(month: int, day: int | None, pub: date, future: bool) -> int:
    """The year for a month(-day) without one: see the module docstring."""
    year = pub.year
    probe = date(year, month, min(day or 1, 28))
    if future:
        return year + 1 if probe < pub - timedelta(days=7 if day else 31) else year
    limit = pub + timedelta(days=7 if day else 0)
    if day is None:
        return year - 1 if (year, month) > (pub.year, pub.month) else year
    return year - 1 if probe > limit else year


def _valid_day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _resolve_month_day(month: int, day: int | None, year: int | None, pub: date | None, future: bool) -> str | None:
    if year is None:
        if pub is None:
            return None
        year = _choose_year(month, day, pub, future)
    if day is None:
        return f"{year:04d}-{month:02d}"
    return _valid_day(year, month, day)


def _resolve_weekday(weekday: int, modifier: str, pub: date | None, future: bool) -> str | None:
    if pub is None:
        return None
    back = (pub.weekday() - weekday) % 7
    if modifier == "next" or (future and modifier in ("", "on", "this") and back != 0):
        return _iso(pub + timedelta(days=(weekday - pub.weekday()) % 7 or 7))
    if modifier in ("last", "past") and back == 0:
        back = 7
    return _iso(pub - timedelta(days=back))


def _resolve_relative(phrase: str, pub: date | None) -> str | None:
    if pub is None:
        return None
    p = " ".join(phrase.lower().split())
    monday = pub - timedelta(days=pub.weekday())
    if p == "yesterday":
        return _iso(pub - timedelta(days=1))
    if p == "today":
        return _iso(pub)
    if p == "tomorrow":
        return _iso(pub + timedelta(days=1))
    if p.endswith("weekend"):
        if p.startswith("next"):
            return _iso(monday + timedelta(days=12))
        saturday = monday + timedelta(days=5)
        return _iso(saturday if saturday <= pub else saturday - timedelta(days=7))
    if p.endswith("week"):
        if p.startswith(("last", "past")):
            return _iso(monday - timedelta(days=7))
        if p.startswith("next"):
            return _iso(monday + timedelta(days=7))
        return _iso(monday)
    if p.endswith("month"):
        if p.startswith(("last", "past")):
            prev = pub.replace(day=1) - timedelta(days=1)
            return f"{prev.year:04d}-{prev.month:02d}"
        if p.startswith("next"):
            nxt = (pub.replace(day=28) + timedelta(days=4)).replace(day=1)
            return f"{nxt.year:04d}-{nxt.month:02d}"
        return f"{pub.year:04d}-{pub.month:02d}"
    if p.endswith("year"):
        offset = {"last": -1, "past": -1, "next": 1}.get(p.split()[0], 0)
        return f"{pub.year + offset:04d}"
    return None


def _day(word: str) -> int:
    return int(word.rstrip("stndrh"))


def _resolve(kind: str, m: re.Match[str], modifier: str, pub: date | None, future: bool) -> str | None:
    g = m.groupdict()
    if kind in ("md", "dm", "my"):
        year = int(g[f"{kind}_year"]) if g[f"{kind}_year"] else None
        day = _day(g[f"{kind}_day"]) if kind != "my" else None
        return _resolve_month_day(_month_number(g[f"{kind}_month"]), day, year, pub, future)
    if kind == "iso":
        return _valid_day(int(g["iso_y"]), int(g["iso_m"]), int(g["iso_d"]))
    if kind == "wd":
        return _resolve_weekday(WEEKDAYS[g["wd_day"].lower()], modifier.split()[0].lower() if modifier else "", pub, future)
    if kind in ("rel", "unit"):
        return _resolve_relative(f"{modifier} {m.group()}", pub)
    return g["yr_year"]


def _may_is_the_verb(kind: str, m: re.Match[str]) -> bool:
    """'May' alone is the month only after a preposition or before a year ("in May", "May 2022")."""
    return kind == "my" and m.group("my_month") == "May" and not m.group("my_year")


def _candidates(text: str, start: int, end: int, months: bool = True, digits: bool | None = None,
                relative: bool = True):
    """(kind, match) for every core in the span, overlaps resolved in favour of the earliest, then longest.
    `months=False`: the caller knows the span names no month, so the month patterns are not run.
    `digits`: whether the span holds a digit, when the caller knows.
    `relative=False`: the caller knows the span holds none of `_RELATIVE_WORDS` as a whole word, so the
    "rel" and "unit" patterns (each match is one of them, with no letter or digit on either side) are not run."""
    span_text = text[start:end]
    digit = bool(_has_digit(span_text)) if digits is None else digits
    found = []
    for order, kind, may_match, pattern in _PATTERNS_FOR[bool(months), bool(relative)]:
        if may_match(span_text, digit):
            for m in pattern.finditer(text, start, end):
                s = m.start()
                if s == 0 or not text[s - 1].isalnum():  # not inside a word ("Mayor")
                    found.append((s, -m.end(), order, kind, m))
    # By start, then longest, then pattern order: what a stable sort by start and end gives (one pattern's matches
    # have distinct starts, so no comparison reaches the kind or the match).
    found.sort()
    last_end = -1
    for s, neg_end, _, kind, m in found:
        if s >= last_end:
            last_end = -neg_end
            yield kind, m


def _prefix(kind: str, text: str, m: re.Match[str], start: int) -> re.Match[str] | None:
    """The words before a core that belong to the date expression ("on", "since", "last", "over the")."""
    window = max(start, m.start() - 24)
    if kind == "unit":
        return _UNIT_MODIFIER.search(text, window, m.start())
    if kind == "wd":
        return _WEEKDAY_MODIFIER.search(text, window, m.start()) or _PREP_BEFORE.search(text, window, m.start())
    if kind == "rel":
        return None
    return _PREP_BEFORE.search(text, window, m.start())


def find_dates(text: str, published: str | None, start: int = 0, end: int | None = None, *, future: bool | re.Pattern[str] = False,
               months: bool = True, digits: bool | None = None, relative: bool = True) -> list[DateRef]:
    """Date expressions in `text[start:end]`, with offsets into `text` and ISO dates (or None).

    `months=False` skips the month patterns when the caller knows the span names no month; `digits` says
    whether the span holds a digit, when the caller knows (else it is tested here); `relative=False` skips the
    patterns of relative days and units when the caller knows the span holds none of their words.

    `future` says the clause speaks of the future; a pattern (of future markers) is checked only in the
    60 characters before each date, so that "said on Thursday that it will" stays in the past.
    """
    end = len(text) if end is None else end
    pub = _parse_published(published)
    out: list[DateRef] = []
    for kind, m in _candidates(text, start, end, months, digits, relative):
        prefix = _prefix(kind, text, m, start)
        if kind == "unit" and not prefix:
            continue  # "a year", "the week": a duration or a noun, not a time
        if kind == "yr" and not prefix or _may_is_the_verb(kind, m) and not prefix:
            continue
        month = m.group("my_month") if kind == "my" else None
        if month and not m.group("my_year") and not prefix and month.rstrip(".") not in ("May", "June", "July") and len(month.rstrip(".")) <= 4:
            continue  # a bare abbreviation ("Mar", "Dec") is too ambiguous alone
        # Only a weekday, or a month without its year, resolved against a publication date, depends on `ahead`:
        # the future markers are looked for only then.
        if isinstance(future, bool):
            ahead = future
        else:
            ahead = pub is not None and kind in _FUTURE_KINDS and bool(future.search(text, max(start, m.start() - 60), m.start()))
        begin = prefix.start() if prefix else m.start()
        modifier = text[begin:m.start()].strip() if kind in ("unit", "wd") and prefix else ""
        out.append(DateRef(text[begin:m.end()], begin, m.end(), _resolve(kind, m, modifier, pub, ahead)))  # (text, start, end, date)
    return out
