"""The tables of the event store, declared once for both backends.

Each table is a list of ``(column, type)`` in DuckDB spelling; ``pg_type`` translates a type
for PostgreSQL. The DDL of both backends and the Arrow batches the stores stage are built from
these lists, so they cannot drift apart.

Tables (schema version 2):

- ``schema_version``: one row per migration applied; the store's version is the maximum.
- ``articles``: one row per article (upserted by id).
- ``stories``: the story (cluster of near-duplicate articles across outlets) each article
  belongs to: one row per article, keyed by ``article_id``.
- ``events``: one row per event (upserted by the deterministic event id). The flat columns are
  for filtering and aggregation; ``record`` holds the full JSON event record of DESIGN.md, the
  contract. ``source_*`` / ``target_*`` are the *first* actor of each side; ``dyads`` lists every
  directed ``"SRC-TGT"`` country pair of the event (compound actors expanded, pairs with an
  unknown country left out), which is what dyad filters and series use. ``day`` is the event's
  effective date: its own ``date``, else its article's (kept up to date by the store, indexed).
  ``actor_keys`` lists ``S:<country>``, ``S:<code>``, ``T:<country>``, ``T:<code>`` for every
  source (S) and target (T) actor: Postgres filters actors on it through a GIN index.
- ``event_actors``: every actor of every event, with its role (``source`` or ``target``) and
  position in the event's list.
- ``ingested``: one row per document ``flashpoint ingest`` has stored, with a hash of its
  content, so a rerun after a crash skips what is already in.
- ``event_rows`` (a view): ``events`` with ``date``, ``outlet`` and ``url`` filled from the
  article when the event itself lacks them, the article's ``story_id``, and ``actor_keys`` for
  filtering. Queries read it.
- ``actors`` (a view): every actor code seen, with its country, sector, a name and its counts.
"""

from __future__ import annotations

SCHEMA_VERSION = 2

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

STORY_COLUMNS: list[tuple[str, str]] = [
    ("article_id", "VARCHAR"),
    ("story_id", "VARCHAR"),
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

# stored beside the event columns, maintained by the store (not part of an event's row)
EVENT_EXTRA_COLUMNS: list[tuple[str, str]] = [("day", "DATE"), ("actor_keys", "VARCHAR[]")]
EVENT_TABLE_COLUMNS = EVENT_COLUMNS + EVENT_EXTRA_COLUMNS

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

INGESTED_COLUMNS: list[tuple[str, str]] = [
    ("doc_id", "VARCHAR"),
    ("content_hash", "VARCHAR"),
    ("events", "INTEGER"),
    ("source", "VARCHAR"),
]

# the columns of the event_rows view, in order: the event columns, then the article's story
EVENT_ROW_COLUMNS = [name for name, _ in EVENT_COLUMNS] + ["story_id"]

_PG_TYPES = {
    "VARCHAR": "TEXT",
    "JSON": "JSONB",
    "DOUBLE": "DOUBLE PRECISION",
    "VARCHAR[]": "TEXT[]",
    "DATE": "DATE",
    "INTEGER": "INTEGER",
    "BIGINT": "BIGINT",
    "TIMESTAMP": "TIMESTAMP",
}

MODALITY_CHECK = (
    "CHECK (modality IN ('asserted', 'hypothetical', 'conditional', 'future', 'negated', 'denied'))"
)


def pg_type(type_: str) -> str:
    return _PG_TYPES[type_]


def columns_ddl(columns: list[tuple[str, str]], dialect: str) -> str:
    convert = pg_type if dialect == "postgres" else (lambda t: t)
    return ",\n    ".join(f'"{name}" {convert(type_)}' for name, type_ in columns)


def quoted(columns: list[tuple[str, str]] | list[str]) -> str:
    names = [c if isinstance(c, str) else c[0] for c in columns]
    return ", ".join(f'"{name}"' for name in names)


def _event_rows_view(dialect: str) -> str:
    def col(name: str) -> str:
        if name == "date":
            return "e.day AS date"
        if name in ("outlet", "url"):
            return f'coalesce(e."{name}", a."{name}") AS "{name}"'
        if name == "record" and dialect == "postgres":
            return "e.record::text AS record"
        return f'e."{name}"'

    columns = ",\n    ".join(col(name) for name, _ in EVENT_COLUMNS)
    return f"""CREATE OR REPLACE VIEW event_rows AS
SELECT
    {columns},
    s.story_id,
    e.actor_keys
FROM events AS e
LEFT JOIN articles AS a ON a.id = e.doc_id
LEFT JOIN stories AS s ON s.article_id = e.doc_id"""


def _actors_view(dialect: str) -> str:
    return """CREATE OR REPLACE VIEW actors AS
SELECT code, max(country) AS country, max(sector) AS sector, max(name) AS name,
       count(DISTINCT event_id) AS events,
       count(*) FILTER (WHERE role = 'source') AS as_source,
       count(*) FILTER (WHERE role = 'target') AS as_target
FROM event_actors
GROUP BY code"""


def ddl(dialect: str) -> list[str]:
    """Statements creating the latest schema (idempotent: ``IF NOT EXISTS`` everywhere)."""
    c = lambda cols: columns_ddl(cols, dialect)  # noqa: E731
    ts = "TIMESTAMP DEFAULT current_timestamp"
    statements = [
        f"""CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL,
    applied_at {ts}
)""",
        f"""CREATE TABLE IF NOT EXISTS articles (
    {c(ARTICLE_COLUMNS)},
    stored_at {ts},
    PRIMARY KEY (id)
)""",
        f"""CREATE TABLE IF NOT EXISTS stories (
    {c(STORY_COLUMNS)},
    assigned_at {ts},
    PRIMARY KEY (article_id)
)""",
        f"""CREATE TABLE IF NOT EXISTS events (
    {c(EVENT_TABLE_COLUMNS)},
    stored_at {ts},
    PRIMARY KEY (id),
    {MODALITY_CHECK}
)""",
        f"""CREATE TABLE IF NOT EXISTS event_actors (
    {c(ACTOR_COLUMNS)},
    CHECK (role IN ('source', 'target'))
)""",
        f"""CREATE TABLE IF NOT EXISTS ingested (
    {c(INGESTED_COLUMNS)},
    ingested_at {ts},
    PRIMARY KEY (doc_id)
)""",
        *indexes(dialect),
        _event_rows_view(dialect),
        _actors_view(dialect),
    ]
    return statements


def indexes(dialect: str) -> list[str]:
    """Secondary indexes. DuckDB scans columns fast and its ART indexes slow writes down, so it
    gets only the lookups by document and event; PostgreSQL gets what the filters use."""
    common = [
        "CREATE INDEX IF NOT EXISTS events_doc_id ON events (doc_id)",
        "CREATE INDEX IF NOT EXISTS event_actors_event_id ON event_actors (event_id)",
        "CREATE INDEX IF NOT EXISTS stories_story_id ON stories (story_id)",
    ]
    if dialect != "postgres":
        return common
    return common + [
        "CREATE INDEX IF NOT EXISTS events_day ON events (day)",
        "CREATE INDEX IF NOT EXISTS events_dyads ON events USING gin (dyads)",
        "CREATE INDEX IF NOT EXISTS events_actor_keys ON events USING gin (actor_keys)",
        "CREATE INDEX IF NOT EXISTS events_cameo_code ON events (cameo_code)",
        "CREATE INDEX IF NOT EXISTS events_root_day ON events (cameo_root, day)",
        "CREATE INDEX IF NOT EXISTS events_plover_type ON events (plover_type)",
        "CREATE INDEX IF NOT EXISTS events_quad_day ON events (quad_class, day)",
        "CREATE INDEX IF NOT EXISTS event_actors_country ON event_actors (country)",
        "CREATE INDEX IF NOT EXISTS event_actors_code ON event_actors (code)",
    ]


def migrations(dialect: str) -> dict[int, list[str]]:
    """Statements taking a store at version ``v - 1`` to version ``v``, keyed by ``v``.

    A store at version 1 (the first DuckDB store: articles, events, event_actors, the view) gets
    the ``day`` column backfilled, the ``stories`` and ``ingested`` tables, the indexes and
    the new views. The views are dropped first because they depend on the tables altered.
    """
    c = lambda cols: columns_ddl(cols, dialect)  # noqa: E731
    ts = "TIMESTAMP DEFAULT current_timestamp"
    keys = "TEXT[]" if dialect == "postgres" else "VARCHAR[]"
    return {
        2: [
            "DROP VIEW IF EXISTS event_rows",
            "ALTER TABLE events ADD COLUMN day DATE",
            f"ALTER TABLE events ADD COLUMN actor_keys {keys}",
            "UPDATE events SET day = coalesce(date, "
            "(SELECT a.date FROM articles AS a WHERE a.id = events.doc_id))",
            "UPDATE events SET actor_keys = (SELECT array_agg(DISTINCT k) FROM ("
            "SELECT upper(substr(a.role, 1, 1)) || ':' || a.country AS k FROM event_actors AS a "
            "WHERE a.event_id = events.id AND a.country IS NOT NULL "
            "UNION SELECT upper(substr(a.role, 1, 1)) || ':' || a.code FROM event_actors AS a "
            "WHERE a.event_id = events.id AND a.code IS NOT NULL) AS keys)",
            f"CREATE TABLE IF NOT EXISTS stories ({c(STORY_COLUMNS)}, assigned_at {ts}, "
            "PRIMARY KEY (article_id))",
            f"CREATE TABLE IF NOT EXISTS ingested ({c(INGESTED_COLUMNS)}, ingested_at {ts}, "
            "PRIMARY KEY (doc_id))",
        ],
    }
