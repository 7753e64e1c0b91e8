"""bench/compare.py: interleaved reading runs of this checkout and a reference, and their ratio."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT


@pytest.fixture(scope="module")
def compare_module():
    spec = importlib.util.spec_from_file_location("parallax_bench_compare", ROOT / "bench" / "compare.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_an_unknown_reference_is_refused_in_one_line(compare_module, data_dir, tmp_path, capsys):
    assert compare_module.main([str(tmp_path / "no-such-folder-or-revision"), "--data", str(data_dir)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("bench/compare.py: ") and "\n" not in err
    assert "no-such-folder-or-revision" in err


def test_a_git_revision_is_exported_as_its_source(compare_module, tmp_path):
    source = compare_module.reference_source("HEAD", tmp_path)
    committed = subprocess.run(["git", "-C", str(ROOT), "show", "HEAD:src/parallax/pipeline.py"],
                               capture_output=True, text=True, check=True).stdout
    assert (source / "parallax" / "pipeline.py").read_text(encoding="utf-8") == committed


def test_a_checkout_folder_is_taken_as_it_is(compare_module, tmp_path):
    assert compare_module.reference_source(str(ROOT), tmp_path) == ROOT / "src"
    assert compare_module.reference_source(str(ROOT / "src"), tmp_path) == ROOT / "src"
    assert not any(tmp_path.iterdir())  # nothing exported


def test_rounds_alternate_and_each_ratio_is_its_pair(compare_module, data_dir):
    lines = []
    result = compare_module.compare(ROOT / "src", rounds=2, n=3, data=Path(data_dir), report=lines.append)
    assert [pair["order"] for pair in result["rounds"]] == [["this", "reference"], ["reference", "this"]]
    for pair in result["rounds"]:
        assert pair["this"]["read"] == pair["reference"]["read"] == 3
        assert pair["ratio"] == pytest.approx(pair["this"]["ms_per_article"] / pair["reference"]["ms_per_article"])
    ratios = sorted(pair["ratio"] for pair in result["rounds"])
    assert result["median_ratio"] == pytest.approx(sum(ratios) / 2)
    claims = sorted(pair["this"]["stages"]["claims"]["ms_per_article"] / pair["reference"]["stages"]["claims"]["ms_per_article"]
                    for pair in result["rounds"])
    assert result["stage_ratios"]["claims"] == pytest.approx(sum(claims) / 2)
    assert {"clean", "sentences", "entities", "claims", "loaded"} <= set(result["stage_ratios"])
    assert len(lines) == 2 and all("CPU ratio" in line for line in lines)


def test_the_reference_can_run_on_another_interpreter(compare_module, data_dir, tmp_path):
    """The same code on two interpreters: each run records the build that ran it."""
    other = tmp_path / "python-wrapper"  # another path to this venv's interpreter
    ran = tmp_path / "wrapper-ran"
    other.write_text(f"#!/bin/sh\necho run >> {ran}\nexec {sys.executable} \"$@\"\n")
    other.chmod(0o755)
    result = compare_module.compare(ROOT / "src", rounds=1, n=2, data=Path(data_dir), report=lambda line: None,
                                    reference_python=str(other))
    pair = result["rounds"][0]
    assert pair["this"]["read"] == pair["reference"]["read"] == 2
    assert ran.read_text() == "run\n"  # the reference, and only it, went through the wrapper
    assert pair["this"]["interpreter"].startswith(os.path.realpath(sys.executable))
    assert pair["reference"]["interpreter"] == pair["this"]["interpreter"]
    assert "interpreters: this checkout" in compare_module.summary(result, "src")


def test_a_reference_interpreter_that_cannot_run_is_refused_in_one_line(compare_module, data_dir, tmp_path, capsys):
    missing = tmp_path / "no-such-python"
    assert compare_module.main([str(ROOT), "--reference-python", str(missing), "--n", "1", "--rounds", "1",
                                "--data", str(data_dir)]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("bench/compare.py: cannot run ") and str(missing) in err and "\n" not in err
