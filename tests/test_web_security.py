"""The web app's safety: stored XSS, path traversal, read-only by default, ingest behind a token, guarded fetches."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from parallax.web import create_app

TOKEN = "test-token-0123456789"
SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
JS_URL = "javascript:alert(1)"
EVIL_PUBLISHERS = [f"Evil {SCRIPT} Press", f"Other {IMG} Times"]


def hostile_articles() -> list[dict]:
    """Two articles whose every field carries a payload, written here (not copied from any source)."""
    body = ("The river council met on Tuesday to discuss repairs to the northern bridge after the storm. "
            "Engineers said the damage would take three weeks to fix and cost about two million dollars. "
            f"A resident wrote {SCRIPT} on a sign and another wrote {IMG} beside it. "
            "The mayor said traffic would be diverted through the old town until the work is finished. "
            "Shops near the bridge reported fewer customers since the storm closed the road.")
    return [
        {"text": body + " Officials promised weekly updates.", "title": f"Bridge repairs {SCRIPT}", "publisher": EVIL_PUBLISHERS[0],
         "author": IMG, "url": JS_URL, "published": "2025-04-01"},
        {"text": body + " Residents asked for a temporary ferry.", "title": f"Storm damage {IMG}", "publisher": EVIL_PUBLISHERS[1],
         "author": SCRIPT, "url": "javascript://example.org/%0Aalert(1)", "published": "2025-04-02"},
    ]


class Audit(HTMLParser):
    """Collects what would run in a browser: script elements, on* attributes, javascript: links."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.scripts, self.handlers, self.js_links = 0, [], []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.scripts += 1
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.handlers.append((tag, name))
            if name.lower() in ("href", "src", "action", "formaction") and (value or "").strip().lower().startswith(("javascript:", "data:")):
                self.js_links.append((tag, value))


def assert_safe(text: str) -> None:
    audit = Audit(text)
    assert audit.scripts == 0 and audit.handlers == [] and audit.js_links == []


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """An app with ingest on, fed the hostile articles through POST /api/ingest."""
    app = create_app(tmp_path_factory.mktemp("xss") / "desk.db", allow_ingest=True, token=TOKEN)
    with TestClient(app) as client:
        response = client.post("/api/ingest", json={"articles": hostile_articles()}, headers={"Authorization": f"Bearer {TOKEN}"})
        assert response.status_code == 200, response.text
        assert response.json()["new"] + response.json()["duplicate"] == 2
        yield client


def hostile_pages(client) -> list[str]:
    stories = client.get("/api/stories").json()
    assert stories, "the hostile articles form a story"
    articles = [a for s in stories for a in client.get(f"/api/stories/{s['id']}").json()["articles"]]
    assert len(articles) == 2
    return (["/", "/search?q=alert", "/search?q=bridge"] + [f"/stories/{s['id']}" for s in stories]
            + [f"/articles/{a['id']}" for a in articles] + [f"/publishers/{quote(name, safe='')}" for name in EVIL_PUBLISHERS])


def test_every_page_escapes_article_strings(hostile):
    for path in hostile_pages(hostile):
        response = hostile.get(path)
        assert response.status_code == 200, path
        assert_safe(response.text)


def test_payloads_are_shown_as_text_not_dropped(hostile):
    article_id = hostile.get("/api/search", params={"q": "ferry"}).json()["results"][0]["id"]
    text = hostile.get(f"/articles/{article_id}").text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text and "&lt;img src=x onerror=alert(1)&gt;" in text
    publisher = hostile.get(f"/publishers/{quote(EVIL_PUBLISHERS[0], safe='')}").text
    assert "Evil &lt;script&gt;" in publisher


def test_api_returns_the_strings_unchanged_as_json(hostile):
    results = hostile.get("/api/search", params={"q": "ferry"}).json()["results"]
    article = hostile.get(f"/api/articles/{results[0]['id']}").json()
    assert SCRIPT in article["text"] and article["title"].endswith(IMG)
    assert hostile.get("/api/stories").headers["content-type"].startswith("application/json")


@pytest.mark.parametrize("path", ["/stories/..%2F..%2Fetc%2Fpasswd", "/articles/../../etc/passwd", "/static/../../pyproject.toml",
                                  "/articles/..%2F..%2Fpyproject.toml", "/publishers/..%2F..%2Fetc%2Fpasswd",
                                  "/static/templates/base.html", "/templates/base.html", "/web.css", "/api/articles/%2e%2e%2fsetup.py"])
def test_no_file_is_served_from_a_request_path(hostile, path):
    response = hostile.get(path)
    assert response.status_code == 404
    assert "root:" not in response.text and "[project]" not in response.text and "{% extends" not in response.text


@pytest.fixture(scope="module")
def read_only(tmp_path_factory):
    with TestClient(create_app(tmp_path_factory.mktemp("ro") / "desk.db")) as client:
        yield client


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH"])
@pytest.mark.parametrize("path", ["/", "/stories/1", "/articles/x", "/publishers/x", "/search", "/health", "/api/stories",
                                  "/api/stories/1", "/api/articles/x", "/api/publishers", "/api/publishers/x", "/api/search"])
def test_read_only_routes_refuse_writes(read_only, method, path):
    assert read_only.request(method, path).status_code in (403, 405)


def test_ingest_is_forbidden_without_allow_ingest(read_only):
    response = read_only.post("/api/ingest", json={"articles": hostile_articles()}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 403
    assert read_only.get("/health").json()["articles"] == 0


@pytest.mark.parametrize("header", [None, "Bearer wrong", f"Basic {TOKEN}", f"Bearer {TOKEN}x", "Bearer", ""])
def test_ingest_needs_the_right_token(hostile, header):
    before = hostile.get("/health").json()["articles"]
    headers = {"Authorization": header} if header is not None else {}
    response = hostile.post("/api/ingest", json={"articles": [{"text": "A short new article about nothing in particular."}]},
                            headers=headers)
    assert response.status_code == 401
    assert hostile.get("/health").json()["articles"] == before


def test_url_ingest_uses_the_guarded_client(hostile):
    response = hostile.post("/api/ingest", json={"urls": ["http://127.0.0.1:9/secret", "file:///etc/passwd"]},
                            headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    result = response.json()
    assert result["failed"] == 2 and result["new"] == 0
    messages = " ".join(e["error"] for e in result["errors"]).lower()
    assert "private" in messages or "loopback" in messages
    assert "root:" not in response.text
