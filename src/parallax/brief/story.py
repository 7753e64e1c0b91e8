"""The story: the working object every brief step reads and writes (the brief's spine)."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..align import Unit
from ..model import Article, Brief, Evidence


@dataclass
class BriefOptions:
    """One options object for the brief."""

    title: str | None = None
    forecasts_file: str | None = None
    cache: bool | str = False  # embedding cache: False, True (default file) or a path
    fact_threshold: float = 0.56  # agreement score (align.agreement_pairs) above which two sentences say the same thing
    link_floor: float = 0.48  # every two members of a fact's cluster must agree at least this much
    max_facts: int = 15
    narrative_words: int = 120
    offtopic_threshold: float = 0.30  # article-to-story cosine below which an article does not belong
    duplicate_containment: float = 0.8  # share of an article's word 5-grams found in an earlier one


@dataclass
class Story:
    articles: list[Article]  # the sources of the brief, in order: source n is articles[n - 1]
    options: BriefOptions = field(default_factory=BriefOptions)
    brief: Brief = field(default_factory=Brief)
    units: list[Unit] = field(default_factory=list)
    vectors: np.ndarray | None = None  # one row per unit
    article_vectors: np.ndarray | None = None  # one row per article (mean of its units)
    clusters: list[list[int]] = field(default_factory=list)  # unit indices, >= 2 sources each
    side_of: dict[int, str | None] = field(default_factory=dict)  # article index -> side key
    timings: dict[str, float] = field(default_factory=dict)

    def claims_of(self, unit_index: int) -> list:
        """Every claim inside a unit's sentence (the claims stage may split a sentence into clauses)."""
        unit = self.units[unit_index]
        return [c for c in self.articles[unit.source].claims if c.start < unit.end and c.end > unit.start]

    def evidence(self, unit_index: int) -> Evidence:
        unit = self.units[unit_index]
        article = self.articles[unit.source]
        return Evidence(source=unit.source + 1, start=unit.start, end=unit.end, quote=article.text[unit.start:unit.end])

    def span_evidence(self, article_index: int, start: int, end: int) -> Evidence:
        return Evidence(source=article_index + 1, start=start, end=end, quote=self.articles[article_index].text[start:end])
