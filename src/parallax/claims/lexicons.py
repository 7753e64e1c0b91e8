"""The claims stage's word lists, loaded once from `parallax/data/claims/` (see the README there)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "claims"


def _lines(name: str) -> list[str]:
    text = (DATA / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@lru_cache(maxsize=None)
def report_verb_forms() -> dict[str, str]:
    """Every inflected reporting verb form -> its lemma ("said" -> "say")."""
    forms: dict[str, str] = {}
    for line in _lines("report_verbs.txt"):
        words = line.lower().split()
        for form in words:
            forms.setdefault(form, words[0])
    return forms


@lru_cache(maxsize=None)
def report_verb_pattern() -> re.Pattern[str]:
    """Any reporting verb form, lower case only (a capitalised form opens a sentence or is part of a name)."""
    return re.compile(rf"(?<![\w'’-])(?:{trie_pattern(sorted(report_verb_forms()))})(?![\w'’-])")


@lru_cache(maxsize=None)
def hedge_pattern() -> re.Pattern[str]:
    """Any hedge as whole words, longest first ("strongly implies" beats "implies"). Case-sensitive and lower
    case: run it on lower-cased text (see `lowered`), which keeps the regex engine's fast first-character scan."""
    phrases = [" ".join(p.lower().split()) for p in _lines("hedges.txt")]
    return re.compile(rf"(?<![\w'’-])(?:{trie_pattern(phrases)})(?![\w-])")


def lowered(text: str) -> str:
    """`text.lower()` when that keeps every offset (almost always); else the text itself, so offsets stay true
    (a few characters such as "İ" grow when lower-cased; such text then simply misses lower-case matches)."""
    low = text.lower()
    return low if len(low) == len(text) else text


@lru_cache(maxsize=None)
def strong_subjective() -> frozenset[str]:
    return frozenset(word.lower() for word in _lines("strong_subjective.txt"))


def trie_pattern(phrases: list[str]) -> str:
    """A regex alternation of `phrases` factored into a trie ("sa(?:id|ys)"): the regex engine then checks one
    branch per character instead of every phrase at every position, which makes long word lists cheap."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_to_regex(trie)


def _trie_to_regex(node: dict) -> str:
    ends_here = "" in node
    branches = [(re.escape(ch) if ch != " " else r"\s+") + _trie_to_regex(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends_here:
        return f"(?:{body})?"
    return body
