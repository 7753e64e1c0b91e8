"""How well the desk groups articles into stories, measured on the AllSides roundups.

Every article of every roundup story (left, center, right) is pooled, read through the
reading pipeline, and streamed in date order into a fresh desk (`desk.Desk`, the same code
`parallax ingest` runs, briefs off). The stories it builds are compared with the real ones:
pairwise precision/recall/F1 (over pairs of articles put together) and B-cubed
precision/recall/F1 (per article, averaged).

The two settings (join threshold, entity weight) are chosen on the roundups with an even
index and reported on those with an odd index, so the reported figures are not tuned on
the data they are measured on; figures on all stories with the chosen settings are given too.

    python -m parallax.evaluation.clustering [DATA_DIR]
"""

from __future__ import annotations

import itertools
import json
import sys
import tempfile
from pathlib import Path

THRESHOLDS = (0.50, 0.55, 0.60, 0.65, 0.70)
ENTITY_WEIGHTS = (0.0, 0.10, 0.20)


def load_roundup_articles(data_dir: str | Path) -> list[dict]:
    """[{story, raw}] for every article with a body, in date order (then story, then side)."""
    from ..ingest.dates import iso_date
    from ..model import Hints, RawInput
    from .roundups import load_stories

    rows = load_stories(data_dir)
    items = []
    for index, row in enumerate(rows):
        for article in row["articles"]:
            body = "\n\n".join(p.strip() for p in article.get("body") or [] if p.strip())
            if not body:
                continue
            hints = Hints(title=article.get("title"), url=article.get("url"), publisher=article.get("source"),
                          published=iso_date(row.get("date")))
            raw = RawInput(origin=f"{row['id']}:{article['side']}", text=body, format="text", url=article.get("url"), hints=hints,
                           group=article.get("source"))
            items.append({"story": index, "date": row.get("date") or "", "side": article["side"], "raw": raw})
    items.sort(key=lambda item: (item["date"], item["story"], item["side"]))
    return items


def pairwise(predicted: list, truth: list) -> dict:
    same_pred = same_true = both = 0
    for i, j in itertools.combinations(range(len(truth)), 2):
        p, t = predicted[i] == predicted[j], truth[i] == truth[j]
        same_pred += p
        same_true += t
        both += p and t
    precision = both / same_pred if same_pred else 1.0
    recall = both / same_true if same_true else 1.0
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def bcubed(predicted: list, truth: list) -> dict:
    precision = recall = 0.0
    for i in range(len(truth)):
        pred_members = {j for j in range(len(truth)) if predicted[j] == predicted[i]}
        true_members = {j for j in range(len(truth)) if truth[j] == truth[i]}
        shared = len(pred_members & true_members)
        precision += shared / len(pred_members)
        recall += shared / len(true_members)
    n = len(truth) or 1
    precision, recall = precision / n, recall / n
    return {"precision": precision, "recall": recall, "f1": _f1(precision, recall)}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def cluster_stream(articles: list, vectors, settings) -> list[int]:
    """Stream articles (already read and embedded) into a throwaway store; the story id of each."""
    from ..desk.desk import Desk
    from ..desk.store import Store

    with tempfile.TemporaryDirectory() as directory, Store(Path(directory) / "eval.db") as store:
        desk = Desk(store, settings)
        out = []
        for article, vector in zip(articles, vectors):
            outcome = desk.add_one(article, article.url or article.id, vector)
            out.append(outcome.stories[0] if outcome.stories else -1)
        return out


def _score(predicted: list, truth: list) -> dict:
    return {"pairwise": pairwise(predicted, truth), "bcubed": bcubed(predicted, truth),
            "articles": len(truth), "stories_true": len(set(truth)), "stories_found": len(set(predicted))}


def evaluate_clustering(data_dir: str | Path) -> dict:
    from ..desk.cluster import ClusterSettings, vector_text
    from ..embed import get_embedder
    from ..options import ReadOptions
    from ..pipeline import Context, read_raw

    items = load_roundup_articles(data_dir)
    results = list(read_raw([i["raw"] for i in items], Context(options=ReadOptions(corpus_stats=False))))
    kept = [(item, article) for item, article in zip(items, results) if hasattr(article, "text")]
    articles = [article for _, article in kept]
    truth = [item["story"] for item, _ in kept]
    vectors = get_embedder().encode([vector_text(a) for a in articles])

    def subset(parity: int):
        chosen = [k for k, story in enumerate(truth) if story % 2 == parity]
        return [articles[k] for k in chosen], vectors[chosen], [truth[k] for k in chosen]

    tune_articles, tune_vectors, tune_truth = subset(0)
    grid = []
    for threshold, weight in itertools.product(THRESHOLDS, ENTITY_WEIGHTS):
        settings = ClusterSettings(threshold=threshold, entity_weight=weight)
        score = _score(cluster_stream(tune_articles, tune_vectors, settings), tune_truth)
        grid.append({"threshold": threshold, "entity_weight": weight, "bcubed_f1": score["bcubed"]["f1"], "pairwise_f1": score["pairwise"]["f1"]})
    best = max(grid, key=lambda g: (round(g["bcubed_f1"], 4), round(g["pairwise_f1"], 4), -g["threshold"]))
    chosen = ClusterSettings(threshold=best["threshold"], entity_weight=best["entity_weight"])
    test_articles, test_vectors, test_truth = subset(1)
    default = ClusterSettings()
    return {
        "data": "allsides-roundups/dev.jsonl: every left/center/right article pooled, streamed in date order",
        "chosen_on_even_stories": {"threshold": chosen.threshold, "entity_weight": chosen.entity_weight, "window_days": chosen.window_days},
        "held_out_odd_stories": _score(cluster_stream(test_articles, test_vectors, chosen), test_truth),
        "all_stories_chosen_settings": _score(cluster_stream(articles, vectors, chosen), truth),
        "all_stories_shipped_defaults": {"settings": {"threshold": default.threshold, "entity_weight": default.entity_weight},
                                         **_score(cluster_stream(articles, vectors, default), truth)},
        "grid_on_even_stories": grid,
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    data_dir = Path(argv[0]) if argv else Path(__file__).resolve().parents[3].parent / "shared" / "data"
    print(json.dumps(evaluate_clustering(data_dir), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
