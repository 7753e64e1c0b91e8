"""Train and evaluate the left/center/right lean model on the article-bias "media" split.

    .venv/bin/python scripts/train_lean.py                      # train the shipped model
    .venv/bin/python scripts/train_lean.py --compare            # also score every variant on valid
    .venv/bin/python scripts/train_lean.py --limit 200 --out /tmp/lean   # tiny, fast (tests)

Trains on `train.jsonl.gz` only; `valid.jsonl.gz` (outlets never seen in train) is
used for the reported scores, never for fitting. Embeddings are cached in
`--cache` (SQLite keyed by text hash) so a second run embeds nothing.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import accuracy_score, f1_score

from parallax.embed import Embedder, EmbeddingCache
from parallax.models.lean import CLASSES, MODEL_DIR, LeanModel
from parallax.models.lean.features import embedding_text, lexical_text, mask_outlet

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "article-bias"
DEFAULT_CACHE = Path("/tmp/parallax-lean-cache")


def load_split(path: Path, limit: int | None = None, seed: int = 0) -> list[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    if limit and limit < len(rows):
        # A seeded sample rather than the first rows: the files are ordered by outlet.
        picked = np.random.default_rng(seed).permutation(len(rows))[:limit]
        rows = [rows[i] for i in sorted(picked)]
    return rows


def prepare(rows: list[dict]) -> tuple[list[str], list[str]]:
    """Lexical and embedding texts with each article's own outlet masked."""
    lexical, embedded = [], []
    for row in rows:
        title = mask_outlet(row.get("title") or "", row.get("source"), row.get("url"))
        body = mask_outlet(row.get("content") or "", row.get("source"), row.get("url"))
        lexical.append(lexical_text(title, body))
        embedded.append(embedding_text(title, body))
    return lexical, embedded


def embedding_subset(rows: list[dict], per_outlet: int | None, seed: int = 0) -> np.ndarray:
    """Indices of at most `per_outlet` articles of each outlet (seeded): embedding every train
    article costs an hour on a busy 2-core machine, and outlet variety matters more than volume."""
    if not per_outlet:
        return np.arange(len(rows))
    order = np.random.default_rng(seed).permutation(len(rows))
    taken: dict[str, int] = {}
    chosen = []
    for i in order:
        source = rows[i]["source"]
        if taken.get(source, 0) < per_outlet:
            taken[source] = taken.get(source, 0) + 1
            chosen.append(i)
    return np.array(sorted(chosen), dtype=int)


def embed(texts: list[str], cache_dir: Path) -> np.ndarray:
    import torch

    torch.set_num_threads(2)  # the machine is shared
    embedder = Embedder(cache=EmbeddingCache(cache_dir / "embeddings.sqlite"))
    return embedder.encode(texts)


def scores(truth: list[str], predicted: list[str]) -> dict:
    return {"macro_f1": round(f1_score(truth, predicted, labels=list(CLASSES), average="macro", zero_division=0), 4),
            "accuracy": round(accuracy_score(truth, predicted), 4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder with train.jsonl.gz and valid.jsonl.gz")
    parser.add_argument("--limit", type=int, default=None, help="train on a seeded sample of N articles (valid: N/2)")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where to save the model (default: the shipped one)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="embedding cache folder")
    parser.add_argument("--combine", choices=("lexical", "embedding", "mean", "stack"), default="mean")
    parser.add_argument("--embed-per-outlet", type=int, default=60,
                        help="embed at most N train articles per outlet (0: all); the lexical part uses every article")
    parser.add_argument("--embed-max", type=int, default=None,
                        help="embed at most N train articles in all (the first of the per-outlet sample)")
    parser.add_argument("--compare", action="store_true", help="also fit and score every variant on valid")
    args = parser.parse_args(argv)

    for name in ("train.jsonl.gz", "valid.jsonl.gz"):
        if not (args.data / name).exists():
            print(f"error: {args.data / name} not found (use --data)", file=sys.stderr)
            return 2
    train = load_split(args.data / "train.jsonl.gz", args.limit)
    valid = load_split(args.data / "valid.jsonl.gz", args.limit // 2 if args.limit else None)
    train_lexical, train_embed_text = prepare(train)
    valid_lexical, valid_embed_text = prepare(valid)
    y_train = [row["bias"] for row in train]
    y_valid = [row["bias"] for row in valid]
    groups = [row["source"] for row in train]
    print(f"train {len(train)} articles / {len(set(groups))} outlets; valid {len(valid)} articles", flush=True)

    needs_embeddings = args.compare or args.combine != "lexical"
    started = time.perf_counter()
    train_vectors = None
    if needs_embeddings:
        subset = embedding_subset(train, args.embed_per_outlet)[: args.embed_max]
        train_vectors = np.full((len(train), 384), np.nan, dtype=np.float32)
        train_vectors[subset] = embed([train_embed_text[i] for i in subset], args.cache)
        print(f"embedded {len(subset)} train articles", flush=True)
    valid_vectors = embed(valid_embed_text, args.cache) if needs_embeddings else None
    print(f"embeddings ready in {time.perf_counter() - started:.1f}s", flush=True)

    majority = max(CLASSES, key=y_train.count)
    report = {"majority_baseline": {"predicts": majority, **scores(y_valid, [majority] * len(y_valid))}}
    # The best constant guess if one knew valid's class prior (an oracle, not a fair model).
    valid_majority = max(CLASSES, key=y_valid.count)
    report["valid_prior_baseline"] = {"predicts": valid_majority, **scores(y_valid, [valid_majority] * len(y_valid))}
    variants = ("lexical", "embedding", "mean", "stack") if args.compare else (args.combine,)
    shipped = None
    for combine in variants:
        started = time.perf_counter()
        model = LeanModel(combine=combine).fit(train_lexical, y_train, embeddings=train_vectors, groups=groups)
        trained = time.perf_counter() - started
        started = time.perf_counter()
        predicted = model.predict(valid_lexical, embeddings=valid_vectors)
        predicting = time.perf_counter() - started
        report[combine] = {**scores(y_valid, predicted), "train_seconds": round(trained, 1),
                           "predict_ms_per_article_precomputed_embeddings": round(1000 * predicting / max(1, len(valid)), 3)}
        print(combine, report[combine], flush=True)
        if combine == args.combine:
            shipped = model
    print("majority", report["majority_baseline"], "valid prior", report["valid_prior_baseline"])

    shipped.save(args.out)
    report["shipped"] = args.combine
    report["train_articles"], report["valid_articles"] = len(train), len(valid)
    (args.out / "metrics.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    size = sum(path.stat().st_size for path in args.out.iterdir() if path.name in ("lean.npz", "vocabulary.json"))
    print(f"saved {args.combine} model to {args.out} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
