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
    """The lexicon's and patterns' spans, plus the BABE word model's where they flagged nothing."""
    from .models.babe import load_model
    from .rhetoric import default_lexicon, with_babe_spans

    model, lex = load_model(), default_lexicon()
    return [{"loaded": [asdict(s) for s in with_babe_spans(a, lex, model, vectors)]}
            for a, vectors in zip(articles, embedded.sentence_vectors)]


def narratives_head(records, articles, embedded):
    from .models.narratives import predict_narratives

    out = []
    for result in predict_narratives([a.text for a in articles], embedded.documents):
        out.append({"narratives": [n["label"] for n in result["narratives"]],
                    "subnarratives": [n["label"] for n in result["subnarratives"]],
                    "narrative_domain": result["domain"]})
    return out


def techniques_head(records, articles, embedded):
    """Persuasion techniques per paragraph, located at the paragraph's sentence that scores highest for
    the technique (unvalidated: the training data has no spans); offsets into the text."""
    from .models.persuasion import predict_techniques

    from .models.persuasion import load_model

    model = load_model()
    out = []
    for article, spans, vectors, sentence_vectors in zip(articles, embedded.paragraphs, embedded.paragraph_vectors,
                                                          embedded.sentence_vectors):
        paragraphs = [article.text[start:end] for start, end in spans]
        flagged = predict_techniques(paragraphs, vectors, model=model, spans=False)
        sentences = [(s.start, s.end) for s in article.sentences]
        scores = model.predict_proba([article.text[a:b] for a, b in sentences], sentence_vectors) if sentences and any(flagged) else None
        found = []
        for (p_start, p_end), techniques in zip(spans, flagged):
            inside = [k for k, (a, _) in enumerate(sentences) if p_start <= a < p_end]
            for t in techniques:
                item = {"label": t["label"], "score": round(float(t["score"]), 4), "start": p_start, "end": p_end}
                if scores is not None and inside:
                    j = model.labels.index(t["label"])
                    best = max(inside, key=lambda k: (scores[k, j], -k))  # the sentence that shows it most
                    item["start"], item["end"] = sentences[best]
                found.append(item)
        out.append({"techniques": found})
    return out


HEADS = [lean_head, establishment_head, loaded_head, techniques_head, narratives_head]
