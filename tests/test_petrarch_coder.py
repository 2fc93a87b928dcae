"""DictionaryCoder: PETRARCH dictionaries coding articles into flashpoint events, alone or combined."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from flashpoint.model import Article, Event
from flashpoint.petrarch import DictionaryCoder, load_dictionaries
from flashpoint.petrarch.cli import app
from flashpoint.petrarch.coder import cameo_for

EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
DICTS = EVAL / "petrarch2" / "dictionaries"
REAL = ["CAMEO.2.0.txt", "Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt", "Phoenix.agents.txt", "Phoenix.discards.txt"]


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} not found: evaluation data is read from ../shared beside the repo")
    return path


@pytest.fixture(scope="module")
def validate_coder():
    d = load_dictionaries([need(DICTS / f"PETR.Validate.{k}.txt") for k in ("verbs", "actors", "agents", "discards")])
    return DictionaryCoder(d)


@pytest.fixture(scope="module")
def small_dictionaries(tmp_path_factory):
    """A stale Phoenix-style role (Obama as USAGOV for ever) and a verb the lexicon lacks."""
    folder = tmp_path_factory.mktemp("dicts")
    (folder / "mine.verbs.txt").write_text("--- SERENADE [051] ---\nSERENADE\n- * {LOUD SONGS} [0511]\n")
    (folder / "mine.actors.txt").write_text("BARACK_OBAMA [USAGOV]\n+OBAMA\nCHINA [CHN]\n")
    (folder / "mine.agents.txt").write_text("OFFICIAL [~GOV]\n")
    return load_dictionaries(folder)


def test_dictionary_events_are_flashpoint_events_tied_to_their_sentence(validate_coder):
    text = "Nothing happened on Monday.\n\nThe Calenardhon government condemned an attack by Osgiliath soldiers."
    article = Article(id="a1", text=text, date=date(1995, 1, 6), outlet="Minas Tirith Times")
    events = validate_coder.code_article(article)
    assert len(events) == 1
    ev = events[0]
    assert isinstance(ev, Event)
    assert [a.code for a in ev.source] == ["CALGOV"] and ev.source[0].country == "CAL" and ev.source[0].sector == "GOV"
    assert [a.code for a in ev.target] == ["OSGMIL"]
    assert ev.cameo.code == "122" and ev.cameo.root == "12"
    assert ev.sentence_index == 1
    assert text[ev.evidence.start : ev.evidence.end] == ev.evidence.text
    assert ev.evidence.trigger == "condemned"
    assert ev.rule.startswith("petrarch:PETR.Validate.verbs.txt:")
    assert ev.modality == "asserted"
    assert ev.to_dict()["id"] == ev.id


def test_the_same_interface_as_the_builtin_coder(validate_coder):
    articles = [Article(id=str(i), text=t, date=date(1995, 1, 1)) for i, t in enumerate(
        ["Arnor is about to restore full diplomatic ties with Gondor.", "Nothing at all.", "Arnor will not condemn Gondor."]
    )]
    out = list(validate_coder.code_articles(articles, chunk=2))
    assert [a.id for a, _ in out] == ["0", "1", "2"]
    assert [[e.cameo.code for e in evs] for _a, evs in out] == [["064"], [], ["122"]]
    assert out[2][1][0].modality == "negated"


def test_codes_outside_cameo_keep_their_code():
    code, plover = cameo_for("174K")  # a validation-suite code
    assert (code.code, code.name, code.goldstein, code.quad_class) == ("174K", "(dictionary code)", 0.0, 0)
    assert plover is None
    code, plover = cameo_for("0511")  # a dictionary refinement of a CAMEO code
    assert code.code == "0511" and code.quad_class == 1 and plover is not None
    code, _ = cameo_for("042")
    assert code.name == "Make a visit"


def test_stale_dictionary_roles_give_way_to_the_builtin_dated_leaders_unless_asked(small_dictionaries):
    text = "Barack Obama serenaded China on Monday."
    day = date(2025, 11, 10)
    alone = DictionaryCoder(small_dictionaries).code_text(text, date=day)
    assert [(e.source[0].code, e.target[0].code) for e in alone] == [("USAGOV", "CHN")]
    combined = DictionaryCoder(small_dictionaries, mode="combined").code_text(text, date=day)
    dict_events = [e for e in combined if e.rule.startswith("petrarch:")]
    assert [(e.source[0].code, e.target[0].code) for e in dict_events] == [("USA", "CHN")]  # no office in 2025
    keep = DictionaryCoder(small_dictionaries, mode="combined", prefer_builtin_leaders=False).code_text(text, date=day)
    assert [(e.source[0].code, e.target[0].code) for e in keep if e.rule.startswith("petrarch:")] == [("USAGOV", "CHN")]


def test_combined_mode_fills_a_bare_agent_with_the_knowledge_base(small_dictionaries):
    text = "Chinese officials serenaded Barack Obama with loud songs."
    combined = DictionaryCoder(small_dictionaries, mode="combined").code_text(text, date=date(2025, 11, 10))
    codes = [(e.source[0].code, e.cameo.code) for e in combined if e.rule.startswith("petrarch:")]
    assert codes == [("CHNGOV", "0511")]


def test_an_unknown_mode_is_refused(small_dictionaries):
    with pytest.raises(ValueError):
        DictionaryCoder(small_dictionaries, mode="both")


def test_real_dictionaries_code_real_news():
    d = load_dictionaries([need(DICTS / f) for f in REAL])
    coder = DictionaryCoder(d)
    events = coder.code_text(
        "Iraq's national security advisor met with Syrian President Bashar Assad on Tuesday.", date=date(2014, 9, 2)
    )
    assert ("IRQ", "SYR", "04") in {(e.source[0].country, e.target[0].country, e.cameo.root) for e in events}


def test_the_gold_sets_score_at_least_what_was_measured():
    from flashpoint.evaluation.events import evaluate

    coder = DictionaryCoder(load_dictionaries([need(DICTS / f) for f in REAL]))
    gsr = evaluate(need(EVAL / "petrarch2" / "gsr.dev.jsonl"), coder=coder).metrics
    assert gsr["dyad_precision"] >= 0.61 and gsr["dyad_recall"] >= 0.43
    plover = evaluate(need(EVAL / "plover" / "plover_gsr.dev.jsonl"), coder=coder).metrics
    assert plover["type_precision"] >= 0.56 and plover["type_recall"] >= 0.34
    assert plover["dyad_precision"] >= 0.43 and plover["dyad_recall"] >= 0.27


# -- the command line -------------------------------------------------------------------------------


def test_check_lists_malformed_entries_with_file_and_line_and_fails(tmp_path):
    (tmp_path / "x.actors.txt").write_text("ARNOR [ARN]\nGONDOR [GON 9501-950601]\n")
    result = CliRunner().invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 1
    assert "x.actors.txt:2: error" in result.output.replace("\n", "")


def test_check_passes_clean_dictionaries(tmp_path):
    (tmp_path / "x.actors.txt").write_text("ARNOR [ARN]\nGONDOR [GON]\n")
    result = CliRunner().invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


def test_validate_prints_the_pass_rate_and_the_failures(tmp_path):
    records = tmp_path / "r.jsonl"
    records.write_text(
        '{"id": "OK-1", "date": "1995-01-01", "category": "DEMO", "expect_none": false, '
        '"text": "Arnor is about to restore full diplomatic ties with Gondor.", '
        '"expected": [{"source": "ARN", "target": "GON", "code": "064"}]}\n'
        '{"id": "BAD-1", "date": "1995-01-01", "category": "DEMO", "expect_none": false, '
        '"text": "Arnor is about to restore full diplomatic ties with Gondor.", '
        '"expected": [{"source": "GON", "target": "ARN", "code": "064"}]}\n'
    )
    result = CliRunner().invoke(app, ["validate", str(records), str(need(DICTS)), "--failures", "--json", str(tmp_path / "out.json")])
    assert result.exit_code == 0, result.output
    assert "1/2 passed" in result.output and "BAD-1" in result.output
    assert (tmp_path / "out.json").exists()
    failing = CliRunner().invoke(app, ["validate", str(records), str(need(DICTS)), "--min-rate", "0.9"])
    assert failing.exit_code == 1
