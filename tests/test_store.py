"""The event store keeps articles, stories and events once each, queryable by dyad, date, actor,
code, modality, story, outlet and text. Every test runs on DuckDB (a real file) and on a real
PostgreSQL server started for the session (``flashpoint.store.testing``)."""

from __future__ import annotations

import json
from datetime import date

import duckdb
import pandas as pd
import pyarrow as pa
import pytest

from flashpoint.model import Actor, Article, CameoCode, Event, Evidence, Location, Plover
from flashpoint.store import SCHEMA_VERSION, EventStore, RecordError, StoreError, open_store
from flashpoint.store.schema import ACTOR_COLUMNS, ARTICLE_COLUMNS, EVENT_COLUMNS, columns_ddl
from flashpoint.store.testing import store_location

BACKENDS = ["duckdb", "postgres"]

ACTORS = {
    "USA": Actor("US President Donald Trump", "Donald Trump", "USAGOV", "USA", "GOV", "person"),
    "CHN": Actor("Chinese President Xi Jinping", "Xi Jinping", "CHNGOV", "CHN", "GOV", "person"),
    "JPN": Actor(
        "Prime Minister Sanae Takaichi", "Sanae Takaichi", "JPNGOV", "JPN", "GOV", "person"
    ),
    "PHL": Actor("Manila", None, "PHLGOV", "PHL", "GOV", "capital"),
    "CHNMIL": Actor("the Chinese navy", None, "CHNMIL", "CHN", "MIL", "agent"),
}
CODES = {
    "041": CameoCode("041", "Discuss by telephone", 1.0, 1),
    "111": CameoCode("111", "Criticize or denounce", -2.0, 3),
    "163": CameoCode("163", "Impose embargo, boycott, or sanctions", -8.0, 4),
    "190": CameoCode("190", "Use conventional military force", -10.0, 4),
}
PLOVER = {"041": Plover("CONSULT", "phone"), "111": Plover("ACCUSE"), "163": Plover("SANCTION")}


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
        plover=PLOVER.get(code),
        modality=modality,
        evidence=Evidence(text, 10, 10 + len(text), trigger),
        confidence=0.8,
        rule="lexicon.tsv:12",
        **extra,
    )


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture
def location(backend, tmp_path):
    yield from store_location(backend, tmp_path)


@pytest.fixture
def store(location):
    with EventStore.open(location) as s:
        yield s


def test_opening_a_new_store_creates_the_schema_with_its_version(location):
    with EventStore.open(location) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert store.count_events() == 0
        tables = set(
            store.query(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = current_schema()"
            )["table_name"]
        )
    expected = {"schema_version", "articles", "stories", "events", "event_actors", "ingested"}
    assert expected | {"event_rows", "actors"} <= tables


def test_a_new_duckdb_file_is_created_with_its_folders(tmp_path):
    path = tmp_path / "nested" / "events.duckdb"
    EventStore.open(path).close()
    assert path.exists()


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


def test_a_rerun_after_a_crash_adds_only_what_was_missing(location):
    path = location
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


def test_the_store_survives_closing_and_reopening(location):
    path = location
    with EventStore.open(path) as store:
        store.add_events([make_event(sentence=i) for i in range(3)])
    with EventStore.open(path, read_only=True) as store:
        assert store.count_events() == 3
        assert store.schema_version == SCHEMA_VERSION


def test_a_store_from_a_newer_flashpoint_is_refused(location):
    with EventStore.open(location) as store:
        store._execute("INSERT INTO schema_version (version) VALUES (?)", [SCHEMA_VERSION + 1])
    with pytest.raises(StoreError, match="newer"):
        EventStore.open(location)


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


# -- stories --------------------------------------------------------------------------------


def test_articles_carry_their_story_and_set_story_moves_them(store):
    store.add_articles(
        [
            {"id": "a1", "text": "x", "date": "2025-11-20", "outlet": "Harbour Times", "story_id": "s1"},
            {"id": "a2", "text": "y", "date": "2025-11-21", "outlet": "Meridian Wire"},
            Article(id="a3", text="z", date=date(2025, 11, 22), outlet="Meridian Wire"),
        ],
        stories={"a2": "s1"},
    )
    store.add_events([make_event("a1", 0), make_event("a2", 0), make_event("a3", 0)])
    assert list(store.articles()["story_id"].fillna("-")) == ["s1", "s1", "-"]
    store.set_story("a3", "s2")
    stories = store.stories()
    assert list(stories["story_id"]) == ["s1", "s2"]
    assert list(stories["articles"]) == [2, 1]
    assert list(stories["outlets"]) == [2, 1]
    assert list(stories["events"]) == [2, 1]
    assert sorted(store.events(story="s1")["doc_id"]) == ["a1", "a2"]
    store.set_story("a1", "s2")
    store.set_story("a2", None)
    assert sorted(store.events(story="s2")["doc_id"]) == ["a1", "a3"]
    assert store.events(story="s1").empty
    assert set(store.articles(story="s2")["id"]) == {"a1", "a3"}


# -- filters and queries -------------------------------------------------------------------


@pytest.fixture
def crisis(store):
    store.add_articles(
        [
            Article(id="a", text=".", date=date(2025, 10, 1), outlet="Harbour Times"),
            Article(id="b", text=".", date=date(2025, 10, 15), outlet="Meridian Wire"),
            Article(id="c", text=".", date=date(2025, 11, 1), outlet="Harbour Times"),
        ],
        stories={"a": "s1", "b": "s1", "c": "s2"},
    )
    store.add_events(
        [
            make_event("a", 0, day=date(2025, 10, 1), source="CHN", target="JPN", code="111",
                       text="China denounced Japan's remarks.", trigger="denounced"),
            make_event("b", 0, day=date(2025, 10, 15), source="CHN", target="JPN", code="163",
                       text="Beijing imposed curbs on seafood.", trigger="imposed curbs"),
            make_event("b", 1, day=date(2025, 10, 16), source=["USA", "JPN"], target="CHN",
                       code="041"),
            make_event("c", 0, day=date(2025, 11, 1), source="CHNMIL", target="PHL", code="190",
                       modality="hypothetical", text="A blockade could follow.", trigger="blockade"),
        ]
    )  # fmt: skip
    return store


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, ["a0", "b0", "b1", "c0"]),
        ({"actor": "JPN"}, ["a0", "b0", "b1"]),
        ({"actor": "CHNMIL"}, ["c0"]),
        ({"actor": "PHL,USA"}, ["b1", "c0"]),
        ({"source": "JPN"}, ["b1"]),
        ({"target": ["JPN"]}, ["a0", "b0"]),
        ({"dyad": "CHN-JPN"}, ["a0", "b0"]),
        ({"dyad": "JPN-CHN"}, ["b1"]),
        ({"cameo": "11"}, ["a0"]),
        ({"cameo": "163"}, ["b0"]),
        ({"cameo": ["19", "041"]}, ["b1", "c0"]),
        ({"plover": "sanction"}, ["b0"]),
        ({"quad_class": 4}, ["b0", "c0"]),
        ({"quad_class": [1, 3]}, ["a0", "b1"]),
        ({"modality": "hypothetical"}, ["c0"]),
        ({"asserted_only": True}, ["a0", "b0", "b1"]),
        ({"story": "s1"}, ["a0", "b0", "b1"]),
        ({"outlet": "Harbour Times"}, ["a0", "c0"]),
        ({"text": "SEAFOOD"}, ["b0"]),
        ({"text": "blockade"}, ["c0"]),
        ({"since": "2025-10-15", "until": "2025-10-31"}, ["b0", "b1"]),
        ({"actor": "CHN", "quad_class": 4, "asserted_only": True}, ["b0"]),
        ({"text": "100%"}, []),
    ],
)
def test_events_can_be_filtered_every_way_the_query_command_offers(crisis, filters, expected):
    df = crisis.events(**filters)
    assert [f"{d}{s}" for d, s in zip(df["doc_id"], df["sentence_index"], strict=True)] == expected
    assert crisis.count_events(**filters) == len(expected)


def test_an_unknown_modality_is_refused(crisis):
    with pytest.raises(ValueError, match="modality"):
        crisis.events(modality="rumoured")


def test_events_page_through_in_the_order_asked(crisis):
    newest = crisis.events(order="-date", limit=2)
    assert list(newest["doc_id"]) == ["c", "b"]
    assert list(crisis.events(order="-date", limit=2, offset=2)["doc_id"]) == ["b", "a"]
    assert list(crisis.events(order="goldstein", limit=1)["cameo_code"]) == ["190"]


def test_results_come_as_pandas_polars_or_arrow(crisis):
    assert isinstance(crisis.events(), pd.DataFrame)
    table = crisis.events(as_="arrow", dyad="CHN-JPN")
    assert isinstance(table, pa.Table) and table.num_rows == 2
    pl = pytest.importorskip("polars")
    frame = crisis.events(as_="polars")
    assert isinstance(frame, pl.DataFrame) and frame.height == 4
    assert frame["dyads"].to_list()[2] == ["USA-CHN", "JPN-CHN"]
    with pytest.raises(ValueError, match="result type"):
        crisis.events(as_="excel")


def test_a_dyad_series_counts_events_per_week_by_quad_class(crisis):
    series = crisis.dyad_series("CHN-JPN", freq="week", asserted_only=False)
    assert [str(p)[:10] for p in series["period"]] == ["2025-09-29", "2025-10-13"]
    assert list(series["dyad"]) == ["CHN-JPN", "CHN-JPN"]
    assert list(series["events"]) == [1, 1]
    assert list(series["q3"]) == [1, 0] and list(series["q4"]) == [0, 1]
    assert list(series["goldstein"]) == [-2.0, -8.0]
    monthly = crisis.dyad_series(freq="month", asserted_only=True)
    assert list(monthly["dyad"]) == ["CHN-JPN", "JPN-CHN", "USA-CHN"]
    assert list(monthly["events"]) == [2, 1, 1]
    assert crisis.dyad_series("CHN-PHL").empty
    assert len(crisis.dyad_series("CHN-PHL", asserted_only=False)) == 1
    with pytest.raises(ValueError, match="frequency"):
        crisis.dyad_series(freq="fortnight")


def test_actors_and_their_links_are_listed(crisis):
    actors = crisis.actors().set_index("code")
    assert actors.loc["CHNGOV", "events"] == 3
    assert actors.loc["CHNGOV", "as_source"] == 2 and actors.loc["CHNGOV", "as_target"] == 1
    assert actors.loc["CHNMIL", "sector"] == "MIL"


def test_raw_sql_uses_question_mark_placeholders_on_both_backends(crisis):
    df = crisis.query(
        "SELECT doc_id, count(*) AS n FROM events WHERE cameo_root = ? AND trigger LIKE '%' "
        "GROUP BY doc_id ORDER BY doc_id",
        ["16"],
    )
    assert df.to_dict("records") == [{"doc_id": "b", "n": 1}]


def test_event_records_stream_back_exactly_as_stored(crisis):
    records = list(crisis.event_records(dyad="CHN-JPN"))
    assert [r["doc_id"] for r in records] == ["a", "b"]
    stored = crisis.events(dyad="CHN-JPN")
    assert [json.loads(r) for r in stored["record"]] == records


def test_an_article_added_after_its_events_fills_in_their_date(store):
    store.add_events([make_event("late", 0, day=None)])
    assert store.events(since="2025-01-01").empty
    store.add_articles([Article(id="late", text=".", date=date(2025, 12, 1))])
    assert len(store.events(since="2025-12-01", until="2025-12-01")) == 1
    store.add_articles([Article(id="late", text=".", date=date(2025, 12, 2))])
    assert str(store.events().iloc[0]["date"])[:10] == "2025-12-02"


# -- documents in batches, resumable ingestion ------------------------------------------------


def test_documents_are_stored_and_marked_ingested_in_one_transaction(store):
    docs = [
        (Article(id=f"d{i}", text=f"text {i}", date=date(2025, 11, 1)), [make_event(f"d{i}", 0)])
        for i in range(3)
    ]
    hashes = {f"d{i}": (f"h{i}", "corpus.jsonl") for i in range(3)}
    assert store.store_documents(docs, ingested=hashes) == 3
    assert store.ingested() == {"d0": "h0", "d1": "h1", "d2": "h2"}
    bad = make_event("d4", 0)
    bad.modality = "rumoured"
    with pytest.raises(RecordError):
        store.store_documents(
            [(Article(id="d3", text="t"), [make_event("d3", 0)]), (Article(id="d4", text="t"), [bad])],
            ingested={"d3": ("h3", None), "d4": ("h4", None)},
        )
    assert set(store.ingested()) == {"d0", "d1", "d2"}
    assert store.count_articles() == 3 and store.count_events() == 3
    assert store.store_documents(docs, ingested=hashes) == 0


def test_deleting_a_document_forgets_that_it_was_ingested(store):
    store.store_documents([(Article(id="d", text="t"), [make_event("d", 0)])], ingested={"d": ("h", None)})
    store.set_story("d", "s")
    assert store.delete_document("d") == 1
    assert store.ingested() == {} and store.stories().empty


# -- opening and migrating -------------------------------------------------------------------


def test_open_store_picks_the_backend_from_the_name(location, monkeypatch, tmp_path):
    with open_store(location) as store:
        assert store.dialect == ("postgres" if location.startswith("postgresql://") else "duckdb")
    monkeypatch.setenv("FLASHPOINT_DB", location)
    with open_store() as store:
        store.add_events([make_event()])
    with open_store(location) as store:
        assert store.count_events() == 1
    monkeypatch.delenv("FLASHPOINT_DB")
    monkeypatch.chdir(tmp_path)
    open_store().close()
    assert (tmp_path / "flashpoint.duckdb").exists()


def test_a_read_only_store_reads_but_does_not_write(location):
    with EventStore.open(location) as store:
        store.add_events([make_event()])
    with EventStore.open(location, read_only=True) as store:
        assert store.count_events() == 1
        with pytest.raises(Exception):  # noqa: B017 - each database raises its own error
            store.add_events([make_event(sentence=2)])


def test_a_missing_or_unreachable_store_is_a_store_error(tmp_path):
    with pytest.raises(StoreError, match="no such store"):
        EventStore.open(tmp_path / "missing.duckdb", read_only=True)
    with pytest.raises(StoreError, match="cannot connect"):
        EventStore.open("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2")


def _version_1_store(store: EventStore) -> None:
    """Rebuild ``store`` as the first released schema (version 1), with an article and an
    undated event in it."""
    for statement in ["DROP VIEW IF EXISTS event_rows", "DROP VIEW IF EXISTS actors"] + [
        f"DROP TABLE IF EXISTS {t}"
        for t in ("schema_version", "articles", "stories", "events", "event_actors", "ingested")
    ]:
        store._execute(statement)
    d = store.dialect
    store._execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    store._execute("INSERT INTO schema_version VALUES (1)")
    store._execute(f"CREATE TABLE articles ({columns_ddl(ARTICLE_COLUMNS, d)}, PRIMARY KEY (id))")
    store._execute(f"CREATE TABLE events ({columns_ddl(EVENT_COLUMNS, d)}, PRIMARY KEY (id))")
    store._execute(f"CREATE TABLE event_actors ({columns_ddl(ACTOR_COLUMNS, d)})")
    store._execute("INSERT INTO articles (id, date, text) VALUES ('old', DATE '2025-06-01', 'x')")
    record = make_event("old", 0, day=None).to_dict()
    store._execute(
        "INSERT INTO events (id, doc_id, sentence_index, dyads, cameo_code, modality, record) "
        "VALUES (?, 'old', 0, ?, '041', 'asserted', ?)",
        [record["id"], ["USA-CHN"], json.dumps(record)],
    )
    store._execute(
        "INSERT INTO event_actors (event_id, role, position, code, country) VALUES "
        "(?, 'source', 0, 'USAGOV', 'USA'), (?, 'target', 0, 'CHNGOV', 'CHN')",
        [record["id"], record["id"]],
    )
    store._execute(
        "CREATE VIEW event_rows AS SELECT e.*, a.outlet AS article_outlet FROM events AS e "
        "LEFT JOIN articles AS a ON a.id = e.doc_id"
    )


def test_a_version_1_store_is_migrated_on_open(location):
    with EventStore.open(location) as store:
        _version_1_store(store)
        assert store.schema_version == 1
    with EventStore.open(location) as store:
        assert store.schema_version == SCHEMA_VERSION
        assert list(store.query("SELECT version FROM schema_version ORDER BY version")["version"]) == [1, 2]
        row = store.events(since="2025-06-01").iloc[0]
        assert row["doc_id"] == "old" and str(row["date"])[:10] == "2025-06-01"
        store.set_story("old", "s")
        assert store.count_events(story="s") == 1
        assert store.count_events(source="USAGOV", target="CHN") == 1
        assert store.count_events(actor="JPN") == 0


def test_a_read_only_open_of_an_old_store_asks_for_a_migration(tmp_path):
    path = tmp_path / "old.duckdb"
    with EventStore.open(path) as store:
        _version_1_store(store)
    with pytest.raises(StoreError, match="migrating"):
        EventStore.open(path, read_only=True)


def test_duckdb_files_are_plain_duckdb_databases(tmp_path):
    path = tmp_path / "events.duckdb"
    with EventStore.open(path) as store:
        store.add_events([make_event()])
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT count(*) FROM event_rows").fetchone()[0] == 1
    con.close()
