"""`parallax annotate`: stream JSON lines through every trained head, in bounded memory.

Each input line `{id, title?, text, url?, published?}` comes out as the same object plus
`lean`, `establishment`, `loaded`, `techniques`, `narratives` and `subnarratives`.
Offsets (`loaded`, `techniques`) point into the input's own `text`: annotate reads it
verbatim (no page cleaning), because the caller's text is the reference.
A bad line becomes an error record `{line, id?, error}` in the output; the run goes on.
Lines are processed in batches; every sentence is embedded once and every head reuses those
vectors, pooled to paragraphs or the whole text where a model reads those (see `Embedded`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import numpy as np
from typing import IO, Iterator

from .errors import ParallaxError
from .model import Hints, RawInput
from .pipeline import Context, Pipeline
from .options import ReadOptions

ANNOTATE_STAGES = ("verbatim", "identify", "language", "sentences", "entities", "claims", "loaded")
ANNOTATE_MODELS: list[str] = []  # no model inside the reading stages: the heads run them on shared vectors
BATCH = 32


def _parse(line: str, number: int) -> tuple[dict | None, dict | None]:
    """(record, None) or (None, error record)."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return None, {"line": number, "error": f"not valid JSON: {error.msg} (column {error.colno})"}
    if not isinstance(record, dict):
        return None, {"line": number, "error": "expected a JSON object"}
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        return None, {"line": number, "id": record.get("id"), "error": "no text"}
    return record, None


def _heads():
    """The trained heads, loaded on first use. Each takes (records, articles, vectors) -> list[dict of fields]."""
    from .annotate_heads import HEADS

    return HEADS


def annotate_stream(lines: Iterator[str], out: IO[str], *, batch: int = BATCH, progress=None) -> dict:
    """Annotate every line; returns counts {read, annotated, errors}."""
    counts = {"read": 0, "annotated": 0, "errors": 0}
    # One pipeline and one context for the whole stream: resources (lexicons, alias tables) load once.
    reader = (Pipeline(ANNOTATE_STAGES), Context(options=ReadOptions(corpus_stats=False, extra={"models": list(ANNOTATE_MODELS)})))
    pending: list[tuple[int, dict | None, dict | None]] = []  # (line, record, error), in input order
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        counts["read"] += 1
        record, error = _parse(line, number)
        pending.append((number, record, error))
        if len(pending) >= batch:
            _flush(pending, out, counts, reader)
            pending = []
        if progress is not None:
            progress.update(1)
    if pending:
        _flush(pending, out, counts, reader)
    return counts


@dataclass
class Embedded:
    """One embedding pass over a batch: every sentence of every text, once. Everything else is
    pooled from those vectors (means, renormalised), so no head embeds anything again."""

    sentence_vectors: list[np.ndarray]  # per text: one row per `article.sentences` entry (BABE words, technique spans)
    paragraphs: list[list[tuple[int, int]]]  # per text: paragraph spans in the text
    paragraph_vectors: list[np.ndarray]  # per text: mean of each paragraph's sentences (techniques)
    lean: np.ndarray  # per text: mean of the sentences in its first ~180 words (the lean model reads the opening)
    documents: np.ndarray  # per text: mean of all its sentences (narratives)


_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?!\s*\n)[^\n]*)*")
LEAN_WORDS = 180


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    """Blank-line separated paragraphs, stripped, as (start, end) offsets into text."""
    spans = []
    for m in _PARAGRAPH.finditer(text):
        chunk = m.group()
        if chunk.strip():
            lead = len(chunk) - len(chunk.lstrip())
            spans.append((m.start() + lead, m.start() + len(chunk.rstrip())))
    return spans or [(0, len(text))]


def _mean(vectors: np.ndarray) -> np.ndarray:
    if not len(vectors):
        return np.zeros(384, dtype=np.float32)
    pooled = vectors.mean(axis=0)
    return (pooled / (np.linalg.norm(pooled) or 1.0)).astype(np.float32)


def _embed_once(articles) -> Embedded:
    from .embed import get_embedder

    texts, owners = [], []
    for index, article in enumerate(articles):
        spans = [(s.start, s.end) for s in article.sentences] or [(0, len(article.text))]
        texts.extend(article.text[a:b] for a, b in spans)
        owners.append(len(spans))
    encoded = get_embedder().encode(texts)
    sentence_vectors, paragraphs, paragraph_vectors, lean, documents = [], [], [], [], []
    row = 0
    for article, count in zip(articles, owners):
        vectors = encoded[row:row + count]
        row += count
        starts = [s.start for s in article.sentences] or [0]
        sentence_vectors.append(vectors if article.sentences else vectors[:0])
        spans = paragraph_spans(article.text)
        paragraphs.append(spans)
        paragraph_vectors.append(np.stack([_mean(vectors[[k for k, st in enumerate(starts) if a <= st < b] or [0]]) for a, b in spans]))
        words, opening = 0, []
        for k, (a, b) in enumerate((s.start, s.end) for s in article.sentences):
            if k and words >= LEAN_WORDS:
                break
            opening.append(k)
            words += len(article.text[a:b].split())
        lean.append(_mean(vectors[opening or [0]]))
        documents.append(_mean(vectors))
    return Embedded(sentence_vectors, paragraphs, paragraph_vectors, np.stack(lean), np.stack(documents))


def _flush(pending: list[tuple[int, dict | None, dict | None]], out: IO[str], counts: dict, reader) -> None:
    """Annotate one batch and write it, in input order (error records where lines failed)."""
    from .pipeline import Doc

    pipeline, ctx = reader
    results: list[dict | None] = []
    good = []
    for number, record, error in pending:
        if error is None:
            raw = RawInput(origin=f"line {number}", text=record["text"], format="text", url=record.get("url"),
                           hints=Hints(title=record.get("title"), url=record.get("url"), published=record.get("published")))
            try:
                article = pipeline.run(Doc(raw), ctx)
                good.append((len(results), record, article))
                results.append(None)
                continue
            except ParallaxError as failure:
                error = {"line": number, "id": record.get("id"), "error": failure.message}
            except Exception as failure:  # a bug on one line must not stop the stream
                error = {"line": number, "id": record.get("id"), "error": f"internal error: {type(failure).__name__}: {failure}"}
        results.append(error)
        counts["errors"] += 1
    if good:
        embedded = _embed_once([a for _, _, a in good])
        fields: list[dict] = [{} for _ in good]
        for head in _heads():
            for target, values in zip(fields, head([r for _, r, _ in good], [a for _, _, a in good], embedded)):
                target.update(values)
        for (slot, record, _), extra in zip(good, fields):
            results[slot] = {**record, **extra}
            counts["annotated"] += 1
    for item in results:
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
