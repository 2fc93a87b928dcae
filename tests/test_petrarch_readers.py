"""Reading PETRARCH/TABARI dictionaries: every shared file, malformed lines, dates, agents, verbs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from flashpoint.petrarch.dictionaries import (
    detect_kind,
    load_dictionaries,
    parse_dated_code,
    parse_event_code,
    parse_tabari_date,
    plural_of,
    verb_forms,
)

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
DICTS = EVAL / "petrarch2" / "dictionaries"
UD_DICTS = EVAL / "petrarch2" / "ud_dictionaries"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} not found: evaluation data is read from ../shared beside the repo")
    return path


# file, kind, counts that must hold, (errors, warnings) reported
SHARED_FILES = [
    ("CAMEO.2.0.txt", "verbs", {"verb_blocks": 397, "patterns": 4662, "synsets": 40, "transformations": 8}, (6, 30)),
    ("PETR.Validate.verbs.txt", "verbs", {"verb_blocks": 261, "patterns": 473, "synsets": 17}, (1, 3)),
    ("PETR.Validate.actors.txt", "actors", {"actors": 128, "actor_names": 161}, (0, 2)),
    ("PETR.Validate.agents.txt", "agents", {"agents": 174}, (0, 0)),
    ("PETR.Validate.discards.txt", "discards", {"discards": 9}, (0, 0)),
    ("Phoenix.Countries.actors.txt", "actors", {"actors": 18352, "actor_names": 25910}, (11, 72)),
    ("Phoenix.International.actors.txt", "actors", {"actors": 7838, "actor_names": 7906}, (2, 22)),
    ("Phoenix.MilNonState.actors.txt", "actors", {"actors": 1021, "actor_names": 1793}, (0, 9)),
    ("Phoenix.agents.txt", "agents", {"agents": 6695}, (2, 9)),
    ("Phoenix.discards.txt", "discards", {"discards": 506}, (0, 0)),
    ("Phoenix.IssueCoding.txt", "issues", {"issues": 5050}, (6, 0)),
]


@pytest.mark.parametrize(("name", "kind", "counts", "problems"), SHARED_FILES, ids=[f[0] for f in SHARED_FILES])
def test_every_shared_dictionary_file_is_read_with_the_problems_it_has(name, kind, counts, problems):
    d = load_dictionaries([need(DICTS / name)])
    assert d.files[0][1] == kind
    stats = d.stats()
    for key, value in counts.items():
        assert stats[key] == value, key
    assert (stats["errors"], stats["warnings"]) == problems
    for p in d.problems:  # every problem names its file and line
        assert str(p).startswith(str(DICTS / name) + ":")
        assert p.line > 0


def test_the_cameo_verb_dictionary_keeps_every_well_formed_pattern():
    d = load_dictionaries([need(DICTS / "CAMEO.2.0.txt")])
    # the README counts 4,668 patterns; the six malformed ones are reported, not dropped silently
    bad_patterns = [p for p in d.problems if p.severity == "error" and "pattern" in p.message]
    assert d.verbs.n_patterns + len(bad_patterns) == 4668
    assert {p.line for p in bad_patterns} == {1735, 2374, 5787, 7606, 8443, 8444}


def test_a_folder_is_read_file_by_file_recognising_each_kind():
    d = load_dictionaries(need(UD_DICTS))
    assert sorted(k for _p, k in d.files) == ["actors", "agents", "discards", "verbs"]
    assert d.stats()["errors"] == 7


def test_phoenix_reports_the_real_mistakes_it_contains():
    d = load_dictionaries([need(DICTS / "Phoenix.Countries.actors.txt"), need(DICTS / "Phoenix.agents.txt")])
    text = [str(p) for p in d.problems]
    assert any("Phoenix.agents.txt:544: error" in t and "[~ENV}" in t for t in text)
    assert any("Phoenix.Countries.actors.txt:18010: error" in t and "201005011" in t for t in text)
    assert any("Phoenix.Countries.actors.txt:14190: error" in t and "ends" in t for t in text)


# -- malformed entries ---------------------------------------------------------------------------


def test_a_malformed_actor_entry_is_reported_with_its_file_and_line(tmp_path):
    f = tmp_path / "mine.actors.txt"
    f.write_text(
        "ARNOR [ARN]\n"
        "GONDOR [GON 9501-950601]\n"  # line 2: a malformed date
        "+MINAS_TIRITH\n"
        "ROHAN\n"  # line 4: a second name line before any code: read as a synonym, with a warning
        "\n"
        "[XYZ]\n"
        "MORDOR [MOR\n"  # line 7: unbalanced bracket
    )
    d = load_dictionaries([f])
    problems = {(p.line, p.severity) for p in d.problems}
    assert problems == {(2, "error"), (4, "warning"), (7, "error")}
    messages = [str(p) for p in d.problems]
    assert any(m.startswith(f"{f}:2: error") and "9501" in m for m in messages)
    assert [a.name for a in d.actors] == ["ARNOR", "GONDOR"]
    assert d.actors[1].synonyms == ["MINAS_TIRITH", "ROHAN"]
    assert [c.code for c in d.actors[1].codes] == ["XYZ"]


def test_an_actor_without_any_code_is_reported_not_dropped_silently(tmp_path):
    f = tmp_path / "a.actors.txt"
    f.write_text("ARNOR [ARN]\n\nLONELY_NAME\n\nGONDOR [GON]\n")
    d = load_dictionaries([f])
    assert [str(p) for p in d.problems] == [f"{f}:3: error: actor 'LONELY_NAME' has no [CODE] line; not used"]


def test_malformed_verb_lines_are_reported_with_file_and_line(tmp_path):
    f = tmp_path / "test.verbs.txt"
    f.write_text(
        "&TIES\n+MILITARY\n+ECONOMIC\n\n"
        "--- CONDEMN [122] ---\n"  # 5
        "CONDEMN\n"
        "- * &NOSUCH [123]\n"  # 7: unknown synset
        "- * TIES\n"  # 8: no code
        "- SAID [124]\n"  # 9: no verb
        "- * &TIES TIES [125]\n"  # 10: fine
        "- * (UNCLOSED [126]\n"  # 11: unbalanced group
        "- * BAD [080!]\n"  # 12: malformed code
    )
    d = load_dictionaries([f])
    lines = sorted(p.line for p in d.problems if p.severity == "error")
    assert lines == [7, 8, 9, 11, 12]
    assert [p.text for p in d.verbs.blocks[0].patterns] == ["* &TIES TIES"]


def test_malformed_agents_discards_and_issues_are_reported(tmp_path):
    a = tmp_path / "x.agents.txt"
    a.write_text("OFFICIAL [~GOV]\nMINISTER [~GOV}\nCLERIC\nPOLICE {} [COP]\n")
    d = load_dictionaries([a])
    assert sorted(p.line for p in d.problems) == [2, 3, 4]
    i = tmp_path / "x.issues.txt"
    i.write_text('<ISSUE CATEGORY="EDU">\nn:teacher [TEACHERS]\nn:pupil\nfoo [A] [B]\n</ISSUE>\nstray [X]\n')
    d = load_dictionaries([i])
    assert sorted(p.line for p in d.problems) == [4, 6]
    assert ("EDU", "TEACHERS") in d.issues_in("The pupils and their teachers marched.")


# -- dates ----------------------------------------------------------------------------------------


def test_tabari_dates_read_two_digit_years_up_to_30_as_this_century():
    assert parse_tabari_date("950601") == date(1995, 6, 1)
    assert parse_tabari_date("300101") == date(2030, 1, 1)
    assert parse_tabari_date("310101") == date(1931, 1, 1)
    assert parse_tabari_date("20121109") == date(2012, 11, 9)
    with pytest.raises(ValueError):
        parse_tabari_date("2004017")


def test_date_restrictions_follow_petrarch_rules():
    before = parse_dated_code("HOB <950601")
    assert before.holds(date(1995, 5, 31)) and not before.holds(date(1995, 6, 1))
    after = parse_dated_code("HOBREB > 990816")
    assert after.holds(date(1999, 8, 16)) and not after.holds(date(1999, 8, 15))
    span = parse_dated_code("HOBGOV 19950601 - 19990815")
    assert span.holds(date(1995, 6, 1)) and span.holds(date(1999, 8, 15)) and not span.holds(date(1999, 8, 16))


def test_date_restricted_roles_resolve_by_the_date_first_matching_line_winning():
    d = load_dictionaries([need(DICTS / "PETR.Validate.actors.txt")])
    by_name = {a.name: a for a in d.actors}
    gollum = by_name["GOLLUM"]
    assert gollum.code_at(date(1995, 1, 1)) == "HOB"
    assert gollum.code_at(date(1995, 11, 1)) == "HOBGOV"
    assert gollum.code_at(date(2001, 1, 1)) == "HOBREB"
    sam = by_name["SAM_GAMGEE"]
    assert sam.code_at(date(2008, 1, 19)) == "HOBCIV"
    assert sam.code_at(date(2010, 1, 9)) == "ORCHOB"  # listed before the overlapping HOBMIL line
    assert sam.code_at(date(2010, 1, 13)) == "HOBMIL"
    assert sam.code_at(date(2014, 1, 1)) == "HOBELI"
    zimbabwe = by_name["ZIMBABWE"]
    assert zimbabwe.code_at(date(1978, 12, 23)) == "RHO"
    assert zimbabwe.code_at(date(2001, 1, 1)) == "ZBW"  # the unrestricted default
    assert by_name["ONODOHER"].code_at(date(1995, 1, 1)) is None  # no longer an actor


# -- agents, verbs, codes ---------------------------------------------------------------------------


def test_agents_get_regular_plurals_unless_braces_say_otherwise():
    d = load_dictionaries([need(DICTS / "PETR.Validate.agents.txt")])
    phrases = {a.phrase: a for a in d.agents}
    assert "OPPOSITION_GROUPS" in phrases  # generated
    assert "GOLDEN_GEESE" in phrases and "GOLDEN_GOOSES" not in phrases  # {GOLDEN_GEESE}
    assert "POLICE" in phrases and "POLICES" not in phrases  # {}
    assert phrases["MSF"].prefix and phrases["MSF"].code == "NGO"
    assert "MINISTRY_OF_SILLY_WALKS" in phrases  # !MINST! substitution set
    assert plural_of("AUTHORITY") == "AUTHORITIES" and plural_of("CONGRESSMAN") == "CONGRESSMEN"


def test_verbs_get_regular_forms_and_compound_verbs_keep_their_words():
    assert verb_forms("ABANDON") == ["ABANDON", "ABANDONS", "ABANDONED", "ABANDONING"]
    assert verb_forms("RESCHEDULE")[1:] == ["RESCHEDULES", "RESCHEDULED", "RESCHEDULING"]
    d = load_dictionaries([need(DICTS / "PETR.Validate.verbs.txt")])
    broke = {(f.before, f.after) for f in d.verbs.lookup("BROKE")}
    assert ((), ()) in broke and ((), ("DOWN",)) in broke
    tapped = d.verbs.lookup("TAPPED")
    assert tapped[0].before == ("WIRE",) and tapped[0].lemma == "TAP"
    assert d.verbs.lookup("STOPPED") == []  # braces replace the regular forms: {STOPS STEOPPED}


def test_event_codes_read_pairs_and_null_codes():
    pair = parse_event_code("032:033")
    assert (pair.forward, pair.reverse) == ("032", "033")
    assert parse_event_code(":173").forward is None
    assert parse_event_code("---").null
    assert parse_event_code("+++").complex
    with pytest.raises(ValueError):
        parse_event_code("080!")


def test_files_are_recognised_by_content_whatever_their_name(tmp_path):
    verbs = tmp_path / "one.txt"
    verbs.write_text("--- CONDEMN [122] ---\nCONDEMN\n")
    agents = tmp_path / "two.txt"
    agents.write_text("OFFICIAL [~GOV]\nCLERIC [~REL]\nPOLICE {} [~COP]\n")
    actors = tmp_path / "three.txt"
    actors.write_text("ARNOR [ARN]\nGONDOR [GON]\n")
    issues = tmp_path / "four.txt"
    issues.write_text('<ISSUE CATEGORY="X">\nfoo [BAR]\n</ISSUE>\n')
    for path, kind in ((verbs, "verbs"), (agents, "agents"), (actors, "actors"), (issues, "issues")):
        assert detect_kind(path, path.read_text()) == kind
    d = load_dictionaries(tmp_path)
    assert sorted(k for _p, k in d.files) == ["actors", "agents", "issues", "verbs"]


def test_story_and_sentence_discards_are_told_apart():
    d = load_dictionaries([need(DICTS / "PETR.Validate.discards.txt")])
    assert d.discard_in("A typhoon trashed its embassy.").story
    assert not d.discard_in("They restored baseball competition.").story
    assert d.discard_in("Arnor restored ties with Gondor.") is None
