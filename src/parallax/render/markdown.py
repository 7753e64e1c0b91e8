"""brief.md: the story brief as a readable Markdown page, in the Verity story-page layout.

Sections come in a fixed order and never disappear: an empty one says briefly that
nothing was found, so a reader knows it was looked for. Text from the articles is
collapsed to one line and has the characters that Markdown or embedded HTML would
interpret escaped, so a hostile article cannot inject markup into a rendered page.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

from ..model import Article, Brief, BriefSource, Dispute, Forecast, ScoreEvidence

# Characters that start HTML or Markdown links/emphasis when they appear in running text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_WHITESPACE = re.compile(r"\s+")

ESTABLISHMENT_BUCKETS = (("critical", "Critical of the establishment"), ("neutral", "Neutral"), ("pro", "Pro-establishment"))
POLITICAL_BUCKETS = (("left", "Left"), ("center", "Center"), ("right", "Right"))


def text(value: object) -> str:
    """Article-derived text as one safe line of Markdown."""
    if value is None:
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", _WHITESPACE.sub(" ", str(value)).strip())


def safe_url(url: str | None) -> str | None:
    """The URL when it is an http(s) address that is safe to link to, else None."""
    if not url:
        return None
    parsed = urlparse(url.strip())
    if parsed.scheme.lower() in ("http", "https") and parsed.netloc and not re.search(r"[\s<>\"'`]", url.strip()):
        return url.strip()
    return None


def cites(numbers: list[int]) -> str:
    return "".join(f"[{n}]" for n in sorted(set(numbers)))


def source_name(source: BriefSource) -> str:
    return text(source.publisher or source.title or source.path or source.url or f"source {source.n}")


def side_label(brief: Brief, key: str | None) -> str:
    for side in brief.sides:
        if side.key == key:
            return side.label
    return "no side" if key is None else key


def render_markdown(brief: Brief, articles: list[Article]) -> str:
    """The whole brief as Markdown; `articles[n-1]` is source n (used for where each source came from)."""
    parts = [f"# {text(brief.title) or 'Story brief'}\n", _overview(brief)]
    for section in (_facts, _narratives, _forecasts, _disputes, _timeline, _coverage, _establishment_split,
                    _political_split, _entities, _sources, _excluded, _notes):
        parts.append(section(brief) if section is not _sources else section(brief, articles))
    return "\n".join(parts).rstrip() + "\n"


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def counts_line(brief: Brief) -> str:
    """"6 sources · 13 facts · ...": what the brief holds, for the top of both pages."""
    return " · ".join((plural(len(brief.sources), "source"), plural(len(brief.facts), "fact"),
                       plural(len(brief.disputes), "dispute"), plural(len(brief.forecasts), "forecast"),
                       plural(len(brief.timeline), "dated event")))


def _overview(brief: Brief) -> str:
    n = len(brief.sources)
    counts = counts_line(brief)
    sides = " · ".join(f"{text(s.label)}: {cites(s.sources) or 'no sources'}" for s in brief.sides)
    lines = [f"_{counts}_"]
    if sides:
        lines.append(f"\nSides: {sides}")
    if n == 1:
        lines.append("\n> Single source: nothing in this brief could be cross-checked against another source.")
    return "\n".join(lines) + "\n"


def _facts(brief: Brief) -> str:
    out = ["## Facts\n"]
    if not brief.facts:
        out.append("No facts shared across sources were found.")
    for fact in brief.facts:
        out.append(f"- {text(fact.text)} {cites(fact.citations)}")
        if fact.rewrites:
            out.append(f"  - _neutral wording: {text('; '.join(fact.rewrites))}_")
    return "\n".join(out) + "\n"


def _narratives(brief: Brief) -> str:
    if not brief.narratives:
        return "## Narratives\n\nNo side narratives found.\n"
    out = []
    for narrative in brief.narratives:
        out.append(f"## {text(narrative.label)}\n")
        out.append(f"{text(narrative.text)} {cites(narrative.citations)}\n")
        if narrative.labels:
            out.append(f"_Narrative labels: {text(', '.join(narrative.labels))}_\n")
    return "\n".join(out)


def forecast_line(forecast: Forecast) -> str:
    details = []
    if forecast.forecaster:
        details.append(f"forecaster: {text(forecast.forecaster)}")
    if forecast.resolution_date:
        details.append(f"resolves: {text(forecast.resolution_date)}")
    if forecast.origin == "file":
        url = safe_url(forecast.url)
        details.append(f"from the forecasts file{f': <{url}>' if url else ''}")
        if forecast.similarity is not None:
            details.append(f"match {forecast.similarity:.2f}")
    statement = text(forecast.question or forecast.text) if forecast.origin == "file" else text(forecast.text)
    suffix = f" ({'; '.join(details)})" if details else ""
    return f"- **{forecast.probability:.0%}**: {statement}{suffix} {cites(forecast.citations)}".rstrip()


def _forecasts(brief: Brief) -> str:
    out = ["## Nerd narrative\n"]
    if not brief.forecasts:
        out.append("No forecasts found.")
    out.extend(forecast_line(f) for f in brief.forecasts)
    return "\n".join(out) + "\n"


def dispute_value(version) -> str:
    """The version's figure as plain text ("at least 14 people"), or "" when it has none."""
    if version.value is None:
        return ""
    bound = f"{version.bound} " if version.bound else ""
    unit = f" {version.unit}" if version.unit else ""
    return f"{bound}{version.value:,.10g}{unit}"


def _dispute_table(dispute: Dispute) -> str:
    rows = [f"### {text(dispute.question)}\n", "| Version | Value | Speaker | Source | Date |", "|---|---|---|---|---|"]
    for v in dispute.versions:
        rows.append(f"| {text(v.text)} | {text(dispute_value(v))} | {text(v.speaker) or 'unattributed'} | [{v.source}] | {text(v.date) or '-'} |")
    return "\n".join(rows) + "\n"


def _disputes(brief: Brief) -> str:
    if not brief.disputes:
        return "## Disputes\n\nNo disputes found.\n"
    return "## Disputes\n\n" + "\n".join(_dispute_table(d) for d in brief.disputes)


def _timeline(brief: Brief) -> str:
    out = ["## Timeline\n"]
    if not brief.timeline:
        out.append("No dated events found.")
    for event in brief.timeline:
        out.append(f"- **{text(event.date)}**: {text(event.text)} {cites(event.citations)}")
    return "\n".join(out) + "\n"


def _coverage(brief: Brief) -> str:
    out = ["## Coverage\n"]
    if not brief.coverage:
        out.append("No side coverage computed.")
    for cov in brief.coverage:
        missing = ", ".join(f"fact {i + 1}" for i in cov.missing_facts) or "none"
        out.append(f"- {text(side_label(brief, cov.side))}: {cov.share:.0%} of sources {cites(cov.sources)}; "
                   f"leaves out: {missing}")
    unsided = [s.n for s in brief.sources if s.side is None]
    if brief.coverage and unsided:
        out.append(f"- No side: {cites(unsided)}")
    return "\n".join(out) + "\n"


def _split(brief: Brief, title: str, groups: dict[str, list[int]] | None, buckets) -> str:
    out = [f"## {title}\n"]
    if groups is None:
        out.append("Not computed.")
        return "\n".join(out) + "\n"
    by_n = {s.n: s for s in brief.sources}
    for key, label in buckets:
        members = groups.get(key, [])
        named = ", ".join(f"[{n}] {source_name(by_n[n])}" if n in by_n else f"[{n}]" for n in members)
        out.append(f"- **{label}**: {named or 'none'}")
    return "\n".join(out) + "\n"


def _establishment_split(brief: Brief) -> str:
    return _split(brief, "Establishment split", brief.splits.establishment if brief.splits else None, ESTABLISHMENT_BUCKETS)


def _political_split(brief: Brief) -> str:
    return _split(brief, "Political split", brief.splits.political if brief.splits else None, POLITICAL_BUCKETS)


def _entities(brief: Brief, limit: int = 20) -> str:
    out = ["## Who and what\n"]
    if not brief.entities:
        out.append("No named entities found.")
    for entity in brief.entities[:limit]:
        aliases = f" (also {text(', '.join(entity.aliases))})" if entity.aliases else ""
        out.append(f"- {text(entity.name)} _{text(entity.type)}_{aliases} {cites(entity.sources)}")
    if len(brief.entities) > limit:
        out.append(f"- ... and {len(brief.entities) - limit} more")
    return "\n".join(out) + "\n"


def score_line(label: str, value: str, evidence: ScoreEvidence | None) -> str:
    why = f": {text(evidence.summary)}" if evidence and evidence.summary else ""
    terms = f" (terms: {text(', '.join(evidence.terms[:8]))})" if evidence and evidence.terms else ""
    return f"   - {label}: {value}{why}{terms}"


def location(source: BriefSource, article: Article | None) -> str:
    url = safe_url(source.url or (article.url if article else None))
    if url:
        return f"<{url}>"
    raw = source.url or source.path or (article.path if article else None)
    return f"`{str(raw).replace('`', '')}`" if raw else "(input)"


def _source_entry(brief: Brief, source: BriefSource, article: Article | None) -> str:
    byline = ", ".join(text(v) for v in (source.publisher, source.author, source.published) if v)
    lines = [f"{source.n}. **{text(source.title) or '(untitled)'}**{' · ' + byline if byline else ''} · {location(source, article)}"]
    lines.append(score_line("Side", f"{text(side_label(brief, source.side))} (score {source.side_score:+.2f})", source.side_evidence))
    lines.append(score_line("Establishment", f"{source.establishment:.1f} of 5", source.establishment_evidence))
    lean = f"{source.lean:.1f} of 5{f' ({text(source.lean_label)})' if source.lean_label else ''}"
    lines.append(score_line("Political lean", lean, source.lean_evidence))
    if source.copies:
        lines.append(f"   - Copies merged into this source: {text(', '.join(source.copies))}")
    return "\n".join(lines)


def _sources(brief: Brief, articles: list[Article]) -> str:
    out = ["## Sources\n"]
    if not brief.sources:
        out.append("No sources.")
    for source in brief.sources:
        article = articles[source.n - 1] if 0 < source.n <= len(articles) else None
        out.append(_source_entry(brief, source, article))
    return "\n".join(out) + "\n"


def _excluded(brief: Brief) -> str:
    out = ["## Left out\n"]
    if not brief.excluded:
        out.append("Nothing was left out.")
    out.extend(f"- {text(e.origin)}: {text(e.reason)}" for e in brief.excluded)
    return "\n".join(out) + "\n"


def _notes(brief: Brief) -> str:
    out = ["## Notes\n"]
    if not brief.notes:
        out.append("No notes.")
    out.extend(f"- {text(note)}" for note in brief.notes)
    return "\n".join(out) + "\n"


__all__ = ["render_markdown", "text", "safe_url", "side_label", "dispute_value", "source_name"]
