"""A short terminal summary of a brief (what `parallax brief` and `make demo` print)."""

from __future__ import annotations

import textwrap

from ..model import Brief


def _clip(text: str, width: int = 96) -> str:
    return textwrap.shorten(" ".join(text.split()), width=width, placeholder="...")


def brief_summary(brief: Brief, max_items: int = 5) -> str:
    out = [f"== {brief.title}\n"]
    out.append(f"{len(brief.sources)} sources, {len(brief.facts)} facts, {len(brief.narratives)} narratives, "
               f"{len(brief.disputes)} disputes, {len(brief.forecasts)} forecasts, {len(brief.timeline)} dated events\n")
    if brief.sides:
        parts = []
        for side in brief.sides:
            parts.append(f"{side.label}: sources {', '.join(map(str, side.sources)) or '-'}")
        out.append("sides: " + "; ".join(parts) + "\n")
    for fact in brief.facts[:max_items]:
        out.append(f"  fact {''.join(f'[{c}]' for c in fact.citations)} {_clip(fact.text)}\n")
    for dispute in brief.disputes[:max_items]:
        versions = "; ".join(f"{v.speaker or 'source ' + str(v.source)}: {v.text}" for v in dispute.versions)
        out.append(f"  dispute: {_clip(dispute.question, 50)} -- {_clip(versions, 80)}\n")
    for forecast in brief.forecasts[:max_items]:
        out.append(f"  forecast {forecast.probability:.0%}: {_clip(forecast.text, 80)}\n")
    for item in brief.excluded:
        out.append(f"  left out: {item.origin}: {item.reason}\n")
    for note in brief.notes:
        out.append(f"  note: {note}\n")
    return "".join(out)
