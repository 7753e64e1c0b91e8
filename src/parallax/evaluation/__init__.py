"""`parallax eval`: every quality figure beside the published anchor and a simple baseline.

Each task is a function `(data_dir, limit) -> list[Row]`, registered in `TASKS` by name.
The heavy lifting lives in the task's own module (extraction.py, babe.py, roundups.py, ...);
this module only runs them and lays the rows out in one table. Figures go in
docs/EVALUATION.md with the command and the date.
"""

from __future__ import annotations

import gzip
import importlib
import json
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable


@dataclass
class Row:
    task: str
    metric: str
    ours: float | None
    anchor: float | None = None  # the published figure, when there is one
    anchor_note: str = ""
    baseline: float | None = None
    baseline_name: str = ""
    n: int = 0  # how many items were scored
    seconds: float = 0.0


def _extraction(data: Path, limit: int | None) -> list[Row]:
    from .extraction import evaluate_extraction

    r = evaluate_extraction(data / "extraction-aeb", limit)
    rows = [Row("extraction", "token F1, HTML (trafilatura + our cleaner)", r["parallax-html"]["f1"], 0.945,
                "trafilatura on the full benchmark", r["trafilatura"]["f1"], "trafilatura alone", r["pages"]),
            Row("extraction", "token F1, plain text of the same pages", r["parallax-plain"]["f1"], None, "",
                r["rendered-text"]["f1"], "uncleaned text (inscriptis)", r["pages"])]
    return rows


def _babe_lexicon(data: Path, limit: int | None) -> list[Row]:
    from .babe import evaluate

    r = evaluate(data)
    return [Row("babe-lexicon", "sentence macro-F1 (5-fold; flagged = has a loaded term)", r["sentence_macro_f1"], 0.804,
                "fine-tuned BERT (Spinde et al. 2021)", 0.5, "chance", r["sentences"]),
            Row("babe-lexicon", "token F1 of loaded terms vs marked words", r["token_f1"], None, "", None, "", r["sentences"])]


def _lean(data: Path, limit: int | None) -> list[Row]:
    from sklearn.metrics import accuracy_score, f1_score

    from ..models.lean import predict_lean

    rows = []
    with gzip.open(data / "article-bias" / "valid.jsonl.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            rows.append(json.loads(line))
            if limit and len(rows) >= limit:
                break
    texts = [f"{r.get('title') or ''}\n\n{r.get('content') or ''}" for r in rows]
    gold = [r["bias"] for r in rows]
    predicted = [p["label"] for p in predict_lean(texts)]
    majority = max(set(gold), key=gold.count)
    return [Row("lean", "macro-F1 on valid (outlets unseen in training)", f1_score(gold, predicted, average="macro"), None,
                "paper: media split far below random split", f1_score(gold, [majority] * len(gold), average="macro"),
                f"always '{majority}' (valid majority)", len(gold)),
            Row("lean", "accuracy on valid", accuracy_score(gold, predicted), None, "",
                accuracy_score(gold, [majority] * len(gold)), f"always '{majority}'", len(gold))]


def _recorded(model: str) -> dict:
    """The cross-validated figures the model's training script recorded (metrics.json beside it).

    Cross-validation retrains the model once per fold on freshly embedded data (minutes to half an
    hour on 2 cores), so `parallax eval` reports what `make train` measured rather than redo it;
    the rows say so. `scripts/train_<model>.py` reproduces them.
    """
    from importlib import resources

    return json.loads(resources.files(f"parallax.models.{model}").joinpath("metrics.json").read_text(encoding="utf-8"))


RECORDED = "recorded by scripts/train_{}.py (5-fold CV)"


def _babe_model(data: Path, limit: int | None) -> list[Row]:
    m = _recorded("babe")
    cv = m["cv"][m["shipped"]]
    note = RECORDED.format("babe")
    return [Row("babe-model", f"sentence macro-F1 ({note})", cv["sentence_macro_f1"], m["published_sentence_macro_f1"],
                "BERT with distant supervision", m["baselines"]["sentence_majority_macro_f1"], "majority class", m["sentences"])]


def _persuasion(data: Path, limit: int | None) -> list[Row]:
    m = _recorded("persuasion")
    cv = m["cross_validation"]
    shipped = cv["minilm_tfidf_lr_label_thresholds" if m.get("per_label_thresholds") else "minilm_tfidf_lr"]
    return [Row("persuasion", f"micro-F1, 23 techniques, folds grouped by article ({RECORDED.format('persuasion')})",
                shipped["micro_f1"], 0.375, "best on the English test set (0.37-0.38)", cv["tfidf_lr"]["micro_f1"],
                "TF-IDF one-vs-rest", m["paragraphs"])]


def _narratives(data: Path, limit: int | None) -> list[Row]:
    m = _recorded("narratives")
    tuned, other = m["model_tuned_thresholds"], m["baseline_all_other"]
    note = RECORDED.format("narratives")
    return [Row("narratives", f"samples-F1, narratives ({note})", tuned["narratives_samples_f1"], 0.55, "a top system, English test",
                other["narratives_samples_f1"], "always 'Other'", m["articles"]),
            Row("narratives", f"samples-F1, sub-narratives ({note})", tuned["subnarratives_samples_f1"], 0.43, "a top system, English test",
                other["subnarratives_samples_f1"], "always 'Other'", m["articles"])]


def _roundups(data: Path, limit: int | None) -> list[Row]:
    from .roundups import evaluate_roundups

    r = evaluate_roundups(data, limit)
    rouge, lean, arousal = r["rouge"], r["lean"], r["arousal"]
    facts = rouge.get("facts_when_any") or rouge["facts"]
    return [Row("brief-roundups", "left article's lean below the right one's (share of stories)", lean.get("ordered"), None, "",
                0.5, "chance", lean.get("stories", 0)),
            Row("brief-roundups", "ROUGE-1 F1 of facts vs human roundup", facts["rouge1"], None, "",
                rouge["lead3_center"]["rouge1"], "centre article's first 3 sentences", facts["stories"]),
            Row("brief-roundups", "ROUGE-2 F1 of facts vs human roundup", facts["rouge2"], None, "",
                rouge["lead3_center"]["rouge2"], "centre article's first 3 sentences", facts["stories"])]


def _from_module(module: str, function: str) -> Callable[[Path, int | None], list[Row]]:
    """A task implemented elsewhere as `function(data_dir, limit) -> list[dict]` (Row fields)."""

    def run(data: Path, limit: int | None) -> list[Row]:
        rows = getattr(importlib.import_module(module), function)(data, limit)
        return [Row(**r) for r in rows]

    return run


TASKS: dict[str, tuple[str, Callable[[Path, int | None], list[Row]]]] = {
    "extraction": ("article body extraction on extraction-aeb", _extraction),
    "babe-lexicon": ("loaded-language lexicon on BABE", _babe_lexicon),
    "lean": ("political lean on article-bias valid", _lean),
    "babe-model": ("biased sentences on BABE (recorded CV)", _babe_model),
    "persuasion": ("persuasion techniques on SemEval-2023 (recorded CV)", _persuasion),
    "narratives": ("narratives on SemEval-2025 (recorded CV)", _narratives),
    "brief-roundups": ("the brief on AllSides roundups: lean order, ROUGE", _roundups),
}


def run_tasks(names: list[str], data: Path, limit: int | None = None) -> list[Row]:
    out = []
    for name in names:
        started = time.perf_counter()
        rows = TASKS[name][1](data, limit)
        seconds = time.perf_counter() - started
        for row in rows:
            row.seconds = round(seconds, 1)
        out.extend(rows)
    return out


def _fmt(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def format_table(rows: list[Row]) -> str:
    lines = ["| task | metric | ours | published | baseline | n |", "| --- | --- | --- | --- | --- | --- |"]
    for r in rows:
        anchor = _fmt(r.anchor) + (f" ({r.anchor_note})" if r.anchor_note else "")
        baseline = _fmt(r.baseline) + (f" ({r.baseline_name})" if r.baseline_name else "")
        lines.append(f"| {r.task} | {r.metric} | {_fmt(r.ours)} | {anchor} | {baseline} | {r.n} |")
    return "\n".join(lines) + "\n"


def rows_json(rows: list[Row]) -> list[dict]:
    return [asdict(r) for r in rows]
