"""Property tests: the cleaner never crashes, and what it reports removing came from the input."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parallax.clean import clean_text

LINES = st.one_of(
    st.text(max_size=80),
    st.sampled_from(["", "   ", "Advertisement", "Sign up now!", "By Jane Doe", "Last updated Mar 1, 2020", "• item one.", "MORE: A Headline Here", "\x00\x1b\u200b", "# Heading", "![x](y.png)"]),
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x2FFF), min_size=500, max_size=3000),
)
DOCUMENTS = st.lists(LINES, max_size=25).map("\n".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(DOCUMENTS, st.sampled_from(["text", "markdown"]))
def test_cleaner_never_crashes_and_removals_quote_the_input(document, fmt):
    cleaned = clean_text(document, fmt)
    assert isinstance(cleaned.text, str)
    assert cleaned.text == cleaned.text.strip()
    for removal in cleaned.removed:
        assert removal.text in document
        assert removal.line is not None and removal.line >= 1
    assert cleaned.published is None or len(cleaned.published) == 10


@settings(max_examples=40, deadline=None)
@given(st.text(alphabet=" \t\n\r\x0b\x0c\u00a0\u2028", max_size=200))
def test_only_whitespace_gives_empty_text(document):
    assert clean_text(document).text == ""


def test_a_very_long_line_is_kept():
    line = "word " * 50_000 + "end."
    assert clean_text(line).text == line.strip()
