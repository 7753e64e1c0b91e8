"""The narrative model: taxonomy file, chunking, training script on a tiny subset, shipped model."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from parallax.models.narratives import chunk_text, label_text, load_model, load_taxonomy, predict_narratives
from parallax.models.narratives.model import NarrativeModel
from parallax.models.narratives.taxonomy import parse_taxonomy

ROOT = Path(__file__).resolve().parents[1]

# Written for these tests (not taken from any data set).
WAR_TEXT = (
    "Moscow says the conflict was provoked by NATO expansion to its borders. Western governments keep sending "
    "weapons to Kyiv, which only prolongs the bloodshed, while Ukrainian officials are accused of corruption and "
    "of stealing the aid. Russian forces continue to advance along the front line, and the Kremlin warns that "
    "further escalation by the West could lead to a direct confrontation between nuclear powers."
)
CLIMATE_TEXT = (
    "Climate alarmists want you to believe the planet is burning, but the temperature record has been adjusted "
    "by activist scientists. Carbon dioxide is plant food. The so-called green agenda pushed by global elites "
    "and the United Nations will destroy farming, make energy unaffordable and hand control of our lives to "
    "unelected bureaucrats, while wind and solar farms fail whenever the weather changes."
)
US_POLITICS_TEXT = (
    "The House passed the spending bill on Thursday after a late-night deal between the Speaker and moderate "
    "members. The measure funds the government through September, raises the debt ceiling and includes money "
    "for school lunches and highway repairs. Senate leaders said they expect a vote next week, while the "
    "governor of Ohio criticised the cuts to rural hospitals."
)


def test_taxonomy_file_covers_the_data_set_and_links_every_child_to_its_parent(data_dir):
    taxonomy = load_taxonomy()
    folder = data_dir / "narratives-semeval2025"
    listed = [line.strip() for line in (folder / "subtask2_narratives.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    listed_sub = [line.strip() for line in (folder / "subtask2_subnarratives.txt").read_text(encoding="utf-8").splitlines() if line.strip()]
    assert set(taxonomy.narratives) | {taxonomy.other} == set(listed)
    assert set(taxonomy.subnarratives) | {taxonomy.other} == set(listed_sub)
    for sub in taxonomy.subnarratives:
        assert sub.startswith(taxonomy.parent(sub) + ": ")
    assert taxonomy.domain_of_file("EN_UA_000001.txt") != taxonomy.domain_of_file("EN_CC_000001.txt")


def test_a_new_domain_is_a_data_change_only():
    taxonomy = parse_taxonomy({"other": "None", "domains": [
        {"code": "A", "narratives": {"A: one": ["A: one: x", "A: one: None"], "A: two": ["A: two: None"]}},
        {"code": "B", "narratives": {"B: three": ["B: three: None"]}}]})
    rng = np.random.default_rng(0)
    centre_a, centre_b, direction = rng.normal(size=(3, 384))
    vectors, domains, narratives, subs = [], [], [], []
    for i in range(60):
        in_a = i % 2 == 0
        has_one = in_a and i % 4 == 0
        vector = (centre_a if in_a else centre_b) + (2 * direction if has_one else 0) + 0.3 * rng.normal(size=384)
        vectors.append(vector / np.linalg.norm(vector))
        domains.append("A" if in_a else "B")
        narratives.append(["A: one"] if has_one else ["None"])
        subs.append(["A: one: x"] if has_one else ["None"])
    model = NarrativeModel(taxonomy).fit(np.array(vectors), domains, narratives, subs)
    found, found_sub = model.predict(np.array(vectors[:8]))
    assert found[0] == ["A: one"] and found_sub[0] == ["A: one: x"]
    assert found[2] == ["None"] and found[1] == ["None"]
    assert model.predict_details(np.array(vectors[1:2]))[0]["domain"] == "B"


def test_chunks_keep_every_word_and_stay_under_the_limit():
    text = " ".join(f"Sentence {i} has exactly six words." for i in range(100))
    chunks = chunk_text(text, words=50, max_chunks=100)
    assert all(len(chunk.split()) <= 50 for chunk in chunks)
    assert " ".join(chunks).split() == text.split()
    assert all(chunk.endswith(".") for chunk in chunks)  # cut at sentence ends
    assert chunk_text("one " * 500, words=100, max_chunks=3) == [" ".join(["one"] * 100)] * 3
    assert chunk_text("") == [""]


@pytest.mark.slow
def test_training_script_runs_on_a_tiny_subset(tmp_path, data_dir):
    out = tmp_path / "model"
    completed = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "train_narratives.py"), "--data", str(data_dir), "--limit", "40",
         "--folds", "2", "--out", str(out)],
        capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr[-2000:]
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assert metrics["articles"] == 40
    assert 0.0 <= metrics["model_tuned_thresholds"]["narratives_samples_f1"] <= 1.0
    model = load_model(out)
    assert model.state_.narratives and model.state_.outside_threshold > 0


def test_training_script_reports_a_missing_data_folder(tmp_path):
    completed = subprocess.run([sys.executable, str(ROOT / "scripts" / "train_narratives.py"), "--data", str(tmp_path)],
                               capture_output=True, text=True, timeout=60)
    assert completed.returncode == 2 and "not found" in completed.stderr and "Traceback" not in completed.stderr


@pytest.fixture(scope="module")
def shipped_results():
    return predict_narratives([WAR_TEXT, CLIMATE_TEXT, US_POLITICS_TEXT])


def test_shipped_model_finds_the_domain_and_narratives_of_hand_written_texts(shipped_results):
    taxonomy = load_taxonomy()
    war, climate, _ = shipped_results
    assert war["domain"] and climate["domain"] and war["domain"] != climate["domain"]
    assert war["narratives"] and climate["narratives"]
    for result in (war, climate):
        codes = {result["domain"]}
        assert {taxonomy.parent(item["label"]).split(":")[0] for item in result["subnarratives"]} <= codes
        parents = {taxonomy.parent(item["label"]) for item in result["subnarratives"]}
        assert parents == {item["label"] for item in result["narratives"]}
        assert all(0.0 <= item["score"] <= 1.0 for item in result["narratives"] + result["subnarratives"])


def test_label_text_returns_the_narratives_of_predict_narratives(shipped_results):
    assert label_text(WAR_TEXT) == [item["label"] for item in shipped_results[0]["narratives"]]


OUTSIDE_IS_WEAK = pytest.mark.xfail(strict=True, reason=(
    "known gap: the centroid-cosine outside test lets about 38% of US-politics articles in; "
    "needs an in/out classifier trained with out-of-domain negatives (see MODEL_CARD.md)"))


def test_label_text_is_empty_outside_the_known_domains(shipped_results):
    assert shipped_results[2]["domain"] is None
    assert label_text(US_POLITICS_TEXT) == []


@OUTSIDE_IS_WEAK
def test_most_us_politics_stories_fall_outside_the_known_domains(data_dir):
    rows = [json.loads(line) for line in (data_dir / "allsides-roundups" / "dev.jsonl").read_text(encoding="utf-8").splitlines()[:20]]
    texts = [" ".join(row["articles"][0]["body"]) for row in rows]
    outside = sum(result["domain"] is None for result in predict_narratives(texts))
    assert outside >= 17  # a few stories may really be about a war or the climate


def test_predictions_are_deterministic_and_accept_precomputed_embeddings():
    from parallax.models.narratives import document_embeddings

    vectors = document_embeddings([WAR_TEXT, CLIMATE_TEXT])
    assert predict_narratives([WAR_TEXT, CLIMATE_TEXT], vectors) == predict_narratives([WAR_TEXT, CLIMATE_TEXT])
    with pytest.raises(ValueError):
        predict_narratives([WAR_TEXT], vectors)
