"""The heads `parallax annotate` runs: each maps (records, articles, vectors) to output fields.

A head takes the batch's input records, the read articles (text = the input text) and
one MiniLM vector per text, and returns one dict of output fields per record. A head
whose model is not shipped returns empty fields and says so once on stderr.
"""

from __future__ import annotations

from dataclasses import asdict


def lean_head(records, articles, vectors):
    from .models.lean import predict_lean
    from .models.lean.features import lexical_text

    texts = [lexical_text(r.get("title") or "", a.text) for r, a in zip(records, articles)]
    return [{"lean": {"label": p["label"], "score": p["score"]}} for p in predict_lean(texts, vectors)]


def establishment_head(records, articles, vectors):
    from .stance.establishment import score_establishment

    return [{"establishment": {"score": round(score_establishment(a)[0], 3)}} for a in articles]


def loaded_head(records, articles, vectors):
    return [{"loaded": [asdict(s) for s in a.loaded]} for a in articles]


HEADS = [lean_head, establishment_head, loaded_head]
