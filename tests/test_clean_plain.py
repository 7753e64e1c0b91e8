"""Unit tests of the plain-text cleaner and its metadata helpers, on synthetic noisy text."""

from __future__ import annotations

import pytest

from parallax.clean import clean_text, load_patterns
from parallax.clean import metadata as meta
from parallax.clean.plain import clean_plain, normalise_key
from parallax.model import Hints, RawInput
from parallax.pipeline import Context, Doc, REGISTRY, load_stages

PATTERNS = load_patterns()

NOISY = """Follow us

Search this site...

Coastal News

Harbour Council Approves New Sea Wall

Harbour Council Approves New Sea Wall
By Maria Olsen | 4 June 2024
Photo credit: Harbour Council archive

The council voted on Monday to build a sea wall along the northern beach, the mayor said.

"We cannot wait for the next storm," she told reporters after the vote.

Funding and timeline

The project will cost about 12 million euros and take three years.

• Work starts in autumn.
• The beach stays open in summer.

RELATED: Storm Damage Leaves Pier Closed For Weeks

Share this article

Maria Olsen is Coastal News's environment correspondent. She covers the coast.

Sign up for our daily newsletter!

Advertisement
"""


def reasons(cleaned):
    return {r.text: r.reason for r in cleaned.removed}


def test_noise_is_removed_and_body_kept():
    cleaned = clean_plain(NOISY, PATTERNS)
    removed = reasons(cleaned)
    for noise in ("Follow us", "Search this site...", "Share this article", "Advertisement", "Sign up for our daily newsletter!"):
        assert noise in removed
        assert noise not in cleaned.text
    assert removed["RELATED: Storm Damage Leaves Pier Closed For Weeks"] == "link-list"
    assert removed["Photo credit: Harbour Council archive"] == "image-credit"
    assert removed["Coastal News"] == "masthead"  # the publisher's name, as the closing bio gives it
    assert "sea wall along the northern beach" in cleaned.text
    assert '"We cannot wait for the next storm,"' in cleaned.text
    assert "Funding and timeline" in cleaned.text  # a body heading stays


def test_title_printed_twice_is_taken_once_and_out_of_the_body():
    cleaned = clean_plain(NOISY, PATTERNS)
    assert cleaned.title == "Harbour Council Approves New Sea Wall"
    assert "Approves New Sea Wall" not in cleaned.text
    assert sorted(r.reason for r in cleaned.removed if "Sea Wall" in r.text) == ["metadata:title", "repeated-title"]


def test_byline_gives_author_and_date():
    cleaned = clean_plain(NOISY, PATTERNS)
    assert cleaned.author == "Maria Olsen"
    assert cleaned.published == "2024-06-04"
    assert cleaned.provenance["published"] == "text: byline"


def test_bio_at_the_end_gives_publisher_and_is_removed():
    cleaned = clean_plain(NOISY, PATTERNS)
    assert cleaned.publisher == "Coastal News"
    assert "environment correspondent" not in cleaned.text
    assert reasons(cleaned)["Maria Olsen is Coastal News's environment correspondent. She covers the coast."] == "author-bio"


def test_bullets_lose_their_glyph_but_stay():
    cleaned = clean_plain(NOISY, PATTERNS)
    assert "\nWork starts in autumn.\nThe beach stays open in summer." in cleaned.text
    assert "•" not in cleaned.text


def test_paragraphs_are_separated_by_one_blank_line_and_text_is_stripped():
    cleaned = clean_plain(NOISY, PATTERNS)
    assert cleaned.text == cleaned.text.strip()
    assert "\n\n\n" not in cleaned.text
    assert "the mayor said.\n\n\"We cannot" in cleaned.text


def test_hard_wrapped_lines_are_joined():
    text = "The storm reached the coast early on Tuesday morning and flooded several\nstreets near the harbour, officials said.\n\nA second paragraph follows here."
    cleaned = clean_plain(text, PATTERNS)
    assert "flooded several streets near the harbour" in cleaned.text
    assert cleaned.text.count("\n\n") == 1


def test_no_date_means_published_is_none():
    text = "A quiet week\n\nNothing happened in March 2021, residents said on May 5, 2020 in a long interview with us."
    assert clean_plain(text, PATTERNS).published is None


@pytest.mark.parametrize(
    "line, expected",
    [
        ("Last updated Mar 24, 2023", "2023-03-24"),
        ("Published 2023-05-21", "2023-05-21"),
        ("Posted on Tuesday, 5th September 2023 at 10:00 BST", "2023-09-05"),
        ("Updated: 31 December 2022", "2022-12-31"),
        ("Published February 30, 2023", None),  # not a real day
        ("Published the results of the survey of 2023", None),
    ],
)
def test_date_lines(line, expected):
    found = meta.date_line(line, in_byline_area=False)
    assert (found.value if found else None) == expected


def test_bare_date_only_counts_in_the_byline_area_and_alone():
    assert meta.date_line("May 21, 2023", in_byline_area=True).value == "2023-05-21"
    assert meta.date_line("May 21, 2023", in_byline_area=False) is None
    assert meta.date_line("Talks resumed on May 21, 2023.", in_byline_area=True) is None


@pytest.mark.parametrize(
    "line, author",
    [
        ("By Jane Doe", "Jane Doe"),
        ("By Jean-Luc van Damme, Reuters", "Jean-Luc van Damme"),
        ("BY ANA COSTA", "ANA COSTA"),
        ("By Friday, the army had left the town for good.", None),
        ("By the end of the year", None),
        ("Author: Sam Park", "Sam Park"),
    ],
)
def test_bylines(line, author):
    found, _ = meta.byline(line)
    assert (found.value if found else None) == author


def test_bio_needs_a_clear_pattern():
    author, publisher = meta.bio("Lena Berg is Nordic Daily's chief political reporter.")
    assert (author.value, publisher.value) == ("Lena Berg", "Nordic Daily")
    assert meta.bio("Lena Berg is a freelance writer based in Oslo.")[1] is None
    assert meta.bio("The minister is a strong supporter of the plan.") is None
    assert meta.bio("Olaf Scholz is the chancellor of Germany.") is None


def test_copyright_and_url_host():
    assert meta.copyright_holder("© 2024 Coastal News. All rights reserved.").value == "Coastal News"
    assert meta.publisher_from_url("https://www.example.org/news/1").value == "example.org"
    assert meta.publisher_from_url("http://127.0.0.1/x") is None
    assert meta.publisher_from_url("not a url") is None


def test_a_one_line_input_is_its_own_body():
    assert clean_plain("Hello.", PATTERNS).text == "Hello."
    assert clean_plain("Storm Closes Harbour Bridge", PATTERNS).text == "Storm Closes Harbour Bridge"


def test_long_sentence_mentioning_a_cta_word_is_kept():
    sentence = "Readers who subscribe to the paper were told on Monday that the print edition will end after ninety years, the owners said."
    cleaned = clean_plain("Print Edition Ends\n\n" + sentence, PATTERNS)
    assert sentence in cleaned.text


def test_markdown_headings_links_and_images():
    text = "# Dam Opens After Repairs\n\n![a dam](dam.jpg)\n\nThe [regional authority](https://example.org) reopened the dam on **Friday** after two years of work."
    cleaned = clean_text(text, "markdown")
    assert cleaned.title == "Dam Opens After Repairs"
    assert cleaned.text == "The regional authority reopened the dam on Friday after two years of work."
    assert any(r.reason == "image" for r in cleaned.removed)


def test_lines_repeated_across_documents_of_a_publisher_are_boilerplate():
    load_stages()
    stage = REGISTRY["clean"]
    footer = "Valley Herald: local news you can trust since 1921"
    bodies = [
        f"Bridge Reopens\n\nThe old bridge reopened on Monday after repairs, officials said.\n\n{footer}",
        f"School Budget Passes\n\nThe board approved the school budget by five votes to two.\n\n{footer}",
        "Market Day Returns\n\nThe weekly market returned to the square for the first time this year.",
    ]
    docs = [Doc(RawInput(origin=f"d{i}", text=t, format="text", group="valley")) for i, t in enumerate(bodies)]
    ctx = Context()
    stage.prepare(docs, ctx)
    for doc in docs:
        stage.run(doc, ctx)
    assert all(footer not in d.article.text for d in docs)
    assert {r.reason for r in docs[0].article.removed if r.text == footer} == {"boilerplate:publisher"}
    assert "reopened on Monday" in docs[0].article.text


def test_the_same_article_twice_is_not_boilerplate_of_itself():
    load_stages()
    stage = REGISTRY["clean"]
    text = "Bridge Reopens\n\nThe old bridge reopened on Monday after repairs, officials said."
    docs = [Doc(RawInput(origin=f"d{i}", text=text, format="text", group="g")) for i in range(2)]
    ctx = Context()
    stage.prepare(docs, ctx)
    stage.run(docs[1], ctx)
    assert "reopened on Monday" in docs[1].article.text


def test_hints_override_the_text_and_are_recorded():
    load_stages()
    raw = RawInput(
        origin="x", text=NOISY, format="text", url="https://www.coastal.example/a",
        hints=Hints(author="Desk Editor", published="2024-06-05"),
    )
    doc = Doc(raw)
    REGISTRY["clean"].run(doc, Context())
    assert doc.article.author == "Desk Editor"
    assert doc.article.published == "2024-06-05"
    assert doc.article.provenance["author"].startswith("hints")
    assert doc.article.publisher == "Coastal News"  # from the bio, not the url host
    assert doc.article.url == "https://www.coastal.example/a"


def test_publisher_falls_back_to_url_host():
    load_stages()
    doc = Doc(RawInput(origin="x", text="Quiet Day\n\nNothing much happened in town today, the police said.", format="text", url="https://news.example.net/a"))
    REGISTRY["clean"].run(doc, Context())
    assert (doc.article.publisher, doc.article.provenance["publisher"]) == ("news.example.net", "url host")


def test_normalise_key_ignores_case_punctuation_and_spacing():
    assert normalise_key("  Sign up, NOW! ") == normalise_key("sign up now")
