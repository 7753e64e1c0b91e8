"""Facts: what sources across the sides agree on, each with its receipts.

A fact is a cluster of sentences from different sources that say the same thing
(see align). Its text is one of those sentences, never a new one: the member with
the fewest loaded terms, preferring reported claims and attributed ones. Loaded
terms that have a neutral alternative are replaced and the replacement is noted;
a sentence with a loaded term and no alternative is not used as a fact's text.
"""

from __future__ import annotations

from ..model import Fact, LoadedSpan
from .story import Story

# Sentences shorter or longer than this make poor facts (headlines, run-ons).
MIN_WORDS, MAX_WORDS = 6, 60


def _loaded_in(spans: list[LoadedSpan], start: int, end: int) -> list[LoadedSpan]:
    return [s for s in spans if s.start >= start and s.end <= end]


def neutral_text(story: Story, unit_index: int) -> tuple[str, list[str]] | None:
    """The unit's sentence with loaded terms replaced by neutral ones; None if one has no alternative."""
    unit = story.units[unit_index]
    article = story.articles[unit.source]
    spans = sorted(_loaded_in(article.loaded, unit.start, unit.end), key=lambda s: s.start)
    if any(not s.neutral for s in spans):
        return None
    out, cursor, rewrites = [], unit.start, []
    for span in spans:
        out.append(article.text[cursor:span.start])
        out.append(span.neutral)
        rewrites.append(f"'{span.text}' -> '{span.neutral}'")
        cursor = span.end
    out.append(article.text[cursor:unit.end])
    return "".join(out), rewrites


def _representative_rank(story: Story, unit_index: int) -> tuple:
    unit = story.units[unit_index]
    claim = unit.claim
    words = len(unit.text.split())
    article = story.articles[unit.source]
    loaded = len(_loaded_in(article.loaded, unit.start, unit.end))
    return (
        loaded,  # fewer loaded terms first
        0 if claim is None or claim.kind == "reported" else 1,
        0 if claim is not None and claim.speaker else 1,  # attributed claims stay attributed
        abs(words - 25),  # a sentence of moderate length reads best
        unit.source,
        unit.start,
    )


def _fact_from_cluster(story: Story, cluster: list[int]) -> Fact | None:
    opinions = sum(1 for i in cluster if story.units[i].claim is not None and story.units[i].claim.kind == "opinion")
    if opinions * 2 > len(cluster):
        return None  # sources agreeing on an opinion is a narrative, not a fact
    for unit_index in sorted(cluster, key=lambda i: _representative_rank(story, i)):
        words = len(story.units[unit_index].text.split())
        if not MIN_WORDS <= words <= MAX_WORDS:
            continue
        rewritten = neutral_text(story, unit_index)
        if rewritten is None:
            continue
        text, rewrites = rewritten
        unit = story.units[unit_index]
        sources = sorted({story.units[i].source for i in cluster})
        evidence = [story.evidence(i) for i in sorted(cluster, key=lambda i: (story.units[i].source, story.units[i].start))]
        sides = sorted({story.side_of.get(s) for s in sources if story.side_of.get(s)})
        speaker = unit.claim.speaker if unit.claim is not None else None
        return Fact(text=text.strip(), citations=[s + 1 for s in sources], evidence=evidence, sides=sides,
                    speaker=speaker, rewrites=rewrites)
    return None


def _single_source_facts(story: Story, limit: int) -> list[Fact]:
    """With one source nothing can be cross-checked: list its checkable reported claims, marked as such."""
    facts = []
    for index, unit in enumerate(story.units):
        claim = unit.claim
        if claim is None or claim.kind != "reported" or not (claim.quantities or claim.dates or claim.speaker):
            continue
        rewritten = neutral_text(story, index)
        if rewritten is None or not MIN_WORDS <= len(unit.text.split()) <= MAX_WORDS:
            continue
        text, rewrites = rewritten
        facts.append(Fact(text=text.strip(), citations=[unit.source + 1], evidence=[story.evidence(index)],
                          sides=[k for k in [story.side_of.get(unit.source)] if k], speaker=claim.speaker, rewrites=rewrites))
        if len(facts) >= limit:
            break
    return facts


def find_facts(story: Story) -> None:
    facts = []
    for cluster in story.clusters:
        fact = _fact_from_cluster(story, cluster)
        if fact is not None:
            facts.append(fact)
    # Most widely reported first, and among those, reported across more sides.
    facts.sort(key=lambda f: (-len(f.citations), -len(f.sides), f.evidence[0].source, f.evidence[0].start))
    facts = facts[: story.options.max_facts]
    if not facts and len(story.articles) == 1:
        facts = _single_source_facts(story, story.options.max_facts)
    story.brief.facts = facts


def coverage(story: Story) -> None:
    """Sources per side, and the facts no source of a side reports (that side's blind spots)."""
    from ..model import SideCoverage

    n = len(story.articles)
    out = []
    for side in story.brief.sides:
        sources = [i + 1 for i, key in story.side_of.items() if key == side.key]
        missing = [k for k, fact in enumerate(story.brief.facts) if not set(fact.citations) & set(sources)]
        out.append(SideCoverage(side=side.key, sources=sorted(sources), share=round(len(sources) / n, 3) if n else 0.0,
                                missing_facts=missing if sources else []))
    story.brief.coverage = out
