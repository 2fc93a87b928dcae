"""Events are placed from their own sentence, offline; places never become actors."""

from __future__ import annotations

import flashpoint


def _code(text):
    return flashpoint.code(text, date="2025-11-20", clean=False)


def test_airstrikes_on_a_city_are_located_in_that_city():
    (event,) = [e for e in _code("Russian forces launched airstrikes on Kharkiv on Monday.") if e.cameo.root == "19"]
    assert event.location is not None
    assert event.location.name == "Kharkiv" and event.location.country == "UKR"
    assert event.location.resolution == "city"
    assert 49 < event.location.lat < 51 and 35 < event.location.lon < 37


def test_talks_in_geneva_are_in_switzerland_whoever_talks():
    events = _code("Iran and the United States held talks in Geneva.")
    assert events and events[0].location.country == "CHE"


def test_a_country_that_is_the_target_is_not_the_place():
    (event,) = _code("China imposed sanctions on Japan.")
    assert {a.country for a in event.target} == {"JPN"}
    assert event.location is None


def test_a_place_in_another_clause_does_not_locate_the_event():
    events = _code("China condemned Japan after protesters gathered in Osaka.")
    condemn = next(e for e in events if e.cameo.root == "11")
    assert condemn.location is None


def test_a_capital_as_a_place_is_not_promoted_to_an_actor():
    events = _code("Japanese and Chinese diplomats held talks in Beijing on Monday.")
    assert events
    for e in events:
        assert all(a.code != "CHNGOV" or a.text != "Beijing" for a in e.source + e.target)
    assert events[0].location.name == "Beijing"


def test_unresolvable_place_leaves_only_that_event_unlocated():
    events = _code("Rebels attacked Zzyzxville, and Russian forces shelled Kharkiv.")
    located = {e.location.name if e.location else None for e in events}
    assert "Kharkiv" in located


def test_a_place_deep_in_the_clause_is_found():
    events = _code("A journalist was killed by a car bomb in a residential sector of eastern Beirut.")
    assert events and events[0].location.name == "Beirut"


def test_outside_of_a_city_is_at_that_city():
    events = _code("Three US servicemen were killed by a roadside bomb outside of the Iraqi city of Basra.")
    assert events and events[0].location.country == "IRQ"


def test_a_town_in_a_country_the_sentence_names_is_that_country_s():
    events = _code(
        "Syrian officers ended mediation efforts between rival militias in Tripoli as shells "
        "crashed into the north Lebanese port."
    )
    assert events and events[0].location.country == "LBN"


def test_a_place_that_modifies_a_noun_locates_the_event():
    events = _code("The Israeli army forced out 1,000 Palestinian refugees in a West Bank refugee camp.")
    assert events and events[0].location.name == "West Bank"


def test_a_purpose_clause_happens_where_its_main_clause_does():
    events = _code("Thousands of Nigerians converged for a rally in Lagos to protest the new law.")
    protest = [e for e in events if e.cameo.root == "14"]
    assert protest and protest[0].location.name == "Lagos"


def test_a_nominal_trigger_after_a_preposition_is_placed_by_its_verb():
    events = _code("Israeli troops remained on alert in the occupied West Bank today.")
    assert events and events[0].location.name == "West Bank"
