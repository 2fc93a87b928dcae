"""The event store: articles and coded events, idempotent upserts, queries as DataFrames.

DuckDB is the default (and so far only) backend; see ``schema`` for the tables.
"""

from flashpoint.store.duckdb_store import EventStore, StoreError
from flashpoint.store.rows import RecordError
from flashpoint.store.schema import SCHEMA_VERSION

__all__ = ["EventStore", "RecordError", "SCHEMA_VERSION", "StoreError"]
