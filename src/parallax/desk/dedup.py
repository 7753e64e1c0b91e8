"""Near-duplicates and syndicated copies: MinHash LSH (datasketch) over word 5-grams.

LSH finds candidates in constant time per article (no comparison with the whole store);
each candidate is then checked exactly: the share of the new article's 5-grams found in
the candidate's text (containment, as `brief.select.merge_duplicates` measures it). A
wire story re-posted with a different headline, byline and footer still shares most of
its 5-grams; two reports of one event in their own words share almost none.

The index lives in memory and is rebuilt from the signatures stored with each article
the first time a `NearDuplicates` is used, so it survives restarts without its own file.
"""

from __future__ import annotations

import re

import numpy as np
from datasketch import MinHash, MinHashLSH

NUM_PERM = 64
SEED = 1  # fixed: signatures stored in the database must stay comparable across runs
SCHEME = "affine32"  # datasketch 2's default, named so stored signatures are read back the same way
SHINGLE_WORDS = 5
_WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = SHINGLE_WORDS) -> set[str]:
    words = _WORD.findall(text.lower())
    if len(words) < n:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def signature(grams: set[str]) -> MinHash:
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    if grams:
        minhash.update_batch([g.encode("utf-8") for g in sorted(grams)])
    return minhash


def to_blob(minhash: MinHash) -> bytes:
    return np.asarray(minhash.hashvalues, dtype=np.uint32).tobytes()


def from_blob(blob: bytes) -> MinHash:
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashvalues=np.frombuffer(blob, dtype=np.uint32))


def containment(grams: set[str], other: set[str]) -> float:
    return len(grams & other) / len(grams) if grams else 0.0


class NearDuplicates:
    """Finds the stored article a new text copies, if any."""

    def __init__(self, store, candidate_jaccard: float = 0.5, min_containment: float = 0.8):
        self.store = store
        self.min_containment = min_containment
        self._candidate_jaccard = candidate_jaccard
        self._lsh: MinHashLSH | None = None

    @property
    def lsh(self) -> MinHashLSH:
        if self._lsh is None:
            self._lsh = MinHashLSH(threshold=self._candidate_jaccard, num_perm=NUM_PERM)
            for article_id, blob in self.store.minhashes():
                self._lsh.insert(article_id, from_blob(blob), check_duplication=False)
        return self._lsh

    def find(self, db, text: str, grams: set[str], minhash: MinHash, exclude: set[str] = frozenset()) -> tuple[str, float] | None:
        """(id of the original, share of `text` found in it) for the best stored match above the threshold."""
        best: tuple[str, float] | None = None
        for candidate in sorted(set(self.lsh.query(minhash)) - set(exclude)):
            share = containment(grams, shingles(self.store.article_text(db, candidate)))
            if share >= self.min_containment and (best is None or share > best[1]):
                best = (candidate, share)
        return best

    def add(self, article_id: str, minhash: MinHash) -> None:
        if article_id not in self.lsh:
            self.lsh.insert(article_id, minhash, check_duplication=False)

    def remove(self, article_id: str) -> None:
        if self._lsh is not None and article_id in self._lsh:
            self._lsh.remove(article_id)

    def reset(self) -> None:
        """Forget the in-memory index (after a rolled-back transaction); it is rebuilt from the store on next use."""
        self._lsh = None
