"""Narratives and sub-narratives of an article: domain detection, then one-vs-rest heads.

Shape (chosen by cross-validation, see MODEL_CARD.md):
1. Domain: which taxonomy domain the article belongs to (multinomial logistic regression on
   the article vector), and whether it belongs to any: the cosine to the domain's centroid
   must reach `outside_threshold`, a low quantile of the training articles' own cosines.
2. Narratives: one logistic regression per narrative label of the taxonomy (balanced class
   weights: most labels have a few dozen positives). A narrative of the detected domain is
   predicted when its probability reaches `narrative_threshold`; none passing means "Other".
3. Sub-narratives: only children of predicted narratives compete; a child is predicted at
   `subnarrative_threshold`; when none passes, the narrative's "<narrative>: Other" child
   (the data set's own convention for "no listed sub-narrative").

Learned state is `NarrativeState` (numpy arrays + label lists), saved as `narratives.npz` +
`labels.json`; no pickle.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import numpy as np
from sklearn.linear_model import LogisticRegression

from .taxonomy import Taxonomy

MIN_POSITIVES = 2  # a head needs at least this many positive articles; otherwise it never fires


@dataclass
class NarrativeState:
    """Everything `fit` learns. Row order of each array follows the matching label list."""

    domains: list[str]
    narratives: list[str]
    subnarratives: list[str]
    domain_coef: np.ndarray  # (D, 384); for one domain: zeros
    domain_intercept: np.ndarray  # (D,)
    domain_centroid: np.ndarray  # (D, 384) unit vectors
    narrative_coef: np.ndarray  # (N, 384)
    narrative_intercept: np.ndarray  # (N,); heads with too few positives get a very low intercept
    subnarrative_coef: np.ndarray  # (S, 384)
    subnarrative_intercept: np.ndarray
    outside_threshold: float
    narrative_threshold: float
    subnarrative_threshold: float
    other: str = "Other"
    settings: dict = field(default_factory=dict)

    _ARRAYS = ("domain_coef", "domain_intercept", "domain_centroid", "narrative_coef", "narrative_intercept",
               "subnarrative_coef", "subnarrative_intercept")

    def save(self, directory: Path | str) -> None:
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(directory / "narratives.npz", **{name: getattr(self, name).astype(np.float32) for name in self._ARRAYS})
        meta = {"domains": self.domains, "narratives": self.narratives, "subnarratives": self.subnarratives,
                "other": self.other, "outside_threshold": self.outside_threshold,
                "narrative_threshold": self.narrative_threshold, "subnarrative_threshold": self.subnarrative_threshold,
                "settings": self.settings}
        (directory / "labels.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, directory: Path | str) -> "NarrativeState":
        directory = Path(directory)
        meta = json.loads((directory / "labels.json").read_text(encoding="utf-8"))
        with np.load(directory / "narratives.npz", allow_pickle=False) as arrays:
            loaded = {name: arrays[name].astype(np.float64) for name in cls._ARRAYS}
        return cls(**meta, **loaded)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


def _fit_heads(x: np.ndarray, label_sets: Sequence[set[str]], labels: Sequence[str], c: float,
               random_state: int) -> tuple[np.ndarray, np.ndarray]:
    coef = np.zeros((len(labels), x.shape[1]))
    intercept = np.full(len(labels), -20.0)  # never fires unless trained
    for row, label in enumerate(labels):
        y = np.array([label in found for found in label_sets])
        if y.sum() < MIN_POSITIVES or y.all():
            continue
        head = LogisticRegression(C=c, class_weight="balanced", max_iter=2000, random_state=random_state).fit(x, y)
        coef[row], intercept[row] = head.coef_[0], head.intercept_[0]
    return coef, intercept


class NarrativeModel:
    """scikit-learn-style estimator over precomputed article vectors (`features.document_embeddings`).

    The constructor stores parameters; `fit` sets `state_`; `predict` returns label lists.
    """

    def __init__(self, taxonomy: Taxonomy, c: float = 1.0, narrative_threshold: float = 0.5,
                 subnarrative_threshold: float = 0.5, outside_quantile: float = 0.02, random_state: int = 0):
        self.taxonomy = taxonomy
        self.c = c
        self.narrative_threshold = narrative_threshold
        self.subnarrative_threshold = subnarrative_threshold
        self.outside_quantile = outside_quantile
        self.random_state = random_state

    @classmethod
    def from_state(cls, taxonomy: Taxonomy, state: NarrativeState) -> "NarrativeModel":
        model = cls(taxonomy, narrative_threshold=state.narrative_threshold,
                    subnarrative_threshold=state.subnarrative_threshold)
        model.state_ = state
        return model

    def save(self, directory: Path | str) -> None:
        self.state_.save(directory)

    # ---- training -----------------------------------------------------------------

    def fit(self, vectors: np.ndarray, domains: Sequence[str], narratives: Sequence[Sequence[str]],
            subnarratives: Sequence[Sequence[str]]) -> "NarrativeModel":
        """Train on article vectors with each article's domain code and gold label lists."""
        x = np.asarray(vectors, dtype=np.float64)
        present = [code for code in self.taxonomy.codes if code in set(domains)]
        if not present:
            raise ValueError("no training article belongs to a taxonomy domain")
        domain_index = np.array([present.index(code) for code in domains])
        centroids = np.stack([x[domain_index == d].mean(axis=0) for d in range(len(present))])
        centroids /= np.linalg.norm(centroids, axis=1, keepdims=True)
        own_cosine = np.einsum("ij,ij->i", x, centroids[domain_index])
        if len(present) > 1:
            router = LogisticRegression(C=1.0, max_iter=2000, random_state=self.random_state).fit(x, domain_index)
            coef, intercept = router.coef_, router.intercept_
            if len(present) == 2:  # sklearn keeps one row for two classes: expand to one row each
                coef, intercept = np.vstack([-coef / 2, coef / 2]), np.array([-intercept[0] / 2, intercept[0] / 2])
        else:
            coef, intercept = np.zeros((1, x.shape[1])), np.zeros(1)
        narrative_labels = [label for code in present for label in self.taxonomy.domain(code).narratives]
        sub_labels = [label for code in present for label in self.taxonomy.domain(code).subnarratives]
        narrative_coef, narrative_intercept = _fit_heads(x, [set(found) for found in narratives], narrative_labels,
                                                         self.c, self.random_state)
        sub_coef, sub_intercept = _fit_heads(x, [set(found) for found in subnarratives], sub_labels, self.c,
                                             self.random_state)
        self.state_ = NarrativeState(
            domains=present, narratives=narrative_labels, subnarratives=sub_labels,
            domain_coef=coef, domain_intercept=intercept, domain_centroid=centroids,
            narrative_coef=narrative_coef, narrative_intercept=narrative_intercept,
            subnarrative_coef=sub_coef, subnarrative_intercept=sub_intercept,
            outside_threshold=float(np.quantile(own_cosine, self.outside_quantile)),
            narrative_threshold=self.narrative_threshold, subnarrative_threshold=self.subnarrative_threshold,
            other=self.taxonomy.other, settings={"c": self.c, "outside_quantile": self.outside_quantile},
        )
        return self

    # ---- prediction ---------------------------------------------------------------

    def domain_scores(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(best domain index per article, cosine to that domain's centroid)."""
        state = self.state_
        x = np.asarray(vectors, dtype=np.float64)
        best = (x @ state.domain_coef.T + state.domain_intercept).argmax(axis=1)
        cosine = np.einsum("ij,ij->i", x, state.domain_centroid[best])
        return best, cosine

    def probabilities(self, vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        state = self.state_
        x = np.asarray(vectors, dtype=np.float64)
        return (_sigmoid(x @ state.narrative_coef.T + state.narrative_intercept),
                _sigmoid(x @ state.subnarrative_coef.T + state.subnarrative_intercept))

    def predict_details(self, vectors: np.ndarray, narrative_threshold: float | None = None,
                        subnarrative_threshold: float | None = None) -> list[dict]:
        """Per article: {domain (code or None when outside every domain), domain_similarity,
        narratives [{label, score}], subnarratives [{label, score}]}, best score first."""
        state = self.state_
        narrative_threshold = state.narrative_threshold if narrative_threshold is None else narrative_threshold
        subnarrative_threshold = state.subnarrative_threshold if subnarrative_threshold is None else subnarrative_threshold
        best, cosine = self.domain_scores(vectors)
        narrative_p, sub_p = self.probabilities(vectors)
        sub_index = {label: i for i, label in enumerate(state.subnarratives)}
        results = []
        for row in range(len(best)):
            code = state.domains[best[row]]
            inside = cosine[row] >= state.outside_threshold
            result = {"domain": code if inside else None, "domain_similarity": round(float(cosine[row]), 4),
                      "narratives": [], "subnarratives": []}
            results.append(result)
            if not inside:
                continue
            domain = self.taxonomy.domain(code)
            for col, label in enumerate(state.narratives):
                if label in domain.narratives and narrative_p[row, col] >= narrative_threshold:
                    result["narratives"].append({"label": label, "score": round(float(narrative_p[row, col]), 4)})
            result["narratives"].sort(key=lambda item: (-item["score"], item["label"]))
            for narrative in result["narratives"]:
                result["subnarratives"].extend(self._children(domain.narratives[narrative["label"]], narrative["label"],
                                                              sub_p[row], sub_index, subnarrative_threshold))
            result["subnarratives"].sort(key=lambda item: (-item["score"], item["label"]))
        return results

    def _children(self, children: Sequence[str], narrative: str, sub_p: np.ndarray, sub_index: dict[str, int],
                  threshold: float) -> list[dict]:
        """The sub-narratives of `narrative` that pass, else its "<narrative>: Other" child."""
        children = [child for child in children if child in sub_index]
        passed = [{"label": child, "score": round(float(sub_p[sub_index[child]]), 4)} for child in children
                  if sub_p[sub_index[child]] >= threshold]
        if passed:
            return passed
        fallback = f"{narrative}: {self.taxonomy.other}"
        if fallback in sub_index:
            return [{"label": fallback, "score": round(float(sub_p[sub_index[fallback]]), 4)}]
        return []

    def predict(self, vectors: np.ndarray, **thresholds) -> tuple[list[list[str]], list[list[str]]]:
        """Label lists as in the data set: [other] when no narrative applies."""
        narratives, subnarratives = [], []
        for result in self.predict_details(vectors, **thresholds):
            found = [item["label"] for item in result["narratives"]]
            narratives.append(found or [self.state_.other])
            subnarratives.append([item["label"] for item in result["subnarratives"]] or [self.state_.other])
        return narratives, subnarratives
