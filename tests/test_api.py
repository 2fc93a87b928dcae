"""The Python API a researcher uses in a notebook."""

from __future__ import annotations

from datetime import date

import flashpoint
from tests.conftest import SEED, SEED_DATE, need


def test_code_returns_events_for_plain_text():
    events = flashpoint.code(
        "Japan and China held talks in Beijing on Monday.", date="2025-11-20", clean=False
    )
    assert events
    e = events[0]
    assert isinstance(e, flashpoint.Event)
    assert e.date == date(2025, 11, 20)
    assert e.cameo.root == "04"


def test_code_as_frame_gives_one_row_an_event():
    frame = flashpoint.code(need(SEED).read_text(encoding="utf-8"), date=SEED_DATE, as_frame=True)
    assert len(frame) >= 5
    for column in ("source_code", "target_code", "cameo_code", "modality", "evidence", "goldstein"):
        assert column in frame.columns
    assert (frame["cameo_code"] == "163").any()


def test_hypothetical_sentence_is_coded_as_hypothetical_not_asserted():
    events = flashpoint.code(
        "Officials said China could impose sanctions on Japan if the dispute worsens.",
        date="2025-11-20",
        clean=False,
    )
    assert events and all(not e.asserted for e in events)


def test_negated_sentence_is_coded_as_negated():
    events = flashpoint.code(
        "Russia did not attack Ukraine on Sunday.", date="2025-03-01", clean=False
    )
    assert events and all(e.modality == "negated" for e in events)


def test_passive_voice_gives_the_agent_as_source():
    events = flashpoint.code(
        "Japan was condemned by China on Tuesday.", date="2025-11-20", clean=False
    )
    e = next(e for e in events if e.cameo.root == "11")
    assert {a.country for a in e.source} == {"CHN"}
    assert {a.country for a in e.target} == {"JPN"}


def test_a_reduced_passive_names_who_suffered_it_not_who_did_it():
    # "soldiers killed by rebels": the soldiers are the target, and not the rebels either
    events = flashpoint.code(
        "Four Sudanese soldiers killed by rebels in Darfur were buried on Monday.", date="2010-01-01", clean=False
    )
    e = next(e for e in events if e.cameo.root == "19")
    assert [(a.country, a.sector) for a in e.source] == [("SDN", "REB")]
    assert [(a.country, a.sector) for a in e.target] == [("SDN", "MIL")]
    # the parser misses the passive but keeps its "by" agent
    events = flashpoint.code(
        "The journalists detained last week by Iranian police were freed on Monday.", date="2010-01-01", clean=False
    )
    e = next(e for e in events if e.cameo.code == "173")
    assert [a.code for a in e.source] == ["IRNCOP"] and [a.sector for a in e.target] == ["MED"]


def test_kidnapping_up_to_a_number_of_people_names_the_people_kidnapped():
    events = flashpoint.code(
        "Afghan rebels have kidnapped up to 16 Russian civilian advisers from a town bazaar.",
        date="1985-01-01", clean=False,
    )
    e = next(e for e in events if e.cameo.root == "18")
    assert [a.country for a in e.target] == ["RUS"]


def test_what_someone_is_pressured_to_do_is_not_yet_done_and_is_theirs_to_do():
    events = flashpoint.code("Obama is being pressured by congress to help Iran.", date="2014-01-01", clean=False)
    helped = next(e for e in events if e.cameo.root == "07")
    assert helped.modality == "future"
    assert [a.code for a in helped.source] == ["USAGOV"]


def test_coordinated_subjects_make_one_event_with_a_compound_source():
    events = flashpoint.code(
        "The United States and France accused Russia of aggression.", date="2025-03-01", clean=False
    )
    e = next(e for e in events if e.cameo.root == "11")
    assert {a.country for a in e.source} == {"USA", "FRA"}
    assert {a.country for a in e.target} == {"RUS"}
    assert sorted(e.dyads()) == [("FRA", "RUS"), ("USA", "RUS")]


def test_stale_dictionary_complaint_obama_is_not_the_us_government_in_2025():
    events = flashpoint.code("Barack Obama criticized China.", date="2025-06-01", clean=False)
    assert events and events[0].source[0].code == "USA"
    events = flashpoint.code("Barack Obama criticized China.", date="2014-06-01", clean=False)
    assert events and events[0].source[0].code == "USAGOV"
