"""Layout rules of the plain cleaner: mastheads, menus, the main block of prose and the headline."""

from __future__ import annotations

from parallax.clean import clean_text, load_patterns
from parallax.clean import metadata as meta
from parallax.clean.layout import main_block, site_keys, squash
from parallax.clean.lines import Line, is_prose, menu_items, split_lines
from parallax.clean.plain import clean_plain

PATTERNS = load_patterns()

PARAGRAPHS = [
    "The city council approved a new budget for the harbour district on Tuesday evening, after a long debate.",
    "Councillors voted eleven to four in favour, with two abstentions, the clerk said in a statement afterwards.",
    "The plan doubles spending on flood defences and closes two branch libraries, which angered some residents.",
]

# A whole page rendered to text: a bulleted menu, a headline, the article, a related list, comments, a footer.
RENDERED_PAGE = "\n".join([
    "* Home", "* News", "+ Local", "+ World", "* Sport", "* Weather", "Search",
    "Log in", "",
    "Harbour budget passes after long debate",
    "By Ines Moreau | 4 June 2024", "",
    *PARAGRAPHS,
    "Budget at a glance",
    "The budget also sets aside money for two new ferries, to be ordered next spring.",
    "",
    "Related stories",
    "* Ferry timetable changes", "* Library opening hours", "* Harbour festival returns",
    "12 Comments",
    "Mara on June 4, 2024 at 9:12 pm said:",
    "I think the council made the wrong call on the libraries, they are used by many families every day.",
    "Tom on June 4, 2024 at 9:40 pm said:",
    "The flood defences are long overdue and everybody who lives near the quay knows it very well.",
    "Privacy policy", "Contact us", "© 2024 Harbour Times",
])


def line(text: str, source: str | None = None) -> Line:
    return Line(1, source or text, text, 0)


def test_menu_rows_are_recognised_and_tables_and_sentences_are_not():
    assert menu_items(line("World | Business | Markets")) == ["World", "Business", "Markets"]
    assert menu_items(line("Home Politics Video", "Home  Politics  Video")) == ["Home", "Politics", "Video"]
    assert menu_items(line("LOCAL | TRAFFIC")) == ["LOCAL", "TRAFFIC"]
    assert menu_items(line("Labour 412 33.7%", "Labour  412  33.7%")) is None  # a table row of figures
    assert menu_items(line("He said the vote was close | and it was.")) is None
    assert menu_items(line("A plain line of words")) is None


def test_prose_needs_sentence_punctuation_not_just_length():
    tag_cloud = " ".join(f"tag{n}" for n in range(40))
    assert not is_prose(line(tag_cloud))
    assert is_prose(line(PARAGRAPHS[0]))
    assert not is_prose(line("Short one."))


def test_site_keys_come_from_names_and_the_url_host():
    keys = site_keys(["The Harbour Times"], "https://www.harbourtimes.example/news/1")
    assert squash("HARBOUR TIMES") in keys
    assert "harbourtimes" in keys
    assert squash("Harbour budget passes") not in keys


def test_the_main_block_is_the_densest_run_of_prose():
    menu = ["* Home", "* News", "* Sport", "Weather"]
    article = [*PARAGRAPHS, "Key figures", PARAGRAPHS[0]]
    links = ["* Ferries", "* Libraries", "* Festival", "Contact"]
    lines = split_lines("\n".join([*menu, *article, *links, *links, PARAGRAPHS[1]]))
    assert main_block(lines) == (4, 8)  # the paragraphs and the heading inside them; not a paragraph far below
    # A short interruption (one link list) costs less than the paragraph after it is worth: bridged.
    lines = split_lines("\n".join([*menu, *article, *links, PARAGRAPHS[1]]))
    assert main_block(lines) == (4, 13)
    assert main_block(split_lines("* Home\n* News\nShort line\nAnother one")) is None


def test_a_rendered_page_is_cut_to_its_article():
    cleaned = clean_plain(RENDERED_PAGE, PATTERNS)
    assert cleaned.title == "Harbour budget passes after long debate"
    assert cleaned.author == "Ines Moreau"
    assert cleaned.published == "2024-06-04"
    for paragraph in PARAGRAPHS:
        assert paragraph in cleaned.text
    assert "Budget at a glance" in cleaned.text.splitlines()  # a heading inside the article stays
    for chrome in ("Weather", "Log in", "Related stories", "Ferry timetable", "wrong call", "overdue", "Privacy"):
        assert chrome not in cleaned.text
    assert cleaned.text.startswith(PARAGRAPHS[0])


def test_masthead_with_tagline_is_not_the_title_even_without_hints():
    text = "\n".join([
        "THE HARBOUR TIMES", "News from the quay since 1890.", "", "Harbour budget passes after long debate", "",
        *PARAGRAPHS,
    ])
    cleaned = clean_text(text)
    assert cleaned.title == "Harbour budget passes after long debate"
    assert {r.text: r.reason for r in cleaned.removed}["THE HARBOUR TIMES"] == "masthead"
    assert "since 1890" not in cleaned.text


def test_a_line_naming_the_publisher_is_a_masthead_when_the_hint_names_it():
    text = "\n".join(["Harbour Times", "", "Harbour budget passes after long debate", "", *PARAGRAPHS, "", "Harbour Times. Independent since 1890."])
    cleaned = clean_text(text, publisher="Harbour Times")
    assert cleaned.title == "Harbour budget passes after long debate"
    assert [r.reason for r in cleaned.removed if r.text.startswith("Harbour Times")] == ["masthead", "masthead"]
    without_hint = clean_text(text)
    assert without_hint.title == "Harbour budget passes after long debate"  # the longer line above the body wins


def test_the_headline_is_the_longest_candidate_above_the_byline():
    text = "\n".join(["Local News", "Harbour budget passes after long debate", "By Ines Moreau", "What the vote means for you", "", *PARAGRAPHS])
    cleaned = clean_text(text)
    assert cleaned.title == "Harbour budget passes after long debate"
    assert "What the vote means for you" in cleaned.text  # between byline and body: kept as a standfirst
    assert "Local News" not in cleaned.text


def test_a_first_short_sentence_without_a_headline_is_kept():
    text = "It is not over yet.\n\n" + "\n\n".join(PARAGRAPHS)
    cleaned = clean_text(text)
    assert cleaned.title is None
    assert cleaned.text.startswith("It is not over yet.")
    assert cleaned.removed == []


def test_activity_bios_need_a_second_sentence_about_the_person_or_a_known_author():
    author, publisher = meta.bio("Ines Moreau writes The Quay Letter from Porto. She has covered the harbour since 2015.")
    assert author.value == "Ines Moreau" and publisher.value == "The Quay Letter"
    assert meta.bio("Ines Moreau has reported on the harbour since 2015.") is None
    assert meta.bio("Ines Moreau has reported on the harbour since 2015.", frozenset({"Ines Moreau"}))[0].value == "Ines Moreau"
    assert meta.bio("The mayor writes to every resident each spring. She says it helps.") is None


def test_reader_prompts_and_credit_lines_go_but_a_quote_with_call_us_stays():
    text = "\n\n".join([
        "Harbour budget passes after long debate", *PARAGRAPHS,
        '"Call us when the ferries arrive," the harbour master told the council at the end of the session.',
        "(Reporting by Ines Moreau; editing by Tom Berg)",
        "Got a tip? Email us at desk@harbour.example. We read everything.",
    ])
    cleaned = clean_text(text)
    reasons = {r.text[:12]: r.reason for r in cleaned.removed}
    assert reasons["(Reporting b"] == "credits"
    assert reasons["Got a tip? E"] == "call-to-action"
    assert '"Call us when the ferries arrive,"' in cleaned.text
