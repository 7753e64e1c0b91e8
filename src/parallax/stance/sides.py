"""Targeted stance: how each source treats each of the story's two main actors.

Every sentence that names an actor is read for what is aimed at it: loaded terms
(article.loaded: "the X regime", scare quotes, name-calling) near or naming the actor,
framing words (victory/liberation versus defeat/occupation, data/stance.yaml), word
valence (data/valence.tsv, from NRC-VAD) and whether the actor's own spokespeople are
repeated plainly ("said") or doubted ("claimed"). Each word is credited to the nearest
actor mention in its sentence, so "X's failed offensive" counts against X, not against
an actor named later in the sentence.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from ..model import Article
from .actors import DATA, Actor, stance_words

_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
WINDOW = 8  # words between a term and the actor mention it is credited to
LOADED_NAMING_ACTOR = -2.0  # "the X regime": the term names the actor itself
LOADED_NEAR_ACTOR = -1.5
# The rhetoric stage's "biased" words are single subjective words, often neutral in context: weak evidence.
LOADED_KIND_FACTOR = {"biased": 0.2}
FRAMING = 0.6
VALENCE_WEIGHT = 0.25
# Outcome words in a conditional ("would be X's first victory") are analysis, not framing: they count less.
_CONDITIONAL = re.compile(r"\b(?:would|could|might|if|whether|may)\b", re.I)
CONDITIONAL_FACTOR = 0.3
DOUBTED_SPEAKER = -1.0
REPEATED_SPEAKER = 0.3


@dataclass
class Hit:
    """One thing aimed at an actor: a term, its weight and the sentence it sits in."""

    actor: str
    term: str
    weight: float
    sentence: tuple[int, int]


@dataclass
class ActorTreatment:
    hits: list[Hit] = field(default_factory=list)
    mentions: int = 0

    @property
    def total(self) -> float:
        return sum(h.weight for h in self.hits)


class _Matcher:
    """Lowercase whole-word lists with trailing-* prefixes, compiled once."""

    def __init__(self, words: list[str]):
        self.exact = {w for w in words if not w.endswith("*")}
        self.prefixes = tuple(w[:-1] for w in words if w.endswith("*"))

    def __contains__(self, word: str) -> bool:
        return word in self.exact or (bool(self.prefixes) and word.startswith(self.prefixes))


@lru_cache(maxsize=1)
def lexicons() -> tuple[_Matcher, _Matcher, dict[str, float], _Matcher, _Matcher]:
    words = stance_words()
    valence = {}
    for line in (DATA / "valence.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            word, value = line.split("\t")
            valence[word] = float(value)
    return (_Matcher(words["favourable"]), _Matcher(words["unfavourable"]), valence,
            _Matcher(words["doubting_cues"]), _Matcher(words["neutral_cues"]))


def _mentions(text: str, start: int, end: int, actors: list[Actor]) -> list[tuple[int, int, str]]:
    out = []
    for actor in actors:
        out.extend((m.start(), m.end(), actor.name) for m in actor.pattern.finditer(text, start, end))
    return sorted(out)


def _nearest(index: int, mentions_at: list[tuple[int, str]]) -> str | None:
    """The actor whose mention is closest (in words) to word `index`, within WINDOW words."""
    best, best_distance = None, WINDOW + 1
    for mention_index, name in mentions_at:
        distance = abs(mention_index - index)
        if distance < best_distance:
            best, best_distance = name, distance
    return best


def treat_article(article: Article, actors: list[Actor]) -> dict[str, ActorTreatment]:
    """What each actor gets from this article: the hits aimed at it and how often it is named."""
    favourable, unfavourable, valence, doubting, neutral = lexicons()
    text = article.text
    out = {a.name: ActorTreatment() for a in actors}
    sentence_of = {}
    for sentence in article.sentences:
        mentions = _mentions(text, sentence.start, sentence.end, actors)
        if not mentions:
            continue
        span = (sentence.start, sentence.end)
        sentence_of[span] = mentions
        words = list(_WORD.finditer(text, sentence.start, sentence.end))
        mention_words = []  # (word index, actor) of each mention
        for start, end, name in mentions:
            out[name].mentions += 1
            index = next((k for k, w in enumerate(words) if w.start() >= start), len(words))
            mention_words.append((index, name))
        covered = [(s, e) for s, e, _ in mentions] + [(l.start, l.end) for l in article.loaded]
        skip = {k for k, w in enumerate(words) for s, e in covered if s <= w.start() < e}
        factor = CONDITIONAL_FACTOR if _CONDITIONAL.search(text, sentence.start, sentence.end) else 1.0
        for k, word in enumerate(words):
            if k in skip:
                continue
            lower = word.group().lower()
            if lower in favourable:
                weight, term = FRAMING * factor, lower
            elif lower in unfavourable:
                weight, term = -FRAMING * factor, lower
            elif lower in valence:
                weight, term = VALENCE_WEIGHT * valence[lower], None
            else:
                continue
            target = _nearest(k, mention_words)
            if target:
                out[target].hits.append(Hit(target, term or "", weight, span))
        _loaded_hits(article, span, mentions, words, mention_words, out)
    _speaker_hits(article, actors, doubting, neutral, out)
    return out


def _loaded_hits(article, span, mentions, words, mention_words, out) -> None:
    for loaded in article.loaded:
        if not (span[0] <= loaded.start < span[1]):
            continue
        factor = LOADED_KIND_FACTOR.get(loaded.kind, 1.0)
        named = [name for s, e, name in mentions if loaded.start <= s and e <= loaded.end]
        if named:
            out[named[0]].hits.append(Hit(named[0], loaded.text, LOADED_NAMING_ACTOR * factor, span))
            continue
        index = next((k for k, w in enumerate(words) if w.start() >= loaded.start), len(words))
        target = _nearest(index, mention_words)
        if target:
            out[target].hits.append(Hit(target, loaded.text, LOADED_NEAR_ACTOR * factor, span))


def _speaker_hits(article: Article, actors: list[Actor], doubting, neutral, out) -> None:
    """Spokespeople of an actor repeated plainly count for it; doubted ones count against it."""
    for claim in article.claims:
        if not claim.speaker or not claim.cue:
            continue
        cue = claim.cue.lower()
        weight = DOUBTED_SPEAKER if cue in doubting else REPEATED_SPEAKER if cue in neutral else 0.0
        if not weight:
            continue
        for actor in actors:
            if actor.pattern.search(claim.speaker):
                out[actor.name].hits.append(Hit(actor.name, f"{claim.speaker} {claim.cue}", weight, (claim.start, claim.end)))
                break


def stance_toward(treatment: dict[str, ActorTreatment], actor: str, other: str | None) -> float:
    """-1..1: how favourably the article treats `actor` compared with `other`."""
    raw = treatment[actor].total - (treatment[other].total if other else 0.0)
    mentions = treatment[actor].mentions + (treatment[other].mentions if other else 0)
    return math.tanh(raw / (3.0 + math.sqrt(mentions)))


def top_terms(hits: list[Hit], sign: float, limit: int = 6) -> list[tuple[str, int]]:
    """The named terms (not bare valence words) pushing in direction `sign`, most frequent first."""
    counts = Counter(h.term for h in hits if h.term and h.weight * sign > 0)
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
