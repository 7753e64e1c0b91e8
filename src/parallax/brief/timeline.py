"""Timeline: dated events in date order, merged across sources.

An event is a reported claim with a date resolved to a day or a month (see claims);
its text is the claim's sentence with loaded terms neutralised (as for facts), and
the same event told by several sources (same date, similar sentence) is one entry
with several citations. This is also where developments live: "has not taken the
town" on one date and "the town fell" on a later one are two entries, in order.
"""

from __future__ import annotations

from ..model import TimelineEvent
from .facts import neutral_text
from .story import Story

SAME_EVENT = 0.6
MAX_EVENTS = 25


def build_timeline(story: Story) -> None:
    candidates: list[tuple[str, int]] = []  # (date, unit index)
    for index, unit in enumerate(story.units):
        claim = unit.claim
        if claim is None or claim.kind not in ("reported", "quote"):
            continue
        refs = [d for c in story.claims_of(index) for d in c.dates if unit.start <= d.start < unit.end]
        dates = sorted({d.date for d in refs if d.date and len(d.date) >= 7})
        if len(dates) != 1 or any(d.date is None for d in refs):
            continue  # no date, several, or one we could not resolve ("today"): which one the event happened on is not clear
        candidates.append((dates[0], index))
    candidates.sort(key=lambda c: (c[0], story.units[c[1]].source, story.units[c[1]].start))

    events: list[tuple[TimelineEvent, int]] = []
    for date, index in candidates:
        unit = story.units[index]
        for event, other in events:
            if event.date == date and float(story.vectors[index] @ story.vectors[other]) >= SAME_EVENT:
                if unit.source + 1 not in event.citations:
                    event.citations.append(unit.source + 1)
                    event.evidence.append(story.evidence(index))
                break
        else:
            rewritten = neutral_text(story, index)
            if rewritten is None:
                continue
            events.append((TimelineEvent(date=date, text=rewritten[0].strip(), citations=[unit.source + 1],
                                         evidence=[story.evidence(index)]), index))
    # Keep the best-attested events when there are many, but show them in date order.
    best = sorted(events, key=lambda e: (-len(e[0].citations), e[0].date))[:MAX_EVENTS]
    story.brief.timeline = sorted((e for e, _ in best), key=lambda e: (e.date, e.citations[0]))
