"""Biased sentences and biased words (BABE): two logistic-regression heads.

Sentence head: frozen MiniLM embedding + a few lexical summaries of the words
(see features.py) -> P(biased); optionally averaged (geometric mean) with a
TF-IDF n-gram logistic regression.
Word head: one row per token (the word's marked rate among training sentences,
its MPQA subjectivity, capitalisation, stop word, the sentence probability and
interactions) -> P(an expert would mark this word).

The word head is trained on *out-of-fold* sentence probabilities, because at
prediction time the sentence head has never seen the sentence either.

Learned state: plain arrays in `babe.npz` and word tables in `vocabulary.json`
(no pickle).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
from scipy import sparse

from ..tfidf import weigh
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from .features import (SENTENCE_LEXICAL_FEATURES, WORD_FEATURES, Subjectivity, WordStats, normalise,
                       sentence_lexical_rows, token_rows)

SENTENCE_PARTS = ("embedding", "embedding+lexical", "embedding+lexical+tfidf", "lexical+tfidf")
TFIDF_TOKENS = r"(?u)\b[a-zA-Z][a-zA-Z'\-]+\b"


@dataclass
class BabeState:
    sentence_parts: str
    sentence_coef: np.ndarray | None = None  # over [embedding?, lexical?]
    sentence_intercept: float = 0.0
    tfidf_vocabulary: list[str] = field(default_factory=list)
    tfidf_idf: np.ndarray | None = None
    tfidf_coef: np.ndarray | None = None
    tfidf_intercept: float = 0.0
    word_coef: np.ndarray | None = None
    word_intercept: float = 0.0
    stats: WordStats = field(default_factory=WordStats)
    subjectivity: Subjectivity = field(default_factory=Subjectivity)

    def save(self, directory: Path | str) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        arrays = {"sentence_coef": self.sentence_coef, "word_coef": self.word_coef,
                  "intercepts": np.array([self.sentence_intercept, self.tfidf_intercept, self.word_intercept])}
        if self.tfidf_coef is not None:
            arrays.update(tfidf_idf=self.tfidf_idf, tfidf_coef=self.tfidf_coef)
        np.savez_compressed(directory / "babe.npz", **{k: np.asarray(v, dtype=np.float32) for k, v in arrays.items()})
        stats = self.stats
        meta = {
            "sentence_parts": self.sentence_parts,
            "word_features": list(WORD_FEATURES),
            "sentence_lexical_features": list(SENTENCE_LEXICAL_FEATURES),
            "global_rate": stats.global_rate,
            # word -> [marked, seen]; sorted so the file is byte-identical between runs
            "words": {w: [stats.marked[w], stats.seen[w]] for w in sorted(stats.seen)},
            "stems": {w: [stats.stem_marked[w], stats.stem_seen[w]] for w in sorted(stats.stem_seen)},
            "subjectivity": {w: [int(s), p] for w, (s, p) in sorted(self.subjectivity.clues.items())},
            "bias_words": sorted(self.subjectivity.bias_words),
            "tfidf_vocabulary": self.tfidf_vocabulary,
        }
        (directory / "vocabulary.json").write_text(json.dumps(meta, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path | str) -> "BabeState":
        directory = Path(directory)
        meta = json.loads((directory / "vocabulary.json").read_text(encoding="utf-8"))
        if tuple(meta["word_features"]) != WORD_FEATURES or tuple(meta["sentence_lexical_features"]) != SENTENCE_LEXICAL_FEATURES:
            raise ValueError("the saved BABE model was trained with other features; retrain it (scripts/train_babe.py)")
        stats = WordStats(global_rate=meta["global_rate"])
        for word, (marked, seen) in meta["words"].items():
            stats.marked[word], stats.seen[word] = marked, seen
        for root, (marked, seen) in meta["stems"].items():
            stats.stem_marked[root], stats.stem_seen[root] = marked, seen
        subjectivity = Subjectivity({w: (bool(s), p) for w, (s, p) in meta["subjectivity"].items()}, frozenset(meta["bias_words"]))
        state = cls(sentence_parts=meta["sentence_parts"], stats=stats, subjectivity=subjectivity,
                    tfidf_vocabulary=meta["tfidf_vocabulary"])
        with np.load(directory / "babe.npz", allow_pickle=False) as arrays:
            state.sentence_coef = arrays["sentence_coef"].astype(np.float64)
            state.word_coef = arrays["word_coef"].astype(np.float64)
            state.sentence_intercept, state.tfidf_intercept, state.word_intercept = map(float, arrays["intercepts"])
            if "tfidf_coef" in arrays:
                state.tfidf_idf = arrays["tfidf_idf"].astype(np.float64)
                state.tfidf_coef = arrays["tfidf_coef"].astype(np.float64)
        return state


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


class BabeModel:
    """scikit-learn-style: the constructor stores parameters, `fit` sets `state_`."""

    def __init__(self, sentence_parts: str = "embedding+lexical", sentence_c: float = 1.0, tfidf_c: float = 4.0,
                 word_c: float = 1.0, inner_folds: int = 5, min_df: int = 2, random_state: int = 0):
        self.sentence_parts = sentence_parts
        self.sentence_c = sentence_c
        self.tfidf_c = tfidf_c
        self.word_c = word_c
        self.inner_folds = inner_folds
        self.min_df = min_df
        self.random_state = random_state

    @classmethod
    def load(cls, directory: Path | str) -> "BabeModel":
        state = BabeState.load(directory)
        model = cls(sentence_parts=state.sentence_parts)
        model.state_ = state
        return model

    def save(self, directory: Path | str) -> None:
        self.state_.save(directory)

    # ---- training -------------------------------------------------------------------

    def fit(self, texts: Sequence[str], biased: Sequence[bool], marked: Sequence[frozenset[str]],
            embeddings: np.ndarray | None, subjectivity: Subjectivity) -> "BabeModel":
        if self.sentence_parts not in SENTENCE_PARTS:
            raise ValueError(f"sentence_parts must be one of {SENTENCE_PARTS}")
        y = np.asarray(biased, dtype=int)
        stats = WordStats.count(zip(texts, marked))
        state = BabeState(self.sentence_parts, stats=stats, subjectivity=subjectivity)
        # Sentence head, on all the training sentences (lexical rows leave each sentence's own marks out).
        self._fit_sentence_head(state, texts, y, marked, embeddings)
        # Word head, on out-of-fold sentence probabilities.
        oof = self._out_of_fold_sentence_probabilities(texts, y, marked, embeddings, subjectivity)
        rows, labels = [], []
        for text, own, p in zip(texts, marked, oof):
            spans, features = token_rows(text, stats, subjectivity, p, own_marked=own)
            rows.append(features)
            labels.extend(_token_labels(text, spans, own))
        self._fit_word_head(state, np.vstack(rows), np.asarray(labels, dtype=int))
        self.state_ = state
        return self

    def _fit_sentence_head(self, state: BabeState, texts, y, marked, embeddings) -> None:
        dense = self._dense_sentence_features(state, texts, embeddings, own_marked=marked)
        if dense is not None:
            classifier = self._logistic(self.sentence_c).fit(dense, y)
            state.sentence_coef, state.sentence_intercept = classifier.coef_[0], float(classifier.intercept_[0])
        if "tfidf" in self.sentence_parts:
            counter = CountVectorizer(lowercase=True, token_pattern=TFIDF_TOKENS, ngram_range=(1, 2), min_df=self.min_df)
            counts = counter.fit_transform(texts)
            vocabulary = counter.get_feature_names_out()
            document_frequency = np.asarray((counts > 0).sum(axis=0)).ravel()
            state.tfidf_vocabulary = [str(t) for t in vocabulary]
            state.tfidf_idf = np.log((1.0 + len(texts)) / (1.0 + document_frequency)) + 1.0
            classifier = self._logistic(self.tfidf_c).fit(weigh(counts, state.tfidf_idf), y)
            state.tfidf_coef, state.tfidf_intercept = classifier.coef_[0], float(classifier.intercept_[0])

    def _fit_word_head(self, state: BabeState, rows: np.ndarray, labels: np.ndarray) -> None:
        classifier = self._logistic(self.word_c).fit(rows, labels)
        state.word_coef, state.word_intercept = classifier.coef_[0], float(classifier.intercept_[0])

    def _logistic(self, c: float) -> LogisticRegression:
        return LogisticRegression(C=c, max_iter=3000, random_state=self.random_state)

    def _out_of_fold_sentence_probabilities(self, texts, y, marked, embeddings, subjectivity) -> np.ndarray:
        folds = max(2, min(self.inner_folds, int(np.bincount(y, minlength=2).min())))
        splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.random_state)
        found = np.zeros(len(texts))
        for train, held in splitter.split(np.zeros(len(y)), y):
            inner = BabeModel(self.sentence_parts, self.sentence_c, self.tfidf_c, self.word_c, min_df=self.min_df,
                              random_state=self.random_state)
            state = BabeState(self.sentence_parts, stats=WordStats.count((texts[i], marked[i]) for i in train),
                              subjectivity=subjectivity)
            inner._fit_sentence_head(state, [texts[i] for i in train], y[train], [marked[i] for i in train],
                                     None if embeddings is None else embeddings[train])
            inner.state_ = state
            found[held] = inner.sentence_probability([texts[i] for i in held],
                                                     None if embeddings is None else embeddings[held])
        return found

    # ---- prediction -----------------------------------------------------------------

    def _dense_sentence_features(self, state: BabeState, texts, embeddings, own_marked=None) -> np.ndarray | None:
        parts = []
        if "embedding" in state.sentence_parts:
            if embeddings is None:
                raise ValueError("this BABE model needs sentence embeddings (parallax.embed.get_embedder().encode)")
            embeddings = np.asarray(embeddings, dtype=np.float64)
            if embeddings.shape[0] != len(texts):
                raise ValueError(f"{embeddings.shape[0]} embeddings for {len(texts)} texts")
            parts.append(embeddings)
        if "lexical" in state.sentence_parts:
            parts.append(sentence_lexical_rows(texts, state.stats, state.subjectivity, own_marked))
        return np.hstack(parts) if parts else None

    def sentence_probability(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """P(biased) for each sentence; `embeddings` are its MiniLM vectors (one row per text)."""
        state = self.state_
        if not texts:
            return np.zeros(0)
        logits = []
        dense = self._dense_sentence_features(state, texts, embeddings)
        if dense is not None:
            logits.append(dense @ state.sentence_coef + state.sentence_intercept)
        if state.tfidf_coef is not None:
            counter = CountVectorizer(lowercase=True, token_pattern=TFIDF_TOKENS, ngram_range=(1, 2),
                                      vocabulary={t: i for i, t in enumerate(state.tfidf_vocabulary)})
            tfidf = weigh(counter.transform(texts), state.tfidf_idf)
            logits.append(np.asarray(tfidf @ state.tfidf_coef).ravel() + state.tfidf_intercept)
        return _sigmoid(np.mean(logits, axis=0))  # mean of logits: a geometric-mean blend of the parts

    def word_probabilities(self, text: str, sentence_probability: float) -> list[tuple[int, int, float]]:
        """(start, end, P(marked)) for every token of one sentence."""
        state = self.state_
        spans, rows = token_rows(text, state.stats, state.subjectivity, sentence_probability)
        if not spans:
            return []
        probabilities = _sigmoid(rows @ state.word_coef + state.word_intercept)
        return [(start, end, float(p)) for (start, end), p in zip(spans, probabilities)]


def _token_labels(text: str, spans: list[tuple[int, int]], marked: frozenset[str]) -> list[int]:
    return [int(normalise(text[start:end]) in marked) for start, end in spans]


__all__ = ["BabeModel", "BabeState", "SENTENCE_PARTS"]
