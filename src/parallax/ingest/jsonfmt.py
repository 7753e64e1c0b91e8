"""JSON and JSON-lines inputs: one article per object, its fields becoming hints.

Field names vary between exports, so each hint accepts a few common spellings
(schema.org's `articleBody`, `headline`, `datePublished`...). A record holding
an `articles` list and no text of its own (a story with its articles, as in
AllSides-style round-ups) is expanded into those articles.
"""

from __future__ import annotations

import json
from typing import Iterator

from ..errors import InputError
from ..model import Hints, RawInput
from .dates import iso_date
from .decode import looks_like_html

TEXT_FIELDS = ("text", "content", "body", "articleBody", "article")
HTML_FIELDS = ("html", "raw_html")
TITLE_FIELDS = ("title", "headline")
PUBLISHED_FIELDS = ("published", "date", "datePublished", "published_at", "publish_date", "pubDate")
PUBLISHER_FIELDS = ("publisher", "source", "site_name", "outlet", "domain")
AUTHOR_FIELDS = ("author", "authors", "byline")
URL_FIELDS = ("url", "link", "source_url")

# Whole JSON-lines files are read at once; this caps how many errors one file may
# produce so that a file that is not JSON lines at all gives a few lines, not thousands.
MAX_ERRORS_PER_FILE = 20


def parse_json_document(text: str, origin: str) -> Iterator[RawInput | InputError]:
    """A `.json` file: one object, a list of objects, or {"articles": [...]}."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        yield InputError(f"invalid JSON: {error.msg} (line {error.lineno}, column {error.colno})", where=origin)
        return
    if isinstance(data, list):
        if not data:
            yield InputError("empty JSON list: no articles", where=origin)
        for index, item in enumerate(data):
            yield from records_to_inputs(item, f"{origin}[{index}]")
    else:
        yield from records_to_inputs(data, origin)


def parse_json_lines(text: str, origin: str) -> Iterator[RawInput | InputError]:
    """A `.jsonl` file: one object per line; a bad line is one error naming `file:LINE`."""
    errors = found = 0
    for number, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        where = f"{origin}:{number}"
        try:
            data = json.loads(line)
        except json.JSONDecodeError as error:
            item: RawInput | InputError = InputError(f"invalid JSON: {error.msg} (column {error.colno})", where=where)
            errors += 1
            if errors > MAX_ERRORS_PER_FILE:
                yield InputError(f"more than {MAX_ERRORS_PER_FILE} bad lines; is this really JSON lines?", where=origin)
                return
            yield item
            continue
        for item in records_to_inputs(data, where):
            found += isinstance(item, RawInput)
            yield item
    if not found and not errors:
        yield InputError("no JSON lines in file", where=origin)


def looks_like_json(text: str) -> bool:
    return text.lstrip()[:1] in ("{", "[")


def parse_json_any(text: str, origin: str) -> Iterator[RawInput | InputError]:
    """JSON of unknown layout (stdin, a download): one document, else JSON lines."""
    try:
        json.loads(text)
    except json.JSONDecodeError:
        return parse_json_lines(text, origin)
    return parse_json_document(text, origin)


def records_to_inputs(data, where: str) -> Iterator[RawInput | InputError]:
    if not isinstance(data, dict):
        yield InputError(f"expected a JSON object, found {_json_type(data)}", where=where)
        return
    nested = data.get("articles")
    if isinstance(nested, list) and not _first(data, TEXT_FIELDS + HTML_FIELDS):
        for index, article in enumerate(nested):
            yield from records_to_inputs(article, f"{where}/articles[{index}]")
        return
    yield record_to_input(data, where)


def record_to_input(record: dict, where: str) -> RawInput | InputError:
    text, fmt = _body(record)
    if text is None:
        return InputError(f"no article text: expected one of the fields {', '.join(TEXT_FIELDS)}", where=where)
    if not text.strip():
        return InputError("the article text is empty", where=where)
    hints = Hints(
        title=_string(_first(record, TITLE_FIELDS)),
        url=_string(_first(record, URL_FIELDS)),
        publisher=_string(_first(record, PUBLISHER_FIELDS)),
        published=iso_date(_string(_first(record, PUBLISHED_FIELDS))),
        author=_string(_first(record, AUTHOR_FIELDS)),
    )
    return RawInput(origin=where, text=text.replace("\r\n", "\n"), format=fmt, url=hints.url, hints=hints)


def _body(record: dict) -> tuple[str | None, str]:
    value = _first(record, TEXT_FIELDS)
    if value is not None:
        text = _paragraphs(value)
        if text is not None:
            return text, "html" if looks_like_html(text) else "text"
    html = _first(record, HTML_FIELDS)
    if isinstance(html, str):
        return html, "html"
    return None, "text"


def _paragraphs(value) -> str | None:
    """A string, or a list of paragraph strings (joined by blank lines)."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(p, str) for p in value):
        return "\n\n".join(p.strip() for p in value if p.strip())
    return None


def _first(record: dict, names: tuple[str, ...]):
    for name in names:
        value = record.get(name)
        if value not in (None, "", []):
            return value
    return None


def _string(value) -> str | None:
    """A hint value as one string: names of {"name": ...} objects, lists joined by commas."""
    if value is None:
        return None
    if isinstance(value, dict):
        return _string(value.get("name"))
    if isinstance(value, list):
        parts = [s for s in (_string(v) for v in value) if s]
        return ", ".join(parts) or None
    text = str(value).strip()
    return text or None


def _json_type(value) -> str:
    return {list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(type(value), "a number")
