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
