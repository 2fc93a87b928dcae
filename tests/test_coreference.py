"""Later sentences point back to named actors: titles, pronouns, "this statement"."""

from __future__ import annotations

import flashpoint


def _code(text, date="2025-11-26"):
    return flashpoint.code(text, date=date, clean=False)


def test_the_prime_minister_is_the_prime_minister_named_before():
    events = _code(
        "Japanese Prime Minister Sanae Takaichi spoke with Chinese officials on Monday. "
        "On Tuesday the prime minister condemned Beijing."
    )
    condemn = next(e for e in events if e.cameo.root == "11")
    assert [a.name for a in condemn.source] == ["Sanae Takaichi"]
    assert condemn.source[0].text == "the prime minister"


def test_she_is_the_person_named_before():
    events = _code(
        "Japanese Prime Minister Sanae Takaichi arrived in Manila on Monday. "
        "She criticized China on Tuesday."
    )
    criticize = next(e for e in events if e.cameo.root == "11")
    assert criticize.source[0].name == "Sanae Takaichi"


def test_a_fronted_his_points_forward_to_the_subject():
    events = _code("During his visit to Tokyo, Trump praised Japan.")
    praise = next(e for e in events if e.cameo.root == "05")
    assert praise.source[0].name == "Donald Trump"


def test_this_statement_drew_condemnation_aimed_at_its_speaker():
    events = _code(
        "Takaichi said a Chinese attack on Taiwan could threaten Japan. "
        "This statement drew immediate condemnation from China."
    )
    condemn = next(e for e in events if e.cameo.root == "11")
    assert {a.country for a in condemn.source} == {"CHN"}
    assert [a.name for a in condemn.target] == ["Sanae Takaichi"]


def test_a_title_is_never_resolved_to_someone_who_does_not_hold_it():
    events = _code(
        "US President Donald Trump met Japanese officials. The foreign minister condemned Russia."
    )
    condemn = next(e for e in events if e.cameo.root == "11")
    assert all(a.name != "Donald Trump" for a in condemn.source)


def test_he_in_an_announced_clause_is_the_speaker_even_when_not_a_known_person():
    events = _code("The UN secretary-general announced on Monday that he will withdraw weapons inspectors from Iraq.")
    withdraw = [e for e in events if e.asserted]
    assert withdraw and withdraw[0].source[0].country == "UNO"


def test_they_stands_for_a_group_named_by_its_members():
    events = _code("A group of Nigerian leaders announced that they are willing to forgive the president.")
    assert any(e.asserted and e.source[0].country == "NGA" for e in events)


def test_he_in_what_a_speaker_says_is_the_speaker_not_the_last_man_named():
    events = _code(
        "Israeli President Moshe Katsav has refused to meet Jordan's King Abdullah II in Tel Aviv, "
        "saying he would only welcome him in Jerusalem."
    )
    welcome = [e for e in events if e.cameo.root == "03"]
    assert welcome and welcome[0].source[0].country == "ISR"
