"""Pieces of the web pages that are built in Python rather than in templates.

Everything returned as `Markup` here has been escaped piece by piece (with
`render.html.esc` or by `render.html.highlight`); everything else is plain data that the
Jinja templates escape themselves (autoescape is on for every template).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from ..model import Article, Brief
from ..render.html import Span, brief_sections, counts_line, esc, highlight, loaded_span
from ..render.markdown import safe_url

LEAN_BUCKETS = (("left", "Left", "var(--side-1)"), ("center", "Center", "var(--side-none)"), ("right", "Right", "var(--side-0)"))
SIDE_COLOURS = ("var(--side-0)", "var(--side-1)", "var(--side-2)", "var(--side-3)")
_PARAGRAPH = re.compile(r"[^\n]+")


# --- front page --------------------------------------------------------------------------

@dataclass(frozen=True)
class Bar:
    """One row of a coverage chart: a label, its share of the whole (0..1) and a colour."""

    label: str
    share: float
    colour: str
    count: int | None = None


def side_bars(coverage: dict | None) -> list[Bar]:
    """Share of the story's sources on each side (from the stored brief), then those on no side."""
    if not coverage:
        return []
    bars = [Bar(s.get("label") or s.get("side") or "?", float(s.get("share") or 0.0), SIDE_COLOURS[i % len(SIDE_COLOURS)],
                len(s.get("sources") or []))
            for i, s in enumerate(coverage.get("sides") or [])]
    rest = 1.0 - sum(b.share for b in bars)
    if bars and rest > 0.005:
        bars.append(Bar("No side", rest, "var(--side-none)"))
    return bars


def lean_bars(coverage: dict | None) -> list[Bar]:
    """Left/center/right counts of the story's sources (publisher ratings first, learned lean otherwise)."""
    lean = (coverage or {}).get("lean") or {}
    total = sum(int(lean.get(key) or 0) for key, _, _ in LEAN_BUCKETS)
    if not total:
        return []
    return [Bar(label, int(lean.get(key) or 0) / total, colour, int(lean.get(key) or 0)) for key, label, colour in LEAN_BUCKETS]


def blindspot_text(story: dict) -> str | None:
    """A sentence for the story's blindspot marker (a side key, or "left"/"right" for lean)."""
    key = story.get("blindspot")
    if not key:
        return None
    if key in ("left", "right"):
        return f"Blindspot: covered mostly by {key}-leaning sources."
    labels = {s.get("side"): s.get("label") for s in (story.get("coverage") or {}).get("sides") or []}
    return f"Blindspot: covered mostly by {labels.get(key) or key} sources."


# --- story page --------------------------------------------------------------------------

@dataclass(frozen=True)
class StoryBody:
    nav: Markup
    sections: Markup
    counts: str


def story_body(brief: Brief, articles: list[Article]) -> StoryBody:
    """The brief's sections exactly as brief.html shows them; `articles[n-1]` is source n."""
    nav, sections = brief_sections(brief, articles)
    return StoryBody(Markup(nav), Markup(sections), counts_line(brief))


def ordered_sources(brief: Brief, loaded: list[Article]) -> list[Article]:
    """The stored articles in source order (n = 1, 2, ...); a missing one becomes an empty stand-in."""
    by_id = {a.id: a for a in loaded}
    return [by_id.get(s.id) or Article(id=s.id or f"missing-{s.n}", text="") for s in brief.sources]


# --- article page ------------------------------------------------------------------------

def paragraphs(text: str) -> list[tuple[int, str]]:
    """(offset, paragraph) for every non-empty line of the cleaned text."""
    return [(m.start(), m.group()) for m in _PARAGRAPH.finditer(text) if m.group().strip()]


def technique_spans(text: str, found: list[list[dict]]) -> list[dict]:
    """Per-paragraph technique predictions moved to offsets in the whole text."""
    spans = []
    for (offset, paragraph), items in zip(paragraphs(text), found):
        for item in items:
            start, end = item.get("start", 0), item.get("end", len(paragraph))
            spans.append({"label": item["label"], "score": item["score"], "start": offset + start, "end": offset + end,
                          "text": text[offset + start:offset + end]})
    return spans


def technique_span(index: int, item: dict) -> Span:
    tag = (f'<span class="technique" data-technique="{esc(item["label"])}" '
           f'title="{esc(item["label"])} ({item["score"]:.0%})">')
    return Span(item["start"], item["end"], 2, f"t{index}", tag, tag, "</span>")


def highlighted_article(text: str, loaded: list[dict], techniques: list[dict] | None) -> Markup:
    """The article text, escaped, with loaded language and (when computed) persuasion techniques marked."""
    spans = [loaded_span(i, x["start"], x["end"], x["kind"], x.get("neutral")) for i, x in enumerate(loaded)]
    spans += [technique_span(i, t) for i, t in enumerate(techniques or [])]
    return Markup(highlight(text, spans))


# --- publisher page ----------------------------------------------------------------------

def score_chart(history: list[dict], key: str = "lean", width: int = 600, height: int = 120) -> Markup:
    """An inline SVG line of one score (1..5) over a publisher's articles, oldest first."""
    points = [(i, h[key]) for i, h in enumerate(history) if h.get(key) is not None]
    if not points:
        return Markup("")
    pad = 10
    step = (width - 2 * pad) / max(1, len(history) - 1)

    def y(value: float) -> float:
        return pad + (5 - min(5.0, max(1.0, float(value)))) / 4 * (height - 2 * pad)

    coords = [(pad + i * step, y(v)) for i, v in points]
    line = " ".join(f"{x:.1f},{yy:.1f}" for x, yy in coords)
    dots = "".join(f'<circle cx="{x:.1f}" cy="{yy:.1f}" r="3"><title>{esc(history[i].get("date") or "")}: {v:.2f}</title></circle>'
                   for (x, yy), (i, v) in zip(coords, points))
    grid = "".join(f'<line x1="{pad}" x2="{width - pad}" y1="{y(v):.1f}" y2="{y(v):.1f}" class="grid"/>' for v in (1, 3, 5))
    return Markup(f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{esc(key)} over time">'
                  f'{grid}<polyline points="{line}" fill="none" stroke="currentColor" stroke-width="2"/>{dots}</svg>')


def link_url(url: str | None) -> str | None:
    """Only http(s) URLs become links (never javascript: or data:)."""
    return safe_url(url)


__all__ = ["Bar", "side_bars", "lean_bars", "blindspot_text", "story_body", "ordered_sources", "paragraphs", "technique_spans",
           "highlighted_article", "score_chart", "link_url"]
