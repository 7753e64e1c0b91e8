"""Sentence splitting with exact character offsets.

Two passes, both pure Python with precompiled regexes:

1. Lines become *segments*. A blank line, a bullet or numbered item, a markdown
   heading, and a short line without final punctuation (a heading, a label) always
   end a segment; other single newlines are read as spaces (hard-wrapped text).
2. Inside a segment, each run of sentence-final punctuation (with the closing
   quotes, brackets and footnote markers that follow it) is a candidate boundary,
   accepted or refused by looking at the word before it (abbreviation, initial,
   number) and at what follows (lowercase, digit, a usual sentence opener).

Every non-whitespace character of the text ends up in exactly one sentence, and
each sentence is stripped of surrounding whitespace.
"""

from __future__ import annotations

import re

from ..model import Sentence
from .abbreviations import AMBIGUOUS, BEFORE_NUMBER, CONTINUATION_WORDS, NEVER_END, SENTENCE_STARTERS, TITLES

_FINAL = ".!?…。！？‼⁇⁈⁉"
_CLOSERS = "\"'”’»›)]}"

# Sentence-final punctuation (group 1), then closers and footnote refs such as "[12]" or "²" (group 2).
# Written "[F][F]*" rather than "[F]+": re only scans ahead for a pattern's first character
# when that is a plain character set, which halves the time of a search through an article.
_TERMINATOR = re.compile(rf"([{_FINAL}][{_FINAL}]*)((?:[{re.escape(_CLOSERS)}]|\[\d{{1,3}}\]|[¹²³⁰⁴⁵⁶⁷⁸⁹]+)*)")
# The same, anchored at the end of a line: does the line end a sentence?
_LINE_ENDS_SENTENCE = re.compile(rf"[{_FINAL}](?:[{re.escape(_CLOSERS)}]|\[\d{{1,3}}\])*$")
_LINE_END_CHARS = frozenset(_FINAL + _CLOSERS + "]")  # the characters a _LINE_ENDS_SENTENCE match ends with
# Opening quotes and brackets (and dashes) that may precede the first word of a sentence.
_OPENER_CHARS = frozenset("\"'“‘«‹([{¿¡*_—–-")
_OPENERS = re.compile(r"[\"'“‘«‹(\[{¿¡*_—–-]*")
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NON_SPACE = re.compile(r"\S")
# Dotted abbreviations and acronyms: "U.S", "e.g", "Ph.D", "a.m" (the final stop is not part of the token).
_DOTTED = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}")
# A list item or heading marker at the start of a line: each such line starts a sentence.
_LINE_MARKER = re.compile(
    r"[ \t]*(?:[•·▪▫►▸‣◦○●■□✓✔➢➤→*+\-–—]|\d{1,3}[.)]|\(\w{1,3}\)|[a-z][.)]|#{1,6})(?=[ \t])"
)
# The characters _LINE_MARKER can start with on a trimmed line, digits (\d: any decimal digit) aside.
_MARKER_STARTS = frozenset("•·▪▫►▸‣◦○●■□✓✔➢➤→*+-–—(#abcdefghijklmnopqrstuvwxyz")
# URLs, e-mail addresses and domain names: a full stop inside them ends nothing. Only a
# stop with no space after it can be inside one, so only those tokens are checked.
_LINK = re.compile(
    r"(?i:[a-z][a-z+.-]*://|www\.)|@[\w-]+\.|\.(?:com|org|net|gov|edu|int|mil|info|news|io|co|uk|us|ru|ua|de|fr|eu|tv)\b"
)
_CONTINUATION_CHARS = frozenset(",;(&/-–—+=")

_SHORT_LINE_WORDS = 8  # an unpunctuated line this short is a heading or a label, not half a sentence
_LONG_TOKEN = 40  # look no further back than this for the word before a full stop


def split_sentences(text: str) -> list[Sentence]:
    """Split `text` into sentences: offsets into `text`, end exclusive, stripped, in order."""
    if not text or text.isspace():
        return []
    sentences: list[Sentence] = []
    stops = _stop_positions(text)
    next_stop = 0  # segments come in text order: one walk through the stops serves them all
    for start, end, skip_before in _segments(text):
        next_stop = _split_segment(text, start, end, skip_before, stops, next_stop, sentences)
    return sentences


def _stop_positions(text: str) -> list[int]:
    """Where the characters of _FINAL are in `text`, in order.

    The candidates `_TERMINATOR.finditer` would find start at these positions (it scans for exactly
    these characters); `str.find` gets there without the regex engine's test of every character,
    and a substring test skips the characters an article does not use at all."""
    positions: list[int] = []
    for char in _FINAL:
        if char in text:
            at = text.find(char)
            while at >= 0:
                positions.append(at)
                at = text.find(char, at + 1)
    positions.sort()
    return positions


# ---------------------------------------------------------------- pass 1: lines


def _lines(text: str) -> list[tuple[int, int, bool]]:
    """Non-blank lines as (start, end, follows_blank_line), trimmed of whitespace."""
    lines = []
    pos = 0
    blank_before = False
    for raw in text.splitlines(keepends=True):
        size = len(raw)
        if raw.isspace():
            blank_before = True
        else:
            # Offsets of the first and last non-space characters without copying the line: it usually
            # starts on one and ends with a single line break.
            first = size - len(raw.lstrip()) if raw[0].isspace() else 0
            last = size
            while raw[last - 1].isspace():
                last -= 1
            lines.append((pos + first, pos + last, blank_before))
            blank_before = False
        pos += size
    return lines


def _wrap_width(lines: list[tuple[int, int, bool]]) -> int | None:
    """The line width of hard-wrapped text (most lines inside paragraphs about equally long), else None."""
    inner = [lines[i][1] - lines[i][0] for i in range(len(lines) - 1) if not lines[i + 1][2]]
    if len(inner) < 3:
        return None
    median = sorted(inner)[len(inner) // 2]
    if not 40 <= median <= 120:
        return None
    near = sum(1 for width in inner if 0.75 * median <= width <= 1.15 * median)
    return median if near >= 0.7 * len(inner) else None


def _segments(text: str):
    """Yield (start, end, skip_before): stretches no sentence crosses; no boundary before skip_before (a list marker)."""
    lines = _lines(text)
    wrap = _wrap_width(lines)
    seg_start = seg_end = skip = -1
    prev = None
    for start, end, after_blank in lines:
        first = text[start]  # never a space (lines are trimmed): a marker starts with a glyph, a digit, "(", a-z or "#"
        if first in _MARKER_STARTS or first.isdecimal():
            marker = _LINE_MARKER.match(text, start, end)
            marker_end = marker.end() if marker else None
        else:
            marker_end = None
        line = (start, end, marker_end)
        if prev is not None and not after_blank and _line_continues(text, prev, line, wrap):
            seg_end = end
        else:
            if prev is not None:
                yield seg_start, seg_end, skip
            seg_start, seg_end, skip = start, end, marker_end or start
        prev = line
    if prev is not None:
        yield seg_start, seg_end, skip


def _line_continues(text: str, prev, line, wrap: int | None) -> bool:
    """Does the sentence at the end of `prev` go on in `line` (a single newline between them)?"""
    start, end, marker_end = line
    p_start, p_end, p_marker = prev
    if marker_end is not None:
        return False  # a new list item or heading
    first = text[start]
    if p_marker is not None:
        return first.islower()  # a list item wrapped onto a second line
    # (only a line ending on a stop, a closer or "]" can match: most lines are settled by their last character)
    if text[p_end - 1] in _LINE_END_CHARS and _LINE_ENDS_SENTENCE.search(text, max(p_start, p_end - 12), p_end):
        return True  # punctuation decides, as for any space
    if text[p_end - 1] in _CONTINUATION_CHARS:
        return True
    if wrap and p_end - p_start >= 0.6 * wrap:
        return True
    if text.count(" ", p_start, p_end) < _SHORT_LINE_WORDS:
        return False  # a short unpunctuated line: heading, label, byline
    if first.islower():
        return True
    last_space = text.rfind(" ", p_start, p_end)
    return text[last_space + 1 : p_end].lower() in CONTINUATION_WORDS


# ---------------------------------------------------------------- pass 2: punctuation


def _split_segment(
    text: str, seg_start: int, seg_end: int, skip_before: int, stops: list[int], next_stop: int, out: list[Sentence]
) -> int:
    """Split one segment at the accepted candidates; return the index of the first stop after it."""
    piece_start = seg_start
    count = len(stops)
    while next_stop < count and stops[next_stop] < skip_before:
        next_stop += 1
    scanned = skip_before  # what `_TERMINATOR.finditer(text, skip_before, seg_end)` would have read so far
    while next_stop < count and stops[next_stop] < seg_end:
        at = stops[next_stop]
        next_stop += 1
        if at < scanned:  # part of the previous candidate's run ("?!", "...")
            continue
        cut = at + 1
        if cut < seg_end and text[cut] == " " and text[at] == "." and "A" <= text[cut + 1] <= "Z":
            # By far the most common candidate: one full stop (a space is neither a stop nor a closer, so
            # that is the whole match), a space, a capital letter (inside the segment, which ends on a
            # non-space). `_ends_before_space` reduced to that case, without the regex.
            scanned = cut
            is_end = _full_stop_ends(text, at, seg_start, cut + 1, seg_end)
        else:
            match = _TERMINATOR.match(text, at, seg_end)
            cut = scanned = match.end()
            if cut >= seg_end:
                break
            following = text[cut]
            if following == " " or following.isspace():  # a space is never a digit or ",;:"
                is_end = _ends_before_space(text, match, seg_start, seg_end)
            elif following.isdigit() or following in ",;:":
                continue  # "3.5", "U.S.,", "Jan.:"
            else:
                is_end = _ends_without_space(text, match, seg_start)
        if is_end:
            _emit(text, piece_start, cut, out)
            piece_start = cut
    _emit(text, piece_start, seg_end, out)
    return next_stop


def _full_stop_ends(text: str, stop: int, seg_start: int, first_at: int, seg_end: int) -> bool:
    """A single full stop at `stop`, then space and a word starting at `first_at` with a capital or a digit:
    the word before the stop decides (abbreviation, initial, number label)."""
    token, token_start = _token_before(text, stop, seg_start)
    if not token:
        return True
    key = token.lower()
    if key in NEVER_END or key in TITLES:
        return False
    if text[first_at].isdigit():
        return not (key in BEFORE_NUMBER or len(token) == 1)
    if len(token) == 1 and token.isupper():
        return _initial_ends_sentence(text, token_start, seg_start, first_at, seg_end)
    if key in AMBIGUOUS or ("." in token and _DOTTED.fullmatch(token)):
        return _starts_sentence(text, first_at, seg_end)
    return True


def _emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    """Append text[start:end] stripped of surrounding whitespace, unless nothing is left."""
    # A piece almost always ends on a non-space character (a line's last character, a terminator)
    # and starts on one or one space before it: test those characters before slicing.
    if start < end and not text[end - 1].isspace():
        if not text[start].isspace():
            out.append(Sentence(start, end))
            return
        if start + 1 < end and not text[start + 1].isspace():
            out.append(Sentence(start + 1, end))
            return
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        start += len(piece) - len(piece.lstrip())
        out.append(Sentence(start, start + len(stripped)))


def _token_before(text: str, pos: int, floor: int) -> tuple[str, int]:
    """The non-space token that ends at `pos`, without leading quotes or brackets, and where it starts."""
    limit = pos - _LONG_TOKEN
    if limit < floor:
        limit = floor
    # The spaces that occur inside one segment: ordinary, newline (wrapped lines), tab, no-break.
    # Usually an ordinary space is the nearest; the other three are only searched for when the
    # token after that space holds one of them.
    space = text.rfind(" ", limit, pos)
    i = space + 1 if space >= 0 else limit
    token = text[i:pos]
    if "\n" in token or "\t" in token or "\xa0" in token:
        space = max(space, text.rfind("\n", limit, pos), text.rfind("\t", limit, pos), text.rfind("\xa0", limit, pos))
        i = space + 1 if space >= 0 else limit
        token = text[i:pos]
    stripped = token.lstrip("\"'“‘«‹([{")
    return stripped, i + len(token) - len(stripped)


def _ends_before_space(text: str, match: re.Match, seg_start: int, seg_end: int) -> bool:
    """A candidate followed by whitespace: look at the next word and the word before."""
    next_at = match.end() + 1  # usually one space, then the next word
    if next_at >= seg_end or text[next_at].isspace():
        nxt = _NON_SPACE.search(text, match.end(), seg_end)
        if nxt is None:
            return False
        next_at = nxt.start()
    first_at = _OPENERS.match(text, next_at, seg_end).end() if text[next_at] in _OPENER_CHARS else next_at
    if first_at >= seg_end:
        return True
    first = text[first_at]
    punct, closers = match.groups()
    if punct != ".":  # (a single full stop, by far the most common, skips both tests)
        if punct.strip(".…"):
            return not first.islower()  # "!", "?", "?!", CJK stops; a lowercase word continues the quote
        return first.isupper()  # an ellipsis ends a sentence only before a capital
    if first.islower():
        return False
    if closers:
        return True  # 'we will win." Then', 'the area.[1] Next'
    return _full_stop_ends(text, match.start(), seg_start, first_at, seg_end)


def _initial_ends_sentence(text: str, token_start: int, seg_start: int, first_at: int, seg_end: int) -> bool:
    """'Donald J. Trump', 'J. R. R. Tolkien' go on; 'vitamin C. The' ends (a lowercase word before the letter)."""
    before, _ = _token_before(text, token_start - 1, seg_start) if token_start - 1 > seg_start else ("", 0)
    return bool(before) and before[0].islower() and _starts_sentence(text, first_at, seg_end)


def _starts_sentence(text: str, pos: int, end: int) -> bool:
    word = _WORD.match(text, pos, end)
    return word is not None and word.group().lower() in SENTENCE_STARTERS


def _ends_without_space(text: str, match: re.Match, seg_start: int) -> bool:
    """A missing space: 'the city.The next day' splits; 'U.S.A.', 'Node.js', 'Mr.Smith' do not."""
    punct, closers = match.group(1), match.group(2)
    cut = match.end()
    if closers or len(punct) != 1 or punct not in ".!?":
        return False
    if not (text[cut].isupper() and cut + 1 < len(text) and text[cut + 1].islower()):
        return False
    token, _ = _token_before(text, match.start(), seg_start)
    if len(token) < 2 or not token[-1].islower() or not token[-2].isalpha() or "." in token or "@" in token:
        return False
    key = token.lower()
    if key in TITLES or key in AMBIGUOUS or key in NEVER_END or key in BEFORE_NUMBER:
        return False
    return not _inside_link(text, match.start(), seg_start)


def _inside_link(text: str, pos: int, seg_start: int) -> bool:
    start = pos
    while start > seg_start and not text[start - 1].isspace():
        start -= 1
    end = pos
    while end < len(text) and not text[end].isspace():
        end += 1
    return _LINK.search(text, start, end) is not None
