"""Feeds from a local HTTP server: items fetched, conditional requests (304), errors with back-off, OPML, refusal."""

from __future__ import annotations

import http.server
import threading

import pytest

from parallax.desk.desk import Desk
from parallax.desk.feeds import backoff_delay, poll_feed, read_feed_list, watch_feeds
from parallax.desk.sources import expand
from parallax.desk.store import Store
from parallax.options import ReadOptions

EXAMPLES = __import__("conftest").EXAMPLES
ETAG = '"feed-v1"'


def _rss(base: str) -> bytes:
    items = "".join(
        f"<item><title>{title}</title><link>{base}/{name}</link><pubDate>Tue, 04 Mar 2025 10:00:00 GMT</pubDate></item>"
        for name, title in (("wire.txt", "Dam seized"), ("courier.html", "Opinion on the flood")))
    return f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test feed</title>{items}</channel></rss>'.encode()


class _Handler(http.server.BaseHTTPRequestHandler):
    hits: dict = {}

    def log_message(self, *args):  # keep test output clean
        pass

    def do_GET(self):
        base = f"http://127.0.0.1:{self.server.server_port}"
        self.hits[self.path] = self.hits.get(self.path, 0) + 1
        if self.path == "/feed.xml":
            if self.headers.get("If-None-Match") == ETAG:
                self.send_response(304)
                self.end_headers()
                return
            self._send(200, "application/rss+xml", _rss(base), etag=ETAG)
        elif self.path == "/wire.txt":
            self._send(200, "text/plain; charset=utf-8", (EXAMPLES / "01-wire-dam-seized.txt").read_bytes())
        elif self.path == "/courier.html":
            self._send(200, "text/html; charset=utf-8", (EXAMPLES / "04-korvany-courier-opinion.html").read_bytes())
        else:
            self._send(500, "text/plain", b"server error")

    def _send(self, status, media_type, body, etag=None):
        self.send_response(status)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(body)))
        if etag:
            self.send_header("ETag", etag)
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture()
def server():
    _Handler.hits = {}
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}", _Handler.hits
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "desk.db") as opened:
        yield opened


ALLOW = ReadOptions(allow_private=True, timeout=10)


def test_a_feed_url_is_read_as_its_items(server, store):
    base, hits = server
    summary = Desk(store).ingest(expand([f"{base}/feed.xml"], ALLOW, skip_url=store.has_url), ALLOW, briefs=False)
    assert (summary.new, summary.failed) == (2, 0)
    urls = {a["url"] for s in store.stories_json() for a in s["articles"]}
    assert urls == {f"{base}/wire.txt", f"{base}/courier.html"}
    wire = [a for a in store.publisher_articles("Continental Press")] or store.search("spillway")
    assert wire  # the item was read as an article, not as feed XML


def test_polling_sends_validators_and_gets_304(server, store):
    base, hits = server
    url = f"{base}/feed.xml"
    first = poll_feed(store, url, ALLOW, every=900, now=1000.0)
    assert first.status == "new items" and len(first.inputs) == 2
    Desk(store).ingest(first.inputs, ALLOW, briefs=False)
    assert store.feed_state(url)["etag"] == ETAG
    assert poll_feed(store, url, ALLOW, every=900, now=1500.0).status == "waiting"  # not due yet: no request
    assert hits["/feed.xml"] == 1
    second = poll_feed(store, url, ALLOW, every=900, now=2000.0)
    assert second.status == "not modified" and hits["/feed.xml"] == 2
    assert hits["/wire.txt"] == 1  # items are not fetched again


def test_a_failing_feed_backs_off(server, store):
    base, _ = server
    url = f"{base}/broken.xml"
    result = poll_feed(store, url, ALLOW, every=600, now=0.0)
    assert result.status == "failed" and "500" in result.error
    assert store.feed_state(url)["next_poll"] == backoff_delay(600, 1) == 1200
    assert poll_feed(store, url, ALLOW, every=600, now=1199.0).status == "waiting"
    poll_feed(store, url, ALLOW, every=600, now=1200.0)
    state = store.feed_state(url)
    assert state["failures"] == 2 and state["next_poll"] == 1200 + 2400


def test_watch_once_never_sleeps(server, store):
    base, _ = server

    def no_sleep(seconds):
        raise AssertionError("watch --once must not sleep")

    lines = []
    ok, failed = watch_feeds(Desk(store), [f"{base}/feed.xml", f"{base}/broken.xml"], ALLOW, 900, once=True,
                             sleep=no_sleep, log=lines.append)
    assert (ok, failed) == (1, 1)
    assert any("2 new" in line for line in lines) and any("failed" in line for line in lines)


def test_loopback_feeds_are_refused_without_allow_private(server, store):
    base, hits = server
    result = poll_feed(store, f"{base}/feed.xml", ReadOptions(timeout=5), every=900, now=0.0)
    assert result.status == "failed" and "--allow-private" in result.error and "loopback" in result.error
    assert "/feed.xml" not in hits


def test_feed_lists_in_opml_and_plain_text(tmp_path):
    opml = tmp_path / "feeds.opml"
    opml.write_text('<?xml version="1.0"?><opml version="2.0"><body><outline text="News">'
                    '<outline text="A" xmlUrl="https://a.example/rss"/><outline text="B" xmlUrl="https://b.example/atom"/>'
                    '</outline></body></opml>', encoding="utf-8")
    assert read_feed_list(opml) == ["https://a.example/rss", "https://b.example/atom"]
    plain = tmp_path / "feeds.txt"
    plain.write_text("# my feeds\nhttps://a.example/rss\n\nhttps://a.example/rss\nhttps://c.example/feed\n", encoding="utf-8")
    assert read_feed_list(plain) == ["https://a.example/rss", "https://c.example/feed"]
