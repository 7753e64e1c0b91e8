"""Rebuilding model objects (Article, Brief) from their stored JSON.

The store keeps what `parallax read --json` prints and what `brief.json` holds; the
model has `to_dict` only, so the way back is here: a generic walk over the dataclass
field types, so that a field added to the model is restored without touching this file.
"""

from __future__ import annotations

import dataclasses
import functools
import types
import typing
from typing import Any

from ..model import Article, Brief


@functools.cache
def _hints(cls) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _build(kind, value):
    if value is None:
        return None
    origin = typing.get_origin(kind)
    if origin in (typing.Union, types.UnionType):
        options = [k for k in typing.get_args(kind) if k is not type(None)]
        return _build(options[0], value) if len(options) == 1 else value
    if origin is list:
        (item,) = typing.get_args(kind) or (Any,)
        return [_build(item, v) for v in value]
    if origin is dict:
        return dict(value)
    if dataclasses.is_dataclass(kind):
        return from_dict(kind, value)
    return value


def from_dict(cls, data: dict):
    """An instance of dataclass `cls` from `asdict` output; unknown keys (from a newer version) are ignored."""
    hints = _hints(cls)
    names = {f.name for f in dataclasses.fields(cls)}
    return cls(**{k: _build(hints[k], v) for k, v in data.items() if k in names})


def article_from_dict(data: dict) -> Article:
    return from_dict(Article, data)


def brief_from_dict(data: dict) -> Brief:
    return from_dict(Brief, data)
