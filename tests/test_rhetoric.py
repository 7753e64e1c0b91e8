"""The `loaded` stage: own sentences per kind, neutral news, and the seeds read at run time."""

from __future__ import annotations

import json

import pytest

from parallax.rhetoric import find_loaded
from tests.conftest import seed_path


def _check_spans(text, spans):
    for s in spans:
        assert text[s.start : s.end] == s.text
    for a, b in zip(spans, spans[1:]):
        assert a.end <= b.start, f"overlap: {a} {b}"


def _kinds(text):
    spans = find_loaded(text)
    _check_spans(text, spans)
    return {s.text.lower(): s for s in spans}


def test_regime_for_a_government_gets_a_neutral_alternative():
    found = _kinds("Aid to the Caracas regime was cut, and the Maduro regime protested.")
    assert found["caracas regime"].neutral == "Venezuelan government"
    assert found["maduro regime"].neutral == "Maduro government"


def test_technical_regimes_are_not_flagged():
    assert find_loaded("The sanctions regime and a new training regime were discussed; regime change was ruled out.") == []


def test_dehumanising_metaphor_needs_people():
    found = _kinds("Opposition voters are sheep, and those cockroaches in parliament lie.")
    assert found["sheep"].kind == "dehumanising"
    assert found["cockroaches"].kind == "dehumanising"
    assert find_loaded("Farmers moved the sheep to higher ground after rats were seen in the barn.") == []


def test_name_calling_compounds_and_terms():
    found = _kinds("The libtards and the neocowards cheered, said the snowflakes.")
    assert found["libtards"].kind == "name-calling"
    assert found["snowflakes"].kind == "name-calling"
    assert find_loaded("The new standards for mustard labels take effect in May.") == []


def test_sarcasm_and_so_called():
    found = _kinds("These rare geniuses told us, and the so-called experts agreed.")
    assert found["rare geniuses"].kind == "sarcasm"
    assert found["so-called experts"].kind == "sarcasm"
    assert found["so-called experts"].neutral == "experts"


def test_scare_quotes_but_not_reported_speech():
    found = _kinds("The cuts were sold as a reform, but the \u201creform\u201d cost jobs.")
    assert found["\u201creform\u201d"].kind == "scare-quotes"
    assert find_loaded("The minister said the plan was \u201cfair\u201d and would \u201chelp families,\u201d she added.") == []
    assert find_loaded("Critics watched \u201cThe Crown\u201d on Sunday.") == []


def test_plain_factual_sentence_has_no_flags():
    text = "The council approved the budget on Tuesday after a two-hour debate; 12 members voted in favour and 3 against."
    assert find_loaded(text) == []
    assert find_loaded("Two soldiers were killed in the attack, and the war entered its third year.") == []


def test_seed_000_regime_name_calling_and_scare_quotes():
    text = seed_path("000").read_text(encoding="utf-8")
    spans = find_loaded(text)
    _check_spans(text, spans)
    regimes = [s for s in spans if "regime" in s.text.lower()]
    assert regimes and all(s.neutral and "government" in s.neutral for s in regimes)
    words = {s.text.lower() for s in spans}
    assert words & {"neoclowns", "globalist"}
    scare = [s for s in spans if s.kind == "scare-quotes"]
    assert any("offensive" in s.text for s in scare)


def test_seed_003_parrots_and_cannon_fodder():
    text = seed_path("003").read_text(encoding="utf-8")
    spans = find_loaded(text)
    _check_spans(text, spans)
    by_text = {s.text.lower(): s for s in spans}
    assert by_text["parrots"].kind in ("dehumanising", "name-calling")
    assert by_text["cannon fodder"].kind == "dehumanising"


def test_seeds_through_the_pipeline_keep_valid_spans(seed_articles):
    for prefix, article in seed_articles.items():
        if not hasattr(article, "loaded"):
            pytest.fail(f"seed {prefix} failed to read: {article}")
        _check_spans(article.text, article.loaded)


def test_centre_news_is_rarely_flagged(data_dir):
    """30 centre-rated articles of US politics: a lexicon that flags ordinary words fails this."""
    texts = []
    with open(data_dir / "allsides-roundups" / "dev.jsonl", encoding="utf-8") as f:
        for line in f:
            texts += ["\n\n".join(a["body"]) for a in json.loads(line)["articles"] if a["side"] == "center"]
            if len(texts) >= 30:
                break
    words = flags = 0
    for text in texts[:30]:
        spans = find_loaded(text)
        _check_spans(text, spans)
        words += len(text.split())
        flags += len(spans)
    assert words > 1000
    assert 100 * flags / words < 1.0  # measured about 0.3 flags per 100 words


def test_regime_never_reaches_back_across_a_sentence_end():
    from parallax.rhetoric import find_loaded

    spans = find_loaded("The mayor spoke on Monday. The regime in Valmora must go.")
    regime = [s for s in spans if "regime" in s.text]
    assert [s.text for s in regime] == ["regime"] and regime[0].neutral == "government"


@pytest.mark.parametrize("plain, odd", [("Istanbul", "İstanbul"), ("Kelvin", "\u212aelvin")])
def test_a_letter_that_case_folds_unusually_changes_nothing(plain, odd):
    # İ lower-cases to two characters and the Kelvin sign to an ASCII k: the pre-checks step aside.
    text = ("{} Critics called them neoclowns and useful idiots, the so-called experts of the Kiev regime; "
            "these parrots cheered the anti-science crowd.")
    expected = [(s.start, s.end, s.kind) for s in find_loaded(text.format(plain))]
    assert len(expected) == 6
    assert [(s.start, s.end, s.kind) for s in find_loaded(text.format(odd))] == expected


def test_lexicon_words_are_whole_word_tokens_only():
    found = _kinds("The anti-science-minded and pro-parrots crowd met the anti-science crowd; anti-science'd.")
    assert [s.start for s in found.values()] == [54]


def test_a_phrase_spelled_with_case_twins_is_found_not_a_crash():
    # re.IGNORECASE matches "ı"/"İ" to "i", so the phrase pattern matches; the lookup must find the term too.
    from parallax.rhetoric import default_lexicon

    phrase = next(p for p in sorted(default_lexicon().phrases) if "i" in p and p.isascii())
    for spelled in (phrase.replace("i", "\u0131"), phrase.upper().replace("I", "\u0130")):
        text = f"The report said it was {spelled}, and nothing more."
        spans = find_loaded(text)
        _check_spans(text, spans)
        assert [s.text for s in spans if s.text.lower().startswith(spelled.lower()[:2])] == [spelled]


# --- the pre-checks and shortcuts of the finders agree with the paths they skip -----------------
_ODD_TEXTS = [
    "The so-called experts of the Kiev regime; So called heroes, so called, regimes change. Juntas!",
    "“Heroes” and ‘victory’ they said; the \"experts\" asked. Critics: “elites” — a word.",
    "He told reporters the “deep state” was real. Then “useful idiots”, \"cradle-to-grave\" care.",
    "Café «Zürich» — anti‑American ANTI-AMERICAN anti’american cradle to grave self’serving Self-Serving.",
    "\ud800 said “fake news” ß Ж \u00a0called so-\u00a0called neo-Nazis libtards standard-bearers.",
    "The JUNTA's regime\u2028of Syria; regimented; so-calledness; as\u212aed “experts”; ſaid “heroes”.",
]


def _random_texts(n=300, seed=7):
    import random

    rng = random.Random(seed)
    pieces = ("regime", "Regimes", "junta", "so", "So", "called", "-", " ", "  ", "\n", ". ", ": ", "“", "”", "‘",
              "’", "\"", "'", "said", "asked", "according", "experts", "heroes", "deep state", "anti", "american",
              "cradle", "to", "grave", "é", "Ж", "\u212a", "ſ", "ı", "clowns", "neo", "idiots", "x" * 45)
    return [" ".join(rng.choice(pieces) for _ in range(rng.randint(1, 60))) for _ in range(n)]


def test_scan_occurrences_equal_a_search_of_the_lower_cased_text():
    from parallax.rhetoric.patterns import Scan, occurrences

    keys = ["regime", "called", "american", "anti-american", "cradle-to-grave", "self-serving", "o'clock", "to", "x"]
    for text in _ODD_TEXTS + _random_texts():
        scan = Scan(text)
        if not scan.plain_case:
            continue
        assert len(scan.folded) == len(text)
        low = text.lower().replace("’", "'")
        for key in keys:
            assert scan.occurrences(key) == list(occurrences(low, key)), (text, key)


def test_pattern_pre_checks_agree_with_the_full_scans():
    from parallax.rhetoric import default_lexicon
    from parallax.rhetoric.patterns import Scan, regime_spans, so_called_spans

    lex = default_lexicon()
    for text in _ODD_TEXTS + _random_texts():
        scan = Scan.for_lexicon(text, lex)
        full = Scan(text)
        full.plain_case = False  # no pre-check trusted: the regex scans every text
        assert list(regime_spans(text, lex, scan)) == list(regime_spans(text, lex, full)), text
        assert list(so_called_spans(text, scan)) == list(so_called_spans(text)), text



def test_a_scan_for_any_words_keeps_the_context_patterns_words():
    from parallax.rhetoric import default_lexicon
    from parallax.rhetoric.patterns import Scan, regime_spans, so_called_spans

    text = "Officials of the Ardesian regime met the so-called experts."
    scan = Scan(text, frozenset({b"officials"}))  # runs of interest that name neither pattern's words
    assert [s.text for s in regime_spans(text, default_lexicon(), scan)] == [s.text for s in regime_spans(text, default_lexicon())]
    assert [s.text for s in regime_spans(text, default_lexicon(), scan)]
    assert list(so_called_spans(text, scan)) == list(so_called_spans(text)) != []

def test_quotes_and_speech_cues_found_as_the_regexes_find_them():
    from parallax.rhetoric import patterns as P

    for text in _ODD_TEXTS + _random_texts():
        expected = [(m.span(), m.groups()) for m in P._QUOTED.finditer(text)]
        assert [(m.span(), m.groups()) for m in P._quoted_matches(text)] == expected, text
        for end in range(0, len(text) + 1, 7):
            before = text[max(0, end - 130) : end]
            assert P._speech_cue_before(before) == (P._SPEECH_BEFORE.search(before) is not None), before
