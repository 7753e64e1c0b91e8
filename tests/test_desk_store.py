"""The desk's store: idempotent ingest, versions, transactions, concurrent readers, migrations, copies, stories."""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import replace

import numpy as np
import pytest

from parallax.desk.desk import COPY, DUPLICATE, FAILED, NEW, UPDATED, Desk
from parallax.desk.schema import LATEST
from parallax.desk.store import Store
from parallax.model import Article
from parallax.pipeline import content_id, read_text

EXAMPLES = __import__("conftest").EXAMPLES


def synthetic_article(n: int, words: int = 60, url: str | None = None) -> Article:
    """An article of generated words (no real text), unique per `n`."""
    text = " ".join(f"word{(n * 7919 + i * 104729) % 100003}" for i in range(words)) + "."
    return Article(id=content_id(text), url=url or f"https://news.example/{n}", title=f"Item {n}", publisher="Example Wire",
                   published="2025-01-01", text=text)


def unit_vector(seed: int, dim: int = 384) -> np.ndarray:
    vector = np.random.default_rng(seed).normal(size=dim).astype(np.float32)
    return vector / np.linalg.norm(vector)


@pytest.fixture(scope="module")
def example_articles():
    from parallax.ingest import collect
    from parallax.options import ReadOptions
    from parallax.pipeline import Context, read_raw

    options = ReadOptions(manifest=EXAMPLES / "manifest.csv")
    articles = list(read_raw(list(collect([str(EXAMPLES)], options)), Context(options=options)))
    assert len(articles) == 6
    return articles


@pytest.fixture()
def store(tmp_path):
    with Store(tmp_path / "desk.db") as opened:
        yield opened


def _count(store, table: str) -> int:
    return store.reader().execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_example_corpus_is_one_story_and_ingest_is_idempotent(store, example_articles):
    desk = Desk(store)
    first = desk.add(example_articles)
    assert [o.status for o in first] == [NEW] * 6
    assert len({s for o in first for s in o.stories}) == 1
    again = desk.add(example_articles)
    assert [o.status for o in again] == [DUPLICATE] * 6
    assert _count(store, "articles") == 6
    (story,) = store.list_stories()
    assert story["n_articles"] == 6 and story["first_date"] == "2025-03-03"
    hits = store.search("spillway gates")
    assert hits and all("[" in h["snippet"] for h in hits)
    assert store.search('") OR 1=1 --') == []  # operators in user input are quoted, not run


def test_changed_text_at_the_same_url_is_a_new_version(store, example_articles):
    desk = Desk(store)
    desk.add(example_articles)
    original = example_articles[0]
    text = original.text + "\n\nUpdate: officials said the count would be revised on Friday."
    changed = replace(original, text=text, id=content_id(text))
    (outcome,) = desk.add([changed])
    assert outcome.status == UPDATED
    stored = store.get_article(changed.id)
    assert stored["version"] == 2 and stored["current"]
    assert [v["id"] for v in stored["versions"]] == [original.id, changed.id]
    assert not store.get_article(original.id)["current"]
    story = store.get_story(outcome.stories[0])
    assert story["n_articles"] == 6  # the new version replaces the old one; it is not a seventh source
    assert changed.id in store.story_sources(story["id"]) and original.id not in store.story_sources(story["id"])
    assert {h["id"] for h in store.search("revised")} == {changed.id}


def test_a_failure_inside_the_transaction_leaves_nothing_behind(store, monkeypatch):
    desk = Desk(store)
    desk.add_one(synthetic_article(1), "one", unit_vector(1))

    def broken_link(*args, **kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "link", broken_link)
    monkeypatch.setenv("PARALLAX_DEBUG", "")
    outcome = desk.add_one(synthetic_article(2), "two", unit_vector(2))
    assert outcome.status == FAILED
    assert _count(store, "articles") == 1 and _count(store, "article_fts") == 1 and _count(store, "stories") == 1
    monkeypatch.undo()
    assert desk.add_one(synthetic_article(2), "two", unit_vector(2)).status == NEW
    assert _count(store, "articles") == 2


def test_readers_see_committed_state_while_the_writer_inserts(store):
    desk = Desk(store)
    seen, errors = [], []
    done = threading.Event()

    def read_loop():
        try:
            while not done.is_set():
                # One statement is one snapshot: an article and its search entry appear together or not at all.
                articles, indexed = store.reader().execute(
                    "SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM article_fts)").fetchone()
                assert articles == indexed
                seen.append(articles)
                store.list_stories()
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    reader = threading.Thread(target=read_loop)
    reader.start()
    for n in range(60):
        desk.add_one(synthetic_article(n), str(n), unit_vector(n))
    done.set()
    reader.join()
    assert not errors
    assert seen == sorted(seen) and seen[-1] <= 60 and len(seen) > 1
    assert store.counts()["articles"] == 60


def test_opening_a_version_1_database_migrates_it(tmp_path):
    path = tmp_path / "old.db"
    with Store(path, migrate_to=1) as old:
        assert old.version == 1
        with old.transaction() as db:
            db.execute("INSERT INTO articles (id, origin, title, day, ingested, json) VALUES ('a1', 'x', 'Old title', 1, 0, ?)",
                       ('{"id": "a1", "text": "a reservoir report from the old schema"}',))
    with Store(path) as new:
        assert new.version == LATEST
        assert [h["id"] for h in new.search("reservoir")] == ["a1"]  # the search index was filled from old rows
        assert new.counts()["feeds"] == 0
    with sqlite3.connect(path) as db:
        assert db.execute("SELECT version FROM schema_version").fetchone()[0] == LATEST


def test_a_syndicated_copy_is_stored_noted_and_not_counted(store, example_articles):
    desk = Desk(store)
    desk.add(example_articles)
    wire = example_articles[0]
    text = "Republished with permission.\n\n" + wire.text + "\n\nShare this story with a friend."
    copy = replace(wire, text=text, id=content_id(text), url="https://other-outlet.example/wire-copy", publisher="Other Outlet")
    (outcome,) = desk.add([copy])
    assert outcome.status == COPY and outcome.duplicate_of == wire.id
    story = store.get_story(outcome.stories[0])
    assert story["n_articles"] == 6 and story["n_copies"] == 1
    assert copy.id not in store.story_sources(story["id"])
    listed = {a["id"]: a for s in store.stories_json() for a in s["articles"]}
    assert listed[copy.id]["duplicate_of"] == wire.id
    assert [c["id"] for c in store.get_article(wire.id)["copies"]] == [copy.id]


def test_separate_events_make_separate_stories(store, data_dir):
    from parallax.evaluation.clustering import load_roundup_articles
    from parallax.options import ReadOptions
    from parallax.pipeline import Context, read_raw

    items = [i for i in load_roundup_articles(data_dir) if i["story"] < 4]
    articles = list(read_raw([i["raw"] for i in items], Context(options=ReadOptions(corpus_stats=False))))
    outcomes = Desk(store).add(articles)
    found = [o.stories[0] for o in outcomes]
    truth = [i["story"] for i in items]
    for a in range(len(items)):
        for b in range(len(items)):
            if truth[a] != truth[b]:  # different events are never merged
                assert found[a] != found[b], (items[a]["raw"].origin, items[b]["raw"].origin)
    together = sum(found[a] == found[b] for a in range(len(items)) for b in range(a + 1, len(items)) if truth[a] == truth[b])
    pairs = sum(truth[a] == truth[b] for a in range(len(items)) for b in range(a + 1, len(items)))
    assert together / pairs >= 0.6  # most articles of one event end up together (a story may split in two)
    assert len(set(found)) <= 2 * len(set(truth))


def test_clustering_only_compares_stories_in_the_time_window(store):
    desk = Desk(store)
    vector = unit_vector(7)
    early = replace(synthetic_article(1), published="2025-01-01")
    late = replace(synthetic_article(2), published="2025-03-01")  # same vector, two months later
    assert desk.add_one(early, "early", vector).stories != desk.add_one(late, "late", vector).stories
    close = replace(synthetic_article(3), published="2025-03-04")
    assert desk.add_one(close, "close", vector).stories == store.stories_of(store.reader(), late.id)


def test_read_text_articles_round_trip_through_the_store(store):
    article = read_text("The river authority said on Monday that the levee held. Crews worked through the night.",
                        origin="note.txt")
    Desk(store).add_one(article, "note.txt", unit_vector(3))
    (loaded,) = store.load_articles([article.id])
    assert loaded == article


def test_clustering_candidates_come_from_the_window_index_not_a_table_scan(tmp_path):
    # A full scan here makes clustering cost grow with the store (found by bench/desk.py at 5,000 articles).
    with Store(tmp_path / "plan.db") as store:
        plan = store.reader().execute("EXPLAIN QUERY PLAN " + Store.ACTIVE_STORIES_SQL, (0, 14)).fetchall()
    details = " ".join(row[-1] for row in plan)
    assert "stories_window" in details and "SCAN stories" not in details, details


def test_ingest_stores_each_embedding_batch_as_it_is_read(store, monkeypatch):
    # A large ingest must not hold every article read: each EMBED_BATCH is stored before more are read,
    # in the same batches and order as reading everything first would give.
    from parallax import pipeline
    from parallax.desk import desk as desk_module
    from parallax.model import RawInput
    from parallax.options import ReadOptions

    monkeypatch.setattr(desk_module, "EMBED_BATCH", 2)
    monkeypatch.setattr(desk_module, "get_embedder", lambda: type("Fixed", (), {
        "encode": staticmethod(lambda texts: [unit_vector(len(t)) for t in texts])})())
    monkeypatch.setattr(pipeline, "READ_BATCH", 1)
    read_so_far = [0]
    real_read_raw = pipeline.read_raw

    def counting_read_raw(*args, **kwargs):
        for result in real_read_raw(*args, **kwargs):
            read_so_far[0] += 1
            yield result

    monkeypatch.setattr(pipeline, "read_raw", counting_read_raw)
    read_when_stored = []
    real_add = Desk.add
    monkeypatch.setattr(Desk, "add", lambda self, articles, origins=None: (
        read_when_stored.append((read_so_far[0], len(list(articles)))) or real_add(self, articles, origins)))

    texts = [f"The council of Town{n} met on Monday and approved budget line {n} after a debate about roads." for n in range(5)]
    raws = [RawInput(origin=f"note{n}.txt", text=text, format="text") for n, text in enumerate(texts)]
    raws.insert(2, RawInput(origin="noise.txt", text="Subscribe to our newsletter\n", format="text"))
    summary = Desk(store).ingest(raws, ReadOptions(), briefs=False)
    assert summary.failed == 1 and _count(store, "articles") == 5
    # (documents read when each batch was stored, batch size): the noise-only input fails between them
    assert read_when_stored == [(2, 2), (5, 2), (6, 1)]
