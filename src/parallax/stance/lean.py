"""Political lean per source from the shared lean model (parallax.models.lean), with its evidence."""

from __future__ import annotations

from ..errors import ResourceError
from ..model import Article, ScoreEvidence


def _lean_text(article: Article) -> str:
    return f"{article.title}\n{article.text}" if article.title else article.text


def predict_article_leans(articles: list[Article], cache: bool | str = False) -> list[tuple[float, str | None, ScoreEvidence]]:
    """(score 1..5, label or None, evidence) per article; a neutral 3.0 with the reason when the model is missing.

    The model's embedding part reads the title and opening words; they are embedded through the
    shared embedder, so the brief's embedding cache serves them on a second run.
    """
    try:
        from ..embed import get_embedder
        from ..models.lean import predict_lean
        from ..models.lean.features import embedding_text

        vectors = get_embedder(cache=cache).encode([embedding_text(a.title or "", a.text) for a in articles])
        results = predict_lean([_lean_text(a) for a in articles], vectors)
    except (ImportError, ResourceError) as error:
        reason = f"political lean not scored: {error}"
        return [(3.0, None, ScoreEvidence(summary=reason)) for _ in articles]
    out = []
    for result in results:
        terms = [item["term"] if isinstance(item, dict) else str(item) for item in result.get("evidence", [])]
        pushes = {item["term"]: item.get("push", 0.0) for item in result.get("evidence", []) if isinstance(item, dict)}
        left = [t for t in terms if pushes.get(t, 0) < 0][:4]
        right = [t for t in terms if pushes.get(t, 0) > 0][:4]
        probabilities = result.get("probabilities", {})
        summary = (f"lean model: {result['label']} ({', '.join(f'{k} {v:.0%}' for k, v in probabilities.items())})"
                   + (f"; toward left: {', '.join(repr(t) for t in left)}" if left else "")
                   + (f"; toward right: {', '.join(repr(t) for t in right)}" if right else ""))
        out.append((float(result["score"]), result["label"], ScoreEvidence(summary=summary, terms=terms)))
    return out
