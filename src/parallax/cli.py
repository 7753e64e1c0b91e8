"""The `parallax` command. Thin: parse arguments, call the library, print, exit.

Exit codes (see errors.ExitCode): 0 everything read; 1 some inputs failed, the
rest were read; 2 usage error; 3 nothing could be read; 70 a bug.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from . import __version__
from .errors import ExitCode, InputError, ParallaxError, UsageError, report, report_read_failure
from .options import READ_SETTINGS, ReadOptions


class _Parser(argparse.ArgumentParser):
    """argparse exits with its own message on bad usage; keep that, but with our exit code."""

    def error(self, message: str):  # noqa: D401
        self.print_usage(sys.stderr)
        print(f"parallax: {message}", file=sys.stderr)
        raise SystemExit(ExitCode.USAGE)


def _add_read_settings(parser: argparse.ArgumentParser) -> None:
    for setting in READ_SETTINGS:
        flag = "--" + setting.name.replace("_", "-")
        if setting.type is bool:
            parser.add_argument(flag, action="store_true", default=None, help=setting.help)
        else:
            parser.add_argument(flag, type=setting.type, default=None, metavar=setting.name.upper(),
                                help=f"{setting.help} (default: {setting.default})")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="parallax", description="Read news articles about one event from opposing sides, with receipts.")
    parser.add_argument("--version", action="version", version=f"parallax {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    read = sub.add_parser("read", help="clean and analyse articles; print a report or JSON")
    read.add_argument("paths", nargs="+", metavar="PATH", help="files, directories, URLs, or - for stdin")
    read.add_argument("--json", action="store_true", help="print a JSON array, one object per article")
    _add_read_settings(read)

    brief = sub.add_parser("brief", help="write the story brief of a set of articles (JSON, Markdown, HTML)")
    brief.add_argument("paths", nargs="*", metavar="PATH", help="files, directories, URLs, or - for stdin")
    brief.add_argument("--story", type=int, default=None, metavar="ID", help="the brief of a stored story instead (see parallax stories)")
    brief.add_argument("--db", default=None, metavar="FILE", help="the desk's database, with --story (default: $PARALLAX_DB or ./parallax.db)")
    brief.add_argument("--out", type=Path, default=Path("out"), help="directory to write brief.json/.md/.html into (default: out)")
    brief.add_argument("--title", default=None, help="the story's title (default: the first article's)")
    brief.add_argument("--forecasts", type=Path, default=None, metavar="FILE",
                       help="JSON list of {question, probability, source, url, date} matched to the story by meaning")
    brief.add_argument("--format", default="json,md,html", help="comma-separated formats to write: json, md, html (default: all)")
    brief.add_argument("--cache", action="store_true", help="cache sentence embeddings on disk (PARALLAX_CACHE or ~/.cache/parallax)")
    _add_read_settings(brief)

    annotate = sub.add_parser("annotate", help="add lean, establishment, loaded language, techniques and narratives to JSON lines")
    annotate.add_argument("--input", required=True, metavar="IN.jsonl", help="JSON lines {id, title?, text, url?, published?}, or - for stdin")
    annotate.add_argument("--output", required=True, metavar="OUT.jsonl", help="where to write the annotated lines, or - for stdout")

    evaluate = sub.add_parser("eval", help="quality figures on public benchmarks, beside published results and baselines")
    evaluate.add_argument("tasks", nargs="*", metavar="TASK", help="tasks to run (default: all); see --list")
    evaluate.add_argument("--data", type=Path, default=None, help="the data sets folder (default: ../shared/data)")
    evaluate.add_argument("--limit", type=int, default=None, help="score at most N items per task (a quick run)")
    evaluate.add_argument("--json", action="store_true", help="print the rows as JSON")
    evaluate.add_argument("--list", action="store_true", help="list the tasks and exit")

    from .desk.cli import add_commands as add_desk_commands

    parser.desk_handlers = add_desk_commands(sub, _add_read_settings)

    schema = sub.add_parser("schema", help="print the JSON schema of an output format")
    schema.add_argument("name", nargs="?", default="article", choices=["article", "brief"])
    return parser


def _options(args: argparse.Namespace) -> ReadOptions:
    options = ReadOptions.from_mapping(vars(args))
    if options.jobs < 0:
        raise UsageError("must be 0 (one per core) or more", where="--jobs")
    for path_setting in ("manifest", "aliases"):
        value = getattr(options, path_setting)
        if value is not None and not Path(value).is_file():
            raise UsageError(f"no such file: {value}", where=f"--{path_setting}")
    return options


class _Failures:
    """The count of inputs that failed, kept outside `_read_each`: a generator's caller cannot read a
    count it returns until it is exhausted, and `cmd read` prints articles before that."""

    def __init__(self) -> None:
        self.count = 0


def _read_each(args: argparse.Namespace, failures: _Failures):
    """Every article read from the inputs, as it is read; each failure is reported on one line and
    counted in `failures`."""
    from .ingest import collect
    from .pipeline import Context, StageFailure, read_raw

    options = _options(args)
    ctx = Context(options=options)
    raws = []
    for item in collect(args.paths, options):
        if isinstance(item, InputError):
            report(item)
            failures.count += 1
        else:
            raws.append(item)
    for result in read_raw(raws, ctx):
        if isinstance(result, (StageFailure, ParallaxError)):
            report_read_failure(result)
            failures.count += 1
        else:
            yield result


def _read_all(args: argparse.Namespace):
    """Read every input; report each failure on one line. Returns (articles, number failed)."""
    failures = _Failures()
    articles = list(_read_each(args, failures))
    return articles, failures.count


def _exit_code(read: int, failed: int) -> int:
    """The exit code for `read` articles read and `failed` inputs that could not be."""
    if failed and not read:
        return ExitCode.NOTHING_READ
    return ExitCode.INPUT_FAILED if failed else ExitCode.OK


def cmd_read(args: argparse.Namespace) -> int:
    """Print each article as soon as it is read, so memory does not grow with the number of inputs.

    The JSON is the bytes `json.dump([a.to_dict() for a in articles], ensure_ascii=False, indent=2)` and a line
    break would write (tests/test_cli_inputs.py). Failures are reported on stderr as they are met, between the
    articles; a run cut short (Ctrl-C, a bug under PARALLAX_DEBUG) leaves the array unclosed."""
    from .render.report import article_report

    failures, printed = _Failures(), 0
    for article in _read_each(args, failures):
        if args.json:
            # An element of the array, as json.dump indents it: JSON strings hold no raw line breaks, so
            # every line break is the layout's.
            element = json.dumps(article.to_dict(), ensure_ascii=False, indent=2).replace("\n", "\n  ")
            sys.stdout.write(("[\n  " if not printed else ",\n  ") + element)
        else:
            sys.stdout.write(article_report(article))
            sys.stdout.write("\n")
        printed += 1
    if args.json:
        sys.stdout.write("\n]\n" if printed else "[]\n")
    return _exit_code(printed, failures.count)


BRIEF_FORMATS = ("json", "md", "html")


def cmd_brief(args: argparse.Namespace) -> int:
    from .brief import BriefOptions, build_story
    from .render.summary import brief_summary

    if args.story is not None:
        if args.paths:
            raise UsageError("give either PATHs or --story, not both", where="--story")
        from .desk.cli import cmd_story_brief

        return cmd_story_brief(args)
    if not args.paths:
        raise UsageError("give the articles to read (PATH...), or --story ID for a stored story")

    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    unknown = [f for f in formats if f not in BRIEF_FORMATS]
    if unknown or not formats:
        raise UsageError(f"unknown format {', '.join(unknown) or '(none)'}; choose from {', '.join(BRIEF_FORMATS)}", where="--format")
    if args.forecasts is not None:
        if not args.forecasts.is_file():
            raise UsageError(f"no such file: {args.forecasts}", where="--forecasts")
        from .brief.forecasts import load_forecast_file

        load_forecast_file(str(args.forecasts))  # a malformed file fails now, before minutes of reading
    articles, failed = _read_all(args)
    if not articles:
        print("parallax: no article could be read; no brief written", file=sys.stderr)
        return ExitCode.NOTHING_READ
    options = BriefOptions(title=args.title, forecasts_file=str(args.forecasts) if args.forecasts else None, cache=bool(args.cache))
    story = build_story(articles, options)
    written = write_brief(story, args.out, formats)
    sys.stdout.write(brief_summary(story.brief))
    for path in written:
        print(f"wrote {path}")
    return _exit_code(len(articles), failed)


def write_brief(story, out: Path, formats) -> list[Path]:
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create the output directory: {error.strerror}", where=str(out))
    written = []
    for fmt in formats:
        if fmt == "json":
            text = json.dumps(story.brief.to_dict(), ensure_ascii=False, indent=2) + "\n"
        elif fmt == "md":
            from .render.markdown import render_markdown

            text = render_markdown(story.brief, story.articles)
        else:
            from .render.html import render_html

            text = render_html(story.brief, story.articles)
        path = out / f"brief.{fmt}"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def cmd_annotate(args: argparse.Namespace) -> int:
    from .annotate import annotate_stream

    source = sys.stdin if args.input == "-" else _open(args.input, "r", "--input")
    target = sys.stdout if args.output == "-" else _open(args.output, "w", "--output")
    progress = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        progress = tqdm(unit=" lines", file=sys.stderr)
    try:
        counts = annotate_stream(source, target, progress=progress)
    finally:
        if progress is not None:
            progress.close()
        if target is not sys.stdout:
            target.close()
    print(f"parallax: {counts['annotated']} annotated, {counts['errors']} with errors (error records in the output)", file=sys.stderr)
    if counts["errors"] and not counts["annotated"]:
        return ExitCode.NOTHING_READ
    return ExitCode.INPUT_FAILED if counts["errors"] else ExitCode.OK


def _open(path: str, mode: str, option: str):
    try:
        return open(path, mode, encoding="utf-8", errors="replace" if mode == "r" else "strict", newline="")
    except OSError as error:
        raise UsageError(f"cannot open {path}: {error.strerror}", where=option)


def _default_data() -> Path:
    here = Path.cwd() / ".." / "shared" / "data"
    return here if here.is_dir() else Path(__file__).resolve().parents[3] / ".." / "shared" / "data"


def cmd_eval(args: argparse.Namespace) -> int:
    from .evaluation import TASKS, format_table, rows_json, run_tasks

    if args.list:
        for name, (description, _) in TASKS.items():
            print(f"{name:<16} {description}")
        return ExitCode.OK
    unknown = [t for t in args.tasks if t not in TASKS]
    if unknown:
        raise UsageError(f"unknown task {', '.join(unknown)}; choose from {', '.join(TASKS)}")
    data = (args.data or _default_data()).resolve()
    if not data.is_dir():
        raise UsageError(f"no data folder at {data}; pass --data DIR", where="--data")
    if args.limit is not None and args.limit < 1:
        raise UsageError("must be a positive number", where="--limit")
    rows = run_tasks(args.tasks or list(TASKS), data, args.limit)
    if args.json:
        json.dump(rows_json(rows), sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(format_table(rows))
    return ExitCode.OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import article_schema, brief_schema

    json.dump(article_schema() if args.name == "article" else brief_schema(), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return ExitCode.OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return ExitCode.USAGE
    handlers = {"read": cmd_read, "brief": cmd_brief, "eval": cmd_eval, "annotate": cmd_annotate, "schema": cmd_schema, **parser.desk_handlers}
    try:
        return int(handlers[args.command](args))
    except ParallaxError as error:
        report(error)
        return int(error.exit_code)
    except KeyboardInterrupt:
        print("parallax: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return ExitCode.OK
