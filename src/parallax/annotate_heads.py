"""The heads `parallax annotate` runs: each maps (records, articles, vectors) to output fields.

A head takes the batch's input records, the read articles (text = the input text), one
MiniLM vector per text (its first chunk: title and opening words) and one document vector
per text (the mean of its chunks' vectors), and returns one dict of output fields per record.
Each text's chunks are embedded once, in one call, for all heads. A head
whose model is not shipped returns empty fields and says so once on stderr.
"""

from __future__ import annotations

from dataclasses import asdict


def lean_head(records, articles, vectors, documents):
    from .models.lean import predict_lean
    from .models.lean.features import lexical_text

    texts = [lexical_text(r.get("title") or "", a.text) for r, a in zip(records, articles)]
    return [{"lean": {"label": p["label"], "score": p["score"]}} for p in predict_lean(texts, vectors)]


def establishment_head(records, articles, vectors, documents):
    from .stance.establishment import score_establishment

    return [{"establishment": {"score": round(score_establishment(a)[0], 3)}} for a in articles]


def loaded_head(records, articles, vectors, documents):
    return [{"loaded": [asdict(s) for s in a.loaded]} for a in articles]


def narratives_head(records, articles, vectors, documents):
    from .models.narratives import predict_narratives

    out = []
    for result in predict_narratives([a.text for a in articles], documents):
        out.append({"narratives": [n["label"] for n in result["narratives"]],
                    "subnarratives": [n["label"] for n in result["subnarratives"]],
                    "narrative_domain": result["domain"]})
    return out


HEADS = [lean_head, establishment_head, loaded_head, narratives_head]
