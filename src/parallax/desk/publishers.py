"""Publishers: the user's rating table, learned scores, and articles that depart from their outlet.

The table (`--publishers FILE`, YAML or CSV; example in docs/publishers.example.yaml) gives
per outlet: name, lean (1 left .. 5 right, or a label: left, lean left, center, lean right,
right), establishment (1 critical .. 5 pro-establishment), reliability (1 low .. 5 high)
and the reason for the rating. A rating in the table is used when present; otherwise the
outlet's learned score (the mean over its articles' scores in every story brief, once it
has at least `MIN_LEARNED` of them) stands in. An article whose score in a brief is
`DEPARTURE` points or more away from its outlet's usual score is flagged.
"""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

from ..errors import UsageError
from ..model import Brief

LEAN_LABELS = {"left": 1.5, "lean left": 2.25, "center": 3.0, "centre": 3.0, "lean right": 3.75, "right": 4.5}
MIN_LEARNED = 3
DEPARTURE = 1.5
BLINDSPOT_SHARE = 0.8
BLINDSPOT_MIN_SOURCES = 3
_FIELDS = ("lean", "establishment", "reliability")


def _number(value, field: str, where: str) -> float | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if field == "lean" and isinstance(value, str) and value.strip().lower() in LEAN_LABELS:
        return LEAN_LABELS[value.strip().lower()]
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise UsageError(f"{field} must be a number from 1 to 5{' or a label (left, center, right...)' if field == 'lean' else ''}, not {value!r}",
                         where=where) from None
    if not 1.0 <= number <= 5.0:
        raise UsageError(f"{field} must be from 1 to 5, not {number:g}", where=where)
    return number


def load_publisher_table(path: str | Path) -> list[dict]:
    """Rows {name, lean, establishment, reliability, reason} from a YAML or CSV file; a malformed file is a UsageError."""
    path = Path(path)
    where = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read the publisher table ({error})", where=where) from None
    if path.suffix.lower() == ".csv":
        rows = list(csv.DictReader(text.splitlines()))
    else:
        try:
            data = yaml.safe_load(text) or {}
        except yaml.YAMLError as error:
            raise UsageError(f"not valid YAML ({error})", where=where) from None
        rows = data.get("publishers", []) if isinstance(data, dict) else data
    if not isinstance(rows, list):
        raise UsageError("expected a list of publishers (or a mapping with a `publishers:` list)", where=where)
    table = []
    for number, row in enumerate(rows, 1):
        place = f"{where}: publisher {number}"
        if not isinstance(row, dict) or not str(row.get("name") or "").strip():
            raise UsageError("every publisher needs a name", where=place)
        entry = {"name": str(row["name"]).strip(), "reason": (str(row.get("reason") or "").strip() or None)}
        for field in _FIELDS:
            entry[field] = _number(row.get(field), field, place)
        table.append(entry)
    return table


def apply_publisher_table(store, table: list[dict]) -> int:
    with store.transaction() as db:
        for row in table:
            store.save_publisher_rating(db, row["name"], row["lean"], row["establishment"], row["reliability"], row["reason"])
    return len(table)


def usual(rating: dict | None, field: str) -> tuple[float | None, str | None]:
    """The outlet's usual score on `field` ('lean' or 'establishment') and where it comes from."""
    if not rating:
        return None, None
    if rating.get(field) is not None:
        return rating[field], "the publisher table"
    learned = rating.get(f"learned_{field}")
    if learned is not None and (rating.get("learned_n") or 0) >= MIN_LEARNED:
        return learned, f"its {rating['learned_n']} scored articles"
    return None, None


def departure(rating: dict | None, lean: float, establishment: float) -> str | None:
    """Why an article departs from its outlet's usual stance, or None."""
    reasons = []
    for field, value, words in (("lean", lean, "political lean"), ("establishment", establishment, "establishment stance")):
        expected, basis = usual(rating, field)
        if expected is not None and abs(value - expected) >= DEPARTURE:
            reasons.append(f"{words} {value:.1f} against the outlet's usual {expected:.1f} (from {basis})")
    return "; ".join(reasons) or None


def lean_bucket(score: float) -> str:
    return "left" if score < 2.5 else "right" if score > 3.5 else "center"


def coverage_of(brief: Brief, ratings: dict[str, dict | None]) -> tuple[dict, str | None]:
    """Per-side shares (from the brief) and left/center/right counts (publisher ratings first), and the blindspot."""
    labels = {side.key: side.label for side in brief.sides}
    sides = [{"side": c.side, "label": labels.get(c.side, c.side), "share": c.share, "sources": c.sources} for c in brief.coverage]
    lean = {"left": 0, "center": 0, "right": 0}
    for source in brief.sources:
        expected, _ = usual(ratings.get(source.publisher or ""), "lean")
        lean[lean_bucket(expected if expected is not None else source.lean)] += 1
    n = len(brief.sources)
    blindspot = None
    if n >= BLINDSPOT_MIN_SOURCES:
        if len(brief.sides) >= 2:
            top = max(sides, key=lambda s: (s["share"], s["side"]), default=None)
            if top and top["share"] >= BLINDSPOT_SHARE:
                blindspot = top["side"]
        if blindspot is None:
            for bucket in ("left", "right"):
                if lean[bucket] / n >= BLINDSPOT_SHARE:
                    blindspot = bucket
    return {"sides": sides, "lean": lean}, blindspot
