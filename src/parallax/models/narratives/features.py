"""Article vectors for the narrative heads: MiniLM over sentence-aligned chunks, averaged.

MiniLM reads at most 256 word pieces (about 200 words), while a narrative often shows only
in the middle or at the end of an article. So the article is cut at sentence ends into
chunks of at most CHUNK_WORDS words, each chunk is embedded, and the chunk vectors are
averaged (and renormalised, so a dot product stays a cosine).
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np

CHUNK_WORDS = 180  # leaves room for word pieces: 180 English words are ~230-250 pieces
MAX_CHUNKS = 12  # long pages: later chunks are mostly comments and link lists

# A sentence ends at . ! ? (optionally followed by a closing quote or bracket) before
# whitespace, or at a line break; good enough to avoid cutting a chunk mid-sentence.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'\u201d\u2019)\]]*\s+|\n+")


def chunk_text(text: str, words: int = CHUNK_WORDS, max_chunks: int = MAX_CHUNKS) -> list[str]:
    """Cut `text` into chunks of whole sentences of at most `words` words (a longer
    sentence is split on words). Always returns at least one chunk (maybe empty)."""
    chunks: list[str] = []
    current: list[str] = []
    for sentence in _SENTENCE_END.split(text):
        tokens = sentence.split()
        while tokens:
            room = words - len(current)
            if len(tokens) > room and current:
                chunks.append(" ".join(current))
                current = []
                continue
            current.extend(tokens[:words])
            tokens = tokens[words:]
        if len(chunks) >= max_chunks:
            break
    if current and len(chunks) < max_chunks:
        chunks.append(" ".join(current))
    return chunks[:max_chunks] or [""]


def pool_chunks(vectors: np.ndarray, owners: Sequence[int], count: int) -> np.ndarray:
    """Mean of each text's chunk vectors, renormalised to unit length: (count, dim)."""
    pooled = np.zeros((count, vectors.shape[1]), dtype=np.float64)
    np.add.at(pooled, np.asarray(owners, dtype=int), vectors.astype(np.float64))
    norms = np.linalg.norm(pooled, axis=1, keepdims=True)
    return (pooled / np.where(norms == 0, 1.0, norms)).astype(np.float32)


def document_embeddings(texts: Sequence[str], embedder=None) -> np.ndarray:
    """(len(texts), 384) unit vectors: the mean of each text's chunk embeddings.

    `embedder`: anything with `encode(list[str]) -> (n, 384)`; default the process-wide MiniLM.
    """
    if embedder is None:
        from parallax.embed import get_embedder

        embedder = get_embedder()
    chunks: list[str] = []
    owners: list[int] = []
    for index, text in enumerate(texts):
        for chunk in chunk_text(text):
            chunks.append(chunk)
            owners.append(index)
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    return pool_chunks(np.asarray(embedder.encode(chunks)), owners, len(texts))
