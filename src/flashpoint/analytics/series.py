"""Dyad series by period: event counts per quad class, Goldstein sum and mean, and the
conflict-cooperation index; the dyad matrix.

Conventions (shared with ``dyads``):

- A dyad is a directed country pair ``"SRC-TGT"``; ``directed=False`` also counts ``TGT-SRC``
  (an event counts once even when it names both directions).
- Periods are ``day``, ``week`` (starting Monday) or ``month``; a period is named by its first day.
- Only ``asserted`` events count unless ``asserted_only=False``.

The conflict-cooperation index (CCI) of a set of events is

    CCI = (V+ + 2 M+ - V- - 2 M-) / (V+ + 2 M+ + V- + 2 M-)

with V+/M+ the verbal/material cooperation counts (quad classes 1/2) and V-/M- the
verbal/material conflict counts (quad classes 3/4). It runs from -1 (only conflict) to +1 (only
cooperation); material acts weigh twice verbal ones, as deeds cost more than words. It is empty
(``None``/NaN) when there are no events. The Goldstein sum measures the same direction weighted
by intensity and volume; the CCI is volume-free, so dyads of different sizes compare.
"""

from __future__ import annotations

import math
import re
from datetime import date as Date
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

import pandas as pd

if TYPE_CHECKING:
    from flashpoint.store import EventStore

FREQS = ("day", "week", "month")
# The events table with its effective date (the event's own, else its article's; kept by the
# store in ``day``) as ``date``. Aggregates read this rather than the ``event_rows`` view, which
# joins every event to its article: on a million events that join is most of the time.
EVENTS = "(SELECT * REPLACE (day AS date) FROM events)"
SERIES_COLUMNS = [
    "period", "q1", "q2", "q3", "q4", "events", "goldstein", "goldstein_mean",
    "conflict", "cc_index",
]  # fmt: skip
_DYAD_RE = re.compile(r"^[A-Z][A-Z0-9]{1,5}-[A-Z][A-Z0-9]{1,5}$")


class AnalyticsError(ValueError):
    """A bad argument to an analytics function (unknown period, malformed dyad, ...)."""


def parse_dyad(dyad: str | tuple[str, str]) -> tuple[str, str]:
    """``"chn-jpn"`` or ``("CHN", "JPN")`` -> ``("CHN", "JPN")``."""
    if not isinstance(dyad, str):
        dyad = "-".join(dyad)
    dyad = dyad.strip().upper()
    if not _DYAD_RE.match(dyad):
        raise AnalyticsError(f"not a dyad: {dyad!r}; use SRC-TGT country codes, e.g. CHN-JPN")
    src, tgt = dyad.split("-")
    return src, tgt


def check_freq(freq: str) -> str:
    if freq not in FREQS:
        raise AnalyticsError(f"unknown period {freq!r}; use one of {', '.join(FREQS)}")
    return freq


def as_date(value: Any) -> Date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, Date):
        return value
    if isinstance(value, pd.Timestamp):
        return value.date()
    try:
        return Date.fromisoformat(str(value)[:10])
    except ValueError as exc:
        raise AnalyticsError(f"not an ISO date: {value!r}") from exc


def period_start(day: Date, freq: str) -> Date:
    if freq == "day":
        return day
    if freq == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def period_end(start: Date, freq: str) -> Date:
    """The last day of the period that starts on ``start``."""
    if freq == "day":
        return start
    if freq == "week":
        return start + timedelta(days=6)
    nxt = (start.replace(day=28) + timedelta(days=4)).replace(day=1)
    return nxt - timedelta(days=1)


def period_range(first: Date, last: Date, freq: str) -> list[Date]:
    """Every period start from the period holding ``first`` to the one holding ``last``."""
    out: list[Date] = []
    cur = period_start(first, freq)
    end = period_start(last, freq)
    while cur <= end:
        out.append(cur)
        cur = period_end(cur, freq) + timedelta(days=1)
    return out


def cc_index(q1: float, q2: float, q3: float, q4: float) -> float | None:
    """The conflict-cooperation index of quad-class counts (see the module notes)."""
    coop = q1 + 2 * q2
    conflict = q3 + 2 * q4
    total = coop + conflict
    if not total:
        return None
    return (coop - conflict) / total


def _with_cci(frame: pd.DataFrame) -> pd.DataFrame:
    coop = frame["q1"] + 2 * frame["q2"]
    conflict = frame["q3"] + 2 * frame["q4"]
    total = coop + conflict
    frame["cc_index"] = ((coop - conflict) / total.where(total > 0)).astype("float64")
    return frame


def dyad_clause(
    dyad: str | tuple[str, str], directed: bool = True, *, prefix: str = ""
) -> tuple[str, list[Any]]:
    """A SQL condition on the ``dyads`` of events (``prefix`` is a table alias with its dot) and
    its parameters."""
    src, tgt = parse_dyad(dyad)
    if directed or src == tgt:
        return f"list_contains({prefix}dyads, ?)", [f"{src}-{tgt}"]
    return f"list_has_any({prefix}dyads, ?::VARCHAR[])", [[f"{src}-{tgt}", f"{tgt}-{src}"]]


def filters(
    *,
    asserted_only: bool = True,
    since: Any = None,
    until: Any = None,
    dated: bool = True,
    prefix: str = "",
) -> tuple[list[str], list[Any]]:
    """SQL conditions on events for the common filters (``prefix`` is a table alias
    with its dot)."""
    clauses: list[str] = []
    params: list[Any] = []
    if dated:
        clauses.append(f"{prefix}date IS NOT NULL")
    if asserted_only:
        clauses.append(f"{prefix}modality = 'asserted'")
    if (since := as_date(since)) is not None:
        clauses.append(f"{prefix}date >= ?")
        params.append(since)
    if (until := as_date(until)) is not None:
        clauses.append(f"{prefix}date <= ?")
        params.append(until)
    return clauses, params


_AGGREGATES = """
    count(*) FILTER (WHERE quad_class = 1)::BIGINT AS q1,
    count(*) FILTER (WHERE quad_class = 2)::BIGINT AS q2,
    count(*) FILTER (WHERE quad_class = 3)::BIGINT AS q3,
    count(*) FILTER (WHERE quad_class = 4)::BIGINT AS q4,
    count(*)::BIGINT AS events,
    coalesce(sum(goldstein), 0)::DOUBLE AS goldstein,
    avg(goldstein)::DOUBLE AS goldstein_mean,
    coalesce(sum(-least(goldstein, 0)) FILTER (WHERE quad_class IN (3, 4)), 0)::DOUBLE AS conflict
"""


def date_range(store: EventStore, *, asserted_only: bool = True) -> tuple[Date | None, Date | None]:
    """The first and last event dates in the store."""
    where = "WHERE modality = 'asserted'" if asserted_only else ""
    row = store.query(f"SELECT min(date) AS lo, max(date) AS hi FROM {EVENTS} {where}").iloc[0]
    return as_date(None if pd.isna(row["lo"]) else row["lo"]), as_date(
        None if pd.isna(row["hi"]) else row["hi"]
    )


def dyad_series(
    store: EventStore,
    dyad: str | tuple[str, str],
    *,
    freq: str = "week",
    since: Any = None,
    until: Any = None,
    asserted_only: bool = True,
    directed: bool = True,
    fill: bool = True,
    span: tuple[Date | None, Date | None] | None = None,
) -> pd.DataFrame:
    """One dyad's events per period.

    Columns: ``period`` (a ``date``, the period's first day), ``q1``..``q4`` (event counts per
    quad class), ``events``, ``goldstein`` (sum), ``goldstein_mean``, ``conflict`` (the conflict
    intensity: Goldstein points of verbal and material conflict, as a positive number) and
    ``cc_index``. With ``fill`` (the default), periods without events are present with zero
    counts, from ``since`` (or the store's first event) to ``until`` (or its last), so every
    dyad of a store shares one time axis. ``span`` is the store's ``date_range`` when the
    caller has it.
    """
    check_freq(freq)
    clause, params = dyad_clause(dyad, directed)
    clauses, more = filters(asserted_only=asserted_only, since=since, until=until)
    frame = store.query(
        f"""
        SELECT date_trunc('{freq}', date)::DATE AS period, {_AGGREGATES}
        FROM {EVENTS}
        WHERE {clause} AND {" AND ".join(clauses)}
        GROUP BY 1 ORDER BY 1
        """,
        params + more,
    )
    frame["period"] = [as_date(p) for p in frame["period"]]
    if fill:
        lo, hi = span or date_range(store, asserted_only=asserted_only)
        first = as_date(since) or lo
        last = as_date(until) or hi
        if first and last and first <= last:
            frame = _fill(frame, period_range(first, last, freq))
    return _with_cci(frame)[SERIES_COLUMNS].reset_index(drop=True)


def _fill(frame: pd.DataFrame, periods: list[Date]) -> pd.DataFrame:
    full = pd.DataFrame({"period": periods})
    out = full.merge(frame, on="period", how="left")
    for col in ("q1", "q2", "q3", "q4", "events"):
        out[col] = out[col].fillna(0).astype("int64")
    for col in ("goldstein", "conflict"):
        out[col] = out[col].fillna(0.0).astype("float64")
    out["goldstein_mean"] = out["goldstein_mean"].astype("float64")
    return out


def all_dyad_series(
    store: EventStore,
    *,
    freq: str = "week",
    since: Any = None,
    until: Any = None,
    asserted_only: bool = True,
) -> pd.DataFrame:
    """Every dyad's events per period (only periods with events): ``dyad`` and the columns of
    ``dyad_series``, sorted by dyad then period."""
    check_freq(freq)
    clauses, params = filters(asserted_only=asserted_only, since=since, until=until)
    frame = store.query(
        f"""
        WITH expanded AS (
            SELECT date, quad_class, goldstein, unnest(dyads) AS dyad
            FROM {EVENTS} WHERE {" AND ".join(clauses)}
        )
        SELECT dyad, date_trunc('{freq}', date)::DATE AS period, {_AGGREGATES}
        FROM expanded
        GROUP BY ALL ORDER BY dyad, period
        """,
        params,
    )
    frame["period"] = [as_date(p) for p in frame["period"]]
    return _with_cci(frame)[["dyad", *SERIES_COLUMNS]]


def dyad_stats(
    store: EventStore,
    *,
    since: Any = None,
    until: Any = None,
    asserted_only: bool = True,
) -> pd.DataFrame:
    """Per directed dyad over the whole range: ``source``, ``target``, the counts and Goldstein
    figures of ``dyad_series``, ``cc_index``, ``first_date`` and ``last_date``; busiest first."""
    clauses, params = filters(asserted_only=asserted_only, since=since, until=until, dated=False)
    where = "WHERE " + " AND ".join(clauses) if clauses else ""
    frame = store.query(
        f"""
        WITH expanded AS (
            SELECT date, quad_class, goldstein, unnest(dyads) AS dyad FROM {EVENTS} {where}
        )
        SELECT dyad, split_part(dyad, '-', 1) AS source, split_part(dyad, '-', 2) AS target,
               {_AGGREGATES}, min(date) AS first_date, max(date) AS last_date
        FROM expanded
        GROUP BY dyad ORDER BY events DESC, dyad
        """,
        params,
    )
    return _with_cci(frame)


def dyad_matrix(
    store: EventStore,
    *,
    since: Any = None,
    until: Any = None,
    asserted_only: bool = True,
    max_countries: int = 20,
) -> dict[str, Any]:
    """The dyad matrix: the ``max_countries`` most active countries (as source or target) and,
    for each directed pair among them with events, its counts, Goldstein sum and CCI.

    Returns ``{"countries": [...], "cells": [{"source", "target", "events", "goldstein",
    "goldstein_mean", "cc_index", "q1".."q4"}]}``; rows are sources, columns targets.
    """
    stats = dyad_stats(store, since=since, until=until, asserted_only=asserted_only)
    if stats.empty:
        return {"countries": [], "cells": []}
    activity = (
        pd.concat(
            [
                stats.groupby("source")["events"].sum(),
                stats.groupby("target")["events"].sum(),
            ]
        )
        .groupby(level=0)
        .sum()
    )
    activity = activity.sort_index().sort_values(ascending=False, kind="stable")
    countries = list(activity.index[:max_countries])
    keep = stats[stats["source"].isin(countries) & stats["target"].isin(countries)]
    cells = [
        {
            "source": r.source,
            "target": r.target,
            "events": int(r.events),
            "goldstein": float(r.goldstein),
            "goldstein_mean": _num(r.goldstein_mean),
            "cc_index": _num(r.cc_index),
            **{f"q{q}": int(getattr(r, f"q{q}")) for q in (1, 2, 3, 4)},
        }
        for r in keep.itertuples()
    ]
    return {"countries": countries, "cells": cells}


def add_article_fields(store: EventStore, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Fill each event's missing ``outlet`` and ``url`` from its article (as ``event_rows``
    does), with one lookup for all of them."""
    docs = sorted(
        {r["doc_id"] for r in rows if r.get("doc_id") and not (r.get("outlet") and r.get("url"))}
    )
    if not docs:
        return rows
    marks = ", ".join("?" * len(docs))
    found = store.query(f"SELECT id, outlet, url FROM articles WHERE id IN ({marks})", docs)
    by_id = {r.id: (r.outlet, r.url) for r in found.itertuples()}
    for row in rows:
        outlet, url = by_id.get(row.get("doc_id"), (None, None))
        if not row.get("outlet") and isinstance(outlet, str):
            row["outlet"] = outlet
        if not row.get("url") and isinstance(url, str):
            row["url"] = url
    return rows


def _num(value: Any) -> float | None:
    if value is None:
        return None
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(value) else value
