"""HTML articles: trafilatura extracts the body and the page metadata; we never parse HTML by hand.

Paths, tried in order and recorded in `provenance["text"]`:
1. "html: trafilatura" (default settings, with metadata);
2. "html: trafilatura (favor_recall)" when the first found no body;
3. "html: rendered text + plain cleaner" when trafilatura found nothing at all: the page is
   rendered to text (inscriptis keeps the line layout; trafilatura's html2txt otherwise) and
   cleaned like any scraped text.
The trafilatura body is then passed through the plain cleaner as well: it drops the
left-over calls to action and link lists that trafilatura keeps, and finds a byline.
"""

from __future__ import annotations

import logging

from . import metadata as meta
from .patterns import Pattern
from .plain import Cleaned, clean_plain

# trafilatura reports ordinary extraction failures through logging; they are not ours to print.
logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)

# htmldate's "extensive search" guesses dates from anything date-shaped on the page;
# we only take a date the page declares (metadata, time elements), never a guess.
_DATE_PARAMS = {"extensive_search": False, "original_date": True}


def _extract(html: str, url: str | None, **settings):
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            html,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            date_extraction_params=_DATE_PARAMS,
            **settings,
        )
    # trafilatura and lxml can fail in many ways on broken markup; any failure means "no extraction here".
    except Exception:  # noqa: BLE001
        return None


def render_text(html: str) -> str:
    """The whole page as text with its line layout (and all its noise)."""
    try:
        from inscriptis import get_text
    except ImportError:  # inscriptis is optional: trafilatura's renderer keeps less layout
        get_text = None
    try:
        if get_text is not None:
            return get_text(html)
        from trafilatura import html2txt

        return html2txt(html)
    except Exception:  # noqa: BLE001 - broken markup renders as nothing, never as a crash
        return ""


def clean_html(html: str, patterns: tuple[Pattern, ...], *, url: str | None = None) -> Cleaned:
    path = "html: trafilatura"
    document = _extract(html, url)
    if document is None or not (document.text or "").strip():
        path = "html: trafilatura (favor_recall)"
        document = _extract(html, url, favor_recall=True)
    if document is None or not (document.text or "").strip():
        cleaned = clean_plain(render_text(html), patterns)
        cleaned.provenance["text"] = "html: rendered text + plain cleaner"
        return cleaned
    # trafilatura already chose where the body starts and ends: no positional rules on top.
    cleaned = clean_plain(document.text, patterns, positional=False)
    cleaned.provenance["text"] = path
    _take_page_metadata(cleaned, document)
    return cleaned


def _take_page_metadata(cleaned: Cleaned, document) -> None:
    """Page metadata (as trafilatura read it from meta tags and markup) beats what the body text says."""
    for name, value in (
        ("title", document.title),
        ("author", document.author),
        ("published", meta.parse_date(document.date or "") if document.date else None),
        ("publisher", document.sitename),
    ):
        if value:
            setattr(cleaned, name, value.strip())
            cleaned.provenance[name] = "html metadata"
