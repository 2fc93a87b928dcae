"""The store interface: everything a backend shares, written once over a few SQL primitives.

``EventStore`` holds the logic (idempotent upserts, document replacement, filters, queries,
migrations); ``DuckDBStore`` and ``PostgresStore`` supply a connection and the handful of
things the two databases spell differently (staging a batch, upserting it, a list filter).

Writes are idempotent upserts keyed by the deterministic ids of articles and events, done in
batches with one transaction each: a crash loses at most the batch in flight, and rerunning the
same input adds nothing twice. Re-adding an unchanged record writes nothing; a changed record
(same id, e.g. after a lexicon fix) replaces the stored one.

SQL in this module is written once for both databases with ``?`` placeholders; the Postgres
backend translates them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from flashpoint.model import MODALITIES, Article, Event
from flashpoint.store import rows as R
from flashpoint.store.schema import (
    ACTOR_COLUMNS,
    ARTICLE_COLUMNS,
    EVENT_ROW_COLUMNS,
    EVENT_TABLE_COLUMNS,
    INGESTED_COLUMNS,
    SCHEMA_VERSION,
    STORY_COLUMNS,
    ddl,
    migrations,
    quoted,
)

if TYPE_CHECKING:
    import pandas as pd

FREQUENCIES = ("day", "week", "month", "quarter", "year")
ORDERS = {
    "date": "date ASC NULLS LAST, doc_id, sentence_index, id",
    "-date": "date DESC NULLS LAST, doc_id, sentence_index, id",
    "goldstein": "goldstein ASC NULLS LAST, date DESC NULLS LAST, id",
    "-confidence": "confidence DESC NULLS LAST, date DESC NULLS LAST, id",
}


_ROW_COLUMNS = ", ".join(f'"{c}"' for c in EVENT_ROW_COLUMNS)


class StoreError(RuntimeError):
    """The store cannot be used (e.g. written by a newer flashpoint, or not a store)."""


def is_dsn(db: str | Path | None) -> bool:
    """True for a PostgreSQL connection string (``postgresql://...``, ``postgres://...``)."""
    return isinstance(db, str) and db.startswith(("postgresql://", "postgres://"))


def chunks(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _as_list(value: Any) -> list[Any] | None:
    if value is None:
        return None
    if isinstance(value, str):
        parts = [p.strip() for p in value.split(",")]
        return [p for p in parts if p]
    if isinstance(value, int):
        return [value]
    return list(value)


def _actor_keys(record: Mapping[str, Any]) -> list[str]:
    """``S:``/``T:`` + country and code of every source/target actor (the ``actor_keys``)."""
    keys: list[str] = []
    for side, role in (("S", "source"), ("T", "target")):
        for actor in record.get(role) or []:
            for value in (actor.get("country"), actor.get("code")):
                if value and f"{side}:{value}" not in keys:
                    keys.append(f"{side}:{value}")
    return keys


def _dyad(value: str | Sequence[str]) -> str:
    if not isinstance(value, str):
        value = "-".join(value)
    return value.strip().upper()


class EventStore:
    """Articles, stories and coded events in DuckDB (a file) or PostgreSQL (a server).

    >>> with EventStore.open("events.duckdb") as store:             # doctest: +SKIP
    ...     store.add_events(events)
    ...     store.events(asserted_only=True, dyad="CHN-JPN")
    >>> store = EventStore.open("postgresql://me@dbhost/events")      # doctest: +SKIP

    Query methods return pandas DataFrames; pass ``as_="polars"`` or ``as_="arrow"`` for the
    others.
    """

    dialect = "abstract"
    path: str

    # -- opening and closing -------------------------------------------------------------

    @classmethod
    def open(cls, db: str | Path | None = ":memory:", *, read_only: bool = False) -> EventStore:
        """Open (creating if needed) the store at ``db``: a DuckDB file (or ``":memory:"``), or a
        ``postgresql://`` DSN. The schema is created or migrated to the current version."""
        if cls is EventStore:
            if is_dsn(db):
                from flashpoint.store.postgres_store import PostgresStore

                return PostgresStore.open(db, read_only=read_only)
            from flashpoint.store.duckdb_store import DuckDBStore

            return DuckDBStore.open(":memory:" if db is None else db, read_only=read_only)
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.path!r})"

    # -- backend primitives (each backend implements these) -------------------------------

    def _execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        raise NotImplementedError

    def _fetchall(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
        raise NotImplementedError

    def _fetch_df(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        raise NotImplementedError

    def _fetch_arrow(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        raise NotImplementedError

    def _iter_batches(
        self, sql: str, params: Sequence[Any] | None = None, size: int = 50_000
    ) -> Iterator[pa.RecordBatch]:
        raise NotImplementedError

    def _tables(self) -> set[str]:
        raise NotImplementedError

    def _begin(self) -> None:
        self._execute("BEGIN TRANSACTION")

    def _commit(self) -> None:
        self._execute("COMMIT")

    def _rollback(self) -> None:
        self._execute("ROLLBACK")

    @contextmanager
    def _stage(
        self, name: str, rows: list[dict[str, Any]], columns: list[tuple[str, str]]
    ) -> Iterator[str]:
        """Make ``rows`` queryable as the table ``name`` until the block ends."""
        raise NotImplementedError
        yield name

    def _upsert(
        self,
        table: str,
        columns: list[tuple[str, str]],
        rows: list[dict[str, Any]],
        *,
        key: str,
        compare: list[str],
    ) -> list[str]:
        """Write the rows that are new, or whose ``compare`` columns differ from the stored row
        (inside the caller's transaction); returns their keys."""
        raise NotImplementedError

    def _contains(self, column: str) -> str:
        """A condition: the array ``column`` contains the one parameter."""
        raise NotImplementedError

    def _actor_clause(self, sides: str, codes: list[str]) -> tuple[str, list[Any]]:
        """A condition: an actor on ``sides`` (``S``, ``T`` or ``ST``) has one of these
        countries or codes. By default a semi-join on ``event_actors`` (DuckDB's fastest);
        Postgres overrides it with the GIN-indexed ``actor_keys``."""
        marks = ", ".join("?" * len(codes))
        role = {"S": "role = 'source' AND ", "T": "role = 'target' AND ", "ST": ""}[sides]
        return (
            f"id IN (SELECT event_id FROM event_actors WHERE {role}"
            f"(country IN ({marks}) OR code IN ({marks})))",
            codes + codes,
        )

    def _lock_setup(self) -> None:
        """Serialise schema setup between processes (Postgres); nothing for DuckDB."""

    # -- schema and migrations ----------------------------------------------------------

    def _setup(self) -> None:
        tables = self._tables()
        version = None
        if "schema_version" in tables:
            version = self._fetchall("SELECT max(version) FROM schema_version")[0][0]
        if version is not None and version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store schema version {version} is newer than this flashpoint "
                f"understands ({SCHEMA_VERSION}); upgrade flashpoint"
            )
        if self.read_only:
            if version is None:
                raise StoreError(f"{self.path}: not a flashpoint store (no schema_version table)")
            if version < SCHEMA_VERSION:
                raise StoreError(
                    f"{self.path}: store schema version {version} needs migrating to "
                    f"{SCHEMA_VERSION}; open it once for writing"
                )
            return
        with self._transaction():
            self._lock_setup()
            # another process may have set the store up while we waited for the lock
            tables = self._tables()
            if "schema_version" in tables:
                version = self._fetchall("SELECT max(version) FROM schema_version")[0][0]
            if version is not None and version < SCHEMA_VERSION:
                steps = migrations(self.dialect)
                for target in range(version + 1, SCHEMA_VERSION + 1):
                    for statement in steps.get(target, []):
                        self._execute(statement)
                    self._execute("INSERT INTO schema_version (version) VALUES (?)", [target])
            for statement in ddl(self.dialect):
                self._execute(statement)
            if version is None:
                self._execute("INSERT INTO schema_version (version) VALUES (?)", [SCHEMA_VERSION])

    @property
    def schema_version(self) -> int:
        return self._fetchall("SELECT max(version) FROM schema_version")[0][0]

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self._begin()
        try:
            yield
        except BaseException:
            self._rollback()
            raise
        self._commit()

    # -- writing -------------------------------------------------------------------------

    def add_articles(
        self,
        articles: Iterable[Article | Mapping[str, Any]],
        *,
        batch_size: int = 500,
        stories: Mapping[str, str] | None = None,
    ) -> int:
        """Upsert articles (``Article`` objects or ``flashpoint extract`` records) by id.

        An article's story comes from ``stories`` (article id -> story id), else from its
        record's ``story_id`` (or an ``Article.story_id`` attribute) when it has one. Returns how
        many articles were new or changed. Each batch of ``batch_size`` is one transaction.
        """
        written = 0
        for chunk in chunks(articles, batch_size):
            with self._transaction():
                written += self._write_articles(chunk, stories)
        return written

    def add_events(
        self, events: Iterable[Event | Mapping[str, Any]], *, batch_size: int = 2000
    ) -> int:
        """Upsert events (``Event`` objects or their JSON records) by event id.

        Returns how many were new or changed: re-adding the same events returns 0 and writes
        nothing. Each batch of ``batch_size`` is one transaction, so a crash loses at most the
        batch in flight.
        """
        written = 0
        for chunk in chunks(events, batch_size):
            with self._transaction():
                written += self._write_events(chunk)
        return written

    def replace_document(
        self,
        article: Article | Mapping[str, Any] | str,
        events: Iterable[Event | Mapping[str, Any]],
    ) -> int:
        """Store an article (or just its id) with exactly these events, in one transaction.

        Events stored earlier for the same document but missing from ``events`` (say, coded by
        an older lexicon) are removed; the rest are upserted. Returns how many events were new
        or changed. Use it when recoding a corpus into an existing store.
        """
        return self.store_documents([(article, list(events))])

    def store_documents(
        self,
        documents: Iterable[tuple[Article | Mapping[str, Any] | str, Iterable[Any]]],
        *,
        ingested: Mapping[str, tuple[str, str | None]] | None = None,
        stories: Mapping[str, str] | None = None,
    ) -> int:
        """``replace_document`` for a batch of documents, all in one transaction.

        ``ingested`` maps a document id to ``(content hash, source)``; those documents are
        recorded in the ``ingested`` table in the same transaction, which is what makes
        ``flashpoint ingest`` resumable: a document is either fully stored and marked, or not
        at all. ``stories`` (article id -> story id) links the batch's articles to their
        stories, and relinks any other article it names (one stored earlier whose story merged
        into another), in the same transaction. Returns how many events were new or changed.
        """
        docs: list[tuple[Any, list[dict[str, Any]]]] = []
        for article, events in documents:
            doc_id = article if isinstance(article, str) else R.article_row(article)["id"]
            docs.append((article, doc_id, [R.event_record(e) for e in events]))
        if not docs:
            return 0
        with self._transaction():
            articles = [a for a, _, _ in docs if not isinstance(a, str)]
            if articles:
                self._write_articles(articles, stories)
            batch = {doc_id for _, doc_id, _ in docs}
            earlier = {k: v for k, v in (stories or {}).items() if k not in batch}
            if earlier:
                self._write_stories(earlier)
            doc_rows = [{"id": doc_id} for _, doc_id, _ in docs]
            keep_rows = [{"id": str(r.get("id"))} for _, _, records in docs for r in records]
            with (
                self._stage("_fp_docs", doc_rows, [("id", "VARCHAR")]) as doc_stage,
                self._stage("_fp_keep", keep_rows, [("id", "VARCHAR")]) as keep_stage,
            ):
                stale = (
                    f"doc_id IN (SELECT id FROM {doc_stage}) "
                    f"AND id NOT IN (SELECT id FROM {keep_stage})"
                )
                self._execute(
                    "DELETE FROM event_actors WHERE event_id IN "
                    f"(SELECT id FROM events WHERE {stale})"
                )
                self._execute(f"DELETE FROM events WHERE {stale}")
            written = self._write_events([r for _, _, records in docs for r in records])
            if ingested:
                counts = {doc_id: len(records) for _, doc_id, records in docs}
                rows = [
                    {
                        "doc_id": doc_id,
                        "content_hash": content_hash,
                        "events": counts.get(doc_id, 0),
                        "source": source,
                    }
                    for doc_id, (content_hash, source) in ingested.items()
                ]
                self._upsert(
                    "ingested",
                    INGESTED_COLUMNS,
                    rows,
                    key="doc_id",
                    compare=["content_hash", "events", "source"],
                )
        return written

    def delete_document(self, doc_id: str) -> int:
        """Remove an article, its events and its story link; returns how many events went."""
        with self._transaction():
            self._execute(
                "DELETE FROM event_actors WHERE event_id IN (SELECT id FROM events WHERE doc_id = ?)",
                [doc_id],
            )
            removed = self._fetchall("SELECT count(*) FROM events WHERE doc_id = ?", [doc_id])[0][0]
            self._execute("DELETE FROM events WHERE doc_id = ?", [doc_id])
            self._execute("DELETE FROM articles WHERE id = ?", [doc_id])
            self._execute("DELETE FROM stories WHERE article_id = ?", [doc_id])
            self._execute("DELETE FROM ingested WHERE doc_id = ?", [doc_id])
        return int(removed)

    def set_story(self, article_id: str, story_id: str | None) -> None:
        """Put an article in a story (``None`` takes it out of any)."""
        self.set_stories({article_id: story_id})

    def set_stories(self, stories: Mapping[str, str | None]) -> int:
        """Assign many articles to stories at once (one transaction); returns how many links
        were new or changed. A story id of ``None`` removes the article's link."""
        with self._transaction():
            return self._write_stories(stories)

    def _write_stories(self, stories: Mapping[str, str | None]) -> int:
        drop = [{"id": a} for a, s in stories.items() if s is None]
        keep = [{"article_id": a, "story_id": str(s)} for a, s in stories.items() if s is not None]
        if drop:
            with self._stage("_fp_unstory", drop, [("id", "VARCHAR")]) as stage:
                self._execute(f"DELETE FROM stories WHERE article_id IN (SELECT id FROM {stage})")
        changed = self._upsert(
            "stories", STORY_COLUMNS, keep, key="article_id", compare=["story_id"]
        )
        return len(changed) + len(drop)

    def _write_articles(
        self,
        articles: Iterable[Article | Mapping[str, Any]],
        stories: Mapping[str, str] | None = None,
    ) -> int:
        batch: dict[str, dict[str, Any]] = {}
        story_links: dict[str, str] = {}
        for article in articles:
            row = R.article_row(article)
            batch[row["id"]] = row
            story = (
                article.get("story_id")
                if isinstance(article, Mapping)
                else getattr(article, "story_id", None)
            )
            if story is not None:
                story_links[row["id"]] = str(story)
        for article_id, story in (stories or {}).items():
            if article_id in batch and story is not None:
                story_links[article_id] = str(story)
        changed = self._upsert(
            "articles",
            ARTICLE_COLUMNS,
            list(batch.values()),
            key="id",
            compare=[name for name, _ in ARTICLE_COLUMNS if name != "id"],
        )
        if changed:
            wanted = set(changed)
            days = [{"id": i, "date": batch[i]["date"]} for i in batch if i in wanted]
            with self._stage("_fp_days", days, [("id", "VARCHAR"), ("date", "DATE")]) as stage:
                self._execute(
                    f"UPDATE events SET day = coalesce(events.date, s.date) FROM {stage} AS s "
                    "WHERE events.doc_id = s.id"
                )
        if story_links:
            self._write_stories(story_links)
        return len(changed)

    def _article_dates(self, doc_ids: set[str]) -> dict[str, Any]:
        with self._stage("_fp_docids", [{"id": d} for d in doc_ids], [("id", "VARCHAR")]) as s:
            return dict(
                self._fetchall(
                    f"SELECT id, date FROM articles WHERE id IN (SELECT id FROM {s}) "
                    "AND date IS NOT NULL"
                )
            )

    def _write_events(self, events: Iterable[Event | Mapping[str, Any]]) -> int:
        records: dict[str, dict[str, Any]] = {}
        for event in events:
            record = R.event_record(event)
            records[str(record.get("id"))] = record
        if not records:
            return 0
        rows = [R.event_row(record) for record in records.values()]
        undated = {row["doc_id"] for row in rows if row["date"] is None and row["doc_id"]}
        article_dates = self._article_dates(undated) if undated else {}
        for row, record in zip(rows, records.values(), strict=True):
            row["day"] = row["date"] or article_dates.get(row["doc_id"])
            row["actor_keys"] = _actor_keys(record)
        changed = self._upsert("events", EVENT_TABLE_COLUMNS, rows, key="id", compare=["record"])
        if changed:
            with self._stage("_fp_changed", [{"id": i} for i in changed], [("id", "VARCHAR")]) as s:
                self._execute(f"DELETE FROM event_actors WHERE event_id IN (SELECT id FROM {s})")
            actors = [a for event_id in changed for a in R.actor_rows(records[event_id])]
            if actors:
                with self._stage("_fp_actors", actors, ACTOR_COLUMNS) as stage:
                    self._execute(
                        f"INSERT INTO event_actors ({quoted(ACTOR_COLUMNS)}) "
                        f"SELECT {quoted(ACTOR_COLUMNS)} FROM {stage}"
                    )
        return len(changed)

    # -- resumable ingestion -------------------------------------------------------------

    def ingested(self) -> dict[str, str]:
        """Every document ``flashpoint ingest`` has stored: doc id -> content hash."""
        return {k: v for k, v in self._fetchall("SELECT doc_id, content_hash FROM ingested")}

    # -- filters -------------------------------------------------------------------------

    def _where(
        self,
        *,
        asserted_only: bool = False,
        dyad: str | Sequence[str] | None = None,
        since: Any = None,
        until: Any = None,
        doc_id: str | None = None,
        actor: str | Sequence[str] | None = None,
        source: str | Sequence[str] | None = None,
        target: str | Sequence[str] | None = None,
        cameo: str | Sequence[str] | None = None,
        plover: str | Sequence[str] | None = None,
        quad_class: int | Sequence[int] | None = None,
        modality: str | Sequence[str] | None = None,
        story: str | None = None,
        outlet: str | Sequence[str] | None = None,
        text: str | None = None,
        table: str = "event_rows",
    ) -> tuple[str, list[Any]]:
        """A ``WHERE`` clause over ``event_rows`` (or, without outlet or story filters, the
        ``events`` table, where the effective date is ``day``) and its parameters."""
        clauses: list[str] = []
        params: list[Any] = []
        date_column = "day" if table == "events" else "date"

        def one_of(column: str, values: list[Any]) -> None:
            if len(values) == 1:
                clauses.append(f"{column} = ?")
            else:
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)

        if asserted_only:
            clauses.append("modality = 'asserted'")
        if modality is not None:
            wanted = _as_list(modality)
            unknown = [m for m in wanted if m not in MODALITIES]
            if unknown:
                raise ValueError(f"unknown modality {unknown[0]!r}; use one of {MODALITIES}")
            one_of("modality", wanted)
        if dyad is not None:
            clauses.append(self._contains("dyads"))
            params.append(_dyad(dyad))
        if since is not None:
            clauses.append(f"{date_column} >= ?")
            params.append(R.as_date(since))
        if until is not None:
            clauses.append(f"{date_column} <= ?")
            params.append(R.as_date(until))
        if doc_id is not None:
            clauses.append("doc_id = ?")
            params.append(doc_id)
        for sides, value in (("ST", actor), ("S", source), ("T", target)):
            if value is None:
                continue
            codes = [c.upper() for c in _as_list(value)]
            clause, values = self._actor_clause(sides, codes)
            clauses.append(clause)
            params.extend(values)
        if cameo is not None:
            codes = [str(c).strip() for c in _as_list(cameo)]
            parts = []
            for code in codes:
                parts.append("cameo_root = ?" if len(code) <= 2 else "cameo_code = ?")
                params.append(code.zfill(2) if len(code) <= 2 else code)
            clauses.append("(" + " OR ".join(parts) + ")")
        if plover is not None:
            one_of("plover_type", [p.upper() for p in _as_list(plover)])
        if quad_class is not None:
            one_of("quad_class", [int(q) for q in _as_list(quad_class)])
        if story is not None:
            clauses.append("story_id = ?")
            params.append(str(story))
        if outlet is not None:
            one_of("outlet", _as_list(outlet) if not isinstance(outlet, str) else [outlet])
        if text is not None:
            clauses.append("(evidence_text ILIKE ? OR trigger ILIKE ?)")
            params.extend([f"%{text}%", f"%{text}%"])
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params

    # -- reading -------------------------------------------------------------------------

    @staticmethod
    def _table_for(filters: Mapping[str, Any]) -> str:
        """``events`` when no filter needs the article (outlet) or its story: the view's joins
        cost a scan of their own."""
        needs_view = filters.get("outlet") is not None or filters.get("story") is not None
        return "event_rows" if needs_view else "events"

    def _fetch(self, sql: str, params: Sequence[Any] | None, as_: str | None) -> Any:
        if as_ in (None, "pandas"):
            return self._fetch_df(sql, params)
        if as_ == "arrow":
            return self._fetch_arrow(sql, params)
        if as_ == "polars":
            import polars as pl

            return pl.from_arrow(self._fetch_arrow(sql, params))
        raise ValueError(f"unknown result type {as_!r}: use pandas, polars or arrow")

    def events(
        self,
        *,
        asserted_only: bool = False,
        dyad: str | Sequence[str] | None = None,
        since: Any = None,
        until: Any = None,
        doc_id: str | None = None,
        actor: str | Sequence[str] | None = None,
        source: str | Sequence[str] | None = None,
        target: str | Sequence[str] | None = None,
        cameo: str | Sequence[str] | None = None,
        plover: str | Sequence[str] | None = None,
        quad_class: int | Sequence[int] | None = None,
        modality: str | Sequence[str] | None = None,
        story: str | None = None,
        outlet: str | Sequence[str] | None = None,
        text: str | None = None,
        order: str = "date",
        limit: int | None = None,
        offset: int = 0,
        as_: str | None = None,
    ) -> Any:
        """Events as a DataFrame (one row an event, the columns of ``event_rows``).

        Filters combine with AND:
        - ``dyad``: a directed ``"SRC-TGT"`` country pair (or a tuple) matched against every
          pair of the event's compound actors;
        - ``since``/``until``: inclusive dates (date, datetime or ISO string);
        - ``actor``, ``source``, ``target``: country or actor codes (``"CHN"``, ``"JPNGOV"``, or
          several, comma-separated or a list) on either side, the source side, the target side;
        - ``cameo``: CAMEO roots (two digits, ``"19"``) or codes (``"193"``);
        - ``plover``: PLOVER types; ``quad_class``: 1-4; ``modality``: modalities
          (``asserted_only`` is short for ``modality="asserted"``);
        - ``story``, ``outlet``, ``doc_id``: exact; ``text``: a case-insensitive substring of
          the evidence sentence or the trigger.

        ``order`` is ``date`` (oldest first), ``-date``, ``goldstein`` (most severe first) or
        ``-confidence``; ``limit``/``offset`` page through the result. ``date``, ``outlet`` and
        ``url`` fall back to the article's.
        """
        where, params = self._where(
            asserted_only=asserted_only, dyad=dyad, since=since, until=until, doc_id=doc_id,
            actor=actor, source=source, target=target, cameo=cameo, plover=plover,
            quad_class=quad_class, modality=modality, story=story, outlet=outlet, text=text,
        )  # fmt: skip
        if limit is None or limit > 5000:
            return self._fetch(self._select_events(where, order, limit, offset), params, as_)
        # a page: find its ids reading only the columns filtered and sorted on, then fetch the
        # full rows of just those (the wide `record` and evidence columns are read 50 times, not
        # once per matching event)
        filters = {"outlet": outlet, "story": story}
        table = self._table_for(filters)
        where1, params1 = self._where(
            asserted_only=asserted_only, dyad=dyad, since=since, until=until, doc_id=doc_id,
            actor=actor, source=source, target=target, cameo=cameo, plover=plover,
            quad_class=quad_class, modality=modality, story=story, outlet=outlet, text=text,
            table=table,
        )  # fmt: skip
        sort = ORDERS[order]
        if table == "events":
            sort = sort.replace("date ", "day ")
        ids_sql = f"SELECT id FROM {table} {where1} ORDER BY {sort} LIMIT {int(limit)} OFFSET {int(offset)}"
        ids = [row[0] for row in self._fetchall(ids_sql, params1)]
        if not ids:
            return self._fetch(f"SELECT {_ROW_COLUMNS} FROM event_rows WHERE 1 = 0", [], as_)
        marks = ", ".join("?" * len(ids))
        return self._fetch(
            f"SELECT {_ROW_COLUMNS} FROM event_rows WHERE id IN ({marks}) "
            f"ORDER BY {ORDERS[order]}",
            ids,
            as_,
        )

    def _select_events(
        self, where: str, order: str = "date", limit: int | None = None, offset: int = 0
    ) -> str:
        if order not in ORDERS:
            raise ValueError(f"unknown order {order!r}: use one of {', '.join(ORDERS)}")
        page = ""
        if limit is not None:
            page = f" LIMIT {int(limit)} OFFSET {int(offset)}"
        elif offset:
            page = f" OFFSET {int(offset)}"
        return f"SELECT {_ROW_COLUMNS} FROM event_rows {where} ORDER BY {ORDERS[order]}{page}"

    def event_records(self, *, order: str = "date", **filters: Any) -> Iterator[dict[str, Any]]:
        """The JSON event records (``Event.to_dict()``) of the events matching ``filters``
        (those of ``events``), streamed."""
        import json

        where, params = self._where(**filters)
        sql = f"SELECT record FROM event_rows {where} ORDER BY {ORDERS[order]}"
        for batch in self._iter_batches(sql, params):
            for text in batch.column(0).to_pylist():
                yield json.loads(text)

    def event_batches(
        self, *, order: str = "date", size: int = 50_000, **filters: Any
    ) -> Iterator[pa.RecordBatch]:
        """The ``event_rows`` of the events matching ``filters``, as Arrow batches (for exports
        of any size)."""
        where, params = self._where(**filters)
        return self._iter_batches(self._select_events(where, order), params, size)

    def count_events(self, *, asserted_only: bool = False, **filters: Any) -> int:
        """How many events match (the filters of ``events``)."""
        table = self._table_for(filters)
        where, params = self._where(asserted_only=asserted_only, table=table, **filters)
        return int(self._fetchall(f"SELECT count(*) FROM {table} {where}", params)[0][0])

    def dyad_series(
        self,
        dyad: str | Sequence[str] | None = None,
        *,
        freq: str = "week",
        asserted_only: bool = True,
        since: Any = None,
        until: Any = None,
        as_: str | None = None,
        **filters: Any,
    ) -> Any:
        """Events per directed dyad per period (``day``, ``week`` (from Monday), ``month``,
        ``quarter``, ``year``), by quad class.

        Columns: ``period`` (its first day), ``dyad``, ``events``, ``q1``..``q4`` (event counts
        per quad class: 1 verbal cooperation, 2 material cooperation, 3 verbal conflict,
        4 material conflict), ``goldstein`` (sum) and ``goldstein_mean``. With ``dyad`` one
        series, else every dyad's (compound actors count once per pair). Only asserted events
        count unless ``asserted_only=False``; undated events are left out.
        """
        if freq not in FREQUENCIES:
            raise ValueError(f"unknown frequency {freq!r}: use one of {', '.join(FREQUENCIES)}")
        table = self._table_for(filters)
        day = "day" if table == "events" else "date"
        where, params = self._where(
            asserted_only=asserted_only, dyad=dyad, since=since, until=until, table=table,
            **filters,
        )  # fmt: skip
        where = (where + " AND" if where else "WHERE") + f" {day} IS NOT NULL"
        if dyad is not None:
            params = [_dyad(dyad), *params]
            source = (
                f"SELECT {day} AS date, quad_class, goldstein, CAST(? AS VARCHAR) AS dyad "
                f"FROM {table} {where}"
            )
        else:
            source = (
                f"SELECT {day} AS date, quad_class, goldstein, unnest(dyads) AS dyad "
                f"FROM {table} {where}"
            )
        sql = f"""
            WITH expanded AS ({source})
            SELECT
                CAST(date_trunc('{freq}', date) AS DATE) AS period,
                dyad,
                count(*) AS events,
                count(*) FILTER (WHERE quad_class = 1) AS q1,
                count(*) FILTER (WHERE quad_class = 2) AS q2,
                count(*) FILTER (WHERE quad_class = 3) AS q3,
                count(*) FILTER (WHERE quad_class = 4) AS q4,
                coalesce(sum(goldstein), 0) AS goldstein,
                avg(goldstein) AS goldstein_mean
            FROM expanded
            GROUP BY CAST(date_trunc('{freq}', date) AS DATE), dyad
            ORDER BY dyad, period
        """
        return self._fetch(sql, params, as_)

    def event_actors(self, event_id: str | None = None, *, as_: str | None = None) -> Any:
        """Actors of every event (or of one), source before target, in list order."""
        order = "CASE WHEN role = 'target' THEN 1 ELSE 0 END, position"
        if event_id is None:
            return self._fetch(f"SELECT * FROM event_actors ORDER BY event_id, {order}", [], as_)
        return self._fetch(
            f"SELECT * FROM event_actors WHERE event_id = ? ORDER BY {order}", [event_id], as_
        )

    def articles(self, *, story: str | None = None, as_: str | None = None) -> Any:
        """Articles (with their ``story_id``), oldest first."""
        cols = ", ".join(f'a."{name}"' for name, _ in ARTICLE_COLUMNS)
        where, params = ("WHERE s.story_id = ?", [story]) if story is not None else ("", [])
        return self._fetch(
            f"SELECT {cols}, s.story_id FROM articles AS a "
            f"LEFT JOIN stories AS s ON s.article_id = a.id {where} "
            "ORDER BY a.date NULLS LAST, a.id",
            params,
            as_,
        )

    def stories(self, *, as_: str | None = None) -> Any:
        """One row a story: ``story_id``, ``articles``, ``outlets`` (distinct), ``first_date``,
        ``last_date``, ``events``; largest first."""
        return self._fetch(
            """
            SELECT s.story_id,
                   count(DISTINCT s.article_id) AS articles,
                   count(DISTINCT a.outlet) AS outlets,
                   min(a.date) AS first_date,
                   max(a.date) AS last_date,
                   (SELECT count(*) FROM events AS e
                    WHERE e.doc_id IN (SELECT article_id FROM stories AS t
                                       WHERE t.story_id = s.story_id)) AS events
            FROM stories AS s LEFT JOIN articles AS a ON a.id = s.article_id
            GROUP BY s.story_id
            ORDER BY articles DESC, s.story_id
            """,
            [],
            as_,
        )

    def actors(self, *, as_: str | None = None) -> Any:
        """Every actor code seen in events, with its country, sector, a name and its counts
        (``events``, ``as_source``, ``as_target``); busiest first."""
        return self._fetch("SELECT * FROM actors ORDER BY events DESC, code", [], as_)

    def count_articles(self) -> int:
        return int(self._fetchall("SELECT count(*) FROM articles")[0][0])

    def query(
        self, sql: str, params: Sequence[Any] | None = None, *, as_: str | None = None
    ) -> Any:
        """Any SQL over the store's tables (``articles``, ``stories``, ``events``,
        ``event_actors``, ``ingested``) and views (``event_rows``, ``actors``) as a DataFrame.
        Placeholders are ``?`` on both backends."""
        return self._fetch(sql, params or [], as_)


__all__ = ["EVENT_ROW_COLUMNS", "EventStore", "StoreError", "is_dsn"]
