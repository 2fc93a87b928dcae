"""Who acts on whom: top actors, the actor network, and located events for the map.

Actors are counted from the ``event_actors`` table (every actor of every event, compound actors
expanded); an event counts once per actor however many roles the actor plays in it. The
network's edges are directed (source -> target) and carry event counts, the Goldstein sum and
the conflict-cooperation index (see ``series``). Only asserted events count unless asked.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pandas as pd

from flashpoint.analytics.records import frame_records
from flashpoint.analytics.series import (
    EVENTS,
    AnalyticsError,
    _with_cci,
    dyad_clause,
    filters,
)

if TYPE_CHECKING:
    from flashpoint.store import EventStore


def _where(
    *,
    asserted_only: bool,
    since: Any,
    until: Any,
    dyad: str | None = None,
    prefix: str = "",
) -> tuple[str, list[Any]]:
    clauses, params = filters(
        asserted_only=asserted_only, since=since, until=until, dated=False, prefix=prefix
    )
    if dyad:
        clause, more = dyad_clause(dyad, directed=False, prefix=prefix)
        clauses.append(clause)
        params += more
    return (" AND ".join(clauses) if clauses else "true"), params


def top_actors(
    store: EventStore,
    n: int = 20,
    *,
    by: str = "code",
    dyad: str | None = None,
    role: str | None = None,
    since: Any = None,
    until: Any = None,
    asserted_only: bool = True,
) -> pd.DataFrame:
    """The ``n`` busiest actors.

    ``by="code"`` groups by CAMEO actor code (``CHNGOV``); ``by="name"`` by the resolved name
    (people and organisations; the text when unnamed). ``dyad`` keeps events between the two
    countries (either direction); ``role`` (``source``/``target``) keeps one side. Columns:
    ``actor`` (the group key), ``code``, ``label`` (most common name or text), ``country``,
    ``sector``, ``events``, ``as_source``, ``as_target``, ``cooperation`` and ``conflict``
    (event counts), ``goldstein`` (sum) and ``goldstein_mean``.
    """
    if by not in ("code", "name"):
        raise AnalyticsError("by must be 'code' or 'name'")
    if role not in (None, "source", "target"):
        raise AnalyticsError("role must be 'source' or 'target'")
    where, params = _where(
        asserted_only=asserted_only, since=since, until=until, dyad=dyad, prefix="e."
    )
    key = "a.code" if by == "code" else "coalesce(a.name, a.text, a.code)"
    if role:
        where += " AND a.role = ?"
        params.append(role)
    return store.query(
        f"""
        WITH acts AS (
            SELECT {key} AS actor, a.event_id, a.role, a.code, a.country, a.sector,
                   coalesce(a.name, a.text) AS label, e.goldstein, e.quad_class
            FROM event_actors AS a JOIN {EVENTS} AS e ON e.id = a.event_id
            WHERE {where} AND {key} IS NOT NULL
        ), per_event AS (
            SELECT actor, event_id, any_value(code) AS code, any_value(country) AS country,
                   any_value(sector) AS sector, mode(label) AS label,
                   bool_or(role = 'source') AS is_source, bool_or(role = 'target') AS is_target,
                   any_value(goldstein) AS goldstein, any_value(quad_class) AS quad_class
            FROM acts GROUP BY actor, event_id
        )
        SELECT actor, mode(code) AS code, mode(label) AS label, mode(country) AS country,
               mode(sector) AS sector, count(*)::BIGINT AS events,
               count(*) FILTER (WHERE is_source)::BIGINT AS as_source,
               count(*) FILTER (WHERE is_target)::BIGINT AS as_target,
               count(*) FILTER (WHERE quad_class IN (1, 2))::BIGINT AS cooperation,
               count(*) FILTER (WHERE quad_class IN (3, 4))::BIGINT AS conflict,
               coalesce(sum(goldstein), 0)::DOUBLE AS goldstein,
               avg(goldstein)::DOUBLE AS goldstein_mean
        FROM per_event
        GROUP BY actor
        ORDER BY events DESC, actor
        LIMIT ?
        """,
        [*params, int(n)],
    )


def actor_network(
    store: EventStore,
    *,
    level: str = "country",
    since: Any = None,
    until: Any = None,
    asserted_only: bool = True,
    min_events: int = 1,
    max_nodes: int = 40,
) -> dict[str, Any]:
    """The actor network as ``{"level", "nodes": [...], "edges": [...]}``.

    ``level="country"``: nodes are countries, edges directed dyads. ``level="actor"``: nodes are
    CAMEO actor codes (``CHNGOV``, ``PHLMIL``), edges every source-target pair of every event.
    Nodes: ``id``, ``label``, ``country``, ``events`` (as either side), ``as_source``,
    ``as_target``; the ``max_nodes`` busiest are kept. Edges: ``source``, ``target``,
    ``events``, ``q1``..``q4``, ``goldstein``, ``goldstein_mean``, ``cc_index``; only edges with
    at least ``min_events`` events between kept nodes.
    """
    if level not in ("country", "actor"):
        raise AnalyticsError("level must be 'country' or 'actor'")
    if level == "country":
        where, params = _where(asserted_only=asserted_only, since=since, until=until)
        edges = store.query(
            f"""
            WITH expanded AS (
                SELECT quad_class, goldstein, unnest(dyads) AS dyad FROM {EVENTS} WHERE {where}
            )
            SELECT split_part(dyad, '-', 1) AS source, split_part(dyad, '-', 2) AS target,
                   count(*) FILTER (WHERE quad_class = 1)::BIGINT AS q1,
                   count(*) FILTER (WHERE quad_class = 2)::BIGINT AS q2,
                   count(*) FILTER (WHERE quad_class = 3)::BIGINT AS q3,
                   count(*) FILTER (WHERE quad_class = 4)::BIGINT AS q4,
                   count(*)::BIGINT AS events,
                   coalesce(sum(goldstein), 0)::DOUBLE AS goldstein,
                   avg(goldstein)::DOUBLE AS goldstein_mean
            FROM expanded GROUP BY dyad
            """,
            params,
        )
        labels: dict[str, tuple[str, str | None]] = {}
    else:
        where, params = _where(asserted_only=asserted_only, since=since, until=until, prefix="e.")
        edges = store.query(
            f"""
            WITH pairs AS (
                SELECT DISTINCT e.id, s.code AS source, t.code AS target,
                       e.quad_class, e.goldstein
                FROM {EVENTS} AS e
                JOIN event_actors AS s ON s.event_id = e.id AND s.role = 'source'
                JOIN event_actors AS t ON t.event_id = e.id AND t.role = 'target'
                WHERE {where} AND s.code IS NOT NULL AND t.code IS NOT NULL
            )
            SELECT source, target,
                   count(*) FILTER (WHERE quad_class = 1)::BIGINT AS q1,
                   count(*) FILTER (WHERE quad_class = 2)::BIGINT AS q2,
                   count(*) FILTER (WHERE quad_class = 3)::BIGINT AS q3,
                   count(*) FILTER (WHERE quad_class = 4)::BIGINT AS q4,
                   count(*)::BIGINT AS events,
                   coalesce(sum(goldstein), 0)::DOUBLE AS goldstein,
                   avg(goldstein)::DOUBLE AS goldstein_mean
            FROM pairs GROUP BY source, target
            """,
            params,
        )
        meta = store.query(
            "SELECT code, mode(country) AS country, mode(coalesce(name, text)) AS label "
            "FROM event_actors WHERE code IS NOT NULL GROUP BY code"
        )
        labels = {r.code: (r.label, r.country) for r in meta.itertuples()}
    if edges.empty:
        return {"level": level, "nodes": [], "edges": []}
    edges = _with_cci(edges)
    out_deg = edges.groupby("source")["events"].sum()
    in_deg = edges.groupby("target")["events"].sum()
    nodes = pd.DataFrame({"as_source": out_deg, "as_target": in_deg}).fillna(0).astype("int64")
    # an event between two actors of one node (CHN -> CHN) counts once for the node
    loops = edges[edges["source"] == edges["target"]].set_index("source")["events"]
    nodes["events"] = (
        nodes["as_source"]
        + nodes["as_target"]
        - loops.reindex(nodes.index).fillna(0).astype("int64")
    )
    nodes = nodes.sort_index().sort_values("events", ascending=False, kind="stable").head(max_nodes)
    keep = set(nodes.index)
    edges = edges[
        edges["source"].isin(keep) & edges["target"].isin(keep) & (edges["events"] >= min_events)
    ].sort_values(["events", "source", "target"], ascending=[False, True, True])
    node_list = []
    for node_id, r in nodes.iterrows():
        label, country = (
            labels.get(node_id, (None, None)) if level == "actor" else (node_id, node_id)
        )
        node_list.append(
            {
                "id": node_id,
                "label": node_id if level == "country" else f"{node_id}",
                "name": label,
                "country": country or (node_id[:3] if level == "actor" else node_id),
                "events": int(r["events"]),
                "as_source": int(r["as_source"]),
                "as_target": int(r["as_target"]),
            }
        )
    return {
        "level": level,
        "nodes": node_list,
        "edges": frame_records(edges.reset_index(drop=True)),
    }


def located_events(
    store: EventStore,
    *,
    since: Any = None,
    until: Any = None,
    asserted_only: bool = True,
    dyad: str | None = None,
    limit: int = 2000,
) -> list[dict[str, Any]]:
    """Places with events for the map: one point per place (name and coordinates) with
    ``events``, ``q1``..``q4``, ``goldstein`` (sum), ``cc_index``, ``country``,
    ``resolution``, ``first_date``, ``last_date`` and ``dyads`` (the five busiest there); the
    ``limit`` busiest places."""
    where, params = _where(asserted_only=asserted_only, since=since, until=until, dyad=dyad)
    frame = store.query(
        f"""
        WITH located AS (
            SELECT * FROM {EVENTS}
            WHERE {where} AND location_lat IS NOT NULL AND location_lon IS NOT NULL
        ), places AS (
            SELECT location_name AS name, round(location_lat, 3) AS lat,
                   round(location_lon, 3) AS lon,
                   mode(location_country) AS country, mode(location_resolution) AS resolution,
                   count(*) FILTER (WHERE quad_class = 1)::BIGINT AS q1,
                   count(*) FILTER (WHERE quad_class = 2)::BIGINT AS q2,
                   count(*) FILTER (WHERE quad_class = 3)::BIGINT AS q3,
                   count(*) FILTER (WHERE quad_class = 4)::BIGINT AS q4,
                   count(*)::BIGINT AS events,
                   coalesce(sum(goldstein), 0)::DOUBLE AS goldstein,
                   min(date) AS first_date, max(date) AS last_date
            FROM located GROUP BY 1, 2, 3
        ), place_dyads AS (
            SELECT name, lat, lon, list(dyad ORDER BY n DESC, dyad)[1:5] AS dyads FROM (
                SELECT name, lat, lon, dyad, count(*) AS n FROM (
                    SELECT location_name AS name, round(location_lat, 3) AS lat,
                           round(location_lon, 3) AS lon, unnest(dyads) AS dyad
                    FROM located
                ) GROUP BY ALL
            ) GROUP BY ALL
        )
        SELECT p.*, coalesce(d.dyads, []) AS dyads
        FROM places AS p LEFT JOIN place_dyads AS d
          ON d.name IS NOT DISTINCT FROM p.name AND d.lat = p.lat AND d.lon = p.lon
        ORDER BY events DESC, name
        LIMIT ?
        """,
        [*params, int(limit)],
    )
    return frame_records(_with_cci(frame))
