"""Shared fixtures. The seeds and data sets are read from ../shared at run time, never copied."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("PARALLAX_SHARED", ROOT.parent / "shared"))
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"
EXAMPLES = ROOT / "examples"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.fail(f"{path} is missing: the tests read ../shared (seeds and data) beside the checkout")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _require(SEEDS)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return _require(DATA)


def seed_path(prefix: str) -> Path:
    """A seed by its number prefix ('000'...'004'), so tests need not spell the hashes."""
    matches = sorted(_require(SEEDS).glob(f"{prefix}_*.txt"))
    if len(matches) != 1:
        pytest.fail(f"expected one seed starting with {prefix}_ in {SEEDS}")
    return matches[0]


@pytest.fixture(scope="session")
def seed_articles():
    """All five seeds read once through the full reading pipeline, keyed by prefix."""
    from parallax.ingest import collect
    from parallax.options import ReadOptions
    from parallax.pipeline import Context, read_raw

    options = ReadOptions()
    raws = [r for r in collect([str(_require(SEEDS))], options)]
    results = list(read_raw(raws, Context(options=options)))
    out = {}
    for raw, result in zip(raws, results):
        out[Path(raw.origin).name[:3]] = result
    return out


def comparable_results(results) -> list[tuple]:
    """`read_raw`'s results as plain values, so two ways of reading can be compared whole."""
    from parallax.errors import InputError
    from parallax.pipeline import StageFailure

    out = []
    for result in results:
        if isinstance(result, InputError):
            out.append(("error", str(result)))
        elif isinstance(result, StageFailure):
            out.append(("bug", result.origin, type(result.error).__name__, str(result.error)))
        else:
            out.append(("article", result.to_dict()))
    return out
