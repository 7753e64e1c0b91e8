"""`--jobs`: reading in forked processes gives the same articles, errors and order as one process."""

from __future__ import annotations

import json
import pickle

import pytest

from parallax.cli import main
from parallax.errors import InputError
from parallax.ingest import collect
from parallax.model import RawInput
from parallax.options import ReadOptions
from parallax.pipeline import REGISTRY, READ_STAGES, Context, StageFailure, read_raw, register, worker_count

from conftest import EXAMPLES, comparable_results


def _inputs(seeds_dir):
    options = ReadOptions()
    raws = list(collect([str(EXAMPLES), str(seeds_dir)], options))
    # An input that is all page noise fails in the middle of the run; its place in the output must hold.
    raws.insert(4, RawInput(origin="noise-only.txt", text="Subscribe to our newsletter\nShare this article\n", format="text"))
    return raws


def test_two_jobs_read_the_same_articles_errors_and_order_as_one(seeds_dir):
    raws = _inputs(seeds_dir)
    serial = comparable_results(read_raw(raws, Context(options=ReadOptions(jobs=1))))
    forked = comparable_results(read_raw(raws, Context(options=ReadOptions(jobs=2))))
    assert len(serial) == len(raws) >= 12
    assert serial[4] == ("error", "noise-only.txt: no article text left after cleaning")
    assert forked == serial


class _Unpicklable(Exception):
    def __init__(self):
        super().__init__("broken on purpose")
        self.handle = lambda: None  # a lambda cannot be pickled: the error cannot travel as it is


@pytest.fixture
def failing_stage():
    @register("test-fails-on-odd", needs=("text",), adds=())
    def fails_on_odd(doc, ctx):
        if doc.raw.origin.endswith("odd"):
            raise _Unpicklable()

    yield "test-fails-on-odd"
    del REGISTRY["test-fails-on-odd"]


def test_a_bug_in_a_forked_reader_is_reported_for_its_input_only(failing_stage):
    text = "The council met on Monday. It approved the budget after a long debate about the roads."
    raws = [RawInput(origin=f"doc{i}-{'odd' if i % 2 else 'even'}", text=text + f" Item {i}.", format="text") for i in range(10)]
    stages = (*READ_STAGES[:2], failing_stage)
    results = list(read_raw(raws, Context(options=ReadOptions(jobs=2)), stages=stages))
    assert [isinstance(r, StageFailure) for r in results] == [i % 2 == 1 for i in range(10)]
    failure = results[1]
    assert failure.origin == "doc1-odd"
    assert "_Unpicklable" in str(failure.error) and "broken on purpose" in str(failure.error)


def test_input_errors_keep_where_they_happened_when_pickled():
    error = pickle.loads(pickle.dumps(InputError("empty file", where="a.txt")))
    assert isinstance(error, InputError) and error.where == "a.txt" and str(error) == "a.txt: empty file"


def test_worker_count_uses_the_cores_for_zero_and_never_forks_for_a_few_documents():
    assert worker_count(1, 1000) == 1
    assert worker_count(2, 1000) == 2
    assert worker_count(0, 1000) >= 1
    assert worker_count(8, 5) == 1  # five documents are read faster than a pool starts


def test_cli_jobs_output_is_byte_identical_and_negative_jobs_is_a_usage_error(capsys, seeds_dir):
    paths = [str(EXAMPLES), str(seeds_dir)]
    assert main(["read", "--json", "--jobs", "1", *paths]) == 0
    one = capsys.readouterr().out
    assert main(["read", "--json", "--jobs", "2", *paths]) == 0
    two = capsys.readouterr().out
    assert one == two and len(json.loads(one)) >= 11
    assert main(["read", "--jobs", "-1", *paths]) == 2
    assert "--jobs" in capsys.readouterr().err


@pytest.mark.parametrize("enabled", [True, False])
def test_reading_leaves_the_garbage_collector_as_it_found_it(enabled):
    import gc

    raws = [RawInput(origin=f"d{i}", text="The council met on Monday and approved the budget.", format="text") for i in range(3)]
    was = gc.isenabled()
    try:
        (gc.enable if enabled else gc.disable)()
        results = list(read_raw(raws, Context()))
        assert gc.isenabled() is enabled
        assert all(not isinstance(r, (InputError, StageFailure)) for r in results)
    finally:
        (gc.enable if was else gc.disable)()


def test_forked_readers_reading_batches_give_the_same_results_in_order():
    # Enough documents that each forked task is a batch of several (50 // (2 readers * 8) = 3 per batch).
    places = ["Harbour", "Valley", "Bridge", "Market", "Station"]
    raws = [RawInput(origin=f"d{i}.txt", text=f"{places[i % 5]} council meets\n\nThe {places[i % 5].lower()} council of "
                     f"Town{i} met on Monday and approved {i * 3} new posts, the mayor said.", format="text") for i in range(50)]
    raws[17] = RawInput(origin="noise.txt", text="Subscribe to our newsletter\n", format="text")
    serial = comparable_results(read_raw(raws, Context(options=ReadOptions(jobs=1))))
    forked = comparable_results(read_raw(raws, Context(options=ReadOptions(jobs=2))))
    assert [r[0] for r in serial].count("error") == 1 and serial[17][0] == "error"
    assert forked == serial
