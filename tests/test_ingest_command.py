"""`flashpoint ingest`, `query`, `export` and `import` as a user runs them: a real process, a real
store (a DuckDB file, or a database on the real PostgreSQL server of the test session), the real
coder."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from flashpoint.model import Article
from flashpoint.store import EventStore
from flashpoint.store.ingest import ResumingCoder, content_hash, store_results
from flashpoint.store.testing import store_location
from tests.test_store import make_event

BIN = Path(sys.executable).with_name("flashpoint")
# the store's commands as the lead registers them in flashpoint.cli; until then, the same
# functions on an app of their own
RUNNER = """
import sys, typer
from flashpoint.store.cli import export, import_, ingest, query
app = typer.Typer()
app.command("ingest")(ingest)
app.command("query")(query)
app.command("export")(export)
app.command("import")(import_)
sys.argv[0] = "flashpoint"
app()
"""


def _registered() -> bool:
    try:
        from flashpoint.cli import app
    except Exception:  # noqa: BLE001 - the lead's CLI may be mid-edit
        return False
    names = {c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands}
    return {"ingest", "query", "export", "import"} <= names


def command() -> list[str]:
    """How to run ``flashpoint`` with the store's commands."""
    if BIN.exists() and _registered():
        return [str(BIN)]
    return [sys.executable, "-c", RUNNER]


def run(*args: str, env: dict | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k != "FLASHPOINT_DB"}
    full_env.update({"COLUMNS": "200", **(env or {})})
    return subprocess.run(
        [*command(), *args], capture_output=True, text=True, timeout=timeout, env=full_env
    )


SENTENCES = [
    "China condemned Japan on {day}.",
    "Japan protested to China over the remarks on {day}.",
    "The United States imposed sanctions on Iran on {day}.",
    "Russia attacked Ukraine on {day}.",
    "India and Pakistan held talks on {day}.",
    "France criticized Germany on {day}.",
    "Israel accused Iran of supporting militants on {day}.",
    "The Philippines accused China of ramming its vessel on {day}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]


def write_corpus(path: Path, n: int) -> Path:
    """``n`` short JSONL news documents, each one or two sentences the coder can code."""
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            first = SENTENCES[i % len(SENTENCES)].format(day=DAYS[i % 5])
            second = SENTENCES[(i * 3 + 1) % len(SENTENCES)].format(day=DAYS[(i + 2) % 5])
            text = first if i % 3 == 0 else f"{first} {second}"
            day = f"2025-{10 + i % 3:02d}-{1 + i % 28:02d}"
            record = {"id": f"doc-{i:04d}", "text": text, "date": day, "title": f"Story {i}",
                      "url": f"https://news.example.com/{i}"}  # fmt: skip
            fh.write(json.dumps(record) + "\n")
    return path


@pytest.fixture(params=["duckdb", "postgres"])
def location(request, tmp_path):
    yield from store_location(request.param, tmp_path)


@pytest.fixture(scope="module")
def real_coder():
    try:
        from flashpoint.api import default_coder

        return default_coder()
    except FileNotFoundError as exc:  # the lexicon or KB is not in the package yet
        pytest.fail(f"the real coder cannot load: {exc}")


# -- ingest ----------------------------------------------------------------------------------


def test_ingest_codes_and_stores_then_a_rerun_skips_everything(location, tmp_path):
    corpus = write_corpus(tmp_path / "news.jsonl", 12)
    first = run("ingest", str(corpus), "--db", location, "--model", "sm", "--no-progress")
    assert first.returncode == 0, first.stderr
    assert "ingested 12 document(s)" in first.stderr
    with EventStore.open(location) as store:
        events = store.count_events()
        assert events >= 12
        assert store.count_articles() == 12
        assert len(store.ingested()) == 12
        ids = set(store.events()["id"])
    again = run("ingest", str(corpus), "--db", location, "--model", "sm", "--no-progress")
    assert again.returncode == 0, again.stderr
    assert "ingested 0 document(s)" in again.stderr and "12 already stored" in again.stderr
    with EventStore.open(location) as store:
        assert store.count_events() == events
        assert set(store.events()["id"]) == ids


def test_a_changed_document_is_coded_again_and_replaces_its_events(location, tmp_path):
    corpus = tmp_path / "news.jsonl"
    docs = [
        {"id": "a", "text": "China condemned Japan on Tuesday.", "date": "2025-11-25"},
        {"id": "b", "text": "Russia attacked Ukraine on Monday.", "date": "2025-11-24"},
    ]
    corpus.write_text("".join(json.dumps(d) + "\n" for d in docs))
    assert run("ingest", str(corpus), "--db", location, "--model", "sm").returncode == 0
    with EventStore.open(location) as store:
        before = store.events(doc_id="a")
        assert set(before["source_country"]) == {"CHN"}
    docs[0]["text"] = "Japan condemned China on Tuesday."
    corpus.write_text("".join(json.dumps(d) + "\n" for d in docs))
    out = run("ingest", str(corpus), "--db", location, "--model", "sm")
    assert "ingested 1 document(s)" in out.stderr and "1 already stored" in out.stderr
    with EventStore.open(location) as store:
        after = store.events(doc_id="a")
        assert set(after["source_country"]) == {"JPN"}
        assert not set(after["id"]) & set(before["id"])


def test_ingest_uses_flashpoint_db_from_the_environment(tmp_path):
    corpus = write_corpus(tmp_path / "news.jsonl", 3)
    db = tmp_path / "env.duckdb"
    out = run("ingest", str(corpus), "--model", "sm", env={"FLASHPOINT_DB": str(db)})
    assert out.returncode == 0, out.stderr
    with EventStore.open(db) as store:
        assert store.count_articles() == 3


def test_the_resuming_coder_never_codes_a_stored_document_again(tmp_path, real_coder):
    articles = [Article(id=f"d{i}", text="China condemned Japan.") for i in range(4)]
    calls = []

    class Counting:
        def code_articles(self, batch, chunk=32):
            calls.extend(a.id for a in batch)
            yield from real_coder.code_articles(batch, chunk=chunk)

    done = {"d1": content_hash(articles[1]), "d2": "an older hash"}
    results = list(ResumingCoder(Counting(), done).code_articles(articles))
    assert calls == ["d0", "d2", "d3"]
    assert [a.id for a, _ in results] == ["d0", "d1", "d2", "d3"]


def test_documents_without_text_are_reported_and_tried_again_next_time(tmp_path):
    with EventStore.open(tmp_path / "s.duckdb") as store:
        from flashpoint.model import Problem

        report = store_results(
            store,
            [Problem("bad", "no article text found"), (Article(id="ok", text="t"), [make_event("ok")])],
        )
        assert report.to_dict() == {"documents": 1, "skipped": 0, "events": 1, "written": 1,
                                    "problems": 1}  # fmt: skip
        assert set(store.ingested()) == {"ok"}


def test_a_rerun_after_dying_between_story_assignment_and_storing_stores_each_story_link(tmp_path):
    from flashpoint.ingest import read_documents
    from flashpoint.stories import StoryIndex

    corpus = write_corpus(tmp_path / "news.jsonl", 3)
    db = tmp_path / "s.duckdb"
    articles = [d for d in read_documents([str(corpus)]) if isinstance(d, Article)]
    # the first run gave the batch its stories (the index is a file beside the store), then
    # died before the store committed the batch
    with StoryIndex(tmp_path / "s.duckdb.stories.sqlite") as index:
        stories = index.assign(articles)
    assert len(stories) == 3
    out = run("ingest", str(corpus), "--db", str(db), "--model", "sm", "--no-progress")
    assert out.returncode == 0, out.stderr
    assert "ingested 3 document(s)" in out.stderr
    with EventStore.open(db) as store:
        arts = store.articles()
        assert dict(zip(arts["id"], arts["story_id"], strict=True)) == stories


def test_ingest_into_memory_leaves_no_stories_file_behind(tmp_path):
    corpus = write_corpus(tmp_path / "news.jsonl", 2)
    env = {k: v for k, v in os.environ.items() if k != "FLASHPOINT_DB"}
    out = subprocess.run(
        [*command(), "ingest", str(corpus), "--db", ":memory:", "--model", "sm", "--no-progress"],
        capture_output=True, text=True, timeout=600, env=env, cwd=tmp_path,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "ingested 2 document(s) into :memory:" in out.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["news.jsonl"]


# -- query, export, import from the command line ----------------------------------------------


@pytest.fixture(scope="module")
def coded(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("coded")
    corpus = write_corpus(tmp / "news.jsonl", 24)
    db = tmp / "events.duckdb"
    out = run("ingest", str(corpus), "--db", str(db), "--model", "sm", "--no-progress")
    assert out.returncode == 0, out.stderr
    return db


def test_query_filters_by_dyad_and_writes_jsonl(coded):
    out = run("query", "--db", str(coded), "--dyad", "CHN-JPN", "--format", "jsonl")
    assert out.returncode == 0, out.stderr
    events = [json.loads(line) for line in out.stdout.splitlines()]
    assert events and all(
        any(s["country"] == "CHN" for s in e["source"]) and any(t["country"] == "JPN" for t in e["target"])
        for e in events
    )


def test_query_prints_a_table_by_default(coded):
    out = run("query", "--db", str(coded), "--actor", "RUS", "--limit", "3")
    assert out.returncode == 0, out.stderr
    assert "of" in out.stdout and "RUS" in out.stdout


def test_query_writes_csv_and_parquet(coded, tmp_path):
    out = run("query", "--db", str(coded), "--quad", "3", "--quad", "4", "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows and {r["quad_class"] for r in rows} <= {"3", "4"}
    target = tmp_path / "q.parquet"
    out = run("query", "--db", str(coded), "--since", "2025-11-01", "--format", "parquet", "-o", str(target))
    assert out.returncode == 0, out.stderr
    dates = pq.read_table(target).column("date").to_pylist()
    assert dates and min(dates).isoformat() >= "2025-11-01"


def test_query_series_counts_a_dyad_per_week(coded):
    out = run("query", "--db", str(coded), "--dyad", "CHN-JPN", "--series", "week", "--format", "csv")
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows and {r["dyad"] for r in rows} == {"CHN-JPN"}
    assert all(int(r["events"]) == sum(int(r[f"q{i}"]) for i in range(1, 5)) for r in rows)


def test_query_refuses_a_bad_date_and_a_missing_store(coded, tmp_path):
    out = run("query", "--db", str(coded), "--since", "yesterday")
    assert out.returncode != 0 and "YYYY-MM-DD" in out.stderr
    out = run("query", "--db", str(tmp_path / "missing.duckdb"))
    assert out.returncode == 2 and "no such store" in out.stderr


def test_export_then_import_on_the_command_line_round_trips(coded, tmp_path):
    for fmt, name in (("jsonl", "e.jsonl"), ("parquet", "e.parquet"), ("csv", "e.csv"),
                      ("plover", "e.plover.jsonl"), ("gdelt", "e.export.tsv")):  # fmt: skip
        target = tmp_path / name
        args = ["export", fmt, "--db", str(coded), "-o", str(target)]
        if fmt == "gdelt":
            args += ["--mentions", str(tmp_path / "e.mentions.tsv"), "--all-modalities"]
        out = run(*args)
        assert out.returncode == 0, out.stderr
        fresh = tmp_path / f"{fmt}.duckdb"
        out = run("import", str(target), "--db", str(fresh))
        assert out.returncode == 0, out.stderr
        with EventStore.open(coded, read_only=True) as a, EventStore.open(fresh) as b:
            want = {r["id"]: r for r in a.event_records()}
            got = {r["id"]: r for r in b.event_records()}
            if fmt == "plover":
                want = {k: v for k, v in want.items() if v.get("plover")}
            assert got.keys() == want.keys(), fmt
            if fmt != "gdelt":
                assert got == want, fmt
