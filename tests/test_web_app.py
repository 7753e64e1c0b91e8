"""The web app's pages and JSON API, against a store built once from examples/ (six articles, one story)."""

from __future__ import annotations

import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from parallax.desk.store import Store
from parallax.errors import UsageError
from parallax.web import create_app

EXAMPLES = __import__("conftest").EXAMPLES


def build_example_store(path: Path) -> Path:
    """A desk database holding examples/ read, clustered and briefed (the brief's embeddings are cached in it)."""
    from parallax.desk.desk import Desk
    from parallax.ingest import collect
    from parallax.options import ReadOptions

    options = ReadOptions(manifest=EXAMPLES / "manifest.csv")
    with Store(path) as store:
        summary = Desk(store).ingest(list(collect([str(EXAMPLES)], options)), options)
    assert summary.new == 6 and summary.briefs == 1, summary.line()
    return path


class Page(HTMLParser):
    """Every start tag with its attributes, and the ids on the page."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def find(self, tag: str, **attrs) -> list[dict]:
        return [a for t, a in self.tags if t == tag and all(a.get(k) == v for k, v in attrs.items())]

    def with_class(self, tag: str, name: str) -> list[dict]:
        return [a for t, a in self.tags if t == tag and name in a.get("class", "").split()]

    @property
    def ids(self) -> set[str]:
        return {a["id"] for _, a in self.tags if a.get("id")}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory) -> Path:
    return build_example_store(tmp_path_factory.mktemp("web") / "desk.db")


@pytest.fixture(scope="module")
def client(db_path):
    with TestClient(create_app(db_path)) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def story(client) -> dict:
    stories = client.get("/api/stories").json()
    assert len(stories) == 1
    return client.get(f"/api/stories/{stories[0]['id']}").json()


def test_front_page_lists_the_story_with_coverage_bars(client, story):
    response = client.get("/")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    page = Page(response.text)
    assert any(a["href"] == f"/stories/{story['id']}" for a in page.find("a") if "href" in a)
    card = re.search(rf'<li class="story-card" id="story-{story["id"]}">(.*?)</li>', response.text, re.S).group(1)
    bars = Page(card).with_class("svg", "bar")
    assert len(bars) == 2, "one bar for the sides and one for left/center/right"
    rects = Page(card).find("rect")
    widths = [float(r["width"]) for r in rects]
    assert len(rects) >= 3 and all(w >= 0 for w in widths)
    lean_total = sum(story["coverage"]["lean"].values())
    assert lean_total == story["n_articles"]
    assert "No sources" not in response.text and "6 sources" in response.text


def test_blindspot_marker_follows_the_stored_blindspot(client, story):
    text = client.get("/").text
    assert ('class="blindspot"' in text) == (story["blindspot"] is not None)


def test_story_page_citations_target_ids_on_the_page(client, story):
    response = client.get(f"/stories/{story['id']}")
    assert response.status_code == 200
    page = Page(response.text)
    cites = [a["href"] for a in page.with_class("a", "cite")]
    assert story["brief"]["facts"], "the examples share facts across sources"
    assert len(page.with_class("ul", "facts")) == 1
    assert cites and all(href.startswith("#") and href[1:] in page.ids for href in cites)
    evidence_ids = {a["id"] for a in page.with_class("mark", "ev") if a.get("id")}
    assert any(href[1:] in evidence_ids for href in cites), "some [n] lands on a highlighted quote"
    for article in story["articles"]:
        assert f'href="/articles/{article["id"]}"' in response.text


class EvidenceText(HTMLParser):
    """The text inside every `<mark data-ev=key>` piece (a quote may be split where it crosses a loaded-language span)."""

    def __init__(self, key: str, text: str):
        super().__init__(convert_charrefs=True)
        self.key, self.stack, self.parts = key, [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        self.stack.append(dict(attrs).get("data-ev") == self.key or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        if self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.stack and self.stack[-1]:
            self.parts.append(data)


def test_story_page_highlights_exactly_the_cited_quote(client, story):
    page = client.get(f"/stories/{story['id']}").text
    targets = sorted(set(re.findall(r'class="cite" href="#(s\d+-\d+-\d+)"', page)))
    assert targets
    for target in targets[:5]:
        n, start, end = map(int, target[1:].split("-"))
        text = client.get(f"/api/articles/{story['brief']['sources'][n - 1]['id']}").json()["text"]
        assert "".join(EvidenceText(target, page).parts) == text[start:end]


def test_stale_brief_is_served_and_marked(db_path, tmp_path):
    copy = tmp_path / "stale.db"
    with Store(db_path) as source, Store(copy) as target:
        source._writer.backup(target._writer)
        with target.transaction() as db:
            db.execute("UPDATE stories SET updated = ?", (time.time() + 3600,))
    with TestClient(create_app(copy)) as stale_client:
        story_id = stale_client.get("/api/stories").json()[0]["id"]
        assert stale_client.get(f"/api/stories/{story_id}").json()["brief_stale"] is True
        text = stale_client.get(f"/stories/{story_id}").text
    assert 'class="stale"' in text and 'class="facts"' in text


def test_search_finds_a_word_of_an_article(client, story):
    article = client.get(f"/api/articles/{story['articles'][0]['id']}").json()
    word = max(re.findall(r"[A-Za-z]{6,}", article["title"]), key=len)
    found = client.get("/api/search", params={"q": word}).json()
    assert found["query"] == word and article["id"] in [r["id"] for r in found["results"]]
    page = client.get("/search", params={"q": word})
    assert page.status_code == 200 and f'href="/articles/{article["id"]}"' in page.text
    assert client.get("/search", params={"q": "zzqqxxnotaword"}).text.count('href="/articles/') == 0


@pytest.mark.parametrize("path", ["/api/search?q=", "/api/search", "/api/search?q=%22%28%2A", "/search?q=%2A%2A%2A",
                                  "/search?q=" + "a" * 500, "/?page=0", "/api/stories?limit=none"])
def test_bad_queries_are_a_friendly_400(client, path):
    response = client.get(path)
    assert response.status_code == 400
    if path.startswith("/api/"):
        assert isinstance(response.json()["detail"], str)
    else:
        assert "<h1>Bad request</h1>" in response.text and "Traceback" not in response.text


@pytest.mark.parametrize("path", ["/stories/999999", "/stories/abc", "/stories/-1", "/articles/nope", "/publishers/Nobody%20Here",
                                  "/api/stories/999999", "/api/stories/1.5", "/api/articles/nope", "/api/publishers/Nobody"])
def test_unknown_ids_are_404(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert ("Not found" in response.text) if not path.startswith("/api/") else response.json()["detail"]


def test_api_shapes(client, story):
    summary = client.get("/api/stories").json()[0]
    assert {"id", "title", "updated", "n_articles", "coverage", "blindspot", "first_date", "last_date"} <= set(summary)
    assert {"articles", "brief", "brief_stale", "brief_built"} <= set(story)
    assert len(story["brief"]["sources"]) == 6 and story["brief"]["schema"].startswith("parallax.brief/")
    article = client.get(f"/api/articles/{story['articles'][0]['id']}").json()
    assert {"id", "text", "title", "loaded", "stories", "scores", "versions", "copies", "techniques"} <= set(article)
    assert article["stories"] == [story["id"]] and article["techniques"] is None  # computed only when asked for
    for span in article["loaded"]:
        assert article["text"][span["start"]:span["end"]] == span["text"]
    publishers = client.get("/api/publishers").json()
    names = {a["publisher"] for a in story["articles"] if a["publisher"]}
    assert names <= {p["name"] for p in publishers}
    name = sorted(names)[0]
    publisher = client.get(f"/api/publishers/{name}").json()
    assert publisher["name"] == name and publisher["articles"] and publisher["history"]
    assert all(a["publisher"] == name for a in publisher["articles"])


def test_publisher_page_shows_articles_and_score_chart(client, story):
    name = next(a["publisher"] for a in story["articles"] if a["publisher"])
    response = client.get(f"/publishers/{name}")
    assert response.status_code == 200
    page = Page(response.text)
    assert len(page.with_class("svg", "chart")) == 2 and page.find("polyline")
    linked = {a["href"] for a in page.find("a") if a.get("href", "").startswith("/articles/")}
    assert {f"/articles/{a['id']}" for a in story["articles"] if a["publisher"] == name} <= linked


def test_article_page_highlights_loaded_language(client, story):
    articles = [client.get(f"/api/articles/{a['id']}").json() for a in story["articles"]]
    loaded = next((a for a in articles if a["loaded"]), None)
    assert loaded is not None, "the opinion example uses loaded words"
    page = Page(client.get(f"/articles/{loaded['id']}").text)
    assert len(page.with_class("span", "loaded")) >= len(loaded["loaded"])
    assert any(a.get("href") == f"/articles/{loaded['id']}?techniques=1#rhetoric" for a in page.find("a"))


@pytest.mark.slow
def test_persuasion_techniques_on_request_point_into_the_text(client, story):
    article_id = story["articles"][-1]["id"]
    article = client.get(f"/api/articles/{article_id}", params={"techniques": 1}).json()
    assert isinstance(article["techniques"], list)
    for item in article["techniques"]:
        assert article["text"][item["start"]:item["end"]] == item["text"] and 0 < item["score"] <= 1
    page = client.get(f"/articles/{article_id}").text  # cached now: shown without asking again
    assert page.count('class="technique"') >= len(article["techniques"]) + 1  # +1: the legend


def test_openapi_lists_the_routes(client):
    paths = set(client.get("/openapi.json").json()["paths"])
    assert {"/api/stories", "/api/stories/{story_id}", "/api/articles/{article_id}", "/api/publishers", "/api/publishers/{name}",
            "/api/search", "/api/ingest", "/health"} <= paths


def test_health_counts_the_store(client):
    assert client.get("/health").json() == {"status": "ok", "articles": 6, "stories": 1}


def test_pages_forbid_scripts_by_header(client):
    policy = client.get("/").headers["content-security-policy"]
    assert "default-src 'none'" in policy and "script-src" not in policy


def test_ingest_without_token_is_refused_at_start():
    with pytest.raises(UsageError):
        create_app(":memory:", allow_ingest=True)


def test_serve_command_refuses_allow_ingest_without_token(capsys):
    from parallax.cli import main

    assert main(["serve", "--allow-ingest", "--db", "unused.db"]) == 2
    assert "--token" in capsys.readouterr().err
