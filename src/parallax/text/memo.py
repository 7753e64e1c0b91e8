"""A memo of a one-argument function for hot lookups: a plain dict, so a hit is one lookup done in C."""

from __future__ import annotations

from typing import Callable


class BoundedMemo(dict):
    """{key: function(key)}, filled as keys are asked for (`memo[key]`) and shared by every text that asks.
    Emptied when it holds more than `limit` keys, so memory stays bounded on a long run."""

    __slots__ = ("function", "limit")

    def __init__(self, function: Callable, limit: int = 200_000):
        super().__init__()
        self.function, self.limit = function, limit

    def __missing__(self, key):
        if len(self) > self.limit:
            self.clear()
        value = self[key] = self.function(key)
        return value
