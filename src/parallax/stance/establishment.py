"""Establishment stance, 1 (critical of the establishment) .. 5 (pro-establishment).

Criticism: terms from data/establishment.yaml ("mainstream media", "globalist",
"stenographers of the powerful") and sarcasm or name-calling found by the rhetoric
stage. Reliance: claims attributed with a plain cue to officials, ministries,
agencies, institutes and think tanks; doubting such speakers ("officials claimed")
counts as criticism.
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

import yaml

from ..model import Article
from .actors import DATA, stance_words

CRITICAL_TERM = 1.0
CRITICAL_LOADED = 0.5
RELIED_ON = 0.6
DOUBTED = 0.5


def _phrase_pattern(phrases: list[str]) -> re.Pattern:
    parts = []
    for phrase in sorted(phrases, key=len, reverse=True):
        body = re.escape(phrase.rstrip("*")).replace(r"\ ", r"\s+")
        parts.append(body + (r"\w*" if phrase.endswith("*") else ""))
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.I)


@lru_cache(maxsize=1)
def _lists() -> tuple[re.Pattern, re.Pattern, set[str], set[str], set[str]]:
    data = yaml.safe_load((DATA / "establishment.yaml").read_text(encoding="utf-8"))
    words = stance_words()
    return (_phrase_pattern(data["critical"]), _phrase_pattern(data["institutions"]), set(data["critical_loaded_kinds"]),
            set(words["doubting_cues"]), set(words["neutral_cues"]))


def _sentence_span(article: Article, position: int) -> tuple[int, int]:
    for sentence in article.sentences:
        if sentence.start <= position < sentence.end:
            return sentence.start, sentence.end
    return position, position


def score_establishment(article: Article) -> tuple[float, dict]:
    """(score 1..5, details {critical: [(term, span)], relied: [(speaker, span)], doubted: [...]})."""
    critical_pattern, institution_pattern, loaded_kinds, doubting, neutral = _lists()
    critical = [(m.group(), _sentence_span(article, m.start())) for m in critical_pattern.finditer(article.text)]
    seen = {span for _, span in critical}
    for loaded in article.loaded:
        span = _sentence_span(article, loaded.start)
        if loaded.kind in loaded_kinds and span not in seen:
            critical.append((loaded.text, span))
    relied, doubted = [], []
    for claim in article.claims:
        if not claim.speaker or not claim.cue or not institution_pattern.search(claim.speaker):
            continue
        cue = claim.cue.lower()
        if cue in doubting:
            doubted.append((f"{claim.speaker} {claim.cue}", (claim.start, claim.end)))
        elif cue in neutral:
            relied.append((f"{claim.speaker} {claim.cue}", (claim.start, claim.end)))
    critical_weight = sum(CRITICAL_LOADED if term in {l.text for l in article.loaded} and not critical_pattern.fullmatch(term)
                          else CRITICAL_TERM for term, _ in critical) + DOUBTED * len(doubted)
    raw = RELIED_ON * len(relied) - critical_weight
    score = 3.0 + 2.0 * math.tanh(raw / 3.0)
    return round(score, 2), {"critical": critical, "relied": relied, "doubted": doubted}
