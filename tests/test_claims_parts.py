"""Unit tests for the claims stage's parts, on sentences written for these tests."""

from __future__ import annotations

import pytest

from parallax.claims import classify, find_attribution, find_dates, find_hedges, find_quantities


def _q(text):
    return [(q.text, q.value, q.unit, q.bound) for q in find_quantities(text)]


def _d(text, published):
    return [(d.text, d.date) for d in find_dates(text, published)]


# --- quantities -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, expected",
    [
        ("The flood forced at least 20,000 men to leave.", ("at least 20,000 men", 20000, "men", "at least")),
        ("The region had 73,000 people before the war.", ("73,000 people", 73000, "people", None)),
        ("Analysts give it a 10% chance of passing.", ("10%", 10, "%", None)),
        ("The army lost 100,000 servicemen in a year.", ("100,000 servicemen", 100000, "servicemen", None)),
        ("It had more than 150,000 inhabitants.", ("more than 150,000 inhabitants", 150000, "inhabitants", "more than")),
        ("The strike lasted six months.", ("six months", 6, "months", None)),
        ("Five civilians were hurt in the blast.", ("Five civilians", 5, "civilians", None)),
        ("The bridge cost $1.2 billion to build.", ("$1.2 billion", 1.2e9, "USD", None)),
        ("Some 3.5 million voters stayed home.", ("Some 3.5 million voters", 3.5e6, "voters", "about")),
        ("Police detained a dozen protesters.", ("a dozen protesters", 12, "protesters", None)),
        ("The storm left tens of thousands of homes dark.", ("tens of thousands of homes", 10000, "homes", "at least")),
        ("There were ten of thousands casualties.", ("ten of thousands casualties", 10000, "casualties", "at least")),
        ("It sent 2,000 Canadian troops north.", ("2,000 Canadian troops", 2000, "troops", None)),
        ("Turnout fell to 20 percent in the east.", ("20 percent", 20, "%", None)),
    ],
)
def test_quantities_are_normalised(text, expected):
    text_, value, unit, bound = expected
    found = _q(text)
    assert found and found[0][0] == text_
    assert found[0][1] == pytest.approx(value)
    assert found[0][2:] == (unit, bound)


def test_half_and_half_a_million():
    found = _q("Half a million people signed, and half the council agreed.")
    assert (found[0][1], found[1][1]) == (500000, 0.5)


@pytest.mark.parametrize(
    "text",
    [
        "The law was passed in 2023 after a long debate.",
        "The vote on May 20th was close.",
        "Jets such as the F-16 and the Su-25 flew over.",
        "The report cites earlier findings.[1]",
        "1. Introduction of the new rules",
        "The meeting starts at 10:30 in the hall.",
        "One of them left early.",
        "No one was home.",
    ],
)
def test_not_quantities(text):
    spans = [(d.start, d.end) for d in find_dates(text, "2023-06-01")]
    assert [q for q in find_quantities(text, skip=spans)] == []


def test_quantity_offsets_are_into_the_whole_text():
    text = "Intro. Later 40 buses came."
    (q,) = find_quantities(text, 7)
    assert text[q.start:q.end] == q.text == "40 buses"



@pytest.mark.parametrize(
    "text, bound",
    [
        ("The army lost \u017fome 300 soldiers.", "about"),  # a long s: re's IGNORECASE matches it to "s"
        ("AT LEA\u017fT 20,000 men were mobilised.", "at least"),
        ("\u0130N EXCESS OF 40 buses came.", "more than"),  # a dotted capital I
    ],
)
def test_bounds_spelled_with_case_twins_are_read_not_a_crash(text, bound):
    (q,) = find_quantities(text)
    assert q.bound == bound and text[q.start:q.end] == q.text

# --- dates ------------------------------------------------------------------------------------------------

FRIDAY = "2023-03-24"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The mayor spoke on Thursday about it.", ("on Thursday", "2023-03-23")),
        ("The mayor spoke on Friday about it.", ("on Friday", "2023-03-24")),
        ("The mayor spoke last Friday about it.", ("last Friday", "2023-03-17")),
        ("The dam broke on March 8th near the town.", ("on March 8th", "2023-03-08")),
        ("The dam broke on May 20th, 2022 near the town.", ("on May 20th, 2022", "2022-05-20")),
        ("Papers were signed on February 22 in the capital.", ("on February 22", "2023-02-22")),
        ("The deal ends on the 1st of June this year.", ("on the 1st of June", "2022-06-01")),
        ("He visited the capital in December to ask for aid.", ("in December", "2022-12")),
        ("Shelling has gone on since August without pause.", ("since August", "2022-08")),
        ("The town took its name in 2016 after a vote.", ("in 2016", "2016")),
        ("The plant closed yesterday after a fire.", ("yesterday", "2023-03-23")),
        ("Talks stalled this week over money.", ("this week", "2023-03-20")),
        ("Talks stalled over the weekend over money.", ("over the weekend", "2023-03-18")),
        ("Prices rose last month in most regions.", ("last month", "2023-02")),
        ("Last updated Mar 24, 2023 by the desk.", ("Mar 24, 2023", "2023-03-24")),
    ],
)
def test_dates_resolve_against_the_publication_date(text, expected):
    assert expected in _d(text, FRIDAY)


def test_future_clause_takes_the_next_occurrence():
    text = "The force will leave the city on the 1st of June."
    (d,) = find_dates(text, "2023-05-25", future=True)
    assert d.date == "2023-06-01"
    (past,) = find_dates("The dam broke on December 3 after rain.", "2023-01-10")
    assert past.date == "2022-12-03"


def test_without_a_publication_date_only_stated_years_resolve():
    found = dict(_d("On Thursday, as on May 8 and on May 20th, 2022, and in 2016, nothing moved.", None))
    assert found["On Thursday"] is None and found["on May 8"] is None
    assert found["on May 20th, 2022"] == "2022-05-20" and found["in 2016"] == "2016"


def test_may_the_verb_and_march_the_verb_are_not_dates():
    assert _d("Officials may march to the square if they may.", FRIDAY) == []
    assert _d("It May Not Happen Soon", FRIDAY) == []


# --- hedges -----------------------------------------------------------------------------------------------

def test_hedges_found_and_may_the_month_is_not_one():
    assert find_hedges("The convoy was reportedly hit, and it appears to have turned back.") == ["reportedly", "appears to"]
    assert find_hedges("The leader was wounded on May 8 and in May again.") == []
    assert find_hedges("The vote may be delayed.") == ["may"]
    assert find_hedges("The remark strongly implies that talks failed.") == ["strongly implies"]
    assert find_hedges("It is believed that the chief fled.") == ["it is believed"]


# --- attribution ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, speaker, cue",
    [
        ("The dam will hold, Mayor Ines Duarte said on Tuesday.", "Ines Duarte", "said"),
        ("“We will rebuild the harbour,” said Governor Tomas Brandt.", "Tomas Brandt", "said"),
        ("Prices are rising, according to the Bureau of Labor Statistics.", "the Bureau of Labor Statistics", "according to"),
        ("The European Union estimates that 4,000 jobs were lost.", "The European Union", "estimates"),
        ("Kowalski claimed that the count was rigged.", "Kowalski", "claimed"),
        ("Senator Ruiz told reporters the bill was dead.", "Ruiz", "told"),
        ("The Council on Energy (CEN), a research group, also said the grid was strained.", "The Council on Energy", "said"),
        ("Relief is slow, the health ministry, which said it lacked trucks, admitted.", "the health ministry", "said"),
        ("Ukrainian officials warned that the dam could fail.", "Ukrainian officials", "warned"),
        ("Most economists expect rates to fall.", "Most economists", "expect"),
        ("In a statement, the Foreign Office rejected the charge.", "the Foreign Office", "rejected"),
        ("The Senate's statement did not mention the cost.", "The Senate", "statement"),
        ("Writing on social media, Okafor announced his resignation.", "Okafor", "announced"),
        ("Larsen wrote on social media that the vote was fair.", "Larsen", "wrote"),
        ("The rise matched data from the labour ministry, which said wages were flat.", "the labour ministry", "said"),
        ("Rep. Dana Whitfield of Ohio told a radio host the plan was late.", "Dana Whitfield", "told"),
        ("Foreign Minister Ana Lobo said the border stays open.", "Ana Lobo", "said"),
        ("In a ruling on Friday, the High Court's majority agreed that the fee was unlawful.", "the High Court's majority", "agreed"),
        ("The regional council issued a statement on the closures.", "The regional council", "issued a statement"),
        ("Nordhaven Foods, for instance, said it would close two plants.", "Nordhaven Foods", "said"),
        ("Mayor Lise Brandt, second in line for the party leadership, said the plan was sound.", "Lise Brandt", "said"),
        ("Speaker Ana Pereira (Lab.) on Thursday said the vote would go ahead.", "Ana Pereira", "said"),
        ("The toll rose to 24, the authorities there said.", "the authorities", "said"),
        ("A memo from the Finance Ministry's audit office said the costs doubled.", "A memo from the Finance Ministry's audit office", "said"),
        ("The judge, Mara Quint of the district court, said the case was late.", "The judge", "said"),
    ],
)
def test_attribution(text, speaker, cue):
    att = find_attribution(text)
    assert att is not None and (att.speaker, att.cue) == (speaker, cue)
    assert text[att.start:att.end] == att.speaker


@pytest.mark.parametrize(
    "text",
    [
        "The bridge was closed after the storm.",
        "He refused to comment on the matter.",
        "Troops moved into a command post near the river.",
        "The United States sent more aid this year.",
        "The report on the vote was late.",
        "The sale appeared all but guaranteed by Friday.",
        "Claims for state unemployment benefits fell again.",
        "A draft audit in Arizona reaffirmed the count.",
    ],
)
def test_no_attribution_without_a_reporting_subject(text):
    assert find_attribution(text) is None


def test_verbs_inside_a_quotation_are_not_the_attribution():
    att = find_attribution("“Not enough, but I believe it will hold,” he said.")
    assert (att.speaker, att.cue) == ("he", "said")


def test_pronoun_speaker_is_marked_for_resolution():
    att = find_attribution("“It is over,” she said.")
    assert att.pronoun and att.speaker == "she"


# --- kinds ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, attributed, kind",
    [
        ("“We will never give up this town, not for any price,” the general said.", True, "quote"),
        ("There is a 30% chance of rain before Friday.", False, "forecast"),
        ("The army will soon launch a new offensive, he said.", True, "forecast"),
        ("The bridge is expected to reopen in June.", False, "forecast"),
        ("I think the plan is a disaster.", False, "opinion"),
        ("The council should resign at once.", False, "opinion"),
        ("The so-called experts were wrong again.", False, "opinion"),
        ("It was a truly shameful, utterly disgraceful decision.", False, "opinion"),
        ("The council voted 7 to 2 to close the bridge on Monday.", False, "reported"),
        ("The will of the voters was clear in the count.", False, "reported"),
        ("The US military said the base was hit twice.", True, "reported"),
    ],
)
def test_kinds(text, attributed, kind):
    assert classify(text, attributed=attributed) == kind


# --- robustness -------------------------------------------------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

_ALPHABET = st.sampled_from(list("abc XYZ019.,;:'\"“”’-$%\n") + ["May ", "said ", " on Thursday", " at least ", "tens of thousands", "İ"])


@settings(max_examples=150, deadline=None)
@given(st.lists(_ALPHABET, max_size=60).map("".join), st.sampled_from([None, "2023-03-24", "not a date"]))
def test_finders_never_crash_and_offsets_are_exact(text, published):
    for q in find_quantities(text):
        assert text[q.start:q.end] == q.text
    for d in find_dates(text, published):
        assert text[d.start:d.end] == d.text
    att = find_attribution(text)
    if att:
        assert text[att.start:att.end] == att.speaker
    find_hedges(text)
    classify(text, attributed=False)


# --- speed-only equivalents (the same answers as the plain scans) -----------------------------------------

def test_person_mentions_index_answers_like_the_walk_over_entities():
    from parallax.claims.attribution import PersonMentions, _prefer_entity
    from parallax.model import Entity

    entities = [Entity("A", "PERSON", mentions=[[5, 10], [30, 35]]), Entity("B", "ORG", mentions=[[0, 12]]),
                Entity("C", "PERSON", mentions=[[3, 10], [0, 20], [31, 35]])]
    index = PersonMentions(entities)
    for start, end in [(0, 20), (0, 12), (3, 10), (5, 10), (28, 40), (30, 35), (11, 29), (0, 40), (10, 10)]:
        assert _prefer_entity(start, end, index) == _prefer_entity(start, end, entities), (start, end)
    assert _prefer_entity(0, 12, index) == (5, 10)  # a tie on the end: the first entity's mention


@pytest.mark.parametrize("text", ["He said, she says: they'd said-so. Says", "unsaid said_ said’ 'said' -said said",
                                  "The reports claims warned warnedly", "stated\u0130stated K said"])
def test_verb_forms_found_with_find_equal_the_pattern_scan(text):
    from parallax.claims.attribution import verb_cues
    from parallax.claims.prechecks import ClauseWords

    for start in range(0, 6):
        for end in (len(text), len(text) - 1, len(text) - 4):
            forms = ClauseWords(text[start:end]).report_verb_forms()
            assert verb_cues(text, start, end, forms=forms) == verb_cues(text, start, end), (start, end)


def test_the_issued_noun_pre_check_tests_every_noun():
    from parallax.claims.attribution import _ISSUED_NOUNS, _has_issued_noun

    assert all(_has_issued_noun(f"x {noun}s y") for noun in _ISSUED_NOUNS)
    assert not _has_issued_noun("Officials said nothing new on Monday.")


_TRAILER_ALPHABET = st.sampled_from(["a", "Ab", "y", "ly", "h", "o", "T", " ", "  ", "\n", ",", ")", "(", "x)", "which",
                                     "who", "that", "also", "then", "Monday", "on", "earlier", "this", "week", "said",
                                     "has", "Italy", "ſ", "İ", "\u00a0", "quickly", "’"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_TRAILER_ALPHABET, max_size=14).map(" ".join), st.lists(_TRAILER_ALPHABET, max_size=6).map("".join))
def test_trailers_left_alone_when_no_pattern_can_end_the_text(spaced, packed):
    from parallax.claims.attribution import _cut_trailers, _strip_trailers

    for left in (spaced, packed, spaced + packed):
        assert _strip_trailers(left) == _cut_trailers(left), left


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["Mr", "mr", "President", "gen", "Gen", "state", "Smith", "é", "ß", "İ", "K", "ſ",
                                 "Dr", "of", "x"]), min_size=1, max_size=4).map("".join))
def test_a_speaker_of_letters_alone_keeps_its_span_through_strip_titles(word):
    from parallax.claims.attribution import strip_titles

    text = f"By {word} said"
    assert strip_titles(text, 3, 3 + len(word)) == (3, 3 + len(word))  # what `_make` takes without the call
