"""Metadata found in the text of an article: dates, bylines, author bios, copyright lines, URL host.

Every function here looks at one line (or a URL) and either recognises a clear pattern
or returns None: nothing is guessed. A date is only taken from a line that is *about*
the article ("Last updated ...", "Published ...", a bare date line in the byline area),
never from a date mentioned inside a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday|rsday)?\.?,?\s+)?"
# Written-out dates as they appear in datelines: "Mar 24, 2023", "24 March 2023", "2023-03-24".
_DATE_PATTERNS = (
    re.compile(_WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(_WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>(?:19|20)\d\d)\b", re.I),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})\b"),
    re.compile(r"\b(?P<year>(?:19|20)\d\d)/(?P<mnum>\d{1,2})/(?P<day>\d{1,2})\b"),
)
# "Last updated Mar 24, 2023", "Published: 2023-05-21", "Posted on May 21, 2023 at 10:00".
_DATE_LABEL = re.compile(
    r"^(?P<label>(?:last\s+)?(?:updated|modified|published|posted|first published|originally published|date|dated|released)"
    r"(?:\s+(?:on|at))?)\s*[:\-–—]?\s*",
    re.I,
)
_NAME_TOKEN = r"(?:[A-Z][a-zA-Z'’\-]+|[A-Z]\.)"
_NAME_PARTICLE = r"(?:de|da|del|der|van|von|bin|al|la|le|di|du|dos|ter)"
NAME = rf"{_NAME_TOKEN}(?:\s+(?:{_NAME_PARTICLE}\s+)?{_NAME_TOKEN}){{1,3}}"
_NAME_RE = re.compile(rf"^{NAME}$")
# Words that are capitalised at the start of a byline but are not names ("By Friday", "By The Way").
_NOT_NAME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may june july august "
    "september october november december the a an this that our staff editorial board reuters today now".split()
)
_BYLINE = re.compile(
    rf"^(?:written\s+|words\s+|reporting\s+|story\s+)?by:?\s+(?P<names>{NAME}(?:\s*(?:,|and|&)\s*{NAME})*)"
    r"(?P<rest>\s*(?:[,|•·—–-]\s*.*)?)$",
    re.I,
)
_WRITTEN_BY = re.compile(r"^(?:written|words|reporting|story|posted|published)\s+by:?$|^by:?$|^author:?$", re.I)
_AUTHOR_LABEL = re.compile(rf"^author:\s*(?P<names>{NAME})$", re.I)
# Author bios: "Jane Doe is a reporter ...", "Jane Doe is Example News's Europe editor ...".
_ROLE = (
    r"(?:editor|correspondent|reporter|writer|journalist|columnist|contributor|author|analyst|fellow|researcher|"
    r"professor|producer|blogger|commentator|director|host|anchor|freelancer|lecturer|scholar|veteran|founder)"
)
_BIO = re.compile(
    rf"^(?P<name>{NAME})\s+(?:is|was|has been|serves as|writes)\s+"
    r"(?:(?:a|an|the|currently|also|formerly)\s+|(?P<org>[A-Z0-9][\w&.\-]*(?:\s+[A-Z0-9][\w&.\-]*){0,3})['’]s\s+)"
    rf"[^.]{{0,80}}?\b(?i:{_ROLE})s?\b"
)
# Bios that say what the author does ("Jane Doe writes The Valley Letter from Orlen. She has ...",
# "Jane Doe has reported on the region since 2009."): accepted when a second sentence goes on
# about the same person (He/She/They ...) or the name is the article's known author.
_BIO_ACTIVITY = re.compile(
    rf"^(?P<name>{NAME})\s+(?:writes|covers|reports on|edits|runs|has\s+(?:covered|reported|written|worked|edited))\b"
    r"(?:\s+(?P<org>(?:The\s+)?[A-Z][\w&.\-]*(?:\s+[A-Z][\w&.\-]*){0,3})(?=\s+(?:from|in|for|out of|since)\b|[.,]))?"
)
_PRONOUN_FOLLOWS = re.compile(r"[.!?]\s+(?:He|She|They|His|Her|Their)\s")
_COPYRIGHT = re.compile(r"^(?:©|\(c\)|copyright)\s*(?:©\s*)?(?:(?:19|20)\d\d(?:\s*[-–]\s*(?:19|20)\d\d)?\s*,?\s*)?(?P<org>[A-Z0-9][\w&.'’\- ]{1,60}?)\s*(?:[.,|]|all rights reserved|$)", re.I)


@dataclass(frozen=True)
class Found:
    """A metadata value found in one line, and how it was recognised."""

    field: str  # "published", "author", "publisher"
    value: str
    how: str  # e.g. "'Last updated' line"


def parse_date(text: str) -> str | None:
    """The first written-out calendar date in `text`, as an ISO date, or None."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(text)
        if match is None:
            continue
        groups = match.groupdict()
        month = groups.get("mnum")
        number = int(month) if month else MONTHS[groups["month"].lower()[:3]]
        try:
            return date(int(groups["year"]), number, int(groups["day"])).isoformat()
        except (TypeError, ValueError):
            continue
    return None


def date_line(line: str, *, in_byline_area: bool) -> Found | None:
    """A line that states the article's date: a labelled date, or a bare date in the byline area."""
    label = _DATE_LABEL.match(line)
    if label:
        rest = line[label.end():]
        value = parse_date(rest)
        if value and len(rest.split()) <= 8:
            return Found("published", value, f"text: '{label.group('label').strip()}' line")
        return None
    if in_byline_area and len(line.split()) <= 7:
        value = parse_date(line)
        if value and _only_date_words(line):
            return Found("published", value, "text: date line")
    return None


_TIME_WORDS = re.compile(r"^(?:\d{1,2}[:.]\d\d(?:[:.]\d\d)?|am|pm|a\.m\.|p\.m\.|at|on|gmt|utc|bst|cet|cest|est|edt|pst|pdt|[a-z]{2,4}t|\|)$", re.I)


def _only_date_words(line: str) -> bool:
    """True when the line holds nothing but a date (and maybe a time), not a sentence with a date in it."""
    for pattern in _DATE_PATTERNS:
        match = pattern.search(line)
        if match:
            rest = (line[: match.start()] + " " + line[match.end():]).replace(",", " ")
            return all(_TIME_WORDS.match(word) for word in rest.split())
    return False


def byline(line: str) -> tuple[Found | None, Found | None]:
    """("By Jane Doe | May 21, 2023") -> (author, published); (None, None) when the line is no byline."""
    label = _AUTHOR_LABEL.match(line)
    if label and _plausible_name(label.group("names")):
        return Found("author", label.group("names"), "text: 'Author:' line"), None
    match = _BYLINE.match(line)
    if not match or len(line.split()) > 14:
        return None, None
    names = match.group("names")
    if not all(_plausible_name(n) for n in re.split(r"\s*(?:,|\band\b|&)\s*", names) if n):
        return None, None
    rest = match.group("rest").strip(" ,|•·—–-")
    published = parse_date(rest) if rest else None
    if rest and not published and len(rest.split()) > 6:
        return None, None  # "By John Smith, who ..." is a sentence, not a byline
    date_found = Found("published", published, "text: byline") if published else None
    return Found("author", names, "text: 'By' line"), date_found


def is_written_by_label(line: str) -> bool:
    """A line that only says "Written By" / "By" / "Author": the name follows on the next line."""
    return bool(_WRITTEN_BY.match(line))


def name_line(line: str) -> str | None:
    """The line is just a person's name (the line after "Written By")."""
    line = line.strip()
    return line if _NAME_RE.match(line) and _plausible_name(line) else None


def _plausible_name(name: str) -> bool:
    words = name.replace(".", " ").split()
    return 2 <= len(words) <= 5 and not any(w.lower() in _NOT_NAME_WORDS for w in words)


def bio(line: str, known_authors: frozenset[str] = frozenset()) -> tuple[Found, Found | None] | None:
    """An author bio ("Jane Doe is Example News's Europe editor ...") -> (author, publisher or None)."""
    match = _BIO.match(line)
    if match is None:
        match = _BIO_ACTIVITY.match(line)
        if match and not (_PRONOUN_FOLLOWS.search(line) or match.group("name") in known_authors):
            return None
    if not match or not _plausible_name(match.group("name")):
        return None
    author = Found("author", match.group("name"), "text: author bio")
    org = match.group("org")
    publisher = Found("publisher", org, "text: author bio") if org else None
    return author, publisher


def copyright_holder(line: str) -> Found | None:
    """"© 2023 Example News. All rights reserved." -> publisher "Example News"."""
    match = _COPYRIGHT.match(line)
    if not match:
        return None
    org = match.group("org").strip(" .,")
    if not org or org.lower() in {"all rights reserved", "the author", "the authors"} or len(org.split()) > 6:
        return None
    return Found("publisher", org, "text: copyright line")


def publisher_from_url(url: str | None) -> Found | None:
    """The site's host name without "www." ("https://www.example.com/a" -> "example.com")."""
    if not url:
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host or "." not in host or host.replace(".", "").isdigit():
        return None
    host = re.sub(r"^(?:www\d?|m|amp|mobile)\.", "", host.lower())
    return Found("publisher", host, "url host")
