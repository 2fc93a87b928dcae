"""``flashpoint.open``: the store a notebook opens in one line.

>>> import flashpoint                                         # doctest: +SKIP
>>> db = flashpoint.open("events.duckdb")                     # or "postgresql://user@host/db"
>>> db.dyad_series("CHN-JPN", freq="week")                    # a pandas DataFrame
>>> db.events(actor="CHN", cameo="19", since="2025-11-01", as_="polars")
"""

from __future__ import annotations

import os
from pathlib import Path

from flashpoint.store.base import EventStore

DEFAULT_DB = "flashpoint.duckdb"
ENV_VAR = "FLASHPOINT_DB"


def default_db() -> str:
    """The store used when none is named: ``$FLASHPOINT_DB``, else ``flashpoint.duckdb``."""
    return os.environ.get(ENV_VAR) or DEFAULT_DB


def open_store(db: str | Path | None = None, *, read_only: bool = False) -> EventStore:
    """Open the event store ``db``: a ``postgresql://`` DSN picks PostgreSQL, a path (or
    ``":memory:"``) picks DuckDB; ``None`` means ``$FLASHPOINT_DB`` or ``flashpoint.duckdb`` in
    the current folder. The schema is created or migrated on first open for writing.

    The store's query methods (``events``, ``dyad_series``, ``articles``, ``stories``,
    ``actors``, ``event_actors``, ``query``) return pandas DataFrames, or polars / Arrow with
    ``as_="polars"`` / ``as_="arrow"``. Use it as a context manager, or call ``close()``.
    """
    return EventStore.open(default_db() if db is None else db, read_only=read_only)
