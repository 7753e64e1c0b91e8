"""Word overlap weighted by how rare a word is within the story.

Sentence embeddings see topic: in a story about one town, every sentence naming
the town is "similar". What separates "the town fell" from "the town is hard to
take" is the rarer words they share, so agreement combines the embedding with an
overlap of content-word stems weighted by their inverse document frequency over
the story's own sentences (the town's name, in every sentence, weighs almost nothing).
"""

from __future__ import annotations

import math
import re
from collections import Counter

_WORD = re.compile(r"[^\W\d_][\w'’-]*", re.UNICODE)
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before being below between
    both but by can could did do does doing down during each few for from further had has have having he her here hers
    herself him himself his how i if in into is it its itself just me more most my myself no nor not now of off on once
    only or other our ours ourselves out over own same she should so some such than that the their theirs them
    themselves then there these they this those through to too under until up very was we were what when where which
    while who whom why will with would you your yours yourself yourselves said says say told according""".split()
)
_SUFFIXES = ("ings", "ing", "edly", "ed", "en", "es", "s", "ly", "'s", "’s")


def stem(word: str) -> str:
    """A crude, fast suffix stripper: good enough to match 'fallen'/'fall', 'captured'/'capture'."""
    word = word.lower()
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    return word.rstrip("e") if len(word) > 4 else word


def content_terms(text: str) -> frozenset[str]:
    return frozenset(stem(w) for w in _WORD.findall(text) if w.lower() not in STOPWORDS and len(w) > 1)


class TermWeights:
    """Inverse document frequency of stems over a set of sentences (one story)."""

    def __init__(self, term_sets: list[frozenset[str]]):
        counts = Counter(t for terms in term_sets for t in terms)
        n = len(term_sets)
        self.idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in counts.items()}
        self.default = math.log(n + 1) if n else 1.0
        # "A lot of shared evidence": three words as rare as the story's upper quartile.
        weights = sorted(self.idf.values())
        self.enough = 3 * (weights[(3 * len(weights)) // 4] if weights else 1.0)

    def weight(self, terms: frozenset[str]) -> float:
        return sum(self.idf.get(t, self.default) for t in terms)

    def shared(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Weight of the shared words, saturating at 1 (long sentences are not penalised for their length)."""
        return min(1.0, self.weight(a & b) / self.enough) if self.enough > 0 else 0.0

    def overlap(self, a: frozenset[str], b: frozenset[str]) -> float:
        """Weighted overlap coefficient: shared weight over the smaller sentence's weight (0..1)."""
        smaller = min(self.weight(a), self.weight(b))
        if smaller <= 0:
            return 0.0
        return self.weight(a & b) / smaller


_NEGATION = re.compile(r"\b(?:not|no|never|nobody|none|nothing|neither|nor|without|cannot|denied|denies|deny)\b|n['’]t\b", re.I)


def negated(text: str) -> bool:
    """Whether a sentence is negated (an odd number of negations): "has not entered" vs "entered"."""
    return len(_NEGATION.findall(text)) % 2 == 1
