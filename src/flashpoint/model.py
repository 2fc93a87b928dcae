"""The records every stage of flashpoint shares.

Each stage of the pipeline is a function from one of these records to the next:
``Article`` (clean text and metadata) -> ``Sentence`` -> ``Mention`` -> ``Event``.
``Event.to_dict()`` is the JSON event record of DESIGN.md, a contract: fields may be
added, never renamed.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date as Date
from typing import Any

MODALITIES = ("asserted", "hypothetical", "conditional", "future", "negated", "denied")


@dataclass(slots=True)
class Article:
    """A document reduced to what the coder reads: clean body text plus metadata.

    ``text`` is the body only (no title, no page furniture); every character offset an
    event carries points into it.
    """

    id: str
    text: str
    title: str | None = None
    date: Date | None = None
    url: str | None = None
    outlet: str | None = None
    authors: list[str] = field(default_factory=list)
    path: str | None = None

    def to_dict(self) -> dict[str, Any]:
        out = {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "date": self.date.isoformat() if self.date else None,
            "url": self.url,
            "outlet": self.outlet,
            "authors": list(self.authors),
        }
        if self.path is not None:
            out["path"] = self.path
        return out


@dataclass(slots=True)
class Problem:
    """A document that could not be read or coded, and why; batches report these and go on."""

    id: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "error": self.reason}


@dataclass(slots=True, frozen=True)
class Sentence:
    index: int
    text: str
    start: int
    end: int


@dataclass(slots=True)
class Actor:
    """An actor as resolved for one mention at one date.

    ``code`` is the CAMEO-style actor code: country plus sector ("USAGOV"), a country
    alone ("CHN"), or a group code ("IGO", "NGO", "UNO"...).
    """

    text: str
    name: str | None
    code: str
    country: str | None
    sector: str | None = None
    # "person", "country", "capital", "seat", "agent", "organisation", "outlet", "place",
    # "unidentified" (an attack whose author is not named, coded to the country where it happens)
    kind: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "code": self.code,
            "country": self.country,
            "sector": self.sector,
        }


@dataclass(slots=True)
class Location:
    name: str
    country: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None
    resolution: str | None = None  # "country", "province", "city", "water", ...

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class CameoCode:
    code: str
    name: str
    goldstein: float
    quad_class: int

    @property
    def root(self) -> str:
        return self.code[:2]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "root": self.root,
            "name": self.name,
            "goldstein": self.goldstein,
            "quad_class": self.quad_class,
        }


@dataclass(slots=True)
class Plover:
    type: str
    mode: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "mode": self.mode}


@dataclass(slots=True)
class Evidence:
    """The sentence an event was read from; offsets are into ``Article.text``."""

    text: str
    start: int
    end: int
    trigger: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class Event:
    doc_id: str
    sentence_index: int
    date: Date | None
    source: list[Actor]
    target: list[Actor]
    cameo: CameoCode
    plover: Plover | None
    modality: str
    evidence: Evidence
    reported_by: list[str] = field(default_factory=list)
    attributed_to: list[str] = field(default_factory=list)
    location: Location | None = None
    confidence: float = 0.5
    rule: str = ""
    outlet: str | None = None
    url: str | None = None

    @property
    def id(self) -> str:
        return event_id(self.doc_id, self.sentence_index, self.source, self.target, self.cameo.code)

    @property
    def asserted(self) -> bool:
        return self.modality == "asserted"

    def dyads(self) -> list[tuple[str | None, str | None]]:
        """Every (source country, target country) pair, as CAMEO-style exports expand them."""
        sources = [a.country for a in self.source] or [None]
        targets = [a.country for a in self.target] or [None]
        return [(s, t) for s in sources for t in targets]

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "doc_id": self.doc_id,
            "sentence_index": self.sentence_index,
            "date": self.date.isoformat() if self.date else None,
            "source": [a.to_dict() for a in self.source],
            "target": [a.to_dict() for a in self.target],
            "cameo": self.cameo.to_dict(),
            "plover": self.plover.to_dict() if self.plover else None,
            "modality": self.modality,
            "reported_by": list(self.reported_by),
            "attributed_to": list(self.attributed_to),
            "location": self.location.to_dict() if self.location else None,
            "evidence": self.evidence.to_dict(),
            "confidence": round(self.confidence, 3),
            "rule": self.rule,
            "outlet": self.outlet,
            "url": self.url,
        }


def event_id(
    doc_id: str, sentence_index: int, source: list[Actor], target: list[Actor], code: str
) -> str:
    """A stable id: the same event read from the same sentence always hashes the same."""
    key = "|".join(
        [
            doc_id,
            str(sentence_index),
            ",".join(sorted(a.code for a in source)),
            ",".join(sorted(a.code for a in target)),
            code,
        ]
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]
