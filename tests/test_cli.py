"""The `flashpoint` command as a user runs it: a real process, real files, real output."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import EVAL, SEED, need

BIN = Path(sys.executable).with_name("flashpoint")


def run(*args: str, stdin: str | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "COLUMNS": "160"}
    return subprocess.run(
        [str(BIN), *args], input=stdin, capture_output=True, text=True, timeout=600, env=env, cwd=cwd
    )


def test_help_lists_the_commands():
    out = run("--help")
    assert out.returncode == 0
    for command in ("code", "extract", "eval", "demo", "actors", "lexicon"):
        assert command in out.stdout


def test_code_seed_to_jsonl_file(tmp_path):
    target = tmp_path / "events.jsonl"
    out = run("code", str(need(SEED)), "--date", "2025-11-26", "-o", str(target))
    assert out.returncode == 0, out.stderr
    events = [json.loads(line) for line in target.read_text().splitlines()]
    codes = {(e["source"][0]["country"], e["cameo"]["code"]) for e in events}
    assert ("USA", "041") in codes and ("CHN", "163") in codes
    assert all(e["doc_id"] == str(SEED) for e in events)
    assert "coded 1 document(s)" in out.stderr


def test_code_reads_standard_input_and_writes_csv():
    text = "Chinese President Xi Jinping condemned Japan on Tuesday."
    out = run("code", "-", "--format", "csv", "--date", "2025-11-26", stdin=text)
    assert out.returncode == 0, out.stderr
    rows = list(csv.DictReader(io.StringIO(out.stdout)))
    assert rows and rows[0]["source_code"] == "CHNGOV" and rows[0]["target_country"] == "JPN"
    assert rows[0]["cameo_root"] == "11"


def test_code_table_format_prints_a_table():
    out = run("code", str(need(SEED)), "--date", "2025-11-26", "--format", "table")
    assert out.returncode == 0, out.stderr
    assert "USAGOV" in out.stdout and "Discuss by telephone" in out.stdout


def test_code_jsonl_documents_with_a_bad_line_codes_the_good_ones(tmp_path):
    docs = tmp_path / "docs.jsonl"
    docs.write_text(
        json.dumps({"id": "a", "text": "Russia condemned Ukraine.", "date": "2025-03-01"})
        + "\n{not json\n"
        + json.dumps({"id": "b", "text": "France imposed sanctions on Iran.", "date": "2025-03-02"})
        + "\n",
        encoding="utf-8",
    )
    out = run("code", str(docs), "--input-format", "jsonl")
    assert out.returncode == 0, out.stderr
    events = [json.loads(line) for line in out.stdout.splitlines()]
    assert {e["doc_id"] for e in events} == {"a", "b"}
    assert "docs.jsonl:2" in out.stderr
    assert "Traceback" not in out.stderr


def test_extract_writes_one_article_a_line():
    out = run("extract", str(need(SEED)), "--input-format", "text")
    assert out.returncode == 0, out.stderr
    (article,) = [json.loads(line) for line in out.stdout.splitlines()]
    assert article["title"].startswith("Trump Advises Japan PM Takaichi")
    assert article["text"].startswith("US President Donald Trump")
    assert {"title", "text", "date", "url", "outlet", "authors"} <= article.keys()


def test_eval_scores_a_predictions_file_against_plover_gold(tmp_path):
    gold = need(EVAL / "plover" / "plover_gsr.dev.jsonl")
    first = json.loads(gold.read_text().splitlines()[0])
    # a perfect prediction for the first sentence and nothing for the rest
    pred = {
        "id": "x", "doc_id": first["id"], "sentence_index": 0, "date": None,
        "source": [{"code": first["actor"][0]["code"], "country": first["actor"][0]["code"]}],
        "target": [{"code": r["code"], "country": r["code"]} for r in first["recipient"] or []],
        "cameo": {"code": "030", "root": "03", "name": "", "goldstein": 0, "quad_class": 1},
        "plover": {"type": first["event_type"], "mode": None}, "modality": "asserted",
        "evidence": {"text": "", "start": 0, "end": 0, "trigger": ""}, "rule": "",
    }
    preds = tmp_path / "pred.jsonl"
    preds.write_text(json.dumps(pred) + "\n")
    out = run("eval", str(gold), "--predictions", str(preds), "--json")
    assert out.returncode == 0, out.stderr
    figures = json.loads(out.stdout)
    assert figures["type_precision"] == 1.0
    assert abs(figures["type_recall"] - 1 / figures["records"]) < 1e-3


def test_eval_on_a_missing_file_says_so():
    out = run("eval", "/nonexistent/gold.jsonl")
    assert out.returncode == 2
    assert "does not exist" in out.stderr


def test_lexicon_check_passes_on_the_built_in_lexicon():
    out = run("lexicon", "check")
    assert out.returncode == 0, out.stdout
    assert "20 CAMEO roots covered" in out.stdout


def test_actors_resolve_shows_the_dated_actor():
    out = run("actors", "resolve", "Japanese Prime Minister", "--date", "2025-11-26")
    assert out.returncode == 0, out.stderr
    actor = json.loads(out.stdout)
    assert actor["code"] == "JPNGOV"


def test_bad_inputs_in_one_batch_are_reported_and_the_good_ones_coded(tmp_path):
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 20)
    (tmp_path / "latin1.txt").write_bytes(
        "Caf\u00e9 owners watched as French President Emmanuel Macron met Chinese President "
        "Xi Jinping in Paris.".encode("latin-1")
    )
    # 20 MB: a real sentence, then a run-on without sentence ends (a table dump)
    with open(tmp_path / "huge.txt", "w", encoding="utf-8") as fh:
        fh.write("Russia condemned Ukraine on Monday.\n\n")
        for _ in range(20 * 1024):
            fh.write("lorem ipsum dolor " * 57 + "\n")
    out = run("code", str(tmp_path), "--date", "2025-06-01")
    assert out.returncode == 0, out.stderr
    assert "Traceback" not in out.stderr
    assert "empty.txt: empty file" in out.stderr
    assert "binary.txt: binary file" in out.stderr
    assert "huge.txt: truncated" in out.stderr
    events = [json.loads(line) for line in out.stdout.splitlines()]
    by_doc = {Path(e["doc_id"]).name: e for e in events}
    assert "Café owners" in by_doc["latin1.txt"]["evidence"]["text"]
    assert by_doc["huge.txt"]["cameo"]["root"] == "11"
