"""The event store: articles, stories and coded events, idempotent upserts, queries as
DataFrames. DuckDB (an embedded file) is the default backend; PostgreSQL serves a team.

>>> from flashpoint.store import open_store                  # doctest: +SKIP
>>> store = open_store("events.duckdb")                      # or "postgresql://..."
>>> store.dyad_series("CHN-JPN", freq="week")

See ``schema`` for the tables and ``docs/formats.md`` for every column.
"""

from flashpoint.store.api import open_store
from flashpoint.store.base import EventStore, StoreError, is_dsn
from flashpoint.store.duckdb_store import DuckDBStore
from flashpoint.store.rows import RecordError
from flashpoint.store.schema import SCHEMA_VERSION

__all__ = [
    "DuckDBStore",
    "EventStore",
    "RecordError",
    "SCHEMA_VERSION",
    "StoreError",
    "is_dsn",
    "open_store",
]
