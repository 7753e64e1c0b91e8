"""Train and cross-validate the BABE biased-sentence and biased-word model.

    .venv/bin/python scripts/train_babe.py                  # 5-fold CV of the shipped settings, then train and ship
    .venv/bin/python scripts/train_babe.py --compare        # also cross-validate every sentence variant
    .venv/bin/python scripts/train_babe.py --limit 300 --out /tmp/babe   # tiny, fast (tests)

Data: `babe/final_labels_SG2.csv` ("No agreement" rows dropped, as in the paper);
MPQA subjectivity clues and the Recasens et al. bias lexicon from `lexicons/`.
Scores are 5-fold stratified cross-validation (seeded); the shipped model is then
fit on every sentence. Embeddings are cached (SQLite keyed by text hash) in
`--cache`, so a second run embeds nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.metrics import f1_score
from sklearn.model_selection import StratifiedKFold

from parallax.models.babe import MODEL_DIR, WORD_THRESHOLD
from parallax.models.babe.features import TOKEN, Subjectivity, normalise, read_mpqa
from parallax.models.babe.model import SENTENCE_PARTS, BabeModel
from parallax.rhetoric.derive import read_babe, read_word_list

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_CACHE = Path.home() / ".cache" / "parallax" / "train"
THRESHOLDS = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)


def load_subjectivity(data: Path) -> Subjectivity:
    lexicons = data / "lexicons"
    clues = read_mpqa(lexicons / "subjectivity_clues_hltemnlp05" / "subjclueslen1-HLTEMNLP05.tff")
    bias_words = read_word_list(lexicons / "bias-lexicon" / "bias-lexicon.txt")
    return Subjectivity(clues, frozenset(w for w in bias_words if " " not in w))


def embed(texts: list[str], cache_dir: Path) -> np.ndarray:
    import torch

    from parallax.embed import Embedder, EmbeddingCache

    torch.set_num_threads(2)  # the machine is shared
    return Embedder(cache=EmbeddingCache(cache_dir / "babe_embeddings.sqlite")).encode(texts)


def _prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4)}


def cross_validate(texts, biased, marked, embeddings, subjectivity, parts: str, folds: int = 5, seed: int = 0) -> dict:
    """Sentence macro-F1 and token precision/recall/F1 at several thresholds, out of fold."""
    y = np.asarray(biased, dtype=int)
    sentence_p = np.zeros(len(texts))
    token_counts = {t: [0, 0, 0] for t in THRESHOLDS}  # tp, fp, fn
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    for train, held in splitter.split(np.zeros(len(y)), y):
        model = BabeModel(sentence_parts=parts, random_state=seed).fit(
            [texts[i] for i in train], y[train], [marked[i] for i in train],
            None if embeddings is None else embeddings[train], subjectivity)
        held_texts = [texts[i] for i in held]
        sentence_p[held] = model.sentence_probability(held_texts, None if embeddings is None else embeddings[held])
        for i, p in zip(held, sentence_p[held]):
            for start, end, q in model.word_probabilities(texts[i], p):
                gold = normalise(texts[i][start:end]) in marked[i]
                for t, counts in token_counts.items():
                    counts[0] += gold and q >= t
                    counts[1] += (not gold) and q >= t
                    counts[2] += gold and q < t
    predicted = (sentence_p >= 0.5).astype(int)
    return {
        "sentence_macro_f1": round(f1_score(y, predicted, average="macro"), 4),
        "sentence_accuracy": round(float((predicted == y).mean()), 4),
        "token": {str(t): _prf(*counts) for t, counts in token_counts.items()},
    }


def baselines(texts, biased, marked) -> dict:
    """Majority class for sentences; every token flagged ("all labels") for words."""
    y = np.asarray(biased, dtype=int)
    majority = int(np.bincount(y).argmax())
    gold = total = 0
    for text, words in zip(texts, marked):
        tokens = [normalise(t) for t in TOKEN.findall(text)]
        total += len(tokens)
        gold += sum(t in words for t in tokens)
    return {
        "sentence_majority_macro_f1": round(f1_score(y, np.full(len(y), majority), average="macro"), 4),
        "token_all_labels": _prf(gold, total - gold, 0),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder (with babe/ and lexicons/)")
    parser.add_argument("--limit", type=int, default=None, help="use a seeded sample of N sentences")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where to save the model (default: the shipped one)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="embedding cache folder")
    parser.add_argument("--parts", choices=SENTENCE_PARTS, default="embedding+lexical+tfidf", help="sentence head inputs")
    parser.add_argument("--compare", action="store_true", help="cross-validate every sentence variant")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)

    path = args.data / "babe" / "final_labels_SG2.csv"
    if not path.exists():
        print(f"error: {path} not found (use --data)", file=sys.stderr)
        return 2
    sentences = read_babe(path)
    if args.limit and args.limit < len(sentences):
        picked = np.random.default_rng(0).permutation(len(sentences))[: args.limit]
        sentences = [sentences[i] for i in sorted(picked)]
    texts = [s.text for s in sentences]
    biased = [s.biased for s in sentences]
    marked = [s.marked for s in sentences]
    subjectivity = load_subjectivity(args.data)
    started = time.perf_counter()
    variants = SENTENCE_PARTS if args.compare else (args.parts,)
    needs_embeddings = any("embedding" in v for v in variants)
    embeddings = embed(texts, args.cache) if needs_embeddings else None
    print(f"{len(texts)} sentences ({sum(biased)} biased); embeddings ready in {time.perf_counter() - started:.1f}s", flush=True)

    report = {"sentences": len(texts), "folds": args.folds, "baselines": baselines(texts, biased, marked),
              "published_sentence_macro_f1": 0.804, "word_threshold": WORD_THRESHOLD, "cv": {}}
    for parts in variants:
        started = time.perf_counter()
        report["cv"][parts] = cross_validate(texts, biased, marked, embeddings if "embedding" in parts else None,
                                             subjectivity, parts, args.folds)
        print(parts, json.dumps(report["cv"][parts]), f"({time.perf_counter() - started:.1f}s)", flush=True)
    print("baselines", json.dumps(report["baselines"]))

    model = BabeModel(sentence_parts=args.parts).fit(texts, biased, marked,
                                                      embeddings if "embedding" in args.parts else None, subjectivity)
    model.save(args.out)
    report["shipped"] = args.parts
    (args.out / "metrics.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in args.out.iterdir() if p.name in ("babe.npz", "vocabulary.json"))
    print(f"saved {args.parts} model to {args.out} ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
