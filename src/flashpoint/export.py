"""Writing events out: JSONL (the record of DESIGN.md), flat CSV rows, and a terminal table."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

# CSV columns, flat, one row an event; compound actors are joined with ";"
CSV_COLUMNS = [
    "id", "doc_id", "sentence_index", "date",
    "source_code", "source_country", "source_name", "source_text",
    "target_code", "target_country", "target_name", "target_text",
    "cameo_code", "cameo_root", "cameo_name", "goldstein", "quad_class",
    "plover_type", "plover_mode", "modality", "reported_by", "attributed_to",
    "location_name", "location_country", "lat", "lon",
    "trigger", "evidence", "evidence_start", "evidence_end", "confidence", "rule", "outlet", "url",
]


def _join(actors: list[dict[str, Any]], key: str) -> str:
    return ";".join(str(a.get(key) or "") for a in actors)


def flat_row(e: dict[str, Any]) -> dict[str, Any]:
    loc = e.get("location") or {}
    plover = e.get("plover") or {}
    return {
        "id": e["id"],
        "doc_id": e["doc_id"],
        "sentence_index": e["sentence_index"],
        "date": e["date"],
        "source_code": _join(e["source"], "code"),
        "source_country": _join(e["source"], "country"),
        "source_name": _join(e["source"], "name"),
        "source_text": _join(e["source"], "text"),
        "target_code": _join(e["target"], "code"),
        "target_country": _join(e["target"], "country"),
        "target_name": _join(e["target"], "name"),
        "target_text": _join(e["target"], "text"),
        "cameo_code": e["cameo"]["code"],
        "cameo_root": e["cameo"]["root"],
        "cameo_name": e["cameo"]["name"],
        "goldstein": e["cameo"]["goldstein"],
        "quad_class": e["cameo"]["quad_class"],
        "plover_type": plover.get("type"),
        "plover_mode": plover.get("mode"),
        "modality": e["modality"],
        "reported_by": ";".join(e["reported_by"]),
        "attributed_to": ";".join(e["attributed_to"]),
        "location_name": loc.get("name"),
        "location_country": loc.get("country"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "trigger": e["evidence"]["trigger"],
        "evidence": e["evidence"]["text"],
        "evidence_start": e["evidence"]["start"],
        "evidence_end": e["evidence"]["end"],
        "confidence": e["confidence"],
        "rule": e["rule"],
        "outlet": e.get("outlet"),
        "url": e.get("url"),
    }


class EventWriter:
    """Streams event dicts to a file handle in one of ``jsonl``, ``csv`` or ``table``."""

    def __init__(self, fh: IO[str], fmt: str, console=None):
        if fmt not in ("jsonl", "csv", "table"):
            raise ValueError(f"unknown format {fmt!r}: use jsonl, csv or table")
        self.fh, self.fmt, self.console = fh, fmt, console
        self.rows: list[dict[str, Any]] = []
        self._csv = None
        if fmt == "csv":
            self._csv = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
            self._csv.writeheader()

    def write(self, events: Iterable[dict[str, Any]]) -> None:
        for e in events:
            if self.fmt == "jsonl":
                self.fh.write(json.dumps(e, ensure_ascii=False) + "\n")
            elif self.fmt == "csv":
                self._csv.writerow(flat_row(e))
            else:
                self.rows.append(e)
        self.fh.flush()

    def close(self) -> None:
        if self.fmt == "table":
            from rich.console import Console

            console = self.console or Console(file=self.fh)
            console.print(events_table(self.rows))


def events_table(events: list[dict[str, Any]], title: str | None = None):
    from rich.table import Table

    table = Table(title=title, show_lines=False, expand=False)
    for col in ("date", "source", "target", "CAMEO", "PLOVER", "modality", "trigger", "reported by"):
        table.add_column(col, overflow="fold")
    for e in events:
        table.add_row(
            e["date"] or "",
            "+".join(a["code"] for a in e["source"]),
            "+".join(a["code"] for a in e["target"]) or "-",
            f"{e['cameo']['code']} {e['cameo']['name']}",
            (e["plover"] or {}).get("type") or "",
            e["modality"],
            e["evidence"]["trigger"],
            ", ".join(e["reported_by"]),
        )
    return table
