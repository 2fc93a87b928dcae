"""Where an event happened, from its own sentence: "airstrikes on Kharkiv", "talks in Geneva".

Places are read from the locative phrases of the trigger and of the verb that carries it,
never from elsewhere in the article, and resolved offline by the gazetteer. A place that
cannot be resolved leaves the event unlocated. Places are never actors: "in Beijing" is
looked up here, while "Beijing condemned" is resolved as the government by the actor
knowledge base.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.geo import Gazetteer
from flashpoint.model import Location

# prepositions that put an event somewhere, most telling first
LOCATIVE_PREPS = ("in", "at", "near", "inside", "outside", "across", "around", "off", "along",
                  "within", "throughout", "into", "on", "over")  # fmt: skip
# "in the east of the Gaza Strip", "on the outskirts of Kyiv"
AREA_NOUNS = {"east", "west", "north", "south", "centre", "center", "outskirt", "suburb",
              "border", "coast", "capital", "city", "town", "village", "region", "province",
              "area", "part", "heart", "vicinity", "district"}  # fmt: skip
PLACE_ENTITIES = {"GPE", "LOC", "FAC"}


def _place_phrase(pobj: Token) -> str | None:
    """The place a prepositional object names, or None when it names none."""
    if pobj.lemma_.lower() in AREA_NOUNS:
        for prep in pobj.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                inner = [c for c in prep.children if c.dep_ == "pobj"]
                if inner:
                    return _place_phrase(inner[0])
        if pobj.ent_type_ not in PLACE_ENTITIES:
            return None
    if pobj.ent_type_ not in PLACE_ENTITIES and pobj.pos_ != "PROPN":
        return None
    start = min([pobj.i] + [c.left_edge.i for c in pobj.lefts if c.dep_ in ("compound", "amod", "det")])
    return pobj.doc[start : pobj.i + 1].text


# dependents that open another clause: places inside them belong to other events
CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "conj", "parataxis", "csubj", "xcomp", "acl"}


def location_of(
    trigger: Token, gazetteer: Gazetteer, *, hints: list[str], skip: set[int] = frozenset()
) -> Location | None:
    """The event's place: the nearest locative phrase in the trigger's own clause.

    The clause is searched breadth-first from the trigger (and the verb carrying a nominal
    trigger), so "killed 46 civilians in an attack on a village in the province of Herat"
    finds Herat, while a place in a subordinate clause belongs to that clause's event.
    ``skip`` holds tokens already read as the event's actors ("sanctions on Japan" has no
    place), ``hints`` the actors' countries, for names the gazetteer cannot settle alone.
    """
    start = [trigger]
    if trigger.head.i != trigger.i and trigger.head.pos_ in ("VERB", "AUX") and trigger.pos_ != "VERB":
        start.append(trigger.head)  # "launched airstrikes in Idlib"
    for obj in trigger.children:
        # "shelled Kharkiv": a town as the object is where it happened (a country is a target)
        if obj.dep_ == "dobj" and (phrase := _place_phrase(obj)):
            place = _locate(gazetteer, phrase, hints)
            if place is not None and place.resolution != "country":
                return place
    frontier = list(start)
    seen = {t.i for t in frontier}
    for _depth in range(5):
        found = None
        next_frontier: list[Token] = []
        for tok in frontier:
            for child in tok.children:
                if child.i in seen or child.dep_ in CLAUSE_DEPS:
                    continue
                seen.add(child.i)
                next_frontier.append(child)
                if child.dep_ == "prep" and child.lower_ in LOCATIVE_PREPS and found is None:
                    found = _place_of_prep(child, gazetteer, hints, skip)
        if found is not None:
            return found
        frontier = next_frontier
    return None


def _place_of_prep(prep: Token, gazetteer: Gazetteer, hints: list[str], skip) -> Location | None:
    for pobj in prep.children:
        if pobj.dep_ != "pobj":
            continue
        phrase = _place_phrase(pobj)
        if not phrase:
            continue
        place = _locate(gazetteer, phrase, hints)
        # a country read as the event's target ("sanctions on Japan") is not its place;
        # a city is ("airstrikes on Kharkiv")
        if place is not None and (pobj.i not in skip or place.resolution != "country"):
            return place
    return None


def _locate(gazetteer: Gazetteer, phrase: str, hints: list[str]) -> Location | None:
    """The gazetteer's own reading first: the actors' countries say who acted, not where."""
    place = gazetteer.locate(phrase)
    if place is not None:
        return place
    for hint in hints:
        place = gazetteer.locate(phrase, country_hint=hint)
        if place is not None:
            return place
    return None
