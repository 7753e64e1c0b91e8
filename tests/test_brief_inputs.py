"""The brief with awkward input: one article, strays, copies, other languages, many articles; and its CLI."""

from __future__ import annotations

import json
import shutil

import pytest

from parallax.brief import BriefOptions, build_story
from parallax.cli import main
from parallax.evaluation.roundups import load_stories

from brief_helpers import read_articles, read_texts
from conftest import DATA, EXAMPLES, seed_path


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    return str(tmp_path_factory.getbasetemp() / "embeddings.sqlite")


def _roundup_stories(n: int) -> list[dict]:
    return load_stories(DATA, n)


def test_a_brief_of_one_article_says_it_has_a_single_source(cache):
    story = build_story(read_articles([EXAMPLES / "01-wire-dam-seized.txt"]), BriefOptions(cache=cache))
    assert len(story.brief.sources) == 1
    assert any("single source" in note for note in story.brief.notes)
    assert story.brief.facts and all(f.citations == [1] for f in story.brief.facts)


def test_an_unrelated_article_is_left_out_and_named(seeds_dir, cache):
    stray = _roundup_stories(1)[0]["articles"][1]  # a US Supreme Court story among war reports
    articles = read_articles([seeds_dir]) + read_texts([{"text": "\n\n".join(stray["body"]), "title": stray["title"],
                                                         "origin": "stray", "url": stray["url"]}])
    story = build_story(articles, BriefOptions(cache=cache))
    assert len(story.brief.sources) == 5
    assert [e.origin for e in story.brief.excluded if e.reason.startswith("off-topic")] == [stray["url"]]


def test_a_syndicated_copy_is_merged_not_counted(seeds_dir, tmp_path, cache):
    for f in sorted(seeds_dir.glob("*.txt"))[:3]:
        shutil.copy(f, tmp_path / f.name)
    original = seed_path("002")
    text = original.read_text(encoding="utf-8")
    (tmp_path / "zz-syndicated.txt").write_text("Reposted from a partner site\n\n" + text, encoding="utf-8")
    story = build_story(read_articles([tmp_path]), BriefOptions(cache=cache))
    assert len(story.brief.sources) == 3
    copy = [e for e in story.brief.excluded if "duplicate" in e.reason]
    assert len(copy) == 1 and copy[0].origin.endswith("zz-syndicated.txt")
    kept = next(s for s in story.brief.sources if s.path.endswith(original.name))
    assert kept.copies and kept.copies[0].endswith("zz-syndicated.txt")


def test_an_article_in_another_language_is_left_out_with_the_reason(cache):
    russian = ("Власти региона сообщили, что после прорыва плотины эвакуированы жители трёх сёл. "
               "По словам губернатора, спасатели работают круглосуточно, а уровень воды начал снижаться. "
               "Жителям раздают питьевую воду и одеяла в пунктах временного размещения.")
    articles = read_articles([EXAMPLES / "01-wire-dam-seized.txt", EXAMPLES / "06-regional-gazette.txt"])
    articles += read_texts([{"text": russian, "origin": "ru.txt"}])
    assert articles[-1].language == "ru"
    story = build_story(articles, BriefOptions(cache=cache))
    assert len(story.brief.sources) == 2
    assert [e.origin for e in story.brief.excluded if "language 'ru'" in e.reason] == [articles[-1].id]


@pytest.mark.slow
def test_a_brief_of_two_hundred_articles_works(cache):
    items = []
    for story in _roundup_stories(72):
        for article in story["articles"]:
            items.append({"text": "\n\n".join(article["body"]), "title": article["title"], "publisher": article["source"],
                          "url": article["url"], "origin": article["url"]})
    articles = read_texts(items)
    assert len(articles) >= 200
    story = build_story(articles, BriefOptions(cache=cache))
    assert len(story.brief.sources) + len(story.brief.excluded) == len(articles)
    for fact in story.brief.facts:
        for e in fact.evidence:
            assert e.quote == story.articles[e.source - 1].text[e.start:e.end]


def test_cli_writes_three_formats_and_prints_a_summary(tmp_path, capsys):
    out = tmp_path / "brief"
    code = main(["brief", str(EXAMPLES), "--manifest", str(EXAMPLES / "manifest.csv"), "--out", str(out)])
    printed = capsys.readouterr()
    assert code == 0, printed.err
    assert {p.name for p in out.iterdir()} == {"brief.json", "brief.md", "brief.html"}
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    assert data["schema"] == "parallax.brief/1" and len(data["sources"]) == 6
    assert "6 sources" in printed.out and "brief.html" in printed.out
    assert "Traceback" not in printed.err


def test_cli_forecast_file_is_matched_by_meaning(tmp_path, capsys):
    forecasts = tmp_path / "forecasts.json"
    forecasts.write_text(json.dumps([
        {"question": "Will Ardesia and Korvany agree a ceasefire over the Hollin dam before June?", "probability": 0.3,
         "source": "A forecasting site", "url": "https://forecasts.example/q/1", "date": "2025-06-01"},
        {"question": "Will the central bank of a distant country cut interest rates this year?", "probability": 0.6,
         "source": "Another site", "url": "https://forecasts.example/q/2", "date": "2025-12-31"},
    ]), encoding="utf-8")
    code = main(["brief", str(EXAMPLES), "--manifest", str(EXAMPLES / "manifest.csv"), "--out", str(tmp_path / "o"),
                 "--format", "json", "--forecasts", str(forecasts)])
    assert code == 0, capsys.readouterr().err
    data = json.loads((tmp_path / "o" / "brief.json").read_text(encoding="utf-8"))
    from_file = [f for f in data["forecasts"] if f["origin"] == "file"]
    assert [f["url"] for f in from_file] == ["https://forecasts.example/q/1"]


@pytest.mark.parametrize("args, message", [
    (["--format", "pdf"], "unknown format pdf"),
    (["--forecasts", "/nonexistent/forecasts.json"], "no such file"),
])
def test_cli_usage_errors_exit_2_with_one_line(tmp_path, capsys, args, message):
    code = main(["brief", str(EXAMPLES / "01-wire-dam-seized.txt"), "--out", str(tmp_path)] + args)
    err = capsys.readouterr().err
    assert code == 2 and message in err and "Traceback" not in err


def test_cli_malformed_forecast_file_is_a_usage_error(tmp_path, capsys):
    bad = tmp_path / "f.json"
    bad.write_text('[{"question": "Will it rain?", "probability": 150}]', encoding="utf-8")
    code = main(["brief", str(EXAMPLES / "01-wire-dam-seized.txt"), "--out", str(tmp_path / "o"), "--forecasts", str(bad)])
    err = capsys.readouterr().err
    assert code == 2 and "outside 0..1" in err
