"""Analytics over the event store: dyad series and the conflict-cooperation index, escalation
against each dyad's own baseline (alerts with the events that drove them), top actors and the
actor network, located events, event pages, and the crisis summary of ``make demo``.

See ``docs/dashboard.md`` for the definitions.
"""

from flashpoint.analytics.dyads import (
    QUAD_LABELS,
    dyad_totals,
    most_severe_events,
    weekly_dyad_quad_counts,
)
from flashpoint.analytics.escalation import (
    EscalationParams,
    detect_alerts,
    dyad_escalation,
    dyad_status,
    escalation_frame,
    rank_dyads,
)
from flashpoint.analytics.events import EventFilter, event_page, key_events
from flashpoint.analytics.network import actor_network, located_events, top_actors
from flashpoint.analytics.series import (
    AnalyticsError,
    cc_index,
    dyad_matrix,
    dyad_series,
    dyad_stats,
)
from flashpoint.analytics.summary import render_summary

__all__ = [
    "QUAD_LABELS",
    "AnalyticsError",
    "EscalationParams",
    "EventFilter",
    "actor_network",
    "cc_index",
    "detect_alerts",
    "dyad_escalation",
    "dyad_matrix",
    "dyad_series",
    "dyad_stats",
    "dyad_status",
    "dyad_totals",
    "escalation_frame",
    "event_page",
    "key_events",
    "located_events",
    "most_severe_events",
    "rank_dyads",
    "render_summary",
    "top_actors",
    "weekly_dyad_quad_counts",
]
