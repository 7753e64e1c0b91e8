"""The HTML path (trafilatura) and the extraction evaluation."""

from __future__ import annotations

import pytest

from parallax.clean import clean_text
from parallax.evaluation.extraction import evaluate_extraction, token_prf

PARAGRAPHS = [
    "The river authority closed the northern lock on Wednesday after engineers found a crack in the gate.",
    "Boats will be diverted through the southern channel for at least two weeks, a spokesperson said.",
    "Local businesses said the closure came at the worst time of the season for tourism on the canal.",
    "Repairs are expected to cost about four hundred thousand euros, according to the authority.",
]
PAGE = f"""<!doctype html><html><head><title>Lock Closed After Crack Found | River Post</title>
<meta property="og:site_name" content="River Post"><meta name="author" content="Tomas Varga">
<meta property="article:published_time" content="2024-04-10T08:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<article><h1>Lock Closed After Crack Found</h1>{''.join(f'<p>{p}</p>' for p in PARAGRAPHS)}</article>
<footer><p>Subscribe to our newsletter</p><p>© 2024 River Post</p></footer></body></html>"""


def test_html_body_and_metadata_come_from_trafilatura():
    cleaned = clean_text(PAGE, "html")
    for paragraph in PARAGRAPHS:
        assert paragraph in cleaned.text
    assert "Sport" not in cleaned.text
    assert cleaned.author == "Tomas Varga"
    assert cleaned.publisher == "River Post"
    assert cleaned.published == "2024-04-10"
    assert cleaned.provenance["text"] == "html: trafilatura"
    assert cleaned.provenance["author"] == "html metadata"


@pytest.mark.parametrize("broken", ["<html><body><p>Unclosed <b>tags <i>everywhere", "<<<>>>", "\x00\x01<p>", "<html></html>", ""])
def test_broken_html_does_not_crash(broken):
    cleaned = clean_text(broken, "html")
    assert isinstance(cleaned.text, str)
    assert cleaned.provenance["text"].startswith("html:")


def test_fallback_is_recorded_when_trafilatura_finds_no_body():
    cleaned = clean_text("<html><body><div>Short note about the weather in town today, it rained.</div></body></html>", "html")
    assert "rained" in cleaned.text
    assert cleaned.provenance["text"].startswith("html:")


def test_token_prf():
    assert token_prf("a b c d", "a b c d") == (1.0, 1.0, 1.0)
    precision, recall, f1 = token_prf("a b c d", "a b x")
    assert (round(precision, 3), recall) == (0.667, 0.5)
    assert token_prf("a b", "") == (0.0, 0.0, 0.0)


@pytest.mark.slow
def test_extraction_evaluation_on_a_sample(data_dir):
    result = evaluate_extraction(data_dir / "extraction-aeb", limit=12)
    assert result["pages"] == 12
    # The cleaner must improve on the raw rendered page, and our HTML path must not fall below trafilatura alone.
    assert result["parallax-plain"]["f1"] > result["rendered-text"]["f1"]
    assert result["parallax-html"]["f1"] >= result["trafilatura"]["f1"] - 0.01
