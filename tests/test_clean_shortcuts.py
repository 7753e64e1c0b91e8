"""The cleaner's shortcuts (pattern pre-checks, fold and sentence tests without regexes, keys handed
from `prepare` to the run step) must give exactly what the plain definitions give."""

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from parallax.clean import clean_text, default_patterns
from parallax.clean import lines as L
from parallax.clean.patterns import Pattern, match_reason, required_literals
from parallax.model import RawInput
from parallax.options import ReadOptions
from parallax.pipeline import Context, read_raw


def naive_match_reason(patterns, line, words):
    for pattern in patterns:
        if words <= pattern.max_words and pattern.regex.search(line):
            return pattern.reason
    return None


def test_required_literals_of_alternations_and_runs():
    assert required_literals(re.compile(r"\b(follow|connect with) us\b", re.I)) == ("connect with", "follow")
    assert required_literals(re.compile(r"\bclick (here|to)\b|\bdownload (our|the) app\b", re.I)) == ("click ", "download ")
    assert required_literals(re.compile(r"^(a|)x?$")) is None  # a branch that needs nothing
    assert required_literals(re.compile(r"©|\bcopyright\b", re.I)) == ("copyright", "©")  # a caseless symbol
    assert required_literals(re.compile(r"é|\bcopyright\b", re.I)) is None  # a non-ASCII letter: no shortcut


def test_caseless_needle_characters_are_reached_by_no_other_character():
    """A non-ASCII needle character must match only itself under IGNORECASE and survive `lower()`: no code
    point lower-cases to it (by str.lower or by re's own table) and re's extra case pairs do not hold it."""
    import _sre
    from re import _casefix

    from parallax.clean.patterns import _caseless

    def caseless_non_ascii(char):
        return not char.isascii() and _caseless(char)

    for code in range(0x110000):
        char = chr(code)
        lowered = _sre.unicode_tolower(code)
        assert lowered == code or not caseless_non_ascii(chr(lowered)), hex(code)
        assert all(part == char or not caseless_non_ascii(part) for part in char.lower()), hex(code)
    for code, others in _casefix._EXTRA_CASES.items():
        assert not any(caseless_non_ascii(chr(c)) for c in (code, *others))


def test_match_reason_equals_plain_loop_including_case_twins():
    patterns = default_patterns() + (Pattern(re.compile(r"\bsubscribe now\b", re.I), "call-to-action", 12),)
    lines = [
        "Sign up for our newsletter", "ſign up for our newsletter", "Follow us on X", "FOLLOW US", "Click here",
        "CLİCK here", "Photo credit: Jane Doe", "We use cookies", "Kelvin: We use \u212aookies", "The minister said so.",
        "Subscribe now", "SUBSCRİBE NOW", "Getty Images", "© 2024 Example News", "Copyright 2024 Example News", "(C) Example", "Example ©", "ALL RIGHTS RESERVED.",
        "Read more: a headline", "12 comments", "What are you looking for?", "Story continues below advertisement",
    ]
    for line in lines:
        words = len(line.split())
        assert match_reason(patterns, line, words) == naive_match_reason(patterns, line, words), line


def test_fold_key_and_is_sentence_shortcuts():
    long_line = "“Quoted” words’ run " * 15
    assert L.fold_key(long_line) == " ".join(long_line.casefold().replace("“", '"').replace("”", '"').replace("’", "'").split())
    assert L.fold_key("a\u00a0b " * 70) == " ".join(("a\u00a0b " * 70).casefold().split())
    for text, expected in [("He said so.", True), ("He said so.”)", True), ("Two words.", False), ("No stop here", False),
                           ("One two three.\n", True), ("Ends with a note.[1]", True), ("", False)]:
        assert L.is_sentence(text) is expected, text


def test_split_lines_counts_words_like_split():
    text = "• A bullet line\n\n  Indented\u00a0\u00a0text  here \n\u200bHidden start\r\nLast\tline"
    for line in L.split_lines(text):
        assert line.words == len(line.text.split())


def test_prepare_hands_keys_over_without_changing_the_result():
    shared = "Sign up for the Example Daily briefing today"
    texts = [f"Headline number {i}\n\n{shared}\n\nBody sentence {i} says what happened in the town hall meeting.\n\n"
             f"• A bullet point {i}\n\nAnother paragraph {i} about it, with more detail about the vote." for i in range(3)]
    raws = [RawInput(origin=f"doc{i}", text=t, format="text", group="example") for i, t in enumerate(texts)]
    ctx = Context(options=ReadOptions())
    with_prepare = list(read_raw(raws, ctx, stages=("clean",)))
    boilerplate = ctx.resources["clean.boilerplate"]["example"]
    assert L.normalise_key(shared) in boilerplate
    assert not ctx.resources["clean.folded-lines"]  # every document took its keys
    for article, text in zip(with_prepare, texts):
        alone = clean_text(text, "text", boilerplate=boilerplate)
        assert (article.text, article.removed, article.title) == (alone.text, alone.removed, alone.title)


def test_first_character_tables_pick_the_same_pattern_as_the_plain_loop():
    extra = (
        Pattern(re.compile(r"^\(?(photo|video)s?\b", re.I), "image-credit", 12),
        Pattern(re.compile(r"^[0-9]+ (shares|views)$", re.I), "counter", 12),
        Pattern(re.compile(r"^(?:x)?$|^(a)\1", re.I), "odd", 12),  # may match an empty line: no first-character table
        Pattern(re.compile(r"^K", re.I), "kelvin", 12),  # matches the Kelvin sign too
    )
    patterns = default_patterns() + extra
    starts = [chr(code) for code in range(128)] + ["\u212a", "\u0130", "\u0131", "\u017f", "é", "©", ""]
    tails = ["", "ome", "OME", "hare this", "0 shares", "1 Comments", "Photo: Jane Doe", "dvertisement", "a", "elvin"]
    for start in starts:
        for tail in tails:
            line = (start + tail).strip() or start
            words = len(line.split())
            assert match_reason(patterns, line, words) == naive_match_reason(patterns, line, words), repr(line)


def test_first_characters_read_from_the_pattern():
    assert L_first(r"^(home|menu)$") == frozenset("hm")
    assert L_first(r"^\(?(additional )?(reporting|writing)\b") == frozenset("(arw")
    assert L_first(r"^\d+ comments$") == frozenset("0123456789")
    assert L_first(r"^(a|)x") == frozenset("ax")  # the empty branch lets the next item start the match
    assert L_first(r"^(x)?$") is None  # may be empty
    assert L_first(r"^\w+:") is None  # a class the walk does not list
    assert L_first(r"^é") is None  # non-ASCII: case-insensitive matching may reach other characters


def L_first(pattern):
    from parallax.clean.patterns import first_characters

    return first_characters(re.compile(pattern, re.I))


def test_fold_lines_gives_the_keys_of_split_lines():
    texts = [
        "• A bullet line\n\n  Indented\u00a0\u00a0text  here \n\u200bHidden start\r\nLast\tline",
        "Plain line\n" + "A long paragraph with “curly quotes” and Straße, " * 8 + "\n\n- Item\n\u00adSoft hyphen " * 40,
        "\n\n\n", "", "•\n* \n-  Dash item  \n" + "word " * 60 + "\x0bnext\u2028line",
    ]
    for text in texts:
        lines = L.split_lines(text)
        folded = L.fold_lines(text)
        assert folded.keys == tuple(line.key for line in lines)
        assert folded.source_keys == tuple(L.normalise_key(line.source) if line.bullet else line.key for line in lines)
        assert folded.tidy == all(L._UNTIDY.search(raw) is None for raw in text.splitlines())
        if folded.tidy:
            assert [vars(line) for line in L.split_lines(text, tidy=True)] == [vars(line) for line in L.split_lines(text)]
    for text in ("Ab, cd_ef -- 12;", "  x  ", "é, Ω!", "__", "", "A-B\tC\x00D"):  # short lines: ASCII ones skip the regex
        assert L.fold_key(text) == L._NON_WORD.sub(" ", text.casefold()).strip()
    long_line = "Printable, tidy “words” and Straße " * 10
    assert L.fold_key(long_line.strip(), printable_tidy=True) == L.fold_key(long_line.strip())


def test_prepare_skips_repeated_texts_like_a_word_for_word_comparison():
    from parallax.clean import _SeenTexts

    texts = ["One two three four five six seven eight nine ten eleven",
             "One two  three four five six seven eight\nnine ten eleven",  # the same words
             "One two three four five six seven eight nine TEN eleven",
             "One two three four five six seven eight changed nine ten eleven", "", "  \n ", "short", "short"]
    seen, fingerprints = _SeenTexts(), set()
    for group in ("a", "b"):
        for text in texts:
            fingerprint = (group, " ".join(text.split()))
            assert seen.again(group, text) == (fingerprint in fingerprints), (group, text)
            fingerprints.add(fingerprint)


def test_mark_patterns_equals_the_plain_loop():
    from parallax.clean import plain

    texts = [
        "Sign up for our newsletter. Get the top stories every morning.", "Sign up now! It is free", "Photo: Jane Doe",
        "Home", "Follow us on X? Yes", "A heading without stops", "Click here: more", "Copyright 2024. All rights reserved",
        "The minister said so. Then he left. Later he came back. And again.", "Read more", "--", "(c) Example News",
    ]
    patterns = default_patterns()
    lines = L.split_lines("\n".join(texts))
    plain._mark_patterns(lines, patterns)
    for line in lines:
        expected = None if not plain._NO_WORDS.match(line.text) else "separator"
        if expected is None:
            expected = naive_match_reason(patterns, line.text, line.words)
        if expected is None and line.words <= plain.PROMPT_MAX_WORDS:
            sentences = plain._SENTENCE_BREAK.split(line.text, maxsplit=3)  # the split the stop test may skip
            if 1 < len(sentences) <= 3:
                expected = naive_match_reason(patterns, sentences[0], len(sentences[0].split()))
        assert line.reason == expected, line.text


def test_menu_items_pre_check_equals_the_spaced_separator_tests():
    text = ("World | Business | Sport\nHome  News  Video\nNews · Sport · Weather\nA · B\nOne • Two • Three\n"
            "Tabs\tBetween\tItems\nA sentence with a middle dot·inside it\n• Bullet • Items • Here\nPlain line here\n"
            "\u00a0Spaced\u00a0\u00a0Items\u00a0 Here")
    for line in L.split_lines(text):
        if line.tidy:  # what lets menu_items skip the tab and double-space tests
            assert "  " not in line.source and "\t" not in line.source
        not_known_tidy = L.Line(line.number, line.source, line.text, line.block)
        assert L.menu_items(line) == L.menu_items(not_known_tidy), line.source



_LINE_ALPHABET = "ab Z9 .,-•*\t\n\r\u00a0\u200b\u00ad\u2028“’ßé#_" + "\x0b"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=_LINE_ALPHABET, max_size=60), max_size=8).map("\n".join))
def test_fold_lines_follows_split_lines_on_generated_texts(text):
    # fold_lines repeats split_lines' steps without building Lines: generated texts keep the two in step.
    lines = L.split_lines(text)
    folded = L.fold_lines(text)
    assert folded.keys == tuple(line.key for line in lines)
    assert folded.source_keys == tuple(L.normalise_key(line.source) if line.bullet else line.key for line in lines)
    if folded.tidy:
        assert [vars(line) for line in L.split_lines(text, tidy=True)] == [vars(line) for line in L.split_lines(text)]
