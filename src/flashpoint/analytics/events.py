"""Event lists for people: filtered pages of events, one event with its article, and the key
events of a dyad for timelines and briefs."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pandas as pd

from flashpoint.analytics.records import frame_records
from flashpoint.analytics.series import (
    EVENTS,
    AnalyticsError,
    add_article_fields,
    as_date,
    dyad_clause,
    filters,
)

if TYPE_CHECKING:
    from flashpoint.store import EventStore

SORTS = {
    "date": "date ASC NULLS LAST, id",
    "-date": "date DESC NULLS LAST, id",
    "goldstein": "goldstein ASC NULLS LAST, date DESC NULLS LAST, id",
    "-goldstein": "goldstein DESC NULLS LAST, date DESC NULLS LAST, id",
    "confidence": "confidence ASC NULLS LAST, id",
    "-confidence": "confidence DESC NULLS LAST, id",
}
MODALITIES = ("asserted", "hypothetical", "conditional", "future", "negated", "denied")
# the flat columns sent with every event, besides its JSON record
LIST_COLUMNS = (
    "id, doc_id, sentence_index, date, dyads, source_country, source_code, target_country, "
    "target_code, cameo_code, cameo_root, cameo_name, goldstein, quad_class, plover_type, "
    "plover_mode, modality, reported_by, attributed_to, location_name, location_country, "
    "location_lat, location_lon, evidence_text, evidence_start, evidence_end, trigger, "
    "confidence, outlet, url"
)


@dataclass(slots=True)
class EventFilter:
    """Filters on events; every field is optional and they combine with AND.

    ``modality`` lists the modalities to keep; left empty, ``asserted_only`` decides (the
    default keeps asserted events only). ``actor`` is a CAMEO actor code on either side
    (``CHNGOV``); ``country`` a country on either side; ``cameo`` a code prefix (``"17"`` is
    every coercion code); ``q`` a case-insensitive substring of the evidence sentence.
    """

    dyad: str | None = None
    directed: bool = True
    country: str | None = None
    actor: str | None = None
    cameo: str | None = None
    quad_class: list[int] = field(default_factory=list)
    plover_type: str | None = None
    modality: list[str] = field(default_factory=list)
    asserted_only: bool = True
    since: Any = None
    until: Any = None
    doc_id: str | None = None
    outlet: str | None = None
    location: str | None = None
    q: str | None = None

    def sql(self) -> tuple[str, list[Any]]:
        clauses, params = filters(
            asserted_only=self.asserted_only and not self.modality,
            since=self.since,
            until=self.until,
            dated=False,
        )
        if self.modality:
            bad = [m for m in self.modality if m not in MODALITIES]
            if bad:
                raise AnalyticsError(f"unknown modality {bad[0]!r}; use {', '.join(MODALITIES)}")
            clauses.append("list_contains(?::VARCHAR[], modality)")
            params.append(list(self.modality))
        if self.dyad:
            clause, more = dyad_clause(self.dyad, self.directed)
            clauses.append(clause)
            params += more
        if self.country:
            clauses.append("(source_country = ? OR target_country = ? OR id IN "
                           "(SELECT event_id FROM event_actors WHERE country = ?))")  # fmt: skip
            params += [self.country.upper()] * 3
        if self.actor:
            clauses.append("id IN (SELECT event_id FROM event_actors WHERE code = ?)")
            params.append(self.actor.upper())
        if self.cameo:
            if not self.cameo.isdigit():
                raise AnalyticsError(f"not a CAMEO code: {self.cameo!r}")
            clauses.append("starts_with(cameo_code, ?)")
            params.append(self.cameo)
        if self.quad_class:
            if any(q not in (1, 2, 3, 4) for q in self.quad_class):
                raise AnalyticsError("quad_class is 1, 2, 3 or 4")
            clauses.append("list_contains(?::INTEGER[], quad_class)")
            params.append([int(q) for q in self.quad_class])
        if self.plover_type:
            clauses.append("plover_type = ?")
            params.append(self.plover_type.upper())
        if self.doc_id:
            clauses.append("doc_id = ?")
            params.append(self.doc_id)
        if self.outlet:  # the event's outlet, else its article's
            clauses.append(
                "(outlet = ? OR (outlet IS NULL AND doc_id IN "
                "(SELECT id FROM articles WHERE outlet = ?)))"
            )
            params += [self.outlet, self.outlet]
        if self.location:
            clauses.append("location_name = ?")
            params.append(self.location)
        if self.q:
            clauses.append("contains(lower(evidence_text), ?)")
            params.append(self.q.lower())
        return ("WHERE " + " AND ".join(clauses) if clauses else ""), params


def _event_dicts(frame: pd.DataFrame, with_record: bool = False) -> list[dict[str, Any]]:
    rows = frame_records(frame)
    if with_record:
        for row in rows:
            raw = row.pop("record", None)
            row["record"] = json.loads(raw) if isinstance(raw, str) else raw
    return rows


def _and(where: str, clause: str) -> str:
    return f"{where} AND {clause}" if where else f"WHERE {clause}"


def fetch_events(
    store: EventStore, ids: list[str], *, with_record: bool = False
) -> list[dict[str, Any]]:
    """The flat rows of these events, in this order, outlet and URL filled from the article."""
    if not ids:
        return []
    marks = ", ".join("?" * len(ids))
    extra = ", record" if with_record else ""
    frame = store.query(f"SELECT {LIST_COLUMNS}{extra} FROM {EVENTS} WHERE id IN ({marks})", ids)
    rows = {r["id"]: r for r in _event_dicts(frame, with_record=with_record)}
    return add_article_fields(store, [rows[i] for i in ids if i in rows])


def event_page(
    store: EventStore,
    flt: EventFilter | None = None,
    *,
    page: int = 1,
    page_size: int = 50,
    sort: str = "-date",
) -> dict[str, Any]:
    """One page of events: ``{"total", "page", "page_size", "pages", "sort", "items"}``.

    Items are flat event rows (the store's columns, with the article's date, outlet and URL
    when the event has none). Pages count from 1.

    Sorted by date (the default, newest first), a page is found without sorting the whole
    selection: one pass counts the events of each day, which gives the total and the few days
    the page falls on; only those days' events are then sorted. A page deep in a million
    events costs about what the first page costs.
    """
    flt = flt or EventFilter()
    if sort not in SORTS:
        raise AnalyticsError(f"unknown sort {sort!r}; use one of {', '.join(SORTS)}")
    page = max(1, int(page))
    page_size = max(1, min(int(page_size), 500))
    offset = (page - 1) * page_size
    where, params = flt.sql()
    if sort in ("date", "-date"):
        order = "DESC" if sort == "-date" else "ASC"
        buckets = store.query(
            f"SELECT date AS day, count(*) AS n FROM {EVENTS} {where} "
            f"GROUP BY date ORDER BY date {order} NULLS LAST",
            params,
        )
        total = int(buckets["n"].sum()) if len(buckets) else 0
        days: list[Any] = []
        skip = seen = 0
        for day, n in zip(buckets["day"], buckets["n"], strict=True):
            if seen + n <= offset and not days:
                seen += int(n)
                continue
            if not days:
                skip = offset - seen
            days.append(None if pd.isna(day) else as_date(day))
            seen += int(n)
            if seen >= offset + page_size:
                break
        ids: list[str] = []
        if days:
            dated = [d for d in days if d is not None]
            parts = []
            if dated:
                parts.append(f"date IN ({', '.join('?' * len(dated))})")
            if len(dated) < len(days):
                parts.append("date IS NULL")
            ids = store.query(
                f"SELECT id FROM {EVENTS} {_and(where, '(' + ' OR '.join(parts) + ')')} "
                f"ORDER BY {SORTS[sort]} LIMIT ? OFFSET ?",
                [*params, *dated, page_size, skip],
            )["id"].tolist()
    else:
        ids = store.query(
            f"SELECT id FROM {EVENTS} {where} ORDER BY {SORTS[sort]} LIMIT ? OFFSET ?",
            [*params, page_size, offset],
        )["id"].tolist()
        total = int(store.query(f"SELECT count(*) AS n FROM {EVENTS} {where}", params)["n"][0])
    return {
        "total": total,
        "page": page,
        "page_size": page_size,
        "pages": max(1, -(-total // page_size)),
        "sort": sort,
        "items": fetch_events(store, ids),
    }


def event_detail(store: EventStore, event_id: str) -> dict[str, Any] | None:
    """One event: its flat row, its JSON ``record`` (the contract), its ``actors`` and its
    ``article`` (id, title, date, outlet, url; no text)."""
    found = fetch_events(store, [event_id], with_record=True)
    if not found:
        return None
    out = found[0]
    out["actors"] = frame_records(store.event_actors(event_id))
    art = store.query(
        "SELECT id, title, date, outlet, url FROM articles WHERE id = ?", [out["doc_id"]]
    )
    out["article"] = frame_records(art)[0] if not art.empty else None
    return out


def article_detail(
    store: EventStore, article_id: str, *, asserted_only: bool = False
) -> dict[str, Any] | None:
    """An article with its text and its events (every modality unless ``asserted_only``),
    each with the character offsets of its evidence sentence in the text."""
    art = store.query("SELECT * EXCLUDE (stored_at) FROM articles WHERE id = ?", [article_id])
    if art.empty:
        return None
    out = frame_records(art)[0]
    where = "AND modality = 'asserted'" if asserted_only else ""
    events = store.query(
        f"SELECT {LIST_COLUMNS} FROM {EVENTS} WHERE doc_id = ? {where} "
        "ORDER BY sentence_index, evidence_start, id",
        [article_id],
    )
    out["events"] = add_article_fields(store, _event_dicts(events))
    return out


def article_page(
    store: EventStore, *, page: int = 1, page_size: int = 50, q: str | None = None,
    outlet: str | None = None,
) -> dict[str, Any]:  # fmt: skip
    """Articles newest first, without their text, with how many events each holds."""
    page = max(1, int(page))
    page_size = max(1, min(int(page_size), 500))
    clauses, params = [], []
    if q:
        clauses.append("contains(lower(coalesce(a.title, '') || ' ' || coalesce(a.text, '')), ?)")
        params.append(q.lower())
    if outlet:
        clauses.append("a.outlet = ?")
        params.append(outlet)
    where = "WHERE " + " AND ".join(clauses) if clauses else ""
    items = store.query(
        f"""
        SELECT a.id, a.title, a.date, a.outlet, a.url, a.authors,
               (SELECT count(*) FROM events AS e WHERE e.doc_id = a.id)::BIGINT AS events
        FROM articles AS a {where}
        ORDER BY a.date DESC NULLS LAST, a.id LIMIT ? OFFSET ?
        """,
        [*params, page_size, (page - 1) * page_size],
    )
    total = int(store.query(f"SELECT count(*) AS n FROM articles AS a {where}", params)["n"][0])
    return {
        "total": total,
        "page": page,
        "page_size": page_size,
        "pages": max(1, -(-total // page_size)),
        "items": frame_records(items),
    }


def key_events(
    store: EventStore,
    dyad: str,
    *,
    since: Any = None,
    until: Any = None,
    directed: bool = False,
    asserted_only: bool = True,
    n: int = 15,
) -> list[dict[str, Any]]:
    """The key events of a dyad for a timeline, oldest first.

    Retellings are folded: events with the same dyads, CAMEO code and date count as one
    incident, shown by its most confident report, with every outlet that reported it
    (``outlets``: ``[{"outlet", "url"}]``) and how many sentences did (``reports``). Incidents are then
    ranked by intensity (|Goldstein|), with material acts first on ties, then by reports; the
    ``n`` strongest are kept and sorted by date.
    """
    clause, params = dyad_clause(dyad, directed)
    clauses, more = filters(asserted_only=asserted_only, since=since, until=until)
    frame = store.query(
        f"""
        WITH hits AS (
            SELECT e.* REPLACE (coalesce(e.outlet, a.outlet) AS outlet,
                                coalesce(e.url, a.url) AS url)
            FROM (SELECT {LIST_COLUMNS} FROM {EVENTS}
                  WHERE {clause} AND {" AND ".join(clauses)}) AS e
            LEFT JOIN articles AS a ON a.id = e.doc_id
        ), incidents AS (
            SELECT *,
                   count(*) OVER w AS reports,
                   list({{'outlet': outlet, 'url': url}}) OVER w AS sources,
                   row_number() OVER (PARTITION BY dyads, cameo_code, date
                                      ORDER BY confidence DESC NULLS LAST, id) AS rank
            FROM hits
            WINDOW w AS (PARTITION BY dyads, cameo_code, date)
        )
        SELECT * EXCLUDE (rank) FROM incidents WHERE rank = 1
        ORDER BY abs(coalesce(goldstein, 0)) DESC, quad_class IN (2, 4) DESC, reports DESC,
                 date, id
        LIMIT ?
        """,
        [*params, *more, int(n)],
    )
    rows = add_article_fields(store, _event_dicts(frame))
    for row in rows:
        seen: dict[str, str | None] = {}
        for src in row.pop("sources", None) or []:
            if src.get("outlet") and (src["outlet"] not in seen or not seen[src["outlet"]]):
                seen[src["outlet"]] = src.get("url")
        row["outlets"] = [{"outlet": o, "url": u} for o, u in sorted(seen.items())]
    rows.sort(key=lambda r: (r["date"] or "", r["id"]))
    return rows
