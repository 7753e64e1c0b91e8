"""JSON / JSON-lines inputs with their hints, the manifest overriding them, and metadata dates."""

from __future__ import annotations

import json

import pytest

from parallax.errors import InputError, UsageError
from parallax.ingest import collect
from parallax.ingest.dates import iso_date
from parallax.model import RawInput
from parallax.options import ReadOptions


def read_all(*specs, **options):
    return list(collect([str(s) for s in specs], ReadOptions(**options)))


def test_jsonl_records_become_inputs_with_hints_and_a_bad_line_is_one_error(tmp_path):
    path = tmp_path / "feed.jsonl"
    lines = [
        json.dumps({"title": "Bridge closed", "text": "The bridge closed.", "url": "https://news.example.org/a",
                    "published": "Mar 24, 2023", "publisher": "Example News", "author": "Ana Costa"}),
        "",
        '{"title": "broken", "text": ',
        json.dumps({"content": "Body in content.", "source": {"name": "Wire"}, "authors": ["A. One", "B. Two"]}),
        json.dumps({"body": ["First paragraph.", "Second paragraph."], "date": "2023-03-25T08:00:00Z"}),
        json.dumps({"title": "no text"}),
        json.dumps(["not", "an", "object"]),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = read_all(path)
    names = [i.origin if isinstance(i, RawInput) else i.where for i in items]
    assert names == [f"{path}:{n}" for n in (1, 3, 4, 5, 6, 7)]
    first, broken, second, third, no_text, not_object = items
    assert isinstance(first, RawInput) and first.text == "The bridge closed."
    assert (first.hints.title, first.hints.publisher, first.hints.author) == ("Bridge closed", "Example News", "Ana Costa")
    assert first.hints.published == "2023-03-24"
    assert first.url == "https://news.example.org/a" and first.path == str(path)
    assert first.group == "Example News"
    assert isinstance(broken, InputError) and "invalid JSON" in broken.message
    assert second.hints.publisher == "Wire" and second.hints.author == "A. One, B. Two"
    assert third.text == "First paragraph.\n\nSecond paragraph." and third.hints.published == "2023-03-25"
    assert third.group == str(tmp_path)  # no publisher, no URL: the folder
    assert isinstance(no_text, InputError) and "no article text" in no_text.message
    assert isinstance(not_object, InputError) and "found a list" in not_object.message


def test_json_object_and_list(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"headline": "H", "articleBody": "<p>Hi</p><p>a</p><p>b</p>"}))
    (tmp_path / "many.json").write_text(json.dumps([{"text": "A."}, {"text": "B.", "link": "https://x.example/b"}]))
    (tmp_path / "bad.json").write_text("{not json")
    one, bad, a, b = read_all(tmp_path / "one.json", tmp_path / "bad.json", tmp_path / "many.json")
    assert one.origin == str(tmp_path / "one.json") and one.hints.title == "H" and one.format == "html"
    assert isinstance(bad, InputError) and "invalid JSON" in bad.message and "line 1" in bad.message
    assert (a.origin, b.origin) == (f"{tmp_path / 'many.json'}[0]", f"{tmp_path / 'many.json'}[1]")
    assert b.url == "https://x.example/b" and b.group == "x.example"


def test_allsides_roundups_expand_into_their_articles(data_dir, tmp_path):
    # Each line is a story holding a left, a centre and a right article (body = paragraphs).
    with (data_dir / "allsides-roundups" / "dev.jsonl").open(encoding="utf-8") as f:
        sample = [next(f) for _ in range(3)]
    (tmp_path / "sample.jsonl").write_text("".join(sample), encoding="utf-8")
    items = read_all(tmp_path / "sample.jsonl")
    stories = [json.loads(line) for line in sample]
    expected = [a for story in stories for a in story["articles"]]
    assert len(items) == len(expected)
    for item, article in zip(items, expected):
        assert isinstance(item, RawInput), item
        assert item.hints.title == article["title"].strip()
        assert item.hints.publisher == article["source"].strip()
        assert article["body"][0].strip() in item.text
        assert ":1/articles[0]" in items[0].origin


def write_manifest(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_csv_manifest_overrides_by_path_and_basename(tmp_path, monkeypatch):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a.txt").write_text("Article A.")
    (docs / "b.txt").write_text("Article B.")
    (docs / "c.jsonl").write_text(json.dumps({"text": "Article C.", "publisher": "From file", "author": "Kept"}) + "\n")
    manifest = write_manifest(
        tmp_path, "m.csv",
        "path,publisher,published,author,title\n"
        "docs/a.txt,Daily A,24 March 2023,,Real title\n"
        "b.txt,Weekly B,,Bo,\n"
        f"{docs / 'c.jsonl'},Manifest C,2023-03,,\n",
    )
    monkeypatch.chdir(tmp_path / "docs")  # relative paths resolve against the manifest's folder
    a, b, c = read_all(docs, manifest=manifest)
    assert (a.hints.publisher, a.hints.published, a.hints.title, a.hints.author) == ("Daily A", "2023-03-24", "Real title", None)
    assert (b.hints.publisher, b.hints.author) == ("Weekly B", "Bo")
    assert (c.hints.publisher, c.hints.published, c.hints.author) == ("Manifest C", "2023-03", "Kept")
    assert [r.group for r in (a, b, c)] == ["Daily A", "Weekly B", "Manifest C"]


def test_yaml_manifest_matches_urls_of_records(tmp_path):
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"text": "One.", "url": "https://News.example.org/one/", "publisher": "Wrong"}) + "\n"
        + json.dumps({"text": "Two.", "url": "https://news.example.org/two"}) + "\n"
    )
    manifest = write_manifest(
        tmp_path, "m.yaml",
        "- url: https://news.example.org/one\n  publisher: Right\n  published: 2023-03-24\n",
    )
    one, two = read_all(tmp_path / "feed.jsonl", manifest=manifest)
    assert (one.hints.publisher, one.hints.published) == ("Right", "2023-03-24")
    assert two.hints.publisher is None and two.group == "news.example.org"


@pytest.mark.parametrize(
    "name, text, message",
    [
        ("m.csv", "path,publishr\na.txt,X\n", "unknown column"),
        ("m.csv", "publisher,author\nX,Y\n", "path or url column"),
        ("m.csv", "path,publisher\n,X\n", "neither path nor url"),
        ("m.csv", "path,published\na.txt,someday\n", "cannot read the date"),
        ("m.csv", "path,publisher\na.txt,X,extra\n", "more values than columns"),
        ("m.yaml", "- path: a.txt\n  publisher: [unclosed\n", "not valid YAML"),
        ("m.yaml", "just a string\n", "expected a list"),
        ("m.csv", "", "empty"),
    ],
)
def test_malformed_manifest_is_a_usage_error(tmp_path, name, text, message):
    (tmp_path / "a.txt").write_text("Article.")
    manifest = write_manifest(tmp_path, name, text)
    with pytest.raises(UsageError, match=message) as caught:
        read_all(tmp_path / "a.txt", manifest=manifest)
    assert caught.value.where == "--manifest"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("2023-03-24", "2023-03-24"), ("Mar 24, 2023", "2023-03-24"), ("Friday, 24 March 2023", "2023-03-24"),
        ("2023-03-24T23:10:00+02:00", "2023-03-24"), ("March 2023", "2023-03"), ("2023", "2023"),
        ("24/03/2023", "2023-03-24"), ("03/04/2023", None), ("Friday", None), ("soon", None), ("2023-02-30", None),
    ],
)
def test_metadata_dates_are_never_guessed(value, expected):
    assert iso_date(value) == expected
