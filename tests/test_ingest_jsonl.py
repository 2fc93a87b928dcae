"""JSONL documents: one record a line; bad lines are reported and the rest is read."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

from flashpoint.ingest import read_documents
from flashpoint.ingest.dates import parse_date
from flashpoint.model import Article, Problem
from tests.conftest import SEED, need

CLEAN = "Foreign ministers agreed on Monday to resume border talks next month.\n\nThe talks will be held in Geneva."
PAGE = """<!doctype html>
<html><head><title>Talks resume - The Daily Ledger</title>
<meta property="og:site_name" content="The Daily Ledger">
<meta property="article:published_time" content="2025-03-03T09:14:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Talks resume</h1>
<p>Foreign ministers of the two countries agreed on Monday to resume border talks next month,
after a pause of almost a year that followed a clash between their patrols.</p>
<p>The talks will be held in Geneva, officials said, and will focus on the disputed valley where
both armies have built new roads in the past two years.</p>
<p>Analysts said the agreement was a modest step, but the first in a long time that both sides had
announced together, and that it would be tested at the first meeting.</p>
</article>
<footer>© 2025 The Daily Ledger. All rights reserved.</footer>
</body></html>"""


def _write(tmp_path: Path, name: str, records: list) -> Path:
    path = tmp_path / name
    lines = [r if isinstance(r, str) else json.dumps(r) for r in records]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _read(*paths, **kw):
    return list(read_documents([str(p) for p in paths], **kw))


def test_bad_jsonl_line_is_reported_by_line_and_others_are_read(tmp_path):
    path = _write(
        tmp_path,
        "docs.jsonl",
        [
            {"id": "a", "text": CLEAN},
            "this is not json {",
            {"id": "b", "text": CLEAN},
            "[1, 2, 3]",
            {"id": "c", "text": CLEAN},
        ],
    )
    docs = _read(path)
    assert [d.id for d in docs if isinstance(d, Article)] == ["a", "b", "c"]
    problems = [d for d in docs if isinstance(d, Problem)]
    assert [p.id for p in problems] == [f"{path}:2", f"{path}:4"]
    assert problems[0].reason.startswith("not valid JSON")
    assert problems[1].reason == "not a JSON object (a list)"


def test_record_without_id_or_text_or_with_bad_date_is_a_problem_with_a_reason(tmp_path):
    path = _write(
        tmp_path,
        "docs.jsonl",
        [
            {"text": CLEAN},
            {"id": "no-text"},
            {"id": "empty-text", "text": "   "},
            {"id": "bad-date", "text": CLEAN, "date": "last Tuesday"},
            {"id": "ambiguous", "text": CLEAN, "date": "03/04/2025"},
            {"id": "fine", "text": CLEAN, "date": "2025-03-03"},
        ],
    )
    docs = {d.id: d for d in _read(path)}
    assert docs[f"{path}:1"].reason == "missing 'id'"
    assert docs["no-text"].reason.startswith("missing 'text' or 'html'")
    assert f"{path}:2" in docs["no-text"].reason
    assert docs["empty-text"].reason.startswith("missing 'text' or 'html'")
    assert docs["bad-date"].reason.startswith("bad date 'last Tuesday'")
    assert "ambiguous" in docs["ambiguous"].reason
    assert isinstance(docs["fine"], Article) and docs["fine"].date == date(2025, 3, 3)
    assert all("\n" not in d.reason for d in docs.values() if isinstance(d, Problem))


def test_clean_text_is_kept_as_is_and_given_metadata_is_kept(tmp_path):
    record = {
        "id": "clean-1",
        "text": CLEAN,
        "title": "Talks resume",
        "date": "3 March 2025",
        "url": "https://example.org/talks",
        "outlet": "The Daily Ledger",
        "authors": ["Jane Doe"],
    }
    (article,) = _read(_write(tmp_path, "docs.jsonl", [record]))
    assert article.id == "clean-1"
    assert article.text == CLEAN
    assert article.title == "Talks resume"
    assert article.date == date(2025, 3, 3)
    assert article.url == "https://example.org/talks"
    assert article.outlet == "The Daily Ledger"
    assert article.authors == ["Jane Doe"]
    assert article.path is None


def test_scrape_text_goes_through_the_extractor_and_a_given_title_wins(tmp_path):
    scrape = need(SEED).read_text(encoding="utf-8")
    record = {"id": "seed", "text": scrape, "title": "My own title", "date": "2025-11-26"}
    (article,) = _read(_write(tmp_path, "docs.jsonl", [record]))
    assert article.title == "My own title"
    assert article.text.startswith("US President Donald Trump engaged")
    assert "Also Read" not in article.text and "×" not in article.text
    assert article.date == date(2025, 11, 26)


def test_html_record_goes_through_trafilatura_with_its_metadata(tmp_path):
    (article,) = _read(_write(tmp_path, "docs.jsonl", [{"id": "page", "html": PAGE}]))
    assert article.title == "Talks resume"
    assert article.text.startswith("Foreign ministers of the two countries agreed on Monday")
    assert "Home" not in article.text and "©" not in article.text
    assert "\n\n" in article.text  # paragraphs stay apart
    assert article.date == date(2025, 3, 3)
    assert article.outlet == "The Daily Ledger"


def test_record_date_wins_then_default_date_then_none(tmp_path):
    path = _write(
        tmp_path,
        "docs.jsonl",
        [{"id": "dated", "text": CLEAN, "date": "2025-01-02"}, {"id": "undated", "text": CLEAN}],
    )
    docs = {d.id: d for d in _read(path, default_date=date(2025, 6, 7))}
    assert docs["dated"].date == date(2025, 1, 2)
    assert docs["undated"].date == date(2025, 6, 7)
    docs = {d.id: d for d in _read(path)}
    assert docs["undated"].date is None


@pytest.mark.parametrize(
    "value",
    [
        "2025-11-26",
        "2025-11-26T09:30:00Z",
        "2025-11-26 09:30:00+09:00",
        "Wed, 26 Nov 2025 09:30:00 GMT",
        "26 November 2025",
        "November 26, 2025",
        "Nov. 26, 2025",
        "2025/11/26",
        "20251126",
        "26/11/2025",
        "26.11.2025",
        "26 de novembro de 2025",
        1764115200,
    ],
)
def test_common_date_formats_are_parsed(value):
    assert parse_date(value) == date(2025, 11, 26)


@pytest.mark.parametrize("value", ["11/12/2025", "yesterday", "2025-13-01", "", True, ["2025-11-26"]])
def test_bad_or_ambiguous_dates_are_refused(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_json_array_file_and_jsonl_hidden_in_a_txt_file_are_read(tmp_path):
    array = tmp_path / "docs.json"
    array.write_text(json.dumps([{"id": "x", "text": CLEAN}, {"id": "y", "text": CLEAN}]), encoding="utf-8")
    sneaky = _write(tmp_path, "notes.txt", [{"id": "z", "text": CLEAN}])
    assert [d.id for d in _read(array, sneaky)] == ["x", "y", "z"]


def test_jsonl_on_stdin_is_read():
    stdin = io.BytesIO((json.dumps({"id": "s", "text": CLEAN}) + "\n").encode())
    (article,) = list(read_documents(["-"], stdin=stdin))
    assert article.id == "s" and article.text == CLEAN


def test_latin1_jsonl_line_is_decoded(tmp_path):
    path = tmp_path / "latin.jsonl"
    line = json.dumps({"id": "l", "text": "Le café de la gare a rouvert lundi."}, ensure_ascii=False)
    path.write_bytes(line.encode("latin-1") + b"\n")
    (article,) = _read(path)
    assert article.text == "Le café de la gare a rouvert lundi."


def test_long_record_text_is_truncated_with_a_note(tmp_path):
    text = ("The minister said the talks would continue. " * 30 + "\n\n") * 20
    (note, article) = _read(_write(tmp_path, "docs.jsonl", [{"id": "long", "text": text}]), max_chars=5000)
    assert isinstance(note, Problem) and note.id == "long" and note.reason.startswith("truncated:")
    assert isinstance(article, Article) and len(article.text) <= 5000
