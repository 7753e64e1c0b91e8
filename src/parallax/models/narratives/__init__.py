"""Narratives and sub-narratives of news articles, from a user-editable taxonomy.

    from parallax.models.narratives import predict_narratives, label_text
    predict_narratives(["article text ..."])
    # -> [{domain, domain_similarity, narratives: [{label, score}], subnarratives: [{label, score}]}]
    label_text("a side's narrative text")  # -> ["URW: ...", ...] or [] outside the known domains

The taxonomy (domains, narrative and sub-narrative labels) is read from
`parallax/data/narratives/taxonomy.yaml`; the shipped model (`narratives.npz`, `labels.json`,
`MODEL_CARD.md` in this folder) is loaded on first use. Labels name narratives an article
*carries* (often propaganda narratives), not claims that they are true.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from .features import chunk_text, document_embeddings
from .model import NarrativeModel, NarrativeState
from .taxonomy import Taxonomy, load_taxonomy

from .. import shipped  # noqa: E402

MODEL_DIR = Path(__file__).resolve().parent



def load_model(directory: Path | str | None = None, taxonomy: Taxonomy | None = None) -> NarrativeModel:
    """The shipped model (cached per process) or one saved in `directory`."""
    if directory is not None or taxonomy is not None:
        return NarrativeModel.from_state(taxonomy or load_taxonomy(), NarrativeState.load(directory or MODEL_DIR))
    return shipped("narrative", lambda: NarrativeModel.from_state(load_taxonomy(), NarrativeState.load(MODEL_DIR)),
                   "scripts/train_narratives.py")


def predict_narratives(texts: list[str], embeddings: np.ndarray | None = None,
                       model: NarrativeModel | None = None) -> list[dict]:
    """For each text: {domain, domain_similarity, narratives [{label, score}], subnarratives [{label, score}]}.

    `domain` is a taxonomy code, or None when the text is outside every known domain (then both
    lists are empty). Inside a domain, empty lists mean the taxonomy's "Other".
    `embeddings`: article vectors from `document_embeddings(texts)` if the caller already has
    them (the mean of sentence-aligned chunk embeddings; a single MiniLM vector of the text
    works too, but only sees its first ~200 words).
    """
    model = model or load_model()
    if not texts:
        return []
    vectors = document_embeddings(texts) if embeddings is None else np.asarray(embeddings)
    if len(vectors) != len(texts):
        raise ValueError(f"{len(vectors)} embeddings for {len(texts)} texts")
    return model.predict_details(vectors)


def label_text(text: str, embedding: np.ndarray | None = None, model: NarrativeModel | None = None) -> list[str]:
    """Narrative labels of one text (e.g. a side's narrative in a brief), best first; [] when
    the text is outside the known domains or carries none of the taxonomy's narratives."""
    vectors = None if embedding is None else np.asarray(embedding).reshape(1, -1)
    result = predict_narratives([text], vectors, model=model)[0]
    return [item["label"] for item in result["narratives"]]


__all__ = ["MODEL_DIR", "NarrativeModel", "NarrativeState", "Taxonomy", "chunk_text", "document_embeddings",
           "label_text", "load_model", "load_taxonomy", "predict_narratives"]
