"""`parallax read` over a mix of good and bad inputs: one stderr line per bad input, no traceback,
the right exit code, and the good articles still printed.

These tests are about inputs, so the analysis stages are cut down to cleaning and
identification (they have their own tests); that keeps an unrelated stage in
progress from failing these, and keeps them fast.
"""

from __future__ import annotations

import functools
import json

import pytest

from parallax import pipeline
from parallax.cli import main
from parallax.errors import ExitCode


@pytest.fixture(autouse=True)
def input_stages_only(monkeypatch):
    monkeypatch.setattr(pipeline, "read_raw", functools.partial(pipeline.read_raw, stages=("clean", "identify")))


@pytest.fixture
def mixed(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_good.txt").write_text("Storm closes harbour bridge\n\nThe bridge closed on Tuesday, the mayor said.\n")
    (folder / "b_good.md").write_text("# Council votes\n\nThe council voted to reopen the library.\n")
    (folder / "c_cp1252.txt").write_bytes("\u201cCaf\u00e9\u201d owners \u2013 fed up \u2013 protest.".encode("cp1252"))
    (folder / "d_empty.txt").write_text("")
    (folder / "e_feed.jsonl").write_text(
        json.dumps({"title": "Wire story", "text": "A wire story body.", "publisher": "Wire"}) + "\n{broken\n"
    )
    (folder / "f_photo.jpg").write_bytes(b"\xff\xd8\xff" + bytes(200))  # junk in a folder: passed over
    (folder / ".DS_Store").write_bytes(bytes(64))
    binary = tmp_path / "named.bin"
    binary.write_bytes(b"\x7fELF" + bytes(200))
    return folder, binary


def run(capsys, *argv):
    code = main(["read", *map(str, argv)])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def test_good_inputs_are_printed_and_each_bad_one_gets_one_line(capsys, mixed, tmp_path):
    folder, binary = mixed
    code, out, err = run(capsys, folder, binary, tmp_path / "missing.txt", "--json")
    assert code == ExitCode.INPUT_FAILED
    articles = json.loads(out)
    # Title or body: which part a headline lands in is the cleaner's decision, not ingest's.
    readable = " ".join(f"{a['title'] or ''} {a['text']}" for a in articles)
    for words in ("harbour bridge", "reopen the library", "\u201cCaf\u00e9\u201d owners \u2013 fed up", "wire story body"):
        assert words in readable
    assert "Wire" in [a["publisher"] for a in articles]
    assert len(articles) == 4
    lines = err.strip().splitlines()
    expected = {
        f"{folder / 'd_empty.txt'}": "empty file",
        f"{folder / 'e_feed.jsonl'}:2": "invalid JSON",
        f"{binary}": "binary file",
        f"{tmp_path / 'missing.txt'}": "no such file",
    }
    assert len(lines) == len(expected), lines
    for where, message in expected.items():
        [line] = [l for l in lines if l.startswith(f"parallax: {where}: ")]
        assert message in line


def test_all_failed_is_exit_3(capsys, tmp_path):
    (tmp_path / "empty.txt").write_text("  \n")
    code, out, err = run(capsys, tmp_path / "empty.txt", "ftp://example.org/x.txt", "--json")
    assert code == ExitCode.NOTHING_READ
    assert json.loads(out) == []
    assert err.count("parallax: ") == 2 and "only http and https" in err


def test_none_failed_is_exit_0_and_the_report_is_printed(capsys, mixed):
    folder, _ = mixed
    good = [folder / "a_good.txt", folder / "b_good.md"]
    code, out, err = run(capsys, *good)
    assert code == ExitCode.OK and err == ""
    assert all(path.name in out for path in good)  # the report names each article's source


def test_refused_url_names_the_option(capsys):
    code, _, err = run(capsys, "http://127.0.0.1:9/article", "--timeout", "2")
    assert code == ExitCode.NOTHING_READ
    assert err.startswith("parallax: http://127.0.0.1:9/article: refused") and "--allow-private" in err


def test_malformed_manifest_is_a_usage_error(capsys, mixed, tmp_path):
    folder, _ = mixed
    manifest = tmp_path / "m.csv"
    manifest.write_text("path,publishr\na_good.txt,X\n")
    code, out, err = run(capsys, folder, "--manifest", manifest)
    assert code == ExitCode.USAGE
    assert out == "" and err.startswith("parallax: --manifest: ") and "unknown column" in err


def test_manifest_values_reach_the_output(capsys, mixed, tmp_path):
    folder, _ = mixed
    manifest = tmp_path / "m.yaml"
    manifest.write_text("- path: in/a_good.txt\n  publisher: Harbour Gazette\n  published: 2023-03-24\n")
    code, out, _ = run(capsys, folder / "a_good.txt", "--manifest", manifest, "--json")
    [article] = json.loads(out)
    assert code == ExitCode.OK
    assert (article["publisher"], article["published"]) == ("Harbour Gazette", "2023-03-24")


@pytest.mark.parametrize("inputs", ["mixed", "none", "one"])
def test_json_is_printed_as_read_and_is_what_one_json_dump_of_the_array_writes(capsys, mixed, tmp_path, inputs):
    folder, binary = mixed
    (tmp_path / "blank.txt").write_text("\n")
    paths = {"mixed": [folder, binary], "none": [tmp_path / "blank.txt"], "one": [folder / "a_good.txt"]}[inputs]
    code, out, _ = run(capsys, *paths, "--json")
    articles = json.loads(out)
    assert len(articles) == {"mixed": 4, "none": 0, "one": 1}[inputs]
    assert out == json.dumps(articles, ensure_ascii=False, indent=2) + "\n"
    assert code == {"mixed": ExitCode.INPUT_FAILED, "none": ExitCode.NOTHING_READ, "one": ExitCode.OK}[inputs]


def test_read_prints_each_article_before_the_next_batch_is_read(capsys, mixed, monkeypatch):
    folder, _ = mixed
    monkeypatch.setattr(pipeline, "READ_BATCH", 1)
    printed_when_read = []
    real_stage = pipeline.REGISTRY["identify"]

    def identify_noting_output(doc, ctx):  # what stdout holds when the next document is identified
        printed_when_read.append(capsys.readouterr().out.count('"id":'))
        real_stage.run(doc, ctx)

    monkeypatch.setitem(pipeline.REGISTRY, "identify", pipeline.Stage("identify", identify_noting_output, real_stage.needs, real_stage.adds))
    code, _, _ = run(capsys, folder / "a_good.txt", folder / "b_good.md", "--json")
    assert code == ExitCode.OK
    assert printed_when_read == [0, 1]  # the first article was out before the second was read


def test_a_bug_on_one_input_is_one_line_naming_it_and_the_others_are_printed(capsys, mixed, monkeypatch):
    folder, _ = mixed
    monkeypatch.delenv("PARALLAX_DEBUG", raising=False)
    real_stage = pipeline.REGISTRY["identify"]

    def identify_failing_on_the_council(doc, ctx):
        if "council" in doc.article.text:
            raise RuntimeError("simulated stage bug")
        real_stage.run(doc, ctx)

    monkeypatch.setitem(pipeline.REGISTRY, "identify", pipeline.Stage("identify", identify_failing_on_the_council, real_stage.needs, real_stage.adds))
    code, out, err = run(capsys, folder / "a_good.txt", folder / "b_good.md", "--json")
    assert code == ExitCode.INPUT_FAILED
    assert [a["title"] for a in json.loads(out)] == ["Storm closes harbour bridge"]
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "b_good.md" in lines[0] and "internal error (RuntimeError: simulated stage bug)" in lines[0]
