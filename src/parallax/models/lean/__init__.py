"""Political lean of a text on a left(1)..right(5) scale, with the terms that drove it.

    from parallax.models.lean import predict_lean
    predict_lean(["article text ..."])  # -> [{label, score, probabilities, evidence}]

The shipped model (this folder: `lean.npz`, `vocabulary.json`, `MODEL_CARD.md`) is
loaded on first use. Scores describe US-political framing learned from outlet-level
labels: read them as "sounds like", never as a verdict on a source.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .model import CLASS_POSITION, CLASSES, LeanModel, LeanState

from .. import shipped  # noqa: E402

MODEL_DIR = Path(__file__).resolve().parent



def load_model(directory: Path | str | None = None) -> LeanModel:
    """The shipped model (cached per process) or one saved in `directory`."""
    if directory is not None:
        return LeanModel.load(directory)
    return shipped("lean", lambda: LeanModel.load(MODEL_DIR), "scripts/train_lean.py")


def lean_score(probabilities: np.ndarray) -> np.ndarray:
    """Expected position on the 1..5 scale with left=1, center=3, right=5:
    1 + 2*P(center) + 4*P(right). A confident left text scores near 1, an unsure one near 3."""
    return np.asarray(probabilities) @ CLASS_POSITION


def predict_lean(texts: list[str], embeddings: np.ndarray | None = None, model: LeanModel | None = None,
                 top_terms: int = 8) -> list[dict]:
    """For each text: {label, score (1..5), probabilities {left, center, right}, evidence [{term, push}]}.

    `embeddings`: MiniLM vectors of the texts if the caller already has them (one row per text).
    `push` > 0 means the term pushed toward right, < 0 toward left.
    """
    model = model or load_model()
    probabilities = model.predict_proba(texts, embeddings)
    scores = lean_score(probabilities)
    evidence = model.evidence(texts, top=top_terms)
    results = []
    for row, score, terms in zip(probabilities, scores, evidence):
        results.append({
            "label": CLASSES[int(row.argmax())],
            "score": round(float(score), 3),
            "probabilities": {label: round(float(p), 4) for label, p in zip(CLASSES, row)},
            "evidence": terms,
        })
    return results


__all__ = ["CLASSES", "LeanModel", "LeanState", "MODEL_DIR", "lean_score", "load_model", "predict_lean"]

