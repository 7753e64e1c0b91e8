"""Every error a user can see, with its message and exit code, comes from here.

A `ParallaxError` is a user-facing problem (bad input, bad arguments, a refused
URL): the CLI prints `parallax: <where>: <message>` on stderr, one line, no
traceback. Anything else is a bug: the CLI names the input it happened on and
keeps going with the others.
"""

from __future__ import annotations

import enum
import sys


class ExitCode(enum.IntEnum):
    OK = 0
    INPUT_FAILED = 1  # some inputs could not be read; the others were processed
    USAGE = 2  # bad command-line arguments or options file
    NOTHING_READ = 3  # no input could be read at all
    INTERNAL = 70  # a bug in Parallax (EX_SOFTWARE)


class ParallaxError(Exception):
    """A problem the user can act on. `where` names the input or option concerned."""

    exit_code = ExitCode.INPUT_FAILED

    def __init__(self, message: str, where: str | None = None):
        super().__init__(message)
        self.message = message
        self.where = where

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" if self.where else self.message

    def __reduce__(self):
        # Errors travel back from forked readers (`--jobs`); keep `where` on the way.
        return (type(self), (self.message, self.where))


class UsageError(ParallaxError):
    exit_code = ExitCode.USAGE


class InputError(ParallaxError):
    """One input cannot be read (empty, binary, too large, undecodable, no article text...)."""

    exit_code = ExitCode.INPUT_FAILED


class FetchError(InputError):
    """A URL could not be fetched, or was refused by the safety rules."""


class ResourceError(ParallaxError):
    """A data file Parallax needs (model, lexicon, alias file) is missing or malformed."""

    exit_code = ExitCode.USAGE


def report(error: BaseException, stream=None) -> None:
    """Print one line for a user-facing error."""
    stream = stream or sys.stderr
    print(f"parallax: {error}", file=stream)


def report_bug(where: str, error: BaseException, stream=None) -> None:
    stream = stream or sys.stderr
    print(
        f"parallax: {where}: internal error ({type(error).__name__}: {error}); "
        "this is a bug, please report it (run with PARALLAX_DEBUG=1 for the traceback)",
        file=stream,
    )


def report_read_failure(failure, stream=None) -> None:
    """One line for an input that reading gave up on: a user-facing error (`ParallaxError`), or a bug met on
    that input (a `pipeline.StageFailure`: its `origin` and `error`)."""
    if isinstance(failure, ParallaxError):
        report(failure, stream)
    else:
        report_bug(failure.origin, failure.error, stream)
