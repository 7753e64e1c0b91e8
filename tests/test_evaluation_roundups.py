"""The roundup evaluation: ROUGE and NeuS arousal on hand-made texts, and an end-to-end run on 3 stories."""

from __future__ import annotations

import math

import pytest

from parallax.errors import ResourceError
from parallax.evaluation import roundups
from parallax.evaluation.roundups import (NEGATIVE_VALENCE, POSITIVE_VALENCE, VAD_LEXICON, arousal, evaluate_roundups,
                                          lean_order, load_stories, load_vad, markdown_table, rouge_n)


# --------------------------------------------------------------------------- ROUGE

def test_rouge_of_identical_texts_is_one():
    text = "The council approved the budget on Tuesday after a long debate."
    assert rouge_n(text, text, 1) == pytest.approx(1.0)
    assert rouge_n(text, text, 2) == pytest.approx(1.0)


def test_rouge_of_disjoint_texts_is_zero():
    assert rouge_n("apples grow on trees", "rivers flood valleys quickly", 1) == 0.0
    assert rouge_n("apples grow on trees", "rivers flood valleys quickly", 2) == 0.0


def test_rouge_partial_overlap_computed_by_hand():
    candidate, reference = "the cat sat on the mat", "the cat lay on the rug"
    # Unigrams: 6 each, shared the x2, cat, on = 4 -> P = R = 4/6, F1 = 2/3.
    assert rouge_n(candidate, reference, 1) == pytest.approx(2 / 3)
    # Bigrams: 5 each, shared "the cat" and "on the" = 2 -> F1 = 2/5.
    assert rouge_n(candidate, reference, 2) == pytest.approx(0.4)


def test_rouge_clips_repeated_words_and_ignores_case_and_punctuation():
    # "the" three times against once: overlap 1, P = 1/3, R = 1/2, F1 = 0.4.
    assert rouge_n("the the the", "the cat", 1) == pytest.approx(0.4)
    assert rouge_n("The Cat, sat!", "the cat sat", 2) == pytest.approx(1.0)


def test_rouge_of_an_empty_text_is_zero():
    assert rouge_n("", "something to match", 1) == 0.0
    assert rouge_n("a single", "", 1) == 0.0
    assert rouge_n("one", "one", 2) == 0.0  # no bigram on either side


# --------------------------------------------------------------------------- arousal

@pytest.fixture(scope="module")
def lexicon(data_dir):
    return load_vad(data_dir / VAD_LEXICON)


def test_the_lexicon_loads_with_values_in_range(lexicon):
    assert len(lexicon) > 15000
    assert all(0.0 <= v <= 1.0 and 0.0 <= a <= 1.0 for v, a in lexicon.values())


def test_an_agitated_sentence_scores_above_a_calm_one(lexicon):
    calm = arousal("The quiet village spent a peaceful and calm afternoon by the lake.", lexicon)
    agitated = arousal("Furious crowds rage amid chaos after the murder and the explosion.", lexicon)
    assert agitated.total > calm.total
    assert agitated.per_100_words > calm.per_100_words
    assert agitated.negative > agitated.positive  # the agitated words are also unpleasant ones


def test_arousal_sums_the_lexicon_values_of_polar_words(lexicon):
    negative_word = next(w for w, (v, a) in sorted(lexicon.items()) if v < NEGATIVE_VALENCE and a > 0.8 and w.isalpha())
    positive_word = next(w for w, (v, a) in sorted(lexicon.items()) if v > POSITIVE_VALENCE and a > 0.8 and w.isalpha())
    middle_word = next(w for w, (v, a) in sorted(lexicon.items())
                       if NEGATIVE_VALENCE <= v <= POSITIVE_VALENCE and a > 0.5 and w.isalpha())
    score = arousal(f"{negative_word} {positive_word} {middle_word} {negative_word}", lexicon)
    assert score.negative == pytest.approx(lexicon[negative_word][1])  # distinct words: counted once
    assert score.positive == pytest.approx(lexicon[positive_word][1])
    assert score.words == 3


def test_calibration_removes_the_reference_words(lexicon):
    text = "Furious crowds rage amid chaos."
    assert arousal(text, lexicon, reference=text).total == 0.0
    partial = arousal(text, lexicon, reference="The crowds were furious.")
    assert 0.0 < partial.total < arousal(text, lexicon).total


# --------------------------------------------------------------------------- small parts

def test_lean_order_counts_ties_as_half_and_needs_both_sides():
    assert lean_order(1.5, 4.2) == 1.0
    assert lean_order(4.2, 1.5) == 0.0
    assert lean_order(3.0, 3.0) == 0.5
    assert lean_order(None, 3.0) is None


def test_lead_takes_the_first_three_body_sentences():
    article = {"title": "A headline", "body": ["First one here. Second one here.", "Third one here. Fourth one here."]}
    assert roundups.lead(article) == "First one here. Second one here. Third one here."
    assert roundups.lead(None) == ""


def test_missing_data_is_a_resource_error_and_a_clean_exit(tmp_path, capsys):
    with pytest.raises(ResourceError):
        load_stories(tmp_path)
    assert roundups.main(["--data", str(tmp_path), "--limit", "1"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("parallax:") and "Traceback" not in err


# --------------------------------------------------------------------------- end to end

@pytest.fixture(scope="module")
def three_stories(data_dir):
    return evaluate_roundups(data_dir, limit=3)


def _in_unit_range(value) -> bool:
    return value is not None and 0.0 <= value <= 1.0


def test_evaluation_runs_end_to_end_on_three_stories(three_stories, data_dir):
    result = three_stories
    assert result["stories"] == 3 and result["scored"] + result["failed"] == 3
    assert result["scored"] == 3, result["failure_examples"]
    for key in ("lean", "rouge", "arousal", "facts", "time", "method"):
        assert key in result
    lean = result["lean"]
    assert 1 <= lean["stories"] <= 3
    for key in ("ordered", "ordered_ties_half", "ties", "sources_with_a_lean"):
        assert _in_unit_range(lean[key]), key
    assert lean["ordered"] <= lean["ordered_ties_half"]
    for kind in ("facts", "lead3_center", "lead3_random"):
        assert _in_unit_range(result["rouge"][kind]["rouge1"]) and _in_unit_range(result["rouge"][kind]["rouge2"])
    # The first stories all have a center article, and a lead of real news overlaps the roundup.
    first = load_stories(data_dir, 3)
    assert result["rouge"]["lead3_center"]["stories"] == sum(any(a["side"] == "center" for a in s["articles"]) for s in first)
    assert result["rouge"]["lead3_center"]["rouge1"] > 0.1
    assert result["rouge"]["lead3_center"]["rouge2"] <= result["rouge"]["lead3_center"]["rouge1"]
    assert _in_unit_range(result["facts"]["share_with_facts"]) and result["facts"]["mean"] >= 0
    assert result["time"]["seconds_per_story"] > 0


def test_arousal_figures_are_consistent(three_stories):
    calibrated, raw = three_stories["arousal"]["calibrated"], three_stories["arousal"]["raw"]
    assert "roundup" not in calibrated and raw["roundup"]["total"] > 0
    for kind in ("articles", "lead3_center"):
        row = calibrated[kind]
        assert row["total"] == pytest.approx(row["positive"] + row["negative"])
        # Removing the roundup's words can only lower a text's score.
        assert row["total"] <= raw[kind]["total"] + 1e-9
        assert all(math.isfinite(v) and v >= 0 for v in row.values())


def test_markdown_table_reports_every_figure(three_stories):
    table = markdown_table(three_stories)
    for label in ("left below right", "ROUGE-1", "ROUGE-2", "Arousal+", "human roundup", "facts per brief"):
        assert label in table
