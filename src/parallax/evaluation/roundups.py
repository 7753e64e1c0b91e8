"""Quality figures of the brief on AllSides roundups (the data of the NeuS paper).

    .venv/bin/python -m parallax.evaluation.roundups [--data ../shared/data] [--limit N] [--json]

Each story of `allsides-roundups/dev.jsonl` has a left, a center and a right article
(title + opening paragraphs) and a human-written neutral roundup. Per story the three
articles are read by the reading stages and built into one brief, then:

- lean ordering: is the left article's `lean` below the right one's (ties are not
  ordered; a second figure counts a tie as half);
- ROUGE-1/2 F1 of the brief's facts (joined) against the roundup (joined), beside the
  first three sentences of the center article and of a side drawn at random (seeded by
  the story id). ROUGE here is unstemmed: lower-cased `\\w+` tokens, clipped n-gram
  counts (no Porter stemmer in the environment; published ROUGE with stemming runs a
  little higher);
- framing bias, as NeuS measures it (Lee et al., NAACL 2022, metric code in github
  HLTCHKUST/framing-bias-metric): with the NRC-VAD lexicon, the distinct words of a text
  that are not in the roundup ("calibrated" against the reference); the arousal of those
  with valence > 0.65 is Arousal+, of those with valence < 0.35 Arousal-, their sum is the
  score. NeuS lemmatises with WordNet first; NLTK is not installed here, so words are
  matched as written. The sum grows with length (three whole articles hold more words
  than a few facts), so a length-fair density is reported beside it: the score per 100
  distinct words counted. The roundup against itself scores 0, so every text is also
  scored uncalibrated (all its distinct words).
- facts per brief, share of briefs with a fact, read and brief time per story.

`evaluate_roundups(data_dir, limit=None) -> dict` is the entry point; `markdown_table`
renders its result.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

ROUNDUPS = Path("allsides-roundups") / "dev.jsonl"
VAD_LEXICON = Path("lexicons") / "NRC-VAD-Lexicon-Aug2018Release" / "NRC-VAD-Lexicon.txt"
DEFAULT_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"

# NeuS thresholds on valence (metric_code.ipynb): > 0.65 positive, < 0.35 negative.
POSITIVE_VALENCE = 0.65
NEGATIVE_VALENCE = 0.35
LEAD_SENTENCES = 3
TEXT_KINDS = ("facts", "lead3_center", "lead3_random", "articles", "roundup")

_WORD = re.compile(r"\w+")


# --------------------------------------------------------------------------- ROUGE

def tokens(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def ngrams(words: list[str], n: int) -> Counter:
    return Counter(tuple(words[i:i + n]) for i in range(len(words) - n + 1))


def rouge_n(candidate: str, reference: str, n: int) -> float:
    """ROUGE-N F1 with clipped counts; 0.0 when either side has no n-gram."""
    got, want = ngrams(tokens(candidate), n), ngrams(tokens(reference), n)
    if not got or not want:
        return 0.0
    overlap = sum((got & want).values())
    if not overlap:
        return 0.0
    precision, recall = overlap / sum(got.values()), overlap / sum(want.values())
    return 2 * precision * recall / (precision + recall)


# --------------------------------------------------------------------------- framing bias

@dataclass(frozen=True)
class Arousal:
    positive: float  # summed arousal of high-valence words (NeuS Arousal+)
    negative: float  # summed arousal of low-valence words (NeuS Arousal-)
    words: int  # distinct words counted (after removing the reference's words)

    @property
    def total(self) -> float:
        return self.positive + self.negative

    @property
    def per_100_words(self) -> float:
        return 100 * self.total / self.words if self.words else 0.0


def load_vad(path: Path) -> dict[str, tuple[float, float]]:
    """word -> (valence, arousal) from the NRC-VAD file (word<TAB>valence<TAB>arousal<TAB>dominance)."""
    lexicon = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            parts = line.rstrip("\n").split("\t")
            if len(parts) == 4:
                try:
                    lexicon[parts[0].lower()] = (float(parts[1]), float(parts[2]))
                except ValueError:  # a header line
                    continue
    return lexicon


def arousal(text: str, lexicon: dict[str, tuple[float, float]], reference: str | None = None) -> Arousal:
    """NeuS framing bias of `text`: arousal of its polar distinct words, minus the reference's words."""
    words = set(tokens(text))
    if reference is not None:
        words -= set(tokens(reference))
    positive = negative = 0.0
    for word in words:
        scores = lexicon.get(word)
        if scores is None:
            continue
        valence, score = scores
        if valence > POSITIVE_VALENCE:
            positive += score
        elif valence < NEGATIVE_VALENCE:
            negative += score
    return Arousal(positive, negative, len(words))


# --------------------------------------------------------------------------- stories

def load_stories(data_dir: Path, limit: int | None = None) -> list[dict]:
    path = Path(data_dir) / ROUNDUPS
    if not path.is_file():
        from ..errors import ResourceError

        raise ResourceError(f"{path}: not found (pass the shared data folder with --data)")
    stories = []
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                stories.append(json.loads(line))
            if limit is not None and len(stories) >= limit:
                break
    return stories


def article_text(article: dict) -> str:
    return "\n\n".join([article.get("title") or "", *(article.get("body") or [])]).strip()


def raw_inputs(story: dict) -> list:
    from ..model import Hints, RawInput

    return [RawInput(origin=f"roundup:{story['id']}:{a['side']}", text=article_text(a), format="text",
                     hints=Hints(title=a.get("title") or None, publisher=a.get("source") or None, url=a.get("url") or None))
            for a in story["articles"]]


def lead(article: dict | None, count: int = LEAD_SENTENCES) -> str:
    """The first `count` sentences of an article's body (the title is not a sentence of it)."""
    if article is None:
        return ""
    from ..text import split_sentences

    body = "\n\n".join(article.get("body") or [])
    return " ".join(body[s.start:s.end] for s in split_sentences(body)[:count])


def lean_order(left: float | None, right: float | None) -> float | None:
    """1 when left < right, 0.5 on a tie, 0 otherwise; None when a side is missing from the brief."""
    if left is None or right is None:
        return None
    if abs(left - right) < 1e-9:
        return 0.5
    return 1.0 if left < right else 0.0


def score_story(story: dict, ctx, lexicon, options) -> dict:
    """Read, brief and measure one story."""
    from ..brief import build_story
    from ..model import Article
    from ..pipeline import read_raw

    started = time.perf_counter()
    results = list(read_raw(raw_inputs(story), ctx))
    read_seconds = time.perf_counter() - started
    side_by_article = {id(r): a["side"] for r, a in zip(results, story["articles"]) if isinstance(r, Article)}
    articles = [r for r in results if isinstance(r, Article)]
    started = time.perf_counter()
    built = build_story(articles, options)
    brief_seconds = time.perf_counter() - started

    lean_by_side = {side_by_article[id(a)]: s.lean for a, s in zip(built.articles, built.brief.sources)}
    by_side = {a["side"]: a for a in story["articles"]}
    facts = " ".join(f.text for f in built.brief.facts)
    roundup = " ".join(p.strip() for p in story.get("roundup") or [])
    texts = {"facts": facts, "lead3_center": lead(by_side.get("center")),
             "lead3_random": lead(random.Random(story["id"]).choice(story["articles"]))}
    scores = {"id": story["id"], "facts": len(built.brief.facts), "read_seconds": read_seconds, "brief_seconds": brief_seconds,
              "lean": lean_order(lean_by_side.get("left"), lean_by_side.get("right")),
              "lean_set": [abs(s.lean - 3.0) > 1e-9 or s.lean_evidence is not None for s in built.brief.sources]}
    for kind, text in texts.items():
        if text or kind == "facts":  # no center article: no center baseline, rather than a zero
            scores[f"rouge1:{kind}"] = rouge_n(text, roundup, 1)
            scores[f"rouge2:{kind}"] = rouge_n(text, roundup, 2)
    sources = [article_text(a) for a in story["articles"]]
    for kind, text in [*texts.items(), ("roundup", roundup)]:
        if not text:  # a brief without facts has no framing to measure: a zero would flatter the mean
            continue
        scores[f"arousal:{kind}"] = arousal(text, lexicon, roundup)
        scores[f"arousal_raw:{kind}"] = arousal(text, lexicon)
    scores["arousal:articles"] = _mean_arousal([arousal(t, lexicon, roundup) for t in sources])
    scores["arousal_raw:articles"] = _mean_arousal([arousal(t, lexicon) for t in sources])
    return scores


def _mean_arousal(values: list[Arousal]) -> Arousal:
    n = len(values) or 1
    return Arousal(sum(v.positive for v in values) / n, sum(v.negative for v in values) / n,
                   round(sum(v.words for v in values) / n))


# --------------------------------------------------------------------------- aggregate

def _mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def _aggregate_arousal(rows: list[dict], key: str) -> dict | None:
    values = [r[key] for r in rows if key in r]
    if not values:
        return None
    return {"stories": len(values), "positive": _mean(v.positive for v in values), "negative": _mean(v.negative for v in values),
            "total": _mean(v.total for v in values), "per_100_words": _mean(v.per_100_words for v in values),
            "words": _mean(v.words for v in values)}


def aggregate(rows: list[dict]) -> dict:
    lean = [r["lean"] for r in rows if r["lean"] is not None]
    lean_set = [flag for r in rows for flag in r["lean_set"]]
    rouge = {}
    for kind in ("facts", "lead3_center", "lead3_random"):
        scored = [r for r in rows if f"rouge1:{kind}" in r]
        rouge[kind] = {"stories": len(scored), "rouge1": _mean(r[f"rouge1:{kind}"] for r in scored),
                       "rouge2": _mean(r[f"rouge2:{kind}"] for r in scored)}
    with_facts = [r for r in rows if r["facts"]]
    rouge["facts_when_any"] = {"stories": len(with_facts), "rouge1": _mean(r["rouge1:facts"] for r in with_facts),
                               "rouge2": _mean(r["rouge2:facts"] for r in with_facts)}
    return {
        "lean": {"stories": len(lean), "ordered": _mean(v == 1.0 for v in lean), "ordered_ties_half": _mean(lean),
                 "ties": _mean(v == 0.5 for v in lean), "sources_with_a_lean": _mean(lean_set)},
        "rouge": rouge,
        "arousal": {"calibrated": {k: _aggregate_arousal(rows, f"arousal:{k}") for k in TEXT_KINDS if k != "roundup"},
                    "raw": {k: _aggregate_arousal(rows, f"arousal_raw:{k}") for k in TEXT_KINDS}},
        "facts": {"mean": _mean(r["facts"] for r in rows), "share_with_facts": _mean(bool(r["facts"]) for r in rows)},
        "time": {"read_seconds_per_story": _mean(r["read_seconds"] for r in rows),
                 "brief_seconds_per_story": _mean(r["brief_seconds"] for r in rows)},
    }


def evaluate_roundups(data_dir: Path | str = DEFAULT_DATA, limit: int | None = None, progress=None) -> dict:
    """Build a brief per roundup story and measure it; `progress(done, total)` is called after each story."""
    from ..brief import BriefOptions
    from ..embed import get_embedder
    from ..pipeline import Context

    data_dir = Path(data_dir)
    stories = load_stories(data_dir, limit)
    lexicon = load_vad(data_dir / VAD_LEXICON)
    started = time.perf_counter()
    get_embedder().encode(["Load the embedding model before the clock of the first story starts."])
    model_seconds = time.perf_counter() - started
    ctx, options = Context(), BriefOptions()
    rows, failures = [], []
    started = time.perf_counter()
    for done, story in enumerate(stories, 1):
        try:
            rows.append(score_story(story, ctx, lexicon, options))
        except Exception as error:  # one story's bug is a data point: the others are still measured
            failures.append(f"story {story.get('id')}: {type(error).__name__}: {error}")
        if progress:
            progress(done, len(stories))
    total = time.perf_counter() - started
    result = {"data": str(data_dir / ROUNDUPS), "stories": len(stories), "scored": len(rows),
              "failed": len(failures), "failure_examples": failures[:5], **aggregate(rows)}
    result["time"].update({"model_load_seconds": model_seconds, "total_seconds": total,
                           "seconds_per_story": total / len(stories) if stories else None})
    result["method"] = {"rouge": "F1, unstemmed, lower-cased \\w+ tokens", "positive_valence": POSITIVE_VALENCE,
                        "negative_valence": NEGATIVE_VALENCE, "lemmatised": False}
    return result


# --------------------------------------------------------------------------- report

def _f(value, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _pct(value) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def markdown_table(result: dict) -> str:
    lean, rouge, facts, timing = result["lean"], result["rouge"], result["facts"], result["time"]
    lines = [f"Stories: {result['scored']} scored of {result['stories']} ({result['failed']} failed); {result['data']}", "",
             "| measure | value |", "|---|---|",
             f"| lean: left below right ({lean['stories']} stories with both) | {_pct(lean['ordered'])} |",
             f"| lean: same, a tie counted half | {_pct(lean['ordered_ties_half'])} |",
             f"| lean: ties | {_pct(lean['ties'])} |",
             f"| sources given a lean by the brief | {_pct(lean['sources_with_a_lean'])} |",
             f"| facts per brief | {_f(facts['mean'], 2)} |",
             f"| briefs with at least one fact | {_pct(facts['share_with_facts'])} |",
             f"| model load (once) | {_f(timing['model_load_seconds'], 1)} s |",
             f"| time per story: read + brief | {_f(timing['read_seconds_per_story'], 3)} s + {_f(timing['brief_seconds_per_story'], 3)} s |",
             "", "| text vs roundup | stories | ROUGE-1 F1 | ROUGE-2 F1 |", "|---|---|---|---|"]
    names = {"facts": "brief facts (all stories)", "facts_when_any": "brief facts (briefs with a fact)",
             "lead3_center": "center article, first 3 sentences", "lead3_random": "random side, first 3 sentences"}
    for kind, name in names.items():
        row = rouge[kind]
        lines.append(f"| {name} | {row['stories']} | {_f(row['rouge1'])} | {_f(row['rouge2'])} |")
    lines += ["", "| framing bias (NRC-VAD arousal) | Arousal+ | Arousal- | sum | per 100 words | sum, uncalibrated | per 100 words, uncalibrated |",
              "|---|---|---|---|---|---|---|"]
    names = {"facts": "brief facts", "lead3_center": "center lead-3", "lead3_random": "random-side lead-3",
             "articles": "source articles (mean of 3)", "roundup": "human roundup"}
    for kind, name in names.items():
        cal, raw = result["arousal"]["calibrated"].get(kind), result["arousal"]["raw"].get(kind)
        cal = cal or {"positive": None, "negative": None, "total": None, "per_100_words": None}
        raw = raw or {"total": None, "per_100_words": None}
        lines.append(f"| {name} | {_f(cal['positive'], 2)} | {_f(cal['negative'], 2)} | {_f(cal['total'], 2)} | "
                     f"{_f(cal['per_100_words'], 2)} | {_f(raw['total'], 2)} | {_f(raw['per_100_words'], 2)} |")
    lines += ["", "Calibrated: words of the roundup removed first (NeuS). ROUGE unstemmed; no lemmatisation for arousal."]
    lines += [f"- failure: {example}" for example in result["failure_examples"]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Quality of the brief on AllSides roundups: lean order, ROUGE, framing bias")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"shared data folder (default {DEFAULT_DATA})")
    parser.add_argument("--limit", type=int, default=None, help="only the first N stories")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    if args.limit is not None and args.limit < 1:
        parser.error("--limit must be at least 1")
    from ..errors import ParallaxError, report

    def progress(done: int, total: int) -> None:
        if done % 25 == 0 or done == total:
            print(f"{done}/{total} stories", file=sys.stderr, flush=True)

    try:
        result = evaluate_roundups(args.data, args.limit, progress)
    except ParallaxError as error:
        report(error)
        return int(error.exit_code)
    print(json.dumps(result, indent=2) if args.json else markdown_table(result), end="\n" if args.json else "")
    return 0


if __name__ == "__main__":
    sys.exit(main())
