"""Local inputs: encodings, bad files, directories, stdin, format sniffing, and the seeds."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

import pytest

from parallax.errors import InputError
from parallax.ingest import collect
from parallax.ingest.decode import decode_bytes
from parallax.model import RawInput
from parallax.options import ReadOptions

FRENCH = "\u201cLe caf\u00e9 est ferm\u00e9,\u201d a dit le ma\u00eetre \u2013 l\u2019\u00e9t\u00e9 sera long \u00e0 Montr\u00e9al.\r\nDeuxi\u00e8me ligne."
GERMAN = "Der B\u00fcrgermeister sagte, die Stra\u00dfe bleibe bis M\u00e4rz gesperrt. \u00dcber 300 Anwohner sind betroffen.\r\n"


def read_all(*specs, **options):
    return list(collect([str(s) for s in specs], ReadOptions(**options)))


def one(spec, **options):
    [item] = read_all(spec, **options)
    return item


@pytest.mark.parametrize(
    "text, encoding, expected_encoding",
    [
        (FRENCH, "cp1252", "cp1252"),  # curly quotes and the dash live in 0x80-0x9f
        (GERMAN, "latin-1", "latin_1"),
        (FRENCH, "utf-16", "utf-16-le"),  # Python writes a BOM for "utf-16"
        (FRENCH, "utf-8-sig", "utf-8"),
        (FRENCH, "utf-8", "utf-8"),
    ],
)
def test_encodings_round_trip(tmp_path, text, encoding, expected_encoding):
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding))
    raw = one(path)
    assert isinstance(raw, RawInput), raw
    assert raw.text == text.replace("\r\n", "\n")  # newlines normalised, BOM dropped
    assert raw.encoding == expected_encoding


def test_cyrillic_code_page_is_not_read_as_western(tmp_path):
    text = "\u041f\u0440\u0435\u0437\u0438\u0434\u0435\u043d\u0442 \u0437\u0430\u044f\u0432\u0438\u043b, \u0447\u0442\u043e \u0432\u043e\u0439\u0441\u043a\u0430 \u043e\u0442\u043e\u0448\u043b\u0438 \u043e\u0442 \u0433\u043e\u0440\u043e\u0434\u0430."
    (tmp_path / "ru.txt").write_bytes(text.encode("cp1251"))
    raw = one(tmp_path / "ru.txt")
    assert raw.text == text and raw.encoding == "cp1251"


def test_old_mac_newlines_are_normalised():
    text, _ = decode_bytes(b"one\rtwo\r\nthree\n", "x")
    assert text == "one\ntwo\nthree\n"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty file"),
        (b"  \n\t\r\n ", "empty file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "binary file (PNG image)"),
        (b"PK\x03\x04" + bytes(50), "binary file (ZIP"),
        (bytes(range(256)) * 4, "binary file"),
    ],
)
def test_bad_files_are_one_clear_error(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    error = one(path)
    assert isinstance(error, InputError)
    assert error.where == str(path) and message in error.message


def test_a_50_mb_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as f:  # sparse: costs no disk and no time to make
        f.truncate(50_000_000)
    from unittest import mock

    with mock.patch("pathlib.Path.read_bytes", side_effect=AssertionError("the whole file was read")):
        error = one(path)
    assert isinstance(error, InputError)
    assert "50.0 MB" in error.message and "20.0 MB" in error.message and "--max-bytes" in error.message


def test_missing_file_and_unreadable_file(tmp_path):
    missing = one(tmp_path / "nope.txt")
    assert isinstance(missing, InputError) and "no such file" in missing.message
    locked = tmp_path / "locked.txt"
    locked.write_text("Some article text.")
    locked.chmod(0)
    try:
        if os.access(locked, os.R_OK):
            pytest.skip("running as root: permissions are not enforced")
        error = one(locked)
        assert isinstance(error, InputError) and "permission denied" in error.message
    finally:
        locked.chmod(0o644)


def test_directory_reads_articles_in_sorted_order_and_skips_junk(tmp_path):
    (tmp_path / "b.txt").write_text("Second article body.")
    (tmp_path / "a.md").write_text("# First\n\nFirst article body.")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.htm").write_text("<html><body><p>Third.</p></body></html>")
    (tmp_path / "sub" / "notes").write_text("An article saved without a suffix.")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff" + bytes(100))
    (tmp_path / "data.bin.unknown").write_bytes(bytes(range(256)))
    (tmp_path / ".hidden.txt").write_text("secret")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD.txt").write_text("ref")
    items = read_all(tmp_path)
    assert all(isinstance(i, RawInput) for i in items), items
    names = [Path(i.origin).relative_to(tmp_path).as_posix() for i in items]
    assert names == ["a.md", "b.txt", "sub/c.htm", "sub/notes"]
    assert [i.format for i in items] == ["markdown", "text", "html", "text"]
    assert items[0].group == str(tmp_path)


def test_junk_named_explicitly_is_an_error(tmp_path):
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff" + bytes(100))
    error = one(tmp_path / "photo.jpg")
    assert isinstance(error, InputError) and "JPEG" in error.message


def test_directory_without_articles_is_an_error(tmp_path):
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    error = one(tmp_path)
    assert isinstance(error, InputError) and error.where == str(tmp_path)
    assert "no article files" in error.message and "1 hidden, junk or binary" in error.message


def test_bad_file_in_a_directory_does_not_stop_the_others(tmp_path):
    (tmp_path / "a.txt").write_text("Good article one.")
    (tmp_path / "b.txt").write_bytes(b"")
    (tmp_path / "c.txt").write_text("Good article two.")
    items = read_all(tmp_path)
    assert [type(i).__name__ for i in items] == ["RawInput", "InputError", "RawInput"]


def test_html_is_sniffed_without_the_suffix(tmp_path):
    (tmp_path / "page.txt").write_text("<!doctype html>\n<html><body><p>Hi.</p></body></html>")
    (tmp_path / "fragment").write_text("<div><p>One.</p><p>Two.</p><p>Three.</p></div>")
    (tmp_path / "prose.md").write_text("Text that mentions <b>bold</b> once is still text.")
    assert [one(tmp_path / n).format for n in ("page.txt", "fragment", "prose.md")] == ["html", "html", "markdown"]


def test_broken_html_is_still_an_html_input(tmp_path):
    (tmp_path / "broken.html").write_text("<html><body><p>Unclosed <div>text <b>here")
    raw = one(tmp_path / "broken.html")
    assert raw.format == "html" and "Unclosed" in raw.text


def test_stdin(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(GERMAN.encode("latin-1"))))
    raw = one("-")
    assert raw.origin == "<stdin>" and raw.text == GERMAN.replace("\r\n", "\n") and raw.path is None


def test_stdin_over_the_limit(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"word " * 1000)))
    error = one("-", max_bytes=1000)
    assert isinstance(error, InputError) and error.where == "<stdin>" and "--max-bytes" in error.message


def test_stdin_json(monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b'[{"text": "A.", "publisher": "P"}]')))
    raw = one("-")
    assert raw.origin == "<stdin>[0]" and raw.hints.publisher == "P" and raw.group == "P"


def test_seeds_are_read_as_utf8_text_in_order(seeds_dir):
    items = read_all(seeds_dir)
    assert [Path(i.origin).name[:3] for i in items] == ["000", "001", "002", "003", "004"]
    assert all(i.format == "text" and i.encoding == "utf-8" for i in items)
    assert "Bakhmut" in items[1].text


def test_a_folder_readme_and_its_manifest_are_not_articles(tmp_path):
    from parallax.ingest import collect
    from parallax.options import ReadOptions

    (tmp_path / "story.txt").write_text("A town council met on Monday and approved the budget for next year.\n", encoding="utf-8")
    (tmp_path / "README.md").write_text("# About this corpus\n\nThese files are examples.\n", encoding="utf-8")
    (tmp_path / "sources.csv").write_text("path,publisher\nstory.txt,Town Crier\n", encoding="utf-8")
    items = list(collect([str(tmp_path)], ReadOptions(manifest=tmp_path / "sources.csv")))
    assert [type(i).__name__ for i in items] == ["RawInput"]
    assert items[0].path.endswith("story.txt") and items[0].hints.publisher == "Town Crier"
