"""The cleaner on real inputs read from ../shared at run time: the five seeds and clean AllSides bodies."""

from __future__ import annotations

from itertools import islice

import pytest

from conftest import seed_path
from parallax.clean import clean_text
from parallax.evaluation.roundups import load_stories

SEEDS = ("000", "001", "002", "003", "004")


@pytest.fixture(scope="module")
def cleaned():
    return {prefix: clean_text(seed_path(prefix).read_text(encoding="utf-8")) for prefix in SEEDS}


def lines_of(text):
    return [line.strip() for line in text.splitlines()]


@pytest.mark.parametrize("prefix", SEEDS)
def test_no_page_furniture_is_left(cleaned, prefix):
    text = cleaned[prefix].text
    lines = lines_of(text)
    for furniture in ("top of page", "bottom of page", "Advertisement", "Connect with us", "Written By", "DISCUSS ON SG"):
        assert furniture not in lines
    assert not any(line.startswith("MORE:") for line in lines)
    assert "newsletter" not in text.lower()
    assert "Image credit" not in text and "Image Credit" not in text
    assert "looking for?" not in text
    assert text == text.strip() and "\n\n\n" not in text


@pytest.mark.parametrize("prefix", SEEDS)
def test_every_removal_quotes_the_input(cleaned, prefix):
    source = seed_path(prefix).read_text(encoding="utf-8")
    source_lines = source.splitlines()
    for removal in cleaned[prefix].removed:
        assert removal.text in source_lines[removal.line - 1]


def test_seed_001_bio_is_gone_and_names_the_author_and_publisher(cleaned):
    article = cleaned["001"]
    assert "counter-extremism researcher" not in article.text
    assert article.author == "Jack Buckby"
    assert article.publisher == "19FortyFive"
    assert "The Embassy" not in lines_of(article.text)  # section label above the headline
    assert article.title.startswith("Bakhmut: Ukraine Seems Determined")
    # Body sentences, quotes and mid-body headings survive.
    assert "Kyrylenko said." in article.text
    assert "Donetsk Governor Pavlo Kyrylenko" in article.text
    assert "What is Ukraine’s Bakhmut Strategy?" in lines_of(article.text)
    assert "Wagner Chief Doesn’t Believe" in article.text


def test_seed_004_title_date_and_bullets(cleaned):
    article = cleaned["004"]
    assert article.title.startswith("Ukrainian Commander")
    assert article.title.count("Bakhmut") == 1
    assert "Ukrainian Commander" not in article.text
    assert article.published == "2023-03-24"
    assert "Last updated" not in article.text
    assert any(r.reason == "metadata:published" and "Last updated" in r.text for r in article.removed)
    # Bullets are kept (glyph stripped), footnote markers may stay.
    assert "Oleksandr Syrskyi said on Thursday" in article.text
    assert "Antony Blinken" in article.text
    assert not any(line.startswith(("•", " ")) for line in article.text.splitlines())
    for heading in ("Anti-Russia narrative", "Pro-Russia narrative", "Nerd narrative"):
        assert heading in lines_of(article.text)
    assert "Metaculus" in article.text
    assert "More neutral" not in article.text


def test_seed_000_and_002_titles_and_bodies(cleaned):
    assert "Battle for Bakhmut" in cleaned["000"].title
    assert "Simplicius" in cleaned["000"].text
    assert "read the whole thing" in cleaned["000"].text  # the last real sentence stays
    assert cleaned["002"].title.startswith("The fall of Bakhmut")
    assert "Artyomovsk" in cleaned["002"].text
    assert "Holy See" in cleaned["002"].text


def test_seed_003_has_no_headline_and_loses_nothing(cleaned):
    article = cleaned["003"]
    assert article.title is None
    assert article.removed == []
    assert article.text.startswith("That’s a very, very conservative estimate.")


@pytest.mark.parametrize("prefix", ("000", "001", "002", "003"))
def test_no_date_is_guessed(cleaned, prefix):
    assert cleaned[prefix].published is None


def _allsides_bodies(data_dir, limit=20):
    bodies = ("\n\n".join(article["body"]) for story in load_stories(data_dir) for article in story["articles"]
              if article.get("body"))
    return list(islice(bodies, limit))


def test_clean_allsides_bodies_are_left_almost_untouched(data_dir):
    bodies = _allsides_bodies(data_dir)
    assert len(bodies) == 20
    removed_chars = total_chars = 0
    for body in bodies:
        cleaned = clean_text(body)
        total_chars += len(body)
        # The first paragraph may be taken as a headline only if it is heading-like; count it as removed anyway.
        removed_chars += sum(len(r.text) for r in cleaned.removed)
    assert removed_chars / total_chars < 0.03
