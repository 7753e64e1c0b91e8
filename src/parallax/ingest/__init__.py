"""Ingest: turn what the user names (files, directories, stdin, URLs, JSON) into RawInputs.

STUB: replaced by the ingest module owner.
Contract: `collect(specs, options)` yields, in order, a `RawInput` for every article
found or an `InputError` for every input that could not be read.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterator

from ..errors import InputError
from ..model import RawInput
from ..options import ReadOptions


def collect(specs: list[str], options: ReadOptions) -> Iterator[RawInput | InputError]:
    for spec in specs:
        path = Path(spec)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for f in files:
            try:
                text = f.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as e:
                yield InputError(str(e), where=str(f))
                continue
            fmt = "html" if f.suffix.lower() in (".html", ".htm") else "text"
            yield RawInput(origin=str(f), text=text, format=fmt, path=str(f))
