"""The tables of the event store, declared once.

Each table is a list of ``(column, DuckDB type)``; the DDL and the Arrow batches the store
inserts are both built from these lists, so they cannot drift apart.

- ``articles``: one row per article (upserted by id).
- ``events``: one row per event (upserted by the deterministic event id). The flat columns are
  for filtering and aggregation; ``record`` holds the full JSON event record of DESIGN.md, the
  contract. ``source_*`` / ``target_*`` are the *first* actor of each side; ``dyads`` lists every
  directed ``"SRC-TGT"`` country pair of the event (compound actors expanded, pairs with an
  unknown country left out), which is what dyad filters and series use.
- ``event_actors``: every actor of every event, with its role (``source`` or ``target``) and
  position in the event's list.
- ``event_rows`` (a view): ``events`` with ``date``, ``outlet`` and ``url`` filled from the
  article when the event itself lacks them. Queries read this view.
"""

from __future__ import annotations

SCHEMA_VERSION = 1

ARTICLE_COLUMNS: list[tuple[str, str]] = [
    ("id", "VARCHAR"),
    ("title", "VARCHAR"),
    ("date", "DATE"),
    ("url", "VARCHAR"),
    ("outlet", "VARCHAR"),
    ("authors", "VARCHAR[]"),
    ("path", "VARCHAR"),
    ("text", "VARCHAR"),
]

EVENT_COLUMNS: list[tuple[str, str]] = [
    ("id", "VARCHAR"),
    ("doc_id", "VARCHAR"),
    ("sentence_index", "INTEGER"),
    ("date", "DATE"),
    ("source_country", "VARCHAR"),
    ("source_code", "VARCHAR"),
    ("target_country", "VARCHAR"),
    ("target_code", "VARCHAR"),
    ("dyads", "VARCHAR[]"),
    ("cameo_code", "VARCHAR"),
    ("cameo_root", "VARCHAR"),
    ("cameo_name", "VARCHAR"),
    ("goldstein", "DOUBLE"),
    ("quad_class", "INTEGER"),
    ("plover_type", "VARCHAR"),
    ("plover_mode", "VARCHAR"),
    ("modality", "VARCHAR"),
    ("reported_by", "VARCHAR[]"),
    ("attributed_to", "VARCHAR[]"),
    ("location_name", "VARCHAR"),
    ("location_country", "VARCHAR"),
    ("location_lat", "DOUBLE"),
    ("location_lon", "DOUBLE"),
    ("location_geonames_id", "BIGINT"),
    ("location_resolution", "VARCHAR"),
    ("evidence_text", "VARCHAR"),
    ("evidence_start", "INTEGER"),
    ("evidence_end", "INTEGER"),
    ("trigger", "VARCHAR"),
    ("confidence", "DOUBLE"),
    ("rule", "VARCHAR"),
    ("outlet", "VARCHAR"),
    ("url", "VARCHAR"),
    ("record", "JSON"),
]

ACTOR_COLUMNS: list[tuple[str, str]] = [
    ("event_id", "VARCHAR"),
    ("role", "VARCHAR"),
    ("position", "INTEGER"),
    ("code", "VARCHAR"),
    ("country", "VARCHAR"),
    ("sector", "VARCHAR"),
    ("name", "VARCHAR"),
    ("text", "VARCHAR"),
]


def _columns_ddl(columns: list[tuple[str, str]]) -> str:
    return ",\n    ".join(f'"{name}" {type_}' for name, type_ in columns)


DDL: list[str] = [
    """CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL,
    applied_at TIMESTAMP DEFAULT current_timestamp
)""",
    f"""CREATE TABLE IF NOT EXISTS articles (
    {_columns_ddl(ARTICLE_COLUMNS)},
    stored_at TIMESTAMP DEFAULT current_timestamp,
    PRIMARY KEY (id)
)""",
    f"""CREATE TABLE IF NOT EXISTS events (
    {_columns_ddl(EVENT_COLUMNS)},
    stored_at TIMESTAMP DEFAULT current_timestamp,
    PRIMARY KEY (id),
    CHECK (modality IN ('asserted', 'hypothetical', 'conditional', 'future', 'negated', 'denied'))
)""",
    f"""CREATE TABLE IF NOT EXISTS event_actors (
    {_columns_ddl(ACTOR_COLUMNS)},
    CHECK (role IN ('source', 'target'))
)""",
    """CREATE OR REPLACE VIEW event_rows AS
SELECT e.* REPLACE (
    coalesce(e.date, a.date) AS date,
    coalesce(e.outlet, a.outlet) AS outlet,
    coalesce(e.url, a.url) AS url
)
FROM events AS e
LEFT JOIN articles AS a ON a.id = e.doc_id""",
]
