"""Persuasion techniques in news paragraphs (the 23 labels of SemEval-2023 Task 3, subtask 3).

    from parallax.models.persuasion import predict_techniques
    predict_techniques(["paragraph ...", "paragraph ..."])
    # -> [[{label, score, start, end}, ...], ...]  one list per paragraph, best first

Labels are spelled exactly as in the task's `techniques_subtask3.txt` (see `LABELS`).
`start`/`end` (character offsets into the paragraph, end exclusive) mark the sentence
that scores highest for that label under the same head; this placement is NOT validated
against human span annotations (see MODEL_CARD.md). The shipped model (this folder:
`persuasion.npz`, `persuasion.json`, `MODEL_CARD.md`) is loaded on first use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from .model import TechniqueModel, TechniqueState, micro_f1
from .spans import sentence_spans

from .. import shipped  # noqa: E402

MODEL_DIR = Path(__file__).resolve().parent



def load_model(directory: Path | str | None = None) -> TechniqueModel:
    """The shipped model (cached per process) or one saved in `directory`."""
    if directory is not None:
        return TechniqueModel.load(directory)
    return shipped("persuasion", lambda: TechniqueModel.load(MODEL_DIR), "scripts/train_persuasion.py")


def predict_techniques(paragraphs: Sequence[str], embeddings: np.ndarray | None = None, model: TechniqueModel | None = None,
                       spans: bool = True) -> list[list[dict]]:
    """For each paragraph, the techniques whose score reaches the model's threshold, best first:
    `{label, score}` plus `start`, `end` (the best sentence for that label) when `spans`.

    `embeddings`: MiniLM vectors of the paragraphs if the caller already has them (one row each).
    Spans in multi-sentence paragraphs need the sentences scored too, which embeds them
    (one extra batch for all flagged paragraphs); pass `spans=False` to skip that cost.
    """
    model = model or load_model()
    paragraphs = list(paragraphs)
    probabilities = model.predict_proba(paragraphs, embeddings)
    flagged = probabilities >= model.thresholds()
    located = _locate(model, paragraphs, flagged) if spans else {}
    results = []
    for i, paragraph in enumerate(paragraphs):
        found = []
        for j in sorted(np.flatnonzero(flagged[i]), key=lambda j: (-probabilities[i, j], j)):
            item = {"label": model.labels[j], "score": round(float(probabilities[i, j]), 4)}
            if spans:
                item["start"], item["end"] = located.get((i, j)) or _whole(paragraph)
            found.append(item)
        results.append(found)
    return results


def _whole(paragraph: str) -> tuple[int, int]:
    """The paragraph without surrounding whitespace (a one-sentence paragraph is its own span)."""
    start = len(paragraph) - len(paragraph.lstrip())
    return start, max(start, len(paragraph.rstrip()))


def _locate(model: TechniqueModel, paragraphs: list[str], flagged: np.ndarray) -> dict[tuple[int, int], tuple[int, int]]:
    """(paragraph, label) -> offsets of the flagged paragraph's sentence with the highest score
    for that label. All sentences of all flagged multi-sentence paragraphs go in one batch."""
    owners, sentences, offsets = [], [], []
    for i, paragraph in enumerate(paragraphs):
        if not flagged[i].any():
            continue
        found = sentence_spans(paragraph)
        if len(found) < 2:
            continue
        for start, end in found:
            owners.append(i)
            sentences.append(paragraph[start:end])
            offsets.append((start, end))
    if not sentences:
        return {}
    scores = model.predict_proba(sentences)
    located: dict[tuple[int, int], tuple[int, int]] = {}
    best: dict[tuple[int, int], float] = {}
    for row, owner in enumerate(owners):
        for j in np.flatnonzero(flagged[owner]):
            key = (owner, int(j))
            if key not in best or scores[row, j] > best[key]:  # strict: the first sentence wins ties
                best[key] = float(scores[row, j])
                located[key] = offsets[row]
    return located


def __getattr__(name: str):
    # LABELS is read from the shipped model, so it is only loaded when asked for.
    if name == "LABELS":
        return tuple(load_model().labels)
    raise AttributeError(name)


__all__ = ["LABELS", "MODEL_DIR", "TechniqueModel", "TechniqueState", "load_model", "micro_f1", "predict_techniques", "sentence_spans"]
