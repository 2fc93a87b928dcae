"""Every point of ../shared/examples/seed-expected.md, each asserted on the real pipeline."""

from __future__ import annotations

import pytest

from tests.conftest import SEED, SEED_DATE, need


def _countries(actors):
    return {a.country for a in actors}


def _find(events, root_prefix, src, tgt, modality="asserted"):
    return [
        e
        for e in events
        if e.cameo.code.startswith(root_prefix)
        and src in _countries(e.source)
        and tgt in _countries(e.target)
        and e.modality == modality
    ]


def test_seed_extraction_finds_title_and_body_without_furniture():
    import flashpoint

    article = flashpoint.extract(need(SEED).read_text(encoding="utf-8"), date=SEED_DATE)
    assert article.title == (
        "Trump Advises Japan PM Takaichi Against Provoking Beijing as Taiwan Crisis Deepens"
    )
    assert article.text.startswith("US President Donald Trump engaged")
    assert article.text.rstrip().endswith("one of the world's most volatile flashpoints.")
    for furniture in ("×", "Also Read", "Gallery Gallery", "Share on WhatsApp", "Kash Patel"):
        assert furniture not in article.text


def test_seed_codes_trump_xi_telephone_call(seed_events):
    calls = _find(seed_events, "041", "USA", "CHN")
    assert calls, "Trump -> Xi telephone conversation (041) missing"
    e = calls[0]
    assert e.cameo.code == "041" and e.plover.type == "CONSULT" and e.plover.mode == "phone"
    assert {a.code for a in e.source} == {"USAGOV"}
    assert {a.name for a in e.target} == {"Xi Jinping"}
    assert {a.code for a in e.target} == {"CHNGOV"}


def test_seed_codes_trump_takaichi_telephone_call(seed_events):
    calls = _find(seed_events, "041", "USA", "JPN")
    assert calls, "Trump -> Takaichi telephone conversation (041) missing"
    assert {a.name for a in calls[0].target} == {"Sanae Takaichi"}
    assert {a.code for a in calls[0].target} == {"JPNGOV"}


def test_seed_codes_the_advice_with_its_reporting_frame(seed_events):
    advice = _find(seed_events, "02", "USA", "JPN")
    assert advice, "Trump advised Takaichi (CAMEO 02x) missing"
    e = advice[0]
    assert e.plover.type == "REQUEST"
    assert "Wall Street Journal" in e.reported_by
    attributed = " | ".join(e.attributed_to)
    assert "Japanese officials" in attributed
    assert "US source" in attributed


def test_seed_codes_the_nominal_condemnation_from_china(seed_events):
    condemn = _find(seed_events, "111", "CHN", "JPN")
    assert condemn, "China's condemnation of Takaichi's remarks (111) missing"
    assert condemn[0].plover.type == "ACCUSE"
    assert "condemnation" in condemn[0].evidence.trigger


def test_seed_codes_the_sanctions(seed_events):
    sanctions = _find(seed_events, "163", "CHN", "JPN")
    assert sanctions, "Beijing's countermeasures against Tokyo (163) missing"
    e = sanctions[0]
    assert e.plover.type == "SANCTION"
    assert {a.code for a in e.source} == {"CHNGOV"}  # Beijing stands for the government
    assert {a.code for a in e.target} == {"JPNGOV"}
    assert "countermeasures" in e.evidence.trigger


@pytest.mark.parametrize("root", ["19", "18", "20", "15"])
def test_seed_hypothetical_use_of_force_is_never_asserted(seed_events, root):
    assert not [e for e in seed_events if e.cameo.root == root and e.asserted]
    for e in seed_events:
        if e.cameo.root == root:
            assert e.modality in ("hypothetical", "conditional")


def test_seed_no_asserted_concession_or_statement_from_the_negated_phrases(seed_events):
    for e in seed_events:
        if "without explicit concessions" in e.evidence.text and e.cameo.root in ("07", "08"):
            assert not e.asserted
        if "absence of public commentary" in e.evidence.text and e.evidence.trigger.startswith(
            "commentary"
        ):
            assert not e.asserted


def test_seed_nothing_from_teasers_or_widgets(seed_events):
    for e in seed_events:
        assert "Also Read" not in e.evidence.text
        assert "Kash Patel" not in e.evidence.text
        assert "Ukraine" not in e.evidence.text
        assert "WhatsApp" not in e.evidence.text


def test_seed_every_actor_is_us_china_japan_or_taiwan_and_events_are_few(seed_events):
    assert 5 <= len(seed_events) <= 24
    for e in seed_events:
        for a in e.source + e.target:
            assert a.country in {"USA", "CHN", "JPN", "TWN"}, (a, e.evidence.text)


def test_seed_events_carry_sentence_evidence_with_offsets(seed_events):
    import flashpoint

    article = flashpoint.extract(SEED.read_text(encoding="utf-8"), date=SEED_DATE)
    for e in seed_events:
        assert article.text[e.evidence.start : e.evidence.end] == e.evidence.text
        assert e.evidence.trigger.split()[0] in e.evidence.text
        assert e.date == SEED_DATE


def test_seed_event_ids_are_deterministic(seed_events):
    import flashpoint

    again = flashpoint.code(SEED.read_text(encoding="utf-8"), date=SEED_DATE, id="seed")
    assert sorted(e.id for e in again) == sorted(e.id for e in seed_events)
    assert len({e.id for e in seed_events}) == len(seed_events)


def test_seed_event_records_follow_the_contract(seed_events):
    keys = {
        "id", "doc_id", "sentence_index", "date", "source", "target", "cameo", "plover",
        "modality", "reported_by", "attributed_to", "location", "evidence", "confidence", "rule",
    }
    for e in seed_events:
        d = e.to_dict()
        assert keys <= d.keys()
        assert d["modality"] in (
            "asserted", "hypothetical", "conditional", "future", "negated", "denied"
        )
        assert {"code", "root", "name", "goldstein", "quad_class"} <= d["cameo"].keys()
        assert {"text", "start", "end", "trigger"} <= d["evidence"].keys()
        for actor in d["source"] + d["target"]:
            assert {"text", "name", "code", "country", "sector"} <= actor.keys()
