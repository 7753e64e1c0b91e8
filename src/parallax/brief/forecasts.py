"""Forecasts, the nerd narrative: stated probabilities in the articles, plus a user's forecast file.

From the articles: a sentence that gives a percentage together with a probability
word ("chance", "probability", "likelihood", "odds") is a forecast with that
probability; the forecaster is the claim's speaker ("according to the ... community"),
the resolution date is the date after "before"/"by"/"until" when the sentence has
one. Verbal likelihoods ("likely", "a realistic possibility") are not turned into
numbers: that would be inventing precision.

From `--forecasts FILE`: a JSON list of {question, probability, source, url, date},
kept when the question is close in meaning to what the articles say.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np

from ..embed import get_embedder
from ..errors import UsageError
from ..model import Forecast
from .clauses import clause_around, previous_value
from .story import Story

PROBABILITY_WORDS = re.compile(r"\b(chance|chances|probability|likelihood|odds|forecast|predict\w*|prediction)\b", re.I)
DEADLINE = re.compile(r"\b(before|by|until|no later than|ahead of|by the end)\s*$", re.I)
DEADLINE_IN_DATE = re.compile(r"^(before|by|until|no later than|ahead of)\b", re.I)
MATCH_SIMILARITY = 0.45  # mean of the question's three closest sentences in the story
SAME_FORECAST = 0.75


def _article_forecasts(story: Story) -> list[Forecast]:
    found: list[tuple[Forecast, int]] = []
    for index, unit in enumerate(story.units):
        claim = unit.claim
        if claim is None or not PROBABILITY_WORDS.search(unit.text):
            continue
        article = story.articles[unit.source]
        claims = story.claims_of(index)
        quantities = [q for c in claims for q in c.quantities]
        dates = [d for c in claims for d in c.dates]
        speaker = next((c.speaker for c in claims if c.speaker), None)
        percents = [q for q in quantities if q.unit == "%" and q.value is not None and 0 <= q.value <= 100
                    and unit.start <= q.start < unit.end]
        for q in percents:
            start, end = clause_around(article.text, unit.start, unit.end, q.start, q.end)
            if previous_value(article.text, start, q.start):
                continue  # "down from 40% a week ago": an earlier forecast, not the current one
            # The probability word may stand in an earlier clause of the same statement ("the probability
            # that X ... at about 60%"), but never in a later one.
            if not PROBABILITY_WORDS.search(article.text[unit.start:end]):
                continue
            # The deadline is the first "before/by/until <date>" after this probability and before the next one.
            following = [p.start for p in percents if p.start > q.start]
            stop = min(following) if following else unit.end
            resolution = next((d.date for d in sorted(dates, key=lambda d: d.start)
                               if d.date and q.end <= d.start < stop
                               and (DEADLINE_IN_DATE.match(d.text) or DEADLINE.search(article.text[max(unit.start, d.start - 20):d.start]))), None)
            forecast = Forecast(text=unit.text, probability=round(q.value / 100, 4), forecaster=speaker,
                                resolution_date=resolution, citations=[unit.source + 1], evidence=[story.evidence(index)])
            _merge_or_add(story, found, forecast, index)
    return [f for f, _ in found]


def _merge_or_add(story: Story, found: list[tuple[Forecast, int]], forecast: Forecast, index: int) -> None:
    """The same forecast reported by several sources is one forecast with several citations."""
    source = story.units[index].source + 1
    for existing, other in found:
        if existing.probability == forecast.probability and float(story.vectors[index] @ story.vectors[other]) >= SAME_FORECAST:
            if source not in existing.citations:
                existing.citations.append(source)
                existing.evidence.append(story.evidence(index))
            return
    found.append((forecast, index))


def load_forecast_file(path: str) -> list[dict]:
    where = f"--forecasts {path}"
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read the file: {error}", where=where)
    except json.JSONDecodeError as error:
        raise UsageError(f"not valid JSON (line {error.lineno}: {error.msg})", where=where)
    if not isinstance(data, list):
        raise UsageError("expected a JSON list of {question, probability, source, url, date}", where=where)
    entries = []
    for n, item in enumerate(data, 1):
        if not isinstance(item, dict) or not isinstance(item.get("question"), str) or not item["question"].strip():
            raise UsageError(f"entry {n} has no question", where=where)
        p = item.get("probability")
        if isinstance(p, str) and p.strip().endswith("%"):
            p = p.strip()[:-1]
        try:
            p = float(p)
        except (TypeError, ValueError):
            raise UsageError(f"entry {n}: probability must be a number from 0 to 1 (or a percentage)", where=where)
        if 1 < p <= 100:
            p /= 100
        if not 0 <= p <= 1:
            raise UsageError(f"entry {n}: probability {item.get('probability')!r} is outside 0..1", where=where)
        entries.append({**item, "probability": p})
    return entries


def _file_forecasts(story: Story, entries: list[dict]) -> list[Forecast]:
    if not entries or story.vectors is None or not len(story.vectors):
        return []
    questions = get_embedder(cache=story.options.cache).encode([e["question"] for e in entries])
    similarities = questions @ story.vectors.T
    out = []
    for entry, sims in zip(entries, similarities):
        top = np.sort(sims)[::-1][:3]
        score = float(top.mean())
        if score < MATCH_SIMILARITY:
            continue
        out.append(Forecast(text=entry["question"], probability=round(entry["probability"], 4),
                            forecaster=entry.get("source"), resolution_date=entry.get("date"), citations=[], evidence=[],
                            origin="file", question=entry["question"], url=entry.get("url"), similarity=round(score, 3)))
    return out


def find_forecasts(story: Story) -> None:
    forecasts = _article_forecasts(story)
    if story.options.forecasts_file:
        forecasts += _file_forecasts(story, load_forecast_file(story.options.forecasts_file))
    story.brief.forecasts = forecasts
