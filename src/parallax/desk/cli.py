"""Subcommands of the news desk, registered into the main parser by `parallax.cli`.

`add_commands(sub, add_read_settings)` adds the desk's subparsers and returns
{command name: handler(args) -> exit code}. Handlers raise `ParallaxError`s for user mistakes.
"""

from __future__ import annotations


def add_commands(sub, add_read_settings) -> dict:
    return {}
