"""The store's read API: what the web app and the `stories` command show.

Every function reads through `self.reader()` (a read-only connection per thread) and
returns plain dicts and lists that `json.dumps` accepts. Field names:

- story summary: id, title, created, updated, first_date, last_date, n_articles (independent
  sources), n_copies, coverage ({"sides": [{side, label, share, sources}], "lean": {left, center, right}}
  or null before the first brief), blindspot (side key or null).
- article summary: id, url, path, title, publisher, published, version, current, duplicate_of.
"""

from __future__ import annotations

import datetime
import json
import re

_SEARCH_TOKEN = re.compile(r"\w+", re.UNICODE)


def day_to_date(day: int | None) -> str | None:
    return datetime.date.fromordinal(day).isoformat() if day else None


def _story_summary(row) -> dict:
    return {
        "id": row["id"], "title": row["title"], "created": row["created"], "updated": row["updated"],
        "first_date": day_to_date(row["first_day"]), "last_date": day_to_date(row["last_day"]),
        "n_articles": row["n_articles"], "n_copies": row["n_copies"],
        "coverage": json.loads(row["coverage"]) if row["coverage"] else None, "blindspot": row["blindspot"],
    }


def _article_summary(row) -> dict:
    keys = row.keys()
    out = {k: row[k] for k in ("id", "url", "path", "title", "publisher", "published", "version", "current", "duplicate_of") if k in keys}
    out["current"] = bool(out.get("current", 1))
    return out


_STORY_COLUMNS = ("s.id, s.title, s.created, s.updated, s.first_day, s.last_day, s.n_articles, s.coverage, s.blindspot,"
                  " (SELECT count(*) FROM story_articles x JOIN articles a ON a.id = x.article_id"
                  "  WHERE x.story_id = s.id AND a.duplicate_of IS NOT NULL) AS n_copies")
_ARTICLE_COLUMNS = "a.id, a.url, a.path, a.title, a.publisher, a.published, a.version, a.current, a.duplicate_of"


def fts_query(text: str) -> str | None:
    """A user's words as an FTS5 query: every word quoted (no operator injection), all required."""
    words = _SEARCH_TOKEN.findall(text)
    return " ".join(f'"{w}"' for w in words[:32]) or None


class ReadAPI:
    """Mixed into `Store`; needs `self.reader()`."""

    def list_stories(self, limit: int = 50, offset: int = 0, since_day: int | None = None) -> list[dict]:
        db = self.reader()
        where = "WHERE s.n_articles > 0" + (" AND s.last_day >= ?" if since_day is not None else "")
        params = ([since_day] if since_day is not None else []) + [int(limit), int(offset)]
        rows = db.execute(f"SELECT {_STORY_COLUMNS} FROM stories s {where} ORDER BY s.updated DESC, s.id DESC LIMIT ? OFFSET ?", params)
        return [_story_summary(r) for r in rows]

    def story_articles(self, story_id: int) -> list[dict]:
        rows = self.reader().execute(
            f"SELECT {_ARTICLE_COLUMNS}, x.similarity FROM story_articles x JOIN articles a ON a.id = x.article_id"
            " WHERE x.story_id = ? ORDER BY a.day, a.ingested, a.id", (story_id,))
        return [{**_article_summary(r), "similarity": r["similarity"]} for r in rows]

    def get_story(self, story_id: int) -> dict | None:
        db = self.reader()
        row = db.execute(f"SELECT {_STORY_COLUMNS} FROM stories s WHERE s.id = ?", (story_id,)).fetchone()
        if row is None:
            return None
        story = _story_summary(row)
        story["articles"] = self.story_articles(story_id)
        brief = db.execute("SELECT json, built, n_articles FROM briefs WHERE story_id = ?", (story_id,)).fetchone()
        story["brief"] = json.loads(brief["json"]) if brief else None
        story["brief_built"] = brief["built"] if brief else None
        story["brief_stale"] = brief is None or brief["built"] < row["updated"]
        return story

    def stories_json(self) -> list[dict]:
        """`parallax stories --json`: [{id, title, updated, articles: [{id, path or url, title, publisher}]}]."""
        out = []
        for story in self.list_stories(limit=1_000_000):
            articles = []
            for a in self.story_articles(story["id"]):
                if not a["current"]:
                    continue
                entry = {"id": a["id"]}
                entry["url" if a["url"] else "path"] = a["url"] or a["path"]
                entry.update(title=a["title"], publisher=a["publisher"])
                if a["duplicate_of"]:
                    entry["duplicate_of"] = a["duplicate_of"]
                articles.append(entry)
            out.append({"id": story["id"], "title": story["title"], "updated": story["updated"], "articles": articles})
        return out

    def get_article(self, article_id: str) -> dict | None:
        db = self.reader()
        row = db.execute("SELECT json, url, version, current, duplicate_of, duplicate_share, ingested, day FROM articles WHERE id = ?",
                         (article_id,)).fetchone()
        if row is None:
            return None
        out = json.loads(row["json"])
        out.update(version=row["version"], current=bool(row["current"]), duplicate_of=row["duplicate_of"],
                   duplicate_share=row["duplicate_share"], ingested=row["ingested"], date=day_to_date(row["day"]))
        out["stories"] = [r[0] for r in db.execute("SELECT story_id FROM story_articles WHERE article_id = ? ORDER BY story_id", (article_id,))]
        out["versions"] = ([_article_summary(r) for r in db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.url = ? ORDER BY a.version", (row["url"],))] if row["url"] else [])
        out["copies"] = [_article_summary(r) for r in db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.duplicate_of = ? ORDER BY a.ingested", (article_id,))]
        out["scores"] = [dict(r) for r in db.execute(
            "SELECT story_id, lean, establishment, side, departs FROM article_scores WHERE article_id = ? ORDER BY story_id", (article_id,))]
        return out

    def list_publishers(self) -> list[dict]:
        rows = self.reader().execute(
            "SELECT p.*, (SELECT count(*) FROM articles a WHERE a.publisher = p.name AND a.current = 1) AS n_articles"
            " FROM publishers p ORDER BY n_articles DESC, p.name")
        return [_publisher(r) for r in rows]

    def get_publisher(self, name: str) -> dict | None:
        db = self.reader()
        row = db.execute("SELECT p.*, (SELECT count(*) FROM articles a WHERE a.publisher = p.name AND a.current = 1) AS n_articles"
                         " FROM publishers p WHERE p.name = ?", (name,)).fetchone()
        if row is None:
            return None
        out = _publisher(row)
        out["history"] = [{"date": day_to_date(r["day"]), "article_id": r["article_id"], "story_id": r["story_id"], "lean": r["lean"],
                           "establishment": r["establishment"], "side": r["side"], "departs": r["departs"]}
                          for r in db.execute("SELECT * FROM article_scores WHERE publisher = ? ORDER BY day, article_id", (name,))]
        return out

    def publisher_articles(self, name: str, limit: int = 50, offset: int = 0) -> list[dict]:
        rows = self.reader().execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a WHERE a.publisher = ? AND a.current = 1 ORDER BY a.day DESC, a.id LIMIT ? OFFSET ?",
            (name, int(limit), int(offset)))
        return [_article_summary(r) for r in rows]

    def search(self, query: str, limit: int = 20) -> list[dict]:
        """Articles matching every word of `query`, best first, with a snippet ([...] marks the matches)."""
        match = fts_query(query)
        if match is None:
            return []
        rows = self.reader().execute(
            "SELECT f.article_id AS id, snippet(article_fts, 1, '[', ']', '…', 16) AS snippet, bm25(article_fts) AS rank,"
            " a.title, a.publisher, a.published, a.url, a.path FROM article_fts f JOIN articles a ON a.id = f.article_id"
            " WHERE article_fts MATCH ? ORDER BY rank, a.id LIMIT ?", (match, int(limit)))
        return [dict(r) for r in rows]

    def counts(self) -> dict:
        db = self.reader()
        return {table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                for table in ("articles", "stories", "publishers", "briefs", "feeds")}


def _publisher(row) -> dict:
    keys = row.keys()
    return {k: row[k] for k in ("name", "lean", "establishment", "reliability", "reason", "learned_lean", "learned_establishment",
                                "learned_n", "n_articles") if k in keys}
