"""Subcommands of the news desk, registered into the main parser by `parallax.cli`.

`add_commands(sub, add_read_settings)` adds the desk's subparsers and returns
{command name: handler(args) -> exit code}. Handlers raise `ParallaxError`s for user mistakes.

    parallax ingest PATH|URL|FEED|WARC... [--db FILE] [--publishers FILE] [--no-briefs]
    parallax watch FEEDS [--every 15m] [--once] [--db FILE]
    parallax stories [--db FILE] [--json]
    parallax story-brief ID [--db FILE] [--out DIR] [--format json,md,html]
    parallax serve [--db FILE] [--host 127.0.0.1] [--port 8000] [--allow-ingest --token T]

The database is `--db FILE`, else $PARALLAX_DB, else ./parallax.db.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from ..errors import ExitCode, UsageError

_URL = re.compile(r"\A[a-zA-Z][a-zA-Z0-9+.\-]*://")


def add_commands(sub, add_read_settings) -> dict:
    def db_option(parser) -> None:
        parser.add_argument("--db", default=None, metavar="FILE", help="the desk's database (default: $PARALLAX_DB or ./parallax.db)")

    ingest = sub.add_parser("ingest", help="read articles, URLs, feeds and WARC files into the desk's database")
    ingest.add_argument("paths", nargs="+", metavar="PATH|URL|FEED", help="files, directories, URLs, RSS/Atom feeds, .warc files")
    db_option(ingest)
    ingest.add_argument("--publishers", type=Path, default=None, metavar="FILE",
                        help="YAML or CSV table of publisher ratings (lean, establishment, reliability, reason)")
    ingest.add_argument("--no-briefs", action="store_true", help="store and cluster only; build the briefs later (story-brief)")
    add_read_settings(ingest)

    watch = sub.add_parser("watch", help="poll feeds and ingest their new items")
    watch.add_argument("feeds", metavar="FEEDS", help="an OPML file, a file with one feed URL a line, or one feed URL")
    db_option(watch)
    watch.add_argument("--every", default="15m", help="time between polls of a feed, e.g. 15m, 1h (default: 15m)")
    watch.add_argument("--once", action="store_true", help="poll every due feed once and exit")
    watch.add_argument("--publishers", type=Path, default=None, metavar="FILE", help="YAML or CSV table of publisher ratings")
    add_read_settings(watch)

    stories = sub.add_parser("stories", help="list the stories in the desk's database")
    db_option(stories)
    stories.add_argument("--json", action="store_true", help="print [{id, title, updated, articles: [{id, path or url, title, publisher}]}]")

    story_brief = sub.add_parser("story-brief", help="write the brief of a stored story (JSON, Markdown, HTML)")
    story_brief.add_argument("story", type=int, metavar="ID", help="the story's id (see `parallax stories`)")
    db_option(story_brief)
    story_brief.add_argument("--out", type=Path, default=Path("out"), help="directory to write brief.json/.md/.html into (default: out)")
    story_brief.add_argument("--format", default="json,md,html", help="comma-separated formats: json, md, html (default: all)")

    serve = sub.add_parser("serve", help="serve the desk's web app (pages and JSON API; read-only by default)")
    db_option(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument("--allow-ingest", action="store_true", help="accept POST /api/ingest (needs --token)")
    serve.add_argument("--token", default=None, help="bearer token that POST /api/ingest must carry")
    return {"ingest": cmd_ingest, "watch": cmd_watch, "stories": cmd_stories, "story-brief": cmd_story_brief, "serve": cmd_serve}


def _open(args):
    from .store import Store

    return Store.open(args.db)


def _publishers(store, path: Path | None) -> None:
    if path is None:
        return
    if not path.is_file():
        raise UsageError(f"no such file: {path}", where="--publishers")
    from .publishers import apply_publisher_table, load_publisher_table

    apply_publisher_table(store, load_publisher_table(path))


def cmd_ingest(args: argparse.Namespace) -> int:
    from ..cli import _options
    from .desk import Desk
    from .sources import expand

    options = _options(args)
    with _open(args) as store:
        _publishers(store, args.publishers)
        desk = Desk(store)
        summary = desk.ingest(expand(args.paths, options, skip_url=store.has_url), options, progress=True, briefs=not args.no_briefs)
    print(f"ingested: {summary.line()}", file=sys.stderr)
    stored = summary.new + summary.updated + summary.duplicate
    if summary.failed and not stored:
        return ExitCode.NOTHING_READ
    return ExitCode.INPUT_FAILED if summary.failed else ExitCode.OK


def cmd_watch(args: argparse.Namespace) -> int:
    from ..cli import _options
    from .desk import Desk
    from .feeds import parse_interval, read_feed_list, watch_feeds

    options = _options(args)
    every = parse_interval(args.every)
    if _URL.match(args.feeds):
        urls = [args.feeds]
    elif Path(args.feeds).is_file():
        urls = read_feed_list(args.feeds)
    else:
        raise UsageError("no such file; give an OPML file, a list of feed URLs, or a feed URL", where=args.feeds)
    with _open(args) as store:
        _publishers(store, args.publishers)
        ok, failed = watch_feeds(Desk(store), urls, options, every, once=args.once, log=lambda line: print(line, file=sys.stderr))
    if failed and not ok:
        return ExitCode.NOTHING_READ
    return ExitCode.INPUT_FAILED if failed else ExitCode.OK


def cmd_stories(args: argparse.Namespace) -> int:
    with _open(args) as store:
        stories = store.stories_json()
        summaries = {s["id"]: s for s in store.list_stories(limit=1_000_000)}
    if args.json:
        json.dump(stories, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        return ExitCode.OK
    if not stories:
        print("no stories yet; add articles with `parallax ingest`", file=sys.stderr)
    for story in stories:
        extra = summaries.get(story["id"], {})
        dates = " to ".join(dict.fromkeys(d for d in (extra.get("first_date"), extra.get("last_date")) if d))
        print(f"{story['id']:>5}  {story['title'] or '(untitled)'}  [{extra.get('n_articles', 0)} sources"
              f"{', ' + str(extra['n_copies']) + ' copies' if extra.get('n_copies') else ''}{', ' + dates if dates else ''}"
              f"{', blindspot: ' + extra['blindspot'] if extra.get('blindspot') else ''}]")
    return ExitCode.OK


def cmd_story_brief(args: argparse.Namespace) -> int:
    from ..brief.story import Story
    from ..cli import BRIEF_FORMATS, write_brief
    from ..render.summary import brief_summary
    from .desk import brief_of_story

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    unknown = [f for f in formats if f not in BRIEF_FORMATS]
    if unknown or not formats:
        raise UsageError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(BRIEF_FORMATS)}", where="--format")
    with _open(args) as store:
        brief, articles = brief_of_story(store, args.story)
    story = Story(articles=articles, brief=brief)
    written = write_brief(story, args.out, formats)
    sys.stdout.write(brief_summary(brief))
    for path in written:
        print(f"wrote {path}")
    return ExitCode.OK


def cmd_serve(args: argparse.Namespace) -> int:
    if args.allow_ingest and not args.token:
        raise UsageError("needs --token T: ingest requests must carry `Authorization: Bearer T`", where="--allow-ingest")
    if not 0 < args.port < 65536:
        raise UsageError(f"not a port number: {args.port}", where="--port")
    from ..web import serve

    print(f"serving {args.db or 'the desk'} on http://{args.host}:{args.port}/ (Ctrl-C to stop)", file=sys.stderr)
    serve(args.db, args.host, args.port, allow_ingest=args.allow_ingest, token=args.token)
    return ExitCode.OK
