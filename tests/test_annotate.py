"""`parallax annotate`: every head's fields, order kept, bad lines as error records, streaming."""

from __future__ import annotations

import io
import json

from parallax.annotate import annotate_stream, paragraph_spans
from parallax.cli import main

from conftest import DATA

PARTISAN = ("These corrupt traitors have betrayed our great nation again! Every patriot knows the truth.\n\n"
            "The so-called experts in the regime of Valmora were wrong, the mayor said on Monday.")
NEUTRAL = "The council approved the budget on Tuesday. It will be published next week."


def _lines(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_annotate_adds_every_field_keeps_order_and_reports_bad_lines(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join([
        json.dumps({"id": "p", "title": "Enough", "text": PARTISAN, "url": "https://news.example/a"}),
        "{not json",
        json.dumps({"id": "empty", "text": "  "}),
        json.dumps({"id": "n", "text": NEUTRAL}),
    ]) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    code = main(["annotate", "--input", str(source), "--output", str(out)])
    assert code == 1  # some lines failed, the others were annotated
    assert "2 annotated, 2 with errors" in capsys.readouterr().err
    rows = _lines(out)
    assert [r.get("id") for r in rows] == ["p", None, "empty", "n"]
    assert rows[1]["line"] == 2 and "not valid JSON" in rows[1]["error"]
    assert rows[2]["error"] == "no text"
    techniques = {t.strip() for t in (DATA / "persuasion-semeval2023" / "techniques_subtask3.txt").read_text().split("\n") if t.strip()}
    for row in (rows[0], rows[3]):
        assert row["lean"]["label"] in {"left", "center", "right"} and 1 <= row["lean"]["score"] <= 5
        assert 1 <= row["establishment"]["score"] <= 5
        for span in row["loaded"]:
            assert row["text"][span["start"]:span["end"]] == span["text"]
        for t in row["techniques"]:
            assert t["label"] in techniques
            assert 0 <= t["start"] < t["end"] <= len(row["text"])
        assert isinstance(row["narratives"], list) and isinstance(row["subnarratives"], list)
    partisan, neutral = rows[0], rows[3]
    assert {s["text"] for s in partisan["loaded"]} & {"so-called experts", "regime"}
    assert partisan["techniques"] and len(partisan["techniques"]) > len(neutral["techniques"])
    assert partisan["url"] == "https://news.example/a"  # input fields pass through


def test_annotate_streams_in_batches():
    consumed = []

    def lines():
        for i in range(70):
            consumed.append(i)
            yield json.dumps({"id": str(i), "text": f"Item {i}: the council met on Monday and approved item {i}."})

    class Recorder(io.StringIO):
        first_write_at = None

        def write(self, s):
            if self.first_write_at is None:
                self.first_write_at = len(consumed)
            return super().write(s)

    out = Recorder()
    counts = annotate_stream(lines(), out, batch=32)
    assert counts == {"read": 70, "annotated": 70, "errors": 0}
    assert out.first_write_at <= 33  # the first batch was written before the rest was read
    assert len(out.getvalue().splitlines()) == 70


def test_paragraph_spans_are_stripped_offsets():
    text = "  First para.\nstill first.\n\n\nSecond para.  \n"
    spans = paragraph_spans(text)
    assert [text[a:b] for a, b in spans] == ["First para.\nstill first.", "Second para."]


def test_annotate_missing_input_is_a_usage_error(tmp_path, capsys):
    assert main(["annotate", "--input", str(tmp_path / "nope.jsonl"), "--output", str(tmp_path / "o.jsonl")]) == 2
    assert "cannot open" in capsys.readouterr().err
