"""Evaluate the `loaded` stage on BABE (Spinde et al. 2021) with 5-fold cross-validation.

    .venv/bin/python -m parallax.evaluation.babe [--shared ../shared/data] [--folds 5]

In each fold the BABE part of the derived lexicon is rebuilt from the other four
folds only (MPQA, the bias lexicons and the curated terms are external), then:
- token level: precision/recall/F1 of the words inside flagged spans against the
  words the annotators marked (`biased_words`);
- sentence level: macro-F1 of "the sentence has a flagged span" against `label_bias`.
The published BERT result (sentence level, macro-F1) is 0.804.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from ..rhetoric import find_loaded
from ..rhetoric.derive import TOKEN, background_rates, derive, read_babe
from ..rhetoric.lexicon import Term, load_lexicon


def _f1(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def evaluate(shared: Path, folds: int = 5) -> dict[str, float]:
    sentences = read_babe(shared / "babe" / "final_labels_SG2.csv")
    background = background_rates(shared / "article-bias" / "train.jsonl.gz")
    tok = {"tp": 0, "fp": 0, "fn": 0}
    sent = {(True, True): 0, (True, False): 0, (False, True): 0, (False, False): 0}  # (gold, predicted)
    for fold in range(folds):
        train = [s for i, s in enumerate(sentences) if i % folds != fold]
        test = [s for i, s in enumerate(sentences) if i % folds == fold]
        derived = [Term(e.term, e.kind, None, False, f"lexicon:{e.origin}") for e in derive(shared, train, background)]
        lex = load_lexicon(derived=derived)
        for s in test:
            spans = find_loaded(s.text, lex)
            for m in TOKEN.finditer(s.text):
                gold = m.group(0).lower().replace("’", "'") in s.marked
                flagged = any(sp.start < m.end() and m.start() < sp.end for sp in spans)
                tok["tp"] += gold and flagged
                tok["fp"] += flagged and not gold
                tok["fn"] += gold and not flagged
            sent[(s.biased, bool(spans))] += 1
    tp, fp, fn = tok["tp"], tok["fp"], tok["fn"]
    token_p, token_r, token_f1 = _f1(tp, fp, fn)
    biased_f1 = _f1(sent[(True, True)], sent[(False, True)], sent[(True, False)])[2]
    neutral_f1 = _f1(sent[(False, False)], sent[(True, False)], sent[(False, True)])[2]
    n = sum(sent.values())
    return {
        "sentences": n,
        "token_precision": token_p,
        "token_recall": token_r,
        "token_f1": token_f1,
        "sentence_macro_f1": (biased_f1 + neutral_f1) / 2,
        "sentence_accuracy": (sent[(True, True)] + sent[(False, False)]) / n,
        "sentences_flagged": (sent[(True, True)] + sent[(False, True)]) / n,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description="Evaluate the loaded-language stage on BABE SG2")
    parser.add_argument("--shared", type=Path, default=Path(__file__).resolve().parents[3].parent / "shared" / "data")
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args()
    for name, value in evaluate(args.shared, args.folds).items():
        print(f"{name:20} {value:.3f}" if isinstance(value, float) else f"{name:20} {value}")


if __name__ == "__main__":
    main()
