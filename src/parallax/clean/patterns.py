"""The user-editable boilerplate patterns (`parallax/data/boilerplate.yaml`), loaded once."""

from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import yaml

from ..errors import ResourceError

DEFAULT_FILE = "boilerplate.yaml"


@dataclass(frozen=True)
class Pattern:
    regex: re.Pattern
    reason: str
    max_words: int


def load_patterns(path: Path | None = None) -> tuple[Pattern, ...]:
    """Read the pattern file (the packaged one unless `path` is given); a bad file is a ResourceError."""
    try:
        if path is None:
            source = resources.files("parallax").joinpath("data", DEFAULT_FILE).read_text(encoding="utf-8")
            where = DEFAULT_FILE
        else:
            source = Path(path).read_text(encoding="utf-8")
            where = str(path)
        data = yaml.safe_load(source) or {}
        default_max = int(data.get("default_max_words", 12))
        return tuple(
            Pattern(re.compile(entry["regex"], re.I), str(entry["reason"]), int(entry.get("max_words", default_max)))
            for entry in data.get("patterns", [])
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, re.error) as error:
        raise ResourceError(f"cannot load boilerplate patterns: {error}", where=str(path or DEFAULT_FILE)) from error


@lru_cache(maxsize=1)
def default_patterns() -> tuple[Pattern, ...]:
    """The packaged pattern file, loaded once per process."""
    return load_patterns()


def match_reason(patterns: tuple[Pattern, ...], line: str, words: int) -> str | None:
    """The reason of the first pattern that matches this (stripped) line, if the line is short enough."""
    for pattern in patterns:
        if words <= pattern.max_words and pattern.regex.search(line):
            return pattern.reason
    return None
