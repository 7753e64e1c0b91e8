"""brief.md and brief.html: sections, citations that land on highlighted quotes, nesting, escaping.

Most tests render a small brief built by hand (texts written for this file), so they test the
renderer and not the quality of the brief; one test renders the real brief of `examples/`.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from parallax.model import (Article, Brief, BriefSource, Dispute, DisputeVersion, Evidence, Excluded, Fact, Forecast,
                            LoadedSpan, Narrative, ScoreEvidence, Side, SideCoverage, Splits, TimelineEvent)
from parallax.render.html import Span, highlight, render_html
from parallax.render.markdown import render_markdown

REPO = Path(__file__).resolve().parents[1]
XSS_TEXT = '<script>alert(1)</script>'
XSS_ATTR = '"><img src=x onerror=alert(2)>'

TEXT_ONE = ("The river authority said the bridge at Marrow Ford was closed on 3 June. "
            f"A reader wrote {XSS_TEXT} in the comments and then {XSS_ATTR} as well. "
            "Officials of the North counted about 40 damaged homes.")
TEXT_TWO = ("Engineers closed the bridge at Marrow Ford on 3 June, the river authority said. "
            "The so-called experts of the South put the damage at 400 homes. "
            "Forecasters give a 25% chance that the bridge reopens before August.")
VOIDS = {"meta", "br", "img", "link", "input", "hr", "wbr", "source", "area", "base", "col", "embed", "param", "track"}


def span(text: str, needle: str, source: int) -> Evidence:
    start = text.index(needle)
    return Evidence(source=source, start=start, end=start + len(needle), quote=needle)


def make_articles() -> list[Article]:
    one = Article(id="a1", path="one.txt", url="javascript:alert(3)", title=f"Bridge closed {XSS_TEXT}",
                  publisher=f"North Wire {XSS_ATTR}", author="A. Writer", published="2031-06-04", language="en", text=TEXT_ONE)
    two = Article(id="a2", path="two.txt", url="https://south.example/bridge?a=1&b=2", title="Bridge shut after flood",
                  publisher="South Daily", published="2031-06-05", language="en", text=TEXT_TWO)
    loaded_start = TEXT_TWO.index("so-called experts")
    two.loaded = [LoadedSpan(loaded_start, loaded_start + len("so-called experts"), "so-called experts", "scare-quotes",
                             neutral="experts <b>")]
    return [one, two]


def make_brief(articles: list[Article]) -> Brief:
    one, two = articles[0].text, articles[1].text
    fact_evidence = [span(one, "The river authority said the bridge at Marrow Ford was closed on 3 June.", 1),
                     span(two, "Engineers closed the bridge at Marrow Ford on 3 June, the river authority said.", 2)]
    # Two receipts in source 2 that overlap each other, and the loaded span crosses the end of the first one.
    overlap_a = span(two, "said. The so-called", 2)
    overlap_b = span(two, "authority said. The", 2)
    dispute = Dispute(question="How many homes were damaged?", kind="quantity", versions=[
        DisputeVersion(1, "Officials of the North", "about 40 damaged homes", 40, "homes", "about", "2031-06-04",
                       span(one, "Officials of the North counted about 40 damaged homes.", 1)),
        DisputeVersion(2, "experts of the South", "400 homes", 400, "homes", None, "2031-06-05",
                       span(two, "The so-called experts of the South put the damage at 400 homes.", 2))])
    return Brief(
        title="Marrow Ford bridge <closed>",
        sources=[BriefSource(1, "a1", "one.txt", articles[0].url, articles[0].title, articles[0].publisher, "A. Writer",
                             "2031-06-04", "en", side="pro-north", side_score=0.6,
                             side_evidence=ScoreEvidence("repeats the North's officials", ["officials"], [fact_evidence[0]]),
                             establishment=4.2, lean=2.0, lean_label="left"),
                 BriefSource(2, "a2", "two.txt", articles[1].url, articles[1].title, "South Daily", None, "2031-06-05", "en",
                             side="pro-south", side_score=-0.5, establishment=1.8, lean=4.1, lean_label="right",
                             establishment_evidence=ScoreEvidence("mocks experts", ["so-called"], [overlap_a]))],
        sides=[Side("pro-north", "Pro-North", "North", [1]), Side("pro-south", "Pro-South", "South", [2])],
        facts=[Fact("The bridge at Marrow Ford was closed on 3 June.", [1, 2], fact_evidence, ["pro-north", "pro-south"]),
               Fact("Officials of the North counted about 40 damaged homes.", [1], [dispute.versions[0].evidence],
                    ["pro-north"])],
        narratives=[Narrative("pro-north", "Pro-North narrative", "Officials count about 40 damaged homes.", [1],
                              [dispute.versions[0].evidence]),
                    Narrative("pro-south", "Pro-South narrative", "The damage is far larger than admitted.", [2], [overlap_b])],
        disputes=[dispute],
        forecasts=[Forecast("a 25% chance that the bridge reopens before August", 0.25, "Forecasters", "2031-08-01", [2],
                            [span(two, "Forecasters give a 25% chance that the bridge reopens before August.", 2)]),
                   Forecast("Will the bridge reopen by August?", 0.3, "Crowd", "2031-08-01", [], [], origin="file",
                            question="Will the bridge reopen by August?", url="javascript:alert(4)", similarity=0.7)],
        splits=Splits(establishment={"critical": [2], "neutral": [], "pro": [1]},
                      political={"left": [1], "center": [], "right": [2]}),
        timeline=[TimelineEvent("2031-06-03", "The bridge at Marrow Ford was closed.", [1, 2], fact_evidence)],
        coverage=[SideCoverage("pro-north", [1], 0.5, []), SideCoverage("pro-south", [2], 0.5, [1])],
        excluded=[Excluded("three.txt", "off-topic: similarity 0.10")],
        notes=["a note with <i>markup</i>"])


class Dom(HTMLParser):
    """The parts of a page the tests look at; records any end tag that does not close the innermost element."""

    def __init__(self, page: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, dict]] = []
        self.elements: list[tuple[str, dict]] = []
        self.nesting_errors: list[str] = []
        self.ids: set[str] = set()
        self.evidence_text: dict[str, str] = {}  # data-ev -> concatenated highlighted text
        self.id_text: dict[str, str] = {}  # id of a <mark> -> its text
        self.source_text: dict[str, str] = {}  # id of the source card -> text of its .source-text
        self.feed(page)
        self.close()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.elements.append((tag, attributes))
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag not in VOIDS:
            self.stack.append((tag, attributes))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1][0] != tag:
            self.nesting_errors.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data):
        for tag, attributes in self.stack:
            if tag == "mark" and "data-ev" in attributes:
                key = attributes["data-ev"]
                self.evidence_text[key] = self.evidence_text.get(key, "") + data
            if tag == "mark" and "id" in attributes:
                self.id_text[attributes["id"]] = self.id_text.get(attributes["id"], "") + data
        cards = [a["id"] for t, a in self.stack if t == "article" and "id" in a]
        if cards and any("source-text" in a.get("class", "") for _, a in self.stack):
            self.source_text[cards[-1]] = self.source_text.get(cards[-1], "") + data

    def find(self, tag: str, cls: str | None = None) -> list[dict]:
        return [a for t, a in self.elements if t == tag and (cls is None or cls in (a.get("class") or "").split())]


@pytest.fixture(scope="module")
def fake():
    articles = make_articles()
    brief = make_brief(articles)
    page = render_html(brief, articles)
    return brief, articles, page, Dom(page), render_markdown(brief, articles)


def test_markdown_has_every_section_and_citation(fake):
    _, _, _, _, md = fake
    for heading in ("# Marrow Ford", "## Facts", "## Pro-North narrative", "## Pro-South narrative", "## Nerd narrative",
                    "## Disputes", "## Timeline", "## Establishment split", "## Political split", "## Sources",
                    "## Left out", "## Notes"):
        assert f"\n{heading}" in "\n" + md, heading
    assert "- The bridge at Marrow Ford was closed on 3 June. [1][2]" in md
    assert "**25%**" in md and "forecaster: Forecasters" in md and "resolves: 2031-08-01" in md
    assert re.search(r"\| about 40 damaged homes \| about 40 homes \| Officials of the North \| \[1\] \| 2031-06-04 \|", md)
    assert "- **2031-06-03**: The bridge at Marrow Ford was closed. [1][2]" in md
    assert "- Pro-South: 50% of sources [2]; leaves out: fact 2" in md
    assert "**Critical of the establishment**: [2] South Daily" in md and "**Right**: [2] South Daily" in md
    assert "<https://south.example/bridge?a=1&b=2>" in md


def test_markdown_escapes_markup_and_never_links_javascript(fake):
    _, _, _, _, md = fake
    unescaped_tags = re.findall(r"(?<!\\)<(?:script|img|i)\b", md)
    assert unescaped_tags == [] and r"\<script\>" in md  # CommonMark shows a backslash-escaped < as text
    assert "](javascript:" not in md and "<javascript:" not in md


def test_empty_sections_say_what_was_looked_for():
    articles = make_articles()[1:]
    brief = Brief(title="Only one", sources=[BriefSource(1, "a2", "two.txt", None, "t", "p", None, None, "en")])
    md, page = render_markdown(brief, articles), render_html(brief, articles)
    for message in ("No facts shared across sources were found.", "No side narratives found.", "No forecasts found.",
                    "No disputes found.", "No dated events found.", "Nothing was left out."):
        assert message in md and message in page
    assert "Single source" in md and "Single source" in page
    assert not Dom(page).nesting_errors


def test_html_is_self_contained(fake):
    _, _, page, dom, _ = fake
    assert not dom.find("script") and not dom.find("link") and not dom.find("img") and not dom.find("iframe")
    assert not any("src" in attributes for _, attributes in dom.elements)
    assert "@import" not in page and "url(" not in page
    assert "default-src 'none'" in page  # the CSP meta tag blocks requests even if something slipped through


def test_html_nests_properly_and_keeps_source_text_intact(fake):
    _, articles, _, dom, _ = fake
    assert dom.nesting_errors == [] and dom.stack == []
    assert dom.source_text["source-1"] == articles[0].text
    assert dom.source_text["source-2"] == articles[1].text


def test_fact_citations_land_on_marks_that_equal_the_quote(fake):
    brief, _, page, dom, _ = fake
    fact = brief.facts[0]
    hrefs = re.findall(r'<a class="cite" href="#([^"]+)">\[(\d)\]</a>', page.split('id="fact-1"')[1].split('id="fact-2"')[0])
    assert {n for _, n in hrefs} == {"1", "2"}
    for target, n in hrefs:
        assert target in dom.ids
        quote = next(ev.quote for ev in fact.evidence if ev.source == int(n))
        assert dom.id_text[target] == quote


def test_every_link_inside_the_page_has_a_target(fake):
    _, _, _, dom, _ = fake
    internal = [a["href"][1:] for a in dom.find("a") if a.get("href", "").startswith("#")]
    assert internal and set(internal) <= dom.ids
    assert "fact-2" in internal  # the South leaves out fact 2, and the coverage note links to it


def test_crossing_evidence_spans_are_split_but_highlight_the_whole_quote(fake):
    brief, _, _, dom, _ = fake
    for evidence in (brief.sources[1].establishment_evidence.sentences[0], brief.narratives[1].evidence[0]):
        key = f"s{evidence.source}-{evidence.start}-{evidence.end}"
        assert dom.evidence_text[key] == evidence.quote
    assert dom.find("mark", "cont"), "the later of two crossing spans continues in a second piece"


def test_loaded_terms_carry_kind_and_neutral_alternative(fake):
    _, _, page, dom, _ = fake
    loaded = dom.find("span", "loaded")
    titles = {a["title"] for a in loaded if a.get("data-loaded") == "0"}
    assert titles == {"scare-quotes; neutral: experts <b>"}  # parsed back, so the raw page had it escaped
    assert "experts &lt;b&gt;" in page
    assert len([a for a in loaded if a.get("data-loaded") == "0"]) == 2, "split where it crosses the end of a quote"


def test_hostile_text_title_publisher_and_url_are_shown_as_text(fake):
    _, _, page, dom, _ = fake
    assert not dom.find("script") and not dom.find("img")
    assert not any("onerror" in attributes for _, attributes in dom.elements)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not any(a.get("href", "").lower().startswith("javascript:") for a in dom.find("a"))
    assert "javascript:alert(3)" in page  # shown, as text, where the source came from
    assert any(a.get("href") == "https://south.example/bridge?a=1&b=2" for a in dom.find("a"))


def test_coverage_bar_and_blindspot():
    articles = make_articles()
    brief = make_brief(articles)
    assert "Blindspot" not in render_html(brief, articles)  # one source per side: balanced
    brief.sources.append(BriefSource(3, "a3", None, None, "t", "Third", None, None, "en", side="pro-north"))
    brief.sources.append(BriefSource(4, "a4", None, None, "t", "Fourth", None, None, "en", side="pro-north"))
    page = render_html(brief, articles)
    assert "Blindspot: 3 of 4 sources that take a side are Pro-North" in page
    dom = Dom(page)
    assert len(dom.find("rect")) == 2 and not dom.nesting_errors


def test_highlight_nests_arbitrary_overlaps():
    text = "abcdefghij"
    spans = [Span(0, 6, 0, "a", "<mark>", "<mark>", "</mark>"), Span(3, 9, 0, "b", "<mark>", "<mark>", "</mark>"),
             Span(5, 10, 1, "c", "<span>", "<span>", "</span>"), Span(2, 4, 1, "d", "<span>", "<span>", "</span>")]
    out = highlight(text, spans)
    dom = Dom(f"<div>{out}</div>")
    assert dom.nesting_errors == [] and dom.stack == []
    assert re.sub(r"<[^>]+>", "", out) == text


@pytest.mark.slow
def test_renders_the_example_brief():
    from parallax.brief import build_story
    from parallax.ingest import collect
    from parallax.options import ReadOptions
    from parallax.pipeline import Context, read_raw

    examples = REPO / "examples"
    raw = list(collect([str(examples)], ReadOptions(manifest=examples / "manifest.csv")))
    articles = [a for a in read_raw(raw, Context()) if isinstance(a, Article)]
    story = build_story(articles)
    md, page = render_markdown(story.brief, story.articles), render_html(story.brief, story.articles)
    assert "## Facts" in md and "## Sources" in md
    dom = Dom(page)
    assert dom.nesting_errors == []
    internal = [a["href"][1:] for a in dom.find("a") if a.get("href", "").startswith("#")]
    assert set(internal) <= dom.ids
    for n, article in enumerate(story.articles, start=1):
        assert dom.source_text[f"source-{n}"] == article.text
    for fact in story.brief.facts:
        for ev in fact.evidence:
            assert dom.evidence_text[f"s{ev.source}-{ev.start}-{ev.end}"] == ev.quote
