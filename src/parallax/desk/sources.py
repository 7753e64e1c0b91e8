"""What `parallax ingest` accepts: files and directories (as `read`), URLs, RSS/Atom feeds and WARC files.

`expand(specs, options, skip_url)` yields a `RawInput` per article found or an `InputError`
per input that failed, like `parallax.ingest.collect`, whose rules it reuses: a URL is
fetched once with the guarded client and read as a feed when it is one (then its items
are fetched), else as an article page; a `.warc`/`.warc.gz` file is read record by record;
a local `.rss`/`.atom`/`.xml` file that is a feed has its items fetched; anything else goes
to `collect`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable, Iterator

from ..errors import FetchError, InputError
from ..ingest import MEDIA_SUFFIXES, _finish, _meta_charset, collect
from ..ingest.fetch import fetch_url
from ..ingest.files import inputs_from_bytes, read_bytes
from ..ingest.manifest import load_manifest
from ..model import RawInput
from .feeds import FEED_SUFFIXES, item_inputs, looks_like_feed, parse_feed

_URL = re.compile(r"\A[a-zA-Z][a-zA-Z0-9+.\-]*://")
WARC_SUFFIXES = (".warc", ".warc.gz")


def expand(specs: list[str], options, skip_url: Callable[[str], bool] = lambda url: False) -> Iterator[RawInput | InputError]:
    manifest = load_manifest(options.manifest) if options.manifest else None
    for spec in specs:
        if _URL.match(spec):
            items = _from_url(spec, options, skip_url)
        elif spec.lower().endswith(WARC_SUFFIXES):
            from .warc import warc_inputs

            items = warc_inputs(Path(spec), options)
        elif Path(spec).suffix.lower() in FEED_SUFFIXES and Path(spec).is_file():
            items = _from_feed_file(Path(spec), options, skip_url)
        else:
            yield from collect([spec], options)
            continue
        for item in items:
            if isinstance(item, RawInput):
                _finish(item, manifest, spec)
            yield item


def url_inputs(url: str, options) -> Iterator[RawInput | InputError]:
    """An article page: the inputs it holds (one, or several for JSON lines)."""
    yield from _page_inputs(url, options, None)


def _from_url(url: str, options, skip_url) -> Iterator[RawInput | InputError]:
    yield from _page_inputs(url, options, skip_url)


def _page_inputs(url: str, options, skip_url) -> Iterator[RawInput | InputError]:
    """Fetch once; a feed (when feeds are allowed here) yields its items, a page yields itself."""
    try:
        page = fetch_url(url, options)
    except FetchError as error:
        yield error
        return
    if skip_url is not None and looks_like_feed(page.content, page.media_type):
        try:
            feed = parse_feed(page.content, url)
        except InputError as error:
            yield error
            return
        yield from item_inputs(feed, options, skip_url)
        return
    if page.media_type and page.media_type not in MEDIA_SUFFIXES and not page.media_type.startswith("text/"):
        yield FetchError(f"not an article: the server sent {page.media_type}", where=url)
        return
    suffix = MEDIA_SUFFIXES.get(page.media_type or "", "")
    for item in inputs_from_bytes(page.content, url, suffix, page.charset or _meta_charset(page.content)):
        if isinstance(item, RawInput):
            item.url = item.url or page.url
        yield item


def _from_feed_file(path: Path, options, skip_url) -> Iterator[RawInput | InputError]:
    try:
        content = read_bytes(path, options.max_bytes, str(path))
    except InputError as error:
        yield error
        return
    if not looks_like_feed(content):
        yield from collect([str(path)], options)
        return
    try:
        feed = parse_feed(content, str(path))
    except InputError as error:
        yield error
        return
    yield from item_inputs(feed, options, skip_url)
