"""Putting read articles into the store: versions, copies, stories and briefs.

`Desk(store).add(articles)` stores each article in its own transaction, in order:

1. the same text already stored (same content id): a duplicate, nothing is written;
2. a new text at a URL already stored: a new version; the old one is retired (kept, out of
   search) and the new one takes its place in its stories;
3. most of its text is in a stored article (MinHash LSH, `desk.dedup`): a copy, stored with
   `duplicate_of` and linked to the original's stories, never counted as a source;
4. otherwise a new article, which joins the most similar recent story or starts one
   (`desk.cluster`).

A failure inside a transaction rolls the whole article back and resets the in-memory
indexes, so nothing half-written remains. `rebuild_briefs()` then rebuilds the brief of every
story that got new articles, and with it the per-article scores, the publishers' learned
scores and the stories' coverage.
"""

from __future__ import annotations

import datetime
import json
import os
import sys
from dataclasses import dataclass, field
from typing import Callable, Iterable

import numpy as np

from ..embed import get_embedder
from ..errors import report_bug
from ..model import Article
from .cluster import ClusterSettings, StoryClusterer, article_day, entity_keys, vector_text
from .dedup import NearDuplicates, shingles, signature, to_blob
from .publishers import coverage_of, departure

NEW, UPDATED, DUPLICATE, COPY, FAILED = "new", "updated", "duplicate", "copy", "failed"
EMBED_BATCH = 64


@dataclass
class Outcome:
    article_id: str
    status: str  # new, updated, duplicate (same text), copy (near-duplicate), failed
    stories: list[int] = field(default_factory=list)
    duplicate_of: str | None = None
    new_story: bool = False


@dataclass
class Summary:
    new: int = 0
    updated: int = 0
    duplicate: int = 0  # same text again, and near-duplicate copies (stored and noted, not counted as sources)
    failed: int = 0
    stories_new: int = 0
    stories_grown: int = 0
    briefs: int = 0

    def count(self, outcome: Outcome) -> None:
        if outcome.status in (DUPLICATE, COPY):
            self.duplicate += 1
        elif outcome.status == FAILED:
            self.failed += 1
        else:
            setattr(self, outcome.status, getattr(self, outcome.status) + 1)

    def line(self) -> str:
        return (f"{self.new} new, {self.updated} updated, {self.duplicate} duplicate, {self.failed} failed; "
                f"stories: {self.stories_new} new, {self.stories_grown} grown; briefs rebuilt: {self.briefs}")


class Desk:
    def __init__(self, store, settings: ClusterSettings | None = None, today: Callable[[], datetime.date] | None = None):
        self.store = store
        self.clusterer = StoryClusterer(store, settings or ClusterSettings())
        self.duplicates = NearDuplicates(store)
        self.today = today or datetime.date.today

    # -- storing ----------------------------------------------------------------

    def add(self, articles: Iterable[Article], origins: Iterable[str] | None = None) -> list[Outcome]:
        """Store articles (already read), in batches so their vectors are embedded together."""
        articles = list(articles)
        origins = list(origins) if origins is not None else [a.url or a.path or a.id for a in articles]
        outcomes = []
        for i in range(0, len(articles), EMBED_BATCH):
            batch = articles[i:i + EMBED_BATCH]
            vectors = get_embedder().encode([vector_text(a) for a in batch])
            for article, origin, vector in zip(batch, origins[i:i + EMBED_BATCH], vectors):
                outcomes.append(self.add_one(article, origin, vector))
        return outcomes

    def add_one(self, article: Article, origin: str, vector: np.ndarray) -> Outcome:
        grams = shingles(article.text)
        minhash = signature(grams)
        try:
            with self.store.transaction() as db:
                outcome = self._store(db, article, origin, vector, grams, minhash)
        except Exception as error:
            self.clusterer.reset()
            self.duplicates.reset()
            if os.environ.get("PARALLAX_DEBUG"):
                raise
            report_bug(origin, error)
            return Outcome(article.id, FAILED)
        if outcome.status in (NEW, UPDATED):
            self.duplicates.add(article.id, minhash)
        return outcome

    def _store(self, db, article: Article, origin: str, vector: np.ndarray, grams, minhash) -> Outcome:
        if self.store.article_row(db, article.id) is not None:
            return Outcome(article.id, DUPLICATE, self.store.stories_of(db, article.id))
        day = article_day(article, self.today())
        entities = entity_keys(article)
        blob = to_blob(minhash)
        previous = self.store.latest_version(db, article.url) if article.url else None
        if previous is not None:
            return self._new_version(db, article, origin, vector, blob, day, entities, previous)
        copied = self.duplicates.find(db, article.text, grams, minhash)
        if copied is not None:
            original, share = copied
            self.store.insert_article(db, article, origin=origin, day=day, vector=vector, minhash=blob,
                                      duplicate_of=original, duplicate_share=share)
            stories = self.store.stories_of(db, original)
            for story_id in stories:
                self.store.link(db, story_id, article.id, share)
            return Outcome(article.id, COPY, stories, duplicate_of=original)
        self.store.insert_article(db, article, origin=origin, day=day, vector=vector, minhash=blob)
        return self._cluster(db, article, vector, entities, day, NEW)

    def _new_version(self, db, article, origin, vector, blob, day, entities, previous) -> Outcome:
        old_id, old_version = previous
        old_vector = db.execute("SELECT vector FROM articles WHERE id = ?", (old_id,)).fetchone()[0]
        self.store.insert_article(db, article, origin=origin, day=day, vector=vector, minhash=blob,
                                  version=old_version + 1, supersedes=old_id)
        self.store.retire_version(db, old_id)
        self.duplicates.remove(old_id)
        stories = self.store.stories_of(db, old_id)
        if not stories:
            return self._cluster(db, article, vector, entities, day, UPDATED)
        old = np.frombuffer(old_vector, dtype=np.float32) if old_vector is not None else None
        for story_id in stories:
            self.clusterer.replace(db, story_id, old, vector, old_id, article.id)
        return Outcome(article.id, UPDATED, stories)

    def _cluster(self, db, article, vector, entities, day, status) -> Outcome:
        assignment = self.clusterer.assign(db, vector, entities, day)
        story_id = self.clusterer.add(db, assignment.story_id, article, vector, entities, day, assignment.score)
        self.clusterer.forget_before(day)
        return Outcome(article.id, status, [story_id], new_story=assignment.story_id is None)

    def ingest(self, items: Iterable, options, *, progress: bool = False, briefs: bool = True,
               summary: Summary | None = None) -> Summary:
        """Read `RawInput`s (an `InputError` among them is reported and counted as failed), store them, rebuild briefs."""
        from ..errors import ParallaxError, report, report_read_failure
        from ..pipeline import Context, StageFailure, read_raw

        summary = summary or Summary()
        raws = []
        for item in items:
            if isinstance(item, ParallaxError):
                report(item)
                summary.failed += 1
            else:
                raws.append(item)
        # Each EMBED_BATCH of articles is stored as soon as it is read (the same batches, in the same order, as
        # when all were read first), so an ingest read by one process holds one batch of articles, not all of
        # them. (Forked readers, `--jobs`, may run ahead of the storing: their results wait in the pool's queue.)
        articles, origins, outcomes = [], [], []
        with _progress(len(raws), progress) as bar:
            for raw, result in zip(raws, read_raw(raws, Context(options=options))):
                if isinstance(result, (StageFailure, ParallaxError)):
                    with bar.external_write_mode(file=sys.stderr):  # a line of its own, not glued to the bar
                        report_read_failure(result)
                    summary.failed += 1
                    bar.update(1)
                else:
                    articles.append(result)
                    origins.append(raw.origin)
                    if len(articles) == EMBED_BATCH:
                        outcomes.extend(self.add(articles, origins))
                        bar.update(len(articles))
                        articles, origins = [], []
            if articles:
                outcomes.extend(self.add(articles, origins))
                bar.update(len(articles))
        summarise(outcomes, summary)
        if briefs:
            summary.briefs += self.rebuild_briefs(touched_stories(outcomes))
        return summary

    # -- briefs -----------------------------------------------------------------

    def rebuild_briefs(self, story_ids: Iterable[int] | None = None) -> int:
        """Rebuild the briefs of the given stories (default: every story with a missing or stale brief)."""
        ids = sorted(set(story_ids)) if story_ids is not None else self.store.stale_stories()
        built = 0
        for story_id in ids:
            try:
                self.rebuild_brief(story_id)
                built += 1
            except Exception as error:  # one story's bug must not stop the others
                if os.environ.get("PARALLAX_DEBUG"):
                    raise
                report_bug(f"story {story_id}", error)
        return built

    def rebuild_brief(self, story_id: int):
        from ..brief import BriefOptions, build_story

        db = self.store.reader()
        sources = self.store.story_sources(story_id, db)
        copies = [r[0] for r in db.execute(
            "SELECT a.id FROM story_articles s JOIN articles a ON a.id = s.article_id"
            " WHERE s.story_id = ? AND a.current = 1 AND a.duplicate_of IS NOT NULL ORDER BY a.ingested, a.id", (story_id,))]
        articles = self.store.load_articles(sources + copies, db)
        story = build_story(articles, BriefOptions(cache=str(self.store.path)))
        brief = story.brief
        days = dict(db.execute(f"SELECT id, day FROM articles WHERE id IN ({','.join('?' * len(sources)) or 'NULL'})", sources).fetchall())
        with self.store.transaction() as wdb:
            ratings = {p: self.store.publisher_rating(wdb, p) for p in {s.publisher for s in brief.sources if s.publisher}}
            rows = [{"article_id": s.id, "publisher": s.publisher, "day": days.get(s.id, 0), "lean": s.lean,
                     "establishment": s.establishment, "side": s.side,
                     "departs": departure(ratings.get(s.publisher or ""), s.lean, s.establishment)} for s in brief.sources]
            self.store.save_scores(wdb, story_id, rows)
            self.store.refresh_learned(wdb, set(ratings))
            ratings = {p: self.store.publisher_rating(wdb, p) for p in ratings}
            coverage, blindspot = coverage_of(brief, ratings)
            self.store.save_brief(wdb, story_id, json.dumps(brief.to_dict(), ensure_ascii=False), len(sources),
                                  brief.title or None, coverage, blindspot)
        return story


def _progress(total: int, enabled: bool):
    """A progress bar on stderr when it is a terminal; otherwise a silent stand-in."""
    import sys

    from tqdm import tqdm

    return tqdm(total=total, unit="article", file=sys.stderr, disable=not (enabled and sys.stderr.isatty()), leave=False)


def summarise(outcomes: list[Outcome], summary: Summary | None = None) -> Summary:
    summary = summary or Summary()
    grown: set[int] = set()
    created: set[int] = set()
    for outcome in outcomes:
        summary.count(outcome)
        if outcome.new_story:
            created.update(outcome.stories)
        elif outcome.status in (NEW, UPDATED):
            grown.update(outcome.stories)
    summary.stories_new += len(created)
    summary.stories_grown += len(grown - created)
    return summary


def touched_stories(outcomes: list[Outcome]) -> set[int]:
    return {s for o in outcomes if o.status in (NEW, UPDATED, COPY) for s in o.stories}


def brief_of_story(db, story_id: int):
    """(Brief, its source articles in source order) of a stored story; rebuilt first when missing or stale.

    `db` is a `Store` or a database path (None: $PARALLAX_DB or ./parallax.db).
    """
    from ..errors import UsageError
    from .records import brief_from_dict
    from .store import Store

    store = db if isinstance(db, Store) else Store.open(db)
    row = store.reader().execute(
        "SELECT s.updated, s.n_articles, b.json, b.built FROM stories s LEFT JOIN briefs b ON b.story_id = s.id WHERE s.id = ?",
        (int(story_id),)).fetchone()
    if row is None or not row["n_articles"]:
        raise UsageError(f"no story {story_id} in this database (see `parallax stories`)", where=str(store.path))
    if row["json"] is None or row["built"] < row["updated"]:
        story = Desk(store).rebuild_brief(int(story_id))
        return story.brief, story.articles
    brief = brief_from_dict(json.loads(row["json"]))
    return brief, store.load_articles([source.id for source in brief.sources])
