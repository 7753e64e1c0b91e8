"""Where each source stands: the story's sides, establishment stance, political lean.

`place_sources(story)` is the brief's "stance" step. The axis comes from the articles:
if two actors (countries, governments, armed groups) dominate the story, the axis is
about the one whose treatment varies most across sources ("Pro-X" / "Anti-X"), and each
source is placed by what it aims at the two actors (see sides.py). Otherwise (a domestic
political story) the axis is left/right, placed by the political-lean model.
"""

from __future__ import annotations

import re
from collections import defaultdict

from ..model import ScoreEvidence, Side
from .actors import Actor, find_actors, main_pair
from .establishment import score_establishment
from .lean import predict_article_leans
from .sides import ActorTreatment, stance_toward, top_terms, treat_article

__all__ = ["place_sources", "find_actors", "score_establishment", "predict_article_leans"]

SIDE_THRESHOLD = 0.3  # |side_score| below this: the source takes no side
LEAN_SIDE_THRESHOLD = 0.25  # for a left/right axis: |(3 - lean) / 2| below this is center
MAX_EVIDENCE_SENTENCES = 3


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def place_sources(story) -> None:
    articles = story.articles
    leans = predict_article_leans(articles, cache=story.options.cache)
    for source, article, (lean, label, evidence) in zip(story.brief.sources, articles, leans):
        source.lean, source.lean_label, source.lean_evidence = round(lean, 2), label, evidence
        source.establishment, details = score_establishment(article)
        source.establishment_evidence = _establishment_evidence(story, source.n - 1, source.establishment, details)
    actors = find_actors(articles)
    pair = main_pair(actors, len(articles))
    if pair:
        _actor_axis(story, pair)
    else:
        _left_right_axis(story, actors)


def _actor_axis(story, pair: tuple[Actor, Actor]) -> None:
    treatments = [treat_article(a, list(pair)) for a in story.articles]
    actor, other = _axis_actor(treatments, pair)
    pro, anti = Side(f"pro-{_slug(actor.name)}", f"Pro-{actor.name}", actor.name), Side(f"anti-{_slug(actor.name)}", f"Anti-{actor.name}", actor.name)
    basis = (f"the two actors named most across sources: {actor.name} ({len(actor.sources)} sources, {actor.mentions} mentions) "
             f"and {other.name} ({len(other.sources)} sources, {other.mentions} mentions); the axis is about the most-named, {actor.name}")
    pro.basis = anti.basis = basis
    story.brief.sides = [pro, anti]
    for index, (source, treatment) in enumerate(zip(story.brief.sources, treatments)):
        score = round(stance_toward(treatment, actor.name, other.name), 3)
        side = pro if score >= SIDE_THRESHOLD else anti if score <= -SIDE_THRESHOLD else None
        source.side_score = score
        source.side = side.key if side else None
        story.side_of[index] = source.side
        if side:
            side.sources.append(source.n)
        source.side_evidence = _side_evidence(story, index, treatment, actor.name, other.name, score)


def _axis_actor(treatments: list[dict[str, ActorTreatment]], pair: tuple[Actor, Actor]) -> tuple[Actor, Actor]:
    """The axis is about the most-named actor: the one the story is mostly told about.

    (Choosing the actor whose treatment varies most between sources was tried; on the seeds it
    made the axis about the defender, so that sides read "Anti-Ukraine"/"Pro-Ukraine" where
    readers and the reference story pages say "Pro-Russia"/"Anti-Russia".)
    """
    return pair


def _left_right_axis(story, actors: list[Actor]) -> None:
    left, right = Side("left", "Left", None), Side("right", "Right", None)
    named = ", ".join(a.name for a in actors[:2]) or "none"
    left.basis = right.basis = (f"no pair of actors dominates the story (most named: {named}); "
                                "sources are placed on a left/right axis by the political-lean model")
    story.brief.sides = [left, right]
    for index, source in enumerate(story.brief.sources):
        scored = source.lean_label is not None
        score = round(max(-1.0, min(1.0, (3.0 - source.lean) / 2.0)), 3) if scored else 0.0
        side = left if score >= LEAN_SIDE_THRESHOLD else right if score <= -LEAN_SIDE_THRESHOLD else None
        source.side_score, source.side = score, side.key if side else None
        story.side_of[index] = source.side
        if side:
            side.sources.append(source.n)
        summary = (f"placed by political lean {source.lean:.1f} (1 left .. 5 right)" if scored
                   else "not placed: the political-lean model is unavailable")
        terms = source.lean_evidence.terms if source.lean_evidence else []
        source.side_evidence = ScoreEvidence(summary=summary, terms=list(terms))


def _side_evidence(story, index: int, treatment: dict[str, ActorTreatment], actor: str, other: str, score: float) -> ScoreEvidence:
    """Name what drove the score: terms against or for each actor, and the sentences that carry most weight."""
    direction = 1.0 if score >= 0 else -1.0
    against, favoured = (other, actor) if direction > 0 else (actor, other)
    parts, terms = [], []
    for name, sign, wording in ((against, -1.0, "hostile to"), (favoured, 1.0, "favourable to")):
        found = top_terms(treatment[name].hits, sign)
        if found:
            listed = ", ".join(f"'{t}'" + (f" x{c}" if c > 1 else "") for t, c in found)
            parts.append(f"{sum(c for _, c in found)} terms {wording} {name} ({listed})")
            terms.extend(t for t, _ in found if t not in terms)
    weights = defaultdict(float)
    for name, sign in ((actor, 1.0), (other, -1.0)):
        for hit in treatment[name].hits:
            weights[hit.sentence] += sign * hit.weight
    strongest = sorted((span for span, w in weights.items() if w * direction > 0), key=lambda s: (-abs(weights[s]), s))
    sentences = [story.span_evidence(index, start, end) for start, end in strongest[:MAX_EVIDENCE_SENTENCES] if end > start]
    lean_word = "toward Pro-" + actor if score >= SIDE_THRESHOLD else "toward Anti-" + actor if score <= -SIDE_THRESHOLD else "no clear side"
    summary = f"{lean_word} (score {score:+.2f}): " + ("; ".join(parts[:3]) if parts else "no loaded or framing terms aimed at either actor")
    return ScoreEvidence(summary=summary, terms=terms, sentences=sentences)


def _establishment_evidence(story, index: int, score: float, details: dict) -> ScoreEvidence:
    critical, relied, doubted = details["critical"], details["relied"], details["doubted"]
    parts = []
    if critical:
        parts.append(f"{len(critical)} establishment-critical terms ({', '.join(repr(t) for t, _ in critical[:5])})")
    if doubted:
        parts.append(f"{len(doubted)} official sources doubted ({', '.join(repr(t) for t, _ in doubted[:3])})")
    if relied:
        parts.append(f"{len(relied)} attributions to officials or institutions ({', '.join(repr(t) for t, _ in relied[:3])})")
    summary = f"establishment {score:.1f}/5: " + ("; ".join(parts) if parts else "no criticism of institutions and no reliance on official sources found")
    spans, seen = [], set()
    for _, span in critical + doubted + relied:
        if span not in seen and span[1] > span[0]:
            seen.add(span)
            spans.append(span)
    terms = [t for t, _ in critical + doubted + relied]
    sentences = [story.span_evidence(index, s, e) for s, e in spans[:MAX_EVIDENCE_SENTENCES]]
    return ScoreEvidence(summary=summary, terms=terms, sentences=sentences)
