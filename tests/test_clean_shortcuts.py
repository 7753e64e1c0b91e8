"""The cleaner's shortcuts (pattern pre-checks, fold and sentence tests without regexes, keys handed
from `prepare` to the run step) must give exactly what the plain definitions give."""

import re

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
    assert required_literals(re.compile(r"©|\bcopyright\b", re.I)) is None  # non-ASCII literal: no shortcut


def test_match_reason_equals_plain_loop_including_case_twins():
    patterns = default_patterns() + (Pattern(re.compile(r"\bsubscribe now\b", re.I), "call-to-action", 12),)
    lines = [
        "Sign up for our newsletter", "ſign up for our newsletter", "Follow us on X", "FOLLOW US", "Click here",
        "CLİCK here", "Photo credit: Jane Doe", "We use cookies", "Kelvin: We use \u212aookies", "The minister said so.",
        "Subscribe now", "SUBSCRİBE NOW", "Getty Images", "© 2024 Example News", "Copyright 2024 Example News",
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
