"""Bad input never stops a batch: each bad source is one Problem with a one-line reason."""

from __future__ import annotations

import gzip
import io
import os
import time
from pathlib import Path

import pytest

from flashpoint.ingest import decode_bytes, extract_article, read_documents
from flashpoint.ingest.decode import BinaryContent, is_binary
from flashpoint.model import Article, Problem
from tests.conftest import SEED, need

ARTICLE = (
    "Talks resume in Geneva\n\n"
    "Foreign ministers agreed on Monday to resume border talks next month, officials said.\n\n"
    "The talks will focus on the disputed valley where both armies have built new roads.\n"
)


def _read(*paths, **kw):
    return list(read_documents([str(p) for p in paths], **kw))


def _good(tmp_path: Path, name: str = "good.txt") -> Path:
    path = tmp_path / name
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def _only_problem(docs, id_):
    found = [d for d in docs if d.id == id_]
    assert len(found) == 1 and isinstance(found[0], Problem), found
    assert "\n" not in found[0].reason and "Traceback" not in found[0].reason
    return found[0]


def test_missing_path_is_a_problem_and_the_rest_is_read(tmp_path):
    missing = tmp_path / "nope.txt"
    docs = _read(missing, _good(tmp_path))
    assert _only_problem(docs, str(missing)).reason == "no such file or directory"
    assert [d.id for d in docs if isinstance(d, Article)] == [str(tmp_path / "good.txt")]


def test_empty_file_is_reported(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_text(" \n\u00a0\n\t\n", encoding="utf-8")
    docs = _read(empty, blank, _good(tmp_path))
    assert _only_problem(docs, str(empty)).reason == "empty file"
    assert _only_problem(docs, str(blank)).reason == "empty file (only whitespace)"
    assert sum(isinstance(d, Article) for d in docs) == 1


def test_binary_file_is_reported_not_decoded(tmp_path):
    png = tmp_path / "image.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000))
    docs = _read(png, _good(tmp_path))
    assert _only_problem(docs, str(png)).reason == "binary file, not text"
    assert sum(isinstance(d, Article) for d in docs) == 1
    with pytest.raises(BinaryContent):
        decode_bytes(b"\x00\x01\x02\x03 binary")


def test_latin1_file_is_decoded_not_garbled(tmp_path):
    path = tmp_path / "latin1.txt"
    text = "Le café de la gare a rouvert lundi, a déclaré le maire, très ému.\n\nÀ Zürich, la fête a duré."
    path.write_bytes(text.encode("latin-1"))
    (article,) = _read(path)
    assert "café" in article.text and "très ému" in article.text and "Zürich" in article.text
    assert "\ufffd" not in article.text


def test_cp1252_curly_quotes_and_dashes_are_decoded(tmp_path):
    path = tmp_path / "cp1252.txt"
    text = "The minister said \u201cwe are ready\u201d \u2013 and the caf\u00e9 owner agreed, for \u20ac5."
    path.write_bytes(text.encode("cp1252"))
    (article,) = _read(path)
    assert article.text == text


def test_short_latin1_bytes_are_not_mistaken_for_utf16():
    assert decode_bytes("café".encode("latin-1")) == "café"
    assert decode_bytes("Olá, São Paulo".encode("cp1252")) == "Olá, São Paulo"


def test_cyrillic_single_byte_text_is_detected():
    text = "Министр заявил, что переговоры продолжатся на следующей неделе в Женеве."
    assert decode_bytes(text.encode("cp1251")) == text


def test_utf8_bom_is_dropped(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    (article,) = _read(path)
    assert article.title == "Talks resume in Geneva"
    assert "\ufeff" not in article.text and "\ufeff" not in (article.title or "")


def test_utf16_file_is_decoded(tmp_path):
    path = tmp_path / "utf16.txt"
    path.write_bytes(ARTICLE.encode("utf-16"))
    (article,) = _read(path)
    assert article.text.startswith("Foreign ministers agreed on Monday")
    assert not is_binary(ARTICLE.encode("utf-16-le"))


def test_twenty_megabyte_text_file_is_read_quickly_and_truncated_with_a_note(tmp_path):
    path = tmp_path / "huge.txt"
    paragraph = "The minister said the talks would continue next week, according to officials.\n\n"
    with open(path, "w", encoding="utf-8") as fh:
        chunk = paragraph * 2000
        while fh.tell() < 20 * 1024 * 1024:
            fh.write(chunk)
    start = time.perf_counter()
    docs = _read(path, _good(tmp_path), max_chars=2_000_000)
    elapsed = time.perf_counter() - start
    note = next(d for d in docs if isinstance(d, Problem))
    assert note.id == str(path) and note.reason.startswith("truncated: only the first 2,000,000 characters")
    assert "20.0 MB" in note.reason
    huge = next(d for d in docs if isinstance(d, Article) and d.id == str(path))
    assert 1_900_000 <= len(huge.text) <= 2_000_000
    assert sum(isinstance(d, Article) for d in docs) == 2
    assert elapsed < 15, f"took {elapsed:.1f}s"


def test_folder_without_readable_files_is_a_problem(tmp_path):
    folder = tmp_path / "nothing"
    folder.mkdir()
    (folder / "data.bin").write_bytes(b"\x00\x01")
    (folder / ".hidden.txt").write_text(ARTICLE, encoding="utf-8")
    docs = _read(folder, _good(tmp_path))
    assert _only_problem(docs, str(folder)).reason.startswith("no readable files in this folder")
    assert sum(isinstance(d, Article) for d in docs) == 1


def test_folder_is_read_recursively_with_gzip_and_html(tmp_path):
    root = tmp_path / "corpus"
    (root / "a" / "b").mkdir(parents=True)
    (root / "one.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "a" / "two.txt.gz").write_bytes(gzip.compress(need(SEED).read_bytes()))
    (root / "a" / "b" / "three.html").write_text(
        "<!doctype html><html><head><title>Three</title></head><body><article><h1>Three</h1>"
        "<p>Foreign ministers agreed on Monday to resume border talks next month, officials said "
        "after a long meeting in the capital that ran late into the night.</p></article></body></html>",
        encoding="utf-8",
    )
    (root / "a" / "skip.csv").write_text("a,b\n", encoding="utf-8")
    docs = _read(root)
    assert all(isinstance(d, Article) for d in docs), docs
    # a folder's own files first, then its subfolders, each in name order
    assert [Path(d.id).name for d in docs] == ["one.txt", "two.txt.gz", "three.html"]
    seed = docs[1]
    assert seed.path == seed.id
    assert seed.title and seed.title.startswith("Trump Advises Japan PM Takaichi")


def test_broken_gzip_is_a_problem(tmp_path):
    bad = tmp_path / "broken.txt.gz"
    bad.write_bytes(gzip.compress(ARTICLE.encode())[:20])
    docs = _read(bad, _good(tmp_path))
    assert _only_problem(docs, str(bad)).reason.startswith("not a valid gzip file")
    assert sum(isinstance(d, Article) for d in docs) == 1


def test_same_document_twice_is_reported_once(tmp_path):
    good = _good(tmp_path)
    docs = _read(good, good)
    assert [type(d).__name__ for d in docs] == ["Article", "Problem"]
    assert docs[1].reason.startswith("duplicate id")


def test_page_without_article_text_is_a_problem(tmp_path):
    path = tmp_path / "menu.txt"
    path.write_text("Home\nWorld\nPolitics\nShare\n×\nSubscribe\n", encoding="utf-8")
    docs = _read(path)
    assert _only_problem(docs, str(path)).reason == "no article text found"


def test_stdin_text_is_read_and_empty_stdin_is_a_problem():
    (article,) = list(read_documents(["-"], stdin=io.BytesIO(ARTICLE.encode())))
    assert article.id == "-" and article.title == "Talks resume in Geneva"
    (problem,) = list(read_documents(["-"], stdin=io.BytesIO(b"")))
    assert isinstance(problem, Problem) and problem.reason == "empty input"


def test_unknown_input_format_is_a_usage_error():
    with pytest.raises(ValueError, match="unknown input format"):
        list(read_documents(["x"], input_format="pdf"))
    with pytest.raises(ValueError, match="no article text"):
        extract_article("×\n\nShare\n", id="x", input_format="scrape")


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="needs a non-root POSIX user")
def test_unreadable_file_is_a_problem(tmp_path):
    locked = tmp_path / "locked.txt"
    locked.write_text(ARTICLE, encoding="utf-8")
    locked.chmod(0)
    try:
        docs = _read(locked)
        assert _only_problem(docs, str(locked)).reason == "permission denied"
    finally:
        locked.chmod(0o644)
