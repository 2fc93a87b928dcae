"""Where an event happened, from its own sentence: "airstrikes on Kharkiv", "talks in Geneva".

Places are read from the locative phrases of the trigger and of the verb that carries it,
never from elsewhere in the article, and resolved offline by the gazetteer. A place that
cannot be resolved leaves the event unlocated. Places are never actors: "in Beijing" is
looked up here, while "Beijing condemned" is resolved as the government by the actor
knowledge base.
"""

from __future__ import annotations

from spacy.tokens import Token

from flashpoint.coding.modality import is_purpose_clause
from flashpoint.geo import Gazetteer
from flashpoint.model import Location

# prepositions that put an event somewhere, most telling first
LOCATIVE_PREPS = ("in", "at", "near", "inside", "outside", "across", "around", "off", "along",
                  "within", "throughout", "into", "on", "over")  # fmt: skip
# "in the east of the Gaza Strip", "on the outskirts of Kyiv"
AREA_NOUNS = {"east", "west", "north", "south", "centre", "center", "outskirt", "suburb",
              "border", "coast", "capital", "city", "town", "village", "region", "province",
              "area", "part", "heart", "vicinity", "district", "sector", "quarter", "zone",
              "neighbourhood", "neighborhood", "port", "enclave", "camp", "side", "edge"}  # fmt: skip
# how far (in dependency steps) from the trigger a locative phrase may sit in its clause
MAX_DEPTH = 8
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
            return _modifier_place(pobj)
    if pobj.ent_type_ not in PLACE_ENTITIES and pobj.pos_ != "PROPN":
        return _modifier_place(pobj)
    start = min([pobj.i] + [c.left_edge.i for c in pobj.lefts if c.dep_ in ("compound", "amod", "det")])
    return pobj.doc[start : pobj.i + 1].text


def _modifier_place(noun: Token) -> str | None:
    """ "a West Bank refugee camp", "a Kabul hotel": the place named by a noun's modifiers."""
    mods = [c for c in noun.children if c.dep_ == "compound" and c.ent_type_ in PLACE_ENTITIES]
    if not mods:
        return None
    first = mods[0]
    return noun.doc[first.left_edge.i : first.i + 1].text


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
    if trigger.pos_ != "VERB":
        # "launched airstrikes in Idlib", "remained on alert in the West Bank": the verb
        # that carries a nominal trigger, directly or through a preposition
        head = trigger.head
        if head.pos_ == "ADP" and head.head.i != head.i:
            head = head.head
        if head.i != trigger.i and head.pos_ in ("VERB", "AUX"):
            start.append(head)
    for obj in trigger.children:
        # "shelled Kharkiv": a town as the object is where it happened (a country is a target)
        if obj.dep_ == "dobj" and (phrase := _place_phrase(obj)):
            place = gazetteer.locate_in_named(phrase, hints)
            if place is not None and place.resolution != "country":
                return place
    found = _search_clause(start, gazetteer, hints, skip)
    if found is None and is_purpose_clause(start[-1]):
        # "converged on Lagos for a rally to protest ...": the purpose happens where its clause does
        found = _search_clause([start[-1].head], gazetteer, hints, skip)
    return found


def _search_clause(start: list[Token], gazetteer: Gazetteer, hints: list[str], skip) -> Location | None:
    """Breadth-first through the clause from ``start``: the nearest locative phrase that resolves."""
    frontier = list(start)
    seen = {t.i for t in frontier}
    for _depth in range(MAX_DEPTH):
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
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    for inner in prep.children:
        if inner.dep_ == "prep":  # "outside of Basra", "south of Kabul"
            objects.extend(c for c in inner.children if c.dep_ == "pobj")
    for pobj in objects:
        phrase = _place_phrase(pobj)
        if not phrase:
            continue
        place = gazetteer.locate_in_named(phrase, hints)
        # a country read as the event's target ("sanctions on Japan") is not its place;
        # a city is ("airstrikes on Kharkiv")
        if place is not None and (pobj.i not in skip or place.resolution != "country"):
            return place
    return None
