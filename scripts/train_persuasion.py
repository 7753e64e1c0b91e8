"""Train and evaluate the persuasion-technique model (SemEval-2023 Task 3, subtask 3, English).

    .venv/bin/python scripts/train_persuasion.py                 # cross-validate, train, ship
    .venv/bin/python scripts/train_persuasion.py --limit 40 --out /tmp/persuasion   # tiny, fast (tests)

Only the training part of the task is available, so every reported figure is
cross-validated with folds grouped by article (a paragraph never sits in the test
fold while another paragraph of its article is in training). Paragraph embeddings
are cached in `--cache` (SQLite keyed by text hash) so a second run embeds nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.model_selection import GroupKFold

from parallax.embed import Embedder, EmbeddingCache
from parallax.models.persuasion import MODEL_DIR, TechniqueModel
from parallax.models.persuasion.model import best_threshold, micro_f1, tune_label_thresholds

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_CACHE = Path.home() / ".cache" / "parallax" / "train" / "persuasion"
SUBDIR = "persuasion-semeval2023"


def read_labels(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def load_paragraphs(folder: Path, limit_articles: int | None = None, seed: int = 0) -> tuple[list[str], list[list[str]], list[str]]:
    """(paragraph texts, their technique lists, their article ids), joined on (article, paragraph).

    `limit_articles` keeps a seeded sample of whole articles (the file is ordered by article)."""
    texts: dict[tuple[str, str], str] = {}
    with open(folder / "train-labels-subtask-3.template", encoding="utf-8") as handle:
        for line in handle:
            article, number, text = line.rstrip("\n").split("\t", 2)
            texts[(article, number)] = text
    rows = []
    with open(folder / "train-labels-subtask-3.txt", encoding="utf-8") as handle:
        for line in handle:
            parts = line.rstrip("\n").split("\t")
            techniques = [t for t in (parts[2].split(",") if len(parts) > 2 else []) if t]
            rows.append((parts[0], texts[(parts[0], parts[1])], techniques))
    if limit_articles:
        articles = sorted({article for article, _, _ in rows})
        order = np.random.default_rng(seed).permutation(len(articles))[:limit_articles]
        kept = {articles[i] for i in order}
        rows = [row for row in rows if row[0] in kept]
    return [text for _, text, _ in rows], [labels for _, _, labels in rows], [article for article, _, _ in rows]


def embed(texts: list[str], cache_dir: Path) -> np.ndarray:
    import torch

    torch.set_num_threads(2)  # the machine is shared
    cache_dir.mkdir(parents=True, exist_ok=True)
    embedder = Embedder(cache=EmbeddingCache(cache_dir / "embeddings.sqlite"))
    return embedder.encode(texts)


def top_k_baseline(train_targets: np.ndarray, held_rows: int, k: int) -> np.ndarray:
    """Predict the k most frequent training labels for every paragraph."""
    frequency = train_targets.sum(axis=0)
    chosen = sorted(range(len(frequency)), key=lambda j: (-frequency[j], j))[:k]
    predicted = np.zeros((held_rows, train_targets.shape[1]), dtype=bool)
    predicted[:, chosen] = True
    return predicted


def _rows(embeddings: np.ndarray | None, rows: np.ndarray) -> np.ndarray | None:
    return None if embeddings is None else embeddings[rows]


def out_of_fold(texts, targets, groups, embeddings, features: str, splits, cache_dir: Path | None = None) -> np.ndarray:
    """(n, L) probabilities of each paragraph from heads fitted without its article.
    Cached in `cache_dir` under a hash of the data, folds and parameters: on this shared
    machine one variant's cross-validation takes minutes, and "both" reuses each part's."""
    key = hashlib.sha256(json.dumps([texts, targets.tolist(), [s[1].tolist() for s in splits],
                                     TechniqueModel(features=features)._params()]).encode()).hexdigest()[:16]
    cached = cache_dir / f"oof-{features}-{key}.npy" if cache_dir else None
    if cached and cached.exists():
        return np.load(cached, allow_pickle=False)
    found = np.zeros(targets.shape)
    for fold, (train, held) in enumerate(splits):
        started = time.perf_counter()
        model = TechniqueModel(features=features).fit([texts[i] for i in train], targets[train], _rows(embeddings, train),
                                                      threshold=0.5)  # the cut-off is chosen below, per fold
        found[held] = model.predict_proba([texts[i] for i in held], _rows(embeddings, held))
        print(f"  {features} fold {fold}: {time.perf_counter() - started:.0f}s", flush=True)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        np.save(cached, found, allow_pickle=False)
    return found


def cross_fitted(targets, probabilities, splits, per_label: bool) -> tuple[np.ndarray, list[float]]:
    """Predictions of each fold with the cut-off(s) that maximise micro-F1 on the *other*
    folds' out-of-fold probabilities: the held fold's labels never choose its threshold."""
    predicted = np.zeros(targets.shape, dtype=bool)
    chosen = []
    for train, held in splits:
        cut = best_threshold(targets[train], probabilities[train])
        cuts = tune_label_thresholds(targets[train], probabilities[train], cut) if per_label else cut
        predicted[held] = probabilities[held] >= cuts
        chosen.append(cut)
    return predicted, chosen


def per_label_f1(targets, predicted, labels) -> dict:
    found = {}
    for j, label in enumerate(labels):
        scores = micro_f1(targets[:, [j]], predicted[:, [j]])
        found[label] = {"support": int(targets[:, j].sum()), "f1": scores["micro_f1"]}
    return found


def cross_validate(texts, targets, groups, embeddings, parts: list[str], folds: int, cache_dir: Path | None = None) -> tuple[dict, dict]:
    """Micro-F1 of the top-k baselines and of every head combination, plus the out-of-fold
    probabilities of each combination (the shipped model's threshold is tuned on them)."""
    splits = list(GroupKFold(n_splits=folds).split(texts, targets, groups))
    scores, probabilities = {}, {}
    for k in (1, 2, 3):
        predicted = np.zeros(targets.shape, dtype=bool)
        for train, held in splits:
            predicted[held] = top_k_baseline(targets[train], len(held), k)
        scores[f"top{k}_frequent"] = micro_f1(targets, predicted)
    for part in parts:
        probabilities[part] = out_of_fold(texts, targets, groups, embeddings, part, splits, cache_dir)
    if len(parts) == 2:
        probabilities["both"] = (probabilities["lexical"] + probabilities["embedding"]) / 2
    for features, found in probabilities.items():
        for per_label in (False, True):
            predicted, cuts = cross_fitted(targets, found, splits, per_label)
            name = VARIANT_NAMES[features] + ("_label_thresholds" if per_label else "")
            scores[name] = {**micro_f1(targets, predicted), "thresholds": [round(c, 2) for c in cuts]}
            print(f"{name:>34}: {scores[name]}", flush=True)
    return scores, probabilities


VARIANT_NAMES = {"lexical": "tfidf_lr", "embedding": "minilm_lr", "both": "minilm_tfidf_lr"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"folder holding {SUBDIR}/")
    parser.add_argument("--limit", type=int, default=None, help="use a seeded sample of N articles")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where to save the model (default: the shipped one)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="embedding cache folder")
    parser.add_argument("--features", choices=("lexical", "embedding", "both"), default="both", help="the shipped variant")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--per-label", action="store_true", help="ship per-label thresholds (labels with >= 30 examples)")
    parser.add_argument("--embed-only", action="store_true", help="fill the embedding cache and stop")
    args = parser.parse_args(argv)

    folder = args.data / SUBDIR
    if not (folder / "train-labels-subtask-3.txt").exists():
        print(f"error: {folder} has no train-labels-subtask-3.txt (use --data)", file=sys.stderr)
        return 2
    labels = read_labels(folder / "techniques_subtask3.txt")
    texts, label_lists, groups = load_paragraphs(folder, args.limit)
    index = {label: j for j, label in enumerate(labels)}
    targets = np.zeros((len(texts), len(labels)), dtype=bool)
    for i, found in enumerate(label_lists):
        for label in found:
            targets[i, index[label]] = True
    print(f"{len(texts)} paragraphs / {len(set(groups))} articles; {int(targets.sum())} labels; "
          f"{int((targets.sum(axis=1) == 0).sum())} paragraphs without a technique", flush=True)

    embeddings = None
    if args.embed_only or args.features != "lexical":
        started = time.perf_counter()
        embeddings = embed(texts, args.cache)
        print(f"embeddings ready in {time.perf_counter() - started:.1f}s", flush=True)
    if args.embed_only:
        return 0

    folds = min(args.folds, len(set(groups)))
    parts = ["lexical", "embedding"] if args.features == "both" else [args.features]
    scores, probabilities = cross_validate(texts, targets, groups, embeddings, parts, folds, args.cache)
    shipped_probabilities = probabilities[args.features]
    threshold = best_threshold(targets, shipped_probabilities)
    report = {"cross_validation": scores}

    started = time.perf_counter()
    model = TechniqueModel(features=args.features).fit(texts, targets, embeddings, labels=labels, threshold=threshold)
    if args.per_label:
        model.state_.label_thresholds = tune_label_thresholds(targets, shipped_probabilities, threshold)
    report["train_seconds"] = round(time.perf_counter() - started, 1)
    report["per_label_out_of_fold"] = per_label_f1(targets, shipped_probabilities >= model.thresholds(), labels)
    model.save(args.out)
    report.update({"shipped": args.features, "per_label_thresholds": args.per_label, "folds": folds, "paragraphs": len(texts), "articles": len(set(groups)),
                   "global_threshold": round(float(model.state_.threshold), 3)})
    (args.out / "metrics.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    size = sum(path.stat().st_size for path in args.out.iterdir() if path.suffix in (".npz", ".json"))
    print(f"saved {args.features} model to {args.out} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
