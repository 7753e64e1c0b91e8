"""The manifest: metadata the user supplies per input (CSV or YAML), overriding what the files say.

A row names its input by `path` (relative paths are taken from the manifest's
own folder, then from the working directory, then by bare file name when that
name is unique in the manifest) or by `url`. A malformed manifest is a
UsageError: it is an options file, and guessing around a typo would silently
attach the wrong publisher to an article.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field, replace
from pathlib import Path

from ..errors import UsageError
from ..model import Hints
from .dates import iso_date

KEY_COLUMNS = ("path", "url")
VALUE_COLUMNS = ("title", "publisher", "published", "author")
WHERE = "--manifest"


@dataclass
class Manifest:
    by_path: dict[str, Hints] = field(default_factory=dict)  # resolved absolute path -> hints
    by_name: dict[str, Hints] = field(default_factory=dict)  # unique bare file name -> hints
    by_url: dict[str, Hints] = field(default_factory=dict)  # normalised URL -> hints

    def lookup(self, path: str | None = None, url: str | None = None) -> Hints | None:
        """The row for an input, by URL first (the most specific), then path, then file name."""
        if url and _url_key(url) in self.by_url:
            return self.by_url[_url_key(url)]
        if path:
            resolved = str(Path(path).resolve())
            if resolved in self.by_path:
                return self.by_path[resolved]
            return self.by_name.get(Path(path).name)
        return None


def apply(hints: Hints, row: Hints | None) -> Hints:
    """`hints` with every value the manifest row gives replaced by the row's value."""
    if row is None:
        return hints
    return replace(hints, **dict(row.items()))


def load_manifest(path: Path) -> Manifest:
    try:
        data = Path(path).read_bytes()
    except OSError as error:
        raise UsageError(f"cannot read manifest {path}: {error.strerror or error}", where=WHERE) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"manifest {path} is not UTF-8 text", where=WHERE) from None
    suffix = Path(path).suffix.lower()
    rows = _yaml_rows(text, path) if suffix in (".yaml", ".yml") else _csv_rows(text, path)
    return _build(rows, Path(path).resolve().parent)


def _csv_rows(text: str, path: Path) -> list[tuple[str, dict]]:
    reader = csv.DictReader(io.StringIO(text))
    columns = [c.strip().lower() for c in (reader.fieldnames or [])]
    if not columns:
        raise UsageError(f"manifest {path} is empty: expected a header row with path or url", where=WHERE)
    _check_columns(columns, f"manifest {path}")
    reader.fieldnames = columns
    rows = []
    for row in reader:
        if None in row:
            raise UsageError(f"manifest {path} line {reader.line_num}: more values than columns", where=WHERE)
        rows.append((f"line {reader.line_num}", {k: (v or "").strip() for k, v in row.items()}))
    return rows


def _yaml_rows(text: str, path: Path) -> list[tuple[str, dict]]:
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark else ""
        raise UsageError(f"manifest {path} is not valid YAML{at}", where=WHERE) from None
    if isinstance(data, dict) and isinstance(data.get("articles"), list):
        data = data["articles"]
    if isinstance(data, dict):  # {path-or-url: {publisher: ..., ...}}
        data = [{**_mapping(v, f"entry {k!r}", path), _key_column(str(k)): str(k)} for k, v in data.items()]
    if not isinstance(data, list):
        raise UsageError(f"manifest {path}: expected a list of entries with path or url", where=WHERE)
    rows = []
    for number, entry in enumerate(data, 1):
        entry = {str(k).strip().lower(): v for k, v in _mapping(entry, f"entry {number}", path).items()}
        _check_columns(list(entry), f"manifest {path} entry {number}")
        rows.append((f"entry {number}", {k: _scalar(v) for k, v in entry.items()}))
    return rows


def _mapping(value, label: str, path: Path) -> dict:
    if not isinstance(value, dict):
        raise UsageError(f"manifest {path} {label}: expected a mapping of fields", where=WHERE)
    return value


def _scalar(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):  # YAML turns 2023-03-24 into a date already
        return value.isoformat()
    return str(value).strip()


def _key_column(key: str) -> str:
    return "url" if key.startswith(("http://", "https://")) else "path"


def _check_columns(columns: list[str], label: str) -> None:
    unknown = [c for c in columns if c not in KEY_COLUMNS + VALUE_COLUMNS]
    if unknown:
        allowed = ", ".join(KEY_COLUMNS + VALUE_COLUMNS)
        raise UsageError(f"{label}: unknown column(s) {', '.join(unknown)} (allowed: {allowed})", where=WHERE)
    if not any(c in columns for c in KEY_COLUMNS):
        raise UsageError(f"{label}: needs a path or url column", where=WHERE)


def _build(rows: list[tuple[str, dict]], base: Path) -> Manifest:
    manifest = Manifest()
    names: dict[str, list[Hints]] = {}
    for label, row in rows:
        hints = _row_hints(row, label)
        if not (row.get("path") or row.get("url")):
            raise UsageError(f"manifest {label}: neither path nor url is given", where=WHERE)
        if row.get("url"):
            manifest.by_url[_url_key(row["url"])] = hints
        if row.get("path"):
            given = Path(row["path"]).expanduser()
            for candidate in (given,) if given.is_absolute() else (base / given, Path.cwd() / given):
                manifest.by_path.setdefault(str(candidate.resolve()), hints)
            names.setdefault(given.name, []).append(hints)
    # A bare name matches only when it is unambiguous within the manifest.
    manifest.by_name = {name: found[0] for name, found in names.items() if len(found) == 1}
    return manifest


def _row_hints(row: dict, label: str) -> Hints:
    published = row.get("published") or None
    if published:
        iso = iso_date(published)
        if iso is None:
            raise UsageError(f"manifest {label}: cannot read the date {published!r} (use YYYY-MM-DD)", where=WHERE)
        published = iso
    return Hints(
        title=row.get("title") or None,
        url=row.get("url") or None,
        publisher=row.get("publisher") or None,
        published=published,
        author=row.get("author") or None,
    )


def _url_key(url: str) -> str:
    """URLs compare without a trailing slash or fragment, and with a lower-case scheme and host."""
    url = url.strip().split("#", 1)[0]
    scheme, sep, rest = url.partition("://")
    if sep:
        host, slash, path = rest.partition("/")
        url = f"{scheme.lower()}://{host.lower()}{slash}{path}"
    return url.rstrip("/")
