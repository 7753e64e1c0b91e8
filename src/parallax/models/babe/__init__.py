"""Biased sentences and the words that make them biased, trained on BABE.

    from parallax.models.babe import predict_babe, biased_word_spans
    predict_babe(["a sentence", ...])          # -> [{biased, probability, words: [...]}]
    biased_word_spans(text, sentences)         # -> [LoadedSpan(kind="biased", source="model:babe")]

The shipped model (this folder: `babe.npz`, `vocabulary.json`, `MODEL_CARD.md`) is
loaded on first use. Every function takes optional precomputed MiniLM embeddings
(one row per sentence), so a caller that already embedded the text (e.g.
`parallax annotate`) does not embed it twice.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from .model import BabeModel

from .. import shipped  # noqa: E402

MODEL_DIR = Path(__file__).resolve().parent
# P(marked) a word needs before the reading stage shows it. High on purpose: a reader
# trusts a short list of right answers more than a long list with mistakes
# (precision / recall at each threshold: metrics.json, MODEL_CARD.md).
WORD_THRESHOLD = 0.6
SENTENCE_WORDS = 256  # MiniLM reads 256 word pieces; longer "sentences" (unsplit paragraphs) are cut



def load_model(directory: Path | str | None = None) -> BabeModel:
    """The shipped model (cached per process) or one saved in `directory`."""
    if directory is not None:
        return BabeModel.load(directory)
    return shipped("BABE", lambda: BabeModel.load(MODEL_DIR), "scripts/train_babe.py")


def _embed(texts: Sequence[str]) -> np.ndarray:
    from parallax.embed import get_embedder

    return get_embedder().encode(list(texts))


def sentence_bias(texts: Sequence[str], embeddings: np.ndarray | None = None, model: BabeModel | None = None) -> np.ndarray:
    """P(biased) per sentence. Embeds the texts unless `embeddings` are given."""
    model = model or load_model()
    if not texts:
        return np.zeros(0)
    if embeddings is None and "embedding" in model.state_.sentence_parts:
        embeddings = _embed(texts)
    return model.sentence_probability(list(texts), embeddings)


def predict_babe(texts: Sequence[str], embeddings: np.ndarray | None = None, model: BabeModel | None = None,
                 threshold: float = WORD_THRESHOLD) -> list[dict]:
    """For each sentence: {biased (bool), probability, words: [{start, end, text, probability}]}
    with the words whose P(marked) >= `threshold` (offsets into that sentence)."""
    model = model or load_model()
    probabilities = sentence_bias(texts, embeddings, model)
    results = []
    for text, p in zip(texts, probabilities):
        words = [{"start": s, "end": e, "text": text[s:e], "probability": round(q, 4)}
                 for s, e, q in model.word_probabilities(text, float(p)) if q >= threshold]
        results.append({"biased": bool(p >= 0.5), "probability": round(float(p), 4), "words": words})
    return results


def biased_word_spans(text: str, sentences: Sequence[tuple[int, int]], embeddings: np.ndarray | None = None,
                      model: BabeModel | None = None, threshold: float = WORD_THRESHOLD) -> list:
    """`LoadedSpan`s (kind "biased", source "model:babe") for confident words of `text`.

    `sentences`: (start, end) offsets into `text` (e.g. `Article.sentences`); `embeddings`:
    their MiniLM vectors, one row per sentence, if already computed.
    """
    from parallax.model import LoadedSpan

    model = model or load_model()
    pieces = [text[start:end] for start, end in sentences]
    if not pieces:
        return []
    if embeddings is None and "embedding" in model.state_.sentence_parts:
        embeddings = _embed([" ".join(piece.split()[:SENTENCE_WORDS]) for piece in pieces])
    probabilities = model.sentence_probability(pieces, embeddings)
    spans = []
    for (offset, _), piece, p in zip(sentences, pieces, probabilities):
        for start, end, q in model.word_probabilities(piece, float(p)):
            if q >= threshold:
                spans.append(LoadedSpan(offset + start, offset + end, text[offset + start:offset + end], "biased", None, "model:babe"))
    return spans


__all__ = ["BabeModel", "MODEL_DIR", "WORD_THRESHOLD", "biased_word_spans", "load_model", "predict_babe", "sentence_bias"]
