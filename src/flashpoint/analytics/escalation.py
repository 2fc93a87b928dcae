"""Escalation detection: each dyad against its own recent past.

The method is a trailing-window z-score on conflict intensity:

1. For every directed dyad and period (day, week or month), the *conflict intensity* ``x`` is
   the sum of Goldstein points of its verbal and material conflict events (quad classes 3 and
   4), as a positive number: a criticism adds 2, a sanction 8, a use of force 10. Periods with
   no events count 0; the calendar runs over the store's dated events, so a dyad that was quiet
   while others were reported has a baseline of zeros rather than no baseline.
2. The *baseline* of period ``t`` is the ``window`` periods before it (8 weeks, 28 days or 6
   months by default): their mean ``mu`` and (population) standard deviation ``sd``. It needs at
   least ``min_history`` periods of the calendar before ``t``.
3. ``z = (x - mu) / sqrt(sd**2 + prior_sd**2)``. The prior standard deviation (2.5 Goldstein
   points by default, about one criticism) keeps a dyad with a flat or short history from
   alerting on a single word: from a quiet baseline one criticism scores z = 0.8, two
   accusations 1.6, a detention (9.2 points) 3.7. For busy dyads the observed ``sd`` dominates.
4. A period *alerts* when ``z >= threshold`` (2.0) and ``x >= min_conflict`` (4 points):
   ``warning`` from 2, ``critical`` from 3. Each alert carries the events that drove it: the
   conflict events of the dyad in that period, most severe first.
5. A dyad's *status* at the end of a range: ``escalating`` when its last period alerts;
   ``de-escalating`` when one of the ``recent`` periods before alerted but the last period's
   intensity is below that peak; ``elevated`` when the last period's z is at least 1;
   ``quiet`` when it has no events in the recent periods; ``stable`` otherwise. Dyads rank by
   their peak z over the recent periods, then by conflict intensity.

Only asserted events count unless ``asserted_only=False``. A change-point method (e.g. CUSUM)
would catch slow drifts better; the z-score is chosen because an analyst can check it by hand
from the series the dashboard draws.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import asdict, dataclass, replace
from datetime import date as Date
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from flashpoint.analytics.series import (
    EVENTS,
    add_article_fields,
    all_dyad_series,
    as_date,
    check_freq,
    date_range,
    dyad_clause,
    dyad_series,
    parse_dyad,
    period_end,
    period_range,
    period_start,
)

if TYPE_CHECKING:
    from flashpoint.store import EventStore

DEFAULT_WINDOW = {"day": 28, "week": 8, "month": 6}
STATUSES = ("escalating", "elevated", "de-escalating", "stable", "quiet")
SPARK_PERIODS = 26  # periods in a ranked dyad's sparkline (the last of the range)


@dataclass(frozen=True, slots=True)
class EscalationParams:
    """The knobs of the z-score method (see the module notes)."""

    freq: str = "week"
    window: int | None = None  # None: 28 days, 8 weeks or 6 months
    min_history: int = 2
    threshold: float = 2.0
    critical: float = 3.0
    prior_sd: float = 2.5
    min_conflict: float = 4.0
    recent: int = 4  # periods at the end of a range that decide status and ranking

    def __post_init__(self) -> None:
        check_freq(self.freq)

    @property
    def baseline_window(self) -> int:
        return self.window or DEFAULT_WINDOW[self.freq]

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["window"] = self.baseline_window
        return out


def _params(params: EscalationParams | None, **overrides: Any) -> EscalationParams:
    params = params or EscalationParams()
    overrides = {k: v for k, v in overrides.items() if v is not None}
    return replace(params, **overrides) if overrides else params


def _calendar(
    store: EventStore,
    params: EscalationParams,
    until: Any,
    asserted_only: bool,
    span: tuple[Date | None, Date | None] | None = None,
) -> list[Date]:
    lo, hi = span or date_range(store, asserted_only=asserted_only)
    last = as_date(until) or hi
    if lo is None or last is None or lo > last:
        return []
    return period_range(lo, last, params.freq)


def score(conflict: pd.DataFrame, params: EscalationParams) -> dict[str, pd.DataFrame]:
    """z-scores of a wide frame of conflict intensities (periods as rows, dyads as columns).

    Returns frames of the same shape: ``mean``, ``sd``, ``z`` and ``alert`` (bool).
    """
    window = params.baseline_window
    past = conflict.shift(1)
    rolling = past.rolling(window, min_periods=params.min_history)
    mean = rolling.mean()
    sd = rolling.std(ddof=0)
    z = (conflict - mean) / np.sqrt(sd**2 + params.prior_sd**2)
    alert = (z >= params.threshold) & (conflict >= params.min_conflict)
    return {"mean": mean, "sd": sd, "z": z, "alert": alert.fillna(False)}


def escalation_frame(
    store: EventStore,
    *,
    params: EscalationParams | None = None,
    until: Any = None,
    asserted_only: bool = True,
) -> pd.DataFrame:
    """Every dyad in every period of the store's calendar (up to ``until``), with its counts,
    Goldstein sum, conflict intensity, baseline ``mean`` and ``sd``, ``z`` and ``alert``.

    Long format, sorted by dyad then period; periods before a dyad's first event are left out.
    """
    params = _params(params)
    calendar = _calendar(store, params, until, asserted_only)
    columns = [
        "dyad", "period", "events", "q1", "q2", "q3", "q4", "goldstein", "conflict",
        "mean", "sd", "z", "alert",
    ]  # fmt: skip
    if not calendar:
        return pd.DataFrame(columns=columns)
    series = all_dyad_series(
        store,
        freq=params.freq,
        until=period_end(calendar[-1], params.freq),
        asserted_only=asserted_only,
    )
    if series.empty:
        return pd.DataFrame(columns=columns)
    index = pd.Index(calendar, name="period")
    wide = {
        col: series.pivot(index="period", columns="dyad", values=col).reindex(index).fillna(0)
        for col in ("events", "q1", "q2", "q3", "q4", "goldstein", "conflict")
    }
    scores = score(wide["conflict"], params)
    long = pd.concat(
        {name: frame.stack(future_stack=True) for name, frame in {**wide, **scores}.items()},
        axis=1,
    ).reset_index()
    long = long.rename(columns={"level_1": "dyad"})
    first = series.groupby("dyad")["period"].min()
    long = long[long["period"] >= long["dyad"].map(first)]
    for col in ("events", "q1", "q2", "q3", "q4"):
        long[col] = long[col].astype("int64")
    long["alert"] = long["alert"].astype(bool)
    return long[columns].sort_values(["dyad", "period"]).reset_index(drop=True)


def dyad_escalation(
    store: EventStore,
    dyad: str | tuple[str, str],
    *,
    params: EscalationParams | None = None,
    since: Any = None,
    until: Any = None,
    asserted_only: bool = True,
    directed: bool = True,
    span: tuple[Date | None, Date | None] | None = None,
) -> pd.DataFrame:
    """One dyad's series (the columns of ``dyad_series``) with ``mean``, ``sd``, ``z``,
    ``alert`` and ``level`` (``warning``/``critical``/``None``) per period, from ``since`` (the
    baseline still looks back before it) to ``until``. ``span`` is the store's
    ``date_range`` when the caller has it."""
    params = _params(params)
    span = span or date_range(store, asserted_only=asserted_only)
    calendar = _calendar(store, params, until, asserted_only, span)
    if not calendar:
        return dyad_series(
            store, dyad, freq=params.freq, since=since, until=until,
            asserted_only=asserted_only, directed=directed, span=span,
        )  # fmt: skip
    full = dyad_series(
        store,
        dyad,
        freq=params.freq,
        since=calendar[0],
        until=period_end(calendar[-1], params.freq),
        asserted_only=asserted_only,
        directed=directed,
        span=span,
    )
    scores = score(full[["conflict"]], params)
    for name, frame in scores.items():
        full[name] = frame["conflict"]
    full["alert"] = full["alert"].astype(bool)
    full["level"] = [_level(z, a, params) for z, a in zip(full["z"], full["alert"], strict=True)]
    if (since := as_date(since)) is not None:
        full = full[full["period"] >= period_start(since, params.freq)]
    return full.reset_index(drop=True)


def _level(z: float, alert: bool, params: EscalationParams) -> str | None:
    if not alert:
        return None
    return "critical" if z >= params.critical else "warning"


def _status(rows: pd.DataFrame, params: EscalationParams) -> dict[str, Any]:
    """Status of one dyad from its last ``recent`` periods (rows sorted by period)."""
    recent = rows.tail(params.recent)
    last = recent.iloc[-1]
    z_last = None if pd.isna(last["z"]) else float(last["z"])
    peak_idx = recent["z"].idxmax() if recent["z"].notna().any() else None
    peak = recent.loc[peak_idx] if peak_idx is not None else None
    alerts = recent[recent["alert"]]
    if not recent["events"].any():
        status = "quiet"
    elif bool(last["alert"]):
        status = "escalating"
    elif not alerts.empty and float(last["conflict"]) < float(alerts["conflict"].max()):
        status = "de-escalating"
    elif z_last is not None and z_last >= 1.0:
        status = "elevated"
    else:
        status = "stable"
    return {
        "status": status,
        "latest_period": last["period"],
        "latest_z": z_last,
        "latest_conflict": float(last["conflict"]),
        "peak_z": None if peak is None else float(peak["z"]),
        "peak_period": None if peak is None else peak["period"],
        "recent_alerts": int(len(alerts)),
    }


def dyad_status(
    store: EventStore,
    dyad: str | tuple[str, str],
    *,
    params: EscalationParams | None = None,
    since: Any = None,
    until: Any = None,
    asserted_only: bool = True,
    directed: bool = True,
) -> dict[str, Any]:
    """The escalation status of one dyad at the end of the range (see the module notes), with
    ``latest_z``, ``peak_z``/``peak_period`` over the recent periods and all ``alerts`` in the
    range (period, z, level, conflict)."""
    params = _params(params)
    frame = dyad_escalation(
        store, dyad, params=params, since=since, until=until,
        asserted_only=asserted_only, directed=directed,
    )  # fmt: skip
    return status_of(frame, params)


def status_of(frame: pd.DataFrame, params: EscalationParams | None = None) -> dict[str, Any]:
    """The status (see ``dyad_status``) of a frame from ``dyad_escalation``."""
    params = _params(params)
    if frame.empty or "z" not in frame:
        return {"status": "quiet", "latest_period": None, "latest_z": None, "latest_conflict": 0.0,
                "peak_z": None, "peak_period": None, "recent_alerts": 0, "alerts": []}  # fmt: skip
    out = _status(frame, params)
    out["alerts"] = [
        {"period": r.period, "z": float(r.z), "level": r.level, "conflict": float(r.conflict),
         "events": int(r.events)}
        for r in frame[frame["alert"]].itertuples()
    ]  # fmt: skip
    return out


def rank_dyads(
    store: EventStore,
    *,
    params: EscalationParams | None = None,
    since: Any = None,
    until: Any = None,
    asserted_only: bool = True,
    min_events: int = 1,
    frame: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Dyads ranked by escalation: peak z over the last ``recent`` periods of the range, then
    conflict intensity in those periods, then volume.

    Columns: ``dyad``, ``source``, ``target``, ``events``, ``q1``..``q4``, ``goldstein``,
    ``goldstein_mean``, ``cc_index``, ``conflict`` (over the range), ``status``,
    ``latest_period``, ``latest_z``, ``latest_conflict``, ``peak_z``, ``peak_period``,
    ``recent_alerts``, ``alerts`` (in the range), ``recent_conflict``, and ``spark`` (period,
    events and Goldstein sum for each of the last 26 periods of the range, for sparklines). Pass ``frame`` (from
    ``escalation_frame``) to reuse a computed frame.
    """
    params = _params(params)
    if frame is None:
        frame = escalation_frame(store, params=params, until=until, asserted_only=asserted_only)
    if frame.empty:
        return pd.DataFrame(columns=["dyad", "status", "peak_z", "events"])
    if (since := as_date(since)) is not None:
        frame = frame[frame["period"] >= period_start(since, params.freq)]
    calendar = sorted(frame["period"].unique())[-SPARK_PERIODS:]
    rows = []
    for dyad, group in frame.groupby("dyad", sort=True):
        group = group.sort_values("period")
        events = int(group["events"].sum())
        if events < min_events:
            continue
        q = {f"q{i}": int(group[f"q{i}"].sum()) for i in (1, 2, 3, 4)}
        coop, conf = q["q1"] + 2 * q["q2"], q["q3"] + 2 * q["q4"]
        src, tgt = dyad.split("-")
        goldstein = float(group["goldstein"].sum())
        rows.append(
            {
                "dyad": dyad,
                "source": src,
                "target": tgt,
                "events": events,
                **q,
                "goldstein": goldstein,
                "goldstein_mean": goldstein / events if events else None,
                "cc_index": (coop - conf) / (coop + conf) if coop + conf else None,
                "conflict": float(group["conflict"].sum()),
                "alerts": int(group["alert"].sum()),
                "recent_conflict": float(group["conflict"].tail(params.recent).sum()),
                **_status(group, params),
                "spark": _spark(group, calendar),
            }
        )
    ranked = pd.DataFrame(rows)
    if ranked.empty:
        return pd.DataFrame(columns=["dyad", "status", "peak_z", "events"])
    ranked["_peak"] = ranked["peak_z"].fillna(-math.inf)
    ranked = ranked.sort_values(
        ["_peak", "recent_conflict", "events", "dyad"], ascending=[False, False, False, True]
    )
    return ranked.drop(columns="_peak").reset_index(drop=True)


def _spark(group: pd.DataFrame, calendar: list[Any]) -> list[list[Any]]:
    """[period, events, Goldstein sum] for every period of the calendar (zeros where none)."""
    by_period = {p: (int(e), float(g)) for p, e, g in zip(
        group["period"], group["events"], group["goldstein"], strict=True)}  # fmt: skip
    return [
        [p.isoformat() if isinstance(p, Date) else str(p), *by_period.get(p, (0, 0.0))]
        for p in calendar
    ]


def alert_id(dyad: str, period: Any, freq: str) -> str:
    return hashlib.sha1(f"{dyad}|{period}|{freq}".encode()).hexdigest()[:16]


def driving_events(
    store: EventStore,
    dyad: str,
    start: Date,
    end: Date,
    *,
    n: int = 5,
    asserted_only: bool = True,
    directed: bool = True,
) -> list[dict[str, Any]]:
    """The conflict events of ``dyad`` between ``start`` and ``end``, most severe first (one per
    dyad, CAMEO code and date, the most confident), with their share of the period's conflict
    intensity."""
    clause, params = dyad_clause(dyad, directed)
    modality = "AND modality = 'asserted'" if asserted_only else ""
    frame = store.query(
        f"""
        SELECT id, date, doc_id, source_country, target_country, dyads, cameo_code, cameo_name,
               goldstein, quad_class, plover_type, modality, evidence_text, evidence_start,
               evidence_end, trigger, outlet, url, confidence, reported_by, attributed_to,
               count(*) OVER (PARTITION BY dyads, cameo_code, date) AS reports
        FROM {EVENTS}
        WHERE {clause} AND date BETWEEN ? AND ? AND quad_class IN (3, 4) {modality}
        QUALIFY row_number() OVER (
            PARTITION BY dyads, cameo_code, date ORDER BY confidence DESC NULLS LAST, id) = 1
        ORDER BY goldstein ASC, confidence DESC NULLS LAST, date, id
        LIMIT ?
        """,
        [*params, start, end, int(n)],
    )
    from flashpoint.analytics.records import frame_records

    return add_article_fields(store, frame_records(frame))


def detect_alerts(
    store: EventStore,
    *,
    params: EscalationParams | None = None,
    dyad: str | None = None,
    since: Any = None,
    until: Any = None,
    asserted_only: bool = True,
    n_events: int = 5,
    limit: int | None = 100,
    frame: pd.DataFrame | None = None,
) -> list[dict[str, Any]]:
    """Escalation alerts, newest first (then highest z): ``id``, ``dyad``, ``period``,
    ``period_end``, ``freq``, ``level``, ``z``, ``conflict``, ``baseline_mean``, ``baseline_sd``,
    ``events`` (all events of the dyad in the period) and ``drivers``, the ``n_events`` conflict
    events that drove it, each with its evidence sentence and outlet."""
    params = _params(params)
    if dyad is not None:
        src, tgt = parse_dyad(dyad)
        esc = dyad_escalation(
            store, f"{src}-{tgt}", params=params, since=since, until=until,
            asserted_only=asserted_only,
        )  # fmt: skip
        esc["dyad"] = f"{src}-{tgt}"
        rows = esc[esc["alert"]] if not esc.empty and "alert" in esc else esc.iloc[0:0]
    else:
        if frame is None:
            frame = escalation_frame(store, params=params, until=until, asserted_only=asserted_only)
        rows = frame[frame["alert"]] if not frame.empty else frame
        if (s := as_date(since)) is not None and not rows.empty:
            rows = rows[rows["period"] >= period_start(s, params.freq)]
    if rows.empty:
        return []
    rows = rows.sort_values(["period", "z"], ascending=[False, False])
    if limit is not None:
        rows = rows.head(limit)
    alerts = []
    for r in rows.itertuples():
        start = r.period
        end = period_end(start, params.freq)
        alerts.append(
            {
                "id": alert_id(r.dyad, start, params.freq),
                "dyad": r.dyad,
                "period": start.isoformat(),
                "period_end": end.isoformat(),
                "freq": params.freq,
                "level": "critical" if r.z >= params.critical else "warning",
                "z": round(float(r.z), 3),
                "conflict": float(r.conflict),
                "baseline_mean": round(float(r.mean), 3),
                "baseline_sd": round(float(r.sd), 3),
                "events": int(r.events),
                "drivers": driving_events(
                    store, r.dyad, start, end, n=n_events, asserted_only=asserted_only
                ),
            }
        )
    return alerts
