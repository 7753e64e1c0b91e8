"""brief.html: the story brief as one self-contained, phone-readable page.

Inline CSS only (templates/brief.css), no script, no external request of any kind (a
Content-Security-Policy meta tag enforces that even if something slipped through).
Every piece of article-derived text goes through `esc`, and only http(s) URLs become
links. Each source is shown in full with a `<mark id="s{n}-{start}-{end}">` around every
evidence span the brief cites, so a citation `[n]` lands on the highlighted quote, and
loaded language is underlined with its kind and neutral alternative in a tooltip.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from ..model import Article, Brief, BriefSource, Evidence, ScoreEvidence
from .markdown import ESTABLISHMENT_BUCKETS, POLITICAL_BUCKETS, counts_line, dispute_value, safe_url, side_label

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
BLINDSPOT_SHARE = 0.75  # one side holding this share of the sources that take a side leaves the others in a blindspot
SECTIONS = (("facts", "Facts"), ("coverage", "Coverage"), ("narratives", "Narratives"), ("forecasts", "Nerd narrative"),
            ("disputes", "Disputes"), ("timeline", "Timeline"), ("splits", "Splits"), ("entities", "Who and what"),
            ("sources", "Sources"), ("left-out", "Left out"))


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


@lru_cache(maxsize=1)
def stylesheet() -> str:
    return (resources.files("parallax.render") / "templates" / "brief.css").read_text(encoding="utf-8")


def anchor(source: int, start: int, end: int) -> str:
    return f"s{source}-{start}-{end}"


# --- which spans are highlighted ---------------------------------------------------------

def all_evidence(brief: Brief) -> list[Evidence]:
    """Every receipt cited anywhere in the brief."""
    found: list[Evidence] = []
    for item in (*brief.facts, *brief.narratives, *brief.forecasts, *brief.timeline):
        found.extend(item.evidence)
    for dispute in brief.disputes:
        found.extend(v.evidence for v in dispute.versions)
    for source in brief.sources:
        for score in (source.side_evidence, source.establishment_evidence, source.lean_evidence):
            if score:
                found.extend(score.sentences)
    return found


def valid_targets(brief: Brief, articles: list[Article]) -> dict[int, set[tuple[int, int]]]:
    """Evidence spans per source that really quote that source's text (others get no anchor)."""
    targets: dict[int, set[tuple[int, int]]] = {}
    for ev in all_evidence(brief):
        if 0 < ev.source <= len(articles) and 0 <= ev.start < ev.end <= len(articles[ev.source - 1].text):
            if articles[ev.source - 1].text[ev.start:ev.end] == ev.quote:
                targets.setdefault(ev.source, set()).add((ev.start, ev.end))
    return targets


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    rank: int  # 0 = evidence (outer), 1 = loaded (inner): the order in which overlapping spans nest
    key: str
    first_tag: str  # opening tag of the span's first piece (carries the id)
    next_tag: str  # opening tag of a piece continued after a split
    close_tag: str


def evidence_span(source: int, start: int, end: int) -> Span:
    key = anchor(source, start, end)
    return Span(start, end, 0, key, f'<mark class="ev" id="{key}" data-ev="{key}">',
                f'<mark class="ev cont" data-ev="{key}">', "</mark>")


def loaded_tooltip(kind: str, neutral: str | None) -> str:
    return f"{kind}; neutral: {neutral}" if neutral else kind


def loaded_span(index: int, start: int, end: int, kind: str, neutral: str | None) -> Span:
    tag = (f'<span class="loaded" data-loaded="{index}" data-kind="{esc(kind)}" '
           f'title="{esc(loaded_tooltip(kind, neutral))}">')
    return Span(start, end, 1, f"l{index}", tag, tag, "</span>")


def highlight(text: str, spans: list[Span]) -> str:
    """Escaped `text` with every span wrapped, splitting spans where they cross so tags always nest."""
    spans = [s for s in spans if 0 <= s.start < s.end <= len(text)]
    starting: dict[int, list[Span]] = {}
    for span in spans:
        starting.setdefault(span.start, []).append(span)
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    order = lambda s: (s.rank, s.start, -s.end, s.key)  # noqa: E731 - a fixed total order keeps nesting stable
    out: list[str] = []
    open_stack: list[Span] = []
    active: list[Span] = []
    for a, b in zip(cuts, cuts[1:]):
        active = sorted([s for s in active if s.end > a] + starting.get(a, []), key=order)
        keep = 0
        while keep < min(len(open_stack), len(active)) and open_stack[keep] is active[keep]:
            keep += 1
        out.extend(s.close_tag for s in reversed(open_stack[keep:]))
        out.extend(s.first_tag if s.start == a else s.next_tag for s in active[keep:])
        open_stack = active
        out.append(esc(text[a:b]))
    out.extend(s.close_tag for s in reversed(open_stack))
    return "".join(out)


# --- small pieces -------------------------------------------------------------------------

class Cites:
    """Builds `[n]` links: to the first valid quote of source n in the item's evidence, else to the source card."""

    def __init__(self, targets: dict[int, set[tuple[int, int]]]):
        self.targets = targets

    def href(self, n: int, evidence: list[Evidence]) -> str:
        for ev in evidence:
            if ev.source == n and (ev.start, ev.end) in self.targets.get(n, ()):
                return "#" + anchor(n, ev.start, ev.end)
        return f"#source-{n}"

    def links(self, numbers: list[int], evidence: list[Evidence] = ()) -> str:
        return "".join(f'<a class="cite" href="{self.href(n, evidence)}">[{n}]</a>' for n in sorted(set(numbers)))

    def quotes(self, evidence: list[Evidence], label: str = "Quotes") -> str:
        if not evidence:
            return ""
        rows = "".join(f"<blockquote>{esc(ev.quote)} {self.links([ev.source], [ev])}</blockquote>" for ev in evidence)
        return f'<details class="receipts"><summary>{esc(label)} ({len(evidence)})</summary>{rows}</details>'


def side_colours(brief: Brief) -> dict[str | None, str]:
    colours: dict[str | None, str] = {None: "var(--side-none)"}
    for i, side in enumerate(brief.sides):
        colours[side.key] = f"var(--side-{i % 4})"
    return colours


def section(key: str, title: str, body: str) -> str:
    return f'<section id="{key}"><h2>{esc(title)}</h2>{body}</section>'


def empty(message: str) -> str:
    return f'<p class="empty">{esc(message)}</p>'


def source_label(source: BriefSource) -> str:
    return source.publisher or source.title or source.path or source.url or f"source {source.n}"


# --- sections -----------------------------------------------------------------------------

def render_facts(brief: Brief, cites: Cites) -> str:
    if not brief.facts:
        return empty("No facts shared across sources were found.")
    items = []
    for number, fact in enumerate(brief.facts, start=1):
        across = len(set(fact.sides)) > 1
        attributes = f' id="fact-{number}"' + (' class="cross-side"' if across else "")
        tag = ' <span class="tag">reported across sides</span>' if across else ""
        rewrites = f'<div class="rewrites">Neutral wording: {esc("; ".join(fact.rewrites))}</div>' if fact.rewrites else ""
        items.append(f"<li{attributes}>{esc(fact.text)} {cites.links(fact.citations, fact.evidence)}{tag}{rewrites}"
                     f"{cites.quotes(fact.evidence)}</li>")
    return f'<ul class="facts">{"".join(items)}</ul>'


def coverage_counts(brief: Brief) -> list[tuple[str | None, str, int]]:
    """(side key, label, number of sources) per side, then the sources on no side."""
    rows = [(side.key, side.label, sum(1 for s in brief.sources if s.side == side.key)) for side in brief.sides]
    unsided = sum(1 for s in brief.sources if s.side not in {side.key for side in brief.sides})
    if unsided:
        rows.append((None, "No side", unsided))
    return rows


def blindspot(brief: Brief) -> str | None:
    sided = [(label, count) for key, label, count in coverage_counts(brief) if key is not None]
    total = sum(count for _, count in sided)
    if len(sided) < 2 or total < 2:
        return None
    label, count = max(sided, key=lambda item: item[1])
    if count / total < BLINDSPOT_SHARE:
        return None
    others = ", ".join(other for other, c in sided if other != label)
    return f"Blindspot: {count} of {total} sources that take a side are {label}; few or none are {others}."


def render_coverage(brief: Brief) -> str:
    rows = coverage_counts(brief)
    total = sum(count for _, _, count in rows)
    if not total:
        return empty("No sources to cover the story.")
    colours = side_colours(brief)
    rects, x = [], 0.0
    for key, label, count in rows:
        width = 100 * count / total
        rects.append(f'<rect x="{x:.2f}" y="0" width="{width:.2f}" height="10" style="fill:{colours[key]}">'
                     f"<title>{esc(label)}: {count}</title></rect>")
        x += width
    summary = ", ".join(f"{label} {count}" for _, label, count in rows)
    svg = (f'<svg viewBox="0 0 100 10" preserveAspectRatio="none" role="img" aria-label="{esc(summary)}">'
           f'{"".join(rects)}</svg>')
    lines = []
    for key, label, count in rows:
        share = count / total
        lines.append(f'<div class="cov-row"><span>{esc(label)}</span><div class="cov-bar"><span style="width:{100 * share:.1f}%;'
                     f'background:{colours[key]}"></span></div><span>{count} ({share:.0%})</span></div>')
    spot = blindspot(brief)
    marker = f'<p class="blindspot" role="note">{esc(spot)}</p>' if spot else ""
    missing = []
    for cov in brief.coverage:
        if cov.missing_facts:
            facts = "".join(f'<a class="cite" href="#fact-{i + 1}">{i + 1}</a>' for i in cov.missing_facts if 0 <= i < len(brief.facts))
            word = "fact" if len(cov.missing_facts) == 1 else "facts"
            missing.append(f"<li>{esc(side_label(brief, cov.side))} sources leave out {word} {facts}</li>")
    missing_html = f'<ul class="plain">{"".join(missing)}</ul>' if missing else ""
    if not brief.sides:
        missing_html += empty("No opposing sides were found in these sources.")
    return f'<div class="coverage">{svg}{"".join(lines)}{marker}</div>{missing_html}'


def render_narratives(brief: Brief, cites: Cites) -> str:
    if not brief.narratives:
        return empty("No side narratives found.")
    colours = side_colours(brief)
    cards = []
    for narrative in brief.narratives:
        labels = f'<p class="meta">Labels: {esc(", ".join(narrative.labels))}</p>' if narrative.labels else ""
        cards.append(f'<div class="narrative" style="border-top-color:{colours.get(narrative.side, colours[None])}">'
                     f"<h3>{esc(narrative.label)}</h3><p>{esc(narrative.text)} "
                     f"{cites.links(narrative.citations, narrative.evidence)}</p>{labels}{cites.quotes(narrative.evidence)}</div>")
    return f'<div class="narratives">{"".join(cards)}</div>'


def render_forecasts(brief: Brief, cites: Cites) -> str:
    if not brief.forecasts:
        return empty("No forecasts found.")
    items = []
    for f in brief.forecasts:
        details = []
        if f.forecaster:
            details.append(f"Forecaster: {esc(f.forecaster)}")
        if f.resolution_date:
            details.append(f"Resolves: {esc(f.resolution_date)}")
        if f.origin == "file":
            url = safe_url(f.url)
            details.append("From the forecasts file" + (f': <a href="{esc(url)}" rel="noopener noreferrer nofollow">'
                                                         f"{esc(url)}</a>" if url else ""))
            if f.similarity is not None:
                details.append(f"match {f.similarity:.2f}")
        statement = f.question or f.text if f.origin == "file" else f.text
        items.append(f'<li><span class="prob">{f.probability:.0%}</span><div>{esc(statement)} '
                     f'{cites.links(f.citations, f.evidence)}<div class="meta">{" · ".join(details)}</div></div></li>')
    return f'<ul class="forecasts">{"".join(items)}</ul>'


def render_disputes(brief: Brief, cites: Cites) -> str:
    if not brief.disputes:
        return empty("No disputes found.")
    tables = []
    for dispute in brief.disputes:
        rows = []
        for v in dispute.versions:
            # data-label lets a phone show each row as a labelled card instead of a wide table.
            rows.append(f'<tr><td data-label="Version">{esc(v.text)}</td><td data-label="Value">{esc(dispute_value(v))}</td>'
                        f'<td data-label="Speaker">{esc(v.speaker or "unattributed")}</td>'
                        f'<td data-label="Source">{cites.links([v.source], [v.evidence])}</td>'
                        f'<td data-label="Date">{esc(v.date or "-")}</td></tr>')
        tables.append(f'<div class="table-wrap"><table><caption>{esc(dispute.question)}</caption><thead><tr>'
                      f'<th scope="col">Version</th><th scope="col">Value</th><th scope="col">Speaker</th>'
                      f'<th scope="col">Source</th><th scope="col">Date</th></tr></thead><tbody>{"".join(rows)}</tbody>'
                      f"</table></div>")
    return "".join(tables)


def render_timeline(brief: Brief, cites: Cites) -> str:
    if not brief.timeline:
        return empty("No dated events found.")
    items = "".join(f'<li><time datetime="{esc(e.date)}">{esc(e.date)}</time>{esc(e.text)} '
                    f"{cites.links(e.citations, e.evidence)}</li>" for e in brief.timeline)
    return f'<ol class="timeline">{items}</ol>'


def split_block(brief: Brief, title: str, groups: dict[str, list[int]] | None, buckets) -> str:
    if groups is None:
        return f"<h3>{esc(title)}</h3>" + empty("Not computed.")
    by_n = {s.n: s for s in brief.sources}
    columns = []
    for key, label in buckets:
        members = "".join(f'<li><a href="#source-{n}">[{n}] {esc(source_label(by_n[n]) if n in by_n else "")}</a></li>'
                          for n in groups.get(key, []))
        members = members or '<li class="empty">none</li>'
        columns.append(f'<div class="split"><h3>{esc(label)}</h3><ul>{members}</ul></div>')
    return f'<h3>{esc(title)}</h3><div class="splits">{"".join(columns)}</div>'


def render_splits(brief: Brief) -> str:
    splits = brief.splits
    return (split_block(brief, "Establishment split", splits.establishment if splits else None, ESTABLISHMENT_BUCKETS)
            + split_block(brief, "Political split", splits.political if splits else None, POLITICAL_BUCKETS))


def render_entities(brief: Brief, limit: int = 30) -> str:
    if not brief.entities:
        return empty("No named entities found.")
    items = []
    for e in brief.entities[:limit]:
        aliases = f' <span class="meta">(also {esc(", ".join(e.aliases))})</span>' if e.aliases else ""
        links = "".join(f'<a class="cite" href="#source-{n}">[{n}]</a>' for n in e.sources)
        items.append(f'<li><strong>{esc(e.name)}</strong> <span class="meta">{esc(e.type)}</span>{aliases} {links}</li>')
    more = f'<li class="meta">... and {len(brief.entities) - limit} more</li>' if len(brief.entities) > limit else ""
    return f'<ul class="plain">{"".join(items)}{more}</ul>'


def score_item(label: str, value: str, evidence: ScoreEvidence | None, cites: Cites) -> str:
    why = esc(evidence.summary) if evidence and evidence.summary else "no evidence recorded"
    why = why if why.endswith((".", "!", "?")) else why + "."
    terms = f" Terms: {esc(', '.join(evidence.terms[:10]))}." if evidence and evidence.terms else ""
    sentences = cites.quotes(evidence.sentences, "Sentences") if evidence else ""
    return f"<dt>{esc(label)}: {esc(value)}</dt><dd>{why}{terms}{sentences}</dd>"


def render_source(brief: Brief, source: BriefSource, article: Article | None, targets, cites: Cites) -> str:
    colour = side_colours(brief).get(source.side, "var(--side-none)")
    url = safe_url(source.url or (article.url if article else None))
    where = (f'<a href="{esc(url)}" rel="noopener noreferrer nofollow">{esc(url)}</a>' if url
             else esc(source.url or source.path or (article.path if article else None) or "(input)"))
    byline = " · ".join(esc(v) for v in (source.publisher, source.author, source.published) if v)
    scores = (score_item("Side", f"{side_label(brief, source.side)} ({source.side_score:+.2f})", source.side_evidence, cites)
              + score_item("Establishment", f"{source.establishment:.1f} of 5", source.establishment_evidence, cites)
              + score_item("Political lean", f"{source.lean:.1f} of 5" + (f" ({source.lean_label})" if source.lean_label else ""),
                           source.lean_evidence, cites))
    copies = f'<p class="meta">Copies merged into this source: {esc(", ".join(source.copies))}</p>' if source.copies else ""
    body = empty("The text of this source is not available.")
    loaded_list = ""
    if article is not None:
        spans = [evidence_span(source.n, s, e) for s, e in sorted(targets.get(source.n, ()))]
        spans += [loaded_span(i, x.start, x.end, x.kind, x.neutral) for i, x in enumerate(article.loaded)]
        lang = f' lang="{esc(article.language)}"' if article.language else ""
        body = f'<div class="source-text"{lang}>{highlight(article.text, spans)}</div>'
        if article.loaded:
            terms = "; ".join(f"“{x.text}” ({loaded_tooltip(x.kind, x.neutral)})" for x in article.loaded)
            loaded_list = f'<p class="meta">Loaded language: {esc(terms)}</p>'
    return (f'<article class="source" id="source-{source.n}" style="border-left-color:{colour}">'
            f'<h3><span class="num">{source.n}</span>{esc(source.title or "(untitled)")}</h3>'
            f'<p class="meta">{byline}{" · " if byline else ""}{where}</p>{copies}'
            f'<dl class="scores">{scores}</dl>{loaded_list}'
            f"<details open><summary>Full text, with quoted evidence highlighted</summary>{body}</details></article>")


def render_sources(brief: Brief, articles: list[Article], targets, cites: Cites) -> str:
    if not brief.sources:
        return empty("No sources.")
    legend = ('<p class="legend"><mark class="ev">quoted as evidence</mark> · '
              '<span class="loaded" title="kind; neutral alternative">loaded language</span> (hover or see the list)</p>')
    cards = [render_source(brief, s, articles[s.n - 1] if 0 < s.n <= len(articles) else None, targets, cites)
             for s in brief.sources]
    return legend + "".join(cards)


def render_left_out(brief: Brief) -> str:
    excluded = "".join(f"<li>{esc(e.origin)}: {esc(e.reason)}</li>" for e in brief.excluded)
    notes = "".join(f"<li>{esc(n)}</li>" for n in brief.notes)
    return ((f'<ul class="plain">{excluded}</ul>' if excluded else empty("Nothing was left out."))
            + "<h3>Notes</h3>" + (f'<ul class="plain">{notes}</ul>' if notes else empty("No notes.")))


def brief_sections(brief: Brief, articles: list[Article]) -> tuple[str, str]:
    """(navigation links, every section's HTML): the page body shared by brief.html and the web app's story page."""
    targets = valid_targets(brief, articles)
    cites = Cites(targets)
    bodies = {
        "facts": render_facts(brief, cites), "coverage": render_coverage(brief),
        "narratives": render_narratives(brief, cites), "forecasts": render_forecasts(brief, cites),
        "disputes": render_disputes(brief, cites), "timeline": render_timeline(brief, cites),
        "splits": render_splits(brief), "entities": render_entities(brief),
        "sources": render_sources(brief, articles, targets, cites), "left-out": render_left_out(brief),
    }
    nav = "".join(f'<a href="#{key}">{esc(label)}</a>' for key, label in SECTIONS)
    sections = "".join(section(key, label, bodies[key]) for key, label in SECTIONS)
    return nav, sections


def render_html(brief: Brief, articles: list[Article]) -> str:
    """The whole brief as one HTML page; `articles[n-1]` is source n."""
    title = brief.title or "Story brief"
    counts = counts_line(brief)
    single = ('<p class="blindspot">Single source: nothing here could be cross-checked.</p>'
              if len(brief.sources) == 1 else "")
    nav, sections = brief_sections(brief, articles)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f'<meta http-equiv="Content-Security-Policy" content="{CSP}">'
            '<meta name="referrer" content="no-referrer">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{esc(title)}</title><style>{stylesheet()}</style></head><body>"
            f'<nav class="toc" aria-label="Sections">{nav}</nav><main><header><h1>{esc(title)}</h1>'
            f'<p class="meta">{esc(counts)} · schema {esc(brief.schema)}</p>{single}</header>{sections}'
            "<footer>Made by Parallax. Every [n] links to the quoted words in source n.</footer></main></body></html>\n")


__all__ = ["render_html", "highlight", "anchor", "valid_targets", "Span", "evidence_span", "loaded_span"]
