"""Exports leave in the field's formats and come back: export then import gives the same
events, on DuckDB and on PostgreSQL."""

from __future__ import annotations

import csv
import json
from datetime import date

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pyarrow.types as pa_types
import pytest

from flashpoint.model import Actor, Article, Location
from flashpoint.store import EventStore
from flashpoint.store.exports import (
    CSV_EXPORT_COLUMNS,
    GDELT_EVENT_COLUMNS,
    GDELT_MENTION_COLUMNS,
    detect_format,
    export_events,
    gdelt_event_id,
    import_file,
)
from flashpoint.store.testing import store_location
from tests.test_store import ACTORS, make_event

BACKENDS = ["duckdb", "postgres"]


@pytest.fixture(params=BACKENDS)
def backend(request):
    return request.param


@pytest.fixture
def location(backend, tmp_path):
    yield from store_location(backend, tmp_path / "a")


@pytest.fixture
def other(backend, tmp_path):
    yield from store_location(backend, tmp_path / "b")


@pytest.fixture
def store(location):
    ACTORS["MED"] = Actor("Chinese state media", None, "CHNMED", "CHN", "MED", "agent")
    ACTORS["UNO"] = Actor("the United Nations", "United Nations", "UNO", "UNO", None, "organisation")
    with EventStore.open(location) as s:
        s.add_articles(
            [
                Article(id="a", text=".", date=date(2025, 11, 7), outlet="Harbour Times",
                        url="https://harbourtimes.example.com/a"),
                Article(id="b", text=".", date=date(2025, 11, 20), outlet="Meridian Wire"),
            ],
            stories={"a": "s1", "b": "s1"},
        )  # fmt: skip
        s.add_events(
            [
                make_event("a", 0, source="CHN", target="JPN", code="111",
                           location=Location("Tokyo", "JPN", 35.68, 139.69, 1850147, "city"),
                           reported_by=["Wall Street Journal"], attributed_to=["officials"]),
                make_event("a", 1, source=["USA", "JPN"], target=["CHN", "PHL"], code="041",
                           text="Trump and Takaichi spoke by phone with Xi and Manila.",
                           trigger="spoke by phone"),
                make_event("a", 2, source="MED", target="JPN", code="163", day=None),
                make_event("b", 0, source="CHNMIL", target="PHL", code="190",
                           modality="hypothetical", text="The Chinese navy could blockade Manila.",
                           trigger="blockade"),
                make_event("b", 1, source="UNO", target=[], code="190", modality="asserted",
                           text="The United Nations used force.", trigger="used force"),
            ]
        )  # fmt: skip
        yield s


def records(store: EventStore) -> list[dict]:
    return sorted(store.event_records(), key=lambda r: r["id"])


@pytest.mark.parametrize(
    ("fmt", "name", "partition"),
    [
        ("jsonl", "events.jsonl", None),
        ("jsonl", "events.jsonl.gz", None),
        ("csv", "events.csv", None),
        ("parquet", "events.parquet", None),
        ("parquet", "events", "month"),
        ("parquet", "events", "day"),
    ],
)
def test_export_then_import_gives_the_same_events(store, other, tmp_path, fmt, name, partition):
    out = tmp_path / name
    assert export_events(store, fmt, out, partition=partition) == 5
    assert detect_format(out) == fmt
    with EventStore.open(other) as fresh:
        assert import_file(fresh, out) == (5, 5)
        assert records(fresh) == records(store)
        assert import_file(fresh, out) == (5, 0)  # importing twice adds nothing


def test_plover_export_maps_media_to_journalists_and_imports_back(store, other, tmp_path):
    out = tmp_path / "events.plover.jsonl"
    assert export_events(store, "plover", out) == 3  # events without a PLOVER type stay out
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    by_type = {e["event_type"]: e for e in lines}
    assert set(by_type) == {"ACCUSE", "CONSULT", "SANCTION"}
    sanction = by_type["SANCTION"]
    assert sanction["actor"][0]["sector"] == "JRN" and sanction["actor"][0]["code"] == "CHN"
    assert sanction["date"] == "2025-11-07"  # from the article
    consult = by_type["CONSULT"]
    assert [a["code"] for a in consult["actor"]] == ["USA", "JPN"]
    assert [a["cameo_code"] for a in consult["recipient"]] == ["CHNGOV", "PHLGOV"]
    assert consult["mode"] == "phone" and consult["story_id"] == "s1"
    with EventStore.open(other) as fresh:
        assert import_file(fresh, out) == (3, 3)
        exported = {e["id"] for e in lines}
        assert records(fresh) == [r for r in records(store) if r["id"] in exported]


def test_gdelt_export_has_the_61_and_16_columns_and_expands_dyads(store, tmp_path):
    events, mentions = tmp_path / "flashpoint.export.tsv", tmp_path / "flashpoint.mentions.tsv"
    # asserted events only: 1 + 4 (two sources x two targets) + 1 + 1 = 7 rows
    assert export_events(store, "gdelt", events, mentions=mentions) == 7
    rows = [dict(zip(GDELT_EVENT_COLUMNS, line.split("\t"), strict=True))
            for line in events.read_text().splitlines()]  # fmt: skip
    ments = [dict(zip(GDELT_MENTION_COLUMNS, line.split("\t"), strict=True))
             for line in mentions.read_text().splitlines()]  # fmt: skip
    assert len(rows) == len(ments) == 7
    assert all(r["GLOBALEVENTID"] == m["GLOBALEVENTID"] for r, m in zip(rows, ments, strict=True))
    accuse = next(r for r in rows if r["EventCode"] == "111")
    assert (accuse["Actor1Code"], accuse["Actor1CountryCode"], accuse["Actor1Type1Code"]) == (
        "CHNGOV", "CHN", "GOV",
    )  # fmt: skip
    assert (accuse["SQLDATE"], accuse["MonthYear"], accuse["Year"]) == ("20251125", "202511", "2025")
    assert (accuse["EventBaseCode"], accuse["EventRootCode"], accuse["QuadClass"]) == ("111", "11", "3")
    assert accuse["GoldsteinScale"] == "-2.0" and accuse["IsRootEvent"] == "1"
    assert (accuse["ActionGeo_Type"], accuse["ActionGeo_FullName"]) == ("4", "Tokyo")
    assert (accuse["ActionGeo_Lat"], accuse["ActionGeo_FeatureID"]) == ("35.68", "1850147")
    assert accuse["SOURCEURL"] == "https://harbourtimes.example.com/a"
    assert accuse["DATEADDED"] == "20251125000000"
    consult = [r for r in rows if r["EventCode"] == "041"]
    assert {(r["Actor1CountryCode"], r["Actor2CountryCode"]) for r in consult} == {
        ("USA", "CHN"), ("USA", "PHL"), ("JPN", "CHN"), ("JPN", "PHL"),
    }  # fmt: skip
    un = next(r for r in rows if r["Actor1Code"] == "UNO")
    assert (un["Actor1CountryCode"], un["Actor1KnownGroupCode"], un["Actor2Code"]) == ("", "UNO", "")
    assert un["SOURCEURL"] == "b"  # no URL: the document id
    mention = next(m for m, r in zip(ments, rows, strict=True) if r["EventCode"] == "111")
    extras = json.loads(mention["Extras"])
    assert extras["modality"] == "asserted" and extras["doc_id"] == "a"
    assert mention["SentenceID"] == "1" and mention["Confidence"] == "80"
    assert mention["ActionCharOffset"] == "16"  # "spoke by phone", 6 characters into the sentence
    assert mention["Actor1CharOffset"] == "-1"  # the actor text is not in the sentence
    assert mention["MentionSourceName"] == "Harbour Times"
    assert int(accuse["GLOBALEVENTID"]) == gdelt_event_id(extras["flashpoint_id"], 0)


def test_gdelt_exports_are_a_fixed_point_of_import_then_export(store, other, tmp_path):
    first = tmp_path / "one.export.tsv"
    export_events(store, "gdelt", first, mentions=tmp_path / "one.mentions.tsv", all_modalities=True)
    with EventStore.open(other) as fresh:
        read, written = import_file(fresh, first)  # finds one.mentions.tsv beside it
        assert read == written == 5
        imported = {r["id"]: r for r in fresh.event_records()}
        original = {r["id"]: r for r in store.event_records()}
        assert imported.keys() == original.keys()
        compound = next(r for r in imported.values() if r["cameo"]["code"] == "041")
        assert [a["code"] for a in compound["source"]] == ["USAGOV", "JPNGOV"]
        assert [a["code"] for a in compound["target"]] == ["CHNGOV", "PHLGOV"]
        assert imported[compound["id"]]["modality"] == "asserted"
        hypothetical = next(r for r in imported.values() if r["cameo"]["code"] == "190"
                            and r["source"][0]["code"] == "CHNMIL")  # fmt: skip
        assert hypothetical["modality"] == "hypothetical"
        second = tmp_path / "two.export.tsv"
        export_events(fresh, "gdelt", second, mentions=tmp_path / "two.mentions.tsv",
                      all_modalities=True)  # fmt: skip
    assert second.read_text() == first.read_text()
    # GDELT keeps no evidence sentence, so the character offsets of the mentions cannot come back
    def masked(path):
        rows = [line.split("\t") for line in path.read_text().splitlines()]
        return [row[:7] + row[10:] for row in rows]

    assert masked(tmp_path / "two.mentions.tsv") == masked(tmp_path / "one.mentions.tsv")


def test_exports_take_the_query_filters(store, tmp_path):
    out = tmp_path / "conflict.jsonl"
    assert export_events(store, "jsonl", out, quad_class=[3, 4], asserted_only=True) == 3
    codes = sorted(json.loads(line)["cameo"]["code"] for line in out.read_text().splitlines())
    assert codes == ["111", "163", "190"]


def test_csv_export_has_the_code_command_columns_then_story_and_record(store, tmp_path):
    out = tmp_path / "events.csv"
    export_events(store, "csv", out, dyad="CHN-JPN")
    with open(out, newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == CSV_EXPORT_COLUMNS
    assert {r["story_id"] for r in rows} == {"s1"}
    assert [r["source_code"] for r in rows] == ["CHNMED", "CHNGOV"]  # by date: the article's first


def test_a_flat_csv_without_records_imports_what_it_holds(store, other, tmp_path):
    out, flat = tmp_path / "events.csv", tmp_path / "flat.csv"
    export_events(store, "csv", out)
    with open(out, newline="") as fh, open(flat, "w", newline="") as fw:
        reader = csv.DictReader(fh)
        writer = csv.DictWriter(fw, fieldnames=[c for c in reader.fieldnames if c != "record"])
        writer.writeheader()
        for row in reader:
            row.pop("record")
            writer.writerow(row)
    with EventStore.open(other) as fresh:
        assert import_file(fresh, flat, "csv") == (5, 5)
        got = {r["id"]: r for r in fresh.event_records()}
        for want in store.event_records():
            r = got[want["id"]]
            assert [a["code"] for a in r["source"]] == [a["code"] for a in want["source"]]
            assert [a["sector"] for a in r["source"]] == [a["sector"] for a in want["source"]]
            assert r["cameo"] == want["cameo"] and r["modality"] == want["modality"]
            assert r["evidence"] == want["evidence"]


def test_partitioned_parquet_is_laid_out_by_date(store, tmp_path):
    out = tmp_path / "events"
    export_events(store, "parquet", out, partition="month")
    assert (out / "year=2025" / "month=11").is_dir()
    table = ds.dataset(out, format="parquet", partitioning="hive").to_table()
    assert table.num_rows == 5
    single = tmp_path / "one.parquet"
    export_events(store, "parquet", single)
    schema = pq.read_schema(single)
    assert str(schema.field("date").type) == "date32[day]"
    assert pa_types.is_list(schema.field("dyads").type)


def test_an_empty_export_is_still_a_valid_file(store, tmp_path):
    out = tmp_path / "none.parquet"
    assert export_events(store, "parquet", out, dyad="XXX-YYY") == 0
    assert pq.read_table(out).num_rows == 0


def test_a_plover_file_from_elsewhere_is_refused_with_the_reason(tmp_path, store):
    gold = tmp_path / "gold.jsonl"
    gold.write_text(json.dumps({"id": "x", "event_type": "AGREE", "actor": []}) + "\n")
    with pytest.raises(ValueError, match="CAMEO"):
        import_file(store, gold)
