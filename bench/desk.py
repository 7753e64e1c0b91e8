"""Desk benchmark: build a store of real articles and time ingest as the store grows.

The store is what `bench/serve.py` serves: at least 5,000 real articles, read by the
reading pipeline, embedded by the desk's embedder and stored with `Desk.add_one` (the
same steps as `Desk.add` / `parallax ingest`, split so that each is timed apart):

  read     `parallax.pipeline.read_raw` on the slice's RawInputs
  embed    `get_embedder().encode(vector_text(a))`, batches of 64 (what `Desk.add` does)
  store    `Desk.add_one`: near-duplicate lookup, insert, clustering, one transaction each
           (with `cluster` = `StoryClusterer.assign` + `.add` and `dedup` = the LSH lookup
           timed inside it)

Inputs, in date order (news arrives in time; the clusterer only compares stories active
within its window, so the order matters for its cost): every article of
allsides-roundups/dev.jsonl (real three-sided stories) and the earliest articles of
article-bias/train.jsonl.gz with a YYYY-MM-DD date, up to `--n` in all.

Figures come in slices of `--slice` (default 1,000) articles: ingest articles/s (wall, and
per CPU second of this process: the honest figure on a shared machine), ms per article for
each part, and the clustering cost per article with the number of candidate
stories it compared, to show that it depends on the stories active at once and not on
the size of the store (no quadratic growth).

Resumable: inputs whose origin is already stored are skipped, and the slice figures of
earlier runs are kept in `<db>.bench.json`, so a killed run goes on where it stopped.
`--briefs K` then builds the briefs of the K largest stories without one (the story pages
the serving benchmark opens) and reports seconds per brief and the estimated cost of all.

    python bench/desk.py [--db /tmp/parallax-bench.db] [--n 5000] [--slice 1000] [--briefs 12]
                         [--threads 1] [--fresh] [--data DIR] [--json | --markdown]
"""

from __future__ import annotations

import os
import sys

# Embedding dominates; hold numeric libraries to --threads (set before torch is imported).
_THREADS = "1"
for _i, _arg in enumerate(sys.argv):
    if _arg == "--threads" and _i + 1 < len(sys.argv):
        _THREADS = sys.argv[_i + 1]
    elif _arg.startswith("--threads="):
        _THREADS = _arg.split("=", 1)[1]
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, _THREADS)
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import gzip  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import re  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(os.environ.get("PARALLAX_SHARED", ROOT.parent / "shared")) / "data"
DEFAULT_DB = "/tmp/parallax-bench.db"
EMBED_BATCH = 64
ISO_DAY = re.compile(r"\A\d{4}-\d{2}-\d{2}")
now = time.perf_counter


class BenchError(Exception):
    """Missing data or a broken setup: reported in one line, exit code 2."""


# --------------------------------------------------------------------------- inputs

def roundup_inputs(data: Path) -> list:
    """Every article of the AllSides roundups (title + paragraphs), dated by its story."""
    from parallax.model import Hints, RawInput

    path = data / "allsides-roundups" / "dev.jsonl"
    if not path.is_file():
        raise BenchError(f"{path}: not found (use --data DIR)")
    raws = []
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            story = json.loads(line)
            day = (story.get("date") or "")[:10]
            for k, article in enumerate(story.get("articles") or []):
                body = "\n\n".join(p for p in article.get("body") or [] if p)
                if not body.strip():
                    continue
                title = (article.get("title") or "").strip()
                hints = Hints(title=title or None, url=article.get("url") or None, publisher=article.get("source") or None,
                              published=day if ISO_DAY.match(day) else None)
                raws.append(RawInput(origin=f"allsides:{story.get('id')}:{k}", text=body, format="text", hints=hints,
                                     group=article.get("source") or None))
    return raws


def article_bias_inputs(data: Path, n: int) -> list:
    """The `n` earliest articles (by date, then id) of article-bias/train.jsonl.gz that carry a full date."""
    from parallax.model import Hints, RawInput

    path = data / "article-bias" / "train.jsonl.gz"
    if not path.is_file():
        raise BenchError(f"{path}: not found (use --data DIR)")
    records = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            day = record.get("date") or ""
            if ISO_DAY.match(day) and (record.get("content") or "").strip():
                records.append((day[:10], record["id"], record))
    records.sort(key=lambda r: (r[0], r[1]))
    raws = []
    for day, record_id, record in records[:n]:
        title = (record.get("title") or "").strip()
        hints = Hints(title=title or None, url=record.get("url") or None, publisher=record.get("source") or None, published=day)
        raws.append(RawInput(origin=f"article-bias:{record_id}", text=record["content"], format="text", hints=hints,
                             group=record.get("source") or None))
    return raws


def bench_inputs(data: Path, n: int) -> list:
    """Roundups first in the budget (real stories), filled up with article-bias; the whole in date order."""
    roundups = roundup_inputs(data)[:n]
    raws = roundups + article_bias_inputs(data, max(0, n - len(roundups)))
    raws.sort(key=lambda r: (r.hints.published or "", r.origin))
    return raws


# --------------------------------------------------------------------------- timing

class PartClock:
    """Adds up the seconds spent in wrapped callables, by name (instance attributes only, nothing global)."""

    def __init__(self):
        self.seconds: Counter = Counter()
        self.candidates: list[int] = []

    def wrap(self, owner, name: str, key: str) -> None:
        fn = getattr(owner, name)

        def timed(*args, **kwargs):
            started, cpu_started = now(), time.thread_time()
            try:
                return fn(*args, **kwargs)
            finally:
                self.seconds[key] += now() - started
                # CPU time of this thread: wall time on a shared machine also counts other jobs' turns.
                self.seconds[f"{key}_cpu"] += time.thread_time() - cpu_started
        setattr(owner, name, timed)

    def count_candidates(self, store) -> None:
        """Record how many stories each clustering compared (the active stories within the window)."""
        fn = store.active_stories

        def counted(*args, **kwargs):
            rows = fn(*args, **kwargs)
            self.candidates.append(len(rows))
            return rows
        store.active_stories = counted

    def take(self) -> tuple[Counter, list[int]]:
        seconds, candidates = self.seconds, self.candidates
        self.seconds, self.candidates = Counter(), []
        return seconds, candidates


def reading_context():
    from parallax.options import ReadOptions
    from parallax.pipeline import Context

    return Context(options=ReadOptions())


def store_counts(store) -> dict:
    db = store.reader()
    return {
        "articles": db.execute("SELECT count(*) FROM articles").fetchone()[0],
        "stories": db.execute("SELECT count(*) FROM stories WHERE n_articles > 0").fetchone()[0],
        "briefs": db.execute("SELECT count(*) FROM briefs").fetchone()[0],
        # The WAL holds what is not checkpointed yet: count it too.
        "db_mb": round(sum(os.path.getsize(p) for p in (store.path, Path(f"{store.path}-wal")) if p.exists()) / 1e6, 1),
    }


def stored_origins(store) -> set[str]:
    return {row[0] for row in store.reader().execute("SELECT origin FROM articles")}


def run_slice(desk, clock: PartClock, ctx, raws: list) -> dict:
    """Read, embed and store one slice; the figures of each part."""
    from parallax.desk.cluster import vector_text
    from parallax.embed import get_embedder
    from parallax.errors import ParallaxError
    from parallax.pipeline import StageFailure, read_raw

    cpu = [time.process_time()]  # CPU time of this process at each part's end: honest on a shared machine
    started = now()
    articles, origins, failed = [], [], []
    for raw, result in zip(raws, read_raw(raws, ctx)):
        if isinstance(result, (StageFailure, ParallaxError)):
            failed.append(f"{raw.origin}: {getattr(result, 'error', result)}")
        else:
            articles.append(result)
            origins.append(raw.origin)
    read_s = now() - started
    cpu.append(time.process_time())

    started = now()
    embedder = get_embedder()
    vectors = []
    for i in range(0, len(articles), EMBED_BATCH):
        vectors.extend(embedder.encode([vector_text(a) for a in articles[i:i + EMBED_BATCH]]))
    embed_s = now() - started
    cpu.append(time.process_time())

    clock.take()
    started = now()
    statuses = Counter(desk.add_one(a, o, v).status for a, o, v in zip(articles, origins, vectors))
    store_s = now() - started
    cpu.append(time.process_time())
    parts, candidates = clock.take()

    n = len(raws)
    total = read_s + embed_s + store_s
    per = (lambda s: round(1000 * s / max(1, n), 3))
    return {
        "inputs": n, "stored": sum(statuses.values()), "read_failed": len(failed), "statuses": dict(sorted(statuses.items())),
        "seconds": {"read": round(read_s, 3), "embed": round(embed_s, 3), "store": round(store_s, 3), "total": round(total, 3)},
        "articles_per_second": round(n / total, 1) if total else None,
        "cpu_seconds": {part: round(cpu[k + 1] - cpu[k], 3) for k, part in enumerate(("read", "embed", "store"))},
        "cpu_articles_per_second": round(n / (cpu[-1] - cpu[0]), 1) if cpu[-1] > cpu[0] else None,
        "ms_per_article": {"read": per(read_s), "embed": per(embed_s), "store": per(store_s),
                           "cluster": per(parts["cluster"]), "dedup": per(parts["dedup"]), "total": per(total)},
        "cpu_ms_per_article": {"cluster": per(parts["cluster_cpu"]), "dedup": per(parts["dedup_cpu"])},
        "candidates_mean": round(sum(candidates) / len(candidates), 1) if candidates else 0,
        "candidates_max": max(candidates, default=0),
        "failures": failed[:3],
    }


# --------------------------------------------------------------------------- briefs

def build_briefs(desk, k: int) -> dict:
    """Briefs of the `k` largest stories without one; seconds each, and the estimated cost of every story."""
    db = desk.store.reader()
    missing = db.execute(
        "SELECT s.id, s.n_articles FROM stories s LEFT JOIN briefs b ON b.story_id = s.id"
        " WHERE s.n_articles > 0 AND b.story_id IS NULL ORDER BY s.n_articles DESC, s.id LIMIT ?", (k,)).fetchall()
    built = []
    for story_id, n_articles in missing:
        started = now()
        desk.rebuild_briefs([story_id])
        built.append({"story": story_id, "sources": n_articles, "seconds": round(now() - started, 2)})
    sources_all, stories_all = db.execute("SELECT coalesce(sum(n_articles), 0), count(*) FROM stories WHERE n_articles > 0").fetchone()
    seconds = sum(b["seconds"] for b in built)
    sources = sum(b["sources"] for b in built)
    per_source = seconds / sources if sources else None
    return {
        "built": built, "seconds": round(seconds, 1),
        "seconds_per_source": round(per_source, 3) if per_source else None,
        # Cost of a brief grows with its sources (its sentences are embedded); one story of one source is cheap
        # but not free, so this is an estimate from the stories built here.
        "estimated_all_seconds": round(per_source * sources_all) if per_source else None,
        "stories_all": stories_all, "sources_all": sources_all,
    }


# --------------------------------------------------------------------------- report

def machine() -> str:
    memory = ""
    try:
        with open("/proc/meminfo") as info:
            kb = int(info.readline().split()[1])
            memory = f", {kb / 1024 / 1024:.0f} GB"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def print_table(result: dict) -> None:
    print(f"store {result['db']}: {result['counts']}")
    header = f"{'slice':>5} {'in store':>9} {'art/s':>7} {'read':>7} {'embed':>7} {'store':>7} {'cluster':>8} {'dedup':>7} {'cand':>6} {'max':>5}"
    print(header + "   (ms per article)")
    for s in result["slices"]:
        ms = s["ms_per_article"]
        print(f"{s['slice']:>5} {s['store_after']:>9} {s['articles_per_second'] or 0:>7.1f} {ms['read']:>7.2f} {ms['embed']:>7.2f}"
              f" {ms['store']:>7.2f} {ms['cluster']:>8.3f} {ms['dedup']:>7.3f} {s['candidates_mean']:>6} {s['candidates_max']:>5}")
        for failure in s.get("failures") or []:
            print(f"      read failed: {failure}")
    growth = result.get("cluster_growth")
    if growth is not None:
        print(f"clustering ms/article, last slice / first slice: {growth} (quadratic growth would scale with the store)")
    briefs = result.get("briefs")
    if briefs:
        print(f"briefs: {len(briefs['built'])} built in {briefs['seconds']} s ({briefs['seconds_per_source']} s per source);"
              f" all {briefs['stories_all']} stories ({briefs['sources_all']} sources) would take about {briefs['estimated_all_seconds']} s")


def print_markdown(result: dict) -> None:
    print(f"### Desk ingest ({result['date']})\n")
    print(f"`{result['command']}` on {result['machine']}; {result['threads']} thread(s) for numeric libraries.\n")
    print("| slice | articles in store | ingest articles/s (per CPU second) | read ms/art | embed ms/art | store ms/art | cluster ms/art | dedup ms/art | candidate stories (mean / max) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for s in result["slices"]:
        ms = s["ms_per_article"]
        per_cpu = f" ({s['cpu_articles_per_second']})" if s.get("cpu_articles_per_second") else ""
        cluster_cpu = f" ({s['cpu_ms_per_article']['cluster']} CPU)" if s.get("cpu_ms_per_article") else ""
        print(f"| {s['slice']} | {s['store_after']} | {s['articles_per_second']}{per_cpu} | {ms['read']} | {ms['embed']} | {ms['store']} |"
              f" {ms['cluster']}{cluster_cpu} | {ms['dedup']} | {s['candidates_mean']} / {s['candidates_max']} |")
    print(f"\nStore: {result['counts']}.")
    briefs = result.get("briefs")
    if briefs:
        print(f"Briefs: {len(briefs['built'])} built in {briefs['seconds']} s ({briefs['seconds_per_source']} s per source); "
              f"all {briefs['stories_all']} stories would take about {briefs['estimated_all_seconds']} s.")


# --------------------------------------------------------------------------- main

def load_history(path: Path) -> dict:
    if path.is_file():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    return {"slices": []}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default=DEFAULT_DB, help=f"the store to build or extend (default {DEFAULT_DB})")
    parser.add_argument("--n", type=int, default=5000, help="articles in the store when done (default 5000)")
    parser.add_argument("--slice", type=int, default=1000, help="articles per measured slice (default 1000)")
    parser.add_argument("--briefs", type=int, default=12, help="build the briefs of the K largest stories without one (default 12; 0: none)")
    parser.add_argument("--threads", type=int, default=1, help="threads for numeric libraries (default 1)")
    parser.add_argument("--fresh", action="store_true", help="delete the store and its figures first")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print everything as JSON")
    out.add_argument("--markdown", action="store_true", help="print a section for docs/BENCHMARKS.md")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    db_path = Path(args.db)
    history_path = Path(f"{db_path}.bench.json")
    if args.fresh:
        for path in (db_path, Path(f"{db_path}-wal"), Path(f"{db_path}-shm"), history_path):
            path.unlink(missing_ok=True)
    try:
        raws = bench_inputs(args.data, args.n)
    except BenchError as error:
        print(f"bench/desk.py: {error}", file=sys.stderr)
        return 2

    import torch

    torch.set_num_threads(max(1, args.threads))
    from parallax.desk.desk import Desk
    from parallax.desk.store import Store

    history = load_history(history_path)
    log = (lambda line: print(line, file=sys.stderr, flush=True))
    with Store(db_path) as store:
        clock = PartClock()
        started = now()
        desk = Desk(store)
        clock.wrap(desk.clusterer, "assign", "cluster")
        clock.wrap(desk.clusterer, "add", "cluster")
        clock.wrap(desk.duplicates, "find", "dedup")
        clock.count_candidates(store)
        done = stored_origins(store)
        todo = [raw for raw in raws if raw.origin not in done]
        log(f"{len(raws)} inputs, {len(raws) - len(todo)} already stored, {len(todo)} to ingest into {db_path}")
        ctx = reading_context()
        if todo:
            from parallax.embed import get_embedder
            from parallax.pipeline import read_raw

            # Loading the model and the reading resources is start-up, not ingest throughput (one context: a long ingest).
            get_embedder().encode(["warm-up"])
            list(read_raw(todo[:3], ctx))
            log(f"model and reading resources loaded in {now() - started:.1f} s")
        for i in range(0, len(todo), args.slice):
            record = run_slice(desk, clock, ctx, todo[i:i + args.slice])
            record["slice"] = len(history["slices"]) + 1
            record["store_after"] = store_counts(store)["articles"]
            record["date"] = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
            history["slices"].append(record)
            history_path.write_text(json.dumps(history, indent=1), encoding="utf-8")  # resumable figures
            log(f"slice {record['slice']}: {record['store_after']} stored, {record['articles_per_second']} articles/s,"
                f" cluster {record['ms_per_article']['cluster']} ms/article ({record['candidates_mean']} candidate stories)")
        briefs = build_briefs(desk, args.briefs) if args.briefs > 0 else None
        counts = store_counts(store)

    slices = history["slices"]
    first = next((s for s in slices if s["ms_per_article"]["cluster"]), None)
    growth = round(slices[-1]["ms_per_article"]["cluster"] / first["ms_per_article"]["cluster"], 2) if first else None
    result = {
        "date": dt.date.today().isoformat(), "machine": machine(), "threads": args.threads, "db": str(db_path),
        "command": "python bench/desk.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "counts": counts, "slices": slices, "cluster_growth": growth, "briefs": briefs,
    }
    if briefs is not None:
        history["briefs"] = briefs
        history_path.write_text(json.dumps(history, indent=1), encoding="utf-8")
    if args.json:
        json.dump(result, sys.stdout, indent=1)
        print()
    elif args.markdown:
        print_markdown(result)
    else:
        print_table(result)
    return 0


if __name__ == "__main__":
    sys.exit(main())
