"""How well the gazetteer places the located sentences of the PLOVER development set.

``evaluate_plover_locations(path)`` reads the records whose ``location`` is not null and measures
two things:

* **gold text**: ``locate()`` on the gold location text as annotated ("Gorazde", "province of
  Herat"), once blind and once with the sentence's countries as hints;
* **sentence**: ``locate()`` on every capitalised span of the sentence (a stand-in for the coder's
  parse, which will replace it), reporting whether any span lands on the right country and place,
  and whether the span a simple rule would pick (the last one after a locative preposition, else
  the first located one) does.

The gold country is the record's ``country_code_iso2`` when it has one. Otherwise it is the
country implied by the gold text: a country name is that country; any other place is the
gazetteer's reading of the gold text with the sentence's own countries ("the Bosnian town of
...", "Lebanese") as hints. That reference is derived, so the report keeps the two sources apart
(``gold_country_source``) and lists every derived reference for a human to check.

Run: ``python -m flashpoint.geo.evaluate [path]``.
"""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path
from typing import Any

from flashpoint.geo.gazetteer import Gazetteer, fold, load_gazetteer
from flashpoint.model import Location

DEFAULT_PATH = Path("../shared/eval/plover/plover_gsr.dev.jsonl")

LOCATIVE = {
    "in", "at", "near", "outside", "around", "into", "to", "from", "of", "across", "inside",
    "toward", "towards", "on", "throughout", "within", "off", "along", "over", "through",
}  # fmt: skip
_CONNECTORS = {"of", "the", "and", "el", "al", "de", "du", "da", "del", "la", "le", "des", "bin",
               "ez", "es", "ad", "an", "as", "ash", "at"}  # fmt: skip
_NOT_PLACES = {
    "the", "a", "an", "on", "in", "at", "up", "about", "after", "before", "during", "senior",
    "former", "president", "prime", "minister", "general", "thousands", "hundreds", "five",
    "three", "seven", "two", "four", "six", "one", "some", "many", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
    "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "mr", "mrs", "ms", "dr", "but", "and", "it", "he", "she", "they", "we", "i", "this",
    "that", "these", "those", "there", "police", "army", "government", "officials", "witnesses",
}  # fmt: skip
_TOKEN = re.compile(r"[A-Za-z\u00c0-\u024f][\w'’.\-]*")


def capitalised_spans(text: str) -> list[tuple[str, int, str | None]]:
    """Runs of capitalised words, joined across "of", "al-", "de"...; with the word before each.

    Returns (span, start offset, the lower-cased word before it or None).
    """
    toks = [(m.group(0), m.start(), m.end()) for m in _TOKEN.finditer(text)]
    spans: list[tuple[str, int, str | None]] = []
    i = 0
    while i < len(toks):
        word = toks[i][0]
        if not word[0].isupper():
            i += 1
            continue
        j = i
        while j + 1 < len(toks):
            nxt = toks[j + 1][0]
            if nxt[0].isupper():
                j += 1
            elif nxt.lower() in _CONNECTORS and j + 2 < len(toks) and toks[j + 2][0][0].isupper():
                j += 2
            else:
                break
        start, end = toks[i][1], toks[j][2]
        span = text[start:end].rstrip(".,")
        span = re.sub(r"['’]s$", "", span)
        words = span.split()
        while words and words[0].lower().rstrip(".") in _NOT_PLACES:
            words.pop(0)
            start = text.find(words[0], start) if words else start
        if words:
            prev = toks[i - 1][0].lower() if i > 0 else None
            spans.append((" ".join(words), start, prev))
        i = j + 1
    return spans


def sentence_countries(gaz: Gazetteer, text: str) -> list[str]:
    """ISO3 codes named in a sentence by a country name or a demonym, in order, once each."""
    out: list[str] = []
    for span, _, _ in capitalised_spans(text):
        words = span.split()
        for n in range(len(words), 0, -1):
            for k in range(0, len(words) - n + 1):
                piece = " ".join(words[k : k + n])
                if gaz.is_country_name(piece) or gaz.is_demonym(piece):
                    iso = gaz.country_of(piece)
                    if iso and iso not in out:
                        out.append(iso)
    return out


def locate_hinted(gaz: Gazetteer, text: str, hints: list[str]) -> Location | None:
    """The first reading that lands in a hinted country, else the blind reading."""
    blind = gaz.locate(text)
    for h in hints:
        loc = gaz.locate(text, country_hint=h)
        if loc is not None and loc.country == h:
            return loc
    return blind


def _km(a: Location, b: Location) -> float:
    if None in (a.lat, a.lon, b.lat, b.lon):
        return math.inf
    la1, lo1, la2, lo2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    )
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def same_place(a: Location | None, b: Location | None) -> bool:
    if a is None or b is None:
        return False
    if a.geonames_id is not None and a.geonames_id == b.geonames_id:
        return True
    if a.resolution == b.resolution and a.country == b.country and fold(a.name) == fold(b.name):
        return True
    # a city and the division or region named after it, within a few km
    return a.country == b.country and _km(a, b) < 30.0


def right_country(loc: Location | None, gold: str | None, gaz: Gazetteer) -> bool:
    if loc is None or gold is None:
        return False
    if loc.country == gold:
        return True
    return loc.country is None and gold in gaz.borders(loc.name)


def evaluate_plover_locations(
    path: str | Path = DEFAULT_PATH, *, gazetteer: Gazetteer | None = None, examples: int = 12
) -> dict[str, Any]:
    gaz = gazetteer or load_gazetteer()
    records = [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()
               if line.strip()]  # fmt: skip
    located = [r for r in records if r.get("location")]
    unlocated = [r for r in records if not r.get("location")]

    rows = []
    for r in located:
        gold_text = r["location"]["text"]
        hints = sentence_countries(gaz, r["text"])
        iso2 = r["location"].get("country_code_iso2")
        reference = locate_hinted(gaz, gold_text, hints)
        if iso2:
            ref_country = gaz.country(iso2)
            gold_country, source = (ref_country.country if ref_country else None), "record"
        elif gaz.is_country_name(gold_text):
            gold_country, source = gaz.country_of(gold_text), "text: country name"
        else:
            gold_country, source = (reference.country if reference else None), "text: derived"
        blind = gaz.locate(gold_text)
        hinted = reference

        spans = capitalised_spans(r["text"])
        span_locs = [(s, prev, locate_hinted(gaz, s, hints)) for s, _, prev in spans]
        span_locs = [(s, prev, loc) for s, prev, loc in span_locs if loc is not None]
        after_prep = [t for t in span_locs if t[1] in LOCATIVE and t[2].resolution != "country"]
        after_prep = after_prep or [t for t in span_locs if t[1] in LOCATIVE]
        chosen = after_prep[-1] if after_prep else (span_locs[0] if span_locs else None)
        rows.append(
            {
                "id": r["id"],
                "gold_text": gold_text,
                "gold_country": gold_country,
                "gold_country_source": source,
                "reference": reference.to_dict() if reference else None,
                "blind": blind.to_dict() if blind else None,
                "blind_right_country": right_country(blind, gold_country, gaz),
                "hinted_right_country": right_country(hinted, gold_country, gaz),
                "spans": [(s, loc.name, loc.country, loc.resolution) for s, _, loc in span_locs],
                "any_span_right_country": any(
                    right_country(loc, gold_country, gaz) for _, _, loc in span_locs
                ),
                "any_span_right_place": any(same_place(loc, reference) for _, _, loc in span_locs),
                "chosen": (chosen[0], chosen[2].name, chosen[2].country) if chosen else None,
                "chosen_right_country": bool(chosen)
                and right_country(chosen[2], gold_country, gaz),
                "chosen_right_place": bool(chosen) and same_place(chosen[2], reference),
                "text": r["text"],
            }
        )

    n = len(rows)

    def share(key: str) -> float:
        return round(sum(1 for x in rows if x[key]) / n, 3) if n else 0.0

    noise = []
    for r in unlocated:
        for s, _, _ in capitalised_spans(r["text"]):
            loc = gaz.locate(s)
            if loc is not None:
                noise.append((s, loc.name, loc.country, loc.resolution))

    misses = [x for x in rows if not (x["blind_right_country"] and x["chosen_right_place"])]
    return {
        "records": len(records),
        "located_records": n,
        "gold_country_source": {
            s: sum(1 for x in rows if x["gold_country_source"] == s)
            for s in sorted({x["gold_country_source"] for x in rows})
        },
        "gold_text": {
            "located": round(sum(1 for x in rows if x["blind"]) / n, 3) if n else 0.0,
            "right_country_blind": share("blind_right_country"),
            "right_country_hinted": share("hinted_right_country"),
        },
        "sentence": {
            "located": round(sum(1 for x in rows if x["spans"]) / n, 3) if n else 0.0,
            "any_span_right_country": share("any_span_right_country"),
            "any_span_right_place": share("any_span_right_place"),
            "chosen_right_country": share("chosen_right_country"),
            "chosen_right_place": share("chosen_right_place"),
        },
        "spans_located_in_unlocated_records": len(noise),
        "unlocated_records": len(unlocated),
        "noise_examples": noise[:examples],
        "derived_references": [
            (
                x["id"],
                x["gold_text"],
                x["gold_country"],
                (x["reference"] or {}).get("name"),
                (x["reference"] or {}).get("resolution"),
            )
            for x in rows
        ],
        "misses": [
            {
                k: x[k]
                for k in ("id", "gold_text", "gold_country", "blind", "spans", "chosen", "text")
            }
            for x in misses[:examples]
        ],
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    path = Path(argv[0]) if argv else DEFAULT_PATH
    res = evaluate_plover_locations(path)
    res.pop("rows")
    print(json.dumps(res, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
