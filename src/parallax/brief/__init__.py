"""The story brief: facts, narratives, disputes, forecasts and splits, with receipts.

`build_brief(articles, options)` runs the steps below in order over one `Story`
and returns the `Brief`. Each step is a plain function of the story, named and
timed (the timings feed bench/brief.py).
"""

from __future__ import annotations

import time
from typing import Callable

import numpy as np

from ..align import agreement_pairs, cluster_units, collect_units
from ..embed import get_embedder
from ..model import Article, Brief, BriefEntity, BriefSource, Excluded, Splits
from . import select
from .facts import coverage, find_facts
from .narratives import write_narratives
from .story import BriefOptions, Story

__all__ = ["BriefOptions", "Story", "build_brief", "build_story", "STEPS"]


def _sources(story: Story) -> None:
    story.brief.sources = [
        BriefSource(n=i + 1, id=a.id, path=a.path, url=a.url, title=a.title, publisher=a.publisher, author=a.author,
                    published=a.published, language=a.language)
        for i, a in enumerate(story.articles)
    ]


def _embed(story: Story) -> None:
    story.units = select_units = collect_units(story.articles)
    embedder = get_embedder(cache=story.options.cache)
    story.vectors = embedder.encode([u.text for u in select_units])
    vectors = np.zeros((len(story.articles), story.vectors.shape[1] if len(story.vectors) else 384), dtype=np.float32)
    for unit, vector in zip(select_units, story.vectors):
        vectors[unit.source] += vector
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    story.article_vectors = vectors / np.where(norms == 0, 1, norms)


def _drop_off_topic(story: Story) -> None:
    """Leave out articles about another story, then re-index units to the remaining articles."""
    far = dict(select.off_topic(story.article_vectors, story.options.offtopic_threshold))
    if not far or len(far) >= len(story.articles) - 1:
        return
    keep = [i for i in range(len(story.articles)) if i not in far]
    for i in sorted(far):
        story.brief.excluded.append(Excluded(select.origin(story.articles[i]),
                                             f"off-topic: similarity to the rest of the story {far[i]:.2f}, below {story.options.offtopic_threshold}"))
    new_index = {old: new for new, old in enumerate(keep)}
    unit_keep = [k for k, u in enumerate(story.units) if u.source in new_index]
    story.units = [story.units[k] for k in unit_keep]
    for unit in story.units:
        unit.source = new_index[unit.source]
    story.vectors = story.vectors[unit_keep]
    story.article_vectors = story.article_vectors[keep]
    story.articles = [story.articles[i] for i in keep]


def _align(story: Story) -> None:
    pairs = agreement_pairs(story.units, story.vectors, story.options.link_floor)
    story.clusters = cluster_units(story.units, pairs, story.options.fact_threshold)


def _stance(story: Story) -> None:
    from ..stance import place_sources

    place_sources(story)


def _disputes(story: Story) -> None:
    from .disputes import find_disputes

    find_disputes(story)


def _forecasts(story: Story) -> None:
    from .forecasts import find_forecasts

    find_forecasts(story)


def _timeline(story: Story) -> None:
    from .timeline import build_timeline

    build_timeline(story)


def _entities(story: Story) -> None:
    from ..entities import merge_entities

    merged = merge_entities([a.entities for a in story.articles])
    out = []
    for entity, documents in merged:
        out.append(BriefEntity(name=entity.name, type=entity.type, aliases=sorted(entity.aliases),
                               sources=sorted({d + 1 for d in documents}), mentions=len(entity.mentions)))
    out.sort(key=lambda e: (-len(e.sources), -e.mentions, e.name))
    story.brief.entities = out


def _splits(story: Story) -> None:
    establishment = {"critical": [], "neutral": [], "pro": []}
    political = {"left": [], "center": [], "right": []}
    for source in story.brief.sources:
        e = source.establishment
        establishment["critical" if e < 2.5 else "pro" if e > 3.5 else "neutral"].append(source.n)
        political[source.lean_label or ("left" if source.lean < 2.5 else "right" if source.lean > 3.5 else "center")].append(source.n)
    story.brief.splits = Splits(establishment=establishment, political=political)


def _title(story: Story) -> None:
    """The user's title, else the title of the most central article that takes no side
    (an opinion piece's headline is a poor name for the story); else the most central one."""
    if story.options.title:
        story.brief.title = story.options.title
        return
    titled = [i for i, a in enumerate(story.articles) if a.title]
    if not titled:
        story.brief.title = "Story brief"
        return
    centre = story.article_vectors.sum(axis=0)
    best = max(titled, key=lambda i: (story.side_of.get(i) is None, float(story.article_vectors[i] @ centre), -i))
    story.brief.title = story.articles[best].title


def _notes(story: Story) -> None:
    n = len(story.articles)
    if n == 1:
        story.brief.notes.append("single source: nothing could be cross-checked; facts are that source's own checkable claims")
    if n > 1 and not story.brief.facts:
        story.brief.notes.append("no statement is reported by two or more sources: the evidence for shared facts is thin")


STEPS: list[tuple[str, Callable[[Story], None]]] = [
    ("sources", _sources),
    ("embed", _embed),
    ("off-topic", _drop_off_topic),
    ("sources-final", _sources),
    ("align", _align),
    ("stance", _stance),
    ("title", _title),
    ("facts", find_facts),
    ("narratives", write_narratives),
    ("disputes", _disputes),
    ("forecasts", _forecasts),
    ("timeline", _timeline),
    ("entities", _entities),
    ("coverage", coverage),
    ("splits", _splits),
    ("notes", _notes),
]


def build_brief(articles: list[Article], options: BriefOptions | None = None) -> Brief:
    return build_story(articles, options).brief


def build_story(articles: list[Article], options: BriefOptions | None = None) -> Story:
    """Run every step; the returned story holds the brief and the time each step took."""
    options = options or BriefOptions()
    kept, excluded = select.by_language(articles)
    kept, copies, dup_excluded = select.merge_duplicates(kept, options.duplicate_containment)
    story = Story(articles=kept, options=options)
    story.brief.excluded = excluded + dup_excluded
    story.brief.title = options.title or "Story brief"
    if not kept:
        story.brief.notes.append("no article could be used for the brief")
        return story
    for name, step in STEPS:
        started = time.perf_counter()
        step(story)
        story.timings[name] = story.timings.get(name, 0.0) + time.perf_counter() - started
    for source in story.brief.sources:
        source.copies = copies.get(source.id, [])
    return story
