"""The sentence splitter's shortcuts (stops found with str.find instead of a regex scan per segment, the
common ". Capital" case without the regex, line trimming without copies, the list-marker pre-check) must
give exactly what the plain definitions give."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from parallax.model import Sentence
from parallax.text import sentences as S

_PIECES = st.lists(
    st.sampled_from(
        list("aZ .!?…。！？‼\"'”’»)([]1²,:;\n\t•-#(") + ["Mr.", "U.S.", " The", "e.g.", "...", "?!", "[1]", "[12]", "\n\n",
        "http://a.b.", "x@y.com", "1. ", "a) ", "(iv) ", "- ", "\r\n", "\u2028", "\xa0", "J.", " R.", "city.The", " 3.5",
        "No. 5", "St. ", "  ", "\u3000", "٣. "]
    ),
    max_size=80,
).map("".join)


def _reference_split(text: str) -> list[Sentence]:
    """The splitter as it was written first: one `_TERMINATOR.finditer` per segment, every candidate
    through the general tests, every piece sliced and stripped."""
    out: list[Sentence] = []
    if not text or text.isspace():
        return out
    for seg_start, seg_end, skip_before in S._segments(text):
        piece_start = seg_start
        for match in S._TERMINATOR.finditer(text, skip_before, seg_end):
            cut = match.end()
            if cut >= seg_end:
                break
            following = text[cut]
            if following.isspace():
                is_end = S._ends_before_space(text, match, seg_start, seg_end)
            elif following.isdigit() or following in ",;:":
                continue
            else:
                is_end = S._ends_without_space(text, match, seg_start)
            if is_end:
                _reference_emit(text, piece_start, cut, out)
                piece_start = cut
        _reference_emit(text, piece_start, seg_end, out)
    return out


def _reference_emit(text: str, start: int, end: int, out: list[Sentence]) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        start += len(piece) - len(piece.lstrip())
        out.append(Sentence(start, start + len(stripped)))


def _reference_lines(text: str) -> list[tuple[int, int, bool]]:
    lines, pos, blank_before = [], 0, False
    for raw in text.splitlines(keepends=True):
        content = raw.strip()
        if content:
            start = pos + len(raw) - len(raw.lstrip())
            lines.append((start, start + len(content), blank_before))
            blank_before = False
        else:
            blank_before = True
        pos += len(raw)
    return lines


_EXAMPLES = [
    "Mr. Smith went to Washington. He met Dr. Jones at 3 p.m. The talks ended.",
    "The U.S. Senate voted. In the U.S. The vote was close.\n\n- A bullet. Second part\n1. Numbered item",
    "He said “Stop!” Then left?! What now... Nothing. J. R. R. Tolkien wrote it. Vitamin C. The end.",
    "Prices rose 3.5 percent.[1] Analysts said so.² Next year.\u00a0Maybe. Visit www.example.com. Or not.",
    "  Indented line.  \n\twrapped line goes on. Here.\r\nLast line without stop",
    "a) first\n(b) second. Third\n# Heading\nBody. Ends here.",
]


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.text(), _PIECES))
def test_split_sentences_equals_the_reference_loop(text):
    assert S.split_sentences(text) == _reference_split(text)
    assert S._lines(text) == _reference_lines(text)


def test_split_sentences_equals_the_reference_loop_on_examples():
    for text in _EXAMPLES:
        assert S.split_sentences(text) == _reference_split(text), text
        assert S._lines(text) == _reference_lines(text), text


def test_stop_positions_are_where_the_regex_scan_stops():
    for text in _EXAMPLES + ["", "…。！？‼⁇⁈⁉!?.", "no stops at all"]:
        assert S._stop_positions(text) == [m.start() for m in re.finditer(f"[{re.escape(S._FINAL)}]", text)]


def test_list_markers_start_with_a_listed_character_or_a_digit():
    for code in range(0x3000):
        char = chr(code)
        if char.isspace():
            continue  # lines are trimmed: a marker never starts there
        for tail in (" x", ". x", ") x", "a) x", "#### x"):
            if S._LINE_MARKER.match(char + tail):
                assert char in S._MARKER_STARTS or char.isdecimal(), repr(char + tail)


@settings(max_examples=300, deadline=None)
@given(st.one_of(st.text(), _PIECES))
def test_a_line_ends_a_sentence_only_on_a_listed_last_character(text):
    for start, end, _ in S._lines(text):
        if S._LINE_ENDS_SENTENCE.search(text, max(start, end - 12), end):
            assert text[end - 1] in S._LINE_END_CHARS
