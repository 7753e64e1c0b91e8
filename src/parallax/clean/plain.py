"""The plain-text (and markdown) cleaner: page noise out, the article and its metadata kept.

Scraped text is a column of lines: site chrome at the top, the headline (sometimes twice),
a byline and date, the body, then link lists, bios, prompts and footers. The cleaner
labels each line with general evidence, in this order:

1. user-editable patterns of calls to action, navigation, ads, credits, footers
   (`data/boilerplate.yaml`, short lines only) and lines another document of the same
   publisher also has (`boilerplate`, counted by the stage's `prepare`);
   A short line of two or three sentences is tested on its first sentence too
   ("Sign up for our newsletter. Get the top stories every morning.");
2. link lists ("LABEL: Some Headline", the lines under a bare "READ MORE:") and menu rows
   ("World | Business | Sport", items separated by runs of spaces);
3. metadata lines (dates, bylines, "Written By", copyright), which are moved to fields;
4. repetition inside the document (a bio printed twice is dropped entirely, other
   repeats keep their first copy) and author bios near the end;
5. layout (`layout.py`): mastheads (the site's name, an ALL CAPS first line and its
   tagline), the main block of prose (chrome before and after it goes), and the headline
   above it. Without any prose to anchor on, the headline is the first heading-like line
   and short non-sentence lines after the last sentence are trailing chrome.

The title line is removed from `text` (reason "metadata:title") and reported in `title`;
body headings stay. Bullet glyphs and indentation are stripped, the item is kept. Lines of
one block that are a hard-wrapped paragraph are joined with a space; blocks are separated
by a blank line. Every removal is recorded with its reason and 1-based input line number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..model import Removal
from . import metadata as meta
from .layout import mark_layout, mark_mastheads, site_keys
from .lines import (
    FoldedLines,
    Line,
    continues,
    is_heading_like,
    is_prose,
    is_sentence,
    menu_items,
    normalise_key,
    split_lines,
)
from .patterns import Pattern, reason_matcher

__all__ = ["Cleaned", "clean_plain", "is_heading_like", "is_sentence", "normalise_key", "split_lines"]

_NO_WORDS = re.compile(r"^[\W_]*$")
# "MORE: Some Headline", "WATCH - Some Headline": an upper-case label introducing a link.
_LINK_LABEL = re.compile(r"^(?P<label>[A-Z][A-Z'’ ]{1,24})\s*[:|»›>]\s+(?P<rest>\S.*)$")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=\S)")

CHROME_MAX_WORDS = 12  # trailing lines longer than this are never "chrome"
BYLINE_AREA = 12  # content lines at the top where a bare date or a byline belongs
PROMPT_MAX_WORDS = 30  # a call to action may run to a second or third short sentence
LINK_ITEM_MAX_WORDS = 15
BIO_MAX_WORDS = 80


@dataclass
class Cleaned:
    text: str
    removed: list[Removal] = field(default_factory=list)
    title: str | None = None
    author: str | None = None
    published: str | None = None
    publisher: str | None = None
    provenance: dict[str, str] = field(default_factory=dict)


def clean_plain(
    text: str,
    patterns: tuple[Pattern, ...],
    *,
    markdown: bool = False,
    boilerplate: frozenset[str] = frozenset(),
    positional: bool = True,
    site_names: tuple[str, ...] = (),
    url: str | None = None,
    folded: FoldedLines | None = None,
) -> Cleaned:
    """Clean one plain-text or markdown article.

    `boilerplate` holds keys of lines seen in other documents of the same group.
    `positional=False` skips the rules based on position (headline, mastheads, the main
    block), for text an extractor has already cut to the article body. `site_names` (the
    publisher as the input's hints give it) and `url` name the site, so that its masthead
    is never taken for the headline. `folded` is `fold_lines(text)` (plain text only) when the caller
    has already folded the lines.
    """
    lines = split_lines(text, markdown=markdown, tidy=folded is not None and folded.tidy)
    if folded is not None and len(folded.keys) == len(lines):
        for line, key in zip(lines, folded.keys):
            line.key = key  # what the cached property would compute again
    found: dict[str, list[meta.Found]] = {"published": [], "author": [], "publisher": []}
    _mark_patterns(lines, patterns)
    _mark_cross_document(lines, boilerplate)
    _mark_link_lists(lines)
    _mark_menus(lines)
    _mark_metadata(lines, found)
    _mark_repeats_and_bios(lines, found)
    title = None
    if positional:
        names = (*site_names, *(f.value for f in found["publisher"]))
        mark_mastheads(lines, site_keys(names, url))
        has_block, title = mark_layout(lines)
        if not has_block:  # no run of prose to anchor on: the first heading-like line is the headline
            title = _mark_title(lines)
            _mark_trailing_chrome(lines)
    _keep_something(lines)
    cleaned = Cleaned(_assemble(lines))
    cleaned.removed = [Removal(line.source, line.reason, line.number) for line in lines if line.reason]
    if title is not None and title.reason == "metadata:title":
        cleaned.title = title.text
        cleaned.provenance["title"] = "text: headline line"
    for name, candidates in found.items():
        if candidates:
            best = _best(name, candidates)
            setattr(cleaned, name, best.value)
            cleaned.provenance[name] = best.how
    return cleaned


def _content(lines: list[Line]) -> list[Line]:
    return [line for line in lines if line.reason is None]


def _mark_patterns(lines: list[Line], patterns: tuple[Pattern, ...]) -> None:
    """Boilerplate patterns on the whole line, or on its first sentence when the line is a short prompt
    ("Sign up for our newsletter. Get the top stories every morning.")."""
    match = reason_matcher(patterns)
    for line in lines:
        if line.reason is not None:
            continue
        text = line.text
        if _NO_WORDS.match(text):
            line.reason = "separator"
            continue
        line.reason = match(text, line.words)
        # (a break follows a ".", "!" or "?": a line without any has one sentence, and the split is skipped)
        if line.reason is None and line.words <= PROMPT_MAX_WORDS and ("." in text or "?" in text or "!" in text):
            sentences = _SENTENCE_BREAK.split(text, maxsplit=3)
            if 1 < len(sentences) <= 3:
                first = sentences[0]
                line.reason = match(first, len(first.split()))


def _mark_cross_document(lines: list[Line], boilerplate: frozenset[str]) -> None:
    """Lines that other documents of the same publisher also print are chrome, unless that would gut the text."""
    if not boilerplate:
        return
    hits = [line for line in _content(lines) if line.key in boilerplate]
    total = sum(line.words for line in _content(lines))
    if hits and sum(line.words for line in hits) <= total / 2:  # two copies of one article: keep it
        for line in hits:
            line.reason = "boilerplate:publisher"


def _mark_link_lists(lines: list[Line]) -> None:
    """"MORE: Some Headline" lines, and the short lines listed under a bare "READ MORE:" label."""
    label: Line | None = None
    for line in lines:
        if label is not None and line.block == label.block and line.reason is None:
            if line.words <= LINK_ITEM_MAX_WORDS and not is_prose(line):
                line.reason = "link-list"
                continue
        label = line if line.reason in ("link-list", "call-to-action") and line.text.endswith(":") else None
        if line.reason is None:
            match = _LINK_LABEL.match(line.text)
            if match and len(match.group("label").split()) <= 3 and not is_sentence(match.group("rest")):
                line.reason = "link-list"


def _mark_menus(lines: list[Line]) -> None:
    """Rows of navigation links ("World | Business | Sport", "Home  News  Video")."""
    for line in lines:
        if line.reason is None and menu_items(line):
            line.reason = "navigation"


def _mark_metadata(lines: list[Line], found: dict[str, list[meta.Found]]) -> None:
    """Dates, bylines and copyright lines: record the value, drop the line."""
    content = _content(lines)
    top = {id(line) for line in content[:BYLINE_AREA]}
    for index, line in enumerate(content):
        if line.words > 16:
            continue
        author, dated = meta.byline(line.text)
        if author:
            found["author"].append(author)
            if dated:
                found["published"].append(dated)
            line.reason = "metadata:author"
            continue
        if meta.is_written_by_label(line.text):
            line.reason = "metadata:author"
            following = content[index + 1] if index + 1 < len(content) else None
            name = following and meta.name_line(following.text)
            if name:
                found["author"].append(meta.Found("author", name, "text: 'Written By' line"))
                following.reason = "metadata:author"
            continue
        near_byline = id(line) in top or any(
            other.reason == "metadata:author" for other in content[max(0, index - 2): index + 3]
        )
        dated = meta.date_line(line.text, in_byline_area=near_byline)
        if dated:
            found["published"].append(dated)
            line.reason = "metadata:published"
    for line in lines:
        if line.reason in ("footer", None) and line.words <= 20:
            holder = meta.copyright_holder(line.text)
            if holder:
                found["publisher"].append(holder)
                line.reason = line.reason or "footer"


def _mark_repeats_and_bios(lines: list[Line], found: dict[str, list[meta.Found]]) -> None:
    """A block printed twice keeps its first copy; an author bio (once or twice, near the end) goes."""
    copies: dict[str, list[Line]] = {}
    for line in lines:
        if line.reason is None:
            copies.setdefault(line.key, []).append(line)
    content = _content(lines)
    late = {id(line) for line in content[int(len(content) * 0.6):]}
    known_authors = frozenset(found.value for found in found["author"])
    for same in copies.values():
        profile = meta.bio(same[0].text, known_authors) if same[0].words <= BIO_MAX_WORDS else None
        repeated_bio = len(same) > 1 and profile is not None
        if profile and (repeated_bio or id(same[0]) in late):
            author, publisher = profile
            found["author"].append(author)
            if publisher:
                found["publisher"].append(publisher)
            for line in same:
                line.reason = "author-bio"
        elif len(same) > 1:
            for line in same[1:]:
                line.reason = "repeated"


def _mark_title(lines: list[Line]) -> Line | None:
    """The headline is the first heading-like content line; short lines above it are site chrome."""
    above: list[Line] = []
    title = None
    content = _content(lines)
    for index, line in enumerate(content):
        following = content[index + 1] if index + 1 < len(content) else None
        wrapped = following is not None and following.block == line.block and continues(line, following)
        if line.heading or (is_heading_like(line) and not line.bullet and not wrapped):
            title = line
            break
        if line.words <= 3 and not is_sentence(line.text) and not line.bullet:
            above.append(line)
            continue
        break
    if title is None:
        if above and any(is_sentence(line.text) for line in _content(lines)):
            for line in above:
                line.reason = "site-chrome"
        return None
    for line in above:
        line.reason = "site-chrome"
    title.reason = "metadata:title"
    for line in lines:
        if line is not title and line.key == title.key and line.reason in (None, "repeated"):
            line.reason = "repeated-title"
    return title


def _mark_trailing_chrome(lines: list[Line]) -> None:
    """After the last sentence, short lines that are not sentences or list items are page furniture."""
    content = _content(lines)
    if not any(is_sentence(line.text) for line in content):
        return
    for line in reversed(content):
        if line.bullet or is_sentence(line.text) or line.words > CHROME_MAX_WORDS:
            return
        line.reason = "trailing-chrome"


def _keep_something(lines: list[Line]) -> None:
    """When the evidence removed every line, put back what only position removed (a one-line input is its own body)."""
    if _content(lines):
        return
    for line in lines:
        if line.reason in ("metadata:title", "site-chrome", "trailing-chrome", "repeated-title"):
            line.reason = None


def _assemble(lines: list[Line]) -> str:
    paragraphs: list[str] = []
    previous: Line | None = None
    for line in _content(lines):
        if previous is None or line.block != previous.block:
            paragraphs.append(line.text)
        elif continues(previous, line):
            paragraphs[-1] += " " + line.text
        else:
            paragraphs[-1] += "\n" + line.text
        previous = line
    return "\n\n".join(paragraphs).strip()


_PRIORITY = {
    "published": ("'published", "'posted", "'first published", "'originally published", "'released", "byline", "'date", "'dated", "'last updated", "'updated", "'modified", "'last modified", "date line"),
    "author": ("'by' line", "'author:' line", "'written by' line", "author bio"),
    "publisher": ("author bio", "copyright line"),
}


def _best(name: str, candidates: list[meta.Found]) -> meta.Found:
    """The most explicit of several findings (a "Published" line beats an "Updated" one), earliest first on ties."""
    order = _PRIORITY[name]

    def rank(item: tuple[int, meta.Found]) -> tuple[int, int]:
        index, found = item
        how = found.how.lower()
        for position, cue in enumerate(order):
            if cue in how:
                return position, index
        return len(order), index

    return min(enumerate(candidates), key=rank)[1]
