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
from .errors import ExitCode, InputError, ParallaxError, UsageError, report, report_bug
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

    schema = sub.add_parser("schema", help="print the JSON schema of an output format")
    schema.add_argument("name", nargs="?", default="article", choices=["article"])
    return parser


def _options(args: argparse.Namespace) -> ReadOptions:
    options = ReadOptions.from_mapping(vars(args))
    for path_setting in ("manifest", "aliases"):
        value = getattr(options, path_setting)
        if value is not None and not Path(value).is_file():
            raise UsageError(f"no such file: {value}", where=f"--{path_setting}")
    return options


def cmd_read(args: argparse.Namespace) -> int:
    from .ingest import collect
    from .pipeline import Context, StageFailure, read_raw
    from .render.report import article_report

    options = _options(args)
    ctx = Context(options=options)
    raws, failed = [], 0
    for item in collect(args.paths, options):
        if isinstance(item, InputError):
            report(item)
            failed += 1
        else:
            raws.append(item)

    articles = []
    for result in read_raw(raws, ctx):
        if isinstance(result, StageFailure):
            report_bug(result.origin, result.error)
            failed += 1
        elif isinstance(result, ParallaxError):
            report(result)
            failed += 1
        else:
            articles.append(result)

    if args.json:
        json.dump([a.to_dict() for a in articles], sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        for article in articles:
            sys.stdout.write(article_report(article))
            sys.stdout.write("\n")
    if failed and not articles:
        return ExitCode.NOTHING_READ
    return ExitCode.INPUT_FAILED if failed else ExitCode.OK


def cmd_schema(args: argparse.Namespace) -> int:
    from .schema import article_schema

    json.dump(article_schema(), sys.stdout, indent=2)
    sys.stdout.write("\n")
    return ExitCode.OK


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return ExitCode.USAGE
    handlers = {"read": cmd_read, "schema": cmd_schema}
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
