"""Crisis briefs: ``flashpoint brief --dyad CHN-JPN --since 2025-11-01``.

A brief is one page on one pair of countries: where the escalation stands, the series chart
(quad-class bars per period with the Goldstein line), the alerts, and a dated timeline of the
key events, each with its evidence sentence and the outlets that reported it. It comes as
Markdown (the chart beside it as an SVG file, and as a table in the text) or as one
self-contained HTML page (the chart inline; no script, nothing loaded from elsewhere).

Evidence sentences are news text, which is hostile input: every piece of it is escaped for
the format it lands in, and only ``http(s)`` links are kept.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from datetime import date as Date
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from flashpoint.analytics.chart import QUAD_COLORS, QUAD_NAMES, series_svg
from flashpoint.analytics.countries import country_name
from flashpoint.analytics.escalation import (
    EscalationParams,
    detect_alerts,
    dyad_escalation,
    dyad_status,
)
from flashpoint.analytics.events import key_events
from flashpoint.analytics.series import as_date, date_range, parse_dyad

if TYPE_CHECKING:
    from flashpoint.store import EventStore

FORMATS = ("md", "html")
STATUS_WORDS = {
    "escalating": "Escalating",
    "elevated": "Elevated",
    "de-escalating": "De-escalating",
    "stable": "Stable",
    "quiet": "Quiet",
}
STATUS_HELP = {
    "escalating": "the latest period's conflict is far above this pair's own recent baseline",
    "elevated": "the latest period's conflict is above this pair's recent baseline, short of an alert",
    "de-escalating": "conflict alerted in the recent periods and has since fallen",
    "stable": "conflict is within this pair's usual range",
    "quiet": "no events in the recent periods",
}


def safe_url(url: Any) -> str | None:
    """``url`` if it is an http(s) URL, else ``None`` (no ``javascript:`` or ``data:``)."""
    if not isinstance(url, str):
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    return url


_MD_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_text(text: Any) -> str:
    """Text for Markdown: HTML metacharacters as entities, Markdown syntax backslashed,
    on one line."""
    s = re.sub(r"\s+", " ", str(text or ""))
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MD_SPECIAL.sub(r"\\\1", s)


def md_url(url: str) -> str:
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


def _highlight(sentence: str, trigger: str | None) -> tuple[str, str, str]:
    """The sentence split around its trigger (before, trigger, after)."""
    if trigger:
        at = sentence.lower().find(trigger.lower())
        if at >= 0:
            return sentence[:at], sentence[at : at + len(trigger)], sentence[at + len(trigger) :]
    return sentence, "", ""


def _fmt_z(z: Any) -> str:
    return "n/a" if z is None else f"{float(z):+.1f}"


def _period_name(period: Any, freq: str) -> str:
    p = str(period)[:10]
    return {"week": f"week of {p}", "month": f"month of {p[:7]}", "day": p}[freq]


class Brief:
    """The content of a brief, computed once and rendered as Markdown or HTML."""

    def __init__(
        self,
        store: EventStore,
        dyad: str,
        *,
        since: Any = None,
        until: Any = None,
        directed: bool = False,
        freq: str = "week",
        n_events: int = 15,
        asserted_only: bool = True,
    ):
        self.src, self.tgt = parse_dyad(dyad)
        self.dyad = f"{self.src}-{self.tgt}"
        self.since, self.until = as_date(since), as_date(until)
        self.directed = directed
        self.params = EscalationParams(freq=freq)
        self.freq = freq
        common = dict(params=self.params, since=self.since, until=self.until,
                      asserted_only=asserted_only)  # fmt: skip
        self.series = dyad_escalation(store, self.dyad, directed=directed, **common)
        self.status = dyad_status(store, self.dyad, directed=directed, **common)
        pairs = (
            [self.dyad]
            if directed or self.src == self.tgt
            else [self.dyad, f"{self.tgt}-{self.src}"]
        )
        self.directions = []
        for pair in pairs:
            s = dyad_status(store, pair, **common)
            d = dyad_escalation(store, pair, **common)
            events = int(d["events"].sum()) if len(d) else 0
            q = {f"q{i}": int(d[f"q{i}"].sum()) if len(d) else 0 for i in (1, 2, 3, 4)}
            coop, conf = q["q1"] + 2 * q["q2"], q["q3"] + 2 * q["q4"]
            self.directions.append({
                "dyad": pair, "status": s["status"], "events": events,
                "goldstein": float(d["goldstein"].sum()) if len(d) else 0.0,
                "cc_index": (coop - conf) / (coop + conf) if coop + conf else None,
                "peak_z": s["peak_z"], **q,
            })  # fmt: skip
        self.alerts = []
        for pair in pairs:
            self.alerts += detect_alerts(
                store, params=self.params, dyad=pair, since=self.since, until=self.until,
                asserted_only=asserted_only, n_events=3, limit=None,
            )  # fmt: skip
        self.alerts.sort(key=lambda a: (a["period"], a["z"]))
        self.events = key_events(
            store, self.dyad, since=self.since, until=self.until, directed=directed,
            asserted_only=asserted_only, n=n_events,
        )  # fmt: skip
        self.last_date = date_range(store, asserted_only=asserted_only)[1]
        self.store_path = getattr(store, "path", "")
        self.generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        self.outlets = sorted({o["outlet"] for e in self.events for o in e["outlets"]})

    # -- shared wording ------------------------------------------------------------------

    @property
    def title(self) -> str:
        arrow = "→" if self.directed else "↔"
        return f"{country_name(self.src)} {arrow} {country_name(self.tgt)} ({self.dyad})"

    @property
    def span(self) -> str:
        if len(self.series):
            first = self.since or str(self.series["period"].iloc[0])[:10]
            last = self.until or self.last_date or str(self.series["period"].iloc[-1])[:10]
            return f"{first} to {last}"
        return "no dated events"

    def status_sentence(self) -> str:
        st = self.status
        if st.get("latest_period") is None:
            return "No dated events for this pair in the range."
        words = (
            f"{STATUS_WORDS[st['status']]}: {STATUS_HELP[st['status']]}. In the "
            f"{_period_name(st['latest_period'], self.freq)} conflict intensity was "
            f"{st['latest_conflict']:.1f} Goldstein points (z = {_fmt_z(st['latest_z'])})."
        )
        if (
            st.get("peak_z") is not None
            and st["peak_z"] >= 1.0
            and st.get("peak_period") != st.get("latest_period")
        ):
            words += (
                f" Peak of the recent periods: {_period_name(st['peak_period'], self.freq)}, "
                f"z = {_fmt_z(st['peak_z'])}."
            )
        n = len(self.alerts)
        words += f" {n} alert{'s' if n != 1 else ''} in the range."
        return words

    def method(self) -> str:
        p = self.params
        return (
            f"Counts asserted events only (hypothetical, conditional, future, negated and denied "
            f"statements are left out). Escalation: each period's conflict intensity (Goldstein "
            f"points of verbal and material conflict) against this pair's own previous "
            f"{p.baseline_window} {self.freq}s, z = (x - mean) / sqrt(sd² + {p.prior_sd}²); an "
            f"alert from z ≥ {p.threshold} (critical from {p.critical}) with at least "
            f"{p.min_conflict} points. Key events: the strongest incidents by |Goldstein|, one "
            f"per dyad, CAMEO code and day, with every outlet that reported them."
        )

    def chart(self) -> str:
        return series_svg(self.series, title=f"{self.dyad} per {self.freq}", freq=self.freq)

    # -- Markdown ----------------------------------------------------------------------------

    def markdown(self, chart_file: str | None = None) -> str:
        out = [f"# Crisis brief: {md_text(self.title)}", ""]
        out.append(
            f"_{md_text(self.span)} · per {self.freq} · generated {md_text(self.generated)} "
            f"from {md_text(Path(str(self.store_path)).name or 'the store')}_"
        )
        out += ["", "## Escalation status", "", f"**{md_text(self.status_sentence())}**", ""]
        out += ["| direction | status | events | verbal coop | material coop | verbal conflict "
                "| material conflict | Goldstein sum | CCI | peak z |",
                "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|"]  # fmt: skip
        for d in self.directions:
            cci = "n/a" if d["cc_index"] is None else f"{d['cc_index']:+.2f}"
            out.append(
                f"| {md_text(d['dyad'])} | {d['status']} | {d['events']} | {d['q1']} | {d['q2']} "
                f"| {d['q3']} | {d['q4']} | {d['goldstein']:+.1f} | {cci} | {_fmt_z(d['peak_z'])} |"
            )
        out += ["", "## Series", ""]
        if chart_file:
            out += [f"![{md_text(self.dyad)} per {self.freq}]({md_url(chart_file)})", ""]
        out += [f"| {self.freq} | events | verbal coop | material coop | verbal conflict | "
                "material conflict | Goldstein sum | z | |",
                "|---|--:|--:|--:|--:|--:|--:|--:|---|"]  # fmt: skip
        top = max([int(r.events) for r in self.series.itertuples()] or [1]) or 1
        for r in self.series.itertuples():
            bar = "█" * round(int(r.events) / top * 20)
            flag = " ⚠" if getattr(r, "alert", False) is True else ""
            z = getattr(r, "z", None)
            out.append(
                f"| {str(r.period)[:10]} | {int(r.events)} | {int(r.q1)} | {int(r.q2)} | "
                f"{int(r.q3)} | {int(r.q4)} | {float(r.goldstein):+.1f} | "
                f"{_fmt_z(None if z is None or z != z else z)} | {bar}{flag} |"
            )
        out += ["", "## Alerts", ""]
        if not self.alerts:
            out.append("No escalation alerts in the range.")
        for a in self.alerts:
            out.append(
                f"- **{md_text(a['dyad'])}, {_period_name(a['period'], self.freq)}** "
                f"({a['level']}, z = {a['z']:+.1f}): conflict {a['conflict']:.1f} points against "
                f"a baseline of {a['baseline_mean']:.1f} ± {a['baseline_sd']:.1f}."
            )
            for ev in a["drivers"]:
                out.append(f"  - {self._md_event_line(ev)}")
        out += ["", "## Timeline of key events", ""]
        if not self.events:
            out.append("No events in the range.")
        day = None
        for ev in self.events:
            if ev["date"] != day:
                day = ev["date"]
                out += ["", f"### {md_text(day or 'undated')}", ""]
            out.append(f"- {self._md_event(ev)}")
        out += ["", "## Sources", ""]
        out.append(", ".join(md_text(o) for o in self.outlets) or "none")
        out += ["", "## Method", "", md_text(self.method()), ""]
        return "\n".join(out)

    def _md_event_line(self, ev: dict[str, Any]) -> str:
        before, trig, after = _highlight(ev.get("evidence_text") or "", ev.get("trigger"))
        quote_ = md_text(before) + (f"**{md_text(trig)}**" if trig else "") + md_text(after)
        return f"{md_text(ev['date'])} {md_text(ev['cameo_name'])}: “{quote_}” ({self._md_outlets(ev)})"

    def _md_outlets(self, ev: dict[str, Any]) -> str:
        outlets = ev.get("outlets") or [{"outlet": ev.get("outlet"), "url": ev.get("url")}]
        parts = []
        for o in outlets:
            name = md_text(o.get("outlet") or "outlet unknown")
            url = safe_url(o.get("url"))
            parts.append(f"[{name}]({md_url(url)})" if url else name)
        return ", ".join(parts)

    def _md_event(self, ev: dict[str, Any]) -> str:
        before, trig, after = _highlight(ev.get("evidence_text") or "", ev.get("trigger"))
        quote_ = md_text(before) + (f"**{md_text(trig)}**" if trig else "") + md_text(after)
        arrow = f"{ev.get('source_country') or '?'} → {ev.get('target_country') or '?'}"
        line = (
            f"**{md_text(arrow)} · {md_text(ev['cameo_code'])} {md_text(ev['cameo_name'])}** "
            f"(Goldstein {float(ev['goldstein']):+.1f}, {QUAD_NAMES.get(ev['quad_class'], '?')})"
            f" — “{quote_}” — {self._md_outlets(ev)}"
        )
        extra = []
        if ev.get("reported_by"):
            extra.append("reported by " + ", ".join(md_text(x) for x in ev["reported_by"]))
        if ev.get("attributed_to"):
            extra.append("according to " + ", ".join(md_text(x) for x in ev["attributed_to"]))
        if ev.get("reports", 1) > 1:
            extra.append(f"{ev['reports']} reports")
        if extra:
            line += " _(" + "; ".join(extra) + ")_"
        return line

    # -- HTML ----------------------------------------------------------------------------------

    def html(self) -> str:
        e = escape
        st = self.status["status"]
        rows = []
        for d in self.directions:
            cci = "n/a" if d["cc_index"] is None else f"{d['cc_index']:+.2f}"
            rows.append(
                f"<tr><td>{e(d['dyad'])}</td><td><span class='badge {e(d['status'])}'>"
                f"{e(d['status'])}</span></td><td>{d['events']}</td><td>{d['q1']}</td>"
                f"<td>{d['q2']}</td><td>{d['q3']}</td><td>{d['q4']}</td>"
                f"<td>{d['goldstein']:+.1f}</td><td>{cci}</td><td>{_fmt_z(d['peak_z'])}</td></tr>"
            )
        alerts = []
        for a in self.alerts:
            drivers = "".join(f"<li>{self._html_event_line(ev)}</li>" for ev in a["drivers"])
            alerts.append(
                f"<li><b>{e(a['dyad'])}, {e(_period_name(a['period'], self.freq))}</b> "
                f"<span class='badge {e(a['level'])}'>{e(a['level'])}</span> z = {a['z']:+.1f}: "
                f"conflict {a['conflict']:.1f} points against a baseline of "
                f"{a['baseline_mean']:.1f} ± {a['baseline_sd']:.1f}.<ul>{drivers}</ul></li>"
            )
        timeline = []
        day = None
        for ev in self.events:
            if ev["date"] != day:
                if day is not None:
                    timeline.append("</ol>")
                day = ev["date"]
                timeline.append(f"<h3>{e(day or 'undated')}</h3><ol class='events'>")
            timeline.append(
                f"<li class='q{int(ev['quad_class'] or 0)}'>{self._html_event(ev)}</li>"
            )
        if day is not None:
            timeline.append("</ol>")
        quad_css = "".join(f".q{q}{{border-left:6px solid {c}}}" for q, c in QUAD_COLORS.items())
        return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Crisis brief: {e(self.title)}</title>
<style>
body{{font-family:system-ui,sans-serif;max-width:960px;margin:2em auto;padding:0 1em;color:#1d2733;line-height:1.45}}
h1{{font-size:1.6em;margin-bottom:.2em}} .meta{{color:#667;margin-top:0}}
table{{border-collapse:collapse;margin:.5em 0}} td,th{{border-bottom:1px solid #dde;padding:.25em .6em;text-align:right}}
td:first-child,th:first-child{{text-align:left}}
.badge{{border-radius:3px;padding:0 .4em;font-size:.85em;color:#fff;background:#778}}
.escalating,.critical{{background:#b2182b}} .elevated,.warning{{background:#e76f51}}
.de-escalating{{background:#2a9d8f}} .stable{{background:#457b9d}} .quiet{{background:#999}}
.status{{font-size:1.1em;padding:.6em .8em;background:#f4f6f8;border-radius:4px}}
ol.events{{list-style:none;padding-left:0}} ol.events li{{padding:.3em .7em;margin:.4em 0;background:#fafbfc}}
{quad_css}
mark{{background:#ffe066;padding:0 .1em}} q{{font-style:italic}} .src{{color:#556;font-size:.9em}}
svg{{max-width:100%;height:auto}}
</style></head><body>
<h1>Crisis brief: {e(self.title)}</h1>
<p class="meta">{e(self.span)} · per {e(self.freq)} · generated {e(self.generated)}</p>
<h2>Escalation status <span class="badge {e(st)}">{e(st)}</span></h2>
<p class="status">{e(self.status_sentence())}</p>
<table><thead><tr><th>direction</th><th>status</th><th>events</th><th>verbal coop</th>
<th>material coop</th><th>verbal conflict</th><th>material conflict</th><th>Goldstein sum</th>
<th>CCI</th><th>peak z</th></tr></thead><tbody>{"".join(rows)}</tbody></table>
<h2>Series</h2>
{self.chart()}
<h2>Alerts</h2>
{"<ul>" + "".join(alerts) + "</ul>" if alerts else "<p>No escalation alerts in the range.</p>"}
<h2>Timeline of key events</h2>
{"".join(timeline) or "<p>No events in the range.</p>"}
<h2>Sources</h2><p>{e(", ".join(self.outlets) or "none")}</p>
<h2>Method</h2><p>{e(self.method())}</p>
</body></html>
"""

    def _html_quote(self, ev: dict[str, Any]) -> str:
        before, trig, after = _highlight(ev.get("evidence_text") or "", ev.get("trigger"))
        mark = f"<mark>{escape(trig)}</mark>" if trig else ""
        return f"<q>{escape(before)}{mark}{escape(after)}</q>"

    def _html_outlets(self, ev: dict[str, Any]) -> str:
        outlets = ev.get("outlets") or [{"outlet": ev.get("outlet"), "url": ev.get("url")}]
        parts = []
        for o in outlets:
            name = escape(o.get("outlet") or "outlet unknown")
            url = safe_url(o.get("url"))
            parts.append(
                f'<a href="{escape(url, quote=True)}" rel="noopener noreferrer nofollow">{name}</a>'
                if url
                else name
            )
        return ", ".join(parts)

    def _html_event_line(self, ev: dict[str, Any]) -> str:
        return (
            f"{escape(ev['date'] or '')} {escape(ev['cameo_name'] or '')}: {self._html_quote(ev)} "
            f"<span class='src'>{self._html_outlets(ev)}</span>"
        )

    def _html_event(self, ev: dict[str, Any]) -> str:
        arrow = f"{ev.get('source_country') or '?'} → {ev.get('target_country') or '?'}"
        extra = []
        if ev.get("reported_by"):
            extra.append("reported by " + ", ".join(ev["reported_by"]))
        if ev.get("attributed_to"):
            extra.append("according to " + ", ".join(ev["attributed_to"]))
        if ev.get("reports", 1) > 1:
            extra.append(f"{ev['reports']} reports")
        more = f" <span class='src'>({escape('; '.join(extra))})</span>" if extra else ""
        return (
            f"<b>{escape(arrow)} · {escape(ev['cameo_code'] or '')} {escape(ev['cameo_name'] or '')}"
            f"</b> (Goldstein {float(ev['goldstein'] or 0):+.1f}, "
            f"{escape(QUAD_NAMES.get(ev['quad_class'], '?'))})<br>{self._html_quote(ev)}<br>"
            f"<span class='src'>{self._html_outlets(ev)}</span>{more}"
        )


def build_brief(
    store: EventStore,
    dyad: str,
    *,
    since: Any = None,
    until: Any = None,
    format: str = "md",
    directed: bool = False,
    freq: str = "week",
    n_events: int = 15,
    chart_file: str | None = None,
) -> str:
    """The brief of ``dyad`` as Markdown (``format="md"``; ``chart_file`` names an SVG of the
    chart to link) or HTML (``format="html"``, chart inline). ``directed=False`` (the default)
    covers both directions of the pair."""
    if format not in FORMATS:
        raise ValueError(f"unknown brief format {format!r}; use md or html")
    brief = Brief(
        store, dyad, since=since, until=until, directed=directed, freq=freq, n_events=n_events
    )
    return brief.markdown(chart_file) if format == "md" else brief.html()


def write_brief(
    store: EventStore,
    dyad: str,
    output: Path,
    *,
    since: Any = None,
    until: Any = None,
    format: str | None = None,
    directed: bool = False,
    freq: str = "week",
    n_events: int = 15,
) -> list[Path]:
    """Write the brief to ``output`` (format from ``format`` or the file's suffix); a Markdown
    brief gets its chart beside it as ``<name>.svg``. Returns the files written."""
    fmt = format or ("html" if output.suffix.lower() in (".html", ".htm") else "md")
    brief = Brief(
        store, dyad, since=since, until=until, directed=directed, freq=freq, n_events=n_events
    )
    output.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "html":
        output.write_text(brief.html(), encoding="utf-8")
        return [output]
    chart = output.with_suffix(".svg")
    chart.write_text(brief.chart(), encoding="utf-8")
    output.write_text(brief.markdown(chart.name), encoding="utf-8")
    return [output, chart]


def default_since(store: EventStore, weeks: int = 8) -> Date | None:
    """Eight weeks before the store's last event: the default range of a brief."""
    from datetime import timedelta

    _, hi = date_range(store)
    return None if hi is None else hi - timedelta(weeks=weeks)
