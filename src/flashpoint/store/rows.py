"""Flattening records into table rows.

Events go through their JSON record (``Event.to_dict()``), so an ``Event`` and a record read back
from a ``flashpoint code --format jsonl`` file store identically.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date as Date
from datetime import datetime
from typing import Any

from flashpoint.model import MODALITIES, Article, Event


class RecordError(ValueError):
    """A record cannot be stored (missing id, unknown modality, ...); the message says which."""


def as_date(value: Any) -> Date | None:
    """A ``date`` from a date, a datetime or an ISO string (``None`` and ``""`` give ``None``)."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, Date):
        return value
    if isinstance(value, str):
        try:
            return Date.fromisoformat(value[:10])
        except ValueError as exc:
            raise RecordError(f"not an ISO date: {value!r}") from exc
    raise RecordError(f"not a date: {value!r}")


def event_record(event: Event | Mapping[str, Any]) -> dict[str, Any]:
    """The JSON event record of an ``Event`` (or a record already in that shape)."""
    if isinstance(event, Event):
        return event.to_dict()
    if isinstance(event, Mapping):
        return dict(event)
    raise RecordError(f"not an event: {type(event).__name__}")


def record_json(record: Mapping[str, Any]) -> str:
    """A canonical JSON text for a record: equal records give equal texts."""
    return json.dumps(record, sort_keys=True, ensure_ascii=False, default=str)


def _dyads(record: Mapping[str, Any]) -> list[str]:
    sources = [a.get("country") for a in record.get("source") or []]
    targets = [a.get("country") for a in record.get("target") or []]
    out: list[str] = []
    for s in sources:
        for t in targets:
            if s and t and f"{s}-{t}" not in out:
                out.append(f"{s}-{t}")
    return out


def event_row(record: Mapping[str, Any]) -> dict[str, Any]:
    """One ``events`` row from an event record."""
    event_id = record.get("id")
    if not event_id:
        raise RecordError("event record without an id")
    modality = record.get("modality")
    if modality not in MODALITIES:
        raise RecordError(f"event {event_id}: unknown modality {modality!r}")
    cameo = record.get("cameo") or {}
    if not cameo.get("code"):
        raise RecordError(f"event {event_id}: no CAMEO code")
    sources = record.get("source") or []
    targets = record.get("target") or []
    first_source = sources[0] if sources else {}
    first_target = targets[0] if targets else {}
    plover = record.get("plover") or {}
    location = record.get("location") or {}
    evidence = record.get("evidence") or {}
    return {
        "id": event_id,
        "doc_id": record.get("doc_id"),
        "sentence_index": record.get("sentence_index"),
        "date": as_date(record.get("date")),
        "source_country": first_source.get("country"),
        "source_code": first_source.get("code"),
        "target_country": first_target.get("country"),
        "target_code": first_target.get("code"),
        "dyads": _dyads(record),
        "cameo_code": cameo.get("code"),
        "cameo_root": cameo.get("root") or str(cameo.get("code"))[:2],
        "cameo_name": cameo.get("name"),
        "goldstein": cameo.get("goldstein"),
        "quad_class": cameo.get("quad_class"),
        "plover_type": plover.get("type"),
        "plover_mode": plover.get("mode"),
        "modality": modality,
        "reported_by": list(record.get("reported_by") or []),
        "attributed_to": list(record.get("attributed_to") or []),
        "location_name": location.get("name"),
        "location_country": location.get("country"),
        "location_lat": location.get("lat"),
        "location_lon": location.get("lon"),
        "location_geonames_id": location.get("geonames_id"),
        "location_resolution": location.get("resolution"),
        "evidence_text": evidence.get("text"),
        "evidence_start": evidence.get("start"),
        "evidence_end": evidence.get("end"),
        "trigger": evidence.get("trigger"),
        "confidence": record.get("confidence"),
        "rule": record.get("rule"),
        "outlet": record.get("outlet"),
        "url": record.get("url"),
        "record": record_json(record),
    }


def actor_rows(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``event_actors`` rows of an event record."""
    rows = []
    for role in ("source", "target"):
        for position, actor in enumerate(record.get(role) or []):
            rows.append(
                {
                    "event_id": record["id"],
                    "role": role,
                    "position": position,
                    "code": actor.get("code"),
                    "country": actor.get("country"),
                    "sector": actor.get("sector"),
                    "name": actor.get("name"),
                    "text": actor.get("text"),
                }
            )
    return rows


def article_row(article: Article | Mapping[str, Any]) -> dict[str, Any]:
    """One ``articles`` row from an ``Article`` or an article record (``flashpoint extract``)."""
    if isinstance(article, Article):
        data: Mapping[str, Any] = {
            "id": article.id,
            "title": article.title,
            "date": article.date,
            "url": article.url,
            "outlet": article.outlet,
            "authors": article.authors,
            "path": article.path,
            "text": article.text,
        }
    elif isinstance(article, Mapping):
        data = article
    else:
        raise RecordError(f"not an article: {type(article).__name__}")
    article_id = data.get("id") or data.get("path")
    if not article_id:
        raise RecordError("article without an id or path")
    return {
        "id": str(article_id),
        "title": data.get("title"),
        "date": as_date(data.get("date")),
        "url": data.get("url"),
        "outlet": data.get("outlet"),
        "authors": list(data.get("authors") or []),
        "path": data.get("path"),
        "text": data.get("text"),
    }
