"""Stories built incrementally: each new article joins the most similar recent story, or starts one.

An article is represented by one sentence-embedding vector (its title and opening, where a
news article says what the event is) and the set of entities it names. A story keeps the
sum of its members' vectors (its centroid, normalised on use) and how many members name
each entity. The score of an article against a story is

    mean cosine(article, members) + entity_weight * min(1, shared entities / 2)

(shared entities weighted by 1 / number of active stories naming them)

and the article joins the best story when the score reaches `threshold`. Only stories
active within `window_days` of the article's date (published, else ingest day) are
compared, so the cost per article depends on how many stories run at once, not on the size
of the store. States of active stories are kept in memory and written to the `stories`
table in the same transaction as the article.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import numpy as np

from ..model import Article

ENTITY_TYPES = ("PERSON", "ORG", "PLACE", "GROUP")
VECTOR_TEXT_CHARS = 1200  # the model reads about 256 word pieces; the opening is what names the event
MAX_ARTICLE_ENTITIES = 12
MAX_STORY_ENTITIES = 60


@dataclass(frozen=True)
class ClusterSettings:
    # Chosen on the first half of the AllSides roundups (evaluation.clustering), reported on the second half.
    window_days: int = 7
    threshold: float = 0.60
    entity_weight: float = 0.0  # shared entities did not help on the roundups (the vector already names them); kept tunable
    # "average": mean cosine to the members (sum . v / n), which stops a broad story from swallowing
    # its neighbours; "centroid": cosine to the normalised sum.
    linkage: str = "average"


def vector_text(article: Article) -> str:
    body = article.text[:VECTOR_TEXT_CHARS]
    return f"{article.title}.\n{body}" if article.title else body


def entity_keys(article: Article) -> list[str]:
    """The article's most-mentioned named entities, as lower-case keys."""
    named = [e for e in article.entities if e.type in ENTITY_TYPES and e.name.strip()]
    named.sort(key=lambda e: (-len(e.mentions), e.name))
    return sorted({e.name.strip().lower() for e in named[:MAX_ARTICLE_ENTITIES]})


def article_day(article: Article, ingested: datetime.date) -> int:
    """Day number of the article's own date when it has one (YYYY, YYYY-MM or YYYY-MM-DD), else of ingest."""
    value = (article.published or "")[:10]
    parts = value.split("-")
    try:
        if len(parts) >= 1 and parts[0].isdigit() and len(parts[0]) == 4:
            numbers = [int(p) for p in parts[:3]] + [1] * (3 - min(3, len(parts)))
            return datetime.date(*numbers[:3]).toordinal()
    except ValueError:
        pass
    return ingested.toordinal()


@dataclass
class StoryState:
    centroid: np.ndarray  # sum of member vectors
    entities: dict[str, int]
    first_day: int
    last_day: int
    n_articles: int
    title: str | None = None

    def unit(self) -> np.ndarray:
        norm = float(np.linalg.norm(self.centroid))
        return self.centroid / norm if norm else self.centroid


@dataclass
class Assignment:
    story_id: int | None  # None: start a new story
    score: float


@dataclass
class StoryClusterer:
    store: object
    settings: ClusterSettings = field(default_factory=ClusterSettings)
    _states: dict[int, StoryState] = field(default_factory=dict)

    def _state(self, db, story_id: int) -> StoryState:
        state = self._states.get(story_id)
        if state is None:
            centroid, entities, first, last, n = self.store.story_state(db, story_id)
            state = self._states[story_id] = StoryState(centroid, entities, first, last, n)
        return state

    def score(self, state: StoryState, vector: np.ndarray, entities: list[str], spread: dict[str, int] | None = None) -> float:
        if self.settings.linkage == "average":
            similarity = float(state.centroid @ vector) / max(1, state.n_articles)
        else:
            similarity = float(state.unit() @ vector)
        # An entity named by many active stories ("the president") says little; one named by this story alone says much.
        shared = sum(1.0 / (spread or {}).get(e, 1) for e in entities if e in state.entities)
        return similarity + self.settings.entity_weight * min(1.0, shared / 2)

    def assign(self, db, vector: np.ndarray, entities: list[str], day: int) -> Assignment:
        """The best active story for an article, or a new one; ties go to the older story."""
        best = Assignment(None, float("-inf"))
        candidates = [(story_id, self._state(db, story_id)) for story_id, n in self.store.active_stories(db, day, self.settings.window_days) if n]
        spread: dict[str, int] = {}
        for _, state in candidates:
            for e in entities:
                if e in state.entities:
                    spread[e] = spread.get(e, 0) + 1
        for story_id, state in candidates:
            score = self.score(state, vector, entities, spread)
            if score > best.score:
                best = Assignment(story_id, score)
        if best.story_id is None or best.score < self.settings.threshold:
            return Assignment(None, best.score if best.story_id is not None else 0.0)
        return best

    def add(self, db, story_id: int | None, article: Article, vector: np.ndarray, entities: list[str], day: int,
            score: float | None) -> int:
        """Put the article in `story_id` (or a new story) and save the story's new state."""
        if story_id is None:
            story_id = self.store.create_story(db, article.title, day, vector, {})
            self._states[story_id] = StoryState(np.zeros_like(vector), {}, day, day, 0)
            score = None
        state = self._state(db, story_id)
        state.centroid = state.centroid + vector
        for key in entities:
            state.entities[key] = state.entities.get(key, 0) + 1
        if len(state.entities) > MAX_STORY_ENTITIES:
            kept = sorted(state.entities.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_STORY_ENTITIES]
            state.entities = dict(kept)
        state.first_day, state.last_day = min(state.first_day, day), max(state.last_day, day)
        state.n_articles += 1
        self.store.link(db, story_id, article.id, score)
        self.store.save_story_state(db, story_id, state.centroid, state.entities, state.first_day, state.last_day, state.n_articles)
        return story_id

    def replace(self, db, story_id: int, old_vector: np.ndarray | None, new_vector: np.ndarray, old_id: str, new_id: str) -> None:
        """A new version of a member: swap its vector in the centroid and its link; the member count is unchanged."""
        state = self._state(db, story_id)
        if old_vector is not None:
            state.centroid = state.centroid - old_vector
        state.centroid = state.centroid + new_vector
        self.store.unlink(db, story_id, old_id)
        self.store.link(db, story_id, new_id, None)
        self.store.save_story_state(db, story_id, state.centroid, state.entities, state.first_day, state.last_day, state.n_articles)

    def forget_before(self, day: int) -> None:
        """Drop in-memory states of stories that can no longer receive articles near `day`."""
        horizon = day - 2 * self.settings.window_days
        for story_id in [s for s, state in self._states.items() if state.last_day < horizon]:
            del self._states[story_id]

    def reset(self) -> None:
        """After a rolled-back transaction the memory may be ahead of the database: reload on demand."""
        self._states.clear()
