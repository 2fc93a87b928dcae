"""Analysts see, week by week, how each pair of countries moves between cooperation and
conflict, and which events were the most severe, each with the sentence that says so."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest
from rich.console import Console

from flashpoint.analytics import most_severe_events, render_summary, weekly_dyad_quad_counts
from flashpoint.model import Actor, Article, CameoCode, Event, Evidence, Plover
from flashpoint.store import EventStore

ACTORS = {
    "USA": Actor("Marco Rubio", "Marco Rubio", "USAGOV", "USA", "GOV"),
    "CHN": Actor("Beijing", None, "CHNGOV", "CHN", "GOV"),
    "JPN": Actor("Tokyo", None, "JPNGOV", "JPN", "GOV"),
    "PHL": Actor("Ferdinand Marcos Jr.", "Ferdinand Marcos Jr.", "PHLGOV", "PHL", "GOV"),
}
CODES = {
    "041": CameoCode("041", "Discuss by telephone", 1.0, 1),
    "057": CameoCode("057", "Sign formal agreement", 8.0, 1),
    "0711": CameoCode("0711", "Provide military aid", 8.3, 2),
    "111": CameoCode("111", "Criticize or denounce", -2.0, 3),
    "163": CameoCode("163", "Impose embargo, boycott, or sanctions", -8.0, 4),
    "171": CameoCode("171", "Seize or damage property", -9.2, 4),
    "190": CameoCode("190", "Use conventional military force", -10.0, 4),
}

# (doc, sentence, day, source, target, code, modality, outlet, evidence, trigger)
STORY = [
    ("a1", 0, date(2025, 10, 1), "CHN", "PHL", "057", "asserted", "Meridian Wire",
     "China and the Philippines signed a hotline agreement.", "signed"),
    ("a2", 0, date(2025, 10, 2), "PHL", "CHN", "041", "asserted", "Harbour Times",
     "Marcos spoke by phone with Beijing.", "spoke by phone"),
    ("a3", 0, date(2025, 10, 14), "CHN", "PHL", "171", "asserted", "Meridian Wire",
     "Chinese personnel detained six Filipino fishermen near the shoal.", "detained"),
    ("a3", 1, date(2025, 10, 14), "PHL", "CHN", "111", "asserted", "Meridian Wire",
     "Marcos condemned Beijing over the attack.", "condemned"),
    ("a4", 0, date(2025, 10, 16), "PHL", "CHN", "111", "asserted", "Straits Dispatch",
     "Manila accused Beijing of violating the agreement.", "accused"),
    ("a5", 0, date(2025, 10, 24), "CHN", "PHL", "163", "asserted", "Meridian Wire",
     "China suspended imports of Philippine bananas.", "suspended imports"),
    ("a5", 1, date(2025, 10, 24), "PHL", "CHN", "163", "conditional", "Meridian Wire",
     "Manila could impose restrictions on Chinese imports.", "impose restrictions"),
    ("a6", 0, date(2025, 10, 30), "CHN", "PHL", "190", "hypothetical", "Harbour Times",
     "A Chinese strike on Philippine ships would be a disaster.", "strike"),
    ("a7", 0, date(2025, 11, 3), "USA", "PHL", "0711", "asserted", "Pacific Ledger",
     "The United States deployed a destroyer to support the Philippines.", "deployed"),
    ("a7", 1, date(2025, 11, 3), "CHN", "JPN", "111", "asserted", "Pacific Ledger",
     "Beijing criticised Tokyo for joining the exercise.", "criticised"),
]  # fmt: skip


def story_events() -> list[Event]:
    events = []
    for doc, sent, day, src, tgt, code, modality, outlet, text, trigger in STORY:
        events.append(
            Event(
                doc_id=doc,
                sentence_index=sent,
                date=day,
                source=[ACTORS[src]],
                target=[ACTORS[tgt]],
                cameo=CODES[code],
                plover=Plover("ACCUSE") if code == "111" else None,
                modality=modality,
                evidence=Evidence(text, 0, len(text), trigger),
                confidence=0.9,
                outlet=outlet,
                url=f"https://example.com/{doc}",
            )
        )
    return events


@pytest.fixture
def store(tmp_path):
    with EventStore.open(tmp_path / "events.duckdb") as s:
        s.add_articles(Article(id=doc, text="...", date=day) for doc, _, day, *_ in STORY)
        s.add_events(story_events())
        yield s


def summary_text(store: EventStore, **kwargs) -> str:
    console = Console(record=True, width=120)
    render_summary(store, console, **kwargs)
    return console.export_text()


def flat(text: str) -> str:
    return " ".join(text.split())


def test_weekly_counts_split_each_directed_dyad_by_quad_class(store):
    weekly = weekly_dyad_quad_counts(store)
    assert list(weekly.columns[:7]) == ["week", "dyad", "q1", "q2", "q3", "q4", "events"]
    row = weekly[(weekly["dyad"] == "PHL-CHN") & (weekly["week"] == pd.Timestamp("2025-10-13"))]
    assert row[["q1", "q2", "q3", "q4", "events"]].values.tolist() == [[0, 0, 2, 0, 2]]
    assert row["goldstein"].item() == -4.0
    chn_phl = weekly[weekly["dyad"] == "CHN-PHL"]
    assert [str(w.date()) for w in chn_phl["week"]] == ["2025-09-29", "2025-10-13", "2025-10-20"]
    assert chn_phl["q4"].tolist() == [0, 1, 1]


def test_weeks_start_on_monday(store):
    weekly = weekly_dyad_quad_counts(store)
    assert all(pd.Timestamp(w).day_of_week == 0 for w in weekly["week"])


def test_hypothetical_and_conditional_events_do_not_count_unless_asked(store):
    asserted = weekly_dyad_quad_counts(store)
    assert asserted["events"].sum() == 8
    assert "CHN-PHL" in set(asserted["dyad"])
    assert not (
        (asserted["dyad"] == "CHN-PHL") & (asserted["week"] == pd.Timestamp("2025-10-27"))
    ).any()
    everything = weekly_dyad_quad_counts(store, asserted_only=False)
    assert everything["events"].sum() == 10


def test_most_severe_events_come_lowest_goldstein_first_with_their_evidence(store):
    severe = most_severe_events(store, n=3)
    assert severe["cameo_code"].tolist() == ["171", "163", "111"]
    top = severe.iloc[0]
    assert top["dyad"] == "CHN-PHL"
    assert (
        top["evidence_text"] == "Chinese personnel detained six Filipino fishermen near the shoal."
    )
    assert top["outlet"] == "Meridian Wire"
    assert top["cameo_name"] == "Seize or damage property"
    assert str(top["date"])[:10] == "2025-10-14"
    assert most_severe_events(store, n=1, asserted_only=False)["cameo_code"].tolist() == ["190"]


def test_summary_header_counts_articles_events_and_dates(store):
    text = flat(summary_text(store))
    assert "Articles 7" in text
    assert "Events 10" in text
    assert "Asserted 8 (80%)" in text
    assert "2025-10-01 → 2025-11-03" in text


def test_summary_shows_each_dyad_week_by_week(store):
    text = summary_text(store)
    for dyad in ("CHN-PHL", "PHL-CHN", "USA-PHL", "CHN-JPN"):
        assert dyad in text
    for week in ("2025-09-29", "2025-10-13", "2025-10-20", "2025-11-03"):
        assert week in text
    for label in ("verbal", "material", "coop", "conflict", "Goldstein"):
        assert label in text
    assert "-4.0" in text  # PHL-CHN in the week of 13 October: two criticisms


def test_summary_lists_most_severe_events_with_their_evidence(store):
    text = flat(summary_text(store))
    assert "Most severe events" in text
    assert "“Chinese personnel detained six Filipino fishermen near the shoal.”" in text
    assert "Seize or damage property" in text
    assert "Meridian Wire" in text
    assert text.index("detained six Filipino") < text.index("suspended imports of Philippine")


def test_summary_leaves_out_what_was_not_asserted(store):
    text = flat(summary_text(store, n_severe=10))
    assert "Chinese strike on Philippine ships" not in text
    assert "could impose restrictions" not in text


def test_summary_keeps_to_the_busiest_dyads(store):
    text = summary_text(store, top_dyads=2)
    assert "CHN-PHL" in text and "PHL-CHN" in text
    assert "CHN-JPN" not in text.split("Most severe events")[0]


def test_summary_of_an_empty_store_says_there_is_nothing_yet(tmp_path):
    with EventStore.open(tmp_path / "empty.duckdb") as store:
        text = summary_text(store)
    assert "No events in the store yet" in text
    assert "Events 0" in flat(text)


def test_summary_highlights_the_trigger_in_the_evidence(store):
    console = Console(record=True, width=120, force_terminal=True, color_system="truecolor")
    render_summary(store, console)
    html = console.export_html()
    assert "detained</span>" in html


def test_summary_can_keep_to_the_latest_weeks(store):
    text = summary_text(store, max_weeks=2)
    table = text.split("Most severe events")[0]
    assert "last 2 weeks" in table
    assert "2025-11-03" in table
    assert "2025-10-13" not in table and "2025-09-29" not in table


# -- dyad series, the conflict-cooperation index, escalation, actors, pages ------------------

from flashpoint.analytics.escalation import (  # noqa: E402
    EscalationParams,
    detect_alerts,
    dyad_escalation,
    dyad_status,
    escalation_frame,
    rank_dyads,
    score,
)
from flashpoint.analytics.events import EventFilter, event_page, key_events  # noqa: E402
from flashpoint.analytics.network import actor_network, located_events, top_actors  # noqa: E402
from flashpoint.analytics.series import (  # noqa: E402
    AnalyticsError,
    cc_index,
    dyad_matrix,
    dyad_series,
    parse_dyad,
)


def test_cc_index_runs_from_all_conflict_to_all_cooperation():
    assert cc_index(3, 1, 0, 0) == 1.0
    assert cc_index(0, 0, 2, 5) == -1.0
    assert cc_index(0, 0, 0, 0) is None
    assert cc_index(2, 0, 0, 1) == 0.0  # a material conflict weighs two words of cooperation
    assert cc_index(1, 0, 1, 0) == 0.0


def test_dyad_series_fills_every_period_of_the_store(store):
    weekly = dyad_series(store, "PHL-CHN")
    assert [str(p) for p in weekly["period"]] == [
        "2025-09-29", "2025-10-06", "2025-10-13", "2025-10-20", "2025-10-27", "2025-11-03",
    ]  # fmt: skip
    incident = weekly[weekly["period"].astype(str) == "2025-10-13"].iloc[0]
    assert (incident["q3"], incident["events"], incident["goldstein"]) == (2, 2, -4.0)
    assert incident["goldstein_mean"] == -2.0 and incident["cc_index"] == -1.0
    assert incident["conflict"] == 4.0
    assert weekly["events"].tolist() == [1, 0, 2, 0, 0, 0]
    assert pd.isna(weekly["cc_index"].iloc[1])  # no events, no index


def test_dyad_series_by_month_both_directions_and_every_modality(store):
    monthly = dyad_series(store, "CHN-PHL", freq="month", directed=False)
    assert [str(p) for p in monthly["period"]] == ["2025-10-01", "2025-11-01"]
    assert monthly["events"].tolist() == [6, 0]
    everything = dyad_series(store, "CHN-PHL", freq="month", asserted_only=False)
    assert everything["events"].tolist() == [4, 0]  # the conditional is PHL-CHN


def test_bad_dyads_and_periods_are_refused(store):
    with pytest.raises(AnalyticsError):
        parse_dyad("CHINA")
    with pytest.raises(AnalyticsError):
        dyad_series(store, "CHN-PHL", freq="fortnight")
    assert parse_dyad("chn-phl") == ("CHN", "PHL")


def test_z_scores_compare_each_period_with_its_own_trailing_window():
    params = EscalationParams(window=4, min_history=2, prior_sd=0.0, threshold=2.0, min_conflict=0)
    x = pd.DataFrame({"d": [1.0, 1.0, 2.0, 1.0, 9.0, 1.0]})
    out = score(x, params)
    assert pd.isna(out["z"]["d"].iloc[1])  # one period of history is not enough
    # period 4: baseline 1, 1, 2, 1 -> mean 1.25, sd 0.433
    assert out["mean"]["d"].iloc[4] == pytest.approx(1.25)
    assert out["z"]["d"].iloc[4] == pytest.approx((9 - 1.25) / 0.4330127, rel=1e-4)
    assert out["alert"]["d"].tolist() == [False, False, True, False, True, False]


def test_the_prior_keeps_a_quiet_dyad_from_alerting_on_one_word():
    params = EscalationParams()
    x = pd.DataFrame({"d": [0.0, 0.0, 0.0, 2.0, 0.0, 9.2]})
    out = score(x, params)
    assert out["z"]["d"].iloc[3] == pytest.approx(0.8)  # one criticism
    assert not out["alert"]["d"].iloc[3]
    assert out["alert"]["d"].iloc[5]  # a detention


def test_escalation_finds_the_incident_and_its_drivers(store):
    esc = dyad_escalation(store, "CHN-PHL")
    flagged = esc[esc["alert"]]
    assert [str(p) for p in flagged["period"]] == ["2025-10-13"]
    assert flagged["level"].tolist() == ["critical"]
    alerts = detect_alerts(store)
    assert [(a["dyad"], a["period"]) for a in alerts] == [("CHN-PHL", "2025-10-13")]
    driver = alerts[0]["drivers"][0]
    assert driver["cameo_code"] == "171" and driver["outlet"] == "Meridian Wire"
    assert driver["evidence_text"].startswith("Chinese personnel detained")
    assert detect_alerts(store, dyad="PHL-CHN") == []


def test_status_and_ranking_follow_the_end_of_the_range(store):
    assert dyad_status(store, "CHN-PHL", until="2025-10-19")["status"] == "escalating"
    later = dyad_status(store, "CHN-PHL")
    assert later["status"] == "de-escalating" and later["peak_period"].isoformat() == "2025-10-13"
    ranked = rank_dyads(store, until="2025-10-19")
    assert ranked["dyad"].iloc[0] == "CHN-PHL"
    assert ranked["spark"].iloc[0][:3] == [["2025-09-29", 1, 8.0], ["2025-10-06", 0, 0.0],
                                           ["2025-10-13", 1, -9.2]]  # fmt: skip
    frame = escalation_frame(store)
    assert set(frame["dyad"]) == {"CHN-PHL", "PHL-CHN", "USA-PHL", "CHN-JPN"}


def test_matrix_network_and_top_actors(store):
    matrix = dyad_matrix(store)
    assert matrix["countries"][:2] == ["CHN", "PHL"]
    cell = next(c for c in matrix["cells"] if (c["source"], c["target"]) == ("CHN", "PHL"))
    assert (cell["events"], cell["q4"], cell["cc_index"]) == (3, 2, pytest.approx(-0.6))
    net = actor_network(store)
    assert {(e["source"], e["target"]) for e in net["edges"]} == {
        ("CHN", "PHL"), ("PHL", "CHN"), ("CHN", "JPN"), ("USA", "PHL")}  # fmt: skip
    chn = next(n for n in net["nodes"] if n["id"] == "CHN")
    assert (chn["as_source"], chn["as_target"]) == (4, 3)
    actors = actor_network(store, level="actor")
    assert {n["id"] for n in actors["nodes"]} == {"CHNGOV", "PHLGOV", "JPNGOV", "USAGOV"}
    top = top_actors(store, 2)
    assert set(top["actor"]) == {"CHNGOV", "PHLGOV"} and top["events"].tolist() == [7, 7]
    by_name = top_actors(store, by="name", dyad="USA-PHL")
    assert by_name["actor"].tolist()[0] in ("Marco Rubio", "Ferdinand Marcos Jr.")
    assert located_events(store) == []  # nothing located in this story


def test_event_pages_match_a_plain_sort(store):
    every = EventFilter(asserted_only=False)
    plain = store.query("SELECT id FROM event_rows ORDER BY date DESC NULLS LAST, id")[
        "id"
    ].tolist()
    seen = []
    for page in (1, 2, 3, 4):
        body = event_page(store, every, page=page, page_size=3)
        assert body["total"] == 10 and body["pages"] == 4
        seen += [e["id"] for e in body["items"]]
    assert seen == plain
    oldest = event_page(store, every, sort="date", page_size=4, page=2)["items"]
    plain_oldest = store.query(
        "SELECT id FROM event_rows ORDER BY date ASC NULLS LAST, id LIMIT 4 OFFSET 4"
    )["id"].tolist()
    assert [e["id"] for e in oldest] == plain_oldest
    worst = event_page(store, EventFilter(), sort="goldstein", page_size=1)["items"][0]
    assert worst["cameo_code"] == "171"
    assert event_page(store, EventFilter(), page=99)["items"] == []


def test_key_events_fold_retellings_and_keep_the_strongest(store):
    events = key_events(store, "CHN-PHL", n=3)
    assert [e["cameo_code"] for e in events] == ["057", "171", "163"]  # the 3 strongest, by date
    assert events[1]["outlets"] == [{"outlet": "Meridian Wire", "url": "https://example.com/a3"}]


def test_a_retold_incident_shows_once_with_every_outlet(store):
    retold = story_events()[2]  # the detention, 14 October, Meridian Wire
    retold.doc_id, retold.outlet, retold.url = "a9", "Harbour Times", "https://example.org/a9"
    retold.confidence = 0.5
    store.add_articles([Article(id="a9", text="...", date=date(2025, 10, 14))])
    store.add_events([retold])
    events = key_events(store, "CHN-PHL", n=10)
    detentions = [e for e in events if e["cameo_code"] == "171"]
    assert len(detentions) == 1 and detentions[0]["reports"] == 2
    assert detentions[0]["outlet"] == "Meridian Wire"  # the most confident report
    assert [o["outlet"] for o in detentions[0]["outlets"]] == ["Harbour Times", "Meridian Wire"]
