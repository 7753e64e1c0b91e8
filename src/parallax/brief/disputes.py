"""Disputes: where sources, or the speakers they quote, give conflicting figures.

A figure is a quantity inside a claim, with the clause around it as its context.
Figures are comparable when their units measure the same kind of thing (the
user-editable `data/unit_categories.yaml`) and their contexts say the same kind of
thing (cosine of the clause embeddings). A group of comparable figures is a dispute
when at least two versions (different speakers, or different sources) give values
that differ by more than `align.units.SAME_FIGURE_RATIO`. Versions from the same speaker at different
dates are a development over time, not a dispute, and are left to the timeline.
"""

from __future__ import annotations

import re
import numpy as np
from ..align import similar_pairs
from ..align.units import outcome, unit_key, values_differ
from ..embed import get_embedder
from ..model import Dispute, DisputeVersion, Quantity
from .clauses import clause_around
from .story import Story

CONTEXT_SIMILARITY = 0.5
# Figures of the same kind *and* the same outcome (both counts of losses) need less context
# agreement: "Russia has lost 100,000 servicemen" and "20,000 men in his militia have died"
# share few words but are rival answers to one question.
OUTCOME_SIMILARITY = 0.3
MAX_DISPUTES = 10


class _Figure:
    __slots__ = ("unit_index", "quantity", "category", "speaker", "source", "clause")

    def __init__(self, unit_index, quantity, category, speaker, source, clause):
        self.unit_index, self.quantity, self.category = unit_index, quantity, category
        self.speaker, self.source, self.clause = speaker, source, clause


def _figures(story: Story) -> list[_Figure]:
    figures = []
    for index, unit in enumerate(story.units):
        article = story.articles[unit.source]
        claims = [c for c in article.claims if c.start < unit.end and c.end > unit.start]
        for claim in claims:
            for q in claim.quantities:
                category = unit_key(q.unit)
                if q.value is None or category is None or category in ("time",):
                    continue
                clause = clause_around(article.text, max(unit.start, claim.start), min(unit.end, claim.end), q.start, q.end)
                happened = outcome(article.text[clause[0]:clause[1]])
                if happened:
                    category = f"{category}:{happened}"
                figures.append(_Figure(index, q, category, claim.speaker, unit.source, clause))
    return figures


def _version(story: Story, f: _Figure) -> DisputeVersion:
    article = story.articles[f.source]
    return DisputeVersion(source=f.source + 1, speaker=f.speaker, text=f.quantity.text, value=f.quantity.value,
                          unit=f.quantity.unit, bound=f.quantity.bound, date=article.published,
                          evidence=story.span_evidence(f.source, *f.clause))


def _is_development(versions: list[DisputeVersion]) -> bool:
    """One speaker's figure changing over time (a running count), not two speakers disagreeing."""
    speakers = {(v.speaker or "").lower() for v in versions}
    dates = {v.date for v in versions}
    return len(speakers) == 1 and "" not in speakers and None not in dates and len(dates) == len(versions)


def _contested(figures: list[_Figure]) -> list[_Figure]:
    """Only figures of a kind for which two voices give different values can be in a dispute:
    the others need no clause embedding (which is most of this step's cost in a large story)."""
    by_category: dict[str, list[_Figure]] = {}
    for f in figures:
        by_category.setdefault(f.category, []).append(f)
    kept = []
    for group in by_category.values():
        voices = {(f.source, (f.speaker or "").lower()) for f in group}
        values = sorted({f.quantity.value for f in group})
        if len(voices) >= 2 and len(values) >= 2 and values_differ(values[0], values[-1]):
            kept.extend(group)
    return kept


def find_disputes(story: Story) -> None:
    figures = _contested(_figures(story))
    story.brief.disputes = []
    if len(figures) < 2:
        return
    texts = [story.articles[f.source].text[f.clause[0]:f.clause[1]] for f in figures]
    vectors = get_embedder(cache=story.options.cache).encode(texts)
    # Neighbours by context (LSH above align.EXACT_LIMIT figures, so this stays near-linear).
    neighbours: dict[int, list[int]] = {}
    for a, b, cosine in similar_pairs(vectors, np.arange(len(figures)), OUTCOME_SIMILARITY):
        same_outcome = ":" in figures[a].category
        if figures[a].category == figures[b].category and (same_outcome or cosine >= CONTEXT_SIMILARITY):
            neighbours.setdefault(a, []).append(b)
            neighbours.setdefault(b, []).append(a)
    used: set[int] = set()
    disputes = []
    order = sorted(range(len(figures)), key=lambda i: (figures[i].source, figures[i].clause[0]))
    for i in order:
        if i in used or i not in neighbours:
            continue
        group = [i] + sorted(j for j in neighbours[i] if j not in used)
        # One version per (source, speaker, value): the same figure quoted twice is one version.
        versions: dict[tuple, _Figure] = {}
        for k in group:
            f = figures[k]
            versions.setdefault((f.source, (f.speaker or "").lower(), f.quantity.value), f)
        values = [f.quantity.value for f in versions.values()]
        voices = {(f.source, (f.speaker or "").lower()) for f in versions.values()}
        if len(voices) < 2 or not any(values_differ(a, b) for a in values for b in values):
            continue
        built = [_version(story, f) for f in sorted(versions.values(), key=lambda f: (f.source, f.clause[0]))]
        if _is_development(built):
            continue
        used.update(group)
        units = sorted({(f.quantity.unit or "").lower() for f in versions.values()} - {""})
        disputes.append(Dispute(question=f"How many {' / '.join(units)}? The figures differ", kind="quantity", versions=built))
    disputes.sort(key=lambda d: (-len({v.source for v in d.versions}), -len(d.versions), d.versions[0].source))
    story.brief.disputes = disputes[:MAX_DISPUTES]
