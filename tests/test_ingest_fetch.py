"""URL inputs against a local HTTP server on 127.0.0.1: limits, redirects, safety rules, charsets."""

from __future__ import annotations

import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from parallax.errors import FetchError
from parallax.ingest import collect, fetch
from parallax.ingest.fetch import fetch_url, refusal_reason
from parallax.model import RawInput
from parallax.options import ReadOptions

ARTICLE_HTML = (
    "<!DOCTYPE html><html><head><title>Dam opens</title></head><body><article>"
    "<h1>Dam opens</h1><p>The new dam on the river opened on Monday, officials said.</p>"
    "</article></body></html>"
)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # keep test output quiet
        pass

    def _send(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", length: bool = True):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        if length:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path
        if path == "/article":
            self._send(200, ARTICLE_HTML.encode())
        elif path == "/cp1252":
            body = "\u201cLe caf\u00e9\u201d \u2013 the mayor said the caf\u00e9 would reopen in the spring."
            self._send(200, body.encode("cp1252"), "text/plain; charset=windows-1252")
        elif path.startswith("/hop/"):
            left = int(path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", f"/hop/{left - 1}" if left > 1 else "/article")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/to-metadata":
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
            self.end_headers()
        elif path == "/to-ftp":
            self.send_response(301)
            self.send_header("Location", "ftp://example.org/file.txt")
            self.end_headers()
        elif path == "/big-declared":
            self._send(200, b"x" * 5000, "text/plain")
        elif path == "/big-streamed":  # no Content-Length: the limit must hold while streaming
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.end_headers()
            for _ in range(50):
                self.wfile.write(b"word " * 200)
        elif path == "/slow":
            time.sleep(1.5)
            self._send(200, b"late")
        elif path == "/image":
            self._send(200, b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png")
        elif path == "/jsonl":
            body = b'{"title": "A", "text": "First article text here."}\n{"text": "Second article text."}\n'
            self._send(200, body, "application/x-ndjson")
        else:
            self._send(404, b"not found")


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def allowed(**kw) -> ReadOptions:
    return ReadOptions(allow_private=True, **kw)


def only(specs, options):
    return list(collect(specs, options))


def test_fetches_an_article_and_records_the_final_url(server):
    [raw] = only([f"{server}/hop/2"], allowed())
    assert isinstance(raw, RawInput)
    assert raw.format == "html" and "new dam" in raw.text
    assert raw.url == f"{server}/article"
    assert raw.origin == f"{server}/hop/2"
    assert raw.group == "127.0.0.1"


def test_loopback_is_refused_without_allow_private(server):
    [error] = only([f"{server}/article"], ReadOptions())
    assert isinstance(error, FetchError)
    assert error.where == f"{server}/article"
    assert "--allow-private" in error.message and "loopback" in error.message


def test_localhost_by_name_is_refused_too(server):
    port = server.rsplit(":", 1)[1]
    with pytest.raises(FetchError, match="localhost is .*loopback"):
        fetch_url(f"http://localhost:{port}/article", ReadOptions())


def test_every_redirect_hop_is_checked(server, monkeypatch):
    # Let 127.0.0.1 through (the test server) but keep the real rule for every
    # other address: the redirect to the cloud metadata address must be refused.
    real = refusal_reason
    monkeypatch.setattr(fetch, "refusal_reason", lambda a: None if a == "127.0.0.1" else real(a))
    with pytest.raises(FetchError, match="169.254.169.254 is a link-local address"):
        fetch_url(f"{server}/to-metadata", ReadOptions(timeout=3))


def test_redirects_beyond_the_limit_are_refused(server):
    assert fetch_url(f"{server}/hop/3", allowed(max_redirects=3)).redirects[0] == f"{server}/hop/3"
    with pytest.raises(FetchError, match="too many redirects.*--max-redirects"):
        fetch_url(f"{server}/hop/4", allowed(max_redirects=3))


def test_redirect_to_another_scheme_is_refused(server):
    with pytest.raises(FetchError, match="scheme 'ftp:'"):
        fetch_url(f"{server}/to-ftp", allowed())


@pytest.mark.parametrize("path", ["/big-declared", "/big-streamed"])
def test_too_large_bodies_are_refused(server, path):
    with pytest.raises(FetchError, match="too large.*--max-bytes"):
        fetch_url(server + path, allowed(max_bytes=4000))


def test_slow_server_times_out(server):
    started = time.monotonic()
    with pytest.raises(FetchError, match="timed out after 0.3 s"):
        fetch_url(f"{server}/slow", allowed(timeout=0.3))
    assert time.monotonic() - started < 1.2


def test_http_errors_and_refused_connections_are_one_clear_error(server):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch_url(f"{server}/missing", allowed())
    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(FetchError, match="could not connect"):
        fetch_url(f"http://127.0.0.1:{port}/", allowed(timeout=2))


@pytest.mark.parametrize("url", ["file:///etc/hostname", "ftp://example.org/a.txt", "gopher://example.org/"])
def test_other_schemes_are_refused(url):
    [error] = only([url], ReadOptions())
    assert isinstance(error, FetchError) and error.where == url
    assert "only http and https" in error.message


def test_charset_from_the_header(server):
    [raw] = only([f"{server}/cp1252"], allowed())
    assert raw.encoding == "cp1252"
    assert raw.text.startswith("\u201cLe caf\u00e9\u201d \u2013")


def test_binary_content_type_is_refused(server):
    [error] = only([f"{server}/image"], allowed())
    assert isinstance(error, FetchError) and "image/png" in error.message


def test_json_lines_over_http(server):
    items = only([f"{server}/jsonl"], allowed())
    assert [i.origin for i in items] == [f"{server}/jsonl:1", f"{server}/jsonl:2"]
    assert items[0].hints.title == "A"
    assert items[1].url == f"{server}/jsonl"


@pytest.mark.parametrize("url", ["http://[::1", "http://", "https://exa mple.invalid/"])
def test_malformed_urls_are_one_clear_error(url):
    [error] = only([url], ReadOptions(timeout=2))
    assert isinstance(error, FetchError) and error.where == url


@pytest.mark.parametrize(
    "address, refused",
    [
        ("127.0.0.1", True), ("10.1.2.3", True), ("192.168.0.5", True), ("172.16.9.9", True),
        ("169.254.169.254", True), ("::1", True), ("fe80::1", True), ("::ffff:127.0.0.1", True),
        ("0.0.0.0", True), ("100.64.0.1", True), ("93.184.216.34", False), ("2606:4700::1111", False),
    ],
)
def test_address_rules(address, refused):
    assert (refusal_reason(address) is not None) == refused
