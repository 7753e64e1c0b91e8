"""One contract, every stage (as scikit-learn's check_estimator): each registered
reading stage is run on the same inputs and must keep the same promises."""

from __future__ import annotations

import copy

import pytest

from parallax.model import RawInput
from parallax.pipeline import READ_STAGES, REGISTRY, Context, Doc, Pipeline, PipelineError, load_stages

load_stages()

SAMPLES = {
    "news": (
        "Storm Closes Harbour Bridge\n\nBy Ana Costa\n\n"
        "The Harbour Bridge in Valmora was closed on Tuesday after winds of at least 120 km/h, "
        "Mayor Ines Duarte said. \"We will reopen it when it is safe,\" she told reporters. "
        "According to the port authority, about 3,000 vehicles were diverted. Forecasters say there is "
        "a 30% chance of another storm before Friday. The so-called experts were wrong again.\n"
    ),
    "empty-ish": "Hello.",
    "unicode": "Prime Minister Łukasz Żak met Mr. O’Neill in São Paulo — “a good day,” he said… 50%!",
}


def _run_until(name: str, text: str) -> Doc:
    """Run every stage before `name` so that its needs are met, then return the doc."""
    order = list(READ_STAGES)
    doc = Doc(RawInput(origin="<test>", text=text, format="text"))
    ctx = Context()
    pipeline = Pipeline(order[: order.index(name)])
    for stage in pipeline.stages:
        stage.run(doc, ctx)
        doc.done.update(stage.adds)
    return doc


def _spans(article):
    """Every (start, end) pair the article claims, with a label."""
    for s in article.sentences:
        yield "sentence", s.start, s.end
    for e in article.entities:
        for m in e.mentions:
            yield "mention", m[0], m[1]
    for c in article.claims:
        yield "claim", c.start, c.end
        if c.speaker_span:
            yield "speaker", c.speaker_span[0], c.speaker_span[1]
        for q in c.quantities:
            yield "quantity", q.start, q.end
        for d in c.dates:
            yield "date", d.start, d.end
    for l in article.loaded:
        yield "loaded", l.start, l.end


@pytest.mark.parametrize("name", READ_STAGES)
@pytest.mark.parametrize("sample", sorted(SAMPLES))
def test_stage_contract(name, sample):
    stage = REGISTRY[name]
    doc = _run_until(name, SAMPLES[sample])
    before = copy.deepcopy(doc)
    stage.run(doc, Context())
    article = doc.article

    # 1. It adds what it declares.
    for attr in stage.adds:
        assert hasattr(article, attr), f"{name} declares {attr} but the article has no such field"

    # 2. Every offset is valid, and quoted text equals the text at its offsets.
    n = len(article.text)
    for label, start, end in _spans(article):
        assert 0 <= start <= end <= n, f"{name}: {label} span {start}:{end} outside text of length {n}"
    for c in article.claims:
        assert c.text == article.text[c.start:c.end]
        for q in c.quantities:
            assert q.text == article.text[q.start:q.end]
        for d in c.dates:
            assert d.text == article.text[d.start:d.end]
    for l in article.loaded:
        assert l.text == article.text[l.start:l.end]

    # 3. Deterministic: the same input gives the same output.
    again = before
    stage.run(again, Context())
    assert again.article == article


def test_pipeline_rejects_a_stage_order_that_cannot_work():
    with pytest.raises(PipelineError, match="needs"):
        Pipeline(["sentences", "clean"])


def test_every_read_stage_is_registered():
    assert set(READ_STAGES) <= set(REGISTRY)
