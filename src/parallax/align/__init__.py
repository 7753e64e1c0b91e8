"""Align what different sources say: sentence units, their neighbours, claim clusters.

Every sentence of every article is embedded once (MiniLM, cached on disk). Finding
similar sentences across sources must not compare every sentence with every other
one when the story is large, so `similar_pairs` is exact below `EXACT_LIMIT` units
and uses seeded random-hyperplane LSH (SimHash, several tables) above it: the
expected work grows linearly with the number of sentences.

Clusters are built greedily from the most similar pair down, and a cluster never
holds two sentences of the same source: that stops the chaining that plain
single-linkage suffers from (A~B, B~C, ... until unrelated sentences meet).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..model import Article, Claim
from .lexical import TermWeights, content_terms, negated
from .units import figures_conflict

CANDIDATE_SIMILARITY = 0.45  # embedding cosine below which two sentences are never the same claim
# agreement = 0.5 * cosine + 0.3 * shared rare-word weight + 0.2 * weighted overlap coefficient
# (chosen by reading the ranked pairs of the example corpus and the seeds; see docs/EVALUATION.md)
AGREEMENT_WEIGHTS = (0.5, 0.3, 0.2)
EXACT_LIMIT = 3000  # units; above this, LSH
LSH_TABLES = 16
LSH_BUCKET_TARGET = 48  # aim for about this many units per bucket
MIN_WORDS = 5


@dataclass
class Unit:
    """One sentence of one source, the thing that gets aligned."""

    source: int  # index into the list of articles
    sentence: int  # index into that article's sentences
    start: int
    end: int
    text: str
    claim: Claim | None


def collect_units(articles: list[Article], min_words: int = MIN_WORDS) -> list[Unit]:
    units = []
    for a_index, article in enumerate(articles):
        claims_by_sentence: dict[int, Claim] = {}
        for claim in article.claims:
            if claim.sentence is not None:
                claims_by_sentence.setdefault(claim.sentence, claim)
        for s_index, sentence in enumerate(article.sentences):
            text = article.text[sentence.start:sentence.end]
            if len(text.split()) < min_words:
                continue
            claim = claims_by_sentence.get(s_index) or _claim_covering(article.claims, sentence.start, sentence.end)
            units.append(Unit(a_index, s_index, sentence.start, sentence.end, text, claim))
    return units


def _claim_covering(claims: list[Claim], start: int, end: int) -> Claim | None:
    best, best_overlap = None, 0
    for claim in claims:
        overlap = min(end, claim.end) - max(start, claim.start)
        if overlap > best_overlap:
            best, best_overlap = claim, overlap
    return best


def similar_pairs(vectors: np.ndarray, sources: np.ndarray, threshold: float, *,
                  exact_limit: int = EXACT_LIMIT, seed: int = 0) -> list[tuple[int, int, float]]:
    """Pairs (i, j, cosine) with i < j, from different sources, cosine >= threshold. Sorted, most similar first."""
    n = len(vectors)
    if n < 2:
        return []
    if n <= exact_limit:
        candidates = _exact_candidates(vectors, sources, threshold)
    else:
        candidates = _lsh_candidates(vectors, sources, threshold, seed)
    candidates.sort(key=lambda p: (-p[2], p[0], p[1]))
    return candidates


def _exact_candidates(vectors, sources, threshold, chunk: int = 1024):
    out = []
    n = len(vectors)
    for lo in range(0, n, chunk):
        block = vectors[lo:lo + chunk] @ vectors.T
        rows, cols = np.nonzero(block >= threshold)
        for r, c in zip(rows.tolist(), cols.tolist()):
            i = lo + r
            if c > i and sources[i] != sources[c]:
                out.append((i, c, float(block[r, c])))
    return out


def _lsh_candidates(vectors, sources, threshold, seed):
    n, dim = vectors.shape
    bits = max(4, int(np.ceil(np.log2(max(n / LSH_BUCKET_TARGET, 2)))))
    rng = np.random.default_rng(seed)
    weights = 1 << np.arange(bits, dtype=np.int64)
    seen: set[int] = set()
    out = []
    for _ in range(LSH_TABLES):
        planes = rng.standard_normal((dim, bits)).astype(np.float32)
        keys = ((vectors @ planes) > 0).astype(np.int64) @ weights
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        bounds = np.flatnonzero(np.diff(sorted_keys)) + 1
        for members in np.split(order, bounds):
            if len(members) < 2:
                continue
            sims = vectors[members] @ vectors[members].T
            rows, cols = np.nonzero(np.triu(sims, 1) >= threshold)
            for r, c in zip(rows.tolist(), cols.tolist()):
                i, j = int(members[r]), int(members[c])
                if i > j:
                    i, j = j, i
                if sources[i] == sources[j]:
                    continue
                key = i * n + j
                if key not in seen:
                    seen.add(key)
                    out.append((i, j, float(sims[r, c])))
    return out


def cluster_units(units: list[Unit], pairs: list[tuple[int, int, float]], threshold: float | None = None) -> list[list[int]]:
    """Greedy, source-exclusive clustering. Returns clusters (lists of unit indices) of size >= 2.

    `pairs` may include weaker links than `threshold`: clusters are joined only through a
    pair at or above `threshold`, and only when every cross pair of members is linked at
    all (complete linkage on the weaker floor), which keeps a cluster about one claim.
    """
    linked = {(i, j) for i, j, _ in pairs}
    strong = [p for p in pairs if threshold is None or p[2] >= threshold]
    parent = list(range(len(units)))
    members: dict[int, list[int]] = {i: [i] for i in range(len(units))}
    source_sets: dict[int, set[int]] = {i: {units[i].source} for i in range(len(units))}

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for i, j, _ in strong:
        ri, rj = find(i), find(j)
        if ri == rj or source_sets[ri] & source_sets[rj]:
            continue
        if threshold is not None and not all((min(a, b), max(a, b)) in linked for a in members[ri] for b in members[rj]):
            continue
        if len(members[ri]) < len(members[rj]):
            ri, rj = rj, ri
        parent[rj] = ri
        members[ri].extend(members.pop(rj))
        source_sets[ri] |= source_sets.pop(rj)
    clusters = [sorted(m) for m in members.values() if len(m) >= 2]
    clusters.sort(key=lambda m: (-len(m), m[0]))
    return clusters


def agreement_pairs(units: list[Unit], vectors: np.ndarray, threshold: float, *,
                    candidate: float = CANDIDATE_SIMILARITY) -> list[tuple[int, int, float]]:
    """Pairs of sentences from different sources that say the same thing, most similar first.

    The score combines the embedding cosine with the story-IDF-weighted overlap of
    content words (see lexical.py); questions never agree with anything; a negated
    and a plain sentence do not agree; two sentences giving different numbers for the
    same kind of thing (units.py) conflict instead.
    """
    sources = np.array([u.source for u in units], dtype=np.int64)
    terms = [content_terms(u.text) for u in units]
    weights = TermWeights(terms)
    out = []
    for i, j, cosine in similar_pairs(vectors, sources, candidate):
        if units[i].text.rstrip().endswith("?") or units[j].text.rstrip().endswith("?"):
            continue
        w_cos, w_shared, w_overlap = AGREEMENT_WEIGHTS
        score = w_cos * cosine + w_shared * weights.shared(terms[i], terms[j]) + w_overlap * weights.overlap(terms[i], terms[j])
        if score < threshold or negated(units[i].text) != negated(units[j].text):
            continue  # "has not entered" and "entered" are a development or a dispute, not agreement
        if units[i].claim and units[j].claim and figures_conflict(units[i].claim.quantities, units[j].claim.quantities):
            continue
        out.append((i, j, round(score, 6)))
    out.sort(key=lambda p: (-p[2], p[0], p[1]))
    return out
