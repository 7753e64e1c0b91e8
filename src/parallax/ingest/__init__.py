"""Ingest: turn what the user names (files, directories, stdin, URLs, JSON) into RawInputs.

`collect(specs, options)` yields, in a stable order (the order of `specs`, and
sorted paths within a directory), a `RawInput` for every article found or an
`InputError` for every input that could not be read; one bad input never stops
the others. Only a malformed manifest stops everything (a `UsageError`, raised
before anything is yielded), because it is an options file, not an input.

Inside a directory, hidden files and junk (images, archives, binaries, assets)
are passed over silently (logged at INFO on the "parallax.ingest" logger); a
directory in which nothing could be tried is an error. A file named explicitly
is always tried, so a binary named on the command line is an error.
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

from ..errors import FetchError, InputError
from ..model import RawInput
from ..options import ReadOptions
from .dates import iso_date
from .fetch import FetchedPage, fetch_url
from .files import ARTICLE_SUFFIXES, inputs_from_bytes, is_binary_file, log, read_bytes, read_stream, walk_directory
from .manifest import Manifest, apply, load_manifest

__all__ = ["collect", "collect_one", "fetch_url", "FetchedPage", "load_manifest", "iso_date"]

STDIN = "-"
STDIN_ORIGIN = "<stdin>"
_URL = re.compile(r"\A[a-zA-Z][a-zA-Z0-9+.\-]*://")
_BARE_HOST = re.compile(r"\A(?:www\.)?[a-z0-9\-]+(?:\.[a-z0-9\-]+)*\.[a-z]{2,}(?:/|\Z)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_\-:.]+)", re.IGNORECASE)

# Media types read as articles, and the suffix that tells `inputs_from_bytes` their format.
MEDIA_SUFFIXES = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": "",
    "text/markdown": ".md",
    "application/json": ".json",
    "application/x-ndjson": ".jsonl",
    "application/jsonl": ".jsonl",
    "application/octet-stream": "",  # servers say this for anything: sniff it
}


def collect(specs: list[str], options: ReadOptions) -> Iterator[RawInput | InputError]:
    manifest = load_manifest(options.manifest) if options.manifest else None
    manifest_path = Path(options.manifest).resolve() if options.manifest else None
    for spec in specs:
        for item in collect_one(spec, options):
            if isinstance(item, RawInput):
                if manifest_path and item.path and Path(item.path).resolve() == manifest_path:
                    continue  # the manifest sits in the folder it describes: it is not an article
                _finish(item, manifest, spec)
            yield item


def collect_one(spec: str, options: ReadOptions) -> Iterator[RawInput | InputError]:
    """The articles (or errors) of one command-line input, before the manifest is applied."""
    if spec == STDIN:
        yield from _from_stdin(options)
    elif _URL.match(spec):
        yield from _from_url(spec, options)
    else:
        yield from _from_path(Path(spec), spec, options)


def _from_stdin(options: ReadOptions) -> Iterator[RawInput | InputError]:
    try:
        data = read_stream(sys.stdin.buffer, options.max_bytes, STDIN_ORIGIN)
    except InputError as error:
        yield error
        return
    except (OSError, AttributeError, ValueError) as error:  # closed or absent stdin
        yield InputError(f"cannot read standard input ({error})", where=STDIN_ORIGIN)
        return
    yield from inputs_from_bytes(data, STDIN_ORIGIN)


def _from_url(url: str, options: ReadOptions) -> Iterator[RawInput | InputError]:
    try:
        page = fetch_url(url, options)
    except FetchError as error:
        yield error
        return
    if page.media_type and page.media_type not in MEDIA_SUFFIXES and not page.media_type.startswith("text/"):
        yield FetchError(f"not an article: the server sent {page.media_type}", where=url)
        return
    suffix = MEDIA_SUFFIXES.get(page.media_type or "", "")
    charset = page.charset or _meta_charset(page.content)
    for item in inputs_from_bytes(page.content, url, suffix, charset):
        if isinstance(item, RawInput):
            item.url = item.url or page.url
        yield item


def _meta_charset(content: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag, for servers that do not send one."""
    match = _META_CHARSET.search(content[:4096])
    return match.group(1).decode("ascii") if match else None


def _from_path(path: Path, spec: str, options: ReadOptions) -> Iterator[RawInput | InputError]:
    if path.is_dir():
        yield from _from_directory(path, spec, options)
        return
    if not path.exists() and not path.is_symlink() and _BARE_HOST.match(spec):
        yield InputError(f"no such file; if this is a web address, write it as https://{spec}", where=spec)
        return
    yield from _from_file(path, spec, options)


def _from_file(path: Path, origin: str, options: ReadOptions) -> Iterator[RawInput | InputError]:
    try:
        data = read_bytes(path, options.max_bytes, origin)
    except InputError as error:
        yield error
        return
    for item in inputs_from_bytes(data, origin, path.suffix):
        if isinstance(item, RawInput):
            item.path = str(path)
        yield item


def _from_directory(root: Path, spec: str, options: ReadOptions) -> Iterator[RawInput | InputError]:
    walk = walk_directory(root)
    tried = 0
    for path in walk.files:
        if path.suffix.lower() not in ARTICLE_SUFFIXES and is_binary_file(path):
            walk.skipped.append(path)
            continue
        tried += 1
        yield from _from_file(path, str(path), options)
    for path in walk.skipped:
        log.info("skipped %s (hidden, junk or binary)", path)
    if not tried:
        detail = f"; {len(walk.skipped)} hidden, junk or binary file(s) skipped" if walk.skipped else ""
        yield InputError(f"no article files in this directory{detail}", where=spec)


def _finish(raw: RawInput, manifest: Manifest | None, spec: str) -> None:
    """Apply the manifest, normalise the date, and set the statistics group."""
    if manifest is not None:
        row = manifest.lookup(url=raw.url or raw.hints.url) or manifest.lookup(url=spec if _URL.match(spec) else None)
        row = row or manifest.lookup(path=raw.path)
        raw.hints = apply(raw.hints, row)
    if raw.hints.published:
        raw.hints = replace(raw.hints, published=iso_date(raw.hints.published))
    raw.url = raw.url or raw.hints.url
    raw.group = _group(raw)


def _group(raw: RawInput) -> str:
    if raw.hints.publisher:
        return raw.hints.publisher
    url = raw.url or raw.hints.url
    host = urlsplit(url).hostname if url else None
    if host:
        return host.removeprefix("www.")
    if raw.path:
        return str(Path(raw.path).parent)
    return raw.origin

