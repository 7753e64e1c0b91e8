"""The heads `parallax annotate` runs: each maps (records, articles, vectors) to output fields.

A head takes the batch's input records, the read articles (text = the input text) and the
batch's `annotate.Embedded` vectors (each text embedded once, paragraph by paragraph), and
returns one dict of output fields per record. A head
whose model is not shipped returns empty fields and says so once on stderr.
"""

from __future__ import annotations

from dataclasses import asdict


def lean_head(records, articles, embedded):
    from .models.lean import predict_lean
    from .models.lean.features import lexical_text

    texts = [lexical_text(r.get("title") or "", a.text) for r, a in zip(records, articles)]
    return [{"lean": {"label": p["label"], "score": p["score"]}} for p in predict_lean(texts, embedded.lean)]


def establishment_head(records, articles, embedded):
    from .stance.establishment import score_establishment

    return [{"establishment": {"score": round(score_establishment(a)[0], 3)}} for a in articles]


def loaded_head(records, articles, embedded):
    return [{"loaded": [asdict(s) for s in a.loaded]} for a in articles]


def narratives_head(records, articles, embedded):
    from .models.narratives import predict_narratives

    out = []
    for result in predict_narratives([a.text for a in articles], embedded.documents):
        out.append({"narratives": [n["label"] for n in result["narratives"]],
                    "subnarratives": [n["label"] for n in result["subnarratives"]],
                    "narrative_domain": result["domain"]})
    return out


def techniques_head(records, articles, embedded):
    """Persuasion techniques per paragraph; offsets of the technique's sentence, mapped into the text."""
    from .models.persuasion import predict_techniques

    out = []
    for article, spans, vectors in zip(articles, embedded.paragraphs, embedded.paragraph_vectors):
        found = []
        paragraphs = [article.text[start:end] for start, end in spans]
        for (offset, _), techniques in zip(spans, predict_techniques(paragraphs, vectors)):
            for t in techniques:
                item = {"label": t["label"], "score": round(float(t["score"]), 4)}
                if t.get("start") is not None:
                    item.update(start=offset + t["start"], end=offset + t["end"])
                found.append(item)
        out.append({"techniques": found})
    return out


HEADS = [lean_head, establishment_head, loaded_head, techniques_head, narratives_head]
