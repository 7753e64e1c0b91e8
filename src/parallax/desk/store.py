"""The desk's store: one SQLite file in WAL mode, one writer, pooled readers.

Where: `--db FILE`, else the environment variable `PARALLAX_DB`, else `parallax.db` in
the current directory (`resolve_db_path`). The schema is versioned (`desk.schema`):
opening an older file migrates it. The sentence-embedding cache of the brief lives in
the same file (table `embedding`, written by `parallax.embed.EmbeddingCache`), so one
file is the whole desk.

Writing: `with store.transaction() as db:` runs `BEGIN IMMEDIATE` ... `COMMIT` on the one
writer connection (a lock serialises threads); an exception rolls everything back, so an
article is stored whole or not at all. Reading: `store.reader()` is a read-only
connection per thread; WAL lets readers see the last committed state while a writer
works, which is how the web app reads during ingest.

Read API for the web app and the CLI (every function returns plain dicts/lists, JSON-ready;
see `desk.queries` for the fields):

- `list_stories(limit=50, offset=0, since_day=None)`: stories, newest first, with `coverage`
  (per-side shares from the brief and left/center/right counts of publishers) and `blindspot`.
- `get_story(story_id)`: the story, its articles (copies and old versions marked) and its
  latest brief JSON (`brief`, `brief_stale`).
- `stories_json()`: what `parallax stories --json` prints.
- `get_article(article_id)`: the stored Article JSON plus `stories`, `versions`, `copies`,
  `duplicate_of`, `scores` (per story: lean, establishment, side, departs).
- `list_publishers()`, `get_publisher(name)`: ratings (table and learned) and score history;
  `publisher_articles(name, limit=50, offset=0)`.
- `search(query, limit=20)`: FTS5 over title and text; any user string is safe (it is quoted).
- `counts()`: numbers of articles, stories, publishers, briefs.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Iterator

import numpy as np

from ..errors import UsageError
from ..model import Article
from .queries import ReadAPI
from .schema import LATEST, migrate

DEFAULT_DB = "parallax.db"
ENV_DB = "PARALLAX_DB"


def resolve_db_path(db: str | Path | None = None) -> Path:
    """`--db` if given, else $PARALLAX_DB, else ./parallax.db."""
    return Path(db or os.environ.get(ENV_DB) or DEFAULT_DB)


def vector_blob(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def blob_vector(blob: bytes | None) -> np.ndarray | None:
    return None if blob is None else np.frombuffer(blob, dtype=np.float32)


class Store(ReadAPI):
    def __init__(self, path: str | Path, *, migrate_to: int = LATEST):
        self.path = Path(path)
        if self.path.is_dir():
            raise UsageError("is a directory; give a database file", where=str(self.path))
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._writer = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            self._writer.execute("PRAGMA journal_mode=WAL")
            self._writer.execute("PRAGMA synchronous=NORMAL")  # durable at each checkpoint; safe in WAL mode
            self.version = migrate(self._writer, migrate_to)
        except sqlite3.DatabaseError as error:
            raise UsageError(f"cannot open the database: {error}", where=str(self.path)) from None
        self._write_lock = threading.RLock()
        self._local = threading.local()
        self._readers: list[sqlite3.Connection] = []
        self._readers_lock = threading.Lock()

    @classmethod
    def open(cls, db: str | Path | None = None) -> "Store":
        return cls(resolve_db_path(db))

    # -- connections -------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All-or-nothing writes on the single writer connection."""
        with self._write_lock:
            self._writer.execute("BEGIN IMMEDIATE")
            try:
                yield self._writer
            except BaseException:
                self._writer.execute("ROLLBACK")
                raise
            self._writer.execute("COMMIT")

    def reader(self) -> sqlite3.Connection:
        """This thread's read-only connection (opened on first use)."""
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path.resolve()}?mode=ro", uri=True, check_same_thread=False, timeout=30)
            db.row_factory = sqlite3.Row
            self._local.db = db
            with self._readers_lock:
                self._readers.append(db)
        return db

    def close(self) -> None:
        with self._readers_lock:
            for db in self._readers:
                db.close()
            self._readers.clear()
        self._local = threading.local()
        with self._write_lock:
            self._writer.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # -- articles (write side; `db` is the connection of an open transaction) --

    def article_row(self, db: sqlite3.Connection, article_id: str):
        return db.execute("SELECT id, url, version, current, duplicate_of FROM articles WHERE id = ?", (article_id,)).fetchone()

    def latest_version(self, db: sqlite3.Connection, url: str):
        """(id, version) of the newest stored version of `url`, or None."""
        return db.execute("SELECT id, version FROM articles WHERE url = ? ORDER BY version DESC LIMIT 1", (url,)).fetchone()

    def insert_article(self, db: sqlite3.Connection, article: Article, *, origin: str, day: int, vector: np.ndarray | None,
                       minhash: bytes | None, version: int = 1, supersedes: str | None = None,
                       duplicate_of: str | None = None, duplicate_share: float | None = None) -> None:
        db.execute(
            "INSERT INTO articles (id, url, path, origin, title, publisher, published, day, ingested, version, supersedes,"
            " current, duplicate_of, duplicate_share, json, vector, minhash) VALUES (?,?,?,?,?,?,?,?,?,?,?,1,?,?,?,?,?)",
            (article.id, article.url, article.path, origin, article.title, article.publisher, article.published, day, time.time(),
             version, supersedes, duplicate_of, duplicate_share, json.dumps(article.to_dict(), ensure_ascii=False),
             None if vector is None else vector_blob(vector),
             minhash),
        )
        db.execute("INSERT INTO article_fts (title, text, article_id) VALUES (?, ?, ?)", (article.title or "", article.text, article.id))
        if article.publisher:
            db.execute("INSERT OR IGNORE INTO publishers (name, updated) VALUES (?, ?)", (article.publisher, time.time()))

    def retire_version(self, db: sqlite3.Connection, article_id: str) -> None:
        """An older version of a URL: kept for the record, out of search and of stories."""
        db.execute("UPDATE articles SET current = 0 WHERE id = ?", (article_id,))
        db.execute("DELETE FROM article_fts WHERE article_id = ?", (article_id,))

    def stories_of(self, db: sqlite3.Connection, article_id: str) -> list[int]:
        return [r[0] for r in db.execute("SELECT story_id FROM story_articles WHERE article_id = ? ORDER BY story_id", (article_id,))]

    def minhashes(self) -> Iterator[tuple[str, bytes]]:
        """(id, signature) of every current, original article: what the near-duplicate index is rebuilt from."""
        rows = self._writer.execute("SELECT id, minhash FROM articles WHERE current = 1 AND duplicate_of IS NULL AND minhash IS NOT NULL ORDER BY rowid")
        yield from rows

    def article_text(self, db: sqlite3.Connection, article_id: str) -> str:
        row = db.execute("SELECT json_extract(json, '$.text') FROM articles WHERE id = ?", (article_id,)).fetchone()
        return row[0] if row else ""

    def load_articles(self, ids: list[str], db: sqlite3.Connection | None = None) -> list[Article]:
        """Stored articles, in the order of `ids`."""
        from .records import article_from_dict

        db = db or self.reader()
        found = {}
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ",".join("?" * len(chunk))
            for article_id, text in db.execute(f"SELECT id, json FROM articles WHERE id IN ({marks})", chunk):
                found[article_id] = article_from_dict(json.loads(text))
        return [found[i] for i in ids if i in found]

    # -- stories ----------------------------------------------------------------

    ACTIVE_STORIES_SQL = "SELECT id, n_articles FROM stories WHERE last_day >= ? AND first_day <= ? ORDER BY +id"

    def active_stories(self, db: sqlite3.Connection, day: int, window: int) -> list[tuple[int, int]]:
        """(id, n_articles) of stories whose span comes within `window` days of `day`: the only clustering candidates.

        `ORDER BY +id`, not `ORDER BY id`: ordering by the primary key made SQLite scan the whole table
        in id order instead of using the `stories_window` index, so clustering slowed as the store grew.
        """
        return db.execute(self.ACTIVE_STORIES_SQL, (day - window, day + window)).fetchall()

    def story_state(self, db: sqlite3.Connection, story_id: int) -> tuple[np.ndarray, dict[str, int], int, int, int]:
        centroid, entities, first, last, n = db.execute(
            "SELECT centroid, entities, first_day, last_day, n_articles FROM stories WHERE id = ?", (story_id,)).fetchone()
        return np.frombuffer(centroid, dtype=np.float32).copy(), json.loads(entities), first, last, n

    def create_story(self, db: sqlite3.Connection, title: str | None, day: int, centroid: np.ndarray, entities: dict[str, int]) -> int:
        now = time.time()
        cursor = db.execute(
            "INSERT INTO stories (title, created, updated, first_day, last_day, n_articles, centroid, entities) VALUES (?,?,?,?,?,0,?,?)",
            (title, now, now, day, day, vector_blob(np.zeros_like(centroid)), "{}"))
        return int(cursor.lastrowid)

    def save_story_state(self, db: sqlite3.Connection, story_id: int, centroid: np.ndarray, entities: dict[str, int],
                         first_day: int, last_day: int, n_articles: int) -> None:
        db.execute("UPDATE stories SET centroid = ?, entities = ?, first_day = ?, last_day = ?, n_articles = ?, updated = ? WHERE id = ?",
                   (vector_blob(centroid), json.dumps(entities, sort_keys=True), first_day, last_day, n_articles, time.time(), story_id))

    def link(self, db: sqlite3.Connection, story_id: int, article_id: str, similarity: float | None) -> None:
        db.execute("INSERT OR IGNORE INTO story_articles (story_id, article_id, similarity, added) VALUES (?, ?, ?, ?)",
                   (story_id, article_id, similarity, time.time()))
        db.execute("UPDATE stories SET updated = ? WHERE id = ?", (time.time(), story_id))

    def unlink(self, db: sqlite3.Connection, story_id: int, article_id: str) -> None:
        db.execute("DELETE FROM story_articles WHERE story_id = ? AND article_id = ?", (story_id, article_id))

    def story_sources(self, story_id: int, db: sqlite3.Connection | None = None) -> list[str]:
        """Ids of a story's independent sources (current versions, not copies), oldest first."""
        db = db or self.reader()
        return [r[0] for r in db.execute(
            "SELECT a.id FROM story_articles s JOIN articles a ON a.id = s.article_id"
            " WHERE s.story_id = ? AND a.current = 1 AND a.duplicate_of IS NULL ORDER BY a.day, a.ingested, a.id", (story_id,))]

    def stale_stories(self) -> list[int]:
        """Stories whose brief is missing or older than their last new article."""
        return [r[0] for r in self._writer.execute(
            "SELECT s.id FROM stories s LEFT JOIN briefs b ON b.story_id = s.id"
            " WHERE s.n_articles > 0 AND (b.story_id IS NULL OR b.built < s.updated) ORDER BY s.id")]

    def save_brief(self, db: sqlite3.Connection, story_id: int, brief_json: str, n_articles: int, title: str | None,
                   coverage: dict, blindspot: str | None) -> None:
        now = time.time()
        db.execute("INSERT OR REPLACE INTO briefs (story_id, json, built, n_articles) VALUES (?, ?, ?, ?)", (story_id, brief_json, now, n_articles))
        db.execute("UPDATE stories SET title = coalesce(?, title), coverage = ?, blindspot = ? WHERE id = ?",
                   (title, json.dumps(coverage, sort_keys=True), blindspot, story_id))

    # -- publishers and scores --------------------------------------------------

    def save_publisher_rating(self, db: sqlite3.Connection, name: str, lean: float | None, establishment: float | None,
                              reliability: float | None, reason: str | None) -> None:
        db.execute(
            "INSERT INTO publishers (name, lean, establishment, reliability, reason, updated) VALUES (?,?,?,?,?,?)"
            " ON CONFLICT(name) DO UPDATE SET lean = excluded.lean, establishment = excluded.establishment,"
            " reliability = excluded.reliability, reason = excluded.reason, updated = excluded.updated",
            (name, lean, establishment, reliability, reason, time.time()))

    def publisher_rating(self, db: sqlite3.Connection, name: str) -> dict | None:
        row = db.execute("SELECT name, lean, establishment, reliability, reason, learned_lean, learned_establishment, learned_n"
                         " FROM publishers WHERE name = ?", (name,)).fetchone()
        if row is None:
            return None
        keys = ("name", "lean", "establishment", "reliability", "reason", "learned_lean", "learned_establishment", "learned_n")
        return dict(zip(keys, row))

    def save_scores(self, db: sqlite3.Connection, story_id: int, rows: list[dict]) -> None:
        db.execute("DELETE FROM article_scores WHERE story_id = ?", (story_id,))
        db.executemany(
            "INSERT INTO article_scores (article_id, story_id, publisher, day, lean, establishment, side, departs, built)"
            " VALUES (:article_id, :story_id, :publisher, :day, :lean, :establishment, :side, :departs, :built)",
            [{**row, "story_id": story_id, "built": time.time()} for row in rows])

    def refresh_learned(self, db: sqlite3.Connection, publishers: set[str]) -> None:
        """A publisher's learned scores: the mean over its articles' latest scores in every story."""
        for name in sorted(publishers):
            lean, establishment, n = db.execute(
                "SELECT avg(lean), avg(establishment), count(*) FROM article_scores WHERE publisher = ?", (name,)).fetchone()
            db.execute("UPDATE publishers SET learned_lean = ?, learned_establishment = ?, learned_n = ?, updated = ? WHERE name = ?",
                       (lean, establishment, n, time.time(), name))

    # -- feeds ------------------------------------------------------------------

    def feed_state(self, url: str) -> dict:
        row = self._writer.execute("SELECT etag, last_modified, next_poll, failures FROM feeds WHERE url = ?", (url,)).fetchone()
        if row is None:
            return {"etag": None, "last_modified": None, "next_poll": 0.0, "failures": 0}
        return dict(zip(("etag", "last_modified", "next_poll", "failures"), row))

    def save_feed_state(self, url: str, **values) -> None:
        columns = ("title", "etag", "last_modified", "last_polled", "next_poll", "failures", "last_error", "last_status")
        unknown = set(values) - set(columns)
        if unknown:
            raise ValueError(f"unknown feed columns: {unknown}")
        with self.transaction() as db:
            db.execute("INSERT OR IGNORE INTO feeds (url) VALUES (?)", (url,))
            if values:
                assignments = ", ".join(f"{k} = :{k}" for k in values)
                db.execute(f"UPDATE feeds SET {assignments} WHERE url = :url", {**values, "url": url})

    def has_url(self, url: str) -> bool:
        return self._writer.execute("SELECT 1 FROM articles WHERE url = ? LIMIT 1", (url,)).fetchone() is not None
