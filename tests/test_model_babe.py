"""The BABE model: the training script on a tiny sample, and the shipped model on sentences written here."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from parallax.model import RawInput
from parallax.models.babe import MODEL_DIR, biased_word_spans, load_model, predict_babe
from parallax.options import ReadOptions
from parallax.pipeline import Context, Doc, Pipeline
from parallax.rhetoric import add_model_spans, find_loaded, models_enabled

ROOT = Path(__file__).resolve().parents[1]

LOADED = "The radical mob of extremist thugs brazenly smeared the senator with outrageous, hysterical lies."
NEUTRAL = "The city council approved the budget on Tuesday after a two-hour meeting."
LOADED_2 = "The president's disastrous, reckless scheme is a shameful giveaway to his greedy cronies."
NEUTRAL_2 = "The company said it expects quarterly revenue of about 4 billion dollars."


def _train_script():
    spec = importlib.util.spec_from_file_location("train_babe", ROOT / "scripts" / "train_babe.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def model():
    if not (MODEL_DIR / "babe.npz").exists():
        pytest.skip("the BABE model is not trained (scripts/train_babe.py)")
    return load_model()


def test_training_script_runs_on_a_tiny_sample(data_dir, tmp_path):
    # lexical+tfidf needs no embedding model, so this stays fast; the embedding path is the shipped one.
    code = _train_script().main(["--data", str(data_dir), "--limit", "160", "--folds", "2", "--parts", "lexical+tfidf",
                                  "--out", str(tmp_path)])
    assert code == 0
    metrics = json.loads((tmp_path / "metrics.json").read_text())
    cv = metrics["cv"]["lexical+tfidf"]
    assert 0.0 <= cv["sentence_macro_f1"] <= 1.0
    assert metrics["baselines"]["sentence_majority_macro_f1"] < 0.5  # one class only: about 1/3
    trained = load_model(tmp_path)
    p = trained.sentence_probability([LOADED, NEUTRAL])
    assert p.shape == (2,) and np.all((0 <= p) & (p <= 1))


def test_training_script_reports_missing_data(tmp_path, capsys):
    assert _train_script().main(["--data", str(tmp_path), "--out", str(tmp_path / "m")]) == 2
    assert "not found" in capsys.readouterr().err


def test_shipped_model_separates_loaded_from_neutral_sentences(model):
    results = predict_babe([LOADED, NEUTRAL, LOADED_2, NEUTRAL_2], model=model)
    loaded = [results[0]["probability"], results[2]["probability"]]
    neutral = [results[1]["probability"], results[3]["probability"]]
    assert min(loaded) > max(neutral)
    assert results[0]["biased"] and not results[1]["biased"]


def test_shipped_model_marks_judgement_words_not_function_words(model):
    p = predict_babe([LOADED], model=model, threshold=0.0)[0]
    probability = {w["text"].lower(): w["probability"] for w in p["words"]}
    for judgement in ("hysterical", "outrageous", "radical"):
        for plain in ("the", "of", "with", "senator"):
            assert probability[judgement] > probability[plain], (judgement, plain, probability)
    confident = predict_babe([NEUTRAL], model=model)[0]["words"]
    assert confident == []


def test_word_spans_are_offsets_into_the_whole_text(model):
    text = f"{NEUTRAL} {LOADED}"
    sentences = [(0, len(NEUTRAL)), (len(NEUTRAL) + 1, len(text))]
    spans = biased_word_spans(text, sentences, model=model, threshold=0.3)
    assert spans, "a sentence full of judgement words should give at least one span at a low threshold"
    for span in spans:
        assert text[span.start:span.end] == span.text
        assert span.kind == "biased" and span.source == "model:babe"
        assert span.start > len(NEUTRAL)


def test_predictions_are_deterministic_and_reuse_given_embeddings(model):
    from parallax.embed import get_embedder

    vectors = get_embedder().encode([LOADED, NEUTRAL])
    first = predict_babe([LOADED, NEUTRAL], embeddings=vectors, model=model)
    again = predict_babe([LOADED, NEUTRAL], model=model)
    assert first == again


def test_models_option_parsing():
    assert not models_enabled(ReadOptions(), "babe")
    assert models_enabled(ReadOptions(extra={"models": "lean, babe"}), "babe")
    assert models_enabled(ReadOptions(extra={"models": ["babe"]}), "babe")
    assert models_enabled(ReadOptions(extra={"models": True}), "babe")
    assert not models_enabled(ReadOptions(extra={"models": ["lean"]}), "babe")


def test_model_spans_never_overlap_lexicon_spans():
    text = "They called it a so-called reform and a brazen scam."
    lexicon = find_loaded(text)
    from parallax.model import LoadedSpan

    overlapping = [LoadedSpan(s.start, s.end, s.text, "biased", None, "model:babe") for s in lexicon]
    merged = add_model_spans(lexicon, overlapping)
    assert merged == lexicon


def test_reading_stage_adds_model_spans_only_when_asked(model):
    text = f"{LOADED_2}\n\n{NEUTRAL}\n"
    plain = _read(text, ReadOptions())
    with_model = _read(text, ReadOptions(extra={"models": ["babe"]}))
    assert all(s.source != "model:babe" for s in plain.loaded)
    lexicon_spans = [s for s in with_model.loaded if s.source != "model:babe"]
    assert lexicon_spans == plain.loaded  # the model only adds
    for a, b in zip(with_model.loaded, with_model.loaded[1:]):
        assert a.end <= b.start
    for s in with_model.loaded:
        assert with_model.text[s.start:s.end] == s.text


def _read(text: str, options: ReadOptions):
    from parallax.pipeline import READ_STAGES, load_stages

    load_stages()
    doc = Doc(RawInput(origin="<test>", text=text, format="text"))
    ctx = Context(options=options)
    for stage in Pipeline(list(READ_STAGES)).stages:
        stage.run(doc, ctx)
        doc.done.update(stage.adds)
    return doc.article


def test_reading_stage_keeps_never_words_out_of_model_spans(model):
    from parallax.rhetoric import load_lexicon

    never = load_lexicon().never
    text = "Officials claimed the attack was a catastrophic failure, and critics claimed it was a disgraceful farce.\n"
    found = _read(text, ReadOptions(extra={"models": "babe"})).loaded
    assert all(s.text.lower() not in never for s in found if s.source == "model:babe")
