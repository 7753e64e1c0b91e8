"""The political-lean model: training script, shipped model, and its behaviour on real data."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import f1_score

from parallax.models.lean import CLASSES, LeanModel, lean_score, load_model, predict_lean
from parallax.models.lean.features import mask_outlet, outlet_names

ROOT = Path(__file__).resolve().parents[1]

# Written for these tests: the same policy topics framed the way each side's outlets tend to.
LEFT_CODED = [
    "Progressive Democrats say the climate crisis demands bold action, and that Republicans are blocking "
    "voting rights, reproductive rights and health care for working families while giving tax cuts to billionaires.",
    "Advocates warned that the administration's cruel immigration crackdown separates families, and called for "
    "gun safety laws, a higher minimum wage and racial justice reforms.",
]
RIGHT_CODED = [
    "Conservatives say radical leftist Democrats want open borders, socialist spending and to defund the police, "
    "while the liberal media ignores illegal aliens flooding across the southern border.",
    "Pro-life Republicans vowed to defend the Second Amendment, cut job-killing regulations and stop the "
    "woke mob from pushing critical race theory on our kids.",
]


def _valid_rows(data_dir: Path, count: int) -> list[dict]:
    with gzip.open(data_dir / "article-bias" / "valid.jsonl.gz", "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    picked = np.random.default_rng(1).permutation(len(rows))[:count]
    return [rows[i] for i in sorted(picked)]


@pytest.fixture(scope="module")
def shipped():
    from parallax.embed import get_embedder

    get_embedder(cache=True)  # the project's embedding cache: re-runs do not embed the valid sample again
    return load_model()


def test_outlet_names_are_masked_in_training_text():
    names = outlet_names("Fox Online News", "https://www.foxnews.com/politics/x")
    assert "foxnews" in names and "Fox" in names
    masked = mask_outlet("Fox News reported on foxnews.com that the bill passed.", "Fox Online News", "https://www.foxnews.com/a")
    assert "fox" not in masked.lower() and "bill passed" in masked
    assert mask_outlet("Capitol Hill staff", "The Hill", "https://thehill.com/a") == "Capitol Hill staff"


def test_shipped_model_orders_partisan_language_left_of_right(shipped):
    results = predict_lean(LEFT_CODED + RIGHT_CODED, model=shipped)
    left_scores = [r["score"] for r in results[:2]]
    right_scores = [r["score"] for r in results[2:]]
    assert max(left_scores) < min(right_scores)
    for result in results:
        assert 1.0 <= result["score"] <= 5.0
        assert set(result["probabilities"]) == set(CLASSES)
        assert abs(sum(result["probabilities"].values()) - 1.0) < 1e-3
        assert result["label"] in CLASSES and result["evidence"]
    # Evidence explains the direction: on balance a right-coded text's top terms push right.
    net_pushes = [sum(term["push"] for term in result["evidence"]) for result in results]
    assert all(push < 0 for push in net_pushes[:2]) and all(push > 0 for push in net_pushes[2:])


def test_score_is_the_expected_position_on_the_scale():
    probabilities = np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0], [0.25, 0.5, 0.25]])
    assert np.allclose(lean_score(probabilities), [1.0, 5.0, 3.0])


def test_shipped_model_beats_the_majority_baseline_on_unseen_outlets(shipped, data_dir):
    rows = _valid_rows(data_dir, 300)
    texts = [f"{row['title']}. {row['content']}" for row in rows]
    truth = [row["bias"] for row in rows]
    predicted = shipped.predict(texts)
    majority = max(CLASSES, key=truth.count)  # the best constant guess, knowing the valid prior
    baseline = f1_score(truth, [majority] * len(truth), labels=list(CLASSES), average="macro", zero_division=0)
    model_f1 = f1_score(truth, predicted, labels=list(CLASSES), average="macro", zero_division=0)
    assert model_f1 > baseline + 0.03, (model_f1, baseline)


def test_predictions_are_deterministic_and_accept_precomputed_embeddings(shipped):
    first = predict_lean(LEFT_CODED, model=shipped)
    assert predict_lean(LEFT_CODED, model=shipped) == first
    if shipped.state_.embedding_coef is not None:
        from parallax.embed import get_embedder

        vectors = get_embedder().encode(LEFT_CODED)
        assert np.allclose([r["score"] for r in predict_lean(LEFT_CODED, embeddings=vectors, model=shipped)],
                           [r["score"] for r in first], atol=1e-3)


def test_unknown_labels_are_refused():
    with pytest.raises(ValueError, match="unknown lean labels"):
        LeanModel(combine="lexical").fit(["a text", "another text"], ["left", "far-left"])


@pytest.mark.parametrize("combine", ["mean", "stack"])
def test_combined_model_uses_embeddings_and_skips_unembedded_rows(combine):
    # Synthetic data: the label is readable from one embedding direction and from one word each.
    rng = np.random.default_rng(0)
    labels = [CLASSES[i % 3] for i in range(90)]
    words = {"left": "alpha", "center": "beta", "right": "gamma"}
    texts = [f"{words[label]} report number {i}" for i, label in enumerate(labels)]
    vectors = rng.normal(size=(90, 384))
    vectors[:, 0] += [(-3, 0, 3)[CLASSES.index(label)] for label in labels]
    vectors[::9] = np.nan  # unembedded training rows are left out of the embedding part
    groups = [f"outlet{i % 10}" for i in range(90)]
    model = LeanModel(combine=combine, min_df=1, min_outlets=1, folds=3).fit(texts, labels, embeddings=vectors, groups=groups)
    probe = np.zeros((2, 384))
    probe[:, 0] = [-3, 3]
    assert model.predict(["alpha report", "gamma report"], embeddings=probe) == ["left", "right"]


def test_training_script_on_a_tiny_subset_produces_a_loadable_model(tmp_path, data_dir):
    out = tmp_path / "lean"
    completed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_lean.py"), "--data", str(data_dir / "article-bias"),
         "--limit", "200", "--combine", "lexical", "--out", str(out), "--cache", str(tmp_path / "cache")],
        capture_output=True, text=True, timeout=180,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["train_articles"] == 200 and metrics["valid_articles"] == 100
    model = LeanModel.load(out)
    probabilities = model.predict_proba(["Lawmakers debated the budget bill on Tuesday."])
    assert probabilities.shape == (1, 3) and np.isclose(probabilities.sum(), 1.0)
