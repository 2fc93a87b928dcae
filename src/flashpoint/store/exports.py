"""Exports and imports in the formats the field uses. Every column is documented in
``docs/formats.md``.

Exports read the store through the filters of ``EventStore.events`` and stream, so a store of
any size leaves in constant memory:

- ``jsonl``: flashpoint's event record (DESIGN.md), one a line. Lossless.
- ``csv``: the flat columns of ``flashpoint code --format csv``, plus ``story_id`` and the full
  ``record`` (JSON), so the file imports back losslessly.
- ``parquet``: the ``event_rows`` columns (typed: dates, lists, numbers) plus ``record``; one
  file, or a folder partitioned by date (``year=2025/month=11/...``, hive style). Lossless.
- ``plover``: PLOVER-style JSON events (``event_type``, ``mode``, ``actor``, ``recipient``, ...),
  each carrying flashpoint's record under ``"flashpoint"``. Lossless; events without a PLOVER
  type are left out.
- ``gdelt``: the 61 tab-separated columns of a GDELT 2.0 event file (``*.export.CSV``), compound
  actors expanded to one row per dyad, and optionally the 16 columns of its mentions table.
  GDELT has no modality, evidence or attribution, so only asserted events go out by default and
  an import gets back what the two tables hold (see ``docs/formats.md``).

Imports (``import_file``) read any of these back into a store, idempotently: importing twice
adds nothing.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date as Date
from pathlib import Path
from typing import IO, Any

import pyarrow as pa

from flashpoint.export import CSV_COLUMNS, flat_row
from flashpoint.store.base import EventStore, chunks
from flashpoint.store.duckdb_store import arrow_schema
from flashpoint.store.rows import as_date
from flashpoint.store.schema import EVENT_COLUMNS

EXPORT_FORMATS = ("jsonl", "csv", "parquet", "plover", "gdelt")
IMPORT_FORMATS = ("auto", "jsonl", "csv", "parquet", "plover", "gdelt")

CSV_EXPORT_COLUMNS = [*CSV_COLUMNS, "story_id", "record"]
ROW_SCHEMA = arrow_schema([*EVENT_COLUMNS, ("story_id", "VARCHAR")])

# -- GDELT 2.0 -------------------------------------------------------------------------------

_ACTOR_FIELDS = [
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
]  # fmt: skip
_GEO_FIELDS = [
    "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID",
]  # fmt: skip
GDELT_EVENT_COLUMNS = (
    ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]
    + [f"Actor1{f}" for f in _ACTOR_FIELDS]
    + [f"Actor2{f}" for f in _ACTOR_FIELDS]
    + ["IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
       "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone"]
    + [f"Actor1Geo_{f}" for f in _GEO_FIELDS]
    + [f"Actor2Geo_{f}" for f in _GEO_FIELDS]
    + [f"ActionGeo_{f}" for f in _GEO_FIELDS]
    + ["DATEADDED", "SOURCEURL"]
)  # fmt: skip
GDELT_MENTION_COLUMNS = [
    "GLOBALEVENTID", "EventTimeDate", "MentionTimeDate", "MentionType", "MentionSourceName",
    "MentionIdentifier", "SentenceID", "Actor1CharOffset", "Actor2CharOffset",
    "ActionCharOffset", "InRawText", "Confidence", "MentionDocLen", "MentionDocTone",
    "MentionDocTranslationInfo", "Extras",
]  # fmt: skip
assert len(GDELT_EVENT_COLUMNS) == 61 and len(GDELT_MENTION_COLUMNS) == 16

# CAMEO group codes that stand in an actor's country field for non-state actors
KNOWN_GROUPS = {"IGO", "NGO", "IMG", "MNC", "UNO", "NAT", "IMF", "WBK", "WTO", "OPC", "ASN",
                "ARL", "AFB", "ICC", "ICR", "EEC", "EUR", "GCC", "SCO"}  # fmt: skip
# ActionGeo_Type from a location's resolution (GDELT: 1 country, 2 US state, 3 US city,
# 4 world city, 5 world state/province)
_GEO_TYPES = {"country": 1, "province": 5, "state": 5, "region": 5, "city": 4}
_GEO_RESOLUTIONS = {1: "country", 4: "city", 5: "province"}


def gdelt_quad_class(root: str | None, quad: int | None) -> int | None:
    """GDELT's QuadClass of a CAMEO root. GDELT files root 09 (investigate) under material
    cooperation and 14 (protest) under verbal conflict; otherwise it agrees with flashpoint."""
    if root == "09":
        return 2
    if root == "14":
        return 3
    return quad


def _flashpoint_quad(root: str | None) -> int | None:
    if not root or not root.isdigit():
        return None
    r = int(root)
    return 1 if r <= 5 else 2 if r <= 8 else 3 if r <= 13 else 4


def gdelt_event_id(event_id: str, pair: int) -> int:
    """A stable 60-bit integer for one dyad row of an event (GDELT's ids are integers)."""
    return int(hashlib.sha1(f"{event_id}:{pair}".encode()).hexdigest()[:15], 16)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value) if value != int(value) else f"{value:.1f}"
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def _offset(evidence: Mapping[str, Any], needle: str | None) -> int:
    """The character offset in the article of ``needle`` within the evidence sentence; -1."""
    text = evidence.get("text") or ""
    start = evidence.get("start")
    if not needle or start is None:
        return -1
    at = text.find(needle)
    return -1 if at < 0 else int(start) + at


def gdelt_rows(row: Mapping[str, Any]) -> Iterator[tuple[list[str], list[str]]]:
    """The GDELT event rows (one per source x target actor pair) and mention rows of one
    ``event_rows`` row."""
    record = json.loads(row["record"])
    when = row.get("date")
    day = as_date(when) if when is not None else None
    sources = record.get("source") or [{}]
    targets = record.get("target") or [{}]
    cameo = record.get("cameo") or {}
    code = str(cameo.get("code") or "")
    root = cameo.get("root") or code[:2]
    location = record.get("location") or {}
    evidence = record.get("evidence") or {}
    url = row.get("url") or record.get("url")
    stamp = day.strftime("%Y%m%d") + "000000" if day else ""
    geo_type = _GEO_TYPES.get(location.get("resolution") or "", 4 if location else None)
    action_geo = [
        geo_type if location else None, location.get("name"), location.get("country"), None,
        None, location.get("lat"), location.get("lon"), location.get("geonames_id"),
    ]  # fmt: skip
    pair = 0
    for source in sources:
        for target in targets:

            def actor(a: Mapping[str, Any]) -> list[Any]:
                country = a.get("country")
                group = country if country in KNOWN_GROUPS else None
                return [
                    a.get("code"), a.get("name") or a.get("text"), None if group else country,
                    group, None, None, None, a.get("sector"), None, None,
                ]  # fmt: skip

            gid = gdelt_event_id(record["id"], pair)
            event = [
                gid,
                day.strftime("%Y%m%d") if day else None,
                day.strftime("%Y%m") if day else None,
                day.year if day else None,
                f"{day.year + (day.timetuple().tm_yday - 1) / 365:.4f}" if day else None,
                *actor(source),
                *actor(target),
                1 if record.get("sentence_index") == 0 else 0,
                code,
                code[:3],
                root,
                gdelt_quad_class(root, cameo.get("quad_class")),
                cameo.get("goldstein"),
                1, 1, 1, None,
                *([None] * 8),
                *([None] * 8),
                *action_geo,
                stamp,
                url or record.get("doc_id"),
            ]  # fmt: skip
            extras = {
                "flashpoint_id": record["id"],
                "doc_id": record.get("doc_id"),
                "modality": record.get("modality"),
                "pair": pair,
            }
            mention = [
                gid, stamp, stamp, 1, row.get("outlet") or record.get("outlet"),
                url or record.get("doc_id"),
                (record.get("sentence_index") or 0) + 1,
                _offset(evidence, source.get("text")),
                _offset(evidence, target.get("text")),
                _offset(evidence, evidence.get("trigger")),
                1,
                round(float(record.get("confidence") or 0) * 100),
                None, None, None,
                json.dumps(extras, ensure_ascii=False, separators=(",", ":")),
            ]  # fmt: skip
            yield [_cell(v) for v in event], [_cell(v) for v in mention]
            pair += 1


# -- PLOVER ----------------------------------------------------------------------------------


def _plover_actor(a: Mapping[str, Any]) -> dict[str, Any]:
    sector = a.get("sector")
    return {
        "text": a.get("text"),
        "name": a.get("name"),
        "code": a.get("country"),
        "sector": "JRN" if sector == "MED" else sector,
        "cameo_code": a.get("code"),
    }


def plover_event(row: Mapping[str, Any]) -> dict[str, Any] | None:
    """A PLOVER-style event from an ``event_rows`` row; ``None`` when it has no PLOVER type."""
    record = json.loads(row["record"])
    plover = record.get("plover") or {}
    if not plover.get("type"):
        return None
    when = row.get("date")
    evidence = record.get("evidence") or {}
    cameo = record.get("cameo") or {}
    return {
        "id": record["id"],
        "date": as_date(when).isoformat() if when is not None else None,
        "event_type": plover["type"],
        "mode": plover.get("mode"),
        "context": None,
        "actor": [_plover_actor(a) for a in record.get("source") or []] or None,
        "recipient": [_plover_actor(a) for a in record.get("target") or []] or None,
        "location": record.get("location"),
        "text": evidence.get("text"),
        "event_text": evidence.get("trigger"),
        "modality": record.get("modality"),
        "reported_by": record.get("reported_by") or [],
        "attributed_to": record.get("attributed_to") or [],
        "cameo_code": cameo.get("code"),
        "goldstein": cameo.get("goldstein"),
        "doc_id": record.get("doc_id"),
        "sentence_index": record.get("sentence_index"),
        "outlet": row.get("outlet"),
        "url": row.get("url"),
        "story_id": row.get("story_id"),
        "flashpoint": record,
    }


# -- writing ---------------------------------------------------------------------------------


@contextmanager
def _text_out(path: str | Path | None) -> Iterator[IO[str]]:
    if path is None or str(path) == "-":
        yield sys.stdout
        return
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "wt", encoding="utf-8", newline="") as fh:
        yield fh


def _rows(batches: Iterable[pa.RecordBatch]) -> Iterator[dict[str, Any]]:
    for batch in batches:
        yield from batch.to_pylist()


def _conform(batch: pa.RecordBatch) -> pa.RecordBatch:
    """A batch of ``event_rows`` in the one schema every export writes."""
    table = pa.Table.from_batches([batch])
    arrays = []
    for field in ROW_SCHEMA:
        column = table.column(field.name)
        if pa.types.is_timestamp(column.type) and pa.types.is_date(field.type):
            column = column.cast(pa.date32())
        arrays.append(column.cast(field.type))
    return pa.Table.from_arrays(arrays, schema=ROW_SCHEMA).combine_chunks().to_batches()[0]


def write_jsonl(rows: Iterable[Mapping[str, Any]], fh: IO[str]) -> int:
    n = 0
    for row in rows:
        fh.write(row["record"] + "\n")
        n += 1
    return n


def write_csv(rows: Iterable[Mapping[str, Any]], fh: IO[str]) -> int:
    writer = csv.DictWriter(fh, fieldnames=CSV_EXPORT_COLUMNS)
    writer.writeheader()
    n = 0
    for row in rows:
        record = json.loads(row["record"])
        flat = flat_row(record)
        flat["story_id"] = row.get("story_id")
        flat["record"] = row["record"]
        writer.writerow(flat)
        n += 1
    return n


def write_plover(rows: Iterable[Mapping[str, Any]], fh: IO[str]) -> int:
    n = 0
    for row in rows:
        event = plover_event(row)
        if event is not None:
            fh.write(json.dumps(event, ensure_ascii=False) + "\n")
            n += 1
    return n


def write_gdelt(
    rows: Iterable[Mapping[str, Any]], events: IO[str], mentions: IO[str] | None = None
) -> int:
    n = 0
    for row in rows:
        for event, mention in gdelt_rows(row):
            events.write("\t".join(event) + "\n")
            if mentions is not None:
                mentions.write("\t".join(mention) + "\n")
            n += 1
    return n


def write_parquet(
    batches: Iterable[pa.RecordBatch], path: str | Path, *, partition: str | None = None
) -> int:
    """Write ``event_rows`` batches to one Parquet file, or (``partition`` = ``year``, ``month``
    or ``day``) to a folder partitioned hive-style by the event date."""
    import pyarrow.dataset as ds
    import pyarrow.parquet as pq

    path = Path(path)
    n = 0
    if partition is None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with pq.ParquetWriter(path, ROW_SCHEMA, compression="zstd") as writer:
            for batch in batches:
                batch = _conform(batch)
                writer.write_batch(batch)
                n += batch.num_rows
        if n == 0:  # an empty file still carries the schema
            pq.write_table(ROW_SCHEMA.empty_table(), path, compression="zstd")
        return n
    levels = {"year": ["year"], "month": ["year", "month"], "day": ["year", "month", "day"]}
    if partition not in levels:
        raise ValueError(f"unknown partition {partition!r}: use year, month or day")
    keys = levels[partition]
    schema = ROW_SCHEMA
    for key in keys:
        schema = schema.append(pa.field(key, pa.string()))
    counted = [0]

    def with_keys() -> Iterator[pa.RecordBatch]:
        for batch in batches:
            batch = _conform(batch)
            dates = batch.column("date").to_pylist()
            columns = list(batch.columns)
            for key, fmt in (("year", "%Y"), ("month", "%m"), ("day", "%d")):
                if key in keys:
                    columns.append(pa.array([d.strftime(fmt) if d else None for d in dates]))
            counted[0] += batch.num_rows
            yield pa.RecordBatch.from_arrays(columns, schema=schema)

    path.mkdir(parents=True, exist_ok=True)
    ds.write_dataset(
        with_keys(),
        path,
        schema=schema,
        format="parquet",
        partitioning=ds.partitioning(pa.schema([(k, pa.string()) for k in keys]), flavor="hive"),
        existing_data_behavior="delete_matching",
        basename_template="events-{i}.parquet",
        file_options=ds.ParquetFileFormat().make_write_options(compression="zstd"),
    )
    return counted[0]


def export_events(
    store: EventStore,
    fmt: str,
    output: str | Path | None = None,
    *,
    mentions: str | Path | None = None,
    partition: str | None = None,
    all_modalities: bool | None = None,
    **filters: Any,
) -> int:
    """Export the events of ``store`` matching ``filters`` (those of ``EventStore.events``) to
    ``output`` (a file, ``-``/``None`` for stdout, or a folder for partitioned Parquet).

    GDELT exports hold asserted events only unless ``all_modalities=True``; ``mentions`` names
    the GDELT mentions file to write beside the events. Returns how many records (GDELT: rows)
    were written.
    """
    if fmt not in EXPORT_FORMATS:
        raise ValueError(f"unknown export format {fmt!r}: use one of {', '.join(EXPORT_FORMATS)}")
    if fmt == "gdelt" and not all_modalities and "modality" not in filters:
        filters["asserted_only"] = True
    batches = store.event_batches(**filters)
    if fmt == "parquet":
        if output is None or str(output) == "-":
            raise ValueError("Parquet needs an output path (-o)")
        return write_parquet(batches, output, partition=partition)
    with _text_out(output) as fh:
        if fmt == "jsonl":
            return write_jsonl(_rows(batches), fh)
        if fmt == "csv":
            return write_csv(_rows(batches), fh)
        if fmt == "plover":
            return write_plover(_rows(batches), fh)
        if mentions is not None:
            with _text_out(mentions) as mh:
                return write_gdelt(_rows(batches), fh, mh)
        return write_gdelt(_rows(batches), fh)


# -- reading ---------------------------------------------------------------------------------


def _open_text(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def detect_format(path: str | Path) -> str:
    """The export format of a file or folder, from its name and first line."""
    path = Path(path)
    name = path.name.lower().removesuffix(".gz")
    if path.is_dir() or name.endswith(".parquet"):
        return "parquet"
    with _open_text(path) as fh:
        first = fh.readline()
    if name.endswith((".tsv", ".export.csv")) or first.count("\t") >= 60:
        return "gdelt"
    if name.endswith(".csv"):
        return "csv"
    try:
        record = json.loads(first) if first.strip() else {}
    except json.JSONDecodeError as exc:
        raise ValueError(f"{path}: cannot tell its format; pass --format") from exc
    return "plover" if "event_type" in record else "jsonl"


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with _open_text(path) as fh:
        for number, line in enumerate(fh, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ValueError(f"{path}:{number}: not JSON: {exc}") from exc


def read_plover(path: Path) -> Iterator[dict[str, Any]]:
    for number, event in enumerate(read_jsonl(path), 1):
        record = event.get("flashpoint")
        if not isinstance(record, dict):
            raise ValueError(
                f"{path}:{number}: a PLOVER event without flashpoint's record cannot be imported "
                "(PLOVER has no CAMEO code); import flashpoint's own PLOVER exports"
            )
        yield record


def _split(value: str | None) -> list[str]:
    return value.split(";") if value else []


def _flat_record(row: Mapping[str, str]) -> dict[str, Any]:
    """An event record rebuilt from the flat CSV columns (without ``record``): compound actors
    split on ``;``, an actor's sector read from its code."""

    def actors(side: str) -> list[dict[str, Any]]:
        codes = _split(row.get(f"{side}_code"))
        countries = _split(row.get(f"{side}_country"))
        names = _split(row.get(f"{side}_name"))
        texts = _split(row.get(f"{side}_text"))
        out = []
        for i, code in enumerate(codes):
            country = countries[i] if i < len(countries) else ""
            sector = code[len(country) :] if country and code.startswith(country) else ""
            out.append(
                {
                    "text": texts[i] if i < len(texts) else "",
                    "name": (names[i] if i < len(names) else "") or None,
                    "code": code,
                    "country": country or None,
                    "sector": sector or None,
                }
            )
        return out

    def num(key: str, kind: type = float) -> Any:
        value = row.get(key)
        return kind(value) if value not in (None, "") else None

    location = None
    if row.get("location_name"):
        location = {
            "name": row["location_name"],
            "country": row.get("location_country") or None,
            "lat": num("lat"),
            "lon": num("lon"),
            "geonames_id": None,
            "resolution": None,
        }
    return {
        "id": row["id"],
        "doc_id": row["doc_id"],
        "sentence_index": num("sentence_index", int),
        "date": row.get("date") or None,
        "source": actors("source"),
        "target": actors("target"),
        "cameo": {
            "code": row["cameo_code"],
            "root": row.get("cameo_root") or row["cameo_code"][:2],
            "name": row.get("cameo_name"),
            "goldstein": num("goldstein"),
            "quad_class": num("quad_class", int),
        },
        "plover": (
            {"type": row["plover_type"], "mode": row.get("plover_mode") or None}
            if row.get("plover_type")
            else None
        ),
        "modality": row.get("modality"),
        "reported_by": _split(row.get("reported_by")),
        "attributed_to": _split(row.get("attributed_to")),
        "location": location,
        "evidence": {
            "text": row.get("evidence"),
            "start": num("evidence_start", int),
            "end": num("evidence_end", int),
            "trigger": row.get("trigger"),
        },
        "confidence": num("confidence"),
        "rule": row.get("rule"),
        "outlet": row.get("outlet") or None,
        "url": row.get("url") or None,
    }


def read_csv(path: Path) -> Iterator[dict[str, Any]]:
    with _open_text(path) as fh:
        for row in csv.DictReader(fh):
            yield json.loads(row["record"]) if row.get("record") else _flat_record(row)


def read_parquet(path: Path) -> Iterator[dict[str, Any]]:
    import pyarrow.dataset as ds

    dataset = ds.dataset(path, format="parquet", partitioning="hive" if path.is_dir() else None)
    for batch in dataset.to_batches(columns=["record"]):
        for text in batch.column(0).to_pylist():
            yield json.loads(text)


def _gdelt_table(path: Path, width: int) -> Iterator[list[str]]:
    with _open_text(path) as fh:
        for number, line in enumerate(fh, 1):
            cells = line.rstrip("\r\n").split("\t")
            if cells == [""]:
                continue
            if len(cells) != width:
                raise ValueError(f"{path}:{number}: {len(cells)} columns, expected {width}")
            yield cells


def read_gdelt(path: Path, mentions: Path | None = None) -> Iterator[dict[str, Any]]:
    """Events rebuilt from a GDELT event file (and its mentions file, which gives back
    flashpoint's event ids, documents, sentences, modality and confidence, and joins the rows
    of a compound event). Lossy: see docs/formats.md."""
    extras: dict[str, dict[str, Any]] = {}
    if mentions is None:
        guess = path.with_name(path.name.replace("export", "mentions"))
        mentions = guess if guess != path and guess.exists() else None
    if mentions is not None:
        for cells in _gdelt_table(mentions, len(GDELT_MENTION_COLUMNS)):
            m = dict(zip(GDELT_MENTION_COLUMNS, cells, strict=True))
            try:
                info = json.loads(m["Extras"]) if m["Extras"] else {}
            except json.JSONDecodeError:
                info = {}
            info["sentence_index"] = int(m["SentenceID"]) - 1 if m["SentenceID"] else 0
            info["confidence"] = int(m["Confidence"]) / 100 if m["Confidence"] else None
            info["outlet"] = m["MentionSourceName"] or None
            extras[m["GLOBALEVENTID"]] = info
    events: dict[str, dict[str, Any]] = {}

    def actor(e: Mapping[str, str], n: int) -> dict[str, Any] | None:
        code = e[f"Actor{n}Code"]
        if not code:
            return None
        return {
            "text": e[f"Actor{n}Name"],
            "name": e[f"Actor{n}Name"] or None,
            "code": code,
            "country": e[f"Actor{n}CountryCode"] or e[f"Actor{n}KnownGroupCode"] or None,
            "sector": e[f"Actor{n}Type1Code"] or None,
        }

    def number(value: str, kind: type = float) -> Any:
        return kind(value) if value else None

    for cells in _gdelt_table(path, len(GDELT_EVENT_COLUMNS)):
        e = dict(zip(GDELT_EVENT_COLUMNS, cells, strict=True))
        info = extras.get(e["GLOBALEVENTID"], {})
        event_id = info.get("flashpoint_id") or f"gdelt-{e['GLOBALEVENTID']}"
        source, target = actor(e, 1), actor(e, 2)
        if event_id in events:  # another dyad of a compound event
            record = events[event_id]
            for side, a in (("source", source), ("target", target)):
                if a is not None and a not in record[side]:
                    record[side].append(a)
            continue
        day = e["SQLDATE"]
        root = e["EventRootCode"]
        location = None
        if e["ActionGeo_FullName"] or e["ActionGeo_Lat"]:
            location = {
                "name": e["ActionGeo_FullName"],
                "country": e["ActionGeo_CountryCode"] or None,
                "lat": number(e["ActionGeo_Lat"]),
                "lon": number(e["ActionGeo_Long"]),
                "geonames_id": number(e["ActionGeo_FeatureID"], int),
                "resolution": _GEO_RESOLUTIONS.get(number(e["ActionGeo_Type"], int) or 0),
            }
        url = e["SOURCEURL"] or None
        events[event_id] = {
            "id": event_id,
            "doc_id": info.get("doc_id") or url or event_id,
            "sentence_index": info.get("sentence_index", 0),
            "date": Date(int(day[:4]), int(day[4:6]), int(day[6:8])).isoformat() if day else None,
            "source": [source] if source else [],
            "target": [target] if target else [],
            "cameo": {
                "code": e["EventCode"],
                "root": root,
                "name": None,
                "goldstein": number(e["GoldsteinScale"]),
                "quad_class": _flashpoint_quad(root),
            },
            "plover": None,
            "modality": info.get("modality") or "asserted",
            "reported_by": [],
            "attributed_to": [],
            "location": location,
            "evidence": {"text": None, "start": None, "end": None, "trigger": None},
            "confidence": info.get("confidence"),
            "rule": "gdelt-import",
            "outlet": info.get("outlet"),
            "url": url if url and "://" in url else None,
        }
    yield from events.values()


def read_events(path: str | Path, fmt: str = "auto", *, mentions: str | Path | None = None):
    """The event records in an export file (or partitioned Parquet folder)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file or folder")
    if fmt == "auto":
        fmt = detect_format(path)
    if fmt not in IMPORT_FORMATS:
        raise ValueError(f"unknown import format {fmt!r}: use one of {', '.join(IMPORT_FORMATS)}")
    if fmt == "jsonl":
        return read_jsonl(path)
    if fmt == "csv":
        return read_csv(path)
    if fmt == "parquet":
        return read_parquet(path)
    if fmt == "plover":
        return read_plover(path)
    return read_gdelt(path, Path(mentions) if mentions else None)


def import_file(
    store: EventStore,
    path: str | Path,
    fmt: str = "auto",
    *,
    mentions: str | Path | None = None,
    batch_size: int = 5000,
) -> tuple[int, int]:
    """Import the events of an export into ``store``; returns ``(read, new or changed)``."""
    read = written = 0
    for chunk in chunks(read_events(path, fmt, mentions=mentions), batch_size):
        read += len(chunk)
        written += store.add_events(chunk, batch_size=batch_size)
    return read, written
