"""Train and cross-validate the narrative / sub-narrative model (SemEval-2025 Task 10, subtask 2).

    .venv/bin/python scripts/train_narratives.py                       # CV report + ship the model
    .venv/bin/python scripts/train_narratives.py --limit 60 --out /tmp/nar   # tiny, fast (tests)

The data set has no test split, so every score is cross-validated (folds stratified by
domain and "Other"); thresholds are chosen inside each training fold by an inner CV, never
on the fold that is scored. The shipped model is then fit on every article, with thresholds
chosen by CV on all of them. Chunk embeddings are cached in `--cache` (SQLite keyed by text).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.model_selection import StratifiedKFold

from parallax.models.narratives import MODEL_DIR, NarrativeModel, document_embeddings
from parallax.models.narratives.taxonomy import Taxonomy, load_taxonomy

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_CACHE = Path.home() / ".cache" / "parallax" / "train" / "narratives"
TASK_FOLDER = "narratives-semeval2025"
NARRATIVE_GRID = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
SUBNARRATIVE_GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def split_labels(field: str) -> list[str]:
    return [label.strip() for label in field.split(";") if label.strip()]


def load_dataset(folder: Path, taxonomy: Taxonomy, limit: int | None = None, seed: int = 0) -> dict:
    """Articles with their domain code and gold labels; fails on labels missing from the taxonomy."""
    rows = []
    known = set(taxonomy.narratives) | set(taxonomy.subnarratives) | {taxonomy.other}
    for line in (folder / "subtask-2-annotations.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        name, narratives, subnarratives = line.split("\t")
        domain = taxonomy.domain_of_file(name)
        unknown = (set(split_labels(narratives)) | set(split_labels(subnarratives))) - known
        if unknown:
            raise ValueError(f"{name}: labels not in the taxonomy: {sorted(unknown)}")
        if domain is None:
            raise ValueError(f"{name}: no taxonomy domain has a matching file_prefixes entry")
        rows.append((name, domain, split_labels(narratives), split_labels(subnarratives)))
    rows.sort()
    if limit and limit < len(rows):
        picked = np.random.default_rng(seed).permutation(len(rows))[:limit]
        rows = [rows[i] for i in sorted(picked)]
    return {"files": [row[0] for row in rows], "domains": [row[1] for row in rows],
            "narratives": [row[2] for row in rows], "subnarratives": [row[3] for row in rows],
            "texts": [(folder / "documents" / row[0]).read_text(encoding="utf-8") for row in rows]}


def samples_f1(gold: list[list[str]], predicted: list[list[str]]) -> float:
    """Mean over articles of the F1 between gold and predicted label sets ("Other" is a label),
    as sklearn's f1_score(average="samples") and the task's scorer compute it."""
    scores = []
    for truth, guess in zip(gold, predicted):
        hits = len(set(truth) & set(guess))
        scores.append(0.0 if hits == 0 else 2 * hits / (len(set(truth)) + len(set(guess))))
    return round(float(np.mean(scores)), 4) if scores else 0.0


def folds_for(data: dict, folds: int, seed: int):
    strata = [f"{domain}/{labels == ['Other']}" for domain, labels in zip(data["domains"], data["narratives"])]
    counts = {s: strata.count(s) for s in strata}
    folds = max(2, min(folds, min(counts.values())))  # tiny runs: every stratum in every fold
    return StratifiedKFold(folds, shuffle=True, random_state=seed).split(np.zeros(len(strata)), strata)


def subset(data: dict, index) -> dict:
    return {key: [values[i] for i in index] for key, values in data.items() if key != "vectors"} | {"vectors": data["vectors"][index]}


def fit(data: dict, taxonomy: Taxonomy, **settings) -> NarrativeModel:
    return NarrativeModel(taxonomy, **settings).fit(data["vectors"], data["domains"], data["narratives"], data["subnarratives"])


def choose_thresholds(data: dict, taxonomy: Taxonomy, folds: int, seed: int, c: float) -> tuple[float, float]:
    """Thresholds with the best out-of-fold samples-F1 (narratives, then sub-narratives) on `data`."""
    models = [(fit(subset(data, train), taxonomy, c=c), test) for train, test in folds_for(data, folds, seed)]
    best_narrative = max(NARRATIVE_GRID, key=lambda t: (samples_f1(data["narratives"], _oof(models, data, t, 0.5)[0]), -abs(t - 0.5)))
    best_sub = max(SUBNARRATIVE_GRID, key=lambda t: (samples_f1(data["subnarratives"], _oof(models, data, best_narrative, t)[1]), -abs(t - 0.5)))
    return best_narrative, best_sub


def _oof(models, data: dict, narrative_threshold: float, subnarrative_threshold: float):
    narratives = [None] * len(data["files"])
    subnarratives = [None] * len(data["files"])
    for model, test in models:
        found, found_sub = model.predict(data["vectors"][test], narrative_threshold=narrative_threshold,
                                         subnarrative_threshold=subnarrative_threshold)
        for i, labels, subs in zip(test, found, found_sub):
            narratives[i], subnarratives[i] = labels, subs
    return narratives, subnarratives


def frequent_label_baseline(train: dict, test: dict, other: str) -> tuple[list, list]:
    """Per domain (known from the file name): its most frequent narrative and that narrative's
    most frequent sub-narrative in the training part."""
    guesses = {}
    for domain in set(train["domains"]):
        counts: dict[str, int] = {}
        sub_counts: dict[str, int] = {}
        for d, labels, subs in zip(train["domains"], train["narratives"], train["subnarratives"]):
            if d == domain:
                for label in labels:
                    counts[label] = counts.get(label, 0) + (label != other)
                for label in subs:
                    sub_counts[label] = sub_counts.get(label, 0) + 1
        top = max(sorted(counts), key=counts.get)
        children = {label: n for label, n in sub_counts.items() if label.startswith(top + ": ")} or {other: 1}
        guesses[domain] = ([top], [max(sorted(children), key=children.get)])
    return ([guesses.get(d, ([other], [other]))[0] for d in test["domains"]],
            [guesses.get(d, ([other], [other]))[1] for d in test["domains"]])


def cross_validate(data: dict, taxonomy: Taxonomy, folds: int, seed: int, c: float) -> dict:
    n = len(data["files"])
    tuned = ([None] * n, [None] * n)
    fixed = ([None] * n, [None] * n)
    frequent = ([None] * n, [None] * n)
    domain_hits = 0
    chosen = []
    for train, test in folds_for(data, folds, seed):
        part, held = subset(data, train), subset(data, test)
        thresholds = choose_thresholds(part, taxonomy, folds - 1 if folds > 2 else 2, seed, c)
        chosen.append(thresholds)
        model = fit(part, taxonomy, c=c)
        for target, (t, ts) in ((tuned, thresholds), (fixed, (0.5, 0.5))):
            found, found_sub = model.predict(held["vectors"], narrative_threshold=t, subnarrative_threshold=ts)
            for i, labels, subs in zip(test, found, found_sub):
                target[0][i], target[1][i] = labels, subs
        best, _ = model.domain_scores(held["vectors"])
        domain_hits += sum(model.state_.domains[b] == d for b, d in zip(best, held["domains"]))
        for i, labels, subs in zip(test, *frequent_label_baseline(part, held, taxonomy.other)):
            frequent[0][i], frequent[1][i] = labels, subs
    other = [[taxonomy.other]] * n
    score = lambda pair: {"narratives_samples_f1": samples_f1(data["narratives"], pair[0]),
                          "subnarratives_samples_f1": samples_f1(data["subnarratives"], pair[1])}
    return {"model_tuned_thresholds": score(tuned), "model_thresholds_0.5": score(fixed),
            "baseline_all_other": score((other, other)), "baseline_most_frequent_per_domain": score(frequent),
            "domain_accuracy": round(domain_hits / n, 4), "thresholds_chosen_per_fold": chosen}


def embed(texts: list[str], cache_dir: Path) -> np.ndarray:
    import torch

    from parallax.embed import Embedder, EmbeddingCache

    torch.set_num_threads(2)  # the machine is shared
    cache_dir.mkdir(parents=True, exist_ok=True)
    return document_embeddings(texts, Embedder(cache=EmbeddingCache(cache_dir / "embeddings.sqlite")))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"folder holding {TASK_FOLDER}/")
    parser.add_argument("--taxonomy", type=Path, default=None, help="taxonomy YAML (default: the shipped one)")
    parser.add_argument("--limit", type=int, default=None, help="use a seeded sample of N articles")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where to save the model (default: the shipped one)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="embedding cache folder")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--c", type=float, default=1.0, help="inverse L2 strength of every head")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)

    folder = args.data / TASK_FOLDER
    if not (folder / "subtask-2-annotations.txt").exists():
        print(f"error: {folder / 'subtask-2-annotations.txt'} not found (use --data)", file=sys.stderr)
        return 2
    taxonomy = load_taxonomy(args.taxonomy)
    data = load_dataset(folder, taxonomy, args.limit, args.seed)
    started = time.perf_counter()
    data["vectors"] = embed(data["texts"], args.cache)
    print(f"{len(data['files'])} articles embedded in {time.perf_counter() - started:.1f}s", flush=True)

    report = cross_validate(data, taxonomy, args.folds, args.seed, args.c)
    print(json.dumps(report, indent=1), flush=True)
    narrative_threshold, sub_threshold = choose_thresholds(data, taxonomy, args.folds, args.seed, args.c)
    model = NarrativeModel(taxonomy, c=args.c, narrative_threshold=narrative_threshold,
                           subnarrative_threshold=sub_threshold, random_state=args.seed)
    model.fit(data["vectors"], data["domains"], data["narratives"], data["subnarratives"])
    model.save(args.out)
    report.update(articles=len(data["files"]), folds=args.folds, c=args.c, seed=args.seed,
                  shipped_thresholds={"narrative": narrative_threshold, "subnarrative": sub_threshold},
                  outside_threshold=round(model.state_.outside_threshold, 4))
    (args.out / "metrics.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    size = sum(path.stat().st_size for path in args.out.iterdir() if path.name in ("narratives.npz", "labels.json"))
    print(f"saved to {args.out} ({size / 1e6:.2f} MB); thresholds {narrative_threshold} / {sub_threshold}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
