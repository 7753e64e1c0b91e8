"""RSS and Atom feeds, feed lists (OPML or one URL a line), and polite polling.

Feeds are fetched with the guarded client of `parallax.ingest.fetch` (same address checks,
size, time and redirect limits) and parsed from bytes with feedparser, which therefore
never opens a connection of its own. Each item's link is then fetched with the same
client. Polling is polite: the feed's ETag and Last-Modified are stored and sent back
(`If-None-Match`, `If-Modified-Since`), so an unchanged feed costs a 304 and no body;
items already in the store are not fetched again; a failing feed waits twice as long
after each failure (up to `MAX_BACKOFF`).
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

import feedparser

from ..errors import FetchError, InputError, UsageError
from ..ingest.dates import iso_date
from ..ingest.fetch import _client, fetch_url
from ..model import RawInput

FEED_MEDIA_TYPES = {"application/rss+xml", "application/atom+xml", "application/rdf+xml", "application/xml", "text/xml",
                    "application/feed+json"}
FEED_SUFFIXES = {".rss", ".atom", ".xml"}
MAX_BACKOFF = 24 * 3600.0
_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf")


@dataclass
class FeedItem:
    link: str
    title: str | None
    published: str | None


@dataclass
class Feed:
    url: str
    title: str | None
    items: list[FeedItem] = field(default_factory=list)


@dataclass
class FeedResponse:
    status: int  # 200, or 304 when the feed has not changed
    content: bytes
    etag: str | None
    last_modified: str | None


def looks_like_feed(content: bytes, media_type: str | None = None) -> bool:
    """RSS, Atom or RDF by media type or by its root element (servers often say text/xml or nothing)."""
    head = content[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if any(root in head for root in _FEED_ROOTS) and b"<html" not in head:
        return True
    return media_type in ("application/rss+xml", "application/atom+xml")


def parse_feed(content: bytes, url: str) -> Feed:
    """Items with a link, in feed order; raises InputError when the bytes are no feed at all."""
    parsed = feedparser.parse(content)  # bytes: feedparser reads them, it fetches nothing
    if not parsed.entries and parsed.get("bozo") and not parsed.feed:
        raise InputError(f"not a readable RSS or Atom feed ({parsed.get('bozo_exception')})", where=url)
    items = []
    for entry in parsed.entries:
        link = entry.get("link") or next((l.get("href") for l in entry.get("links", []) if l.get("href")), None)
        if not link:
            continue
        stamp = entry.get("published") or entry.get("updated")
        items.append(FeedItem(link=link.strip(), title=entry.get("title"), published=iso_date(stamp) if stamp else None))
    return Feed(url=url, title=parsed.feed.get("title"), items=items)


def read_feed_list(path: str | Path) -> list[str]:
    """Feed URLs from an OPML file (every outline with an xmlUrl) or a text file (one URL a line, # comments)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read the feed list ({error})", where=str(path)) from None
    if "<opml" in text[:1000].lower():
        try:
            root = ElementTree.fromstring(text)
        except ElementTree.ParseError as error:
            raise UsageError(f"not valid OPML ({error})", where=str(path)) from None
        urls = [node.get("xmlUrl") for node in root.iter("outline") if node.get("xmlUrl")]
    else:
        urls = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    if not urls:
        raise UsageError("no feed URLs in this file", where=str(path))
    return list(dict.fromkeys(urls))


def fetch_feed(url: str, options, etag: str | None = None, last_modified: str | None = None) -> FeedResponse:
    """One conditional GET through the guarded client; 304 comes back as status 304 with no content."""
    seen: dict[str, str | None] = {}

    def remember(response) -> None:  # the final response's validators (FetchedPage has no headers)
        seen["status"] = response.status_code
        seen["etag"] = response.headers.get("etag")
        seen["last_modified"] = response.headers.get("last-modified")

    client = _client(options)
    client.event_hooks["response"].append(remember)
    client.headers["Accept"] = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5"
    if etag:
        client.headers["If-None-Match"] = etag
    if last_modified:
        client.headers["If-Modified-Since"] = last_modified
    try:
        page = fetch_url(url, options, client=client)
    except FetchError:
        # fetch_url takes every 3xx for a redirect, so "304 Not Modified" comes back as a redirect without Location.
        if seen.get("status") == 304:
            return FeedResponse(304, b"", etag, last_modified)
        raise
    finally:
        client.close()
    return FeedResponse(page.status, page.content, seen.get("etag") or etag, seen.get("last_modified") or last_modified)


def item_inputs(feed: Feed, options, skip: Callable[[str], bool] = lambda url: False) -> Iterator[RawInput | InputError]:
    """Fetch every item not skipped (already stored); the feed's title and date fill in what the page lacks."""
    from .sources import url_inputs

    for item in feed.items:
        if skip(item.link):
            continue
        for raw in url_inputs(item.link, options):
            if isinstance(raw, RawInput):
                if item.published and not raw.hints.published:
                    raw.hints.published = item.published
                if item.title and not raw.hints.title:
                    raw.hints.title = item.title
            yield raw


@dataclass
class PollResult:
    url: str
    status: str  # "new items", "not modified", "failed", "waiting"
    inputs: list = field(default_factory=list)  # RawInput | InputError of the items fetched
    error: str | None = None


def backoff_delay(every: float, failures: int) -> float:
    return min(MAX_BACKOFF, every * (2 ** min(failures, 10)))


def poll_feed(store, url: str, options, every: float, now: float) -> PollResult:
    """Poll one feed if it is due; record validators, errors and the next time to poll."""
    state = store.feed_state(url)
    if state["next_poll"] > now:
        return PollResult(url, "waiting")
    try:
        response = fetch_feed(url, options, state["etag"], state["last_modified"])
        if response.status == 304:
            store.save_feed_state(url, last_polled=now, next_poll=now + every, failures=0, last_error=None, last_status=304)
            return PollResult(url, "not modified")
        feed = parse_feed(response.content, url)
    except InputError as error:  # FetchError included
        failures = state["failures"] + 1
        store.save_feed_state(url, last_polled=now, next_poll=now + backoff_delay(every, failures), failures=failures,
                              last_error=error.message, last_status=None)
        return PollResult(url, "failed", error=str(error))
    store.save_feed_state(url, title=feed.title, etag=response.etag, last_modified=response.last_modified, last_polled=now,
                          next_poll=now + every, failures=0, last_error=None, last_status=response.status)
    return PollResult(url, "new items", list(item_inputs(feed, options, skip=store.has_url)))


def parse_interval(text: str) -> float:
    """'15m', '1h', '90s', '2d' or a number of seconds -> seconds."""
    units = {"s": 1, "m": 60, "h": 3600, "d": 86400}
    value = text.strip().lower()
    try:
        seconds = float(value[:-1]) * units[value[-1]] if value and value[-1] in units else float(value)
    except ValueError:
        raise UsageError(f"not an interval: {text!r} (write e.g. 15m, 1h, 90s)", where="--every") from None
    if seconds < 60:
        raise UsageError("polling more often than once a minute is not polite; use at least 1m", where="--every")
    return seconds


def next_due(store, urls: list[str]) -> float:
    return min((store.feed_state(u)["next_poll"] for u in urls), default=time.time())


def watch_feeds(desk, urls: list[str], options, every: float, *, once: bool = False, clock: Callable[[], float] = time.time,
                sleep: Callable[[float], None] = time.sleep, log: Callable[[str], None] = print) -> tuple[int, int]:
    """Poll every due feed, store new items; repeat every `every` seconds until interrupted (or once).

    Returns (feeds polled without error, feeds failed) of the last round. `clock` and `sleep`
    are parameters so tests never wait.
    """
    while True:
        ok = failed = 0
        for url in urls:
            result = poll_feed(desk.store, url, options, every, clock())
            if result.status == "failed":
                failed += 1
                log(f"{url}: failed ({result.error}); next try in {backoff_delay(every, desk.store.feed_state(url)['failures']) / 60:.0f} min")
                continue
            if result.status == "waiting":
                continue
            ok += 1
            if result.inputs:
                summary = desk.ingest(result.inputs, options)
                log(f"{url}: {summary.line()}")
            else:
                log(f"{url}: {result.status}")
        if once:
            return ok, failed
        sleep(max(60.0, next_due(desk.store, urls) - clock()))
