"""The clean stage on the project's example corpus (examples/), read the way `parallax read` reads it.

Each plain-text example carries realistic page noise (see examples/README.md). After cleaning:
the real headline is the title (never the masthead), no chrome line is left in the body, the
body starts with the article's first sentence and ends with its last, and every paragraph of
the article is kept. Decisions recorded here:
- an author bio is metadata: it gives `author` (and sometimes `publisher`) and leaves the body
  entirely, also when the page prints it twice;
- wire credit lines ("(Reporting by ...; editing by ...)") are production credits, not facts
  of the story: they leave the body with reason "credits".
"""

from __future__ import annotations

import re

import pytest

from conftest import EXAMPLES
from parallax.ingest import collect
from parallax.options import ReadOptions
from parallax.pipeline import REGISTRY, Context, Doc, load_stages

TEXT_FILES = ("01-wire-dam-seized.txt", "02-ardesia-state-herald.txt", "03-blog-lesna-ledger.txt", "06-regional-gazette.txt")
# Short words from each file's headline and masthead: enough to tell one from the other.
HEADLINES = {
    "01-wire-dam-seized.txt": ("Ardesian forces seize", "Continental Press"),
    "02-ardesia-state-herald.txt": ("Ardesian engineers save", "Ardesian National Herald"),
    "03-blog-lesna-ledger.txt": ("Two capitals", "The Lesna Ledger"),
    "06-regional-gazette.txt": ("As talks open", "Lower Lesna Gazette"),
}
AUTHORS = {
    "01-wire-dam-seized.txt": "Hanna Lindqvar",
    "02-ardesia-state-herald.txt": "Teodor Malik",
    "03-blog-lesna-ledger.txt": "Mira Oss",  # only in the closing bio
    "06-regional-gazette.txt": "Petar Holm",
}
# The first words of each article's first and last paragraph (everything between is article).
ARTICLE_SPAN = {
    "01-wire-dam-seized.txt": ("DRAVETZ, March 3", "The Red Lantern Society"),
    "02-ardesia-state-herald.txt": ("Ardesian engineers have secured", "The ministry warned"),
    "03-blog-lesna-ledger.txt": ("Nobody in this valley", "Until someone answers"),
    "06-regional-gazette.txt": ("Two weeks after the flood", "President Ilias Sarkovich is expected"),
}
MENU_SEPARATORS = re.compile(r"\s\|\s|\s{2,}")
CALL_TO_ACTION = re.compile(r"\b(subscribe|sign up|newsletter|search|comment|share this|read more|email|log in)\b", re.I)


def _read_clean():
    load_stages()
    options = ReadOptions(manifest=EXAMPLES / "manifest.csv")
    raws = [item for item in collect([str(EXAMPLES)], options) if hasattr(item, "origin")]
    docs = [Doc(raw) for raw in raws if raw.path and raw.path.endswith(".txt")]
    ctx = Context()
    stage = REGISTRY["clean"]
    stage.prepare(docs, ctx)
    for doc in docs:
        stage.run(doc, ctx)
    return {doc.raw.path.rsplit("/", 1)[-1]: doc.article for doc in docs}


@pytest.fixture(scope="module")
def articles():
    found = _read_clean()
    assert sorted(found) == sorted(TEXT_FILES)
    return found


def article_lines(name: str) -> list[str]:
    """Every line of the article proper: the source blocks from its first paragraph to its last
    (boundaries given by hand in ARTICLE_SPAN), bullet glyphs stripped, mid-body ad slots left out."""
    first, last = ARTICLE_SPAN[name]
    blocks = [block.strip() for block in (EXAMPLES / name).read_text(encoding="utf-8").split("\n\n") if block.strip()]
    start = next(i for i, block in enumerate(blocks) if block.startswith(first))
    end = next(i for i, block in enumerate(blocks) if block.startswith(last))
    lines = [line.strip().removeprefix("- ") for block in blocks[start:end + 1] for line in block.splitlines()]
    return [line for line in lines if line != "Advertisement"]


@pytest.mark.parametrize("name", TEXT_FILES)
def test_the_headline_is_the_title_never_the_masthead(articles, name):
    headline, masthead = HEADLINES[name]
    article = articles[name]
    assert article.title is not None and article.title.startswith(headline), article.title
    assert masthead.lower() not in article.title.lower()
    assert headline not in article.text  # the title line left the body (both copies when printed twice)
    assert article.publisher == masthead


@pytest.mark.parametrize("name", TEXT_FILES)
def test_no_chrome_is_left_in_the_body(articles, name):
    text = articles[name].text
    for line in text.splitlines():
        assert not MENU_SEPARATORS.search(line), f"menu-like line left: {line!r}"
        assert not (line.isupper() and len(line.split()) <= 4), f"masthead or section label left: {line!r}"
        if len(line.split()) <= 30:
            assert not CALL_TO_ACTION.search(line), f"call to action left: {line!r}"
    for noise in ("Advertisement", "READ MORE", "top of page", "bottom of page", "(c) 2025", "Reporting by"):
        assert noise not in text
    assert "Search" not in text and "..." not in text


@pytest.mark.parametrize("name", TEXT_FILES)
def test_every_article_paragraph_stays_and_the_body_starts_and_ends_with_it(articles, name):
    text = articles[name].text
    expected = article_lines(name)
    assert len(expected) >= 7
    for line in expected:
        assert line in text, f"lost: {line[:60]!r}"
    assert text.startswith(expected[0])
    assert text.endswith(expected[-1])
    # Nothing else: the body is exactly the article's lines, one paragraph per source block.
    assert sorted(text.replace("\n\n", "\n").splitlines()) == sorted(expected)


@pytest.mark.parametrize("name", TEXT_FILES)
def test_the_author_is_found_and_the_bio_is_metadata(articles, name):
    article = articles[name]
    assert article.author == AUTHORS[name]
    bio_lines = [line for line in article.text.splitlines() if line.startswith(AUTHORS[name])]
    assert bio_lines == []


def test_the_blog_bullet_list_stays(articles):
    text = articles["03-blog-lesna-ledger.txt"].text
    questions = [line for line in text.splitlines() if line.endswith("?") and line.startswith(("Who", "Why", "Where"))]
    assert len(questions) == 3


def test_the_wire_credit_line_and_the_twice_printed_bio_are_recorded(articles):
    wire = articles["01-wire-dam-seized.txt"]
    assert [r.reason for r in wire.removed if r.text.startswith("(Reporting by")] == ["credits"]
    assert [r.reason for r in wire.removed if r.reason in ("metadata:title", "repeated-title")] == ["metadata:title", "repeated-title"]
    gazette = articles["06-regional-gazette.txt"]
    assert [r.reason for r in gazette.removed if r.text.startswith("Petar Holm has")] == ["author-bio", "author-bio"]
    assert "Advertisement" in [r.text for r in gazette.removed]  # the slot in mid-body went, the paragraphs around it stayed


def test_removals_quote_their_input_lines(articles):
    for name, article in articles.items():
        source = (EXAMPLES / name).read_text(encoding="utf-8").splitlines()
        for removal in article.removed:
            assert removal.text == source[removal.line - 1].strip()
