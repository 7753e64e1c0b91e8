"""Brief benchmark: how long a story brief takes, where the time goes, how much memory it needs.

  seeds  the five seed articles: cold (a fresh process: Python start, imports, reading,
         model loading, brief), warm (a second read + brief in the same process), and
         with the on-disk embedding cache: a cold run that fills it and a cold run that
         hits it. Time per brief step (`Story.timings`) and per reading stage.
  sizes  briefs of N articles from article-bias/valid.jsonl.gz (default 100 and 500), one
         fresh process per size: time, peak memory (ru_maxrss), time per sentence, and the
         ratio of the brief to its design floor, "load the model + embed the same sentences".

The articles of a size run are not one story: the off-topic step and clustering are
exercised, which is the point for timing. Targets (from the issue): the brief at most 2x
the floor, at most 1.5 GB at 500 articles, time growing about linearly with sentences.

Every measurement runs in a child process (`--child ...`) that prints one JSON line, so
memory and cold-start figures are those of that process alone. Numeric libraries are held
to `--threads` threads (default 1, as in bench/read.py: one core).

    python bench/brief.py [--sizes 100,500] [--only seeds|sizes] [--threads 1] [--data DIR] [--json | --markdown]
"""

from __future__ import annotations

import os
import sys

_CHILD = "--child" in sys.argv
_STARTED_AT_IMPORT = __import__("time").perf_counter()


def _limit_threads(argv: list[str]) -> None:
    threads = argv[argv.index("--threads") + 1] if "--threads" in argv else "1"
    for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[var] = threads
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


_limit_threads(sys.argv)

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import tempfile  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

from read import DEFAULT_DATA, BenchError, StageClock, emit, load_text_inputs, machine, pipeline_position  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
FLOOR_TARGET_RATIO = 2.0
MEMORY_TARGET_MB = 1536
MEMORY_TARGET_SIZE = 500
CHILD_TIMEOUT = 3600


# --------------------------------------------------------------------------- child side

def peak_memory_mb() -> float:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux: kilobytes


def read_articles(raws, ctx, clock: StageClock | None = None) -> tuple[list, dict]:
    """Read `raws`; return the articles and the seconds per reading stage."""
    from parallax.model import Article
    from parallax.pipeline import read_raw

    if clock is not None:
        clock.reset()
    articles = [a for a in read_raw(raws, ctx) if isinstance(a, Article)]
    stages = {} if clock is None else {k: round(v, 4) for k, v in
                                       sorted(clock.seconds.items(), key=lambda kv: pipeline_position(kv[0]))}
    return articles, stages


def brief_run(articles, cache) -> dict:
    from parallax.brief import BriefOptions, build_story

    started = time.perf_counter()
    story = build_story(articles, BriefOptions(cache=cache))
    seconds = time.perf_counter() - started
    return {"seconds": round(seconds, 3), "steps": {k: round(v, 4) for k, v in story.timings.items()},
            "sources": len(story.brief.sources), "units": len(story.units), "facts": len(story.brief.facts),
            "excluded": len(story.brief.excluded)}


def child_seeds(args) -> dict:
    """One cold seeds brief (and, without a cache, a warm one after it) in this fresh process."""
    imports_started = time.perf_counter()
    from parallax.ingest import collect
    from parallax.model import RawInput
    from parallax.options import ReadOptions
    from parallax.pipeline import Context

    result = {"imports_seconds": round(time.perf_counter() - imports_started, 3)}
    seeds = args.data.parent / "seeds"
    started = time.perf_counter()
    raws = [r for r in collect([str(seeds)], ReadOptions()) if isinstance(r, RawInput)]
    result["ingest_seconds"] = round(time.perf_counter() - started, 3)
    if not raws:
        raise BenchError(f"{seeds}: no seed articles")
    cache = args.cache or False
    with StageClock() as clock:
        ctx = Context(options=ReadOptions())
        started = time.perf_counter()
        articles, stages = read_articles(raws, ctx, clock)
        result["cold"] = {"read_seconds": round(time.perf_counter() - started, 3), "read_stages": stages,
                          "brief": brief_run(articles, cache)}
        if args.warm:
            started = time.perf_counter()
            articles, stages = read_articles(raws, ctx, clock)
            result["warm"] = {"read_seconds": round(time.perf_counter() - started, 3), "read_stages": stages,
                              "brief": brief_run(articles, cache)}
    result["articles"] = len(articles)
    result["in_process_seconds"] = round(time.perf_counter() - _STARTED_AT_IMPORT, 3)
    result["peak_memory_mb"] = peak_memory_mb()
    return result


def child_size(args) -> dict:
    """A brief of the first `n` article-bias articles, then its floor: load the model, embed the same sentences.

    The model is loaded (and timed) first, as the first step of both the brief and the
    floor, so that neither side is charged the import of torch twice or once only.
    """
    from parallax.align import collect_units
    from parallax.embed import get_embedder
    from parallax.options import ReadOptions
    from parallax.pipeline import Context

    raws = load_text_inputs(args.data, args.n)
    started = time.perf_counter()
    articles, _ = read_articles(raws, Context(options=ReadOptions()))
    read_seconds = time.perf_counter() - started
    embedder = get_embedder()
    started = time.perf_counter()
    model = embedder.model
    load_seconds = time.perf_counter() - started
    brief = brief_run(articles, False)
    memory_after_brief = peak_memory_mb()

    texts = [u.text for u in collect_units(articles)]
    started = time.perf_counter()
    model.encode(texts, batch_size=embedder.batch_size, normalize_embeddings=True, convert_to_numpy=True,
                 show_progress_bar=False)
    embed_seconds = time.perf_counter() - started
    return {"articles": len(articles), "requested": args.n, "read_seconds": round(read_seconds, 3),
            "brief": brief, "sentences_embedded": len(texts), "peak_memory_mb": memory_after_brief,
            "floor": {"model_load_seconds": round(load_seconds, 3), "embed_seconds": round(embed_seconds, 3),
                      "seconds": round(load_seconds + embed_seconds, 3)}}


# --------------------------------------------------------------------------- parent side

def run_child(args, *extra: str) -> tuple[dict, float]:
    """Run this script as `--child ...` in a fresh interpreter; return its JSON and the wall time."""
    command = [sys.executable, str(Path(__file__).resolve()), "--child", *extra, "--data", str(args.data),
               "--threads", str(args.threads)]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, timeout=CHILD_TIMEOUT, cwd=ROOT)
    wall = time.perf_counter() - started
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        tail = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise BenchError(f"child {' '.join(extra)} failed (exit {done.returncode}): {tail}")
    return json.loads(lines[-1]), round(wall, 3)


def bench_seeds(args) -> dict:
    plain, plain_wall = run_child(args, "seeds", "--warm")
    with tempfile.TemporaryDirectory(prefix="parallax-bench-") as folder:
        cache = str(Path(folder) / "embeddings.sqlite")
        filling, filling_wall = run_child(args, "seeds", "--cache", cache)
        hitting, hitting_wall = run_child(args, "seeds", "--cache", cache)
    return {
        "articles": plain["articles"],
        "cold": {"wall_seconds": plain_wall, **{k: plain[k] for k in ("imports_seconds", "ingest_seconds", "peak_memory_mb")},
                 **plain["cold"]},
        "warm": plain["warm"],
        "cache_fill": {"wall_seconds": filling_wall, "brief_seconds": filling["cold"]["brief"]["seconds"],
                       "embed_seconds": filling["cold"]["brief"]["steps"].get("embed"),
                       "steps": filling["cold"]["brief"]["steps"]},
        "cache_hit": {"wall_seconds": hitting_wall, "brief_seconds": hitting["cold"]["brief"]["seconds"],
                      "embed_seconds": hitting["cold"]["brief"]["steps"].get("embed"),
                       "steps": hitting["cold"]["brief"]["steps"]},
    }


def bench_sizes(args) -> dict:
    out = {}
    for n in args.sizes:
        result, wall = run_child(args, "size", "--n", str(n))
        brief, floor = result["brief"], result["floor"]
        # Both sides carry the one model load, timed before the brief.
        whole = floor["model_load_seconds"] + brief["seconds"]
        result["brief_to_floor"] = round(whole / floor["seconds"], 2) if floor["seconds"] else None
        result["ms_per_sentence"] = round(1000 * brief["seconds"] / max(brief["units"], 1), 3)
        result["wall_seconds"] = wall
        out[str(n)] = result
    return out


def add_verdicts(result: dict) -> None:
    sizes = result.get("sizes") or {}
    for n, size in sizes.items():
        size["meets_floor_target"] = size["brief_to_floor"] is not None and size["brief_to_floor"] <= FLOOR_TARGET_RATIO
        if int(n) == MEMORY_TARGET_SIZE:
            size["meets_memory_target"] = size["peak_memory_mb"] <= MEMORY_TARGET_MB
    if len(sizes) >= 2:
        small, large = sorted(sizes, key=int)[0], sorted(sizes, key=int)[-1]
        a, b = sizes[small]["ms_per_sentence"], sizes[large]["ms_per_sentence"]
        result["growth"] = {"from": int(small), "to": int(large), "ms_per_sentence": [a, b],
                            "ratio": round(b / a, 2) if a else None}


# --------------------------------------------------------------------------- report

def verdict(ok: bool | None) -> str:
    return "" if ok is None else ("met" if ok else "MISSED")


def steps_line(steps: dict, top: int = 5) -> str:
    ranked = sorted(steps.items(), key=lambda kv: -kv[1])[:top]
    return ", ".join(f"{name} {seconds:.3f}" for name, seconds in ranked)


def rows(result: dict) -> list[tuple[str, str, str, str]]:
    out = []
    seeds = result.get("seeds")
    if seeds:
        cold, warm = seeds["cold"], seeds["warm"]
        out += [
            (f"seeds ({seeds['articles']} articles), cold: whole process", f"{cold['wall_seconds']:.2f} s", "", ""),
            ("  imports / ingest / read / brief", f"{cold['imports_seconds']:.2f} / {cold['ingest_seconds']:.2f} / "
             f"{cold['read_seconds']:.2f} / {cold['brief']['seconds']:.2f} s", "", ""),
            ("  slowest brief steps (s)", steps_line(cold["brief"]["steps"]), "", ""),
            ("  peak memory", f"{cold['peak_memory_mb']:.0f} MB", "", ""),
            ("seeds, warm: read + brief", f"{warm['read_seconds']:.3f} + {warm['brief']['seconds']:.3f} s", "", ""),
            ("  slowest brief steps (s)", steps_line(warm["brief"]["steps"]), "", ""),
            ("  reading stages (s)", steps_line(warm["read_stages"], top=8), "", ""),
            ("seeds, cold, filling the embedding cache", f"{seeds['cache_fill']['wall_seconds']:.2f} s "
             f"(embed step {seeds['cache_fill']['embed_seconds']:.3f} s)", "", ""),
            ("seeds, cold, hitting the embedding cache", f"{seeds['cache_hit']['wall_seconds']:.2f} s "
             f"(embed step {seeds['cache_hit']['embed_seconds']:.3f} s)", "", ""),
            ("  slowest brief steps (s)", steps_line(seeds["cache_hit"]["steps"]), "", ""),
        ]
    for n, size in (result.get("sizes") or {}).items():
        brief, floor = size["brief"], size["floor"]
        out += [
            (f"{n} articles ({brief['units']} sentences, {size['articles']} read)", f"brief {brief['seconds']:.2f} s, "
             f"read {size['read_seconds']:.2f} s", "", ""),
            ("  floor: model load + embed", f"{floor['model_load_seconds']:.2f} + {floor['embed_seconds']:.2f} s", "", ""),
            ("  (model load + brief) / floor", f"{size['brief_to_floor']}x", f"<= {FLOOR_TARGET_RATIO:.0f}x", verdict(size["meets_floor_target"])),
            ("  peak memory (read + brief)", f"{size['peak_memory_mb']:.0f} MB",
             f"<= {MEMORY_TARGET_MB} MB" if int(n) == MEMORY_TARGET_SIZE else "", verdict(size.get("meets_memory_target"))),
            ("  brief per sentence (model loaded)", f"{size['ms_per_sentence']} ms", "", ""),
            ("  slowest brief steps (s)", steps_line(brief["steps"]), "", ""),
        ]
    growth = result.get("growth")
    if growth:
        out.append((f"growth {growth['from']} -> {growth['to']} articles: ms per sentence", f"{growth['ms_per_sentence'][0]} -> "
                    f"{growth['ms_per_sentence'][1]} ({growth['ratio']}x)", "about 1x", ""))
    return out


def plain_table(result: dict) -> str:
    table = [("measure", "value", "target", "")] + rows(result)
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines) + "\n"


def markdown(result: dict) -> str:
    m = result["machine"]
    lines = ["### Brief speed and memory", "",
             f"- Command: `{result['command']}`",
             f"- Date: {result['date']}; commit {m['commit'] or 'unknown'}; {result['threads']} thread(s) for numeric libraries",
             f"- Machine: {m['cores']} cores, {m['memory_gb']} GB, {m['cpu']}, Python {m['python']}", "",
             "| measure | value | target | |", "|---|---|---|---|"]
    lines += [f"| {a.strip()} | {b} | {c} | {d} |" for a, b, c, d in rows(result)]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main

def parse_args(argv: list[str]):
    parser = argparse.ArgumentParser(description="Brief benchmark: cold/warm seeds brief, 100/500-article briefs.")
    parser.add_argument("--sizes", default="100,500", help="article counts for the size runs (default 100,500)")
    parser.add_argument("--only", choices=["seeds", "sizes"], help="run one of the two measurements")
    parser.add_argument("--threads", type=int, default=1, help="threads for numeric libraries (default 1)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"data folder (default {DEFAULT_DATA})")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the results as JSON")
    out.add_argument("--markdown", action="store_true", help="print a markdown section for docs/BENCHMARKS.md")
    # Internal: one measurement in a fresh process.
    parser.add_argument("--child", choices=["seeds", "size"], help=argparse.SUPPRESS)
    parser.add_argument("--n", type=int, default=100, help=argparse.SUPPRESS)
    parser.add_argument("--cache", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--warm", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        args.sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
    except ValueError:
        parser.error("--sizes takes numbers separated by commas, e.g. 100,500")
    if args.threads < 1 or any(n < 1 for n in args.sizes):
        parser.error("--threads and --sizes must be at least 1")
    args.argv = argv
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    try:
        if args.child:
            print(json.dumps(child_seeds(args) if args.child == "seeds" else child_size(args)))
            return 0
        result = {"date": dt.date.today().isoformat(), "command": "python bench/brief.py " + " ".join(argv),
                  "machine": machine(), "threads": args.threads}
        if args.only in (None, "seeds"):
            result["seeds"] = bench_seeds(args)
        if args.only in (None, "sizes"):
            result["sizes"] = bench_sizes(args)
        add_verdicts(result)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    return emit(result, args, markdown, plain_table)


if __name__ == "__main__":
    sys.exit(main())
