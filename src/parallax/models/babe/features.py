"""Features for the BABE heads: per-sentence lexical summaries and per-token rows.

Word statistics ("how often did experts mark this word when it occurred") come
from the training sentences only. When a training sentence's own tokens are
featurised, its own contribution is taken out of the counts (leave-one-out), so
the word head learns how far to trust a rate it has never seen the answer to,
which is the situation at prediction time.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np

# The same token definition as parallax.rhetoric.derive and parallax.evaluation.babe,
# so that token F1 is measured on the same units everywhere.
TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")

# Small closed-class list: these are almost never marked, and their counts are huge.
STOPWORDS = frozenset(
    "a an the of to in on at for and or but by with from up out down off over as is are was were be been being "
    "it its this that these those he she they we you i his her their our my your not no so than then there here "
    "has have had do does did will would can could should may might must shall who whom whose which what when "
    "where why how all any both each few more most other some such only own same too very just also into about "
    "after before under again further once if because while through during against between s t".split()
)
_SUFFIXES = ("ingly", "edly", "ously", "ness", "ment", "ing", "ers", "ies", "ied", "ly", "ed", "er", "es", "s")
PRIOR_STRENGTH = 2.0  # pseudo-observations pulling a rare word's rate toward the global rate


def normalise(word: str) -> str:
    return word.lower().replace("’", "'")


def stem(word: str) -> str:
    """A crude suffix stripper: shares evidence between "radical"/"radicals", "slam"/"slammed"."""
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


@dataclass
class Subjectivity:
    """MPQA subjectivity clues (word -> (strong?, polarity)) and a set of bias-lexicon words."""

    clues: dict[str, tuple[bool, str]] = field(default_factory=dict)
    bias_words: frozenset[str] = frozenset()

    def clue(self, word: str) -> tuple[bool, str] | None:
        found = self.clues.get(word)
        if found is None:
            found = self.clues.get(stem(word))
        return found


def read_mpqa(path) -> dict[str, tuple[bool, str]]:
    out: dict[str, tuple[bool, str]] = {}
    with open(path, encoding="utf-8") as handle:
        for line in handle:
            cells = dict(part.split("=", 1) for part in line.split() if "=" in part)
            word = cells.get("word1", "").lower()
            if not word:
                continue
            strong = cells.get("type") == "strongsubj"
            previous = out.get(word)
            if previous is None or (strong and not previous[0]):  # keep the strongest reading
                out[word] = (strong, cells.get("priorpolarity", "neutral"))
    return out


@dataclass
class WordStats:
    """Per word and per stem: sentences where experts marked it / where it occurred."""

    marked: Counter = field(default_factory=Counter)
    seen: Counter = field(default_factory=Counter)
    stem_marked: Counter = field(default_factory=Counter)
    stem_seen: Counter = field(default_factory=Counter)
    global_rate: float = 0.0

    @classmethod
    def count(cls, sentences: Iterable[tuple[str, frozenset[str]]]) -> "WordStats":
        stats = cls()
        for text, marked in sentences:
            for word, is_marked in sentence_words(text, marked):
                stats.add(word, is_marked, +1)
        total_seen = sum(stats.seen.values())
        stats.global_rate = sum(stats.marked.values()) / total_seen if total_seen else 0.0
        return stats

    def add(self, word: str, is_marked: bool, sign: int) -> None:
        self.seen[word] += sign
        self.marked[word] += sign * is_marked
        root = stem(word)
        self.stem_seen[root] += sign
        self.stem_marked[root] += sign * is_marked

    def rate(self, marked: float, seen: float) -> float:
        return (marked + PRIOR_STRENGTH * self.global_rate) / (seen + PRIOR_STRENGTH)


def sentence_words(text: str, marked: frozenset[str] = frozenset()) -> list[tuple[str, bool]]:
    """Each distinct normalised word of a sentence, with whether it was marked (counted once per sentence)."""
    present = dict.fromkeys(normalise(w) for w in TOKEN.findall(text))
    return [(w, w in marked) for w in present]


WORD_FEATURES = (
    "rate", "stem_rate", "log_seen", "log_marked", "unseen", "strong_subjective", "weak_subjective",
    "negative", "positive", "bias_lexicon", "capitalised", "stopword", "digit", "length",
    "sentence_logit", "rate_x_sentence", "strong_x_sentence",
)


def token_rows(text: str, stats: WordStats, subjectivity: Subjectivity, sentence_probability: float,
               own_marked: frozenset[str] | None = None) -> tuple[list[tuple[int, int]], np.ndarray]:
    """Spans and feature rows (len(WORD_FEATURES) columns) for every token of one sentence.

    `own_marked`: when the sentence is in the data the stats were counted from, its own
    marked words, so its contribution is removed from the counts (leave-one-out).
    """
    spans, rows = [], []
    seen_here = set()
    p = min(max(sentence_probability, 1e-4), 1 - 1e-4)
    sentence_logit = float(np.log(p / (1 - p)))
    for i, m in enumerate(TOKEN.finditer(text)):
        raw = m.group(0)
        word = normalise(raw)
        root = stem(word)
        seen, marked = stats.seen.get(word, 0), stats.marked.get(word, 0)
        stem_seen, stem_marked = stats.stem_seen.get(root, 0), stats.stem_marked.get(root, 0)
        if own_marked is not None and word not in seen_here:
            is_marked = word in own_marked
            seen, marked = seen - 1, marked - is_marked
            stem_seen, stem_marked = stem_seen - 1, stem_marked - is_marked
        seen_here.add(word)
        clue = subjectivity.clue(word)
        rate = stats.rate(marked, seen)
        strong = bool(clue and clue[0])
        rows.append((
            rate, stats.rate(stem_marked, stem_seen), np.log1p(max(seen, 0)), np.log1p(max(marked, 0)), float(seen <= 0),
            float(strong), float(bool(clue) and not clue[0]),
            float(bool(clue) and clue[1] in ("negative", "both")), float(bool(clue) and clue[1] in ("positive", "both")),
            float(word in subjectivity.bias_words or root in subjectivity.bias_words),
            float(raw[0].isupper() and i > 0), float(word in STOPWORDS), float(any(c.isdigit() for c in raw)),
            min(len(word), 15) / 15.0,
            sentence_logit, rate * sentence_logit, float(strong) * sentence_logit,
        ))
        spans.append((m.start(), m.end()))
    return spans, np.array(rows, dtype=np.float64).reshape(len(rows), len(WORD_FEATURES))


SENTENCE_LEXICAL_FEATURES = ("max_rate", "mean_top3_rate", "strong_negative", "strong_any", "bias_lexicon", "exclaim_or_quote")


def sentence_lexical_rows(texts: Sequence[str], stats: WordStats, subjectivity: Subjectivity,
                          own_marked: Sequence[frozenset[str]] | None = None) -> np.ndarray:
    """A few summaries of the word evidence in each sentence (the sentence head's lexical part)."""
    rows = []
    for index, text in enumerate(texts):
        own = own_marked[index] if own_marked is not None else None
        rates, strong_negative, strong_any, bias_words = [], 0, 0, 0
        for word, is_marked in sentence_words(text, own or frozenset()):
            if word in STOPWORDS:
                continue
            seen, marked = stats.seen.get(word, 0), stats.marked.get(word, 0)
            if own is not None:
                seen, marked = seen - 1, marked - is_marked
            rates.append(stats.rate(marked, seen))
            clue = subjectivity.clue(word)
            if clue and clue[0]:
                strong_any += 1
                strong_negative += clue[1] == "negative"
            bias_words += word in subjectivity.bias_words
        top = sorted(rates, reverse=True)[:3] or [stats.global_rate]
        rows.append((top[0], sum(top) / len(top), np.log1p(strong_negative), np.log1p(strong_any), np.log1p(bias_words),
                     float("!" in text or "“" in text or '"' in text)))
    return np.array(rows, dtype=np.float64).reshape(len(rows), len(SENTENCE_LEXICAL_FEATURES))
