"""`parallax annotate`: stream JSON lines through every trained head, in bounded memory.

Each input line `{id, title?, text, url?, published?}` comes out as the same object plus
`lean`, `establishment`, `loaded`, `techniques`, `narratives` and `subnarratives`.
Offsets (`loaded`, `techniques`) point into the input's own `text`: annotate reads it
verbatim (no page cleaning), because the caller's text is the reference.
A bad line becomes an error record `{line, id?, error}` in the output; the run goes on.
Lines are processed in batches; each text is embedded once, paragraph by paragraph, and every
head reuses those vectors (see `Embedded`).
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
    pending: list[tuple[int, dict | None, dict | None]] = []  # (line, record, error), in input order
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        counts["read"] += 1
        record, error = _parse(line, number)
        pending.append((number, record, error))
        if len(pending) >= batch:
            _flush(pending, out, counts)
            pending = []
        if progress is not None:
            progress.update(1)
    if pending:
        _flush(pending, out, counts)
    return counts


@dataclass
class Embedded:
    """One embedding pass over a batch, shared by every head."""

    lean: np.ndarray  # per text: mean of the paragraphs in its first ~180 words (what the lean model reads)
    documents: np.ndarray  # per text: mean of all its paragraphs (what the narratives model reads)
    paragraphs: list[list[tuple[int, int]]]  # per text: paragraph spans in the text
    paragraph_vectors: list[np.ndarray]  # per text: one vector per paragraph (what the techniques model reads)


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


def _embed_once(texts: list[str]) -> Embedded:
    from .embed import get_embedder
    from .models.narratives.features import pool_chunks

    pieces, owners, spans = [], [], []
    for index, text in enumerate(texts):
        spans.append(paragraph_spans(text))
        for start, end in spans[-1]:
            pieces.append(text[start:end])
            owners.append(index)
    encoded = get_embedder().encode(pieces)
    documents = pool_chunks(encoded, owners, len(texts))
    lean_rows, lean_owners, per_text, row = [], [], [], 0
    for index, text_spans in enumerate(spans):
        vectors = encoded[row:row + len(text_spans)]
        per_text.append(vectors)
        words = 0
        for k, (start, end) in enumerate(text_spans):
            if k and words >= LEAN_WORDS:
                break
            lean_rows.append(row + k)
            lean_owners.append(index)
            words += len(texts[index][start:end].split())
        row += len(text_spans)
    lean = pool_chunks(encoded[lean_rows], lean_owners, len(texts))
    return Embedded(lean, documents, spans, per_text)


def _flush(pending: list[tuple[int, dict | None, dict | None]], out: IO[str], counts: dict) -> None:
    """Annotate one batch and write it, in input order (error records where lines failed)."""
    from .pipeline import Doc

    pipeline = Pipeline(ANNOTATE_STAGES)
    ctx = Context(options=ReadOptions(corpus_stats=False, extra={"models": ["babe"]}))
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
        embedded = _embed_once([a.text for _, _, a in good])
        fields: list[dict] = [{} for _ in good]
        for head in _heads():
            for target, values in zip(fields, head([r for _, r, _ in good], [a for _, _, a in good], embedded)):
                target.update(values)
        for (slot, record, _), extra in zip(good, fields):
            results[slot] = {**record, **extra}
            counts["annotated"] += 1
    for item in results:
        out.write(json.dumps(item, ensure_ascii=False) + "\n")
