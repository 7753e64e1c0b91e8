"""Reading benchmark: how fast `parallax.pipeline.read_raw` reads articles.

Two measurements, both single-process and ingest-free (inputs are decoded and
built into `RawInput`s before the clock starts, so only reading is timed):

  text  N plain-text articles from article-bias/valid.jsonl.gz (title + content),
        articles per second and the time spent in each stage.
  html  the web pages of extraction-aeb/html/*.html.gz, read by Parallax and,
        on the same pages, extracted by `trafilatura.extract` alone.

Targets (from the issue): at least 200 plain-text articles/s on one core, and
reading HTML at most 3x trafilatura's extraction time on the same pages.

A failing article is counted and reported, never fatal: the stages are being
written in parallel and the harness must keep measuring whatever works.

    python bench/read.py [--n 1000] [--html-n N] [--repeat R] [--jobs J] [--data DIR] [--only text|html] [--json | --markdown]
"""

from __future__ import annotations

import os

# One core means one core: keep numeric libraries from spawning thread pools.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "TOKENIZERS_PARALLELISM"):
    os.environ.setdefault(_var, "1" if _var != "TOKENIZERS_PARALLELISM" else "false")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")

import argparse  # noqa: E402
import dataclasses  # noqa: E402
import datetime as dt  # noqa: E402
import gzip  # noqa: E402
import itertools  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections import Counter, defaultdict  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = Path(os.environ.get("PARALLAX_SHARED", ROOT.parent / "shared")) / "data"
TEXT_TARGET_PER_SECOND = 200.0
HTML_TARGET_RATIO = 3.0
WARMUP_ARTICLES = 3  # read first so resource loading (lexicons, models) is reported apart from throughput


# The clock every figure is read from: wall time by default; `--cpu` switches to this process's CPU time,
# the honest figure on a shared machine where other jobs stretch wall time.
now = time.perf_counter


class BenchError(Exception):
    """Missing data or a broken setup: reported in one line, exit code 2."""


# --------------------------------------------------------------------------- inputs

def load_text_inputs(data: Path, n: int):
    """The first `n` articles of article-bias/valid.jsonl.gz as plain-text RawInputs (deterministic)."""
    from parallax.model import RawInput

    path = data / "article-bias" / "valid.jsonl.gz"
    if not path.is_file():
        raise BenchError(f"{path}: not found (use --data DIR)")
    raws = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in itertools.islice(lines, n):
            record = json.loads(line)
            title = (record.get("title") or "").strip()
            content = record.get("content") or ""
            # Scraped plain text usually starts with the headline; keep it in the text.
            text = f"{title}\n\n{content}" if title else content
            raws.append(RawInput(origin=f"article-bias:{record.get('id')}", text=text, format="text",
                                 group=record.get("source") or None))
    if not raws:
        raise BenchError(f"{path}: no articles")
    return raws


def decode_html(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        return str(best) if best is not None else data.decode("utf-8", errors="replace")


def load_html_inputs(data: Path, n: int | None):
    """The extraction-aeb pages (sorted by name, at most `n`) as HTML RawInputs."""
    from parallax.model import RawInput

    folder = data / "extraction-aeb" / "html"
    pages = sorted(folder.glob("*.html.gz"))[:n]
    if not pages:
        raise BenchError(f"{folder}: no *.html.gz pages (use --data DIR)")
    return [RawInput(origin=f"extraction-aeb:{p.name[:12]}", text=decode_html(gzip.decompress(p.read_bytes())),
                     format="html", group="extraction-aeb") for p in pages]


# --------------------------------------------------------------------------- timing

class StageClock:
    """Wraps every registered stage's `run` and `prepare` to add up the time spent in each."""

    def __init__(self):
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: Counter = Counter()
        self._saved = None

    def _timed(self, key: str, fn):
        def timed(*args):
            started = now()
            try:
                return fn(*args)
            finally:
                self.seconds[key] += now() - started
                self.calls[key] += 1
        return timed

    def __enter__(self):
        from parallax import pipeline

        pipeline.load_stages()
        self._saved = dict(pipeline.REGISTRY)
        for name, stage in self._saved.items():
            changes = {"run": self._timed(name, stage.run)}
            if stage.prepare is not None:
                changes["prepare"] = self._timed(f"{name} (prepare)", stage.prepare)
            pipeline.REGISTRY[name] = dataclasses.replace(stage, **changes)
        return self

    def __exit__(self, *exc):
        from parallax import pipeline

        pipeline.REGISTRY.clear()
        pipeline.REGISTRY.update(self._saved)

    def reset(self):
        self.seconds.clear()
        self.calls.clear()


def read_all(raws, ctx) -> tuple[int, Counter, list[str]]:
    """Read `raws`; return (articles read, failures by kind, a few failure messages)."""
    from parallax.errors import ParallaxError
    from parallax.pipeline import StageFailure, read_raw

    ok, failures, examples = 0, Counter(), []
    try:
        for result in read_raw(raws, ctx):
            if isinstance(result, StageFailure):
                failures["bug"] += 1
                message = f"{result.origin}: {type(result.error).__name__}: {result.error}"
            elif isinstance(result, ParallaxError):
                failures["input"] += 1
                message = str(result)
            else:
                ok += 1
                continue
            if len(examples) < 5:
                examples.append(message)
    except Exception as error:  # a corpus-level pass (prepare) failed: the rest of this run is lost, not the benchmark
        failures["run aborted"] += len(raws) - ok - sum(failures.values())
        examples.append(f"run aborted: {type(error).__name__}: {error}")
    return ok, failures, examples


def pipeline_position(key: str) -> tuple[int, str]:
    """Sort stage timings in reading order (a stage's prepare pass just before its run)."""
    from parallax.pipeline import READ_STAGES

    name = key.removesuffix(" (prepare)")
    position = READ_STAGES.index(name) if name in READ_STAGES else len(READ_STAGES)
    return position, "0" if key != name else "1"


def bench_reading(raws) -> dict:
    from parallax.options import ReadOptions
    from parallax.pipeline import Context

    ctx = Context(options=ReadOptions())
    with StageClock() as clock:
        started = now()
        read_all(raws[:WARMUP_ARTICLES], ctx)
        warmup = now() - started
        clock.reset()
        started = now()
        ok, failures, examples = read_all(raws, ctx)
        seconds = now() - started
        stages = {name: {"seconds": round(s, 4), "ms_per_article": round(1000 * s / len(raws), 3),
                         "share": round(s / seconds, 3) if seconds else 0.0}
                  for name, s in sorted(clock.seconds.items(), key=lambda kv: pipeline_position(kv[0]))}
    return {
        "articles": len(raws), "read": ok, "failed": dict(failures), "failure_examples": examples,
        "seconds": round(seconds, 3), "per_second": round(len(raws) / seconds, 1) if seconds else None,
        "ms_per_article": round(1000 * seconds / len(raws), 3),
        "chars": sum(len(r.text) for r in raws), "warmup_seconds": round(warmup, 3), "stages": stages,
    }


def bench_jobs(raws, jobs: int) -> dict:
    """Wall time of reading `raws` with `jobs` forked readers (CPU time of one process cannot see the children)."""
    from parallax.options import ReadOptions
    from parallax.pipeline import Context

    started = time.perf_counter()
    ok, failures, _ = read_all(raws, Context(options=ReadOptions(jobs=jobs)))
    seconds = time.perf_counter() - started
    return {"jobs": jobs, "articles": len(raws), "read": ok, "failed": dict(failures), "seconds": round(seconds, 3),
            "per_second": round(len(raws) / seconds, 1) if seconds else None}


def bench_trafilatura(raws) -> dict:
    import trafilatura

    for raw in raws[:WARMUP_ARTICLES]:
        trafilatura.extract(raw.text)
    empty = 0
    started = now()
    for raw in raws:
        try:
            if not trafilatura.extract(raw.text):
                empty += 1
        except Exception:  # trafilatura failing on a page is a data point, not a crash
            empty += 1
    seconds = now() - started
    return {"pages": len(raws), "empty_or_failed": empty, "seconds": round(seconds, 3),
            "per_second": round(len(raws) / seconds, 1) if seconds else None,
            "ms_per_page": round(1000 * seconds / len(raws), 3)}


# --------------------------------------------------------------------------- report

def machine() -> dict:
    memory_gb = None
    try:
        with open("/proc/meminfo") as meminfo:
            kb = int(next(line for line in meminfo if line.startswith("MemTotal")).split()[1])
            memory_gb = round(kb / 1024 / 1024)
    except (OSError, StopIteration, ValueError):
        pass
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"], capture_output=True,
                                text=True, timeout=5).stdout.strip() or None
    except (OSError, subprocess.SubprocessError):
        commit = None
    import parallax
    import trafilatura

    return {"cores": os.cpu_count(), "memory_gb": memory_gb, "python": platform.python_version(),
            "interpreter": interpreter(), "cpu": platform.processor() or platform.machine(),
            "parallax": parallax.__version__, "trafilatura": trafilatura.__version__, "commit": commit}


def interpreter() -> str:
    """Which Python build ran the benchmark: the same code needs about 15% more CPU time on a build without
    profile-guided optimisation and with a shared libpython (pyenv's default) than on Debian's."""
    binary = os.path.realpath(sys.executable)
    try:
        with open("/proc/self/maps") as maps:
            shared = any("libpython" in line for line in maps)
    except OSError:
        return binary
    return f"{binary} ({'shared' if shared else 'static'} libpython)"


def add_verdicts(result: dict) -> None:
    text, html = result.get("text"), result.get("html")
    if text and text["per_second"] is not None:
        text["target"] = f">= {TEXT_TARGET_PER_SECOND:.0f} articles/s"
        text["meets_target"] = text["per_second"] >= TEXT_TARGET_PER_SECOND
    if html and html["trafilatura"]["seconds"]:
        ratio = html["parallax"]["seconds"] / html["trafilatura"]["seconds"]
        html["ratio"] = round(ratio, 2)
        html["target"] = f"<= {HTML_TARGET_RATIO:.0f}x trafilatura"
        html["meets_target"] = ratio <= HTML_TARGET_RATIO


def verdict(ok: bool | None) -> str:
    return "-" if ok is None else ("met" if ok else "MISSED")


def failures_line(part: dict) -> str:
    failed = part["failed"]
    return ", ".join(f"{count} {kind}" for kind, count in failed.items()) if failed else "none"


def rows(result: dict) -> list[tuple[str, str, str, str]]:
    """(measure, value, target, verdict) rows shared by the plain and markdown tables."""
    out = []
    text, html = result.get("text"), result.get("html")
    if text:
        out.append((f"plain text, {text['articles']} article-bias articles", f"{text['per_second']} articles/s "
                    f"({text['ms_per_article']} ms each)", text["target"], verdict(text.get("meets_target"))))
        if len(text.get("runs_per_second", [])) > 1:
            out.append(("  every run, in order", ", ".join(map(str, text["runs_per_second"])) + " articles/s", "", ""))
        out.append(("  failed articles", failures_line(text), "0", verdict(not text["failed"])))
        for name, stage in text["stages"].items():
            out.append((f"  stage {name} (text)", f"{stage['ms_per_article']} ms/article ({stage['share']:.0%})", "", ""))
    jobs = result.get("jobs")
    if jobs:
        out.append((f"plain text with --jobs {jobs['jobs']} (wall time, resources loaded included)",
                    f"{jobs['per_second']} articles/s", "", ""))
    if html:
        p, t = html["parallax"], html["trafilatura"]
        out.append((f"HTML, {p['articles']} extraction-aeb pages: parallax read", f"{p['per_second']} pages/s "
                    f"({p['ms_per_article']} ms each)", "", ""))
        out.append(("  trafilatura.extract alone", f"{t['per_second']} pages/s ({t['ms_per_page']} ms each)", "", ""))
        out.append(("  read time / trafilatura time", f"{html.get('ratio')}x", html.get("target", ""),
                    verdict(html.get("meets_target"))))
        out.append(("  failed pages", failures_line(p), "0", verdict(not p["failed"])))
        for name, stage in p["stages"].items():
            out.append((f"  stage {name} (HTML)", f"{stage['ms_per_article']} ms/page ({stage['share']:.0%})", "", ""))
    return out


def emit(result: dict, args, as_markdown, as_table) -> int:
    """Print a benchmark's result as --json, --markdown or a plain table (every bench script)."""
    if args.json:
        print(json.dumps(result, indent=2))
    elif args.markdown:
        sys.stdout.write(as_markdown(result))
    else:
        sys.stdout.write(as_table(result))
    return 0


def plain_table(result: dict) -> str:
    table = [("measure", "value", "target", "")] + rows(result)
    widths = [max(len(row[i]) for row in table) for i in range(4)]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths)).rstrip() for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines.extend(failure_notes(result))
    m = result["machine"]
    lines.append(f"Python {m['python']}: {m['interpreter']}; commit {m['commit'] or 'unknown'}")
    return "\n".join(lines) + "\n"


def failure_notes(result: dict) -> list[str]:
    notes = []
    for part in (result.get("text"), (result.get("html") or {}).get("parallax")):
        for example in (part or {}).get("failure_examples", []):
            notes.append(f"failure: {example}")
    return notes


def markdown(result: dict) -> str:
    m = result["machine"]
    lines = [
        "### Reading speed",
        "",
        f"- What: `parallax.pipeline.read_raw` over pre-decoded inputs, one process, warm resources "
        f"(resource loading measured apart: {result.get('text', result.get('html', {}).get('parallax', {})).get('warmup_seconds')} s).",
        f"- Command: `{result['command']}`",
        f"- Date: {result['date']}; commit {m['commit'] or 'unknown'}; fastest of {result['repeat']} run(s); "
        f"{'CPU' if result.get('cpu') else 'wall'} time",
        f"- Machine: {m['cores']} cores, {m['memory_gb']} GB, {m['cpu']}, Python {m['python']} ({m.get('interpreter')}), trafilatura {m['trafilatura']}",
        "",
        "| measure | value | target | |",
        "|---|---|---|---|",
    ]
    lines += [f"| {a} | {b} | {c} | {d} |".replace("|   ", "| ") for a, b, c, d in rows(result)]
    notes = failure_notes(result)
    if notes:
        lines += [""] + [f"- {note}" for note in notes]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- main

def run(args) -> dict:
    result = {"date": dt.date.today().isoformat(), "command": "python bench/read.py " + " ".join(args.argv),
              "machine": machine()}
    # With --repeat, the fastest of R runs is kept (the least disturbed by other load); the
    # HTML runs alternate trafilatura and parallax so both see the same machine state.
    fastest = lambda runs: min(runs, key=lambda r: r["seconds"])  # noqa: E731
    if args.only in (None, "text"):
        raws = load_text_inputs(args.data, args.n)
        runs = [bench_reading(raws) for _ in range(args.repeat)]
        result["text"] = fastest(runs)
        # Every run's rate too: on a shared machine the spread says as much as the fastest.
        result["text"]["runs_per_second"] = [run["per_second"] for run in runs]
        if args.jobs:
            result["jobs"] = fastest([bench_jobs(raws, args.jobs) for _ in range(args.repeat)])
    if args.only in (None, "html"):
        pages = load_html_inputs(args.data, args.html_n)
        runs = [(bench_trafilatura(pages), bench_reading(pages)) for _ in range(args.repeat)]
        result["html"] = {"trafilatura": fastest([t for t, _ in runs]), "parallax": fastest([p for _, p in runs])}
    result["repeat"] = args.repeat
    result["cpu"] = args.cpu
    add_verdicts(result)
    return result


def parse_args(argv: list[str]):
    parser = argparse.ArgumentParser(description="Reading benchmark (articles per second, time per stage).")
    parser.add_argument("--n", type=int, default=1000, help="plain-text articles to read (default 1000)")
    parser.add_argument("--html-n", type=int, default=None, help="HTML pages to read (default: all)")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help=f"data folder (default {DEFAULT_DATA})")
    parser.add_argument("--only", choices=["text", "html"], help="run one of the two measurements")
    parser.add_argument("--repeat", type=int, default=1, help="run each measurement R times and keep the fastest")
    parser.add_argument("--cpu", action="store_true", help="measure CPU time of this process instead of wall time")
    parser.add_argument("--jobs", type=int, default=None, help="also read the plain-text articles with this many forked readers (wall time)")
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the results as JSON")
    out.add_argument("--markdown", action="store_true", help="print a markdown section for docs/BENCHMARKS.md")
    args = parser.parse_args(argv)
    if args.n < 1 or args.repeat < 1 or (args.html_n is not None and args.html_n < 1):
        parser.error("--n, --html-n and --repeat must be at least 1")
    args.argv = argv
    return args


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parse_args(argv)
    global now
    now = time.process_time if args.cpu else time.perf_counter
    try:
        result = run(args)
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        return 2
    return emit(result, args, markdown, plain_table)


if __name__ == "__main__":
    sys.exit(main())
