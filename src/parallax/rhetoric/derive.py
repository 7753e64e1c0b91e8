"""Derive a loaded-word lexicon from public research resources.

Used by `scripts/build_loaded_lexicon.py` (which writes the committed file
`parallax/data/loaded_derived.tsv`) and by `parallax.evaluation.babe` (which
re-derives the BABE part inside each cross-validation fold, so the reported
scores are measured on sentences the lexicon never saw).

Sources (read from ../shared/data at build time only, never at run time):
- BABE (Spinde et al. 2021, AGPL-3.0): sentences with the words experts marked
  as biased. A word is kept when it is marked often enough (support) and is
  marked in a large share of the sentences it appears in (precision).
- MPQA subjectivity clues (Wilson et al. 2005, research use): strongly
  subjective, negative adjectives and adverbs.
- Recasens et al. 2013 bias lexicon (research use) and the BABE bias word
  lexicon (xlsx): a second opinion that an MPQA clue is bias-inducing.
An MPQA clue is kept only when a second resource agrees and BABE does not
contradict it (a word seen often in BABE but rarely marked is dropped).
"""

from __future__ import annotations

import ast
import csv
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from xml.etree import ElementTree

TOKEN = re.compile(r"[A-Za-z0-9]+(?:[-'’][A-Za-z0-9]+)*")

# Thresholds set by hand for precision; not tuned (scores: python -m parallax.evaluation.babe).
MIN_MARKED = 3
MIN_PRECISION = 0.5
# An MPQA clue that BABE saw at least this often but marked in less than
# CONTRADICT_PRECISION of those sentences is treated as ordinary news language.
CONTRADICT_SEEN = 2
CONTRADICT_PRECISION = 0.25
# Function words that annotators sometimes swept into a marked phrase.
_NEVER = frozenset(
    "a an the of to in on at for and or but by with from up out down off over as is are was were be been "
    "it its this that these those he she they we you i his her their our my your not no".split()
)


@dataclass(frozen=True)
class BabeSentence:
    text: str
    biased: bool
    marked: frozenset[str]  # lower-cased words the annotators marked


@dataclass(frozen=True)
class LexiconEntry:
    term: str
    kind: str
    marked: int  # BABE sentences where the word was marked (0 when not from BABE)
    seen: int  # BABE sentences containing the word
    origin: str

    @property
    def precision(self) -> float:
        return self.marked / self.seen if self.seen else 0.0


def tokens(text: str) -> list[str]:
    return [t.lower().replace("’", "'") for t in TOKEN.findall(text)]


def read_babe(path: Path) -> list[BabeSentence]:
    out = []
    with open(path, encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            label = row["label_bias"]
            if label not in ("Biased", "Non-biased"):
                continue
            words = ast.literal_eval(row["biased_words"] or "[]")
            out.append(BabeSentence(row["text"], label == "Biased", frozenset(w.lower().replace("’", "'") for w in words)))
    return out


def babe_counts(sentences: Iterable[BabeSentence]) -> tuple[Counter, Counter]:
    """(marked, seen): per word, sentences where it was marked / where it occurs."""
    marked: Counter = Counter()
    seen: Counter = Counter()
    for s in sentences:
        present = set(tokens(s.text))
        seen.update(present)
        marked.update(w for w in s.marked if w in present)
    return marked, seen


def _mostly_capitalised(sentences: Iterable[BabeSentence]) -> set[str]:
    """Words written with a capital inside sentences more often than not: names
    ("Wuhan", "Trumpism"), which say nothing general about loaded language."""
    upper: Counter = Counter()
    total: Counter = Counter()
    for s in sentences:
        for i, raw in enumerate(TOKEN.findall(s.text)):
            if i == 0:
                continue
            word = raw.lower().replace("’", "'")
            total[word] += 1
            upper[word] += raw[0].isupper()
    return {w for w, n in total.items() if upper[w] * 2 > n}


def babe_entries(sentences: list[BabeSentence], min_marked: int = MIN_MARKED, min_precision: float = MIN_PRECISION) -> list[LexiconEntry]:
    marked, seen = babe_counts(sentences)
    names = _mostly_capitalised(sentences)
    out = []
    for word, m in marked.items():
        if word in _NEVER or word in names or m < min_marked or not word[0].isalpha():
            continue
        if m / seen[word] >= min_precision:
            out.append(LexiconEntry(word, "biased", m, seen[word], "babe"))
    return sorted(out, key=lambda e: e.term)


def read_mpqa_strong_negative(path: Path) -> dict[str, bool]:
    """Strongly subjective negative adjectives/adverbs: word -> whether inflections count."""
    out: dict[str, bool] = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            fields = dict(part.split("=", 1) for part in line.split() if "=" in part)
            if fields.get("type") != "strongsubj" or fields.get("priorpolarity") != "negative":
                continue
            if fields.get("pos1") not in ("adj", "adverb", "anypos"):
                continue
            out[fields["word1"].lower()] = fields.get("stemmed1") == "y"
    return out


def read_word_list(path: Path) -> set[str]:
    with open(path, encoding="utf-8", errors="replace") as f:
        return {line.strip().lower() for line in f if line.strip() and not line.startswith("#")}


def read_xlsx_column(path: Path) -> set[str]:
    """The first column of a one-sheet xlsx, read with the standard library (no openpyxl here)."""
    ns = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    with zipfile.ZipFile(path) as z:
        strings = [
            "".join(t.text or "" for t in si.iter(f"{ns}t"))
            for si in ElementTree.fromstring(z.read("xl/sharedStrings.xml")).iter(f"{ns}si")
        ]
        sheet = ElementTree.fromstring(z.read("xl/worksheets/sheet1.xml"))
    words = set()
    for cell in sheet.iter(f"{ns}c"):
        value = cell.find(f"{ns}v")
        if value is not None and value.text:
            words.add((strings[int(value.text)] if cell.get("t") == "s" else value.text).strip().lower())
    return {w for w in words if w}


def mpqa_entries(mpqa: dict[str, bool], second_opinion: set[str], marked: Counter, seen: Counter) -> list[LexiconEntry]:
    out = []
    for word in sorted(mpqa):
        if word not in second_opinion:
            continue
        n, m = seen.get(word, 0), marked.get(word, 0)
        if n >= CONTRADICT_SEEN and m / n < CONTRADICT_PRECISION:
            continue
        out.append(LexiconEntry(word, "loaded", m, n, "mpqa+second-opinion"))
    return out


# A word that centre-rated outlets use in at least ORDINARY_RATE of their articles, and
# partisan outlets barely more often, is ordinary news language.
ORDINARY_RATE = 0.025
ORDINARY_RATIO = 1.35


def is_ordinary(word: str, background: tuple[dict[str, float], dict[str, float]]) -> bool:
    center, partisan = background
    rate = center.get(word, 0.0)
    return rate >= ORDINARY_RATE and partisan.get(word, 0.0) / rate < ORDINARY_RATIO


def derive(
    shared_data: Path,
    sentences: list[BabeSentence] | None = None,
    background: tuple[dict[str, float], dict[str, float]] | None = None,
    **babe_params,
) -> list[LexiconEntry]:
    """The whole derived lexicon. `sentences` restricts BABE to a training fold;
    `background` (from `background_rates`) drops ordinary news words."""
    if sentences is None:
        sentences = read_babe(shared_data / "babe" / "final_labels_SG2.csv")
    lex = shared_data / "lexicons"
    mpqa = read_mpqa_strong_negative(lex / "subjectivity_clues_hltemnlp05" / "subjclueslen1-HLTEMNLP05.tff")
    second = read_word_list(lex / "bias-lexicon" / "bias-lexicon.txt") | read_xlsx_column(shared_data / "babe" / "bias_word_lexicon.xlsx")
    marked, seen = babe_counts(sentences)
    entries = {e.term: e for e in mpqa_entries(mpqa, second, marked, seen)}
    entries.update({e.term: e for e in babe_entries(sentences, **babe_params)})  # BABE evidence wins
    if background is not None:
        entries = {t: e for t, e in entries.items() if not is_ordinary(t, background)}
    return [entries[t] for t in sorted(entries)]


def background_rates(article_bias: Path, per_side: int = 4000) -> tuple[dict[str, float], dict[str, float]]:
    """Document frequency of each word in centre-rated vs partisan outlets (article-bias train).

    A word that centre outlets use as often as partisan ones is ordinary news
    language, whatever an annotator felt about it in one sentence.
    """
    import gzip
    import json

    df = {"center": Counter(), "partisan": Counter()}
    n = {"center": 0, "partisan": 0}
    with gzip.open(article_bias, "rt", encoding="utf-8") as f:
        for line in f:
            row = json.loads(line)
            side = "center" if row["bias"] == "center" else "partisan"
            if n[side] >= per_side:
                if min(n.values()) >= per_side:
                    break
                continue
            n[side] += 1
            df[side].update(set(tokens(row.get("content") or "")))
    return ({w: c / n["center"] for w, c in df["center"].items()}, {w: c / n["partisan"] for w, c in df["partisan"].items()})
