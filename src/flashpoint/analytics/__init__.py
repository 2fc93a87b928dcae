"""Analytics over the event store: dyad series, severity rankings, the crisis summary."""

from flashpoint.analytics.dyads import (
    QUAD_LABELS,
    dyad_totals,
    most_severe_events,
    weekly_dyad_quad_counts,
)
from flashpoint.analytics.summary import render_summary

__all__ = [
    "QUAD_LABELS",
    "dyad_totals",
    "most_severe_events",
    "render_summary",
    "weekly_dyad_quad_counts",
]
