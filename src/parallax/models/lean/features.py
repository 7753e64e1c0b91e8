"""Text preparation for the lean model: what the embedder and the TF-IDF part see.

Outlet names leak the label in training (an outlet's own name, its byline
boilerplate) and do not transfer to unseen outlets, so training text has the
article's own outlet name and URL host masked. At prediction time the source is
usually unknown; the vocabulary filter in `model.py` (a term must occur in
articles from several outlets) removes most of the remaining outlet-specific terms.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

EMBED_WORDS = 200  # MiniLM reads at most 256 word pieces; ~200 words plus a title fits
LEXICAL_WORDS = 1000  # enough words for the lexical part; caps cost on very long pages
OUTLET_MASK = "outletname"  # a stop word for the lexical part: an outlet naming itself is a shortcut too

# Words in outlet labels that describe the feed, not the name ("CNN (Web News)", "Fox Online News").
_FEED_WORDS = re.compile(r"\b(?:online|web|news|opinion|editorial|blog)\b", re.IGNORECASE)
_PARENTHESIS = re.compile(r"\([^)]*\)")
_SPACES = re.compile(r"\s+")
_HOST_NOISE = re.compile(r"^(?:www\d?|m|mobile|amp|edition|news)\.|\.(?:com|org|net|co\.uk|co|us|uk|news)$")


def _first_words(text: str, limit: int) -> str:
    words = text.split()
    return " ".join(words[:limit])


def outlet_names(source: str | None, url: str | None) -> list[str]:
    """Spellings of an outlet's name worth masking, longest first (so phrases win over parts)."""
    names: set[str] = set()
    if source:
        plain = _PARENTHESIS.sub(" ", source).split(" - ")[0]
        plain = _SPACES.sub(" ", plain).strip()
        if plain:
            names.add(plain)
            if plain.lower().startswith("the ") and " " in plain[4:]:  # not "Hill" from "The Hill"
                names.add(plain[4:])
            core = _SPACES.sub(" ", _FEED_WORDS.sub(" ", plain)).strip()
            if len(core) >= 3:
                names.add(core)
                names.add(core.replace(" ", ""))
    if url:
        host = (urlparse(url).hostname or "").lower()
        previous = None
        while host != previous:  # strip prefixes and suffixes until nothing changes
            previous, host = host, _HOST_NOISE.sub("", host)
        if len(host) >= 3:
            names.add(host)
    return sorted(names, key=lambda name: (-len(name), name))


def mask_outlet(text: str, source: str | None = None, url: str | None = None) -> str:
    """Replace the outlet's own name (and its web host) in `text` by a neutral placeholder."""
    names = outlet_names(source, url)
    if not names or not text:
        return text
    pattern = re.compile(r"\b(?:" + "|".join(re.escape(name) for name in names) + r")\b", re.IGNORECASE)
    return pattern.sub(OUTLET_MASK, text)


def embedding_text(title: str, body: str) -> str:
    """Title plus the opening words: what MiniLM can read in one pass."""
    return _first_words(f"{title}. {body}" if title else body, EMBED_WORDS)


def lexical_text(title: str, body: str) -> str:
    return _first_words(f"{title}. {body}" if title else body, LEXICAL_WORDS)
