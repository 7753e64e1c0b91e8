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
It also hands each plain-text input's folded line keys (and whether all its lines are tidy)
on to the run step, which would otherwise fold and test every line a second time.
"""

from __future__ import annotations

from collections import Counter

from ..pipeline import Context, Doc, register
from . import metadata as meta
from .html import clean_html
from .lines import FoldedLines, fold_lines
from .patterns import default_patterns, load_patterns
from .plain import Cleaned, clean_plain

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
    folded: FoldedLines | None = None,
) -> Cleaned:
    """Clean one input string of format "text", "markdown" or "html".

    `publisher` (the name the input's hints give) and `url` name the site: a line that is
    the site's name is a masthead or footer, never the headline. `folded`, for plain text, is
    `fold_lines(text)` when the stage's prepare already folded its lines.
    """
    patterns = _patterns(ctx)
    if fmt == "html":
        return clean_html(text, patterns, url=url)
    site_names = (publisher,) if publisher else ()
    cleaned = clean_plain(
        text, patterns, markdown=fmt == "markdown", boilerplate=boilerplate, site_names=site_names, url=url,
        folded=folded if fmt != "markdown" else None,
    )
    cleaned.provenance["text"] = "markdown cleaner" if fmt == "markdown" else "plain-text cleaner"
    return cleaned


def prepare(docs: list[Doc], ctx: Context) -> None:
    """Count each normalised line once per distinct document of a group; keep those seen in several."""
    seen = _SeenTexts()
    counts: dict[str, Counter] = {}
    # raw text -> its lines' keys, for the run step (the next corpus's prepare replaces them)
    folded: dict[str, FoldedLines] = {}
    for doc in docs:
        group = doc.raw.group
        if not group or doc.raw.format == "html":
            continue
        if seen.again(group, doc.raw.text):  # the same article twice must not turn itself into boilerplate
            continue
        lines = fold_lines(doc.raw.text)
        if doc.raw.format != "markdown":  # the run step splits the text the same way: hand the folded keys over
            folded[doc.raw.text] = lines._replace(source_keys=())  # the run step reads only the keys and `tidy`
        counts.setdefault(group, Counter()).update(key for key in set(lines.source_keys) if key)
    ctx.resources[BOILERPLATE_KEY] = {
        group: frozenset(key for key, n in counter.items() if n >= MIN_DOCUMENTS) for group, counter in counts.items()
    }
    ctx.resources[FOLDED_KEY] = folded


# Words compared at each end of a text before its whole word sequence is (see _SeenTexts).
_OUTLINE_WORDS = 8


class _SeenTexts:
    """Which (group, text) pairs came before, texts being equal when their words are (`text.split()`).

    Joining every text's words costs as much as folding its lines; two texts with the same words
    also share their first and last few words, which `split` with a limit reads without touching
    the middle. Only texts that share those are compared word for word."""

    def __init__(self) -> None:
        self._texts: dict[tuple, list] = {}  # (group, outline) -> [text, its joined words or None]

    def again(self, group: str, text: str) -> bool:
        probe = (group, tuple(text.split(None, _OUTLINE_WORDS)[:_OUTLINE_WORDS]),
                 tuple(text.rsplit(None, _OUTLINE_WORDS)[1:]))
        earlier = self._texts.get(probe)
        if earlier is None:
            self._texts[probe] = [[text, None]]
            return False
        words = " ".join(text.split())
        for entry in earlier:
            if entry[1] is None:
                entry[1] = " ".join(entry[0].split())
            if entry[1] == words:
                return True
        earlier.append([text, words])
        return False


def _folded_in_prepare(ctx: Context, raw) -> FoldedLines | None:
    """What `prepare` already folded for this input's lines (each handed over once), or None.

    Only the key strings and whether every line is tidy are kept between the passes (the counts held
    the same strings, so peak memory does not grow): whole `Line` objects for a corpus would cost
    about four times its text."""
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
                         folded=_folded_in_prepare(ctx, raw))
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
