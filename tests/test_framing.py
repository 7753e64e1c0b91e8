"""Entity framing (parallax.stance.framing): protagonist / antagonist / victim per actor.

Own sentences for the grammar; the example corpus and the seeds are read at run time.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import EXAMPLES
from parallax.model import Article, Entity, LoadedSpan, Sentence
from parallax.stance.framing import frame_actors


def article_of(text: str, loaded: list[tuple[str, str]] = ()) -> Article:
    """An article with one sentence per line and the given (term, kind) loaded spans."""
    sentences, offset = [], 0
    for line in text.split("\n"):
        sentences.append(Sentence(offset, offset + len(line)))
        offset += len(line) + 1
    spans = [LoadedSpan(text.index(term), text.index(term) + len(term), term, kind) for term, kind in loaded]
    return Article(text=text, sentences=sentences, loaded=spans)


def roles(article: Article, actors: list[str] | None = None) -> dict[str, str | None]:
    return {r["actor"]: r["role"] for r in frame_actors(article, actors)}


def test_agent_of_shelling_is_antagonist_and_its_object_is_victim():
    # "Brennian" is found as the demonym of "Brennia"; "counted the damage" is no harm done by Tolvia.
    text = "Brennian artillery shelled Tolvia for the third night running.\nTolvia counted the damage; Brennia denied it."
    assert roles(article_of(text), ["Brennia", "Tolvia"]) == {"Brennia": "antagonist", "Tolvia": "victim"}


def test_passive_voice_swaps_subject_and_agent():
    text = "Tolvia was shelled by Brennia overnight, officials said.\nThe market in Tolvia was hit again."
    assert roles(article_of(text), ["Brennia", "Tolvia"]) == {"Brennia": "antagonist", "Tolvia": "victim"}


def test_help_verbs_make_a_protagonist_and_negation_cancels_the_cue():
    helping = article_of("Marovian medics rescued forty families from the ruins.\nMarovia rebuilt the bridge within a week.")
    assert roles(helping, ["Marovia"]) == {"Marovia": "protagonist"}
    failing = article_of("Marovia failed to rescue anyone.\nMarovia did not rebuild the bridge.")
    assert roles(failing, ["Marovia"]) == {"Marovia": None}


def test_scare_quoted_help_and_loaded_terms_point_to_antagonist():
    text = 'The Calder regime says its soldiers "saved" the valley.\nCalderan "liberators" arrived with tanks.'
    result = frame_actors(article_of(text, loaded=[("Calder regime", "loaded")]), ["Calder"])[0]
    assert result["role"] == "antagonist" and result["cues"]["antagonist"] >= 2


def test_protecting_from_an_actor_casts_it_as_the_threat():
    text = "Volunteers worked all night to protect the harbour from Ostrian raiders.\nThe Ostria fleet stayed offshore."
    assert roles(article_of(text), ["Ostria"]) == {"Ostria": "antagonist"}


def test_reporting_verb_ends_the_clause():
    # Mirth only reports the attack; the scan must not make it the attacker.
    text = "Mirth said that unknown gunmen attacked the depot."
    entity = Entity("Mirth", "PERSON", mentions=[[0, 5]])
    article = article_of(text)
    article.entities = [entity]
    assert roles(article, ["Mirth"]) == {"Mirth": None}


def test_every_evidence_quote_equals_the_text_and_output_is_deterministic(seed_articles):
    for article in seed_articles.values():
        first, second = frame_actors(article), frame_actors(article)
        assert first == second
        for result in first:
            assert result["role"] in (None, "protagonist", "antagonist", "victim")
            assert 0.0 <= result["score"] <= 1.0
            if result["role"]:
                assert any(e["role"] == result["role"] for e in result["evidence"])
            for evidence in result["evidence"]:
                assert article.text[evidence["start"]:evidence["end"]] == evidence["quote"]


@pytest.fixture(scope="module")
def example_articles() -> dict[str, Article]:
    from parallax.ingest import collect
    from parallax.options import ReadOptions
    from parallax.pipeline import Context, read_raw

    options = ReadOptions(manifest=EXAMPLES / "manifest.csv")
    raws = list(collect([str(EXAMPLES)], options))
    return {Path(raw.origin).name[:2]: article for raw, article in zip(raws, read_raw(raws, Context(options=options)))}


def test_korvanian_column_casts_ardesia_as_antagonist(example_articles):
    assert roles(example_articles["04"]).get("Ardesia") == "antagonist"


def test_ardesian_state_paper_casts_korvany_as_antagonist_and_ardesia_as_protagonist(example_articles):
    framing = roles(example_articles["02"])
    assert framing.get("Korvany") == "antagonist"
    assert framing.get("Ardesia") == "protagonist"


def test_pro_ukrainian_comment_does_not_cast_russia_as_protagonist(seed_articles):
    framing = roles(seed_articles["003"], ["Russia"])
    assert framing["Russia"] != "protagonist"


def test_works_on_another_domain(data_dir):
    """US politics roundups: the heuristic must run without errors and quote the text exactly."""
    import json

    from parallax.pipeline import read_text

    with open(data_dir / "allsides-roundups" / "dev.jsonl", encoding="utf-8") as handle:
        story = json.loads(next(handle))
    for item in story["articles"][:3]:
        article = read_text("\n\n".join(item["body"]))
        for result in frame_actors(article):
            for evidence in result["evidence"]:
                assert article.text[evidence["start"]:evidence["end"]] == evidence["quote"]
