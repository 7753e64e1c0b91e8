"""Which articles make the brief: one language, no copies, on topic. Everything left out says why."""

from __future__ import annotations

import re

import numpy as np

from ..model import Article, Excluded

BRIEF_LANGUAGES = ("en",)
_WORD = re.compile(r"\w+", re.UNICODE)


def origin(article: Article) -> str:
    return article.url or article.path or article.title or article.id


def by_language(articles: list[Article]) -> tuple[list[Article], list[Excluded]]:
    kept, excluded = [], []
    for article in articles:
        if article.language and article.language not in BRIEF_LANGUAGES:
            excluded.append(Excluded(origin(article), f"language '{article.language}': the brief's analyses are available for English only"))
        else:
            kept.append(article)
    return kept, excluded


def _shingles(text: str, n: int = 5) -> set[int]:
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return {hash(" ".join(words))} if words else set()
    return {hash(" ".join(words[i:i + n])) for i in range(len(words) - n + 1)}


def merge_duplicates(articles: list[Article], containment: float) -> tuple[list[Article], dict[str, list[str]], list[Excluded]]:
    """Drop syndicated copies and re-posts: an article most of whose word 5-grams appear in one earlier article.

    Linear in the total text: each 5-gram remembers the first article it was seen in.
    Returns the kept articles, {kept id: [origins of its copies]}, and the exclusions.
    """
    first_seen: dict[int, int] = {}
    kept: list[Article] = []
    copies: dict[str, list[str]] = {}
    excluded: list[Excluded] = []
    for article in articles:
        shingles = _shingles(article.text)
        counts: dict[int, int] = {}
        for s in shingles:
            owner = first_seen.get(s)
            if owner is not None:
                counts[owner] = counts.get(owner, 0) + 1
        best = max(counts.items(), key=lambda kv: (kv[1], -kv[0]), default=None)
        if shingles and best and best[1] / len(shingles) >= containment:
            original = kept[best[0]]
            copies.setdefault(original.id, []).append(origin(article))
            excluded.append(Excluded(origin(article), f"duplicate of {origin(original)} ({best[1] / len(shingles):.0%} of its text): merged, not counted as an independent source"))
            continue
        index = len(kept)
        kept.append(article)
        for s in shingles:
            first_seen.setdefault(s, index)
    return kept, copies, excluded


def off_topic(article_vectors: np.ndarray, threshold: float) -> list[tuple[int, float]]:
    """Articles whose similarity to the rest of the story is low: (index, similarity to the others).

    Leave-one-out: each article is compared with the mean of the others, so one odd article
    cannot drag the story's centre towards itself. Needs at least three articles.
    """
    n = len(article_vectors)
    if n < 3:
        return []
    total = article_vectors.sum(axis=0)
    out = []
    for i in range(n):
        rest = total - article_vectors[i]
        norm = np.linalg.norm(rest)
        if norm == 0:
            continue
        similarity = float(article_vectors[i] @ rest / norm)
        if similarity < threshold:
            out.append((i, similarity))
    return out
