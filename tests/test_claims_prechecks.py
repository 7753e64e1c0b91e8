"""The claims stage's shortcut tests never skip a scan that would have found something."""

from __future__ import annotations

import json
import re

import pytest

from parallax.claims import find_dates, find_hedges, find_quantities
from parallax.claims.attribution import verb_cues
from parallax.claims.kinds import _FORECAST, _INTENSIFIER, _OPINION_MARKER, _outside_quotes
from parallax.claims.prechecks import ClauseWords


def _real_clauses(data_dir, n_articles=80):
    """Sentence-sized pieces of real US-politics articles (another domain than the seeds)."""
    out = []
    with open(data_dir / "allsides-roundups" / "dev.jsonl", encoding="utf-8") as lines:
        for line in lines:
            for article in json.loads(line)["articles"]:
                for paragraph in article["body"] or []:
                    out.extend(s for s in re.split(r"(?<=[.!?])\s+", paragraph) if s.strip())
                n_articles -= 1
                if n_articles <= 0:
                    return out
    return out


EDGE_CASES = [
    "Talks resume on Mondays, officials said.",   # a weekday core without a boundary after it
    "The project is halfway done.",               # "half" without a boundary after it
    "We're sure the ſo-called deal will fail.",   # long s matches "s" when case is ignored
    "It is believed the toll rose in Dec. 2022.",
    "Tens of thousands fled; a dozen stayed.",
    "Over the years, monthly reports came out every weekday; last year one came out Yesterday.",  # plurals, a capital
    "No date, no number and no hedge here at all.",
]


def test_shortcuts_never_hide_a_match(data_dir):
    clauses = _real_clauses(data_dir) + EDGE_CASES
    assert len(clauses) > 150
    skipped = 0
    for clause in clauses:
        clue = ClauseWords(clause)
        low = clause.lower()
        checks = [
            (clue.may_have_dates(), bool(find_dates(clause, "2021-06-15"))),
            (clue.may_have_quantities(), bool(find_quantities(clause))),
            (clue.may_have_hedges(), bool(find_hedges(clause))),
            (clue.may_be_forecast(), bool(_FORECAST.search(low)) if len(low) == len(clause) else False),
            (clue.may_have_opinion_marker(), bool(_OPINION_MARKER.search(_outside_quotes(clause)))),
            (clue.may_have_intensifier(), bool(_INTENSIFIER.search(_outside_quotes(clause)))),
            (clue.may_have_report_verb(), bool(verb_cues(clause, 0, len(clause)))),
        ]
        for maybe, found in checks:
            assert maybe or not found, clause
            skipped += not maybe
        # The partial shortcuts (no month: no month patterns; no number word: no number-word scan) change nothing.
        assert find_dates(clause, "2021-06-15", months=clue.may_name_a_month(), digits=clue.digit,
                          relative=clue.may_have_relative_words()) == find_dates(clause, "2021-06-15"), clause
        assert find_quantities(clause, number_words=clue.may_have_number_words(), digits=clue.digit) == find_quantities(clause), clause
    assert skipped > len(clauses)  # the shortcuts do skip work on real text


@pytest.mark.parametrize("clause", EDGE_CASES[:4])
def test_edge_cases_are_not_skipped(clause):
    clue = ClauseWords(clause)
    assert clue.may_have_dates() or clue.may_have_quantities() or clue.may_have_opinion_marker()


def test_a_plain_clause_is_skipped_by_every_shortcut():
    clue = ClauseWords(EDGE_CASES[-1])
    assert not (clue.may_have_dates() or clue.may_have_quantities() or clue.may_have_hedges()
                or clue.may_be_forecast() or clue.may_have_opinion_marker())


@pytest.mark.parametrize("text", ["bus$5 and us$5", "x$ 5", "$ 5", "a1,234", "us$us$4 ", "£5 and 3.5% of ٣٤ people",
                                  "1,2,3,000.5k", "us$ 3bn", "$$5", "F-16 and 20th", "12:30", "-5 and /6 and .7"])
def test_digit_matches_equal_the_pattern_scan(text):
    from parallax.claims.quantities import DIGITS_PATTERN, _digit_matches

    def spans(matches):
        return [(m.span(), m.groupdict()) for m in matches]

    assert spans(_digit_matches(text)) == spans(DIGITS_PATTERN.finditer(text))


def test_the_article_fold_hint_only_skips_the_fold_scan():
    assert ClauseWords("ſo-called").may_have_opinion_marker()
    assert not ClauseWords("a plain clause", folds=False).folds
    assert ClauseWords("ſo-called", folds=None).folds


def test_only_the_listed_characters_lower_case_to_ascii_letters():
    from parallax.claims.prechecks import LOWERS_TO_ASCII

    ascii_letter = re.compile("[a-z]").search
    found = [c for c in map(chr, range(0x80, 0x110000)) if ascii_letter(c.lower())]
    assert sorted(found) == sorted(LOWERS_TO_ASCII)


@pytest.mark.parametrize("text", ["Don't-stop the half-hearted Nation’s 'quoted' words", "behalf of ALL 12 people",
                                  "-lead - trail' ’x", "Ünïcode wörds and café-goers"])
def test_letter_runs_from_words_equal_those_of_the_text(text):
    from parallax.claims.kinds import _WORD

    plain, from_words = ClauseWords(text), ClauseWords(text, words=_WORD.findall(text))
    assert (plain.tokens, plain.half) == (from_words.tokens, from_words.half)


def test_the_character_tests_cover_their_lists():
    from parallax.claims.prechecks import _FOLDS_TO_ASCII, LOWERS_TO_ASCII, _has_fold_to_ascii, has_lowers_to_ascii

    assert all(_has_fold_to_ascii(f"a{c}b") for c in _FOLDS_TO_ASCII) and not _has_fold_to_ascii("plain s i")
    assert all(has_lowers_to_ascii(f"a{c}b") for c in LOWERS_TO_ASCII) and not has_lowers_to_ascii("plain K i")


def test_call_to_action_first_letters_cover_every_verb():
    from parallax.claims.kinds import _CALL_TO_ACTION, _CALL_TO_ACTION_FIRST_LETTERS, is_checkable

    verbs = ["Subscribe", "click", "Tap", "Sign up", "Sign in", "Log in", "Register", "Share", "Follow", "Join",
             "Download", "Donate", "Watch", "Listen", "Read more", "See also", "Learn more", "Comment",
             "Leave a comment", "Get the", "Get our", "Don't miss", "Support us"]
    # One sample per alternative of the pattern (its top-level alternatives, "get (the|our)" counted once).
    assert len({v.split()[0].lower() for v in verbs}) == 21 and _CALL_TO_ACTION.pattern.count("|") == 22
    for verb in verbs:
        assert _CALL_TO_ACTION.match(verb + " now to our daily news") and verb[0].lower() in _CALL_TO_ACTION_FIRST_LETTERS
        assert not is_checkable(verb + " now to our daily news.", own_line=False)
    assert not is_checkable("ſubscribe now to our daily news.", own_line=False)  # "ſ" folds to "s": no shortcut


def test_digit_index_answers_like_a_search_in_any_order():
    import re

    from parallax.claims.prechecks import DigitIndex

    text = "No digit here. Then 12 and 3.5; later ٣ (an Arabic-Indic digit) and none at the end"
    index = DigitIndex(text)
    spans = [(a, b) for a in range(0, len(text), 3) for b in (a, a + 1, a + 7, len(text))]
    for a, b in spans + spans[::-1]:  # in reading order, then backwards (the cursor must search again)
        assert index.any_between(a, b) == bool(re.search(r"\d", text[a:b])), (a, b)
    assert not DigitIndex("no digits").any_between(0, 9)


def test_key_words_hold_every_word_a_test_asks_about():
    from parallax.claims import prechecks as P

    asked = [P._FORECAST_WORDS, P._OPINION_WORDS, P._INTENSIFIER_WORDS, P._MONTH_TOKENS, P._RELATIVE_DAY_TOKENS,
             P._NUMBER_TOKENS, P._report_verb_set(), P._hedge_key_words() or frozenset()]
    assert all(words <= P._key_words() for words in asked)
    clue = ClauseWords("Officials said the very likely deal in May could reportedly cost five billion")
    assert clue.keys == P._key_words().intersection(clue.tokens)
