"""The PostgreSQL backend (psycopg 3): one server shared by a team.

Batches are staged in temporary tables filled with ``COPY``; an upsert is one
``INSERT ... ON CONFLICT DO UPDATE ... WHERE <changed> RETURNING``, so unchanged rows are not
written. Each batch is one transaction; schema setup and migrations take an advisory lock so
that several processes opening a new database at once do not race.

Install the driver with ``pip install "psycopg[binary]>=3.1"``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pandas as pd
import pyarrow as pa

from flashpoint.store.base import EventStore, StoreError
from flashpoint.store.schema import pg_type, quoted

_SETUP_LOCK = 0x466C617368  # "Flash": the advisory lock taken while creating or migrating

# Postgres type oid -> Arrow type, for results
_OID_ARROW: dict[int, pa.DataType] = {
    16: pa.bool_(),
    20: pa.int64(),
    21: pa.int16(),
    23: pa.int32(),
    25: pa.string(),
    1043: pa.string(),
    19: pa.string(),
    114: pa.string(),
    3802: pa.string(),
    700: pa.float32(),
    701: pa.float64(),
    1700: pa.float64(),
    1082: pa.date32(),
    1114: pa.timestamp("us"),
    1184: pa.timestamp("us", tz="UTC"),
    1009: pa.list_(pa.string()),
    1015: pa.list_(pa.string()),
}

_PLACEHOLDER = re.compile(r"'(?:[^']|'')*'|\"(?:[^\"])*\"|\?|%")


def to_pyformat(sql: str) -> str:
    """``?`` placeholders (outside quotes) to psycopg's ``%s``, and literal ``%`` escaped."""

    def swap(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "?":
            return "%s"
        if token == "%":
            return "%%"
        return token.replace("%", "%%")

    return _PLACEHOLDER.sub(swap, sql)


def _import_psycopg():
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise StoreError(
            'PostgreSQL needs the psycopg driver: pip install "psycopg[binary]>=3.1"'
        ) from exc
    return psycopg


def _redact(dsn: str) -> str:
    return re.sub(r"(://[^:/@]+:)[^@]*@", r"\1***@", dsn)


def _value(v: Any) -> Any:
    return float(v) if isinstance(v, Decimal) else v


class PostgresStore(EventStore):
    """The store in a PostgreSQL database, named by a DSN
    (``postgresql://user:password@host:5432/dbname``)."""

    dialect = "postgres"

    def __init__(self, conn: Any, dsn: str, *, read_only: bool = False):
        self.conn = conn
        self.dsn = dsn
        self.path = _redact(dsn)
        self.read_only = read_only
        self._setup()

    @classmethod
    def open(cls, db: Any = None, *, read_only: bool = False) -> PostgresStore:
        psycopg = _import_psycopg()
        from psycopg.types.string import TextLoader

        dsn = str(db)
        try:
            conn = psycopg.connect(dsn, autocommit=True)
        except psycopg.OperationalError as exc:
            raise StoreError(f"{_redact(dsn)}: cannot connect: {exc}") from exc
        # JSON comes back as its text, as from DuckDB
        conn.adapters.register_loader("jsonb", TextLoader)
        conn.adapters.register_loader("json", TextLoader)
        try:
            if read_only:
                conn.execute("SET default_transaction_read_only = on")
            return cls(conn, dsn, read_only=read_only)
        except BaseException:
            conn.close()
            raise

    def close(self) -> None:
        self.conn.close()

    # -- primitives ----------------------------------------------------------------------

    def _sql(self, sql: str, params: Sequence[Any] | None) -> tuple[str, list[Any] | None]:
        if params:
            return to_pyformat(sql), list(params)
        return sql, None

    def _execute(self, sql: str, params: Sequence[Any] | None = None) -> None:
        self.conn.execute(*self._sql(sql, params))

    def _fetchall(self, sql: str, params: Sequence[Any] | None = None) -> list[tuple]:
        return self.conn.execute(*self._sql(sql, params)).fetchall()

    @staticmethod
    def _arrow(description: Any, rows: list[tuple]) -> pa.Table:
        arrays, names = [], []
        for i, col in enumerate(description):
            names.append(col.name)
            values = [_value(r[i]) for r in rows]
            typ = _OID_ARROW.get(col.type_code)
            if typ is not None and pa.types.is_timestamp(typ):
                typ = None if any(v is not None and not isinstance(v, datetime) for v in values) else typ
            if typ is not None and pa.types.is_date(typ):
                values = [v.date() if isinstance(v, datetime) else v for v in values]
                if any(v is not None and not isinstance(v, date) for v in values):
                    typ = None
            try:
                arrays.append(pa.array(values, type=typ))
            except (pa.ArrowInvalid, pa.ArrowTypeError):
                arrays.append(pa.array([None if v is None else str(v) for v in values]))
        return pa.Table.from_arrays(arrays, names=names)

    def _fetch_arrow(self, sql: str, params: Sequence[Any] | None = None) -> pa.Table:
        cur = self.conn.execute(*self._sql(sql, params))
        if cur.description is None:
            return pa.table({})
        return self._arrow(cur.description, cur.fetchall())

    def _fetch_df(self, sql: str, params: Sequence[Any] | None = None) -> pd.DataFrame:
        # DuckDB's .df() gives dates as datetime64; do the same
        return self._fetch_arrow(sql, params).to_pandas(date_as_object=False)

    def _iter_batches(
        self, sql: str, params: Sequence[Any] | None = None, size: int = 50_000
    ) -> Iterator[pa.RecordBatch]:
        # a connection of its own with a server-side cursor: memory stays flat for any size,
        # and the caller may keep using the store while iterating
        psycopg = _import_psycopg()
        from psycopg.types.string import TextLoader

        with psycopg.connect(self.dsn) as conn:
            conn.adapters.register_loader("jsonb", TextLoader)
            conn.adapters.register_loader("json", TextLoader)
            conn.read_only = True
            with conn.cursor(name="flashpoint_export") as cur:
                cur.itersize = size
                cur.execute(*self._sql(sql, params))
                while rows := cur.fetchmany(size):
                    yield from self._arrow(cur.description, rows).to_batches()

    def _tables(self) -> set[str]:
        return {
            row[0]
            for row in self.conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()"
            ).fetchall()
        }

    def _lock_setup(self) -> None:
        self.conn.execute("SELECT pg_advisory_xact_lock(%s)", [_SETUP_LOCK])

    @contextmanager
    def _stage(
        self, name: str, rows: list[dict[str, Any]], columns: list[tuple[str, str]]
    ) -> Iterator[str]:
        defs = ", ".join(f'"{c}" {pg_type(t)}' for c, t in columns)
        self.conn.execute(f"CREATE TEMPORARY TABLE {name} ({defs})")
        try:
            if rows:
                names = [c for c, _ in columns]
                with self.conn.cursor() as cur:
                    with cur.copy(f"COPY {name} ({quoted(columns)}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row([row.get(c) for c in names])
            yield name
        finally:
            if not self.conn.closed and self.conn.info.transaction_status != 3:  # not INERROR
                self.conn.execute(f"DROP TABLE IF EXISTS {name}")

    def _contains(self, column: str) -> str:
        return f"{column} @> ARRAY[?]::text[]"

    def _actor_clause(self, sides: str, codes: list[str]) -> tuple[str, list[Any]]:
        # one GIN index scan on actor_keys instead of a semi-join over event_actors
        return "actor_keys && ?::text[]", [[f"{side}:{code}" for side in sides for code in codes]]

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
        updates = ", ".join(f'"{c}" = EXCLUDED."{c}"' for c, _ in columns if c != key)
        changed = " OR ".join(f'{table}."{c}" IS DISTINCT FROM EXCLUDED."{c}"' for c in compare)
        with self._stage(f"_fp_stage_{table}", rows, columns) as stage:
            result = self.conn.execute(
                f"INSERT INTO {table} ({quoted(columns)}) SELECT {quoted(columns)} FROM {stage} "
                f'ON CONFLICT ("{key}") DO UPDATE SET {updates} WHERE {changed} '
                f'RETURNING "{key}"'
            ).fetchall()
        return [r[0] for r in result]
