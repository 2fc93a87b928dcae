"""Crash safety: `kill -9` an ingest of a thousand documents mid-way, rerun it, and the store
holds exactly the events of a clean run: none lost, none twice. A real subprocess, the real
coder (spaCy's small English model, short documents), a real DuckDB file and a real PostgreSQL
database."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from flashpoint.store import EventStore
from flashpoint.store.testing import store_location
from tests.test_ingest_command import command, write_corpus

N_DOCS = 1000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return write_corpus(tmp_path_factory.mktemp("corpus") / "news.jsonl", N_DOCS)


def ingest(corpus: Path, db: str) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if k != "FLASHPOINT_DB"}
    return subprocess.Popen(
        [*command(), "ingest", str(corpus), "--db", db, "--model", "sm", "--batch", "16",
         "--no-progress"],  # fmt: skip
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def finish(proc: subprocess.Popen) -> str:
    _, err = proc.communicate(timeout=900)
    assert proc.returncode == 0, err
    return err


def committed(db: str) -> int | None:
    """Documents committed so far by a running ingest; ``None`` where the store cannot be read
    while its writer runs (DuckDB locks the file)."""
    if not db.startswith("postgresql://"):
        return None
    import psycopg

    try:
        with psycopg.connect(db) as conn:
            return conn.execute("SELECT count(*) FROM ingested").fetchone()[0]
    except psycopg.Error:  # the schema may not exist yet
        return 0


def wait_until_mid_way(proc: subprocess.Popen, db: str) -> None:
    """Until some batches are committed and many documents are left: on Postgres, by counting
    them; on DuckDB (locked), by the write-ahead log growing past a few batches."""
    wal = Path(db + ".wal")
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"ingest ended before the kill: {proc.stderr.read()}"
        done = committed(db)
        if done is not None and done >= 100:
            return
        if done is None and wal.exists() and wal.stat().st_size > 200_000:
            return
        time.sleep(0.05)
    raise AssertionError("ingest made no progress")


def snapshot(db: str) -> dict:
    with EventStore.open(db) as store:
        ids = store.query("SELECT id FROM events")["id"].tolist()
        actors = store.query("SELECT event_id, role, position FROM event_actors")
        return {
            "events": sorted(ids),
            "unique": len(set(ids)),
            "actors": len(actors),
            "unique_actors": len(actors.drop_duplicates()),
            "articles": store.count_articles(),
            "ingested": len(store.ingested()),
        }


@pytest.fixture(params=["duckdb", "postgres"])
def backend(request):
    return request.param


@pytest.fixture
def clean_db(backend, tmp_path):
    yield from store_location(backend, tmp_path / "clean")


@pytest.fixture
def crash_db(backend, tmp_path):
    yield from store_location(backend, tmp_path / "crash")


def test_kill_9_mid_ingest_then_rerun_loses_nothing_and_duplicates_nothing(
    backend, corpus, clean_db, crash_db
):
    clean_err = finish(ingest(corpus, clean_db))
    assert f"ingested {N_DOCS} document(s)" in clean_err
    clean = snapshot(clean_db)
    assert clean["articles"] == clean["ingested"] == N_DOCS
    assert len(clean["events"]) >= N_DOCS  # every document has at least one codable sentence

    proc = ingest(corpus, crash_db)
    wait_until_mid_way(proc, crash_db)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL

    after_kill = snapshot(crash_db)
    assert 0 < after_kill["ingested"] < N_DOCS, "the kill should land mid-way"
    assert after_kill["articles"] == after_kill["ingested"]  # no half-stored batch
    assert after_kill["unique"] == len(after_kill["events"])

    rerun_err = finish(ingest(corpus, crash_db))
    assert f"{after_kill['ingested']} already stored" in rerun_err
    crashed = snapshot(crash_db)
    assert crashed["events"] == clean["events"]  # none lost, none extra
    assert crashed["unique"] == len(crashed["events"])  # none twice
    assert crashed["actors"] == crashed["unique_actors"] == clean["actors"]
    assert crashed["articles"] == crashed["ingested"] == N_DOCS
    print(
        f"\n{backend}: clean run {len(clean['events'])} events; killed after "
        f"{after_kill['ingested']} documents ({len(after_kill['events'])} events); after the "
        f"rerun {len(crashed['events'])} events, {crashed['unique']} distinct"
    )
