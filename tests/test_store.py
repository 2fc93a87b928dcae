"""The event store keeps articles and events in a DuckDB file, once each, queryable by dyad,
date and modality."""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pytest

from flashpoint.model import Actor, Article, CameoCode, Event, Evidence, Location, Plover
from flashpoint.store import SCHEMA_VERSION, EventStore, RecordError, StoreError

ACTORS = {
    "USA": Actor("US President Donald Trump", "Donald Trump", "USAGOV", "USA", "GOV", "person"),
    "CHN": Actor("Chinese President Xi Jinping", "Xi Jinping", "CHNGOV", "CHN", "GOV", "person"),
    "JPN": Actor(
        "Prime Minister Sanae Takaichi", "Sanae Takaichi", "JPNGOV", "JPN", "GOV", "person"
    ),
    "PHL": Actor("Manila", None, "PHLGOV", "PHL", "GOV", "capital"),
}
CODES = {
    "041": CameoCode("041", "Discuss by telephone", 1.0, 1),
    "111": CameoCode("111", "Criticize or denounce", -2.0, 3),
    "163": CameoCode("163", "Impose embargo, boycott, or sanctions", -8.0, 4),
}


def make_event(
    doc: str = "doc-1",
    sentence: int = 0,
    source: str | list[str] = "USA",
    target: str | list[str] = "CHN",
    code: str = "041",
    day: date | None = date(2025, 11, 25),
    modality: str = "asserted",
    text: str = "Trump spoke by phone with Xi.",
    trigger: str = "spoke by phone",
    **extra,
) -> Event:
    sources = [source] if isinstance(source, str) else source
    targets = [target] if isinstance(target, str) else target
    return Event(
        doc_id=doc,
        sentence_index=sentence,
        date=day,
        source=[ACTORS[c] for c in sources],
        target=[ACTORS[c] for c in targets],
        cameo=CODES[code],
        plover=Plover("CONSULT", "phone") if code == "041" else None,
        modality=modality,
        evidence=Evidence(text, 10, 10 + len(text), trigger),
        confidence=0.8,
        rule="lexicon.tsv:12",
        **extra,
    )


@pytest.fixture
def store(tmp_path):
    with EventStore.open(tmp_path / "events.duckdb") as s:
        yield s


def test_opening_a_new_file_creates_the_schema_with_its_version(tmp_path):
    path = tmp_path / "nested" / "events.duckdb"
    with EventStore.open(path) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.count_events() == 0
    assert path.exists()
    con = duckdb.connect(str(path))
    tables = {
        r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()
    }
    con.close()
    assert {"schema_version", "articles", "events", "event_actors"} <= tables


def test_an_in_memory_store_works_for_quick_experiments():
    with EventStore.open(":memory:") as store:
        assert store.add_events([make_event()]) == 1
        assert store.count_events() == 1


def test_added_events_come_back_with_their_fields_and_full_record(store):
    event = make_event(
        reported_by=["Wall Street Journal"],
        attributed_to=["Japanese officials"],
        location=Location("Taiwan", "TWN", 23.7, 121.0, 1668284, "country"),
        outlet="Harbour Times",
        url="https://harbourtimes.example.com/a",
    )
    assert store.add_events([event]) == 1
    df = store.events()
    assert len(df) == 1
    row = df.iloc[0]
    assert row["id"] == event.id
    assert (row["source_country"], row["target_country"]) == ("USA", "CHN")
    assert (row["source_code"], row["target_code"]) == ("USAGOV", "CHNGOV")
    assert (row["cameo_code"], row["cameo_root"], row["quad_class"]) == ("041", "04", 1)
    assert row["goldstein"] == 1.0
    assert (row["plover_type"], row["plover_mode"]) == ("CONSULT", "phone")
    assert list(row["reported_by"]) == ["Wall Street Journal"]
    assert list(row["attributed_to"]) == ["Japanese officials"]
    assert row["location_name"] == "Taiwan" and row["location_lat"] == 23.7
    assert row["evidence_text"] == "Trump spoke by phone with Xi."
    assert (row["evidence_start"], row["evidence_end"]) == (10, 39)
    assert row["trigger"] == "spoke by phone"
    assert row["outlet"] == "Harbour Times"
    assert json.loads(row["record"]) == event.to_dict()


def test_readding_the_same_events_does_not_duplicate_them(store):
    events = [make_event(sentence=i) for i in range(5)]
    assert store.add_events(events) == 5
    assert store.add_events(events) == 0
    assert store.add_events(reversed(events)) == 0
    assert store.count_events() == 5
    assert len(store.event_actors()) == 10


def test_a_rerun_after_a_crash_adds_only_what_was_missing(tmp_path):
    path = tmp_path / "events.duckdb"
    events = [make_event(sentence=i) for i in range(7)]
    with EventStore.open(path) as store:
        store.add_events(events[:3])  # the run "crashed" after the first batch
    with EventStore.open(path) as store:
        assert store.add_events(events, batch_size=2) == 4
        assert store.count_events() == 7


def test_a_failed_batch_leaves_earlier_batches_stored_and_nothing_half_written(store):
    good = [make_event(sentence=i) for i in range(4)]
    bad = make_event(sentence=9)
    bad.modality = "rumoured"
    with pytest.raises(RecordError, match="modality"):
        store.add_events([*good, bad, make_event(sentence=10)], batch_size=2)
    assert store.count_events() == 4
    assert len(store.event_actors()) == 8


def test_an_event_seen_twice_in_one_batch_is_stored_once(store):
    assert store.add_events([make_event(), make_event()]) == 1
    assert store.count_events() == 1


def test_a_recoded_event_replaces_the_stored_one(store):
    store.add_events([make_event(modality="hypothetical")])
    assert store.add_events([make_event(modality="asserted")]) == 1
    df = store.events()
    assert len(df) == 1 and df.iloc[0]["modality"] == "asserted"
    assert len(store.event_actors()) == 2


def test_events_from_jsonl_records_store_like_event_objects(store):
    event = make_event()
    record = json.loads(json.dumps(event.to_dict()))
    assert store.add_events([record]) == 1
    assert store.add_events([event]) == 0


def test_compound_actors_are_kept_in_event_actors_and_expanded_to_dyads(store):
    event = make_event(source=["USA", "JPN"], target="CHN", code="111")
    store.add_events([event])
    actors = store.event_actors(event.id)
    assert list(actors["role"]) == ["source", "source", "target"]
    assert list(actors["country"]) == ["USA", "JPN", "CHN"]
    assert list(actors["name"]) == ["Donald Trump", "Sanae Takaichi", "Xi Jinping"]
    assert set(store.events().iloc[0]["dyads"]) == {"USA-CHN", "JPN-CHN"}
    assert len(store.events(dyad="JPN-CHN")) == 1
    assert len(store.events(dyad=("USA", "CHN"))) == 1


def test_events_can_be_filtered_by_directed_dyad_dates_and_modality(store):
    store.add_events(
        [
            make_event("a", day=date(2025, 10, 1), source="CHN", target="JPN", code="111"),
            make_event("b", day=date(2025, 10, 15), source="CHN", target="JPN", code="163"),
            make_event("c", day=date(2025, 11, 1), source="JPN", target="CHN", code="111"),
            make_event(
                "d", day=date(2025, 11, 2), source="CHN", target="JPN", modality="hypothetical"
            ),
        ]
    )
    assert list(store.events(dyad="CHN-JPN")["doc_id"]) == ["a", "b", "d"]
    assert list(store.events(dyad="chn-jpn", asserted_only=True)["doc_id"]) == ["a", "b"]
    assert list(store.events(dyad="JPN-CHN")["doc_id"]) == ["c"]
    assert list(store.events(since="2025-10-15", until=date(2025, 11, 1))["doc_id"]) == ["b", "c"]
    assert store.count_events() == 4
    assert store.count_events(asserted_only=True) == 3


def test_articles_are_upserted_by_id_and_fill_in_event_dates_and_outlets(store):
    article = Article(
        id="doc-1",
        text="Body.",
        title="Trump calls Xi",
        date=date(2025, 11, 26),
        url="https://meridianwire.example.com/x",
        outlet="Meridian Wire",
    )
    assert store.add_articles([article]) == 1
    assert store.add_articles([article]) == 0
    article.title = "Trump calls Xi, then Takaichi"
    assert store.add_articles([article]) == 1
    assert store.count_articles() == 1
    assert store.articles().iloc[0]["title"] == "Trump calls Xi, then Takaichi"

    store.add_events([make_event("doc-1", day=None)])
    row = store.events().iloc[0]
    assert row["outlet"] == "Meridian Wire"
    assert row["url"] == "https://meridianwire.example.com/x"
    assert str(row["date"])[:10] == "2025-11-26"


def test_article_records_from_extract_output_can_be_stored(store):
    records = [
        {"id": "a1", "title": "T", "text": "Body", "date": "2025-10-01", "outlet": "Harbour Times"},
        {"path": "pages/a2.html", "title": "T2", "text": "Body 2", "date": None},
    ]
    assert store.add_articles(records) == 2
    assert set(store.articles()["id"]) == {"a1", "pages/a2.html"}


def test_the_store_survives_closing_and_reopening(tmp_path):
    path = tmp_path / "events.duckdb"
    with EventStore.open(path) as store:
        store.add_events([make_event(sentence=i) for i in range(3)])
    with EventStore.open(path, read_only=True) as store:
        assert store.count_events() == 3
        assert store.schema_version == SCHEMA_VERSION


def test_a_store_from_a_newer_flashpoint_is_refused(tmp_path):
    path = tmp_path / "events.duckdb"
    EventStore.open(path).close()
    con = duckdb.connect(str(path))
    con.execute("INSERT INTO schema_version (version) VALUES (?)", [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(StoreError, match="newer"):
        EventStore.open(path)


def test_many_events_are_stored_in_batches(store):
    events = [make_event(f"doc-{i // 10}", i % 10) for i in range(2500)]
    assert store.add_events(iter(events), batch_size=1000) == 2500
    assert store.count_events() == 2500
    assert store.add_events(events, batch_size=1000) == 0


def test_recoding_a_document_replaces_its_events_and_drops_stale_ones(store):
    old = [make_event("doc-1", 0), make_event("doc-1", 1, code="111"), make_event("doc-2", 0)]
    store.add_events(old)
    article = Article(id="doc-1", text="Body.", date=date(2025, 11, 26), outlet="Harbour Times")
    recoded = [make_event("doc-1", 0), make_event("doc-1", 2, code="163")]
    assert store.replace_document(article, recoded) == 1
    assert sorted(store.events(doc_id="doc-1")["sentence_index"]) == [0, 2]
    assert len(store.events(doc_id="doc-2")) == 1
    assert set(store.event_actors()["event_id"]) == set(store.events()["id"])
    assert store.count_articles() == 1


def test_a_failed_recoding_leaves_the_document_as_it_was(store):
    store.add_events([make_event("doc-1", 0), make_event("doc-1", 1)])
    bad = make_event("doc-1", 5)
    bad.modality = "rumoured"
    article = Article(id="doc-1", text="Body.")
    with pytest.raises(RecordError):
        store.replace_document(article, [make_event("doc-1", 0), bad])
    assert sorted(store.events(doc_id="doc-1")["sentence_index"]) == [0, 1]
    assert store.count_articles() == 0


def test_a_document_can_be_deleted_with_its_events(store):
    store.add_articles([Article(id="doc-1", text="Body.")])
    store.add_events([make_event("doc-1", 0), make_event("doc-1", 1), make_event("doc-2", 0)])
    assert store.delete_document("doc-1") == 2
    assert store.count_articles() == 0
    assert list(store.events()["doc_id"]) == ["doc-2"]
    assert len(store.event_actors()) == 2
