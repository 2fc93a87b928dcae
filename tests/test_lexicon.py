"""The event lexicon as a user meets it: the built-in data loads cleanly, covers CAMEO, and its
triggers fire on parsed news sentences; a user's broken file is reported row by row."""

from __future__ import annotations

from pathlib import Path

import pytest

from flashpoint import ontology
from flashpoint.coding.lexicon import (
    LexiconError,
    default_lexicon,
    load_lexicon,
    validate_lexicon,
)
from tests.conftest import SEED, SEED_DATE, need

ROOTS = {f"{i:02d}" for i in range(1, 21)}


@pytest.fixture(scope="module")
def nlp():
    from flashpoint.nlp import load_pipeline

    return load_pipeline()


def _matches(nlp, sentence: str) -> dict[str, str]:
    """Trigger word -> CAMEO code for every token of the parsed sentence that the lexicon matches."""
    lexicon = default_lexicon()
    return {tok.text: entry.code for tok in nlp(sentence) if (entry := lexicon.match(tok))}


# -- the built-in data ------------------------------------------------------------------------


def test_the_built_in_lexicon_loads_with_no_problems():
    assert validate_lexicon() == []
    assert len(default_lexicon()) > 0


def test_the_built_in_lexicon_covers_every_cameo_root():
    assert default_lexicon().roots_covered() == ROOTS


def test_the_built_in_lexicon_has_more_than_900_entries():
    assert len(default_lexicon()) > 900


def test_every_trigger_names_a_code_with_a_name_in_the_ontology():
    known = ontology.cameo_codes()
    for trigger in default_lexicon().triggers:
        assert trigger.code in known, trigger.rule
        assert trigger.pos in ("V", "N"), trigger.rule


def test_reporting_verbs_are_left_to_the_reporting_frames():
    lexicon = default_lexicon()
    for lemma in ("say", "tell", "report", "state", "add", "note", "according"):
        assert lexicon.candidates("V", lemma) == [], lemma


# -- triggers on parsed sentences ---------------------------------------------------------------


def _seed_sentences() -> list[str]:
    import flashpoint
    from flashpoint.nlp import split_sentences

    text = flashpoint.extract(need(SEED).read_text(encoding="utf-8"), date=SEED_DATE).text
    return [text[a:b] for a, b in split_sentences(text)]


def _seed_sentence_with(sentences: list[str], word: str) -> str:
    found = [s for s in sentences if word in s]
    assert found, f"no seed sentence contains {word!r}"
    return found[0]


def test_seed_triggers_fire_on_the_parsed_seed_sentences(nlp):
    sentences = _seed_sentences()

    calls = _matches(nlp, _seed_sentence_with(sentences, "telephone conversations"))
    assert calls.get("conversations") == "041"

    advice = _matches(nlp, _seed_sentence_with(sentences, "advised"))
    assert advice.get("advised", "").startswith("02")
    assert ontology.plover_for(advice["advised"]).type == "REQUEST"

    condemnation = _matches(nlp, _seed_sentence_with(sentences, "condemnation"))
    assert condemnation.get("condemnation") == "111"

    countermeasures = _matches(nlp, _seed_sentence_with(sentences, "countermeasures"))
    assert countermeasures.get("countermeasures") == "163"


@pytest.mark.parametrize(
    ("sentence", "word", "code"),
    [
        ("Biden spoke by phone with Xi on Tuesday.", "spoke", "041"),
        ("Putin met with Chinese President Xi Jinping in Beijing.", "met", "040"),
        ("Xi paid a state visit to Russia.", "visit", "042"),
        ("Xi hosted Putin in Beijing.", "hosted", "043"),
        ("Qatar hosted talks between Israel and Hamas.", "hosted", "045"),
        ("The two sides held peace talks in Istanbul.", "talks", "046"),
        ("Japan and Australia signed a defence pact.", "signed", "057"),
        ("The US praised India for its restraint.", "praised", "051"),
        ("Japan apologized to South Korea for the incident.", "apologized", "055"),
        ("China urged Japan to exercise restraint.", "urged", "0256"),
        ("Germany called for the release of the hostages.", "called", "0253"),
        ("Kenya appealed for international aid after the floods.", "appealed", "023"),
        ("The EU offered to mediate between the two sides.", "offered", "039"),
        ("Japan agreed to resume talks with China.", "agreed", "036"),
        ("The US supplied weapons to Ukraine.", "supplied", "072"),
        ("Ecuador granted asylum to Assange.", "granted", "075"),
        ("Hamas released three hostages on Saturday.", "released", "0841"),
        ("The EU lifted sanctions on Iran.", "lifted", "085"),
        ("Russia withdrew its troops from Kherson.", "withdrew", "0874"),
        ("Israel and Hamas agreed to a ceasefire.", "ceasefire", "0871"),
        ("The rebels laid down their arms.", "laid", "0873"),
        ("The minister resigned on Friday.", "resigned", "0831"),
        ("The ICC opened an investigation into war crimes in Ukraine.", "investigation", "094"),
        ("Prosecutors are investigating the incident.", "investigating", "090"),
        ("The IAEA dispatched inspectors to Iran.", "dispatched", "090"),
        ("Rebels exploded a series of bombs in the capital.", "exploded", "183"),
    ],
)
def test_common_news_phrasings_get_their_cameo_code(nlp, sentence, word, code):
    assert _matches(nlp, sentence).get(word) == code


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("The government failed to meet the deadline.", "meet"),
        ("The White House released a statement on Monday.", "released"),
        ("He called the decision a mistake.", "called"),
        ("She spoke to reporters after the vote.", "spoke"),
        ("Refugees arrived in Italy by boat.", "arrived"),
        ("The airline suspended operations in Russia.", "suspended"),
        ("The minister offered no details.", "offered"),
    ],
)
def test_ambiguous_words_do_not_fire_without_the_words_that_make_them_events(nlp, sentence, word):
    assert word not in _matches(nlp, sentence)


# -- a user's own lexicon file ---------------------------------------------------------------


BAD_ROWS = """\
code\tpos\tlemma\trequires\ttarget\tsource\tnote
# a comment line
111\tN\tcondemnation\t-\tof|against\tfrom|by\tfine
999\tV\tfrobnicate\t-\t-\t-\tunknown code
111\tX\tdenounce\t-\t-\t-\tbad pos
111\tN\tcondemnation\t-\tof\t-\tduplicate of line 3
111\tV
"""


def test_malformed_rows_are_reported_with_file_and_line(tmp_path: Path):
    path = tmp_path / "my_lexicon.tsv"
    path.write_text(BAD_ROWS, encoding="utf-8")

    with pytest.raises(LexiconError) as err:
        load_lexicon([path])
    message = str(err.value)

    problems = validate_lexicon([path])
    assert len(problems) == 4
    expected = {
        "my_lexicon.tsv:4": "unknown CAMEO code",
        "my_lexicon.tsv:5": "pos must be V or N",
        "my_lexicon.tsv:6": "duplicate pattern, first at my_lexicon.tsv:3",
        "my_lexicon.tsv:7": "expected at least code, pos, lemma",
    }
    for where, what in expected.items():
        assert any(p.startswith(where) and what in p for p in problems), (where, problems)
        assert where in message


def test_a_lenient_load_keeps_the_good_rows_of_a_broken_file(tmp_path: Path):
    path = tmp_path / "my_lexicon.tsv"
    path.write_text(BAD_ROWS, encoding="utf-8")
    lexicon = load_lexicon([path], strict=False)
    assert [(t.code, t.lemma, t.rule) for t in lexicon.triggers] == [
        ("111", "condemnation", "my_lexicon.tsv:3")
    ]


def test_a_resignation_is_a_plover_retreat_though_cameo_files_it_under_0831():
    import flashpoint
    from flashpoint.coding.lexicon import plover_readings

    assert plover_readings()[("0831", "step down")].mode == "resign"
    events = flashpoint.code("Georgian President Eduard Shevardnadze resigned on Sunday.", clean=False)
    resign = next(e for e in events if e.cameo.code == "0831")
    assert (resign.plover.type, resign.plover.mode) == ("RETREAT", "resign")
    # other 0831 triggers keep the conversion table's reading
    events = flashpoint.code("The king agreed to early elections with the opposition.", clean=False)
    assert {e.plover.type for e in events if e.cameo.code == "0831"} <= {"CONCEDE"}


def test_a_conviction_is_a_plover_sanction_as_the_ontology_lists_convict():
    import flashpoint

    events = flashpoint.code("A Russian court sentenced the opposition leader to nine years in prison.", clean=False)
    sentence = next(e for e in events if e.cameo.code == "173")
    assert (sentence.plover.type, sentence.plover.mode) == ("SANCTION", "convict")


def test_a_row_can_require_a_direct_object():
    import flashpoint

    helped = flashpoint.code("The United States helped Israel.", clean=False)
    assert [(e.cameo.code, e.target[0].country) for e in helped] == [("070", "ISR")]
    assert not [e for e in flashpoint.code("The unit helped to plan the attacks.", clean=False) if e.cameo.root == "07"]


def test_demonstrators_destroying_property_are_rioting_as_cameo_codes_it():
    import flashpoint

    torched = flashpoint.code("Protesters torched the Egyptian embassy in Tripoli.", date="2012-09-15", clean=False)
    assert [(e.cameo.code, e.plover.type) for e in torched] == [("145", "PROTEST")]
    rioted = flashpoint.code(
        "Palestinian prisoners rioted Monday at this jail in northern Israel, setting fire to their mattresses.",
        date="1990-01-01", clean=False,
    )
    assert {e.cameo.code for e in rioted} == {"145"}
    # soldiers burning a village are not rioting
    burned = flashpoint.code("Soldiers torched the village.", clean=False)
    assert [e.cameo.code for e in burned] == ["1712"]


def test_an_indictment_is_a_plover_accusation_as_the_ontology_lists_allege():
    import flashpoint

    events = flashpoint.code(
        "Montenegro's prime minister has been indicted by the U.N. war crimes court.", date="2000-01-01", clean=False
    )
    indicted = next(e for e in events if e.cameo.code == "173")
    assert (indicted.plover.type, indicted.plover.mode) == ("ACCUSE", "allege")
    assert indicted.target[0].country == "MNE"


def test_a_withdrawal_is_read_with_the_forces_that_complete_it():
    import flashpoint

    events = flashpoint.code(
        "Bosnian Serbs said their forces had completed their withdrawal from the town of Gorazde.",
        date="1994-04-26", clean=False,
    )
    assert [e.cameo.code for e in events if e.cameo.root == "08"] == ["0874"]


def test_an_arrangement_already_in_place_is_no_new_event():
    import flashpoint

    violated = flashpoint.code("Rebels violated the ceasefire on Monday.", clean=False)
    assert [e.cameo.code for e in violated] == ["196"]
    overseen = flashpoint.code("UN peacekeepers oversee a ceasefire between Ethiopia and Eritrea.", clean=False)
    assert not [e for e in overseen if e.cameo.root == "08"]


def test_troops_deployed_with_no_one_named_deploying_are_their_country_s_show_of_force():
    import flashpoint

    events = flashpoint.code("Thousands of Indian troops were deployed to the border on Monday.", clean=False)
    assert [(e.cameo.code, e.source[0].code) for e in events] == [("154", "INDMIL")]

