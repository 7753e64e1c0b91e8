"""Sentences of a paragraph as (start, end) offsets, for placing a technique inside it.

Uses the project's sentence splitter (abbreviations, quotes, initials handled there)
so a span here lines up with the reading stage's sentences.
"""

from __future__ import annotations

from parallax.text.sentences import split_sentences


def sentence_spans(paragraph: str) -> list[tuple[int, int]]:
    """Offsets (end exclusive) of each sentence of `paragraph`, in order, stripped."""
    return [(sentence.start, sentence.end) for sentence in split_sentences(paragraph)]
