"""Scoring coded events against the gold files of DESIGN.md.

Two gold formats are read, recognised by their fields:

- PLOVER (``event_type``, ``actor``, ``recipient``): per sentence, is the gold type among the
  predicted types (type precision and recall), and does a predicted event of that type have
  a source among the gold actors and a target among the gold recipients (dyad precision and
  recall). Only asserted events count.
- CAMEO (``expected``: source, target, code): an event matches when source country, target
  country and CAMEO root agree; precision over predicted dyads, recall over gold dyads; for
  records that expect no event every prediction is a false positive. A predicted event is a
  dyad only when it has both a source and a target (PETRARCH's require_dyad); an actor of no
  known country counts as "---", as in the gold.

Predictions are either produced here by running the coder, or read from a JSONL file of
event records (``doc_id`` joins them to the gold ``id``).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import Any

from flashpoint.model import Article

# legacy CAMEO country codes found in older gold files
LEGACY_COUNTRY = {"JAP": "JPN", "UK": "GBR", "GER": "DEU", "ROM": "ROU", "BRN": "BHR", "VTN": "VNM"}


UNKNOWN = "---"

# international bodies: gold files code them all "IGO"; flashpoint keeps CAMEO's finer codes
IGO_GROUPS = {"IGO", "UNO", "EUR", "NATO", "AFR", "ASA", "EEC"}


def country_of(code: str | None) -> str | None:
    """The country (or group) part of an actor code, in the gold files' coarser scheme."""
    if not code:
        return None
    c = code[:3].upper()
    c = LEGACY_COUNTRY.get(c, c)
    return "IGO" if c in IGO_GROUPS else c


def load_gold(path: str | Path) -> tuple[str, list[dict[str, Any]]]:
    """The records of a gold file and its kind, ``plover`` or ``cameo``."""
    records = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                records.append(json.loads(line))
    if not records:
        raise ValueError(f"{path}: no records")
    first = records[0]
    if "event_type" in first:
        return "plover", records
    if "expected" in first:
        return "cameo", [r for r in records if r.get("evaluate", True)]
    raise ValueError(f"{path}: neither a PLOVER gold file (event_type) nor a CAMEO one (expected)")


def gold_articles(records: list[dict[str, Any]]) -> list[Article]:
    out = []
    for r in records:
        d = r.get("date")
        out.append(
            Article(id=str(r["id"]), text=r["text"], date=Date.fromisoformat(d) if d else None)
        )
    return out


@dataclass
class Score:
    kind: str
    records: int
    metrics: dict[str, float]
    errors: list[dict[str, Any]] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "records": self.records, **self.metrics}


def _prf(tp: int, n_pred: int, n_gold: int, prefix: str) -> dict[str, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {
        f"{prefix}_precision": round(p, 4),
        f"{prefix}_recall": round(r, 4),
        f"{prefix}_f1": round(f, 4),
        f"{prefix}_tp": tp,
        f"{prefix}_predicted": n_pred,
        f"{prefix}_gold": n_gold,
    }


def _asserted(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e.get("modality", "asserted") == "asserted"]


def _countries(actors: list[dict[str, Any]] | None) -> set[str]:
    """The countries of predicted actors; a sector with no country ("REB", "GOV") is "---",
    as PETRARCH writes an unknown country and the gold files code it."""
    return {
        country_of(a["country"] if "country" in a else a.get("code")) or UNKNOWN
        for a in actors or []
    }


def score_plover(records: list[dict[str, Any]], predictions: dict[str, list[dict]]) -> Score:
    type_tp = type_pred = dyad_tp = dyad_pred = dyad_hits = 0
    errors = []
    for r in records:
        events = _asserted(predictions.get(str(r["id"]), []))
        gold_type = r["event_type"]
        pred_types = {e["plover"]["type"] for e in events if e.get("plover")}
        type_pred += len(pred_types)
        type_hit = gold_type in pred_types
        type_tp += type_hit
        gold_src = {country_of(a["code"]) for a in r.get("actor") or []}
        gold_tgt = {country_of(a["code"]) for a in r.get("recipient") or []}
        # predicted (type, source, target) triples; one per event
        dyad_ok = False
        for e in events:
            if not e.get("plover"):
                continue
            dyad_pred += 1
            if e["plover"]["type"] != gold_type:
                continue
            src_ok = bool(_countries(e["source"]) & gold_src)
            tgt_ok = bool(_countries(e["target"]) & gold_tgt) if gold_tgt else True
            if src_ok and tgt_ok:
                dyad_tp += 1
                dyad_ok = True
        dyad_hits += dyad_ok
        if not (type_hit and dyad_ok) or len(pred_types) > 1:
            errors.append(
                {
                    "id": r["id"],
                    "text": r["text"],
                    "gold": f"{gold_type} {sorted(filter(None, gold_src))}->{sorted(filter(None, gold_tgt))}",
                    "predicted": [_brief(e) for e in events],
                    "miss": "type" if not type_hit else ("dyad" if not dyad_ok else "extra type"),
                }
            )
    n = len(records)
    metrics = _prf(type_tp, type_pred, n, "type")
    metrics.update(_recall_by_type(records, predictions))
    # dyad precision over predicted events, recall over sentences
    dp = dyad_tp / dyad_pred if dyad_pred else 0.0
    dr = dyad_hits / n if n else 0.0
    metrics.update(
        {
            "dyad_precision": round(dp, 4),
            "dyad_recall": round(dr, 4),
            "dyad_f1": round(2 * dp * dr / (dp + dr), 4) if dp + dr else 0.0,
        }
    )
    return Score("plover", n, metrics, errors)


def _recall_by_type(records: list[dict[str, Any]], predictions: dict[str, list[dict]]) -> dict:
    """Recall of each gold PLOVER type: the share of its records whose type was predicted."""
    hits: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in records:
        types = {
            e["plover"]["type"]
            for e in _asserted(predictions.get(str(r["id"]), []))
            if e.get("plover")
        }
        hits[r["event_type"]][1] += 1
        hits[r["event_type"]][0] += r["event_type"] in types
    return {
        f"recall_{t}": round(h / n, 4) for t, (h, n) in sorted(hits.items())
    }


def score_cameo(records: list[dict[str, Any]], predictions: dict[str, list[dict]]) -> Score:
    tp = n_pred = n_gold = 0
    errors = []
    for r in records:
        events = _asserted(predictions.get(str(r["id"]), []))
        # a CAMEO dyad has both sides: events without a source or a target are not dyads
        # (PETRARCH's require_dyad)
        pred = {
            (s, t, e["cameo"]["code"][:2])
            for e in events
            for s in _countries(e["source"])
            for t in _countries(e["target"])
        }
        gold = set()
        if not r.get("expect_none"):
            for g in r.get("expected", []):
                gold.add((country_of(g["source"]), country_of(g["target"]), str(g["code"])[:2]))
        hit = len(pred & gold)
        tp += hit
        n_pred += len(pred)
        n_gold += len(gold)
        if pred != gold:
            errors.append(
                {
                    "id": r["id"],
                    "text": r["text"],
                    "gold": sorted(f"{s}->{t} {c}" for s, t, c in gold) or ["(none)"],
                    "predicted": [_brief(e) for e in events],
                    "miss": "false positive" if pred - gold else "missed",
                }
            )
    return Score("cameo", len(records), _prf(tp, n_pred, n_gold, "dyad"), errors)


def _brief(e: dict[str, Any]) -> str:
    src = "+".join(a["code"] for a in e["source"]) or "?"
    tgt = "+".join(a["code"] for a in e["target"]) or "-"
    plover = e["plover"]["type"] if e.get("plover") else "-"
    return (
        f"{src}->{tgt} {e['cameo']['code']} {plover} {e['modality']} "
        f"[{e['evidence']['trigger']}] ({e['rule']})"
    )


def read_predictions(path: str | Path) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict]] = defaultdict(list)
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                e = json.loads(line)
                out[str(e["doc_id"])].append(e)
    return out


def predict(records: list[dict[str, Any]], coder=None) -> dict[str, list[dict[str, Any]]]:
    """Run the coder over the gold sentences."""
    from flashpoint.coding.coder import Coder

    coder = coder or Coder()
    out: dict[str, list[dict]] = {}
    for article, events in coder.code_articles(gold_articles(records)):
        out[article.id] = [e.to_dict() for e in events]
    return out


def evaluate(path: str | Path, predictions: str | Path | None = None, coder=None) -> Score:
    """Score the coder (or a predictions file) against a gold file."""
    kind, records = load_gold(path)
    preds = read_predictions(predictions) if predictions else predict(records, coder)
    if kind == "cameo":
        return score_cameo(records, preds)
    score = score_plover(records, preds)
    score.metrics.update(score_locations(records, preds))
    return score


def score_locations(records: list[dict[str, Any]], predictions: dict[str, list[dict]]) -> dict:
    """On the PLOVER sentences with a gold place: the share the coder locates, and locates to
    the right country and to the right place (the gold text read by the same gazetteer, with
    the sentence's countries as hints, as ``flashpoint.geo.evaluate`` derives it)."""
    from flashpoint.geo import load_gazetteer
    from flashpoint.geo.evaluate import locate_hinted, right_country, same_place, sentence_countries
    from flashpoint.model import Location

    gaz = load_gazetteer()
    located = [r for r in records if r.get("location")]
    n_loc = n_country = n_place = 0
    for r in located:
        places = [e["location"] for e in predictions.get(str(r["id"]), []) if e.get("location")]
        if not places:
            continue
        n_loc += 1
        gold = locate_hinted(gaz, r["location"]["text"], sentence_countries(gaz, r["text"]))
        gold_country = gold.country if gold else None
        preds = [Location(**p) for p in places]
        n_country += any(right_country(p, gold_country, gaz) for p in preds[:1])
        n_place += any(same_place(p, gold) for p in preds[:1])
    n = len(located) or 1
    return {
        "location_records": len(located),
        "location_located": round(n_loc / n, 4),
        "location_right_country": round(n_country / n, 4),
        "location_right_place": round(n_place / n, 4),
    }


def parse_lines(text: str) -> list[str]:
    """The dependency parse of a sentence, one compact line, for error analysis."""
    from flashpoint.nlp import load_pipeline

    doc = load_pipeline()(text)
    return [
        " ".join(
            f"{t.text}/{t.pos_}/{t.dep_}<{t.head.i}" if t.head.i != t.i else f"{t.text}/{t.pos_}/ROOT"
            for t in sent
        )
        for sent in doc.sents
    ]
