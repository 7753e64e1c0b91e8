"""The claims stage on whole articles: our own texts, the seeds (read at run time) and AllSides stories."""

from __future__ import annotations

from itertools import islice

from conftest import seed_path
from parallax.evaluation.roundups import load_stories
from parallax.pipeline import read_text


def _claims(text, published="2023-03-24"):
    return read_text(text, published=published).claims


def _claim_with(claims, needle):
    found = [c for c in claims if needle in c.text]
    assert found, f"no claim contains {needle!r}"
    return found[0]


# --- our own articles --------------------------------------------------------------------------------------

ARTICLE = (
    "Harbour Bridge Closed\n\n"
    "The Harbour Bridge in Valmora was closed on Tuesday after winds of at least 120 km/h, Mayor Ines Duarte said.\n"
    "“We will reopen it when it is safe,” she said.\n"
    "The port authority estimates that 3,000 vehicles were diverted, whereas the drivers' union claimed that "
    "more than 9,000 were stuck.\n"
    "Is this the end of the old bridge?\n"
    "Subscribe to our newsletter for daily updates on the storm.\n"
)


def test_clause_split_when_both_sides_have_a_speaker():
    claims = _claims(ARTICLE)
    port = _claim_with(claims, "port authority")
    union = _claim_with(claims, "drivers' union")
    assert port is not union and port.end <= union.start
    assert port.speaker == "The port authority" and union.speaker == "the drivers' union"
    assert [q.value for q in port.quantities] == [3000] and union.quantities[0].bound == "more than"


def test_pronoun_speaker_resolves_to_the_previous_person_speaker():
    quote = _claim_with(_claims(ARTICLE), "reopen it")
    assert quote.kind == "quote" and quote.speaker == "Ines Duarte" and quote.cue == "said"


def test_unclear_pronoun_stays_unattributed():
    claims = _claims("The storm passed at noon over the whole coast.\n“It is over now,” she said.\n")
    quote = _claim_with(claims, "over now")
    assert quote.speaker is None and quote.speaker_span is None and quote.cue == "said"


def test_headings_questions_and_calls_to_action_are_not_claims():
    texts = [c.text for c in _claims(ARTICLE)]
    assert not any("Harbour Bridge Closed" == t or t.startswith("Is this") or t.startswith("Subscribe") for t in texts)


def test_dates_resolve_in_the_stage_and_stay_open_without_a_publication_date():
    with_date = _claim_with(_claims(ARTICLE, "2023-03-24"), "closed on Tuesday")
    assert [d.date for d in with_date.dates] == ["2023-03-21"]
    without = _claim_with(_claims(ARTICLE, None), "closed on Tuesday")
    assert [d.date for d in without.dates] == [None]


# --- the seeds --------------------------------------------------------------------------------------------

def _seed(prefix, published):
    return read_text(seed_path(prefix).read_text(encoding="utf-8"), published=published)


def test_seed_004_thursday_syrskyi_and_the_ten_percent_forecast():
    article = _seed("004", "2023-03-24")
    syrskyi = _claim_with(article.claims, "losing steam")
    assert "Syrskyi" in syrskyi.speaker
    assert [d.date for d in syrskyi.dates if "Thursday" in d.text] == ["2023-03-23"]
    chance = _claim_with(article.claims, "10% chance")
    assert chance.kind == "forecast"
    assert [(q.value, q.unit) for q in chance.quantities] == [(10, "%")]


def test_seed_002_estimates_and_their_speakers():
    article = _seed("002", "2023-05-25")
    prigozhin = _claim_with(article.claims, "20,000 men")
    assert "Prigozhin" in prigozhin.speaker
    men = [q for q in prigozhin.quantities if q.unit == "men"]
    assert [(q.value, q.bound) for q in men] == [(20000, "at least")]
    us = _claim_with(article.claims, "servicemen")
    assert us.speaker in ("The United States", "United States") and us is not prigozhin
    population = _claim_with(article.claims, "73,000")
    assert any(q.value == 73000 and q.unit == "people" for q in population.quantities)
    casualties = _claim_with(article.claims, "thousands casualties")
    assert any(q.value == 10000 and q.bound == "at least" for q in casualties.quantities)


def test_seed_001_kyrylenko_quote_and_isw_source():
    article = _seed("001", "2023-03-07")
    quote = [c for c in article.claims if c.kind == "quote" and c.speaker and "Kyrylenko" in c.speaker]
    assert quote, "Kyrylenko's quotation should be attributed to him"
    isw = _claim_with(article.claims, "according to the Institute")
    assert isw.speaker.endswith("Institute for the Study of War") and isw.cue == "according to"


def test_seed_000_strongly_implies_is_a_hedge_and_years_are_not_quantities():
    article = _seed("000", "2023-05-21")
    implies = _claim_with(article.claims, "strongly implies")
    assert implies.hedged and "strongly implies" in implies.hedges
    assert not any(q.value in (2022, 2023) for c in article.claims for q in c.quantities)


def test_seed_pipeline_offsets_are_exact(seed_articles):
    for article in seed_articles.values():
        for claim in article.claims:
            assert article.text[claim.start:claim.end] == claim.text
            if claim.speaker_span:
                assert article.text[slice(*claim.speaker_span)] == claim.speaker


# --- other domains ----------------------------------------------------------------------------------------

def _allsides_articles(data_dir, n):
    dated = ((story.get("date"), "\n\n".join(art["body"])) for story in load_stories(data_dir) for art in story["articles"])
    return list(islice(dated, n))


def test_allsides_share_of_attributed_claims_is_plausible(data_dir):
    articles = [read_text(body) for _, body in _allsides_articles(data_dir, 20)]
    claims = [c for a in articles for c in a.claims]
    assert len(claims) > 60
    attributed = sum(c.speaker is not None for c in claims) / len(claims)
    # News openings attribute roughly a third to a half of their sentences; far outside that is a bug.
    assert 0.15 < attributed < 0.7, attributed
    kinds = {k: sum(c.kind == k for c in claims) for k in ("reported", "quote", "forecast", "opinion")}
    assert kinds["reported"] > kinds["opinion"]
