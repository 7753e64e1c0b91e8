"""Narratives: how each side tells the story, in its own sentences.

Extractive on purpose: a narrative is a short selection of sentences from the
side's sources, so every sentence is traceable. A sentence is chosen when it is
typical of its side (close to the side's other sentences) and distinctive
(far from what the other sides say), with a bonus for interpretation (opinion,
forecast) over plain reporting, and no two sentences saying the same thing.
"""

from __future__ import annotations

import numpy as np

from ..model import Narrative
from .story import Story

MAX_SENTENCES = 4
MIN_WORDS, MAX_WORDS = 6, 60
KIND_BONUS = {"opinion": 0.12, "forecast": 0.08, "quote": 0.04, "reported": 0.0}


def _side_units(story: Story, side_key: str) -> list[int]:
    return [i for i, u in enumerate(story.units) if story.side_of.get(u.source) == side_key]


def write_narratives(story: Story) -> None:
    narratives = []
    if story.vectors is None or not story.brief.sides:
        story.brief.narratives = []
        return
    for side in story.brief.sides:
        own = _side_units(story, side.key)
        others = [i for i, u in enumerate(story.units) if story.side_of.get(u.source) not in (None, side.key)]
        own = [i for i in own if MIN_WORDS <= len(story.units[i].text.split()) <= MAX_WORDS]
        if not own:
            continue
        vectors = story.vectors
        centre = vectors[own].mean(axis=0)
        typical = vectors[own] @ (centre / (np.linalg.norm(centre) or 1.0))
        if others:
            closest_other = (vectors[own] @ vectors[others].T).max(axis=1)
        else:
            closest_other = np.zeros(len(own))
        scores = []
        for k, unit_index in enumerate(own):
            claim = story.units[unit_index].claim
            bonus = KIND_BONUS.get(claim.kind if claim else "reported", 0.0)
            scores.append((typical[k] - 0.6 * closest_other[k] + bonus, unit_index))
        scores.sort(key=lambda s: (-s[0], s[1]))

        chosen: list[int] = []
        words = 0
        for _, unit_index in scores:
            length = len(story.units[unit_index].text.split())
            if words + length > story.options.narrative_words:
                continue
            if any(float(vectors[unit_index] @ vectors[c]) > 0.6 for c in chosen):
                continue  # says what an already chosen sentence says
            chosen.append(unit_index)
            words += length
            if len(chosen) >= MAX_SENTENCES:
                break
        # Read in source order, so the narrative follows each article's own argument.
        chosen.sort(key=lambda i: (story.units[i].source, story.units[i].start))
        evidence = [story.evidence(i) for i in chosen]
        text = " ".join(" ".join(e.quote.split()) for e in evidence)
        narratives.append(Narrative(side=side.key, label=f"{side.label} narrative", text=text,
                                    citations=sorted({e.source for e in evidence}), evidence=evidence))
    story.brief.narratives = narratives
    _taxonomy_labels(story)


def _taxonomy_labels(story: Story) -> None:
    """Label each side's narrative with a known taxonomy's narratives (data/narratives/), when the story
    is in one of its domains: most articles must be placed in the same domain, so that a story outside
    the taxonomy's domains gets no labels. Reuses the story's vectors; nothing is embedded again."""
    if not story.brief.narratives or story.article_vectors is None or len(story.article_vectors) == 0:
        return
    try:
        from ..models.narratives import load_model
    except ImportError:  # pragma: no cover - model package missing
        return
    model = load_model()
    domains = [d["domain"] for d in model.predict_details(story.article_vectors)]
    top = max(set(domains), key=domains.count)
    if top is None or domains.count(top) * 2 <= len(domains):
        return
    for narrative in story.brief.narratives:
        rows = [i for i, u in enumerate(story.units)
                if any(e.source == u.source + 1 and e.start == u.start for e in narrative.evidence)]
        side_rows = [i for i, u in enumerate(story.units) if story.side_of.get(u.source) == narrative.side]
        vector = story.vectors[side_rows or rows].mean(axis=0)
        vector = vector / (np.linalg.norm(vector) or 1.0)
        detail = model.predict_details(vector.reshape(1, -1))[0]
        if detail["domain"] == top:
            narrative.labels = [item["label"] for item in detail["narratives"]]
