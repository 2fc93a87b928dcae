"""The DuckDB backend: articles, stories and events in one file, nothing to set up.

Batches are staged as Arrow tables registered with the connection; an upsert finds the rows
that are new or changed with one join, then deletes and re-inserts just those. DuckDB keeps a
write-ahead log, so a process killed mid-batch leaves the file at its last commit.

One process at a time may open a DuckDB file for writing (DuckDB's own lock); readers in other
processes need ``read_only=True`` and no writer.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from flashpoint.store.base import EventStore, StoreError
from flashpoint.store.schema import quoted

_ARROW_TYPES: dict[str, pa.DataType] = {
    "VARCHAR": pa.string(),
    "JSON": pa.string(),
    "DATE": pa.date32(),
    "INTEGER": pa.int32(),
    "BIGINT": pa.int64(),
    "DOUBLE": pa.float64(),
    "VARCHAR[]": pa.list_(pa.string()),
}


def arrow_schema(columns: list[tuple[str, str]]) -> pa.Schema:
    return pa.schema([(name, _ARROW_TYPES[type_]) for name, type_ in columns])


class DuckDBStore(EventStore):
    """The store in a DuckDB file (or ``":memory:"``)."""

    dialect = "duckdb"

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, *, read_only: bool = False):
        self.con = con
        self.path = path
        self.read_only = read_only
        self._setup()

    @classmethod
    def open(cls, db: str | Path | None = ":memory:", *, read_only: bool = False) -> DuckDBStore:
        path = ":memory:" if db is None else str(db)
        if path != ":memory:" and not read_only:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        if read_only and path != ":memory:" and not Path(path).exists():
            raise StoreError(f"{path}: no such store")
        try:
            con = duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            raise StoreError(f"{path}: cannot open the store: {exc}") from exc
        try:
            return cls(con, path, read_only=read_only)
        except BaseException:
            con.close()
            raise

    def close(self) -> None:
        self.con.close()

    # -- primitives ----------------------------------------------------------------------

    def _execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        self.con.execute(sql, list(params or []))

    def _fetchall(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
        return self.con.execute(sql, list(params or [])).fetchall()

    def _fetch_df(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        return self.con.execute(sql, list(params or [])).df()

    def _fetch_arrow(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        relation = self.con.sql(sql, params=list(params or []))
        if relation is None:  # not a query
            return pa.table({})
        fetch = getattr(relation, "to_arrow_table", None) or relation.arrow
        return fetch()

    def _iter_batches(
        self, sql: str, params: Sequence[Any] | None = None, size: int = 50_000
    ) -> Iterator[pa.RecordBatch]:
        # a cursor of its own, so the caller may use the store while iterating
        cursor = self.con.cursor()
        try:
            relation = cursor.sql(sql, params=list(params or []))
            reader = getattr(relation, "to_arrow_reader", None) or relation.record_batch
            yield from reader(size)
        finally:
            cursor.close()

    def _tables(self) -> set[str]:
        return {
            row[0]
            for row in self.con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()"
            ).fetchall()
        }

    def _begin(self) -> None:
        self.con.begin()

    def _commit(self) -> None:
        self.con.commit()

    def _rollback(self) -> None:
        self.con.rollback()

    @contextmanager
    def _stage(
        self, name: str, rows: list[dict[str, Any]], columns: list[tuple[str, str]]
    ) -> Iterator[str]:
        self.con.register(name, pa.Table.from_pylist(rows, schema=arrow_schema(columns)))
        try:
            yield name
        finally:
            self.con.unregister(name)

    def _contains(self, column: str) -> str:
        return f"list_contains({column}, ?)"


    def _upsert(
        self,
        table: str,
        columns: list[tuple[str, str]],
        rows: list[dict[str, Any]],
        *,
        key: str,
        compare: list[str],
    ) -> list[str]:
        if not rows:
            return []
        types = dict(columns)

        def stored(name: str) -> str:
            return f't."{name}"::VARCHAR' if types[name] == "JSON" else f't."{name}"'

        changed_condition = " OR ".join(
            [f't."{key}" IS NULL'] + [f's."{c}" IS DISTINCT FROM {stored(c)}' for c in compare]
        )
        with self._stage(f"_fp_stage_{table}", rows, columns) as stage:
            changed = [
                r[0]
                for r in self.con.execute(
                    f'SELECT s."{key}" FROM {stage} AS s LEFT JOIN {table} AS t '
                    f'ON t."{key}" = s."{key}" WHERE {changed_condition}'
                ).fetchall()
            ]
        if not changed:
            return []
        wanted = set(changed)
        fresh = [row for row in rows if row[key] in wanted]
        with self._stage(f"_fp_stage_{table}", fresh, columns) as stage:
            self.con.execute(f'DELETE FROM {table} WHERE "{key}" IN (SELECT "{key}" FROM {stage})')
            self.con.execute(
                f"INSERT INTO {table} ({quoted(columns)}) SELECT {quoted(columns)} FROM {stage}"
            )
        return changed
