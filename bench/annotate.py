"""Throughput and memory of `parallax annotate` (issue 4).

Two runs over the same N lines from article-bias `valid`, each in a fresh subprocess so that
peak memory (ru_maxrss) belongs to that run alone:
  * full: every head (reading stages, BABE words, lean, establishment, techniques, narratives),
    each text embedded once, paragraph by paragraph;
  * without the embedding model: the reading stages that need no embeddings (loaded language
    from the lexicon, establishment), i.e. what annotate costs before any model runs.

    .venv/bin/python bench/annotate.py [--n 300] [--data ../shared/data] [--markdown]
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"


def write_input(data: Path, n: int, path: Path) -> int:
    count = 0
    with gzip.open(data / "article-bias" / "valid.jsonl.gz", "rt", encoding="utf-8") as source, path.open("w", encoding="utf-8") as out:
        for line in source:
            row = json.loads(line)
            out.write(json.dumps({"id": row["id"], "title": row.get("title"), "text": row.get("content") or ""}) + "\n")
            count += 1
            if count >= n:
                break
    return count


def _child(mode: str, source: str) -> None:
    """Runs inside the subprocess: annotate the file, print {seconds, cpu, peak_mb, counts}."""
    from parallax import annotate

    if mode == "no-embedding":
        from parallax import annotate_heads

        from dataclasses import asdict

        def lexicon_spans(records, articles, embedded):  # the lexicon's and patterns' spans only
            return [{"loaded": [asdict(s) for s in a.loaded]} for a in articles]

        annotate_heads.HEADS[:] = [annotate_heads.establishment_head, lexicon_spans]
        annotate._embed_once = lambda articles: None  # nothing needs vectors
    started, cpu = time.perf_counter(), time.process_time()
    with open(source, encoding="utf-8") as lines:
        with open("/dev/null", "w", encoding="utf-8") as sink:
            counts = annotate.annotate_stream(lines, sink)
    result = {"seconds": time.perf_counter() - started, "cpu": time.process_time() - cpu,
              "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "counts": counts}
    print(json.dumps(result))


def run(mode: str, source: Path) -> dict:
    out = subprocess.run([sys.executable, __file__, "--child", mode, str(source)], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=300)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--markdown", action="store_true")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(*args.child)
        return 0
    if not (args.data / "article-bias" / "valid.jsonl.gz").is_file():
        print(f"bench/annotate.py: no article-bias data under {args.data}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.jsonl"
        n = write_input(args.data, args.n, source)
        results = {mode: run(mode, source) for mode in ("full", "no-embedding")}
    rows = []
    for mode, r in results.items():
        label = "all heads, embedding model included" if mode == "full" else "without the embedding model"
        rows.append((label, n / r["seconds"], r["cpu"] / n * 1000, r["peak_mb"], r["counts"]["errors"]))
    if args.markdown:
        print(f"annotate, {n} article-bias articles (`bench/annotate.py --n {n}`), {time.strftime('%Y-%m-%d')}\n")
        print("| run | articles/s (wall) | CPU ms/article | peak memory | errors |\n| --- | --- | --- | --- | --- |")
        for label, rate, cpu, peak, errors in rows:
            print(f"| {label} | {rate:.1f} | {cpu:.1f} | {peak:.0f} MB | {errors} |")
    else:
        print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
