"""The story brief on the project's own example corpus (a fictional dam crisis; see examples/README.md)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from parallax.brief import BriefOptions, build_story

from brief_helpers import all_evidence, read_articles
from conftest import EXAMPLES


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    cache = tmp_path_factory.getbasetemp() / "embeddings.sqlite"
    articles = read_articles([EXAMPLES], manifest=EXAMPLES / "manifest.csv")
    assert len(articles) == 6
    return build_story(articles, BriefOptions(cache=str(cache)))


def n_of(story, prefix: str) -> int:
    return next(s.n for s in story.brief.sources if Path(s.path or "").name.startswith(prefix))


def test_receipts_are_exact(story):
    for e in all_evidence(story.brief):
        assert e.quote == story.articles[e.source - 1].text[e.start:e.end]


def test_facts_are_shared_and_at_least_one_spans_both_sides(story):
    facts = story.brief.facts
    assert len(facts) >= 3
    assert all(len(f.citations) >= 2 for f in facts)
    # The dam's seizure is reported by most sources.
    assert any(re.search(r"\b(took|seized?)\b", f.text) and "dam" in f.text.lower() and len(f.citations) >= 3 for f in facts)
    assert any(len(f.sides) == 2 for f in facts) or any(
        {story.side_of[c - 1] for c in f.citations} >= {s.key for s in story.brief.sides} for f in facts)


def test_state_paper_and_opposing_column_are_on_opposite_sides(story):
    herald = story.brief.sources[n_of(story, "02") - 1]
    column = story.brief.sources[n_of(story, "04") - 1]
    assert herald.side and column.side and herald.side != column.side


def test_death_toll_dispute_names_both_governments(story):
    deaths = [d for d in story.brief.disputes if any(v.value in (14, 23) for v in d.versions)]
    assert deaths, [d.question for d in story.brief.disputes]
    speakers = {(v.speaker or "").lower() for d in deaths for v in d.versions}
    assert any("interior ministry" in s for s in speakers)
    values = {v.value for d in deaths for v in d.versions}
    assert {14, 23} <= values


def test_forecasts_keep_probability_forecaster_and_deadline(story):
    by_p = {f.probability: f for f in story.brief.forecasts}
    assert 0.25 in by_p, by_p
    assert "Harbourlight" in (by_p[0.25].forecaster or "")
    assert by_p[0.25].resolution_date == "2025-06-01"  # "before June 1" in a March article is this June
    assert 0.4 not in by_p  # "down from 40% a week ago" is an earlier value, not a forecast


def test_renamed_town_and_three_spellings_are_one_entity_each(story):
    def entity_with(name):
        return [e for e in story.brief.entities if name == e.name or name in e.aliases]

    assert len(entity_with("Dravetz")) == 1 and entity_with("Dravetz") == entity_with("Kalmaro")
    spellings = [entity_with(n) for n in ("Sarkovich", "Sarkovic", "Sarkovitch")]
    assert all(len(s) == 1 for s in spellings) and spellings[0] == spellings[1] == spellings[2]


def test_timeline_is_in_date_order_and_shows_the_town_being_entered_later(story):
    dates = [e.date for e in story.brief.timeline]
    assert dates == sorted(dates)
    entered = [e for e in story.brief.timeline if re.search(r"\bentered\b", e.text) and "not" not in e.text.split()]
    assert entered and entered[0].date == "2025-03-11"


def test_no_fact_contains_a_loaded_term(story):
    loaded = {s.text.lower() for a in story.articles for s in a.loaded}
    assert loaded
    for fact in story.brief.facts:
        for term in loaded:
            assert not re.search(rf"(?<!\w){re.escape(term)}(?!\w)", fact.text.lower()), (term, fact.text)


def test_the_blog_is_the_most_establishment_critical(story):
    blog = story.brief.sources[n_of(story, "03") - 1]
    assert blog.establishment == min(s.establishment for s in story.brief.sources)
    assert blog.n in story.brief.splits.establishment["critical"]
