"""Hypotheticals, conditions, negations, denials and intentions are not coded as facts;
reporting frames fill reported_by / attributed_to instead of becoming events."""

from __future__ import annotations

import pytest

import flashpoint


def _events(text):
    return flashpoint.code(text, date="2025-11-20", clean=False)


def _modality(text, root):
    events = [e for e in _events(text) if e.cameo.root == root]
    assert events, f"no {root} event in: {text}"
    return events[0].modality


@pytest.mark.parametrize(
    "text, root, modality",
    [
        ("China could impose sanctions on Japan.", "16", "hypothetical"),
        ("Russia did not attack Ukraine on Sunday.", "19", "negated"),
        ("Iran denied that it attacked Israel.", "19", "denied"),
        ("Beijing has not ruled out the use of force against Taiwan.", "19", "hypothetical"),
        ("Japan did not meet Chinese officials on Monday.", "04", "negated"),
        ("Iran said it would attack Israel if Israel struck its nuclear sites.", "19", "conditional"),
        ("Norway is not willing to send troops to Saudi Arabia.", "15", "negated"),
        ("The US urged Japan to impose sanctions on Russia.", "16", "future"),
    ],
)
def test_events_that_did_not_happen_are_not_asserted(text, root, modality):
    assert _modality(text, root) == modality


def test_stated_intent_is_coded_as_intent_not_as_the_act():
    (event,) = [e for e in _events("Portugal will support Turkey's bid.") if e.source]
    assert event.asserted
    assert event.cameo.root == "03" and event.plover.type == "AGREE"
    assert "intent:" in event.rule


@pytest.mark.parametrize(
    "text, code",
    [
        ("Japan refused to meet Chinese officials.", "125"),
        ("Obama said he would not provide support to Israel.", "122"),
        ("Syria says it will not accept any more refugees.", "1245"),
        ("Norway is not willing to provide aid to Sudan.", "122"),
    ],
)
def test_a_stated_refusal_is_a_rejection_not_an_act_that_did_not_happen(text, code):
    events = _events(text)
    assert [e.cameo.code for e in events if e.asserted] == [code]
    assert all(e.plover.type == "REJECT" for e in events if e.asserted)


def test_would_in_an_announced_clause_is_the_speaker_s_intent():
    events = _events("Israel announced it would free 150 Palestinian prisoners.")
    (event,) = [e for e in events if e.asserted]
    assert event.cameo.code == "0353" and event.plover.type == "AGREE"
    assert [a.country for a in event.source] == ["ISR"]


def test_threat_to_sanction_is_a_threat():
    events = _events("Greece plans to impose restrictions on Turkish imports.")
    assert any(e.cameo.code == "1312" and e.asserted for e in events)
    assert not any(e.cameo.root == "16" and e.asserted for e in events)


def test_according_to_a_report_fills_the_frame_and_is_no_event():
    events = _events(
        "According to a Reuters report citing Western diplomats, Russia condemned Ukraine."
    )
    (e,) = events
    assert e.reported_by == ["Reuters"]
    assert e.attributed_to == ["Western diplomats"]


def test_officials_said_attributes_the_event():
    (e,) = _events("China imposed sanctions on Japan, Chinese officials said.")
    assert e.attributed_to == ["Chinese officials"]
    assert e.cameo.code.startswith("16")


def test_x_said_y_must_is_a_demand_by_x():
    (e,) = _events("Russia said Sudan must return the helicopter.")
    assert e.cameo.root == "10" and e.plover.type == "REQUEST"
    assert e.source[0].country == "RUS" and e.target[0].country == "SDN"


def test_what_an_ultimatum_demands_has_not_happened():
    events = _events("Peru has issued an ultimatum to Ecuador to halt attacks across the border.")
    assert any(e.cameo.code == "139" and e.asserted for e in events)
    assert not [e for e in events if e.cameo.root == "08" and e.asserted]


def test_a_refusal_asked_for_is_no_refusal():
    events = _events("Greece demanded that its EU partners refuse to recognize Macedonia.")
    assert not [e for e in events if e.cameo.root == "12" and e.asserted]


def test_a_conditional_stated_intent_is_a_threat_or_an_offer():
    events = _events("If talks fail, China will impose sanctions on Japan.")
    assert [e.cameo.code for e in events if e.asserted] == ["1312"]  # threaten to sanction


def test_an_act_made_to_depend_on_unless_is_a_threat():
    events = _events("Nigeria announced that it will withdraw its peacekeepers from Chad unless elections are held.")
    (threat,) = [e for e in events if e.asserted]
    assert threat.plover.type == "THREATEN"
    assert [a.country for a in threat.target] == ["TCD"]


def test_an_act_dated_years_before_the_report_is_background_not_a_new_event():
    # GDELT's old complaint: retrospectives and anniversaries coded as new events
    assert flashpoint.code("Russia invaded Ukraine in 2022.", date="2026-01-10", clean=False) == []
    assert flashpoint.code("Idi Amin expelled the Asians 18 years ago.", clean=False) == []
    # the same sentence in a report of that year is the event itself
    assert [e.cameo.root for e in flashpoint.code("Russia invaded Ukraine in 2022.", date="2022-02-25", clean=False)] == ["19"]
    # news reports recent acts with "last year", "last Friday": those stay
    assert flashpoint.code("Russia attacked Ukraine last Friday.", date="2026-01-10", clean=False)


def test_a_prevented_demonstration_did_not_happen_and_its_prevention_is_repression():
    events = _events("Turkish police prevented a demonstration by students in Sivas.")
    assert [e.cameo.root for e in events if e.asserted] == ["17"]
    assert not [e for e in events if e.cameo.root == "14" and e.asserted]


def test_the_wounded_are_people_not_an_attack():
    assert _events("UN helicopters evacuated the wounded from Gorazde on Friday.") == []


def test_what_negotiations_are_about_has_not_happened_yet():
    events = _events("Israel and Lebanon renewed negotiations today on an Israeli troop pullback.")
    assert {e.cameo.root for e in events if e.asserted} == {"04"}


def test_a_vetoed_resolution_censures_no_one():
    events = _events("The United States vetoed a Security Council resolution censuring its military sweep.")
    assert not [e for e in events if e.cameo.root == "11" and e.asserted]


def test_an_adopted_resolution_speaks_for_the_body_that_adopted_it():
    events = _events("The UN Security Council adopted a resolution condemning the coup in Niger.")
    assert any(e.cameo.root == "11" and e.source[0].country == "UNO" for e in events if e.asserted)


def test_a_relative_clause_keeps_its_own_tense_not_the_future_of_its_head():
    events = _events(
        "The Fijian rebels said they will release the prime minister, whom they had taken hostage two weeks ago."
    )
    taken = [e for e in events if e.cameo.root == "18"]
    assert taken and taken[0].modality == "asserted"


def test_a_reported_conditional_promise_is_the_speaker_s_stated_intent():
    events = _events(
        "Afghan rebel leaders said on Wednesday they would meet the U.N. mediator if he gave them a veto."
    )
    assert [(e.cameo.code, e.modality) for e in events if e.cameo.root in ("03", "04")] == [("036", "asserted")]

