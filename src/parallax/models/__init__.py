"""Trained models shipped with Parallax (each folder has its MODEL_CARD.md).

Every model package loads its shipped files through `shipped()`: once per process, on first
use, thread-safe, and with one clear error when the files are missing.
"""

from __future__ import annotations

import threading
from typing import Callable, TypeVar

T = TypeVar("T")

_LOCK = threading.Lock()
_LOADED: dict[str, object] = {}


def shipped(name: str, load: Callable[[], T], train_script: str) -> T:
    """The shipped model `name`, loaded by `load()` the first time and cached for the process."""
    with _LOCK:
        if name not in _LOADED:
            try:
                _LOADED[name] = load()
            except FileNotFoundError as error:
                from ..errors import ResourceError

                raise ResourceError(f"the {name} model is missing ({error.filename}); run {train_script}") from error
        return _LOADED[name]  # type: ignore[return-value]
