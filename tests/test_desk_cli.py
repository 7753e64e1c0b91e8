"""The desk's commands end to end: ingest (files, WARC, private URLs), stories --json, story-brief, publishers."""

from __future__ import annotations

import io
import json

from parallax.cli import main
from parallax.desk.store import Store

ROOT = __import__("conftest").ROOT
EXAMPLES = ROOT / "examples"


def test_ingest_twice_then_stories_json(tmp_path, capsys):
    db = str(tmp_path / "desk.db")
    assert main(["ingest", str(EXAMPLES), "--manifest", str(EXAMPLES / "manifest.csv"), "--db", db, "--no-briefs"]) == 0
    assert "6 new, 0 updated, 0 duplicate, 0 failed" in capsys.readouterr().err
    assert main(["ingest", str(EXAMPLES), "--db", db, "--no-briefs"]) == 0
    assert "0 new, 0 updated, 6 duplicate" in capsys.readouterr().err
    assert main(["stories", "--db", db, "--json"]) == 0
    stories = json.loads(capsys.readouterr().out)
    assert len(stories) == 1
    (story,) = stories
    assert set(story) == {"id", "title", "updated", "articles"} and len(story["articles"]) == 6
    for article in story["articles"]:
        assert {"id", "title", "publisher"} <= set(article) and ("url" in article or "path" in article)
    assert any(a.get("path", "").endswith("05-think-tank-analysis.jsonl") or a.get("url") for a in story["articles"])


def test_private_addresses_are_refused_with_a_message(tmp_path, capsys):
    code = main(["ingest", "http://127.0.0.1:9/article", "--db", str(tmp_path / "desk.db")])
    err = capsys.readouterr().err
    assert code == 3
    assert "loopback" in err and "--allow-private" in err and "Traceback" not in err


def test_warc_records_are_ingested(tmp_path, capsys):
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    warc = tmp_path / "crawl.warc.gz"
    with open(warc, "wb") as stream:
        writer = WARCWriter(stream, gzip=True)
        for name, media_type in (("01-wire-dam-seized.txt", "text/plain; charset=utf-8"),
                                 ("04-korvany-courier-opinion.html", "text/html; charset=utf-8")):
            body = (EXAMPLES / name).read_bytes()
            headers = StatusAndHeaders("200 OK", [("Content-Type", media_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(f"https://archive.example/{name}", "response",
                                                          payload=io.BytesIO(body), http_headers=headers))
        image = StatusAndHeaders("200 OK", [("Content-Type", "image/png")], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record("https://archive.example/logo.png", "response",
                                                      payload=io.BytesIO(b"\x89PNG\r\n"), http_headers=image))
    db = tmp_path / "desk.db"
    assert main(["ingest", str(warc), "--db", str(db), "--no-briefs"]) == 0
    assert "2 new" in capsys.readouterr().err
    with Store(db) as store:
        urls = sorted(a["url"] for s in store.stories_json() for a in s["articles"])
    assert urls == ["https://archive.example/01-wire-dam-seized.txt", "https://archive.example/04-korvany-courier-opinion.html"]


def test_story_brief_with_a_publisher_table(tmp_path, capsys):
    db = tmp_path / "desk.db"
    inputs = [str(EXAMPLES / "01-wire-dam-seized.txt"), str(EXAMPLES / "03-blog-lesna-ledger.txt")]
    code = main(["ingest", *inputs, "--manifest", str(EXAMPLES / "manifest.csv"), "--db", str(db),
                 "--publishers", str(ROOT / "docs" / "publishers.example.yaml")])
    assert code == 0 and "briefs rebuilt: 1" in capsys.readouterr().err
    with Store(db) as store:
        (story,) = store.list_stories()
        ledger = store.get_publisher("The Lesna Ledger")
        rated = store.get_story(story["id"])
    assert ledger["establishment"] == 1.5 and "independent blog" in ledger["reason"]
    assert len(ledger["history"]) == 1 and ledger["history"][0]["establishment"] is not None
    assert rated["brief"]["sources"] and not rated["brief_stale"] and rated["coverage"]["lean"]
    out = tmp_path / "out"
    assert main(["story-brief", str(story["id"]), "--db", str(db), "--out", str(out), "--format", "json"]) == 0
    brief = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert {s["publisher"] for s in brief["sources"]} == {"Continental Press", "The Lesna Ledger"}
    assert main(["story-brief", "999", "--db", str(db)]) == 2
    assert "no story 999" in capsys.readouterr().err
    # The spelling: `parallax brief --story ID --db FILE` gives the same brief.
    assert main(["brief", "--story", str(story["id"]), "--db", str(db), "--out", str(tmp_path / "o2"), "--format", "json"]) == 0
    assert json.loads((tmp_path / "o2" / "brief.json").read_text(encoding="utf-8")) == brief
    assert main(["brief", "--story", str(story["id"]), str(EXAMPLES)]) == 2


def test_a_malformed_publisher_table_is_a_usage_error(tmp_path, capsys):
    table = tmp_path / "publishers.yaml"
    table.write_text("publishers:\n  - name: Somewhere Daily\n    lean: sideways\n", encoding="utf-8")
    code = main(["ingest", str(EXAMPLES / "01-wire-dam-seized.txt"), "--db", str(tmp_path / "d.db"), "--publishers", str(table)])
    assert code == 2 and "lean must be" in capsys.readouterr().err
