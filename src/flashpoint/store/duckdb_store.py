"""The DuckDB event store: articles and coded events in one file, queryable with SQL.

Writes are idempotent upserts keyed by the deterministic ids of articles and events, done in
batches with one transaction each: a crash loses at most the batch in flight, and rerunning the
same input adds nothing twice. Re-adding an unchanged record writes nothing; a changed record
(same id, e.g. after a lexicon fix) replaces the stored one.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from itertools import islice
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from flashpoint.model import Article, Event
from flashpoint.store import rows as R
from flashpoint.store.schema import (
    ACTOR_COLUMNS,
    ARTICLE_COLUMNS,
    DDL,
    EVENT_COLUMNS,
    SCHEMA_VERSION,
)

_ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "JSON": pa.string(),
    "DATE": pa.date32(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "VARCHAR[]": pa.list_(pa.string()),
}


class StoreError(RuntimeError):
    """The store file cannot be used (e.g. written by a newer flashpoint)."""


def _arrow_schema(columns: list[tuple[str, str]]) -> pa.Schema:
    return pa.schema([(name, _ARROW_TYPES[type_]) for name, type_ in columns])


def _chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _quoted(columns: list[tuple[str, str]]) -> str:
    return ", ".join(f'"{name}"' for name, _ in columns)


class EventStore:
    """Articles and events in a DuckDB database (a file, or ``":memory:"``).

    >>> with EventStore.open("events.duckdb") as store:       # doctest: +SKIP
    ...     store.add_events(events)
    ...     store.events(asserted_only=True, dyad="CHN-JPN")
    """

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, *, read_only: bool = False):
        self.con = con
        self.path = path
        self.read_only = read_only
        self._setup()

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(cls, path: str | Path = ":memory:", *, read_only: bool = False) -> EventStore:
        """Open (creating if needed) the store at ``path``, with its schema."""
        path = str(path)
        if path != ":memory:" and not read_only:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        con = duckdb.connect(path, read_only=read_only)
        try:
            return cls(con, path, read_only=read_only)
        except BaseException:
            con.close()
            raise

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"EventStore({self.path!r})"

    def _setup(self) -> None:
        tables = {
            row[0]
            for row in self.con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
            ).fetchall()
        }
        version = None
        if "schema_version" in tables:
            version = self.con.execute("SELECT max(version) FROM schema_version").fetchone()[0]
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema version {version} is newer than this flashpoint "
                f"understands ({SCHEMA_VERSION}); upgrade flashpoint"
            )
        if self.read_only:
            if version is None:
                raise StoreError(f"{self.path}: not a flashpoint store (no schema_version table)")
            return
        self.con.begin()
        try:
            for statement in DDL:
                self.con.execute(statement)
            if version is None:
                self.con.execute(
                    "INSERT INTO schema_version (version) VALUES (?)", [SCHEMA_VERSION]
                )
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise

    @property
    def schema_version(self) -> int:
        return self.con.execute("SELECT max(version) FROM schema_version").fetchone()[0]

    # -- writing -------------------------------------------------------------------------

    def add_articles(
        self, articles: Iterable[Article | Mapping[str, Any]], *, batch_size: int = 500
    ) -> int:
        """Upsert articles by id; returns how many were new or changed."""
        changed = " OR ".join(
            f's."{name}" IS DISTINCT FROM t."{name}"' for name, _ in ARTICLE_COLUMNS if name != "id"
        )
        written = 0
        for chunk in _chunks(articles, batch_size):
            batch = {}
            for article in chunk:
                row = R.article_row(article)
                batch[row["id"]] = row
            written += self._upsert_batch(
                "articles", ARTICLE_COLUMNS, list(batch.values()), f"t.id IS NULL OR {changed}"
            )
        return written

    def add_events(
        self, events: Iterable[Event | Mapping[str, Any]], *, batch_size: int = 2000
    ) -> int:
        """Upsert events (``Event`` objects or their JSON records) by event id.

        Returns how many were new or changed: re-adding the same events returns 0 and writes
        nothing. Each batch of ``batch_size`` is one transaction.
        """
        written = 0
        for chunk in _chunks(events, batch_size):
            batch: dict[str, dict[str, Any]] = {}
            for event in chunk:
                record = R.event_record(event)
                batch[str(record.get("id"))] = record
            event_rows = [R.event_row(record) for record in batch.values()]
            written += self._upsert_batch(
                "events",
                EVENT_COLUMNS,
                event_rows,
                "t.id IS NULL OR t.record::VARCHAR IS DISTINCT FROM s.record",
                actors={
                    row["id"]: R.actor_rows(rec)
                    for row, rec in zip(event_rows, batch.values(), strict=True)
                },
            )
        return written

    def _upsert_batch(
        self,
        table: str,
        columns: list[tuple[str, str]],
        rows: list[dict[str, Any]],
        changed_condition: str,
        actors: dict[str, list[dict[str, Any]]] | None = None,
    ) -> int:
        if not rows:
            return 0
        names = [name for name, _ in columns]
        staged = pa.Table.from_pylist(rows, schema=_arrow_schema(columns))
        stage = f"_flashpoint_stage_{table}"
        self.con.begin()
        try:
            self.con.register(stage, staged)
            changed_ids = [
                r[0]
                for r in self.con.execute(
                    f"SELECT s.id FROM {stage} AS s LEFT JOIN {table} AS t ON t.id = s.id "
                    f"WHERE {changed_condition}"
                ).fetchall()
            ]
            self.con.unregister(stage)
            if changed_ids:
                wanted = set(changed_ids)
                fresh = pa.Table.from_pylist(
                    [row for row in rows if row["id"] in wanted], schema=staged.schema
                )
                self.con.register(stage, fresh)
                self.con.execute(f"DELETE FROM {table} WHERE id IN (SELECT id FROM {stage})")
                self.con.execute(
                    f"INSERT INTO {table} ({_quoted(columns)}) SELECT {', '.join(names)} FROM {stage}"
                )
                if actors is not None:
                    self.con.execute(
                        f"DELETE FROM event_actors WHERE event_id IN (SELECT id FROM {stage})"
                    )
                    actor_rows = [a for event_id in changed_ids for a in actors.get(event_id, [])]
                    if actor_rows:
                        actor_stage = "_flashpoint_stage_actors"
                        self.con.register(
                            actor_stage,
                            pa.Table.from_pylist(actor_rows, schema=_arrow_schema(ACTOR_COLUMNS)),
                        )
                        self.con.execute(
                            f"INSERT INTO event_actors ({_quoted(ACTOR_COLUMNS)}) "
                            f"SELECT {_quoted(ACTOR_COLUMNS)} FROM {actor_stage}"
                        )
                        self.con.unregister(actor_stage)
                self.con.unregister(stage)
            self.con.commit()
        except BaseException:
            self.con.rollback()
            raise
        return len(changed_ids)

    # -- reading -------------------------------------------------------------------------

    def events(
        self,
        *,
        asserted_only: bool = False,
        dyad: str | tuple[str, str] | None = None,
        since: Any = None,
        until: Any = None,
        doc_id: str | None = None,
    ) -> pd.DataFrame:
        """Events as a DataFrame, oldest first.

        ``dyad`` is a directed ``"SRC-TGT"`` country pair (or a tuple) matched against every
        pair of the event's compound actors; ``since``/``until`` are inclusive dates (date,
        datetime or ISO string). ``date``, ``outlet`` and ``url`` fall back to the article's.
        """
        where, params = self._filters(
            asserted_only=asserted_only, dyad=dyad, since=since, until=until, doc_id=doc_id
        )
        return self.query(
            f"SELECT * FROM event_rows {where} ORDER BY date NULLS LAST, doc_id, sentence_index, id",
            params,
        )

    @staticmethod
    def _filters(
        *,
        asserted_only: bool = False,
        dyad: str | tuple[str, str] | None = None,
        since: Any = None,
        until: Any = None,
        doc_id: str | None = None,
    ) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if asserted_only:
            clauses.append("modality = 'asserted'")
        if dyad is not None:
            if not isinstance(dyad, str):
                dyad = "-".join(dyad)
            clauses.append("list_contains(dyads, ?)")
            params.append(dyad.upper())
        if since is not None:
            clauses.append("date >= ?")
            params.append(R.as_date(since))
        if until is not None:
            clauses.append("date <= ?")
            params.append(R.as_date(until))
        if doc_id is not None:
            clauses.append("doc_id = ?")
            params.append(doc_id)
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params

    def event_actors(self, event_id: str | None = None) -> pd.DataFrame:
        """Actors of every event (or of one), source before target, in list order."""
        if event_id is None:
            return self.query(
                "SELECT * FROM event_actors ORDER BY event_id, role = 'target', position"
            )
        return self.query(
            "SELECT * FROM event_actors WHERE event_id = ? ORDER BY role = 'target', position",
            [event_id],
        )

    def articles(self) -> pd.DataFrame:
        return self.query("SELECT * FROM articles ORDER BY date NULLS LAST, id")

    def count_events(self, *, asserted_only: bool = False) -> int:
        where = "WHERE modality = 'asserted'" if asserted_only else ""
        return self.con.execute(f"SELECT count(*) FROM events {where}").fetchone()[0]

    def count_articles(self) -> int:
        return self.con.execute("SELECT count(*) FROM articles").fetchone()[0]

    def query(self, sql: str, params: list[Any] | None = None) -> pd.DataFrame:
        """Any SQL over the store's tables (``articles``, ``events``, ``event_actors``,
        ``event_rows``) as a DataFrame."""
        return self.con.execute(sql, params or []).df()
