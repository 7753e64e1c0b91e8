"""The persuasion-technique model: training script on a tiny subset, the shipped model's
behaviour on paragraphs written for these tests, and the metric helpers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from parallax.models.persuasion import MODEL_DIR, TechniqueModel, load_model, micro_f1, predict_techniques
from parallax.models.persuasion.model import best_threshold

ROOT = Path(__file__).resolve().parents[1]

# Written for these tests (not from any data set).
NEUTRAL = "The city council met on Tuesday and approved the budget for the next fiscal year by a vote of seven to two."
LOADED = ("These corrupt, lying traitors and their disgusting puppet masters are destroying everything we love, "
          "and only a fool would believe a single word from these criminals!")
DOUBTFUL = ("Can we really trust anything this so-called expert says? His claims have never been verified, "
            "and many wonder whether he is simply repeating what he was paid to say.")
FEARFUL = ("If we do nothing, our children will be slaughtered in the streets and our nation will be wiped "
           "off the map forever. The danger grows every single day.")


@pytest.fixture(scope="module")
def shipped():
    return load_model()


@pytest.fixture(scope="module")
def label_file(data_dir) -> list[str]:
    path = data_dir / "persuasion-semeval2023" / "techniques_subtask3.txt"
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_shipped_labels_are_spelled_as_in_the_task(shipped, label_file):
    assert shipped.labels == label_file


def test_loaded_paragraphs_score_above_a_neutral_one(shipped):
    probabilities = shipped.predict_proba([NEUTRAL, LOADED, DOUBTFUL, FEARFUL])
    index = {label: j for j, label in enumerate(shipped.labels)}
    assert probabilities[1, index["Loaded_Language"]] > probabilities[0, index["Loaded_Language"]] + 0.2
    assert probabilities[1, index["Name_Calling-Labeling"]] > probabilities[0, index["Name_Calling-Labeling"]] + 0.2
    assert probabilities[2, index["Doubt"]] > probabilities[0, index["Doubt"]] + 0.2
    assert probabilities[3, index["Appeal_to_Fear-Prejudice"]] > probabilities[0, index["Appeal_to_Fear-Prejudice"]] + 0.1
    assert ((probabilities >= 0) & (probabilities <= 1)).all()


def test_predict_techniques_flags_the_loaded_paragraph_and_not_the_neutral_one(shipped):
    neutral, loaded = predict_techniques([NEUTRAL, LOADED], model=shipped)
    assert neutral == []
    labels = [item["label"] for item in loaded]
    assert {"Loaded_Language", "Name_Calling-Labeling"} & set(labels)
    scores = [item["score"] for item in loaded]
    assert scores == sorted(scores, reverse=True)
    assert all(item["score"] >= shipped.state_.threshold for item in loaded)


def test_span_is_the_sentence_carrying_the_technique(shipped):
    paragraph = f"  {NEUTRAL} {LOADED}"
    (found,) = predict_techniques([paragraph], model=shipped)
    assert found
    second_sentence = paragraph.index(LOADED[:20])
    for item in found:
        assert 0 <= item["start"] < item["end"] <= len(paragraph)
        if item["label"] in ("Loaded_Language", "Name_Calling-Labeling"):
            assert (item["start"], item["end"]) == (second_sentence, len(paragraph))


def test_one_sentence_paragraph_span_is_the_stripped_paragraph(shipped):
    (found,) = predict_techniques([f"\n{LOADED}  "], model=shipped)
    assert found and all((item["start"], item["end"]) == (1, 1 + len(LOADED)) for item in found)


def test_precomputed_embeddings_give_the_same_answer_and_output_is_deterministic(shipped):
    from parallax.embed import get_embedder

    paragraphs = [NEUTRAL, DOUBTFUL, FEARFUL]
    vectors = get_embedder().encode(paragraphs)
    first = predict_techniques(paragraphs, embeddings=vectors, model=shipped, spans=False)
    assert first == predict_techniques(paragraphs, model=shipped, spans=False)
    assert first == predict_techniques(paragraphs, embeddings=vectors, model=shipped, spans=False)
    assert all("start" not in item for found in first for item in found)
    assert predict_techniques([], model=shipped) == []


def test_recorded_cross_validation_beats_the_baselines():
    metrics = json.loads((MODEL_DIR / "metrics.json").read_text(encoding="utf-8"))
    scores = metrics["cross_validation"]
    shipped = {"lexical": "tfidf_lr", "embedding": "minilm_lr", "both": "minilm_tfidf_lr"}[metrics["shipped"]]
    best_constant = max(scores[name]["micro_f1"] for name in scores if name.endswith("_frequent"))
    assert scores[shipped]["micro_f1"] > best_constant + 0.05


def test_micro_f1_counts_every_paragraph_label_pair():
    truth = np.array([[1, 0, 1], [0, 0, 0], [0, 1, 0]], dtype=bool)
    predicted = np.array([[1, 1, 0], [0, 0, 1], [0, 1, 0]], dtype=bool)
    # 2 hits, 4 predicted, 3 true: precision 0.5, recall 2/3, F1 4/7.
    assert micro_f1(truth, predicted) == {"micro_f1": round(4 / 7, 4), "micro_precision": 0.5, "micro_recall": 0.6667}
    assert micro_f1(truth, np.zeros_like(truth))["micro_f1"] == 0.0


def test_best_threshold_separates_positives_from_negatives():
    truth = np.array([[1], [1], [0], [0]], dtype=bool)
    probabilities = np.array([[0.62], [0.4], [0.3], [0.1]])
    cut = best_threshold(truth, probabilities)
    assert 0.3 < cut <= 0.4


def test_lexical_training_is_deterministic_and_skips_absent_labels():
    texts = [NEUTRAL, LOADED, DOUBTFUL, FEARFUL] * 6
    targets = np.zeros((len(texts), 3), dtype=bool)
    targets[1::4, 0] = True
    targets[2::4, 1] = True  # label 2 never occurs
    groups = [str(i // 4) for i in range(len(texts))]
    one = TechniqueModel(features="lexical", min_df=1).fit(texts, targets, groups=groups, labels=["a", "b", "c"])
    two = TechniqueModel(features="lexical", min_df=1).fit(texts, targets, groups=groups, labels=["a", "b", "c"])
    assert np.array_equal(one.state_.lexical_coef, two.state_.lexical_coef) and one.state_.threshold == two.state_.threshold
    probabilities = one.predict_proba([LOADED, NEUTRAL])
    assert probabilities[0, 0] > probabilities[1, 0] and probabilities[:, 2].max() < 1e-6


def test_training_script_runs_on_a_tiny_subset(tmp_path, data_dir):
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_persuasion.py"), "--data", str(data_dir), "--limit", "12",
         "--folds", "2", "--features", "lexical", "--out", str(tmp_path / "model"), "--cache", str(tmp_path / "cache")],
        capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    metrics = json.loads((tmp_path / "model" / "metrics.json").read_text(encoding="utf-8"))
    assert {"tfidf_lr", "top1_frequent"} <= set(metrics["cross_validation"])
    model = load_model(tmp_path / "model")
    assert len(model.labels) == 23 and model.predict_proba([NEUTRAL]).shape == (1, 23)


def test_training_script_reports_a_missing_data_folder(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "train_persuasion.py"), "--data", str(tmp_path)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and "use --data" in result.stderr and "Traceback" not in result.stderr
