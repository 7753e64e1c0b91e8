"""Cleaning: turn a raw input into the article body, its metadata and a list of removals.

Stage `clean` (needs `raw`): plain text and markdown go through `plain.clean_plain`, HTML
through trafilatura (`html.clean_html`). Metadata is then settled in this order, each value
recording its origin in `article.provenance`:
1. hints supplied with the input (JSON fields, the manifest) override everything;
2. what the text or page says (byline, "Last updated" line, bio, html metadata);
3. the publisher falls back to the URL host. Nothing else is guessed: `published` stays
   None when neither the input nor its hints state a date.
The title line is taken out of `text` (removal reason "metadata:title").

`prepare(docs, ctx)` counts normalised lines per `doc.raw.group` (publisher, host or
directory): a line printed by several documents of one group is publisher boilerplate.
It also hands each plain-text input's folded line keys on to the run step, which would
otherwise fold every line a second time.
"""

from __future__ import annotations

from collections import Counter

from ..pipeline import Context, Doc, register
from . import metadata as meta
from .html import clean_html
from .lines import Line
from .patterns import default_patterns, load_patterns
from .plain import Cleaned, clean_plain, normalise_key, split_lines

__all__ = ["clean", "prepare", "clean_text", "clean_html", "clean_plain", "load_patterns", "Cleaned"]

PATTERNS_KEY = "clean.patterns"
BOILERPLATE_KEY = "clean.boilerplate"
FOLDED_KEY = "clean.folded-lines"
# A line must appear in at least this many distinct documents of a group to count as boilerplate.
MIN_DOCUMENTS = 2


def _patterns(ctx: Context | None):
    if ctx is None:  # library calls without a context share one loaded copy
        return default_patterns()
    return ctx.resource(PATTERNS_KEY, load_patterns)


def clean_text(
    text: str,
    fmt: str = "text",
    *,
    url: str | None = None,
    boilerplate: frozenset[str] = frozenset(),
    publisher: str | None = None,
    ctx: Context | None = None,
    line_keys: tuple[str, ...] | None = None,
) -> Cleaned:
    """Clean one input string of format "text", "markdown" or "html".

    `publisher` (the name the input's hints give) and `url` name the site: a line that is
    the site's name is a masthead or footer, never the headline. `line_keys`, for plain text,
    are the keys of `split_lines(text)` when they were already folded (by the stage's prepare).
    """
    patterns = _patterns(ctx)
    if fmt == "html":
        return clean_html(text, patterns, url=url)
    site_names = (publisher,) if publisher else ()
    cleaned = clean_plain(
        text, patterns, markdown=fmt == "markdown", boilerplate=boilerplate, site_names=site_names, url=url,
        line_keys=line_keys if fmt != "markdown" else None,
    )
    cleaned.provenance["text"] = "markdown cleaner" if fmt == "markdown" else "plain-text cleaner"
    return cleaned


def prepare(docs: list[Doc], ctx: Context) -> None:
    """Count each normalised line once per distinct document of a group; keep those seen in several."""
    seen_texts: set[tuple[str, str]] = set()
    counts: dict[str, Counter] = {}
    # raw text -> its lines' keys, for the run step (the next corpus's prepare replaces them)
    folded: dict[str, tuple[str, ...]] = {}
    for doc in docs:
        group = doc.raw.group
        if not group or doc.raw.format == "html":
            continue
        fingerprint = (group, " ".join(doc.raw.text.split()))
        if fingerprint in seen_texts:  # the same article twice must not turn itself into boilerplate
            continue
        seen_texts.add(fingerprint)
        lines = split_lines(doc.raw.text)
        if doc.raw.format != "markdown":  # the run step splits the text the same way: hand the folded keys over
            folded[doc.raw.text] = tuple(line.key for line in lines)
        keys = {_prepare_key(line) for line in lines}
        counts.setdefault(group, Counter()).update(key for key in keys if key)
    ctx.resources[BOILERPLATE_KEY] = {
        group: frozenset(key for key, n in counter.items() if n >= MIN_DOCUMENTS) for group, counter in counts.items()
    }
    ctx.resources[FOLDED_KEY] = folded


def _prepare_key(line: Line) -> str:
    """`normalise_key(line.source)`: the line's own key unless a bullet glyph was cut off its text."""
    # The displayed line is the tidied source, so both keys fold the same string (and the run step
    # reuses `line.key` instead of folding the line again).
    return normalise_key(line.source) if line.bullet else line.key


def _keys_from_prepare(ctx: Context, raw) -> tuple[str, ...] | None:
    """The keys `prepare` already folded for this input's lines (each handed over once), or None.

    Only the key strings are kept between the passes (the counts held the same strings, so peak
    memory does not grow): whole `Line` objects for a corpus would cost about four times its text."""
    stash = ctx.resources.get(FOLDED_KEY)
    if not stash or raw.format in ("markdown", "html"):
        return None
    return stash.pop(raw.text, None)


@register(
    "clean",
    needs=("raw",),
    adds=("text", "removed", "title", "author", "published", "publisher", "path", "url", "provenance"),
    prepare=prepare,
)
def clean(doc: Doc, ctx: Context) -> None:
    raw, article = doc.raw, doc.article
    boilerplate = ctx.resources.get(BOILERPLATE_KEY, {}).get(raw.group, frozenset()) if raw.group else frozenset()
    url = raw.url or raw.hints.url
    cleaned = clean_text(raw.text, raw.format, url=url, boilerplate=boilerplate, publisher=raw.hints.publisher, ctx=ctx,
                         line_keys=_keys_from_prepare(ctx, raw))
    article.path = raw.path
    article.url = url
    article.text = cleaned.text
    article.removed = cleaned.removed
    provenance = dict(cleaned.provenance)
    for name in ("title", "author", "published", "publisher"):
        setattr(article, name, getattr(cleaned, name))
    if article.publisher is None:
        host = meta.publisher_from_url(url)
        if host:
            article.publisher = host.value
            provenance["publisher"] = host.how
    for name, value in raw.hints.items():
        if name == "url":
            continue
        setattr(article, name, value)
        provenance[name] = "hints (input fields or manifest)"
    article.provenance = provenance
