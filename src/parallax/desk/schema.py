"""The store's schema, as an ordered list of migrations.

`schema_version` holds one row: the number of migrations applied. Opening a database
applies the missing ones in order, each in its own transaction, so an old file is
brought up to date and a failed migration leaves the file at the last good version.
Never edit a migration that has shipped: add a new one at the end.
"""

from __future__ import annotations

import sqlite3
from typing import Callable


def _run(db: sqlite3.Connection, script: str) -> None:
    """Run statements one by one: `executescript` would commit the migration's transaction first."""
    pending = ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            db.execute(pending)
            pending = ""
    if pending.strip():
        raise ValueError(f"incomplete SQL statement in a migration: {pending.strip()[:80]}")


def _v1_core(db: sqlite3.Connection) -> None:
    """Articles, publishers, stories, briefs and the embedding cache."""
    _run(db, """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,           -- Article.id: hash of the cleaned text
        url TEXT,
        path TEXT,
        origin TEXT NOT NULL,          -- what the user or the feed named
        title TEXT,
        publisher TEXT,
        published TEXT,
        day INTEGER NOT NULL,          -- day number (date.toordinal) of `published`, else of ingest: the story window
        ingested REAL NOT NULL,        -- unix time
        version INTEGER NOT NULL DEFAULT 1,  -- 2, 3... for changed versions of the same URL
        supersedes TEXT,               -- id of the previous version of the same URL
        current INTEGER NOT NULL DEFAULT 1,  -- 0 once a newer version of its URL arrived
        duplicate_of TEXT,             -- a near-duplicate (syndicated copy) of this article
        duplicate_share REAL,          -- share of its word 5-grams found in that article
        json TEXT NOT NULL,            -- the Article as `parallax read --json` prints it
        vector BLOB,                   -- float32 unit vector used for clustering
        minhash BLOB                   -- uint64 MinHash signature used for near-duplicates
    );
    CREATE INDEX articles_url ON articles(url, version);
    CREATE INDEX articles_publisher ON articles(publisher, day);
    CREATE INDEX articles_day ON articles(day);

    CREATE TABLE publishers (
        name TEXT PRIMARY KEY,
        lean REAL,                     -- 1 left .. 5 right, from the user's table
        establishment REAL,            -- 1 critical .. 5 pro-establishment, from the user's table
        reliability REAL,              -- 1 low .. 5 high, from the user's table
        reason TEXT,                   -- why the table rates it so
        updated REAL
    );

    CREATE TABLE stories (
        id INTEGER PRIMARY KEY,
        title TEXT,
        created REAL NOT NULL,
        updated REAL NOT NULL,
        first_day INTEGER NOT NULL,
        last_day INTEGER NOT NULL,
        n_articles INTEGER NOT NULL DEFAULT 0,  -- independent sources (copies and old versions excluded)
        centroid BLOB NOT NULL,        -- float32 sum of member vectors (normalised on use)
        entities TEXT NOT NULL DEFAULT '{}'  -- JSON {entity key: number of member articles naming it}
    );
    CREATE INDEX stories_window ON stories(last_day, first_day);

    CREATE TABLE story_articles (
        story_id INTEGER NOT NULL REFERENCES stories(id),
        article_id TEXT NOT NULL REFERENCES articles(id),
        similarity REAL,               -- the score with which it joined
        added REAL NOT NULL,
        PRIMARY KEY (story_id, article_id)
    );
    CREATE INDEX story_articles_article ON story_articles(article_id);

    CREATE TABLE briefs (
        story_id INTEGER PRIMARY KEY REFERENCES stories(id),
        json TEXT NOT NULL,
        built REAL NOT NULL,
        n_articles INTEGER NOT NULL    -- stories.n_articles when built: a brief is stale when they differ
    );

    -- Same layout as parallax.embed.EmbeddingCache, which the brief uses on this file.
    CREATE TABLE IF NOT EXISTS embedding (key TEXT PRIMARY KEY, model TEXT NOT NULL, vector BLOB NOT NULL);
    """)


def _v2_search_and_scores(db: sqlite3.Connection) -> None:
    """Full-text search, per-article scores (publisher pages), learned publisher scores, story coverage."""
    _run(db, """
    CREATE VIRTUAL TABLE article_fts USING fts5(title, text, article_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO article_fts (title, text, article_id)
        SELECT coalesce(title, ''), json_extract(json, '$.text'), id FROM articles WHERE current = 1;

    CREATE TABLE article_scores (
        article_id TEXT NOT NULL,
        story_id INTEGER NOT NULL,
        publisher TEXT,
        day INTEGER NOT NULL,
        lean REAL,
        establishment REAL,
        side TEXT,
        departs TEXT,                  -- why this article departs from its outlet's usual stance, or NULL
        built REAL NOT NULL,
        PRIMARY KEY (article_id, story_id)
    );
    CREATE INDEX article_scores_publisher ON article_scores(publisher, day);

    ALTER TABLE publishers ADD COLUMN learned_lean REAL;
    ALTER TABLE publishers ADD COLUMN learned_establishment REAL;
    ALTER TABLE publishers ADD COLUMN learned_n INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE stories ADD COLUMN coverage TEXT;  -- JSON: per-side shares and left/center/right counts
    ALTER TABLE stories ADD COLUMN blindspot TEXT;  -- the side that covers it almost alone, or NULL
    """)


def _v3_feeds(db: sqlite3.Connection) -> None:
    """Polling state per feed: validators for conditional requests and back-off after errors."""
    _run(db, """
    CREATE TABLE feeds (
        url TEXT PRIMARY KEY,
        title TEXT,
        etag TEXT,
        last_modified TEXT,
        last_polled REAL,
        next_poll REAL NOT NULL DEFAULT 0,
        failures INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        last_status INTEGER
    );
    """)


MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1_core, _v2_search_and_scores, _v3_feeds]
LATEST = len(MIGRATIONS)


def current_version(db: sqlite3.Connection) -> int:
    db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
    row = db.execute("SELECT version FROM schema_version").fetchone()
    return row[0] if row else 0


def migrate(db: sqlite3.Connection, upto: int = LATEST) -> int:
    """Apply the missing migrations up to `upto`; returns the version reached. `db` must be in autocommit mode."""
    version = current_version(db)
    if version > LATEST:
        from ..errors import UsageError

        raise UsageError(f"this database has schema version {version}, newer than this Parallax understands ({LATEST}); upgrade Parallax")
    for number in range(version + 1, upto + 1):
        db.execute("BEGIN IMMEDIATE")
        try:
            MIGRATIONS[number - 1](db)
            db.execute("DELETE FROM schema_version")
            db.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
    return max(version, upto)
