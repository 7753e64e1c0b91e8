"""`parallax eval` end to end on a small sample."""

import json

from parallax.cli import main

from conftest import DATA


def test_eval_prints_our_score_beside_anchor_and_baseline(capsys):
    code = main(["eval", "extraction", "--limit", "4", "--data", str(DATA), "--json"])
    out = capsys.readouterr().out
    assert code == 0
    rows = json.loads(out)
    html = next(r for r in rows if "HTML" in r["metric"])
    assert html["n"] == 4 and 0.5 < html["ours"] <= 1 and html["anchor"] == 0.945 and html["baseline"] is not None
    plain = next(r for r in rows if "plain text" in r["metric"])
    assert plain["ours"] > plain["baseline"]  # cleaning beats the uncleaned page text


def test_eval_rejects_unknown_tasks_and_missing_data(tmp_path, capsys):
    assert main(["eval", "no-such-task"]) == 2
    assert main(["eval", "extraction", "--data", str(tmp_path / "missing")]) == 2
    err = capsys.readouterr().err
    assert "unknown task" in err and "no data folder" in err and "Traceback" not in err


def test_eval_lists_its_tasks(capsys):
    assert main(["eval", "--list"]) == 0
    assert "extraction" in capsys.readouterr().out


def test_eval_model_tasks_report_recorded_cross_validation(capsys):
    code = main(["eval", "babe-model", "persuasion", "narratives", "--data", str(DATA), "--json"])
    rows = json.loads(capsys.readouterr().out)
    assert code == 0 and {r["task"] for r in rows} == {"babe-model", "persuasion", "narratives"}
    for row in rows:
        assert "recorded" in row["metric"] and row["anchor"] is not None
        assert row["ours"] > row["baseline"]  # every shipped model beats its simple baseline
