"""Helpers shared by the brief tests."""

from __future__ import annotations

from pathlib import Path

from parallax.model import Article, Brief, Hints, RawInput
from parallax.options import ReadOptions
from parallax.pipeline import Context, read_raw


def read_articles(paths, manifest: Path | None = None) -> list[Article]:
    from parallax.ingest import collect

    options = ReadOptions(manifest=manifest)
    raws = [r for r in collect([str(p) for p in paths], options) if isinstance(r, RawInput)]
    return [a for a in read_raw(raws, Context(options=options)) if isinstance(a, Article)]


def read_texts(items: list[dict]) -> list[Article]:
    """Articles from dicts of {text, title?, publisher?, url?, published?, origin?}."""
    raws = [RawInput(origin=item.get("origin", f"<text {i}>"), text=item["text"], format="text",
                     hints=Hints(title=item.get("title"), publisher=item.get("publisher"), url=item.get("url"),
                                 published=item.get("published")))
            for i, item in enumerate(items)]
    return [a for a in read_raw(raws, Context()) if isinstance(a, Article)]


def all_evidence(brief: Brief):
    for fact in brief.facts:
        yield from fact.evidence
    for narrative in brief.narratives:
        yield from narrative.evidence
    for dispute in brief.disputes:
        for version in dispute.versions:
            yield version.evidence
    for forecast in brief.forecasts:
        yield from forecast.evidence
    for event in brief.timeline:
        yield from event.evidence
    for source in brief.sources:
        for evidence in (source.side_evidence, source.establishment_evidence, source.lean_evidence):
            if evidence:
                yield from evidence.sentences
