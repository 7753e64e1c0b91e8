"""Where the article is on the page: mastheads, the main block of prose, and the headline.

A scraped page is chrome, then the headline, byline and body, then more chrome. Three
general signals settle which is which:

- **site names**: a line that is the publisher's name (from the manifest, the copyright
  line, an author bio or the URL host) is a masthead or a footer, never the headline; an
  ALL CAPS first line with a real headline below it is a masthead too, and the short lines
  printed with it (tagline, menu) go with it;
- **the main block**: the densest run of prose lines (the maximum-sum run, where prose
  lines score by their length and short non-sentence lines cost a little), so menus,
  link lists and footers before and after it drop out while headings and short quotes
  inside it stay;
- **the headline**: a heading-like line above the main block: the line printed twice if
  there is one, otherwise the longest of the last few candidates above the byline.
"""

from __future__ import annotations

import re
from typing import Iterable
from urllib.parse import urlsplit

from .lines import Line, continues, is_heading_like, is_prose, is_sentence, is_upper_case

_SQUASH = re.compile(r"[\W_]+")
_FIRST_SENTENCE = re.compile(r"(?<=[.!?])\s+")
# Host labels that never name a site.
_GENERIC_HOST_LABELS = frozenset({"www", "m", "amp", "mobile", "news", "blog", "edition", "en", "com", "org", "net", "co"})

MASTHEAD_MAX_WORDS = 8
TAGLINE_MAX_WORDS = 12
REPEAT_DISTANCE = 3  # a headline's second copy follows within this many lines
TITLE_LOOKBACK = 3  # the headline is among the last few candidates above the byline or body
MIN_BLOCK_SCORE = 8  # a "main block" weaker than one real sentence is no evidence
COMMENTS_BARRIER = 60
MIN_ARTICLE_BEFORE_COMMENTS = 30  # prose score seen before a comments heading for it to end the article
# Reasons that interrupt an article without ending it (an ad slot, a photo credit, a byline).
_NEUTRAL_REASONS = frozenset({"advertisement", "image-credit", "image", "separator", "repeated"})


def squash(text: str) -> str:
    """Letters and digits only, case folded, a leading "the" dropped: "The Lesna Ledger" -> "lesnaledger"."""
    folded = _SQUASH.sub("", text.casefold())
    return folded[3:] if folded.startswith("the") and len(folded) > 6 else folded


def site_keys(names: Iterable[str | None], url: str | None) -> frozenset[str]:
    """Squashed forms of the site's names: given names, and the URL host's labels."""
    keys = {squash(name) for name in names if name}
    if url:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:
            host = ""
        labels = [label for label in host.lower().split(".")[:-1] if label not in _GENERIC_HOST_LABELS]
        keys.update(label for label in labels if len(label) >= 4)
        if len(labels) > 1:
            keys.add("".join(labels))
    return frozenset(key for key in keys if len(key) >= 4)


def is_site_name(line: Line, keys: frozenset[str]) -> bool:
    """The line (or its first sentence) is the site's name: "Example Herald. Founded 1921."."""
    if not keys or line.words > 20:
        return False
    first = _FIRST_SENTENCE.split(line.text, maxsplit=1)[0]
    return len(first.split()) <= MASTHEAD_MAX_WORDS and squash(first) in keys


def _title_candidate(line: Line, following: Line | None) -> bool:
    if line.reason is not None or line.bullet:
        return False
    wrapped = following is not None and following.block == line.block and continues(line, following)
    return line.heading or (is_heading_like(line) and not wrapped)


def mark_mastheads(lines: list[Line], keys: frozenset[str]) -> None:
    """Site-name lines anywhere, and an ALL CAPS or site-name first line with its tagline."""
    content = [line for line in lines if line.reason is None]
    for line in content:
        if is_site_name(line, keys):
            line.reason = "masthead"
    first = next((line for line in lines if line.reason is None or line.reason == "masthead"), None)
    if first is None or first.words > MASTHEAD_MAX_WORDS or is_sentence(first.text):
        return
    rest = [line for line in content if line is not first]
    if first.reason is None:
        # An ALL CAPS first line is a masthead only when a real (mixed-case) headline follows before the body.
        later_headline = False
        for index, line in enumerate(rest):
            if is_prose(line):
                break
            following = rest[index + 1] if index + 1 < len(rest) else None
            if _title_candidate(line, following) and not is_upper_case(line.text):
                later_headline = True
                break
        if not (is_upper_case(first.text) and later_headline):
            return
        first.reason = "masthead"
    for line in rest:  # the tagline and menu printed in the masthead's own block
        if line.block != first.block or line.words > TAGLINE_MAX_WORDS:
            break
        line.reason = "masthead"


def _line_score(line: Line) -> int:
    """What a line adds to a run of article text: prose gains by its length, chrome costs."""
    if line.reason is not None:
        if line.reason in _NEUTRAL_REASONS or line.reason.startswith("metadata:"):
            return 0
        if line.reason == "comments":  # readers' comments follow: the article does not go on across this line
            return -COMMENTS_BARRIER
        return -2
    if is_prose(line):
        return min(line.words, 80) - 4
    if is_sentence(line.text):
        return 0  # a short sentence, quote or list item: neither proof of prose nor of chrome
    if line.bullet:
        return -3
    if line.heading or is_heading_like(line):
        return -1
    return -2


def main_block(lines: list[Line]) -> tuple[int, int] | None:
    """Indexes (first, last) into `lines` of the densest run of prose, or None when there is no prose.

    A comment thread can hold more prose than the article; once some article text has been
    seen, a comments heading ends the search.
    """
    best = MIN_BLOCK_SCORE - 1
    found = None
    running, start, prose_seen = 0, 0, 0
    for index, line in enumerate(lines):
        score = _line_score(line)
        if line.reason == "comments" and prose_seen >= MIN_ARTICLE_BEFORE_COMMENTS:
            break
        prose_seen += max(score, 0)
        if running <= 0:
            running, start = 0, index
        running += score
        if running > best:
            best, found = running, (start, index)
    if found is None:
        return None
    first, last = found
    # Short sentences and list items right after the last paragraph close the article; they stay.
    while last + 1 < len(lines) and lines[last + 1].reason is None and _line_score(lines[last + 1]) >= 0:
        last += 1
    while first < last and lines[first].reason is not None:  # the block starts and ends on kept lines
        first += 1
    while last > first and lines[last].reason is not None:
        last -= 1
    return first, last


def _printed_twice(top: list[Line], index: int) -> bool:
    """The same line again within the next few lines (a headline printed twice; a menu repeated far below is not)."""
    key = top[index].key
    return any(line.key == key for line in top[index + 1: index + 1 + REPEAT_DISTANCE])


def choose_title(top: list[Line]) -> Line | None:
    """The headline among the lines above the main block."""
    candidates = []
    for index, line in enumerate(top):
        following = top[index + 1] if index + 1 < len(top) else None
        if _title_candidate(line, following):
            candidates.append((index, line))
    if not candidates:
        return None
    for index, line in candidates:
        if line.heading or _printed_twice(top, index):
            return line
    mixed = [(i, line) for i, line in candidates if not is_upper_case(line.text)]
    candidates = mixed or candidates
    anchor = next(
        (i for i, line in enumerate(top) if line.reason in ("metadata:author", "metadata:published") and i > candidates[0][0]),
        len(top),
    )
    before_anchor = [(i, line) for i, line in candidates if i < anchor] or candidates
    recent = before_anchor[-TITLE_LOOKBACK:]
    return max(recent, key=lambda item: (item[1].words, -item[0]))[1]


def mark_layout(lines: list[Line]) -> tuple[bool, Line | None]:
    """Headline, chrome above it and chrome after the main block: (whether there is a main block, the headline line)."""
    block = main_block(lines)
    if block is None:
        return False, None
    first, last = block
    top = lines[:first]
    title = choose_title(top)
    title_index = next((i for i, line in enumerate(top) if line is title), -1)
    for index, line in enumerate(top):
        if line.reason is not None or line is title:
            continue
        # Between the headline (or the top, when there is none) and the body a standfirst may stand; anything else is chrome.
        standfirst = index > title_index and not line.bullet and (is_sentence(line.text) or is_heading_like(line))
        if not standfirst:
            line.reason = "site-chrome"
    for line in lines[last + 1:]:
        if line.reason is None:
            line.reason = "trailing-chrome"
    if title is not None:
        title.reason = "metadata:title"
        for line in lines:
            if line is not title and line.key == title.key and line.reason in (None, "repeated"):
                line.reason = "repeated-title"
    return True, title
