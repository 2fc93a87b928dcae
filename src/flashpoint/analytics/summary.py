"""The crisis summary printed by ``make demo``: what is in the store, how each dyad moved week
by week between cooperation and conflict, and the most severe events with their evidence."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import pandas as pd
from rich import box
from rich.console import Console, Group
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from flashpoint.analytics.dyads import (
    QUAD_LABELS,
    most_severe_events,
    weekly_dyad_quad_counts,
)

if TYPE_CHECKING:
    from flashpoint.store import EventStore

SPARK = "▁▂▃▄▅▆▇█"
QUAD_STYLES = {1: "green", 2: "bold green", 3: "yellow", 4: "bold red"}


def _fmt_date(value: Any) -> str:
    if value is None or (not isinstance(value, (list, tuple)) and pd.isna(value)):
        return "undated"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)[:10]


def _goldstein_text(value: float) -> Text:
    style = "green" if value > 0 else "red" if value < 0 else "dim"
    return Text(f"{value:+.1f}", style=style)


def _count_cell(count: int, quad: int) -> Text:
    if not count:
        return Text("·", style="dim")
    return Text(str(count), style=QUAD_STYLES[quad])


def sparkline(counts: list[int], nets: list[float]) -> Text:
    """One character per week: height is the event count, colour the sign of the Goldstein sum."""
    top = max(counts, default=0)
    out = Text()
    for count, net in zip(counts, nets, strict=True):
        if not count or not top:
            out.append(SPARK[0], style="dim")
            continue
        char = SPARK[min(len(SPARK) - 1, math.ceil(count / top * len(SPARK)) - 1)]
        out.append(char, style="green" if net > 0 else "red" if net < 0 else "white")
    return out


def _header(store: EventStore, asserted_only: bool) -> Panel:
    stats = store.query(
        """
        SELECT
            (SELECT count(*) FROM articles) AS articles,
            count(*) AS events,
            count(*) FILTER (WHERE modality = 'asserted') AS asserted,
            min(date) AS first, max(date) AS last,
            count(DISTINCT outlet) AS outlets,
            count(DISTINCT doc_id) AS documents
        FROM event_rows
        """
    ).iloc[0]
    events, asserted = int(stats["events"]), int(stats["asserted"])
    share = f" ({asserted / events:.0%})" if events else ""
    dates = (
        f"{_fmt_date(stats['first'])} → {_fmt_date(stats['last'])}"
        if events and not pd.isna(stats["first"])
        else "no dated events"
    )
    line = Text.assemble(
        ("Articles ", "dim"), (f"{int(stats['articles'])}", "bold"),
        ("   Events ", "dim"), (f"{events}", "bold"),
        ("   Asserted ", "dim"), (f"{asserted}{share}", "bold"),
        ("   Dates ", "dim"), (dates, "bold"),
        ("   Outlets ", "dim"), (f"{int(stats['outlets'])}", "bold"),
    )  # fmt: skip
    note = Text(
        "Counting asserted events only; hypothetical, conditional, future, negated and denied "
        "events are stored but not counted."
        if asserted_only
        else "Counting events of every modality.",
        style="dim italic",
    )
    return Panel(Group(line, note), title="[bold]flashpoint[/bold] crisis summary", box=box.ROUNDED)


def _dyad_table(
    store: EventStore, asserted_only: bool, top_dyads: int, max_weeks: int | None
) -> Table | Text:
    weekly = weekly_dyad_quad_counts(store, asserted_only=asserted_only)
    if weekly.empty:
        return Text("No dated events between two countries to count.", style="dim")
    all_weeks = pd.date_range(weekly["week"].min(), weekly["week"].max(), freq="7D")
    span = "every week"
    if max_weeks and len(all_weeks) > max_weeks:
        all_weeks = all_weeks[-max_weeks:]
        weekly = weekly[weekly["week"] >= all_weeks[0]]
        span = f"the last {max_weeks} weeks"
    volume = (
        weekly.groupby("dyad")["events"]
        .sum()
        .sort_index()
        .sort_values(ascending=False, kind="stable")
    )
    dyads = list(volume.index[:top_dyads])

    table = Table(
        title=f"Events per dyad per week, {span} "
        f"(top {len(dyads)} of {len(volume)} dyads by volume)",
        box=box.SIMPLE_HEAD,
        title_justify="left",
        caption="Weeks start on Monday. Dyads are directed: source-target. "
        f"The sparkline spans {span}; green net cooperation, red net conflict.",
        caption_justify="left",
        pad_edge=False,
    )
    table.add_column("Dyad", no_wrap=True)
    table.add_column("Week", no_wrap=True)
    for quad in (1, 2, 3, 4):
        table.add_column(QUAD_LABELS[quad].replace(" ", "\n", 1), justify="right")
    table.add_column("Goldstein\nsum", justify="right")

    for dyad in dyads:
        rows = weekly[weekly["dyad"] == dyad]
        by_week = rows.set_index("week")
        counts = [int(by_week["events"].get(w, 0)) for w in all_weeks]
        nets = [float(by_week["goldstein"].get(w, 0.0)) for w in all_weeks]
        label = Text.assemble((dyad, "bold cyan"), "\n", sparkline(counts, nets))
        last = len(rows) - 1
        for i, (_, row) in enumerate(rows.iterrows()):
            table.add_row(
                label if i == 0 else "",
                _fmt_date(row["week"]),
                *(_count_cell(int(row[f"q{q}"]), q) for q in (1, 2, 3, 4)),
                _goldstein_text(float(row["goldstein"])),
                end_section=i == last,
            )
    return table


def evidence_text(sentence: str, trigger: str | None) -> Text:
    """The evidence sentence with its trigger highlighted (the whole phrase where it occurs,
    otherwise each of its words)."""
    text = Text(sentence or "")
    if not trigger or not sentence:
        return text
    style = "bold black on yellow"
    start = sentence.lower().find(trigger.lower())
    if start >= 0:
        text.stylize(style, start, start + len(trigger))
    else:
        words = [w for w in trigger.replace("...", " ").split() if len(w) > 2]
        text.highlight_words(words, style=style, case_sensitive=False)
    return text


def _as_list(value: Any) -> list[str]:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return []
    return [str(v) for v in value]


def _severe_events(store: EventStore, asserted_only: bool, n: int) -> Group | Text:
    severe = most_severe_events(store, n, asserted_only=asserted_only)
    if severe.empty:
        return Text("No events with a Goldstein score.", style="dim")
    parts = []
    for rank, (_, ev) in enumerate(severe.iterrows(), start=1):
        head = Text.assemble(
            (f"{rank}. ", "bold"),
            (_fmt_date(ev["date"]), "bold"),
            "  ",
            (str(ev["dyad"]), "bold cyan"),
            "  ",
            (
                f"{ev['cameo_code']} {ev['cameo_name'] or ''}".strip(),
                QUAD_STYLES.get(ev["quad_class"], ""),
            ),
            "  ",
            _goldstein_text(float(ev["goldstein"])),
            ("  · " + str(ev["outlet"]) if ev["outlet"] else "  · outlet unknown", "italic"),
        )
        if ev["modality"] != "asserted":
            head.append(f"  [{ev['modality']}]", style="magenta")
        body = Text("“").append_text(evidence_text(ev["evidence_text"], ev["trigger"])).append("”")
        sources = []
        if reported := _as_list(ev["reported_by"]):
            sources.append("reported by " + ", ".join(reported))
        if attributed := _as_list(ev["attributed_to"]):
            sources.append("attributed to " + ", ".join(attributed))
        lines: list[Any] = [head, Padding(body, (0, 0, 0, 4))]
        if sources:
            lines.append(Padding(Text("; ".join(sources), style="dim"), (0, 0, 0, 4)))
        parts.append(Group(*lines))
    return Group(*parts)


def render_summary(
    store: EventStore,
    console: Console,
    *,
    asserted_only: bool = True,
    top_dyads: int = 6,
    n_severe: int = 5,
    max_weeks: int | None = 10,
) -> None:
    """Print the crisis summary of ``store`` to ``console``: a header, events per dyad per week
    by quad class (the ``top_dyads`` busiest dyads over the last ``max_weeks`` weeks), and the
    ``n_severe`` most severe events with their evidence. Only asserted events count unless
    ``asserted_only=False``."""
    console.print(_header(store, asserted_only))
    if store.count_events() == 0:
        console.print(Text("No events in the store yet: code some articles first.", style="yellow"))
        return
    console.print(_dyad_table(store, asserted_only, top_dyads, max_weeks))
    console.rule("[bold]Most severe events[/bold] (lowest Goldstein first)", align="left")
    console.print(_severe_events(store, asserted_only, n_severe))
