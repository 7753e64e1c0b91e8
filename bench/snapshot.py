"""Reading snapshot: prove that a speed change left the output of `read` unchanged.

Reads a fixed corpus (the first 1,000 article-bias/valid articles, as `bench/read.py` does; the
seeds; the example corpus; the first 300 AllSides dev articles) through the whole reading
pipeline and either saves every article's JSON or compares the current output with a saved one,
naming each input whose output changed and the fields that differ.

    python bench/snapshot.py save FILE.json.gz      # before the change
    python bench/snapshot.py compare FILE.json.gz   # after it: exit 0 only when all are identical
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from itertools import islice
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import read as bench_read  # noqa: E402  (the same inputs as the speed benchmark)

ROOT = bench_read.ROOT
ALLSIDES_ARTICLES = 300


def corpus(data: Path) -> list:
    from parallax.evaluation.roundups import load_stories
    from parallax.ingest import collect
    from parallax.model import RawInput
    from parallax.options import ReadOptions

    raws = bench_read.load_text_inputs(data, 1000)
    options = ReadOptions()
    raws += [r for r in collect([str(data.parent / "seeds")], options) if isinstance(r, RawInput)]
    examples = sorted(p for p in (ROOT / "examples").iterdir() if p.suffix in (".txt", ".md", ".html", ".htm", ".json", ".jsonl"))
    raws += [r for r in collect([str(p) for p in examples if p.name != "README.md"], options) if isinstance(r, RawInput)]
    bodies = ("\n\n".join(article.get("body") or []) for story in load_stories(data)
              for article in story.get("articles", []))
    allsides = [RawInput(origin=f"allsides:{index}", text=body, format="text")
                for index, body in enumerate(islice((body for body in bodies if body.strip()), ALLSIDES_ARTICLES))]
    return raws + allsides


def read_corpus(raws) -> dict[str, object]:
    from parallax.options import ReadOptions
    from parallax.pipeline import Context, StageFailure, read_raw

    out = {}
    for raw, result in zip(raws, read_raw(raws, Context(options=ReadOptions()))):
        if isinstance(result, StageFailure):
            out[raw.origin] = {"bug": f"{type(result.error).__name__}: {result.error}"}
        elif isinstance(result, Exception):
            out[raw.origin] = {"error": str(result)}
        else:
            out[raw.origin] = json.loads(json.dumps(result.to_dict(), ensure_ascii=False))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Save or compare the output of reading a fixed corpus.")
    parser.add_argument("mode", choices=["save", "compare"])
    parser.add_argument("file", type=Path, help="the snapshot (gzip-compressed JSON)")
    parser.add_argument("--data", type=Path, default=bench_read.DEFAULT_DATA, help="the shared data folder")
    args = parser.parse_args(argv)
    try:
        raws = corpus(args.data)
    except (OSError, bench_read.BenchError) as error:
        print(f"snapshot: {error}", file=sys.stderr)
        return 2
    current = read_corpus(raws)
    if args.mode == "save":
        with gzip.open(args.file, "wt", encoding="utf-8") as out:
            json.dump(current, out, ensure_ascii=False)
        print(f"saved {len(current)} articles to {args.file}")
        return 0
    if not args.file.is_file():
        print(f"snapshot: {args.file}: not found (run 'save' first)", file=sys.stderr)
        return 2
    with gzip.open(args.file, "rt", encoding="utf-8") as saved_file:
        saved = json.load(saved_file)
    changed = [origin for origin in saved if current.get(origin) != saved[origin]]
    missing = [origin for origin in current if origin not in saved]
    for origin in changed[:20]:
        old, new = saved[origin], current.get(origin) or {}
        fields = sorted(k for k in set(old) | set(new) if old.get(k) != new.get(k))
        print(f"changed: {origin}: {', '.join(fields)}")
    print(f"compared {len(saved)}, identical {len(saved) - len(changed)}, changed {len(changed)}, new inputs {len(missing)}")
    return 0 if not changed and not missing else 1


if __name__ == "__main__":
    sys.exit(main())
