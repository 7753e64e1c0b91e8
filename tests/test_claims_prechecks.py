"""The claims stage's shortcut tests never skip a scan that would have found something."""

from __future__ import annotations

import re
from itertools import islice

import pytest

from parallax.claims import find_dates, find_hedges, find_quantities
from parallax.claims.attribution import verb_cues
from parallax.claims.kinds import _FORECAST, _INTENSIFIER, _OPINION_MARKER, _outside_quotes
from parallax.claims.prechecks import ClauseWords
from parallax.evaluation.roundups import load_stories


def _real_clauses(data_dir, n_articles=80):
    """Sentence-sized pieces of real US-politics articles (another domain than the seeds)."""
    articles = islice((article for story in load_stories(data_dir) for article in story["articles"]), n_articles)
    return [s for article in articles for paragraph in article["body"] or []
            for s in re.split(r"(?<=[.!?])\s+", paragraph) if s.strip()]


EDGE_CASES = [
    "Talks resume on Mondays, officials said.",   # a weekday core without a boundary after it
    "The project is halfway done.",               # "half" without a boundary after it
    "We're sure the ſo-called deal will fail.",   # long s matches "s" when case is ignored
    "It is believed the toll rose in Dec. 2022.",
    "Tens of thousands fled; a dozen stayed.",
    "They may meet on 5 May; the march went on until Sept. 4.",  # month names are capitalised, the verbs are not
    "They may march, or they may not.",
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
        assert find_quantities(clause, number_words=clue.may_have_number_words(), digits=clue.digit,
                               openers=clue.number_words()) == find_quantities(clause), clause
        assert bool(clue.hedge_openers()) == clue.may_have_hedges(), clause
        if clue.may_have_hedges():
            assert find_hedges(clause, openers=clue.hedge_openers()) == find_hedges(clause), clause
    assert skipped > len(clauses)  # the shortcuts do skip work on real text


ATTRIBUTION_CASES = [
    "The ministry's statement said little.", "Kyiv’s remarks, by contrast, were brief.", "In a tweet on Monday, the mayor wrote.",
    "The army issued a short statement on Friday.", "Officials put out a video message.", "Reuters, citing sources, said so.",
    "According to the mayor, ten died.", "ACCORDING TO THE MAYOR, ten died.", "AccORDING to data, prices rose.",
    "As reported by the BBC, it fell.", "It was quoted by Reuters.", "A ſtatement's words mattered.",
]


def test_attribution_shortcuts_never_hide_a_match(data_dir):
    from parallax.claims import attribution as A

    skipped = 0
    for clause in _real_clauses(data_dir) + EDGE_CASES + ATTRIBUTION_CASES:
        clue = ClauseWords(clause)
        end = len(clause)
        checks = [
            (clue.may_have_source_phrase(), A._SOURCE_PHRASE.search(clause)),
            (clue.may_have_issued_statement(), A._ISSUED_STATEMENT.search(clause)),
            (clue.may_have_statement_noun(), A._STATEMENT_NOUN.search(clause)),
            (clue.may_have_in_a_statement(), A._IN_A_STATEMENT.search(clause)),
        ]
        for maybe, found in checks:
            assert maybe or not found, clause
        verbs = verb_cues(clause, 0, end)
        assert A.find_attribution(clause, verbs=verbs, clue=clue) == A.find_attribution(clause), clause
        if not verbs and not clue.may_be_attributed_without_a_verb():  # the stage then skips find_attribution
            assert A.find_attribution(clause) is None, clause
            skipped += 1
    assert skipped > 100


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


NUMBER_WORD_CASES = [
    "A dozen, a  dozen, a\ndozen, xa dozen and a dozens came.", "Half a million, halfway, behalf of half an hour.",
    "Tens of thousands, ten of millions, hundreds of billions and hundred of thousands fled.",
    "Someone often wrote one-third of twenty-one tones; one of them, One day, ONE time.",
    "Twenty percent, five per cent, a hundred 5 k, nine bn and seven-m.", "İstanbul had one million; zero twos.",
]


@pytest.mark.parametrize("text", NUMBER_WORD_CASES)
def test_number_word_matches_from_openers_equal_the_pattern_scan(text, data_dir):
    """The number-word scan tried only where the clause's number words stand finds what the pattern's scan finds."""
    from parallax.claims.lexicons import lowered
    from parallax.claims.quantities import WORDS_PATTERN, _word_matches_at

    def spans(matches):
        return [(m.span(), m.groupdict()) for m in matches]

    for clause in [text] + (_real_clauses(data_dir, 40) if text == NUMBER_WORD_CASES[0] else []):
        low = lowered(clause)
        assert spans(_word_matches_at(low, ClauseWords(clause).number_words())) == spans(WORDS_PATTERN.finditer(low)), clause


@pytest.mark.parametrize("text", ["at least 5, (about 5, AT LEAST 5, ſome 5, Some\n5", "more than\n\n5, fewer than  5 and nearly5",
                                  "5 is over 4 and under 6; up to 7, in excess of 8, an estimated 9 and close to 10",
                                  "about  \t 3; roughly-4; xsome 5; as many as 6; no less than 7"])
def test_bound_precheck_equals_the_pattern_search(text, data_dir):
    """`_bound_before` refuses only where `_BOUND_BEFORE` finds nothing, at every position and clause start."""
    from parallax.claims.quantities import _BOUND_BEFORE, _bound_before

    texts = [text] + (_real_clauses(data_dir, 20) if text.startswith("at least") else [])
    for clause in texts:
        for start in (0, 3):
            for pos in range(start, len(clause) + 1):
                expected = _BOUND_BEFORE.search(clause, max(start, pos - 16), pos)
                found = _bound_before(clause, start, pos)
                assert (found and found.span()) == (expected and expected.span()), (clause, start, pos)


def test_the_article_fold_hint_only_skips_the_fold_scan():
    assert ClauseWords("ſo-called").may_have_opinion_marker()
    assert not ClauseWords("a plain clause", folds=False).folds
    assert ClauseWords("ſo-called", folds=None).folds


def test_only_the_listed_characters_lower_case_to_ascii_letters():
    from parallax.text.casefold import LOWERS_TO_ASCII

    ascii_letter = re.compile("[a-z]").search
    found = [c for c in map(chr, range(0x80, 0x110000)) if ascii_letter(c.lower())]
    assert sorted(found) == sorted(LOWERS_TO_ASCII)


@pytest.mark.parametrize("text", ["Don't-stop the half-hearted Nation’s 'quoted' words", "behalf of ALL 12 people",
                                  "-lead - trail' ’x", "Ünïcode wörds and café-goers"])
def test_letter_runs_from_words_equal_those_of_the_text(text):
    from parallax.claims.kinds import _WORD

    plain, from_words = ClauseWords(text), ClauseWords(text, words=_WORD.findall(text))
    assert (plain.tokens, plain.half) == (from_words.tokens, from_words.half)


def test_clause_words_from_words_equal_those_from_the_text_on_generated_text():
    """The byte pass of the words path (letter runs, "half", the digit of an ASCII text, the joined words built
    when asked) against the text path, which lower-cases and scans the text itself (the joined words differ there:
    they are the text's whitespace-separated pieces)."""
    from hypothesis import given, settings, strategies as st

    from parallax.claims.kinds import words_of
    from parallax.text.casefold import has_lowers_to_ascii

    pieces = st.sampled_from(["a", "Zq", "HALF", "half", "'", "’", "-", " ", "\t", "\n", "\x01", "é", "9", "0", "٣", "²",
                              "_", ".", "“", "\u2009", "😀", "ı", "ſ", "said", "may", "It is believed", "\ud83d"])

    @settings(max_examples=1500, deadline=None, derandomize=True)
    @given(st.lists(pieces, max_size=24).map("".join) | st.text(max_size=40))
    def check(text):
        if has_lowers_to_ascii(text):
            return  # (the stage passes no words then)
        words = words_of(text)
        plain, from_words = ClauseWords(text), ClauseWords(text, words=words)
        assert (plain.tokens, plain.half, plain.digit, plain.keys, plain.flags) == (
            from_words.tokens, from_words.half, from_words.digit, from_words.keys, from_words.flags), text
        assert from_words.lower == " ".join(words).lower()

    check()


WORD_CASES = ["Don't-stop the half-hearted Nation’s 'quoted' words", "-lead - trail' ’x ’tis -5 '' --",
              "Ünïcode wörds, café-goers and naïve-ish x\x01y", "a\tb\nc\u00a0d\u2009e\u3000f", "", "’", "'a", "a'",
              "O’Neil’s 2-for-1 deal’s end", "\ud83d lone surrogate a\udc00b", "ab😀cd ﬁne K mark"]


@pytest.mark.parametrize("text", WORD_CASES)
def test_words_of_equals_the_word_pattern(text):
    from parallax.claims.kinds import _WORD, words_of

    assert words_of(text) == _WORD.findall(text)


def test_words_of_equals_the_word_pattern_on_generated_text():
    from hypothesis import given, settings, strategies as st

    from parallax.claims.kinds import _WORD, words_of

    pieces = st.sampled_from(["a", "Zq", "'", "’", "-", " ", "\n", "\x01", "é", "9", "_", ".", "“", "\u2009", "😀", "İ"])

    @settings(max_examples=1000, deadline=None, derandomize=True)
    @given(st.lists(pieces, max_size=24).map("".join) | st.text(max_size=40))
    def check(text):
        assert words_of(text) == _WORD.findall(text)

    check()


def test_hedges_tried_where_their_first_words_stand_equal_the_pattern_scan():
    from hypothesis import given, settings, strategies as st

    from parallax.claims.kinds import words_of
    from parallax.claims.lexicons import _lines
    from parallax.text.casefold import has_lowers_to_ascii

    phrases = _lines("hedges.txt")
    pieces = st.sampled_from(phrases + [p.upper() for p in phrases[:5]] + [" ", "  ", "\t", ", ", "-", "'", "’", "x", "dis",
                                                                          "May", "may 5", "İ", "ſ", "seemed-", "ly"])

    @settings(max_examples=1000, deadline=None, derandomize=True)
    @given(st.lists(pieces, max_size=10).map("".join))
    def check(text):
        clues = [ClauseWords(text)]
        if not has_lowers_to_ascii(text):  # the stage's way: the letter runs from the words
            clues.append(ClauseWords(text, words=words_of(text)))
        for clue in clues:
            openers = clue.hedge_openers()
            if openers != ():
                assert find_hedges(text, openers=openers) == find_hedges(text), text
            else:
                assert not find_hedges(text), text

    check()


def test_quoted_share_from_the_outside_equals_the_quoted_characters():
    from hypothesis import given, settings, strategies as st

    from parallax.claims.kinds import _QUOTED, quoted_share

    pieces = st.sampled_from(["“", "”", '"', "‘", "’", "«", "»", " ", "  ", "ab", "c d", "x", "’s", "\t"])

    @settings(max_examples=1000, deadline=None, derandomize=True)
    @given(st.lists(pieces, max_size=16).map("".join))
    def check(text):
        total = len(text) - text.count(" ")
        quoted = "".join(_QUOTED.findall(text))
        assert quoted_share(text) == ((len(quoted) - quoted.count(" ")) / total if total > 0 else 0.0), text

    check()


def test_forecast_tried_where_its_matches_open_equals_the_pattern_scan():
    from hypothesis import given, settings, strategies as st

    from parallax.claims.kinds import _FORECAST_OPENERS, _is_forecast, words_of
    from parallax.text.casefold import has_lowers_to_ascii

    words = sorted(_FORECAST_OPENERS) + ["is", "are", "was", "were", "in", "the", "to", "days", "week", "open", "soon",
                                         "political", "of", "they", "won't", "won’t", "'ll", "’ll", "x", "İ", "K", "WILL"]
    pieces = st.sampled_from(words + [" ", "  ", "\t", ", ", "-", "'", "’", "s", "ed", "“", "”"])

    @settings(max_examples=1000, deadline=None, derandomize=True)
    @given(st.lists(pieces, max_size=12).map("".join))
    def check(text):
        clues = [ClauseWords(text)] + ([ClauseWords(text, words=words_of(text))] if not has_lowers_to_ascii(text) else [])
        for clue in clues:
            for asked in (text, _outside_quotes(text)):  # `classify` asks of the clause or of what is outside quotes
                assert _is_forecast(asked, clue.keys) == _is_forecast(asked), text

    check()
    assert _is_forecast("He said they'll go and the will of people", frozenset({"ll"}))
    assert not _is_forecast("It is the will of the people", frozenset({"will"}))


def test_opinion_markers_tried_where_they_open_equal_the_pattern_search():
    from hypothesis import given, settings, strategies as st

    from parallax.claims.kinds import _OPINION_MARKER, _has_opinion_marker, words_of
    from parallax.text.casefold import has_lowers_to_ascii

    words = ["I", "i", "me", "Me", "ME", "my", "we", "We", "we're", "we’ll", "us", "US", "our", "Ours", "ourselves",
             "myself", "should", "SHOULD", "Must", "ought", "to", "so-called", "So-Called", "self-styled",
             "self-proclaimed", "so", "called", "ſo-called", "İ", "K", "x", "some", "between", "your"]
    pieces = st.sampled_from(words + [" ", "  ", "\t", ", ", "-", "'", "’", "s", "“", "”", '"'])

    @settings(max_examples=1000, deadline=None, derandomize=True)
    @given(st.lists(pieces, max_size=10).map("".join))
    def check(text):
        clues = [ClauseWords(text)] + ([ClauseWords(text, words=words_of(text))] if not has_lowers_to_ascii(text) else [])
        outside = _outside_quotes(text)  # what `classify` asks about, with the clause's clue
        for clue in clues:
            assert _has_opinion_marker(outside, clue) == bool(_OPINION_MARKER.search(outside)), text

    check()


def test_digit_matches_equal_the_pattern_scan_on_generated_text():
    from hypothesis import given, settings, strategies as st

    from parallax.claims.quantities import DIGITS_PATTERN, _digit_matches

    pieces = st.sampled_from(["1", "23", "4,567", ".", ",", "$", "us", "us$", "€", "£", " ", "k", "%", "-", "/", "x", "٣"])

    @settings(max_examples=1000, deadline=None, derandomize=True)
    @given(st.lists(pieces, max_size=14).map("".join))
    def check(text):
        spans = [(m.span(), m.groupdict()) for m in DIGITS_PATTERN.finditer(text)]
        assert [(m.span(), m.groupdict()) for m in _digit_matches(text)] == spans, text

    check()


def test_every_clause_break_holds_a_break_part():
    from hypothesis import given, settings, strategies as st

    from parallax.claims import _BREAK_PARTS, _CLAUSE_BREAK

    pieces = st.sampled_from([",", ";", " ", "\n", "\u2009", "whereas", "while", "but", "although", "though", "Whereas",
                              "x", "wh", "ile", "thou", "gh", "bu", "t"])

    @settings(max_examples=1000, deadline=None, derandomize=True)
    @given(st.lists(pieces, max_size=12).map("".join))
    def check(text):
        if _CLAUSE_BREAK.search(text):
            assert any(part in text for part in _BREAK_PARTS)

    check()


def test_the_character_tests_cover_their_lists():
    from parallax.text.casefold import CASE_TWINS, LOWERS_TO_ASCII, has_case_twin, has_lowers_to_ascii

    assert all(has_case_twin(f"a{c}b") for c in CASE_TWINS) and not has_case_twin("plain s i")
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


def test_holds_a_digit_answers_like_the_digit_search():
    from parallax.claims.prechecks import holds_a_digit

    text = "No digit here. Then 12 and 3.5; later ٣ (an Arabic-Indic digit), a “quote” 7 and none at the end"
    for a in range(0, len(text), 3):
        for b in (a, a + 1, a + 7, len(text)):
            assert holds_a_digit(text[a:b]) == bool(re.search(r"\d", text[a:b])), (a, b)
    assert not holds_a_digit("no digits") and holds_a_digit("x\uff19") and holds_a_digit("9")  # (a fullwidth nine)


def test_key_words_hold_every_word_a_test_asks_about():
    from parallax.claims import prechecks as P

    asked = [P._FORECAST_WORDS, P._OPINION_WORDS, P._INTENSIFIER_WORDS, P._MONTH_TOKENS, P._RELATIVE_DAY_TOKENS,
             P._NUMBER_TOKENS, P._report_verb_set(), P._hedge_key_words() or frozenset(), P._VERBLESS_ATTRIBUTION_WORDS]
    assert all(words <= P._key_words() for words in asked)
    clue = ClauseWords("Officials said the very likely deal in May could reportedly cost five billion")
    assert clue.keys == P._key_words().intersection(clue.tokens)


def _whole_lines_eagerly(text: str, spans):
    """Whether each (start, end) is its whole line but for bullets and spaces, by slicing and stripping."""
    out = []
    for a, b in spans:
        line_start = text.rfind("\n", 0, a) + 1
        line_end = text.find("\n", b)
        line_end = len(text) if line_end < 0 else line_end
        out.append(not text[line_start:a].strip(" \t•·▪●◦*–—-") and not text[b:line_end].strip())
    return out


def test_whole_line_asked_only_of_short_units_changes_no_checkability(data_dir):
    from parallax.claims import _is_whole_line, _segment_spans
    from parallax.claims.kinds import _WORD, is_checkable
    from parallax.model import Article
    from parallax.text.sentences import split_sentences

    paragraphs = _real_clauses(data_dir, n_articles=20)
    text = "Short heading line\n• A bulleted line of a few words\n" + " ".join(paragraphs[:40]) + "\n  Indented: yes.\n" + \
        "\n".join(paragraphs[40:80]) + "\nLong " + "word " * 120 + "ends. Next piece here"
    article = Article(text=text, sentences=split_sentences(text))
    spans = list(_segment_spans(article))
    eager = _whole_lines_eagerly(text, [(a, b) for a, b, _, _ in spans])
    assert any(eager) and not all(eager)
    for (a, b, _, may_be_whole), whole in zip(spans, eager):
        assert (may_be_whole and _is_whole_line(text, a, b)) == (whole and may_be_whole)
        segment = text[a:b]
        words = _WORD.findall(segment)
        own_line = may_be_whole and len(words) <= 12 and _is_whole_line(text, a, b)
        assert is_checkable(segment, own_line=own_line) == is_checkable(segment, own_line=whole and may_be_whole)


def test_digits_only_inside_dates_mean_no_quantity(data_dir):
    from parallax.claims import _digit_outside

    clauses = ["On March 5, 2022, 12 people left.", "On March 5, 2022, officials left.", "In 2021 and 2022.",
               "From 1 May to 3 June 2021 it rained.", "$5 on 5 May 2020", "On Monday 3 people came; on 4 May, no one."]
    skipped = 0
    for text in clauses + _real_clauses(data_dir, n_articles=60):
        clue = ClauseWords(text)
        dates = find_dates(text, "2021-06-15")
        if dates and not clue.may_have_number_words() and not _digit_outside(text, 0, len(text), dates):
            assert find_quantities(text, skip=[(d.start, d.end) for d in dates]) == [], text
            skipped += 1
    assert skipped >= 3
    assert _digit_outside("5 on 5 May 2020", 0, 15, find_dates("5 on 5 May 2020", None))


def test_a_month_word_counts_only_capitalised():
    assert not ClauseWords("They may march, or they may not.").may_name_a_month()
    assert ClauseWords("They met in May.").may_name_a_month() and ClauseWords("On Sept. 4 it rained.").may_have_dates()


def test_a_hedge_phrase_needs_all_its_words():
    assert not ClauseWords("Officials said the deal is done.").may_have_hedges()
    from parallax.claims.kinds import _WORD

    for clause in ("The deal is said to be done.", "Deals are SAID TO be done.", "It is, it is believed, done.",
                   "We couldn't tell.", "In my view it works.", "He said: it may work.", "It is\nsaid \t to be done.",
                   "Talks are said to’ve stalled."):
        for clue in (ClauseWords(clause), ClauseWords(clause, words=_WORD.findall(clause))):
            assert clue.may_have_hedges() and (find_hedges(clause) or clause.startswith("It is,")), clause


SUBJECTIVE_EDGE_CASES = [
    "A well-known and ill-fated plan, “a terrible idea”, said the so-called expert.",
    "The ‘clear-cut’-style case was TERRIBLE, Terrible and very bad",
    "\u212aill the ill plan, İll-fated ı cases",  # the Kelvin sign and dotted capital I lower to ASCII letters
    "Nothing subjective stands in this plain clause at all.",
]


def test_flags_are_the_families_of_the_key_words(data_dir):
    from parallax.claims import prechecks as P

    families = [(P.FORECAST, P._FORECAST_WORDS), (P.OPINION, P._OPINION_WORDS), (P.INTENSIFIER, P._INTENSIFIER_WORDS),
                (P.HEDGE, P._hedge_key_words() or frozenset()), (P.MONTH, P._MONTH_TOKENS),
                (P.RELATIVE, P._RELATIVE_DAY_TOKENS), (P.NUMBER, P._NUMBER_TOKENS), (P.REPORT_VERB, P._report_verb_set()),
                (P.VERBLESS, P._VERBLESS_ATTRIBUTION_WORDS), (P.SOURCE_PHRASE, P.SOURCE_PHRASE_WORDS),
                (P.ISSUED, P.ISSUED_VERBS), (P.STATEMENT_NOUN, P.STATEMENT_NOUNS), (P.IN_A_NOUN, P.IN_A_NOUNS),
                (P.SUBJECTIVE, P._subjective_keys())]
    for clause in _real_clauses(data_dir, 20) + EDGE_CASES + SUBJECTIVE_EDGE_CASES:
        clue = ClauseWords(clause)
        for bit, words in families:
            expected = not words.isdisjoint(clue.tokens) or (clue.folds and bit & P._FOLDED) or bit & P._always_set()
            assert bool(clue.flags & bit) == bool(expected), (clause, bit)


def test_subjective_bit_never_hides_a_subjective_word(data_dir):
    """Without the bit, `_subjective_count` skips the word list: the count must be the one the list gives."""
    from parallax.claims.kinds import _WORD, _subjective_count
    from parallax.claims.lexicons import strong_subjective
    from parallax.claims.prechecks import SUBJECTIVE

    for clause in _real_clauses(data_dir) + EDGE_CASES + SUBJECTIVE_EDGE_CASES:
        clue = ClauseWords(clause)
        outside = _outside_quotes(clause)
        for words in (_WORD.findall(clause), _WORD.findall(outside)):
            assert clue.flags & SUBJECTIVE or not strong_subjective().intersection(words), clause
            assert _subjective_count(words, outside, clue) == _subjective_count(words, outside), clause


def test_the_stage_s_bit_tests_are_conditions_of_the_paths_they_skip(data_dir):
    """`find_claims_in` and `_build_claim` ask the clue's bits before the calls: a clause they turn away must get
    from the full path what the shortcut gives (one unattributed clause; no dates; no quantities)."""
    from parallax.claims import _split_clauses
    from parallax.claims.prechecks import MONTH, RELATIVE, REPORT_VERB, VERBLESS

    for clause in _real_clauses(data_dir) + EDGE_CASES + SUBJECTIVE_EDGE_CASES:
        clue = ClauseWords(clause)
        if not clue.flags & (REPORT_VERB | VERBLESS):
            assert _split_clauses(clause, 0, len(clause), []) == [(0, len(clause), None)], clause
        if clue.may_have_dates():
            assert clue.flags & (RELATIVE | MONTH) or clue.digit or "day" in clause, clause
        assert clue.may_have_quantities() == bool(clue.digit or clue.number_words()), clause


def test_only_weekdays_and_months_without_a_year_depend_on_the_future():
    """`find_dates` looks for future markers only for `_FUTURE_KINDS` and with a publication date."""
    from parallax.claims.dates import _FUTURE_KINDS, _candidates, _parse_published, _resolve

    text = ("On May 5, 2021 and 5 May, in June, last Monday, on Friday, in 2019, on 2020-02-03, yesterday, "
            "this week, next month, last year, tomorrow, Sept. 4, by March 2022, over the weekend.")
    for published in ("2022-03-15", "2021-12-31", None):
        pub = _parse_published(published)
        for kind, m in _candidates(text, 0, len(text)):
            for modifier in ("", "last", "next", "this", "on"):
                if pub is None or kind not in _FUTURE_KINDS:
                    assert _resolve(kind, m, modifier, pub, True) == _resolve(kind, m, modifier, pub, False), m.group()


def test_substring_tests_that_replace_a_scan():
    from parallax.claims.attribution import _has_quote
    from parallax.text.casefold import CASE_TWINS, LOWERS_TO_ASCII

    for text in ("no quote", "a “quote”", 'a "quote"', "« guillemets »", "‘single’ only", ""):
        assert _has_quote(text) == bool(re.search(r"[“\"«]", text)), text
    assert set(LOWERS_TO_ASCII) <= set(CASE_TWINS)  # find_claims_in looks for them only in a text with a case twin
