"""Left / center / right lean of a text: TF-IDF and MiniLM embeddings, each with a
logistic regression, stacked by a small logistic regression trained out-of-fold.

Why this shape: the lexical part explains itself (which terms pushed the score),
the embedding part generalises past the exact words, and the stacker learns how
far to trust each on outlets it has not seen (folds are grouped by outlet).

Learned state lives in `LeanState` (plain numpy arrays + a term list), saved as
`lean.npz` + `vocabulary.json`: no pickle, inspectable with numpy.
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
from sklearn.model_selection import GroupKFold, StratifiedKFold

from .features import OUTLET_MASK

CLASSES = ("left", "center", "right")
# Where each class sits on the 1..5 scale; the score is the expected position.
CLASS_POSITION = np.array([1.0, 3.0, 5.0])
# Words only (numbers and dates are outlet/time shortcuts); no apostrophes, so the masked
# outlet's possessive ("outletname's") reduces to the stop word.
TOKEN_PATTERN = r"(?u)\b[a-zA-Z][a-zA-Z\-]+\b"
# "mean": the two parts' log-probabilities averaged (a geometric mean), no extra fitting;
# "stack": a learned blend, fit out-of-fold (costs five more fits of each part).
COMBINES = ("lexical", "embedding", "mean", "stack")


@dataclass
class LeanState:
    """Everything `fit` learns. Arrays are float64; class order is CLASSES."""

    combine: str
    ngram_max: int
    vocabulary: list[str] = field(default_factory=list)
    idf: np.ndarray | None = None
    lexical_coef: np.ndarray | None = None  # (3, V)
    lexical_intercept: np.ndarray | None = None
    embedding_coef: np.ndarray | None = None  # (3, 384)
    embedding_intercept: np.ndarray | None = None
    stack_coef: np.ndarray | None = None  # (3, 6): on [log P_lexical, log P_embedding]
    stack_intercept: np.ndarray | None = None

    _ARRAYS = ("idf", "lexical_coef", "lexical_intercept", "embedding_coef", "embedding_intercept", "stack_coef", "stack_intercept")

    def save(self, directory: Path | str) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        arrays = {name: getattr(self, name).astype(np.float32) for name in self._ARRAYS if getattr(self, name) is not None}
        np.savez_compressed(directory / "lean.npz", **arrays)
        meta = {"combine": self.combine, "ngram_max": self.ngram_max, "classes": list(CLASSES), "vocabulary": self.vocabulary}
        (directory / "vocabulary.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path | str) -> "LeanState":
        directory = Path(directory)
        meta = json.loads((directory / "vocabulary.json").read_text(encoding="utf-8"))
        if tuple(meta["classes"]) != CLASSES:
            raise ValueError(f"model classes {meta['classes']} differ from {CLASSES}")
        state = cls(combine=meta["combine"], ngram_max=meta["ngram_max"], vocabulary=meta["vocabulary"])
        with np.load(directory / "lean.npz", allow_pickle=False) as arrays:
            for name in cls._ARRAYS:
                if name in arrays:
                    setattr(state, name, arrays[name].astype(np.float64))
        return state


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)


def _label_indices(labels: Sequence[str]) -> np.ndarray:
    index = {label: i for i, label in enumerate(CLASSES)}
    unknown = sorted(set(labels) - set(index))
    if unknown:
        raise ValueError(f"unknown lean labels {unknown}; expected {CLASSES}")
    return np.array([index[label] for label in labels])


class LeanModel:
    """scikit-learn-style estimator: the constructor stores parameters, `fit` sets `state_`.

    `embeddings` arguments are optional everywhere: pass precomputed MiniLM vectors
    (from `parallax.embed`) to avoid embedding twice; otherwise they are computed.
    """

    def __init__(self, combine: str = "mean", max_features: int = 40000, ngram_max: int = 2, min_df: int = 5,
                 min_outlets: int = 5, max_outlet_share: float = 0.4, outlet_weighting: bool = True, lexical_c: float = 4.0, embedding_c: float = 1.0, stack_c: float = 1.0,
                 folds: int = 5, random_state: int = 0):
        self.combine = combine
        self.max_features = max_features
        self.ngram_max = ngram_max
        self.min_df = min_df
        self.min_outlets = min_outlets
        self.max_outlet_share = max_outlet_share
        self.outlet_weighting = outlet_weighting
        self.lexical_c = lexical_c
        self.embedding_c = embedding_c
        self.stack_c = stack_c
        self.folds = folds
        self.random_state = random_state

    # ---- construction -------------------------------------------------------------

    @classmethod
    def from_state(cls, state: LeanState) -> "LeanModel":
        model = cls(combine=state.combine, ngram_max=state.ngram_max)
        model.state_ = state
        model._counter = model._make_counter(state.vocabulary)
        return model

    @classmethod
    def load(cls, directory: Path | str) -> "LeanModel":
        return cls.from_state(LeanState.load(directory))

    def save(self, directory: Path | str) -> None:
        self.state_.save(directory)

    def _make_counter(self, vocabulary: list[str] | None = None) -> CountVectorizer:
        options = dict(lowercase=True, token_pattern=TOKEN_PATTERN, stop_words=[OUTLET_MASK], ngram_range=(1, self.ngram_max), dtype=np.float64)
        if vocabulary is not None:
            return CountVectorizer(vocabulary={term: i for i, term in enumerate(vocabulary)}, **options)
        return CountVectorizer(min_df=self.min_df, max_df=0.5, **options)

    # ---- training -------------------------------------------------------------------

    def fit(self, texts: Sequence[str], labels: Sequence[str], embeddings: np.ndarray | None = None,
            groups: Sequence[str] | None = None) -> "LeanModel":
        """Train on texts with labels in CLASSES. `groups` (the outlet of each text) drives the
        outlet filter on the vocabulary and the grouped folds of the stacker."""
        if self.combine not in COMBINES:
            raise ValueError(f"combine must be one of {COMBINES}, not {self.combine!r}")
        y = _label_indices(labels)
        weights = self._outlet_weights(groups) if groups is not None and self.outlet_weighting else np.ones(len(y))
        state = LeanState(combine=self.combine, ngram_max=self.ngram_max)
        uses_lexical = self.combine in ("lexical", "mean", "stack")
        uses_embedding = self.combine in ("embedding", "mean", "stack")
        lexical = embedded = None
        if uses_lexical:
            lexical = self._fit_vocabulary(texts, groups, state)
            state.lexical_coef, state.lexical_intercept = self._fit_linear(lexical, y, self.lexical_c, weights)
        if uses_embedding:
            embedded = self._embeddings(texts, embeddings)
            # Rows of NaN: texts left unembedded (embedding is the costly part); fit on the others.
            has_vector = ~np.isnan(embedded).any(axis=1)
            if not has_vector.any():
                raise ValueError("no embeddings given for any training text")
            embedded, y_embedded, w_embedded = embedded[has_vector], y[has_vector], weights[has_vector]
            state.embedding_coef, state.embedding_intercept = self._fit_linear(embedded, y_embedded, self.embedding_c, w_embedded)
        if self.combine == "stack":
            embedded_groups = None if groups is None else list(np.asarray(groups)[has_vector])
            meta = np.hstack([
                self._out_of_fold_log_probabilities(lexical, y, groups, weights, self.lexical_c)[has_vector],
                self._out_of_fold_log_probabilities(embedded, y_embedded, embedded_groups, w_embedded, self.embedding_c),
            ])
            state.stack_coef, state.stack_intercept = self._fit_linear(meta, y_embedded, self.stack_c, w_embedded)
        self.state_ = state
        return self

    def _fit_vocabulary(self, texts, groups, state: LeanState) -> sparse.csr_matrix:
        """Count terms, drop those seen in too few outlets (outlet shortcuts), keep the most
        frequent `max_features`, and return the TF-IDF matrix of the training texts."""
        counter = self._make_counter()
        counts = counter.fit_transform(texts).tocsc()
        terms = counter.get_feature_names_out()
        present = counts.copy()
        present.data[:] = 1.0
        keep = np.ones(len(terms), dtype=bool)
        if groups is not None and self.min_outlets > 1:
            outlets, outlet_index = np.unique(np.asarray(groups), return_inverse=True)
            membership = sparse.csr_matrix((np.ones(len(outlet_index)), (outlet_index, np.arange(len(outlet_index)))),
                                           shape=(len(outlets), len(outlet_index)))
            per_outlet = (membership @ present).tocsc()  # documents with the term, per outlet
            outlets_per_term = np.asarray((per_outlet > 0).sum(axis=0)).ravel()
            keep &= outlets_per_term >= min(self.min_outlets, len(outlets))
            # Boilerplate ("click here", photo credits) lives mostly in one outlet's pages.
            share = per_outlet.max(axis=0).toarray().ravel() / np.maximum(1.0, per_outlet.sum(axis=0).A.ravel())
            if len(outlets) >= self.min_outlets:
                keep &= share <= self.max_outlet_share
        document_frequency = np.asarray(present.sum(axis=0)).ravel()
        candidates = np.flatnonzero(keep)
        # Most frequent first; ties broken by the term so the vocabulary is deterministic.
        order = sorted(candidates, key=lambda i: (-document_frequency[i], terms[i]))[: self.max_features]
        chosen = np.array(sorted(order), dtype=int)
        state.vocabulary = [str(terms[i]) for i in chosen]
        n = counts.shape[0]
        state.idf = np.log((1.0 + n) / (1.0 + document_frequency[chosen])) + 1.0
        self._counter = self._make_counter(state.vocabulary)
        return self._weigh(counts[:, chosen].tocsr(), state.idf)

    _weigh = staticmethod(weigh)

    @staticmethod
    def _outlet_weights(groups: Sequence[str]) -> np.ndarray:
        """1/sqrt(articles of the outlet), mean 1: a big outlet's house style counts for less."""
        _, index, counts = np.unique(np.asarray(groups), return_inverse=True, return_counts=True)
        weights = 1.0 / np.sqrt(counts[index])
        return weights / weights.mean()

    def _fit_linear(self, features, y: np.ndarray, c: float, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        # Class balance on top of outlet weights: each class gets the same total weight.
        class_totals = np.bincount(y, weights=weights, minlength=len(CLASSES))
        balanced = weights * (weights.sum() / (len(np.unique(y)) * class_totals[y]))
        classifier = LogisticRegression(C=c, max_iter=2000, random_state=self.random_state)
        classifier.fit(features, y, sample_weight=balanced)
        coef = np.zeros((len(CLASSES), features.shape[1]))
        intercept = np.zeros(len(CLASSES))
        coef[classifier.classes_] = classifier.coef_  # a class absent from a tiny subset keeps zeros
        intercept[classifier.classes_] = classifier.intercept_
        missing = np.setdiff1d(np.arange(len(CLASSES)), classifier.classes_)
        intercept[missing] = -30.0  # never predicted: it was never seen
        return coef, intercept

    def _out_of_fold_log_probabilities(self, features, y, groups, weights, c: float) -> np.ndarray:
        """Log-probabilities of each row from a model that never saw its fold (its outlet, given groups)."""
        if groups is not None and len(set(groups)) >= self.folds:
            splits = GroupKFold(n_splits=self.folds).split(y, y, groups)
        else:
            folds = max(2, min(self.folds, np.bincount(y).min()))
            splits = StratifiedKFold(n_splits=folds, shuffle=True, random_state=self.random_state).split(y, y)
        found = np.zeros((len(y), len(CLASSES)))
        for train, held in splits:
            coef, intercept = self._fit_linear(features[train], y[train], c, weights[train])
            found[held] = self._log_probabilities(features[held], coef, intercept)
        return found

    @staticmethod
    def _log_probabilities(features, coef, intercept) -> np.ndarray:
        logits = np.asarray(features @ coef.T) + intercept
        return np.log(np.clip(_softmax(logits), 1e-9, 1.0))

    # ---- prediction -----------------------------------------------------------------

    def lexical_features(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return self._weigh(self._counter.transform(texts), self.state_.idf)

    @staticmethod
    def _embeddings(texts: Sequence[str], embeddings: np.ndarray | None) -> np.ndarray:
        if embeddings is not None:
            embeddings = np.asarray(embeddings, dtype=np.float64)
            if embeddings.shape[0] != len(texts):
                raise ValueError(f"{embeddings.shape[0]} embeddings for {len(texts)} texts")
            return embeddings
        from parallax.embed import get_embedder

        from .features import embedding_text

        return get_embedder().encode([embedding_text("", text) for text in texts]).astype(np.float64)

    def predict_proba(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """(n, 3) probabilities in CLASSES order."""
        state = self.state_
        if not texts:
            return np.zeros((0, len(CLASSES)))
        parts = []
        if state.lexical_coef is not None:
            parts.append(self._log_probabilities(self.lexical_features(texts), state.lexical_coef, state.lexical_intercept))
        if state.embedding_coef is not None:
            embedded = self._embeddings(texts, embeddings)
            parts.append(self._log_probabilities(embedded, state.embedding_coef, state.embedding_intercept))
        if state.combine == "stack":
            return np.exp(self._log_probabilities(np.hstack(parts), state.stack_coef, state.stack_intercept))
        if state.combine == "mean":
            return _softmax(np.mean(parts, axis=0))
        return np.exp(parts[0])

    def predict(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> list[str]:
        return [CLASSES[i] for i in self.predict_proba(texts, embeddings).argmax(axis=1)]

    def evidence(self, texts: Sequence[str], top: int = 8) -> list[list[dict]]:
        """Per text, the terms that pushed most along the left-right axis of the lexical part:
        `push` = TF-IDF weight x (right coefficient - left coefficient); negative is leftward."""
        state = self.state_
        if state.lexical_coef is None:
            return [[] for _ in texts]
        axis = state.lexical_coef[2] - state.lexical_coef[0]
        features = self.lexical_features(texts)
        found = []
        for row in range(features.shape[0]):
            start, end = features.indptr[row], features.indptr[row + 1]
            columns, weights = features.indices[start:end], features.data[start:end]
            pushes = weights * axis[columns]
            order = sorted(range(len(columns)), key=lambda i: (-abs(pushes[i]), state.vocabulary[columns[i]]))[:top]
            found.append([{"term": state.vocabulary[columns[i]], "push": round(float(pushes[i]), 4)} for i in order])
        return found
