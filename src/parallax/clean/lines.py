"""Lines of scraped text: splitting, normalising, and the shape tests every cleaning rule uses.

A `Line` is one non-blank input line with its block (paragraph) index, its text as it goes
into the body (bullet glyph and extra spaces gone) and, once a rule has labelled it, the
`reason` it is removed. `is_sentence`, `is_heading_like`, `is_prose` and `menu_items` are
the line shapes the cleaner reasons with.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

_INVISIBLE = re.compile(r"[\x00-\x08\x0e-\x1b\x7f\u200b-\u200d\u2060\ufeff\ufffe]")
_SPACES = re.compile(r"[\s\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_UNTIDY = re.compile(r"[^\S ]|  |[\x00-\x08\x0e-\x1b\x7f\u200b-\u200d\u2060\ufeff\ufffe]")
_BULLET_GLYPHS = frozenset("•◦▪▫●○·‣⁃∙■□➢►▶✓✔*+-–—")
_BULLET = re.compile(r"^[•◦▪▫●○·‣⁃∙■□➢►▶✓✔*+\-–—]\s+")
_FOOTNOTES = re.compile(r"(?:\s*\[\d{1,3}\])+$")
_SENTENCE_END = re.compile(r"[.!?…][\"'”’»)\]]*$")
_FINAL_STOPS = (".", "!", "?", "…")  # _SENTENCE_END's stops and closing marks, for str methods
_CLOSING = "\"'”’»)]"
_QUOTE_PAIRS = (("’", "'"), ("‘", "'"), ("“", '"'), ("”", '"'))
_NON_WORD = re.compile(r"[\W_]+")
# ASCII letters and digits kept, every other byte a space (bytes.translate and split run in C).
_ASCII_WORD_OR_SPACE = bytes(code if chr(code).isalnum() and code < 128 else 32 for code in range(256))
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*#*$")
_MARKDOWN_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\((?:[^()\s]|\([^)]*\))+(?:\s+\"[^\"]*\")?\)")
_MARKDOWN_EMPHASIS = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_MARKDOWN_RULE = re.compile(r"^(?:(?:\*\s*){3,}|(?:-\s*){3,}|(?:_\s*){3,})$")
# Menu separators: a pipe or middle dot between items, or a run of two or more spaces
# (how scrapers flatten a row of navigation links).
_INNER_PUNCTUATION = re.compile(r"[,.;:]\s")
_MENU_SEPARATOR = re.compile(r"\s+[|·•¦]\s+|\s*\|\s*|\s{2,}|\t+")

TITLE_MAX_WORDS = 30
PROSE_MIN_WORDS = 8  # a sentence this long reads as article prose, not a label or a prompt
MENU_ITEM_MAX_WORDS = 4


@dataclass
class Line:
    number: int  # 1-based line number in the input
    source: str  # the stripped input line (what a removal quotes)
    text: str  # the line as it goes into the body (bullet glyph and extra spaces gone)
    block: int  # paragraph index: blank lines separate blocks
    bullet: bool = False
    heading: bool = False  # a markdown heading
    reason: str | None = None
    tidy: bool = False  # known to hold single spaces only (no tab, no double space): see `_is_tidy`

    # Computed on first use, after `split_lines` has settled `text` (bullet and markdown stripped).
    @cached_property
    def words(self) -> int:
        return len(self.text.split())

    @cached_property
    def key(self) -> str:
        """Normalised form, to recognise the same line printed twice."""
        return fold_key(self.text)


def fold_key(text: str, *, printable_tidy: bool = False) -> str:
    """Case, spacing and punctuation folded. Long lines only fold quotes and spacing: a
    Unicode-wide punctuation regex costs about a millisecond per paragraph, and a paragraph
    printed twice differs, if at all, in its quote characters.

    `printable_tidy`: the caller knows `text` is printable, without a double space and stripped."""
    folded = text.casefold()
    if len(folded) <= 200:
        if folded.isascii():  # the same as the regex below: every run of other characters than [a-z0-9] is one space
            return b" ".join(folded.encode().translate(_ASCII_WORD_OR_SPACE).split()).decode()
        return _NON_WORD.sub(" ", folded).strip()
    if not folded.isascii():
        # str.replace per quote is several times faster than translate() with a dict table;
        # the no-break space needs nothing: split() below treats it as a space.
        for curly, straight in _QUOTE_PAIRS:
            if curly in folded:
                folded = folded.replace(curly, straight)
    if printable_tidy:
        # Case folding turns a printable character other than the space into printable non-spaces
        # (checked for every code point): the folded line is as tidy as the line.
        return folded
    # Any whitespace but the plain space is non-printable: a printable line with single inner spaces
    # is already what split-and-join would make of it.
    if folded.isprintable() and "  " not in folded and folded[0] != " " and folded[-1] != " ":
        return folded
    return " ".join(folded.split())


def normalise_key(line: str) -> str:
    """The repetition key of a raw line (used across documents by the stage's prepare)."""
    return fold_key(_SPACES.sub(" ", _INVISIBLE.sub("", line)).strip())


def split_lines(text: str, *, markdown: bool = False, tidy: bool = False) -> list[Line]:
    """Cut the input into non-blank lines, remembering blocks, bullets and markdown headings.

    `tidy`: the caller has seen that every line of `text` is tidy (see `fold_lines`)."""
    lines: list[Line] = []
    block = 0
    # Line breaks of all kinds (\r\n, \n, \r, \v, \f, \x1c-\x1e, \x85, \u2028, \u2029): the line numbers
    # in removals count these. A final empty line, which splitlines drops, would only end the last block.
    for number, raw in enumerate(text.splitlines(), start=1):
        source = raw.strip()
        line_tidy = tidy or _is_tidy(raw)
        display = source if line_tidy else _SPACES.sub(" ", _INVISIBLE.sub("", raw)).strip()
        if not display:
            block += 1
            continue
        line = Line(number, source or display, display, block, tidy=line_tidy)
        if markdown:
            _apply_markdown(line)
        bullet = _BULLET.match(line.text) if line.text[:1] in _BULLET_GLYPHS else None
        if bullet and len(line.text) > bullet.end():
            line.text, line.bullet = line.text[bullet.end():], True
        if not markdown:
            # A tidy line has single spaces between words and none at its ends (a bullet's spaces
            # went with the glyph): counting spaces gives len(text.split()) without a list of words.
            line.words = line.text.count(" ") + 1
        lines.append(line)
    return lines


class FoldedLines(NamedTuple):
    keys: tuple[str, ...]  # each line's `key`
    source_keys: tuple[str, ...]  # `normalise_key` of each line's source: its key unless a bullet glyph went
    tidy: bool  # every input line is tidy (`split_lines` may skip the test)


def fold_lines(text: str) -> FoldedLines:
    """The keys of the lines of `split_lines(text)` (not markdown), by the same steps without building a
    `Line` per input line: the cross-document pass needs only these."""
    keys: list[str] = []
    source_keys: list[str] = []
    all_tidy = True
    for raw in text.splitlines():
        printable_tidy = raw.isprintable() and "  " not in raw  # _is_tidy's shortcut, remembered for fold_key
        source = raw.strip()
        if printable_tidy or _UNTIDY.search(raw) is None:
            display = source
        else:
            display = _SPACES.sub(" ", _INVISIBLE.sub("", raw)).strip()
            all_tidy = False
        if not display:
            continue
        if display[0] in _BULLET_GLYPHS:
            bullet = _BULLET.match(display)
            if bullet and len(display) > bullet.end():
                keys.append(fold_key(display[bullet.end():]))
                source_keys.append(normalise_key(source or display))
                continue
        key = fold_key(display, printable_tidy=printable_tidy)
        keys.append(key)
        source_keys.append(key)
    return FoldedLines(tuple(keys), tuple(source_keys), all_tidy)


def _is_tidy(raw: str) -> bool:
    """No invisible characters, no whitespace but single spaces (inside the line).

    Every character _UNTIDY looks for is non-printable, so a printable line without a double
    space is tidy: two C-level scans instead of a regex search on almost every line."""
    if raw.isprintable() and "  " not in raw:
        return True
    return _UNTIDY.search(raw) is None


def _apply_markdown(line: Line) -> None:
    if _MARKDOWN_RULE.match(line.text):
        line.reason = "separator"
        return
    heading = _MARKDOWN_HEADING.match(line.text)
    if heading:
        line.text, line.heading = heading.group(1) or line.text, True
    if line.text.startswith(">"):
        line.text = line.text.lstrip("> ").strip() or line.text
    without_images = _MARKDOWN_IMAGE.sub("", line.text).strip()
    if not without_images:
        line.reason = "image"
        return
    text = _MARKDOWN_LINK.sub(r"\1", without_images)
    line.text = _MARKDOWN_EMPHASIS.sub(r"\2", text)


def _without_footnotes(text: str) -> str:
    # Most lines have no trailing "[1]": skip the scan (it costs a pass over the whole line).
    return _FOOTNOTES.sub("", text) if text.endswith("]") else text


def is_sentence(text: str) -> bool:
    """Ends like a sentence (footnote markers aside) and is more than a word or two."""
    core = _without_footnotes(text)
    if core.endswith("\n"):  # "$" also matches before a final newline: only the regex says the same then
        ends = _SENTENCE_END.search(core) is not None
    else:  # the same test as _SENTENCE_END without scanning the line for stops
        ends = core.rstrip(_CLOSING).endswith(_FINAL_STOPS)
    return ends and len(core.split(None, 2)) >= 3  # three words or more, without splitting a whole paragraph


def is_heading_like(line: Line) -> bool:
    core = _without_footnotes(line.text)
    words = line.words if core is line.text else len(core.split())  # the line's own count unless a footnote went
    return 3 <= words <= TITLE_MAX_WORDS and not core.endswith((".", ",", ";", ":"))


def is_prose(line: Line) -> bool:
    """A line that reads as article text: a sentence of some length, or a long run of punctuated words
    (a tag cloud or a flattened menu is long too, but has no commas or full stops inside)."""
    if line.words < PROSE_MIN_WORDS:
        return False
    if is_sentence(line.text):
        return True
    return line.words >= 20 and _INNER_PUNCTUATION.search(line.text) is not None


def is_upper_case(text: str) -> bool:
    """ALL CAPS with at least a few letters (mastheads and section labels are often printed so)."""
    if text != text.upper() or text == text.lower():  # two C-level tests settle most lines before counting letters
        return False
    return sum(1 for c in text if c.isalpha()) >= 3


def menu_items(line: Line) -> list[str] | None:
    """The items of a navigation row ("World | Business | Sport", "Home  News  Video"), or None.

    Every item must be short, capitalised (or a number-free label) and not a sentence: a table
    row of figures or a sentence with a pipe in it is not a menu.
    """
    source = line.source
    # A separator needs "|", "·", "•", a tab or a double space: single characters are found far faster
    # than the spaced forms, and a tidy line has neither tabs nor double spaces.
    if (
        "|" not in source
        and ("·" not in source or " · " not in source)
        and ("•" not in source or " • " not in source)
        and (line.tidy or ("  " not in source and "\t" not in source))
    ):
        return None
    items = [item.strip() for item in _MENU_SEPARATOR.split(source) if item.strip()]
    if len(items) < 2:
        return None
    for item in items:
        words = item.split()
        if len(words) > MENU_ITEM_MAX_WORDS or _SENTENCE_END.search(item) or not words[0][0].isupper():
            return None
    return items


_TERMINAL = re.compile(r"[.!?…:;][\"'”’»)\]]*$|[\"'”’»]$")


def continues(previous: Line, line: Line) -> bool:
    """True when `line` continues a hard-wrapped paragraph instead of starting a new line of its own."""
    if line.bullet or previous.bullet or line.heading or previous.heading:
        return False
    first = line.text[0]
    if first.islower():
        return True
    tail = previous.text[-1]
    return tail in ",;-–—" or (len(previous.text) >= 60 and tail.isalnum() and not _TERMINAL.search(previous.text))
