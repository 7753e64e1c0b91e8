"""The story brief on the five seeds (read from ../shared at run time): issue 3's quality checks."""

from __future__ import annotations

import re
from pathlib import Path

import jsonschema
import pytest

from parallax.brief import BriefOptions, build_story
from parallax.model import Article
from parallax.schema import brief_schema

from brief_helpers import all_evidence, read_articles


@pytest.fixture(scope="module")
def story(seeds_dir, tmp_path_factory):
    cache = tmp_path_factory.getbasetemp() / "embeddings.sqlite"
    return build_story(read_articles([seeds_dir]), BriefOptions(cache=str(cache)))


def n_of(story, prefix: str) -> int:
    for source in story.brief.sources:
        if Path(source.path).name.startswith(prefix):
            return source.n
    raise AssertionError(f"no source for seed {prefix}")


def test_receipts_quote_the_cleaned_text_exactly(story):
    evidence = list(all_evidence(story.brief))
    assert len(evidence) >= 5
    for e in evidence:
        assert e.quote == story.articles[e.source - 1].text[e.start:e.end]


def test_the_citys_capture_is_a_fact_cited_to_the_seeds_that_report_it(story):
    # Seeds 000 (the blog) and 002 (the neutral blog) report that the city has fallen.
    reporters = {n_of(story, "000"), n_of(story, "002")}
    capture = [f for f in story.brief.facts if re.search(r"\b(fallen|fell|captured|taken)\b", f.text)]
    assert capture, [f.text for f in story.brief.facts]
    assert any(reporters <= set(f.citations) for f in capture)


def test_casualty_figures_form_a_dispute_that_names_who_claims_what(story):
    disputes = [d for d in story.brief.disputes if d.kind == "quantity"]
    by_speaker = {}
    for dispute in disputes:
        for v in dispute.versions:
            by_speaker.setdefault((v.speaker or "").lower(), set()).add(v.value)
    united_states = next((vals for who, vals in by_speaker.items() if "united states" in who), set())
    prigozhin = next((vals for who, vals in by_speaker.items() if "prigozhin" in who), set())
    assert 100000 in united_states and 20000 in prigozhin, by_speaker
    # ...and both versions sit in the same dispute.
    assert any({(v.speaker or "").lower() for v in d.versions} >= {"the united states", "prigozhin"} for d in disputes)


def test_the_metaculus_forecast_has_probability_one_in_ten(story):
    forecasts = [f for f in story.brief.forecasts if f.forecaster and "Metaculus" in f.forecaster]
    assert len(forecasts) == 1
    assert forecasts[0].probability == pytest.approx(0.1)
    assert forecasts[0].resolution_date == "2023-06-01"
    assert forecasts[0].citations == [n_of(story, "004")]


def test_old_and_new_city_names_and_president_spellings_are_one_entity_each(story):
    def entity_with(name):
        return [e for e in story.brief.entities if name == e.name or name in e.aliases]

    city = entity_with("Bakhmut")
    assert len(city) == 1 and {"Artyomovsk", "Artemovsk"} <= set(city[0].aliases) | {city[0].name}
    president = entity_with("Zelensky")
    assert len(president) == 1
    assert {"Zelensky", "Zelenskyy"} <= {w for name in president[0].aliases + [president[0].name] for w in name.split()}


def test_no_quote_contains_page_noise(story):
    noise = {" ".join(r.text.split()) for a in story.articles for r in a.removed if len(r.text.split()) >= 2}
    assert noise  # the seeds do have noise, and the cleaner recorded it
    for e in all_evidence(story.brief):
        quote = " ".join(e.quote.split())
        assert not any(n in quote for n in noise), quote


def test_no_fact_contains_a_loaded_term(story):
    loaded = {s.text.lower() for a in story.articles for s in a.loaded}
    assert loaded  # the partisan seeds use loaded terms
    for fact in story.brief.facts:
        for term in loaded:
            assert not re.search(rf"(?<!\w){re.escape(term)}(?!\w)", fact.text.lower()), (term, fact.text)


def test_sides_split_and_coverage_are_consistent(story):
    sides = {s.key for s in story.brief.sides}
    assert len(sides) == 2
    for source in story.brief.sources:
        assert source.side in sides | {None}
        assert 1 <= source.establishment <= 5 and 1 <= source.lean <= 5
        assert source.side_evidence and source.side_evidence.summary
    placed = sorted(n for group in story.brief.splits.establishment.values() for n in group)
    assert placed == [s.n for s in story.brief.sources]
    for coverage in story.brief.coverage:
        for k in coverage.missing_facts:
            assert not set(story.brief.facts[k].citations) & set(coverage.sources)


def test_brief_json_validates_against_its_schema(story):
    jsonschema.validate(story.brief.to_dict(), brief_schema())


def test_the_same_input_gives_the_same_brief(story, seeds_dir, tmp_path_factory):
    cache = tmp_path_factory.getbasetemp() / "embeddings.sqlite"
    again = build_story(read_articles([seeds_dir]), BriefOptions(cache=str(cache)))
    assert again.brief.to_dict() == story.brief.to_dict()
