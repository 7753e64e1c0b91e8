"""Which counted nouns measure the same kind of thing (user-editable data/unit_categories.yaml).

Used to decide that "100,000 servicemen" and "at least 20,000 men" are figures for
the same kind of thing (a dispute), and that "14 civilians killed" and "23 deaths"
cannot both be the text of one agreed fact.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources

import yaml

from ..model import Quantity

SAME_FIGURE_RATIO = 1.25  # values closer than this are the same figure, rounded differently


@lru_cache(maxsize=1)
def _table() -> dict:
    return yaml.safe_load(resources.files("parallax.data").joinpath("unit_categories.yaml").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def unit_categories() -> dict[str, str]:
    return {str(noun).lower(): category for category, nouns in _table()["categories"].items() for noun in nouns}


@lru_cache(maxsize=1)
def _outcome_patterns() -> list[tuple[str, re.Pattern[str]]]:
    return [(name, re.compile(r"\b(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + r")\b", re.I))
            for name, words in _table().get("outcomes", {}).items()]


def outcome(clause: str) -> str | None:
    """What the clause says happened to what was counted ("losses", "displaced"), if it says."""
    for name, pattern in _outcome_patterns():
        if pattern.search(clause):
            return name
    return None


def unit_key(unit: str | None) -> str | None:
    """The category of a counted noun ("personnel", "people", "money", ...), or "noun:<singular>" when unlisted."""
    if not unit:
        return None
    word = unit.lower().split()[-1]
    categories = unit_categories()
    if word in categories:
        return categories[word]
    if word.endswith("s") and word[:-1] in categories:
        return categories[word[:-1]]
    return "noun:" + (word[:-1] if word.endswith("s") else word)


def values_differ(a: float, b: float) -> bool:
    low, high = sorted((abs(a), abs(b)))
    return high > 0 and (low == 0 or high / low >= SAME_FIGURE_RATIO)


def figures_conflict(a: list[Quantity], b: list[Quantity]) -> bool:
    """Two lists of quantities give different values for the same kind of thing."""
    for qa in a:
        for qb in b:
            if qa.value is None or qb.value is None:
                continue
            ka, kb = unit_key(qa.unit), unit_key(qb.unit)
            if ka and ka == kb and ka != "time" and values_differ(qa.value, qb.value):
                return True
    return False
