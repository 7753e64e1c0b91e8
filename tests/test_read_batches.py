"""Reading in batches, stage by stage: the same articles, errors and order as reading one document at a time."""

from __future__ import annotations

import pytest

from parallax import pipeline
from parallax.errors import InputError
from parallax.ingest import collect
from parallax.model import RawInput
from parallax.options import ReadOptions
from parallax.pipeline import REGISTRY, READ_STAGES, Context, Doc, Pipeline, StageFailure, read_raw, register

from conftest import EXAMPLES, comparable_results

NOISE_ONLY = RawInput(origin="noise-only.txt", text="Subscribe to our newsletter\nShare this article\n", format="text")


def _one_at_a_time(raws, stages=READ_STAGES):
    """What reading each input alone gives: `Pipeline.run` on one document, its error caught as read_raw does."""
    ctx, reader, results = Context(), Pipeline(stages), []
    docs = [Doc(raw) for raw in raws]
    reader.prepare(docs, ctx)  # the cross-document pass sees all of them, as in read_raw
    for doc in docs:
        try:
            results.append(reader.run(doc, ctx))
        except InputError as error:
            results.append(error)
        except Exception as error:
            results.append(StageFailure(doc.raw.origin, error))
    return results


@pytest.fixture
def recorder():
    """Two stages that record which document each is called for, in call order, and a third that fails on
    inputs named '...-bug'."""
    calls: list[tuple[str, str]] = []

    def recording(name):
        def run(doc, ctx):
            calls.append((name, doc.raw.origin))
            if name == "test-fails" and doc.raw.origin.endswith("-bug"):
                raise ValueError(f"broken on purpose: {doc.raw.origin}")
        return run

    for name in ("test-first", "test-fails", "test-last"):
        register(name, needs=("text",), adds=())(recording(name))
    yield calls
    for name in ("test-first", "test-fails", "test-last"):
        del REGISTRY[name]


def test_batches_read_the_same_articles_errors_and_order_as_one_document_at_a_time(seeds_dir, monkeypatch):
    monkeypatch.setattr(pipeline, "READ_BATCH", 3)  # the examples and seeds then span several batches
    raws = list(collect([str(EXAMPLES), str(seeds_dir)], ReadOptions()))
    raws.insert(4, NOISE_ONLY)  # fails after cleaning, in the middle of the second batch
    batched = comparable_results(read_raw(raws, Context()))
    assert len(batched) == len(raws) >= 12
    assert batched[4] == ("error", "noise-only.txt: no article text left after cleaning")
    assert batched == comparable_results(_one_at_a_time(raws))


def test_each_stage_reads_the_whole_batch_before_the_next_and_a_failed_document_drops_out(recorder, monkeypatch):
    monkeypatch.setattr(pipeline, "READ_BATCH", 3)
    monkeypatch.delenv("PARALLAX_DEBUG", raising=False)
    text = "The council met on Monday. It approved the budget after a long debate about the roads."
    names = ["d0", "d1-bug", "d2", "d3", "d4"]
    raws = [RawInput(origin=name, text=f"{text} Item {i}.", format="text") for i, name in enumerate(names)]
    stages = (*READ_STAGES[:2], "test-first", "test-fails", "test-last")
    results = list(read_raw(raws, Context(), stages=stages))

    assert [type(r).__name__ for r in results] == ["Article", "StageFailure", "Article", "Article", "Article"]
    assert results[1].origin == "d1-bug" and "broken on purpose: d1-bug" in str(results[1].error)
    assert recorder == [
        ("test-first", "d0"), ("test-first", "d1-bug"), ("test-first", "d2"),
        ("test-fails", "d0"), ("test-fails", "d1-bug"), ("test-fails", "d2"),
        ("test-last", "d0"), ("test-last", "d2"),  # the failed document is not read further; the others are
        ("test-first", "d3"), ("test-first", "d4"),
        ("test-fails", "d3"), ("test-fails", "d4"),
        ("test-last", "d3"), ("test-last", "d4"),
    ]
    assert comparable_results(results) == comparable_results(_one_at_a_time(raws, stages))


def test_a_bug_in_a_batch_is_raised_with_debugging_on(recorder, monkeypatch):
    monkeypatch.setenv("PARALLAX_DEBUG", "1")
    raws = [RawInput(origin=name, text="The council met on Monday and approved the budget.", format="text")
            for name in ("d0", "d1-bug")]
    with pytest.raises(ValueError, match="broken on purpose: d1-bug"):
        list(read_raw(raws, Context(), stages=(*READ_STAGES[:2], "test-fails")))


def test_the_reader_lets_go_of_the_articles_it_has_handed_out(monkeypatch):
    import gc
    import weakref

    monkeypatch.setattr(pipeline, "READ_BATCH", 2)
    raws = [RawInput(origin=f"d{i}", text=f"The council met on Monday and approved item {i}.", format="text") for i in range(8)]
    reader = read_raw(raws, Context())
    handed_out = [weakref.ref(next(reader)) for _ in range(6)]  # three batches, the caller keeping none
    gc.collect()
    # Only the article just handed out is still the reader's (until the next is asked for): a long run does
    # not hold every article it has read, nor a whole batch (nor make the collector walk them).
    assert [ref() is None for ref in handed_out] == [True, True, True, True, True, False]
    assert len(list(reader)) == 2


def test_the_collector_is_paused_while_a_batch_is_handed_out_and_resumes_after(monkeypatch):
    import gc

    monkeypatch.setattr(pipeline, "READ_BATCH", 3)
    raws = [RawInput(origin=f"d{i}", text=f"The council met on Monday and approved item {i}.", format="text") for i in range(5)]
    assert gc.isenabled()
    try:
        reader = read_raw(raws, Context())
        paused = [not gc.isenabled() for _ in reader]
        assert paused == [True] * 5 and gc.isenabled()
        reader = read_raw(raws, Context())
        next(reader)
        assert not gc.isenabled()
        reader.close()  # a caller that stops partway
        assert gc.isenabled()
        gc.disable()  # a caller that paused the collector itself finds it paused afterwards
        assert len(list(read_raw(raws, Context()))) == 5 and not gc.isenabled()
    finally:
        gc.enable()
