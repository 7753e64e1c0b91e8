"""Where each source stands: the story's sides, establishment stance, political lean.

STUB: replaced by the stance module owner.
"""

from __future__ import annotations


def place_sources(story) -> None:
    story.side_of = {i: None for i in range(len(story.articles))}
    story.brief.sides = []
