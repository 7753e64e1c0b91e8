"""Persuasion techniques in a paragraph (multi-label): one-vs-rest logistic regressions on
frozen MiniLM embeddings and/or sublinear TF-IDF, their probabilities averaged, then a
decision threshold tuned out-of-fold for micro-F1.

Why this shape: the 23 labels are rare (most have under 200 examples in ~9,500
paragraphs), too few to fine-tune anything; a linear head per label is what the data
can support. The embedding part carries tone and paraphrase, the TF-IDF part the
tell-tale words (insults, intensifiers, "so-called"). Probabilities of rare labels are
small, so a 0.5 cut-off would predict almost nothing: the threshold is chosen on
inner folds grouped by article, never on the paragraphs being scored.

Learned state lives in `TechniqueState` (numpy arrays + a term list), saved as
`persuasion.npz` + `persuasion.json`: no pickle.
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
from sklearn.model_selection import GroupKFold, KFold

FEATURES = ("lexical", "embedding", "both")
# Words (with inner apostrophes and hyphens) plus "!" and "?" runs: exclamations and
# rhetorical questions are themselves signals of several techniques.
TOKEN_PATTERN = r"(?u)[A-Za-z][A-Za-z'\-]*|[!?]+"
NEVER = -30.0  # intercept of a label never seen in training: its probability is ~0


@dataclass
class TechniqueState:
    """Everything `fit` learns. Label order is `labels`; arrays are float64 in memory."""

    features: str
    labels: list[str]
    ngram_max: int = 2
    threshold: float = 0.5
    vocabulary: list[str] = field(default_factory=list)
    idf: np.ndarray | None = None
    lexical_coef: np.ndarray | None = None  # (L, V)
    lexical_intercept: np.ndarray | None = None  # (L,)
    embedding_coef: np.ndarray | None = None  # (L, 384)
    embedding_intercept: np.ndarray | None = None
    label_thresholds: np.ndarray | None = None  # (L,), optional per-label cut-offs

    _ARRAYS = ("idf", "lexical_coef", "lexical_intercept", "embedding_coef", "embedding_intercept", "label_thresholds")

    def save(self, directory: Path | str) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        arrays = {name: getattr(self, name).astype(np.float32) for name in self._ARRAYS if getattr(self, name) is not None}
        np.savez_compressed(directory / "persuasion.npz", **arrays)
        meta = {"features": self.features, "labels": self.labels, "ngram_max": self.ngram_max,
                "threshold": self.threshold, "vocabulary": self.vocabulary}
        (directory / "persuasion.json").write_text(json.dumps(meta, ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, directory: Path | str) -> "TechniqueState":
        directory = Path(directory)
        meta = json.loads((directory / "persuasion.json").read_text(encoding="utf-8"))
        state = cls(features=meta["features"], labels=meta["labels"], ngram_max=meta["ngram_max"],
                    threshold=float(meta["threshold"]), vocabulary=meta["vocabulary"])
        with np.load(directory / "persuasion.npz", allow_pickle=False) as arrays:
            for name in cls._ARRAYS:
                if name in arrays:
                    setattr(state, name, arrays[name].astype(np.float64))
        return state


def micro_f1(truth: np.ndarray, predicted: np.ndarray) -> dict:
    """Micro precision, recall and F1 over every (paragraph, label) pair."""
    truth, predicted = np.asarray(truth, dtype=bool), np.asarray(predicted, dtype=bool)
    hits = float((truth & predicted).sum())
    precision = hits / max(1.0, float(predicted.sum()))
    recall = hits / max(1.0, float(truth.sum()))
    f1 = 0.0 if hits == 0 else 2 * precision * recall / (precision + recall)
    return {"micro_f1": round(f1, 4), "micro_precision": round(precision, 4), "micro_recall": round(recall, 4)}


def _sigmoid(logits: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(logits, -50, 50)))


def best_threshold(truth: np.ndarray, probabilities: np.ndarray, grid: np.ndarray | None = None) -> float:
    """The cut-off that maximises micro-F1 of out-of-fold probabilities (ties: the higher one)."""
    grid = np.round(np.arange(0.05, 0.96, 0.01), 2) if grid is None else grid
    scores = [micro_f1(truth, probabilities >= cut)["micro_f1"] for cut in grid]
    best = max(scores)
    return float(max(cut for cut, score in zip(grid, scores) if score == best))


def tune_label_thresholds(targets: np.ndarray, probabilities: np.ndarray, fallback: float, min_positives: int = 30) -> np.ndarray:
    """Per-label cut-offs, kept at the global one for labels too rare to tune reliably."""
    cuts = np.full(targets.shape[1], fallback)
    for j in range(targets.shape[1]):
        if targets[:, j].sum() >= min_positives:
            cuts[j] = best_threshold(targets[:, [j]], probabilities[:, [j]])
    return cuts


class TechniqueModel:
    """scikit-learn-style estimator: the constructor stores parameters, `fit` sets `state_`.

    `targets` is an (n, L) boolean matrix; `embeddings` are MiniLM vectors of the texts
    (from `parallax.embed`), computed when not given.
    """

    def __init__(self, features: str = "both", max_features: int = 20000, ngram_max: int = 2, min_df: int = 2,
                 lexical_c: float = 4.0, embedding_c: float = 2.0, class_weight: str | None = "balanced",
                 per_label_thresholds: bool = False, inner_folds: int = 3, random_state: int = 0):
        self.features = features
        self.max_features = max_features
        self.ngram_max = ngram_max
        self.min_df = min_df
        self.lexical_c = lexical_c
        self.embedding_c = embedding_c
        self.class_weight = class_weight
        self.per_label_thresholds = per_label_thresholds
        self.inner_folds = inner_folds
        self.random_state = random_state

    # ---- construction -----------------------------------------------------------------

    @classmethod
    def from_state(cls, state: TechniqueState) -> "TechniqueModel":
        model = cls(features=state.features, ngram_max=state.ngram_max)
        model.state_ = state
        model._counter = model._make_counter(state.vocabulary) if state.vocabulary else None
        return model

    @classmethod
    def load(cls, directory: Path | str) -> "TechniqueModel":
        return cls.from_state(TechniqueState.load(directory))

    def save(self, directory: Path | str) -> None:
        self.state_.save(directory)

    @property
    def labels(self) -> list[str]:
        return self.state_.labels

    def _make_counter(self, vocabulary: list[str] | None = None) -> CountVectorizer:
        options = dict(lowercase=True, token_pattern=TOKEN_PATTERN, ngram_range=(1, self.ngram_max), dtype=np.float64)
        if vocabulary is not None:
            return CountVectorizer(vocabulary={term: i for i, term in enumerate(vocabulary)}, **options)
        return CountVectorizer(min_df=self.min_df, max_df=0.5, max_features=self.max_features, **options)

    # ---- training ---------------------------------------------------------------------

    def fit(self, texts: Sequence[str], targets: np.ndarray, embeddings: np.ndarray | None = None,
            groups: Sequence[str] | None = None, labels: Sequence[str] | None = None,
            threshold: float | None = None) -> "TechniqueModel":
        """Train on paragraphs with an (n, L) label matrix. `groups` (the article of each
        paragraph) keeps the inner folds that tune the threshold from splitting an article.
        A given `threshold` skips the inner folds (the caller tuned it, e.g. out-of-fold)."""
        if self.features not in FEATURES:
            raise ValueError(f"features must be one of {FEATURES}, not {self.features!r}")
        targets = np.asarray(targets, dtype=bool)
        if targets.shape[0] != len(texts):
            raise ValueError(f"{targets.shape[0]} label rows for {len(texts)} texts")
        labels = list(labels) if labels is not None else [f"label_{j}" for j in range(targets.shape[1])]
        embeddings = self._embeddings(texts, embeddings) if self.features != "lexical" else None
        state = self._fit_heads(texts, targets, embeddings, labels)
        if threshold is not None:
            state.threshold = float(threshold)
        else:
            probabilities = self._out_of_fold_probabilities(texts, targets, embeddings, groups)
            state.threshold = best_threshold(targets, probabilities)
            if self.per_label_thresholds:
                state.label_thresholds = tune_label_thresholds(targets, probabilities, state.threshold)
        self.state_ = state
        return self

    def _fit_heads(self, texts, targets: np.ndarray, embeddings, labels: list[str]) -> TechniqueState:
        state = TechniqueState(features=self.features, labels=labels, ngram_max=self.ngram_max)
        if self.features in ("lexical", "both"):
            counter = self._make_counter()
            counts = counter.fit_transform(texts)
            state.vocabulary = [str(term) for term in counter.get_feature_names_out()]
            present = counts.copy()
            present.data[:] = 1.0
            document_frequency = np.asarray(present.sum(axis=0)).ravel()
            state.idf = np.log((1.0 + counts.shape[0]) / (1.0 + document_frequency)) + 1.0
            self._counter = self._make_counter(state.vocabulary)
            state.lexical_coef, state.lexical_intercept = self._fit_one_vs_rest(self._weigh(counts, state.idf), targets, self.lexical_c)
        else:
            self._counter = None
        if self.features in ("embedding", "both"):
            state.embedding_coef, state.embedding_intercept = self._fit_one_vs_rest(embeddings, targets, self.embedding_c)
        return state

    def _fit_one_vs_rest(self, features, targets: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
        coef = np.zeros((targets.shape[1], features.shape[1]))
        intercept = np.full(targets.shape[1], NEVER)
        for j in range(targets.shape[1]):
            positives = int(targets[:, j].sum())
            if positives == 0 or positives == len(targets):
                continue  # a label absent from this data keeps a probability of ~0
            # liblinear: several times faster than lbfgs on these small binary problems, deterministic.
            classifier = LogisticRegression(C=c, class_weight=self.class_weight, solver="liblinear", max_iter=2000,
                                            random_state=self.random_state)
            classifier.fit(features, targets[:, j])
            coef[j], intercept[j] = classifier.coef_[0], classifier.intercept_[0]
        return coef, intercept

    def _out_of_fold_probabilities(self, texts, targets, embeddings, groups) -> np.ndarray:
        """Probabilities of each training paragraph from heads that never saw its article."""
        rows = np.arange(len(texts))
        if groups is not None and len(set(groups)) >= self.inner_folds:
            splits = GroupKFold(n_splits=self.inner_folds).split(rows, rows, list(groups))
        else:
            splits = KFold(n_splits=max(2, min(self.inner_folds, len(texts))), shuffle=True, random_state=self.random_state).split(rows)
        found = np.zeros(targets.shape)
        for train, held in splits:
            inner = TechniqueModel(**self._params())
            state = inner._fit_heads([texts[i] for i in train], targets[train],
                                     None if embeddings is None else embeddings[train], labels=[""] * targets.shape[1])
            inner.state_ = state
            found[held] = inner.predict_proba([texts[i] for i in held], None if embeddings is None else embeddings[held])
        return found

    def _params(self) -> dict:
        return {name: getattr(self, name) for name in ("features", "max_features", "ngram_max", "min_df", "lexical_c",
                                                       "embedding_c", "class_weight", "per_label_thresholds",
                                                       "inner_folds", "random_state")}

    _weigh = staticmethod(weigh)

    # ---- prediction -------------------------------------------------------------------

    @staticmethod
    def _embeddings(texts: Sequence[str], embeddings: np.ndarray | None) -> np.ndarray:
        if embeddings is not None:
            embeddings = np.asarray(embeddings, dtype=np.float64)
            if embeddings.shape[0] != len(texts):
                raise ValueError(f"{embeddings.shape[0]} embeddings for {len(texts)} texts")
            return embeddings
        from parallax.embed import get_embedder

        return get_embedder().encode(list(texts)).astype(np.float64)

    def predict_proba(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """(n, L) probability of each label (the mean of the parts' one-vs-rest probabilities)."""
        state = self.state_
        if not texts:
            return np.zeros((0, len(state.labels)))
        parts = []
        if state.lexical_coef is not None:
            lexical = self._weigh(self._counter.transform(texts), state.idf)
            parts.append(_sigmoid(np.asarray(lexical @ state.lexical_coef.T) + state.lexical_intercept))
        if state.embedding_coef is not None:
            embedded = self._embeddings(texts, embeddings)
            parts.append(_sigmoid(embedded @ state.embedding_coef.T + state.embedding_intercept))
        return np.mean(parts, axis=0)

    def thresholds(self) -> np.ndarray:
        state = self.state_
        return state.label_thresholds if state.label_thresholds is not None else np.full(len(state.labels), state.threshold)

    def predict(self, texts: Sequence[str], embeddings: np.ndarray | None = None) -> np.ndarray:
        """(n, L) booleans: the labels whose probability reaches the tuned threshold."""
        return self.predict_proba(texts, embeddings) >= self.thresholds()
