"""Dyad series and severity rankings over an ``EventStore``.

Conventions:
- A dyad is a directed pair of countries, ``"SRC-TGT"`` (``"CHN-JPN"``: China acting on Japan).
  An event with compound actors counts once for each distinct pair it expands to, as CAMEO-style
  exports do; events with no country on one side belong to no dyad.
- Quad classes follow the flashpoint ontology: 1 verbal cooperation (CAMEO roots 01-05), 2
  material cooperation (06-08), 3 verbal conflict (09-13), 4 material conflict (14-20).
- Weeks start on Monday (ISO weeks); events without a date are left out of weekly series.
- Only ``asserted`` events count unless ``asserted_only=False``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

if TYPE_CHECKING:
    from flashpoint.store import EventStore

QUAD_LABELS = {
    1: "verbal coop",
    2: "material coop",
    3: "verbal conflict",
    4: "material conflict",
}

WEEKLY_COLUMNS = ["week", "dyad", "q1", "q2", "q3", "q4", "events", "goldstein"]


def _modality_clause(asserted_only: bool) -> str:
    return "AND modality = 'asserted'" if asserted_only else ""


def weekly_dyad_quad_counts(store: EventStore, *, asserted_only: bool = True) -> pd.DataFrame:
    """Events per directed dyad per week, by quad class.

    Columns: ``week`` (the Monday, as a datetime), ``dyad``, ``q1``..``q4`` (event counts per
    quad class), ``events`` (their total) and ``goldstein`` (sum of Goldstein scores). One row
    per dyad and week with at least one event, sorted by dyad then week.
    """
    return store.query(
        f"""
        WITH expanded AS (
            SELECT date, quad_class, goldstein, unnest(dyads) AS dyad
            FROM event_rows
            WHERE date IS NOT NULL {_modality_clause(asserted_only)}
        )
        SELECT
            date_trunc('week', date)::DATE AS week,
            dyad,
            count(*) FILTER (WHERE quad_class = 1)::BIGINT AS q1,
            count(*) FILTER (WHERE quad_class = 2)::BIGINT AS q2,
            count(*) FILTER (WHERE quad_class = 3)::BIGINT AS q3,
            count(*) FILTER (WHERE quad_class = 4)::BIGINT AS q4,
            count(*)::BIGINT AS events,
            coalesce(sum(goldstein), 0)::DOUBLE AS goldstein
        FROM expanded
        GROUP BY ALL
        ORDER BY dyad, week
        """
    )


def dyad_totals(store: EventStore, *, asserted_only: bool = True) -> pd.DataFrame:
    """Per dyad: event count, Goldstein sum and mean, first and last date; busiest first."""
    return store.query(
        f"""
        WITH expanded AS (
            SELECT date, goldstein, unnest(dyads) AS dyad
            FROM event_rows
            WHERE true {_modality_clause(asserted_only)}
        )
        SELECT dyad, count(*)::BIGINT AS events,
               coalesce(sum(goldstein), 0)::DOUBLE AS goldstein,
               avg(goldstein)::DOUBLE AS goldstein_mean,
               min(date) AS first_date, max(date) AS last_date
        FROM expanded
        GROUP BY dyad
        ORDER BY events DESC, dyad
        """
    )


def most_severe_events(
    store: EventStore, n: int = 5, *, asserted_only: bool = True, distinct: bool = True
) -> pd.DataFrame:
    """The ``n`` events with the lowest Goldstein scores, most severe first.

    Columns: ``id``, ``date``, ``dyad`` (the event's dyads joined by ", "; ``"CHN-?"`` when a side
    has no country), ``cameo_code``, ``cameo_name``, ``goldstein``, ``quad_class``, ``modality``,
    ``evidence_text``, ``trigger``, ``outlet``, ``url``, ``doc_id``, ``reported_by``,
    ``attributed_to``, ``confidence``. Ties go to the more recent, then the more confident event.
    With ``distinct`` (the default), events with the same dyads, CAMEO code and date (usually
    one incident retold in several sentences or outlets) show once.
    """
    dedupe = (
        "QUALIFY row_number() OVER (PARTITION BY dyads, source_country, target_country, cameo_code, date "
        "ORDER BY confidence DESC NULLS LAST, id) = 1"
        if distinct
        else ""
    )
    return store.query(
        f"""
        WITH ranked AS (
            SELECT
                id, date,
                coalesce(
                    nullif(array_to_string(dyads, ', '), ''),
                    coalesce(source_country, '?') || '-' || coalesce(target_country, '?')
                ) AS dyad,
                cameo_code, cameo_name, goldstein, quad_class, modality,
                evidence_text, trigger, outlet, url, doc_id, reported_by, attributed_to,
                confidence
            FROM event_rows
            WHERE goldstein IS NOT NULL {_modality_clause(asserted_only)}
            {dedupe}
        )
        SELECT * FROM ranked
        ORDER BY goldstein ASC, date DESC NULLS LAST, confidence DESC NULLS LAST, id
        LIMIT ?
        """,
        [int(n)],
    )
