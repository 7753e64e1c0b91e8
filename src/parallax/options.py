"""Settings, declared once: name, default, help.

The CLI builds its flags from `READ_SETTINGS`, and a test checks that every
setting is documented in README.md, so the three never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from pathlib import Path


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str
    type: type = str


READ_SETTINGS: tuple[Setting, ...] = (
    Setting("manifest", None, "CSV or YAML file with path/url, publisher, published, author: overrides what is found in the files", Path),
    Setting("aliases", None, "YAML file of extra entity aliases (canonical name: [variants]); merged with the built-in table", Path),
    Setting("allow_private", False, "allow fetching URLs on loopback, private and link-local addresses", bool),
    Setting("timeout", 20.0, "seconds allowed for fetching one URL", float),
    Setting("max_bytes", 20_000_000, "largest input accepted, in bytes (files and downloads)", int),
    Setting("max_redirects", 5, "redirects followed when fetching a URL", int),
    Setting("jobs", 1, "processes to read with (0: one per core); the output and its order do not change", int),
)


@dataclass
class ReadOptions:
    """One options object for the reading stage (trafilatura-style)."""

    manifest: Path | None = None
    aliases: Path | None = None
    allow_private: bool = False
    timeout: float = 20.0
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    jobs: int = 1
    # Not a user setting: lets tests and the brief skip the cross-document pass.
    corpus_stats: bool = True
    extra: dict = field(default_factory=dict)

    @classmethod
    def from_mapping(cls, values: dict) -> "ReadOptions":
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names and v is not None})


def _check_settings_match_options() -> None:
    declared = {s.name: s.default for s in READ_SETTINGS}
    defaults = {f.name: f.default for f in fields(ReadOptions)}
    for name, default in declared.items():
        if name not in defaults or defaults[name] != default:
            raise AssertionError(f"setting {name!r} and ReadOptions disagree")


_check_settings_match_options()
