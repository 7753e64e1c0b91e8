"""Local inputs: reading files within the size limit, walking directories, telling formats apart."""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO, Iterator

from ..errors import InputError
from ..model import RawInput
from .decode import binary_kind, decode_bytes, looks_like_html, too_large
from .jsonfmt import looks_like_json, parse_json_any, parse_json_document, parse_json_lines

log = logging.getLogger("parallax.ingest")

TEXT_SUFFIXES = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml", ".shtml"}
JSON_SUFFIXES = {".json"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
ARTICLE_SUFFIXES = set(TEXT_SUFFIXES) | HTML_SUFFIXES | JSON_SUFFIXES | JSONL_SUFFIXES

# Files a directory walk passes over without a word: they cannot hold an article.
# Named explicitly on the command line they are still read (and refused if binary).
JUNK_SUFFIXES = {
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".ico", ".svg", ".tif", ".tiff", ".heic", ".avif",
    ".zip", ".gz", ".tgz", ".bz2", ".xz", ".7z", ".rar", ".tar", ".zst",
    ".exe", ".dll", ".so", ".dylib", ".bin", ".o", ".a", ".class", ".jar", ".pyc", ".pyo", ".wasm",
    ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".epub",
    ".mp3", ".mp4", ".m4a", ".wav", ".ogg", ".flac", ".avi", ".mov", ".mkv", ".webm",
    ".woff", ".woff2", ".ttf", ".otf", ".eot", ".db", ".sqlite", ".pkl", ".npy", ".npz", ".pt", ".onnx",
    ".css", ".js", ".map", ".lock", ".log", ".swp", ".tmp", ".bak", ".ds_store",
}
SKIPPED_DIRECTORIES = {"__pycache__", "node_modules", "__MACOSX"}
# A corpus folder's own documentation and manifest are not articles (a README next to the articles
# describes them). Named explicitly, such a file is still read.
DOCUMENTATION_STEMS = {"readme", "license", "licence", "changelog", "manifest"}

READ_CHUNK = 1 << 20


@dataclass
class Walk:
    files: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)


def walk_directory(root: Path) -> Walk:
    """Files under `root` in sorted order, skipping hidden entries, junk and the folder's README/manifest (recorded in `skipped`)."""
    walk = Walk()
    for directory, subdirectories, names in os.walk(root, onerror=None, followlinks=False):
        subdirectories[:] = sorted(d for d in subdirectories if not d.startswith(".") and d not in SKIPPED_DIRECTORIES)
        for name in sorted(names):
            path = Path(directory) / name
            if name.startswith(".") or path.suffix.lower() in JUNK_SUFFIXES or path.stem.lower() in DOCUMENTATION_STEMS:
                walk.skipped.append(path)
            else:
                walk.files.append(path)
    return walk


def read_bytes(path: Path, max_bytes: int, where: str) -> bytes:
    """The file's bytes, refusing anything over `max_bytes` before reading it."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise InputError("no such file or directory", where=where) from None
    except PermissionError:
        raise InputError("permission denied", where=where) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", where=where) from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file", where=where)
    if info.st_size > max_bytes:
        raise too_large(info.st_size, max_bytes, where)
    try:
        with path.open("rb") as stream:
            return read_stream(stream, max_bytes, where)
    except PermissionError:
        raise InputError("permission denied", where=where) from None
    except IsADirectoryError:
        raise InputError("is a directory", where=where) from None
    except OSError as error:
        raise InputError(f"cannot read: {error.strerror or error}", where=where) from None


def read_stream(stream: BinaryIO, max_bytes: int, where: str) -> bytes:
    """Read at most `max_bytes`; a stream (or a file still growing) with more is refused."""
    chunks, size = [], 0
    while True:
        chunk = stream.read(min(READ_CHUNK, max_bytes + 1 - size))
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)
        size += len(chunk)
        if size > max_bytes:
            raise InputError(
                f"too large: more than the limit of {max_bytes:,} bytes (raise it with --max-bytes)", where=where
            )


def inputs_from_bytes(
    data: bytes, origin: str, suffix: str = "", declared_charset: str | None = None
) -> Iterator[RawInput | InputError]:
    """Decode `data` and split it into articles by format (from the suffix, else sniffed)."""
    try:
        text, encoding = decode_bytes(data, origin, declared_charset)
    except InputError as error:
        yield error
        return
    suffix = suffix.lower()
    if suffix in JSONL_SUFFIXES:
        items = parse_json_lines(text, origin)
    elif suffix in JSON_SUFFIXES:
        items = parse_json_document(text, origin)
    elif suffix not in ARTICLE_SUFFIXES and looks_like_json(text):
        items = parse_json_any(text, origin)
    else:
        fmt = "html" if suffix in HTML_SUFFIXES or looks_like_html(text) else TEXT_SUFFIXES.get(suffix, "text")
        items = iter([RawInput(origin=origin, text=text, format=fmt)])
    for item in items:
        if isinstance(item, RawInput):
            item.encoding = encoding
        yield item


def is_binary_file(path: Path) -> bool:
    """A quick look at the first bytes of a file whose name does not say what it is."""
    try:
        with path.open("rb") as stream:
            return binary_kind(stream.read(8192)) is not None
    except OSError:
        return False  # let the real read report the problem
