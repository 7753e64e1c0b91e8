"""The sentence splitter: unit cases written for these tests, properties, and real text read from ../shared."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import seed_path
from parallax.model import Sentence
from parallax.text import split_sentences
from parallax.text.abbreviations import AMBIGUOUS, BEFORE_NUMBER, NEVER_END, SENTENCE_STARTERS, TITLES


def sents(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


# ---------------------------------------------------------------- abbreviations


@pytest.mark.parametrize(
    "text",
    [
        "The U.S. Senate passed the bill on a narrow vote.",
        "Talks between the U.K. government and the unions stalled.",
        "Sec. Jane Marlow will travel to the summit next week.",
        "Gov. Alan Pierce signed the order on Monday.",
        "Mr. and Mrs. Okafor met Dr. Lin at the station.",
        "Gen. Ruiz and Lt. Col. Brandt inspected the base.",
        "The parade went down St. Mark's Avenue at noon.",
        "Room No. 5 was closed for repairs all week.",
        "The deadline is Dec. 31 for every applicant.",
        "Sales rose in Jan. and fell again in Feb. without warning.",
        "Some fruits, e.g. apples and pears, keep well.",
        "Small boats, i.e. those under ten metres, may enter.",
        "It was the classic case of city vs. country politics.",
        "They sell pens, paper, etc. at the counter downstairs.",
        "The meeting starts at 9 a.m. sharp in the main hall.",
        "Shares of Orbis Inc. fell after the announcement.",
    ],
)
def test_abbreviations_inside_a_sentence_do_not_split_it(text):
    assert sents(text) == [text]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Prices fell in the U.S. The rest of the world followed.", ["Prices fell in the U.S.", "The rest of the world followed."]),
        ("He moved to the U.K. It rained every day.", ["He moved to the U.K.", "It rained every day."]),
        ("The shop sells pens, ink, etc. Nobody buys them.", ["The shop sells pens, ink, etc.", "Nobody buys them."]),
        ("The vote was set for 5 p.m. But it was delayed.", ["The vote was set for 5 p.m.", "But it was delayed."]),
        ("It was founded by Karl Marsh Jr. He sold it later.", ["It was founded by Karl Marsh Jr.", "He sold it later."]),
    ],
)
def test_an_abbreviation_can_still_end_a_sentence(text, expected):
    assert sents(text) == expected


def test_initials_do_not_end_a_sentence():
    text = "J. R. R. Tolkien wrote the book. Donald J. Trump spoke at the rally. Then they left."
    assert sents(text) == ["J. R. R. Tolkien wrote the book.", "Donald J. Trump spoke at the rally.", "Then they left."]


@pytest.mark.parametrize(
    "text",
    [
        "Inflation reached 3.5% in March, the highest in years.",
        "The deal is worth $1.2 billion over five years.",
        "Version v2.0 of the app fixed the login bug.",
        "The index closed at 4,512.75 points on Friday.",
    ],
)
def test_numbers_with_points_do_not_split(text):
    assert sents(text) == [text]


def test_a_number_can_end_a_sentence():
    assert sents("The town was founded in 1871. Its mill closed in 1990.") == [
        "The town was founded in 1871.",
        "Its mill closed in 1990.",
    ]


def test_the_abbreviation_lists_are_lowercase_and_without_final_stop():
    for table in (TITLES, BEFORE_NUMBER, NEVER_END, AMBIGUOUS, SENTENCE_STARTERS):
        for entry in table:
            assert entry == entry.lower() and not entry.endswith(".")


# ---------------------------------------------------------------- links, ellipses, quotes, brackets


def test_urls_and_emails_keep_their_dots():
    text = "Read more at https://news.example.org/Story.Html?id=4. Write to desk@paper.example.com for tips. Node.js runs it."
    assert sents(text) == [
        "Read more at https://news.example.org/Story.Html?id=4.",
        "Write to desk@paper.example.com for tips.",
        "Node.js runs it.",
    ]


def test_ellipses_split_only_before_a_capital():
    assert sents("He paused... then carried on talking.") == ["He paused... then carried on talking."]
    assert sents("It was over... The next day was quiet.") == ["It was over...", "The next day was quiet."]
    assert sents("We waited… Nobody came.") == ["We waited…", "Nobody came."]


def test_a_sentence_ending_inside_quotes_splits_after_the_closing_quote():
    text = 'The mayor said "we will rebuild." Then she left the podium.'
    assert sents(text) == ['The mayor said "we will rebuild."', "Then she left the podium."]
    curly = "The mayor said “we will rebuild.” Then she left the podium."
    assert sents(curly) == ["The mayor said “we will rebuild.”", "Then she left the podium."]


@pytest.mark.parametrize("text", ['"Stop," she said.', '"Stop!" she shouted at the crowd.', "“Is it safe?” he asked quietly."])
def test_a_quote_followed_by_its_speaker_is_one_sentence(text):
    assert sents(text) == [text]


def test_footnote_refs_and_closing_brackets_stay_with_their_sentence():
    assert sents("The river floods the area.[1] Next year a dam opens.[2]") == [
        "The river floods the area.[1]",
        "Next year a dam opens.[2]",
    ]
    assert sents("(The council agreed.) Work begins soon.") == ["(The council agreed.)", "Work begins soon."]


def test_question_and_exclamation_marks():
    assert sents("Who pays? The taxpayer does! Really?! Yes.") == ["Who pays?", "The taxpayer does!", "Really?!", "Yes."]


# ---------------------------------------------------------------- lines, bullets, headings


def test_bullets_are_sentences_even_without_final_punctuation():
    text = "Key points:\n• Rents rose again\n• Wages did not. Savings fell too\n- Landlords disagree\n* Tenants plan a protest"
    assert sents(text) == [
        "Key points:",
        "• Rents rose again",
        "• Wages did not.",
        "Savings fell too",
        "- Landlords disagree",
        "* Tenants plan a protest",
    ]


def test_numbered_items_are_sentences_and_their_numbers_are_not_sentence_ends():
    text = "1. Open the valve\n2. Wait ten minutes. Check the gauge\n3) Close it"
    assert sents(text) == ["1. Open the valve", "2. Wait ten minutes.", "Check the gauge", "3) Close it"]


def test_headings_and_paragraph_breaks_end_sentences():
    text = "Harbour Reopens After Storm\nShips returned on Sunday.\n\nWhat happens next\n\nThe port board meets today"
    assert sents(text) == [
        "Harbour Reopens After Storm",
        "Ships returned on Sunday.",
        "What happens next",
        "The port board meets today",
    ]


def test_hard_wrapped_text_is_joined_across_lines():
    text = (
        "The committee met for a third time on Tuesday to discuss the\n"
        "budget, and members agreed that the proposal needed further work\n"
        "before it could be sent to the full council for a vote next\n"
        "month. A spokesman said a new draft would be ready soon.\n"
    )
    result = sents(text)
    assert len(result) == 2
    assert result[0].startswith("The committee") and result[0].endswith("next\nmonth.")


def test_missing_space_after_a_full_stop():
    assert sents("The army left the city.The next day was calm.") == ["The army left the city.", "The next day was calm."]
    for text in ("The U.S.A. team won the final.", "Our server runs Node.js and little else.", "It grew 3.5 times."):
        assert sents(text) == [text]


def test_lowercase_after_a_full_stop_does_not_split():
    assert sents("The plan had a flaw. as critics noted, it ignored costs.") == ["The plan had a flaw. as critics noted, it ignored costs."]


def test_offsets_point_into_the_original_text():
    text = "  First one.   Second one!\n\n  Third one?  "
    result = split_sentences(text)
    assert result == [Sentence(2, 12), Sentence(15, 26), Sentence(30, 40)]


def test_empty_and_blank_text_have_no_sentences():
    assert split_sentences("") == []
    assert split_sentences(" \n\t\n ") == []


# ---------------------------------------------------------------- properties

_PUNCTUATION_HEAVY = st.lists(
    st.sampled_from(
        list("aZ .!?…\"'”’)([]1,:\n\t•-#") + ["Mr.", "U.S.", " The", "e.g.", "...", "[1]", "\n\n", "http://a.b.", "x@y.com", "1. ", "- ", "\r\n", "\u2028", "\xa0"]
    ),
    max_size=60,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(st.text(), _PUNCTUATION_HEAVY))
def test_sentences_are_ordered_stripped_and_cover_every_visible_character(text):
    result = split_sentences(text)
    covered = [False] * len(text)
    previous_end = 0
    for sentence in result:
        assert previous_end <= sentence.start < sentence.end <= len(text)
        piece = text[sentence.start : sentence.end]
        assert piece == piece.strip()
        for i in range(sentence.start, sentence.end):
            covered[i] = True
        previous_end = sentence.end
    assert all(covered[i] for i, char in enumerate(text) if not char.isspace())
    assert split_sentences(text) == result


# ---------------------------------------------------------------- real text from ../shared


def _sentence_containing(text: str, needle: str) -> str:
    at = text.index(needle)
    for s in split_sentences(text):
        if s.start <= at < s.end:
            return text[s.start : s.end]
    raise AssertionError(f"{needle!r} is in no sentence")


def test_seed_abbreviations_do_not_split_sentences():
    text_004 = seed_path("004").read_text(encoding="utf-8")
    assert "Blinken" in _sentence_containing(text_004, "Sec. of")
    text_001 = seed_path("001").read_text(encoding="utf-8")
    sentence = _sentence_containing(text_001, "U.K., Europe")
    assert sentence.startswith("Reporting on") and "he works" in sentence


def test_seed_bullets_and_headings_are_separate_sentences():
    text = seed_path("004").read_text(encoding="utf-8")
    sentences = sents(text)
    bullets = [s for s in sentences if s.startswith("•")]
    assert len(bullets) == text.count("•")
    assert "Pro-Russia narrative" in sentences  # a heading line on its own
    assert any(s.endswith(".[1]") for s in sentences)  # a footnote ref stays with its sentence


@pytest.fixture(scope="module")
def roundup_texts(data_dir):
    texts = []
    with open(data_dir / "allsides-roundups" / "dev.jsonl", encoding="utf-8") as lines:
        for line in lines:
            story = json.loads(line)
            texts.extend("\n\n".join(article["body"]) for article in story["articles"])
            if len(texts) >= 90:  # 30 stories
                break
    return texts


def test_roundup_sentences_have_a_plausible_length(roundup_texts):
    lengths = [len(text[s.start : s.end].split()) for text in roundup_texts for s in split_sentences(text)]
    mean = sum(lengths) / len(lengths)
    assert 8 <= mean <= 60
    assert max(lengths) < 150


def test_roundup_sentences_never_start_lowercase_after_a_full_stop(roundup_texts):
    for text in roundup_texts:
        result = split_sentences(text)
        for before, after in zip(result, result[1:]):
            if text[before.end - 1] == "." and text[after.start].islower():
                pytest.fail(f"split before lowercase: {text[before.start:before.end][-40:]!r} | {text[after.start:after.end][:40]!r}")
