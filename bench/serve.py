"""Serving benchmark: requests per second and latency of `parallax serve` on a large store.

Starts `python -m parallax serve --db DB --host 127.0.0.1 --port P` (uvicorn, one process)
on a free loopback port, waits for `/health`, then loads each route in turn with a bounded
load generator: `--concurrency` threads, each with its own keep-alive `httpx.Client`, share
`--requests` requests per route and stop at that count or after `--seconds`, whichever
comes first. Only 127.0.0.1 is ever contacted, and the server is stopped at the end.

Routes (story ids: the largest stories with an up-to-date brief, so no request rebuilds one;
requests rotate over `--stories` of them):

  health      /health                 (the floor: routing and the server loop)
  front       /                       (stories with coverage bars)
  story       /stories/{id}           (the brief page; target p99 < 100 ms)
  api_list    /api/stories
  api_story   /api/stories/{id}
  search      /search?q=...           (FTS5; a few common words)

For each: completed requests, errors (non-2xx or transport), requests/s, p50/p90/p99/max
latency measured by the client (so it includes the client's own Python time on the same
cores), and the server process's CPU milliseconds per request (from /proc: the honest
figure on a shared machine).

Build the store first with `bench/desk.py`. Until the web app exists, `--stand-in` serves
the same routes from a minimal app defined here (JSON only), to check the harness.

    python bench/serve.py [--db /tmp/parallax-bench.db] [--requests 500] [--concurrency 4]
                          [--seconds 60] [--stories 10] [--stand-in] [--json | --markdown]
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import itertools
import json
import os
import platform
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DB = "/tmp/parallax-bench.db"
HOST = "127.0.0.1"  # loopback only, by design
STORY_P99_TARGET_MS = 100.0
SEARCH_WORDS = ("court", "election", "tax", "police", "president")
STARTUP_SECONDS = 90.0
now = time.perf_counter


class BenchError(Exception):
    """A missing store or web app, or a server that does not start: one line, exit code 2."""


# --------------------------------------------------------------------------- the store

def pick_stories(db: Path, k: int) -> tuple[list[int], int]:
    """The `k` largest stories whose brief is up to date (a stale one would be rebuilt by the first request)."""
    if not db.is_file():
        raise BenchError(f"{db}: no such store; build it with `python bench/desk.py --db {db}`")
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as con:
        rows = con.execute(
            "SELECT s.id FROM stories s JOIN briefs b ON b.story_id = s.id"
            " WHERE s.n_articles > 0 AND b.built >= s.updated ORDER BY s.n_articles DESC, s.id LIMIT ?", (k,)).fetchall()
        articles = con.execute("SELECT count(*) FROM articles").fetchone()[0]
    if not rows:
        raise BenchError(f"{db}: no story has a brief; run `python bench/desk.py --db {db} --briefs 12`")
    return [r[0] for r in rows], articles


def routes(story_ids: list[int]) -> dict[str, object]:
    """Route name -> an endless iterator of paths."""
    return {
        "health": itertools.repeat("/health"),
        "front": itertools.repeat("/"),
        "story": itertools.cycle([f"/stories/{i}" for i in story_ids]),
        "api_list": itertools.repeat("/api/stories"),
        "api_story": itertools.cycle([f"/api/stories/{i}" for i in story_ids]),
        "search": itertools.cycle([f"/search?q={w}" for w in SEARCH_WORDS]),
    }


# --------------------------------------------------------------------------- the server

def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def cli_has_serve() -> bool:
    """Whether `parallax serve` is wired into the CLI yet (the web app may land before its command)."""
    probe = subprocess.run([sys.executable, "-m", "parallax", "serve", "--help"], capture_output=True, cwd=ROOT, timeout=60)
    return probe.returncode == 0


def server_command(db: Path, port: int, how: str) -> list[str]:
    """`cli`: `parallax serve`; `module`: `parallax.web.serve` called directly (same app, same uvicorn); `stand-in`."""
    if how == "stand-in":
        return [sys.executable, str(Path(__file__).resolve()), "--stand-in-server", "--db", str(db), "--port", str(port)]
    if how == "module":
        code = "import sys; from parallax.web import serve; serve(sys.argv[1], host=sys.argv[2], port=int(sys.argv[3]))"
        return [sys.executable, "-c", code, str(db), HOST, str(port)]
    return [sys.executable, "-m", "parallax", "serve", "--db", str(db), "--host", HOST, "--port", str(port)]


def start_server(db: Path, how: str, log_path: Path):
    """The server process and its base URL, once `/health` answers 200."""
    import httpx

    port = free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    log = log_path.open("wb")
    proc = subprocess.Popen(server_command(db, port, how), stdout=log, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + STARTUP_SECONDS
    with httpx.Client(timeout=2.0) as client:
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                tail = log_path.read_text(errors="replace").strip().splitlines()[-5:]
                raise BenchError(f"the server exited with code {proc.returncode}: " + " | ".join(tail))
            try:
                if client.get(base + "/health").status_code == 200:
                    return proc, base
            except httpx.TransportError:
                pass
            time.sleep(0.2)
    stop_server(proc)
    raise BenchError(f"the server did not answer {base}/health within {STARTUP_SECONDS:.0f} s (log: {log_path})")


def stop_server(proc) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


# --------------------------------------------------------------------------- load

def percentile(sorted_values: list[float], q: float) -> float | None:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return None
    rank = max(1, min(len(sorted_values), int(-(-q * len(sorted_values) // 100))))
    return sorted_values[rank - 1]


def load_route(base: str, paths, requests: int, concurrency: int, seconds: float, server_pid: int) -> dict:
    """`requests` requests spread over `concurrency` threads, stopped early after `seconds`; latencies in ms."""
    import httpx

    lock = threading.Lock()
    budget = iter(range(requests))
    latencies: list[float] = []
    errors: list[str] = []
    sizes: list[int] = []
    deadline = time.monotonic() + seconds

    def next_path():
        with lock:
            if time.monotonic() > deadline or next(budget, None) is None:
                return None
            return next(paths)

    def client_loop():
        with httpx.Client(base_url=base, timeout=30.0) as client:
            while (path := next_path()) is not None:
                started = now()
                try:
                    response = client.get(path)
                    elapsed = 1000 * (now() - started)
                    with lock:
                        if 200 <= response.status_code < 300:
                            latencies.append(elapsed)
                            sizes.append(len(response.content))
                        else:
                            errors.append(f"{path}: HTTP {response.status_code}")
                except httpx.HTTPError as error:
                    with lock:
                        errors.append(f"{path}: {type(error).__name__}")

    cpu_before = cpu_seconds(server_pid)
    started = now()
    threads = [threading.Thread(target=client_loop, daemon=True) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = now() - started
    cpu_after = cpu_seconds(server_pid)
    latencies.sort()
    done = len(latencies)
    rnd = (lambda v: None if v is None else round(v, 2))
    return {
        "requests": done, "errors": len(errors), "first_errors": errors[:3], "seconds": round(wall, 2),
        "rps": round(done / wall, 1) if wall else None,
        "p50_ms": rnd(percentile(latencies, 50)), "p90_ms": rnd(percentile(latencies, 90)),
        "p99_ms": rnd(percentile(latencies, 99)), "max_ms": rnd(latencies[-1] if latencies else None),
        "mean_kb": round(sum(sizes) / len(sizes) / 1024, 1) if sizes else None,
        "server_cpu_ms_per_request": (round(1000 * (cpu_after - cpu_before) / max(1, done + len(errors)), 2)
                                      if cpu_before is not None and cpu_after is not None else None),
        "stopped_by_time": done + len(errors) < requests,
    }


_WRK_LATENCY = re.compile(r"^\s*(50|90|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
_WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk_route(base: str, paths: list[str], concurrency: int, seconds: float, server_pid: int) -> dict:
    """The same route with wrk (one thread, `concurrency` connections, `seconds` long), rotating over `paths` with a Lua script."""
    import tempfile

    lua = "local paths = {" + ", ".join(json.dumps(p) for p in paths) + "}\nlocal i = 0\n" \
          "request = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n"
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(lua)
    try:
        cpu_before = cpu_seconds(server_pid)
        run = subprocess.run(["wrk", "-t1", f"-c{concurrency}", f"-d{max(1, round(seconds))}s", "--latency", "-s", script.name, base],
                             capture_output=True, text=True, timeout=seconds + 60)
        cpu_after = cpu_seconds(server_pid)
    finally:
        os.unlink(script.name)
    out = run.stdout
    latency = {q: float(v) * _WRK_UNITS[u] for q, v, u in _WRK_LATENCY.findall(out)}
    done = int(m.group(1)) if (m := re.search(r"(\d+) requests in ([\d.]+)(m?s)", out)) else 0
    wall = (float(m.group(2)) / (1000 if m.group(3) == "ms" else 1)) if m else seconds
    non_2xx = int(m.group(1)) if (m := re.search(r"Non-2xx or 3xx responses: (\d+)", out)) else 0
    socket_errors = sum(int(n) for n in re.findall(r"(?:connect|read|write|timeout) (\d+)", out))
    rnd = (lambda v: None if v is None else round(v, 2))
    return {
        "requests": done - non_2xx, "errors": non_2xx + socket_errors,
        "first_errors": [] if run.returncode == 0 else [run.stderr.strip()[:200]], "seconds": round(wall, 2),
        "rps": round(done / wall, 1) if wall else None,
        "p50_ms": rnd(latency.get("50")), "p90_ms": rnd(latency.get("90")), "p99_ms": rnd(latency.get("99")), "max_ms": None,
        "mean_kb": None,
        "server_cpu_ms_per_request": (round(1000 * (cpu_after - cpu_before) / max(1, done), 2)
                                      if cpu_before is not None and cpu_after is not None else None),
        "stopped_by_time": True,
    }


def cold_pages(base: str, story_ids: list[int]) -> dict:
    """The first request of each story page and API story, one at a time: the render before any cache holds it."""
    import httpx

    out = {}
    with httpx.Client(base_url=base, timeout=60.0) as client:
        client.get("/health")
        for name, template in (("story", "/stories/{}"), ("api_story", "/api/stories/{}")):
            times = []
            for story_id in story_ids:
                started = now()
                status = client.get(template.format(story_id)).status_code
                if 200 <= status < 300:
                    times.append(1000 * (now() - started))
            times.sort()
            out[name] = {"pages": len(times), "median_ms": round(percentile(times, 50), 1) if times else None,
                         "max_ms": round(times[-1], 1) if times else None}
    return out


def warm_up(base: str, route_paths: dict, per_route: int) -> None:
    """A few requests per route first: template compilation and first reads are not steady state."""
    import httpx

    with httpx.Client(base_url=base, timeout=60.0) as client:
        for name, paths in route_paths.items():
            for _ in range(per_route):
                client.get(next(paths))


# --------------------------------------------------------------------------- report

def machine() -> str:
    memory = ""
    try:
        with open("/proc/meminfo") as info:
            memory = f", {int(info.readline().split()[1]) / 1024 / 1024:.0f} GB"
    except (OSError, ValueError, IndexError):
        pass
    load = ""
    if hasattr(os, "getloadavg"):
        load = f", load average {os.getloadavg()[0]:.1f} at the start"
    return f"{os.cpu_count()} cores{memory}, {platform.system()} {platform.release()}, Python {platform.python_version()}{load}"


def print_table(result: dict) -> None:
    print(f"{result['server']} on {result['db']} ({result['articles']} articles); {result['tool']}, {result['concurrency']} connections,"
          f" {result['budget']}; {result['machine']}")
    print(f"{'route':<10} {'done':>6} {'err':>4} {'req/s':>8} {'p50 ms':>8} {'p90 ms':>8} {'p99 ms':>8} {'max ms':>8} {'srv cpu ms':>10} {'KB':>7}")
    for name, r in result["routes"].items():
        print(f"{name:<10} {r['requests']:>6} {r['errors']:>4} {r['rps'] or 0:>8.1f} {r['p50_ms'] or 0:>8.1f} {r['p90_ms'] or 0:>8.1f}"
              f" {r['p99_ms'] or 0:>8.1f} {r['max_ms'] or 0:>8.1f} {r['server_cpu_ms_per_request'] or 0:>10.2f} {r['mean_kb'] or 0:>7.1f}")
        for error in r["first_errors"]:
            print(f"           error: {error}")
    for name, c in result["cold"].items():
        print(f"first (uncached) request of each of {c['pages']} {name} pages: median {c['median_ms']} ms, max {c['max_ms']} ms")
    print(f"story page p99: {result['story_p99_ms']} ms (target < {STORY_P99_TARGET_MS:.0f} ms): {result['verdict']}")


def print_markdown(result: dict) -> None:
    print(f"### Serving ({result['date']})\n")
    print(f"`{result['command']}` against `{result['server']}` on a store of {result['articles']} articles;"
          f" load from {result['tool']} with {result['concurrency']} concurrent connections ({result['budget']}) on the same machine;"
          f" {result['machine']}.\n")
    print("| route | requests | errors | req/s | p50 ms | p90 ms | p99 ms | max ms | server CPU ms/req | KB |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    rotated = f" (story ids rotate over {len(result['stories'])} stories)" if len(result["stories"]) > 1 else ""
    for name, r in result["routes"].items():
        cells = [r[k] if r[k] is not None else "-" for k in ("requests", "errors", "rps", "p50_ms", "p90_ms", "p99_ms", "max_ms",
                                                              "server_cpu_ms_per_request", "mean_kb")]
        print(f"| {name} (`{result['paths'][name]}`) | " + " | ".join(str(c) for c in cells) + " |")
    if rotated:
        print(f"\nThe `{{id}}` routes{rotated}: {', '.join(map(str, result['stories']))}.")
    for name, c in result["cold"].items():
        print(f"\nFirst (uncached) request of each of {c['pages']} `{name}` pages, one at a time: median {c['median_ms']} ms, max {c['max_ms']} ms.")
    print(f"\nStory page p99 {result['story_p99_ms']} ms against the target of {STORY_P99_TARGET_MS:.0f} ms: {result['verdict']}.")


# --------------------------------------------------------------------------- the stand-in server

def serve_stand_in(db: Path, port: int) -> None:
    """A minimal app with the same routes, reading through the store's read API: only to check the harness."""
    import html

    import uvicorn
    from fastapi import FastAPI, HTTPException
    from fastapi.responses import HTMLResponse

    from parallax.desk.store import Store

    store = Store(db)
    app = FastAPI(title="stand-in")

    def story_or_404(story_id: int) -> dict:
        story = store.get_story(story_id)
        if story is None:
            raise HTTPException(404)
        return story

    def page(title: str, body: str) -> HTMLResponse:
        return HTMLResponse(f"<!doctype html><title>{html.escape(title)}</title><pre>{html.escape(body)}</pre>")

    app.get("/health")(lambda: {"ok": True, **store.counts()})
    app.get("/api/stories")(lambda: store.list_stories())
    app.get("/api/stories/{story_id}")(story_or_404)
    app.get("/", response_class=HTMLResponse)(lambda: page("stories", json.dumps(store.list_stories(), indent=1)))
    app.get("/stories/{story_id}", response_class=HTMLResponse)(
        lambda story_id: page("story", json.dumps(story_or_404(story_id), indent=1)))
    app.get("/search", response_class=HTMLResponse)(lambda q="": page("search", json.dumps(store.search(q), indent=1)))
    uvicorn.run(app, host=HOST, port=port, log_level="warning", access_log=False)


# --------------------------------------------------------------------------- main

def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, default=Path(DEFAULT_DB), help=f"the store (default {DEFAULT_DB}; build it with bench/desk.py)")
    parser.add_argument("--requests", type=int, default=500, help="requests per route (default 500)")
    parser.add_argument("--concurrency", type=int, default=4, help="client threads (default 4)")
    parser.add_argument("--seconds", type=float, default=60.0, help="stop a route after this many seconds (default 60)")
    parser.add_argument("--stories", type=int, default=10, help="story pages to rotate over (default 10)")
    parser.add_argument("--tool", choices=("httpx", "wrk"), default="httpx",
                        help="load generator: the threaded httpx client here (default) or wrk (must be installed)")
    parser.add_argument("--wrk-seconds", type=float, default=10.0, help="with --tool wrk: seconds per route (default 10)")
    parser.add_argument("--only", default=None, help="comma-separated routes to run (default: all)")
    parser.add_argument("--stand-in", action="store_true", help="serve a minimal stand-in app instead of `parallax serve`")
    parser.add_argument("--stand-in-server", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    out = parser.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print everything as JSON")
    out.add_argument("--markdown", action="store_true", help="print a section for docs/BENCHMARKS.md")
    args = parser.parse_args(argv)
    if args.requests < 1 or args.concurrency < 1 or args.seconds <= 0:
        parser.error("--requests, --concurrency and --seconds must be positive")
    return args


def web_app_present() -> bool:
    try:
        return importlib.util.find_spec("parallax.web") is not None
    except (ImportError, ValueError):
        return False


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.stand_in_server:
        serve_stand_in(args.db, args.port)
        return 0
    if not args.stand_in and not web_app_present():
        print("bench/serve.py: the web app (parallax.web) is not installed yet; "
              "run with --stand-in to check the harness against a minimal app", file=sys.stderr)
        return 2
    if args.tool == "wrk" and shutil.which("wrk") is None:
        print("bench/serve.py: wrk is not installed (apt-get install -y wrk), or use --tool httpx", file=sys.stderr)
        return 2
    try:
        story_ids, articles = pick_stories(args.db, args.stories)
        route_paths = routes(story_ids)
        if args.only:
            wanted = [r.strip() for r in args.only.split(",") if r.strip()]
            unknown = [r for r in wanted if r not in route_paths]
            if unknown:
                raise BenchError(f"unknown route {', '.join(unknown)}; choose from {', '.join(route_paths)}")
            route_paths = {r: route_paths[r] for r in wanted}
        started_at = machine()
        log_path = Path(f"/tmp/parallax-serve-bench-{os.getpid()}.log")
        how = "stand-in" if args.stand_in else ("cli" if cli_has_serve() else "module")
        proc, base = start_server(args.db, how, log_path)
    except BenchError as error:
        print(f"bench/serve.py: {error}", file=sys.stderr)
        return 2
    try:
        shown = {name: next(iter(paths)) for name, paths in routes(story_ids).items() if name in route_paths}
        cold = cold_pages(base, story_ids)
        warm_up(base, route_paths, per_route=3)
        measured = {}
        for name, paths in route_paths.items():
            if args.tool == "wrk":
                rotation = [next(paths) for _ in range(len(story_ids) if name in ("story", "api_story") else len(SEARCH_WORDS))]
                measured[name] = wrk_route(base, list(dict.fromkeys(rotation)), args.concurrency, args.wrk_seconds, proc.pid)
            else:
                measured[name] = load_route(base, paths, args.requests, args.concurrency, args.seconds, proc.pid)
            print(f"{name}: {measured[name]['rps']} req/s, p99 {measured[name]['p99_ms']} ms", file=sys.stderr, flush=True)
    finally:
        stop_server(proc)
    story_p99 = measured.get("story", {}).get("p99_ms")
    verdict = "n/a" if story_p99 is None else ("met" if story_p99 < STORY_P99_TARGET_MS else "missed")
    result = {
        "date": dt.date.today().isoformat(), "machine": started_at, "db": str(args.db), "articles": articles,
        "server": {"stand-in": "stand-in (bench/serve.py)", "cli": "parallax serve (uvicorn)",
                   "module": "parallax.web.serve (uvicorn; `parallax serve` not wired yet)"}[how],
        "command": "python bench/serve.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "tool": "wrk 4.1 (1 thread)" if args.tool == "wrk" else "httpx threads",
        "budget": f"{args.wrk_seconds:g} s per route" if args.tool == "wrk" else f"up to {args.requests} requests or {args.seconds:g} s per route", "requests": args.requests, "concurrency": args.concurrency, "stories": story_ids, "paths": shown,
        "routes": measured, "cold": cold, "story_p99_ms": story_p99, "verdict": verdict, "server_log": str(log_path),
    }
    if args.json:
        json.dump(result, sys.stdout, indent=1)
        print()
    elif args.markdown:
        print_markdown(result)
    else:
        print_table(result)
    bad = [name for name, r in measured.items() if r["errors"]]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
