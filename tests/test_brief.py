"""Briefs: one page an analyst can forward: where a pair of countries stands, the chart, the
alerts and a dated timeline of the key events with their sentences and outlets."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
import typer
from typer.testing import CliRunner

from flashpoint.brief import build_brief, md_text, safe_url, write_brief
from flashpoint.store import EventStore
from tests.test_api_rest import PAYLOAD, build_sample_store, hostile_article


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = tmp_path_factory.mktemp("brief") / "sample.duckdb"
    build_sample_store(path, extra=[hostile_article()])
    return path


@pytest.fixture
def store(db):
    with EventStore.open(db, read_only=True) as s:
        yield s


def test_markdown_brief_has_status_chart_alerts_and_a_dated_timeline(store):
    md = build_brief(store, "CHN-PHL", since="2025-10-01")
    assert md.startswith("# Crisis brief: China ↔ Philippines (CHN-PHL)")
    for heading in ("## Escalation status", "## Series", "## Alerts", "## Timeline of key events",
                    "## Sources", "## Method"):  # fmt: skip
        assert heading in md
    assert "| CHN-PHL |" in md and "| PHL-CHN |" in md  # both directions
    assert "| 2025-10-13 |" in md and "⚠" in md  # the incident week, flagged
    assert "**CHN-PHL, week of 2025-10-13** (critical" in md
    days = re.findall(r"^### (\d{4}-\d{2}-\d{2})$", md, flags=re.M)
    assert days == sorted(days) and "2025-10-14" in days
    assert "**fired water cannon**" in md  # the trigger, bold in its sentence
    assert "[Meridian Wire](https://meridianwire.example.com/" in md
    assert "_(reported by Straits Dispatch; according to Philippine security officials)_" in md


def test_brief_status_follows_the_range(store):
    during = build_brief(store, "CHN-PHL", until="2025-10-19", directed=True)
    assert "**Escalating:" in during
    after = build_brief(store, "CHN-PHL", directed=True)
    assert "**Escalating:" not in after


def test_brief_leaves_out_what_was_not_asserted(store):
    md = build_brief(store, "CHN-PHL", since="2025-10-01", n_events=100)
    assert "take necessary measures" not in md  # conditional
    assert "There were no talks" not in md  # negated


def test_hostile_text_is_escaped_in_markdown_and_html(store):
    md = build_brief(store, "CHN-PHL", since="2025-11-17")
    assert "over the shoal" in md
    assert "<script" not in md and "<img" not in md
    assert "&lt;script&gt;" in md
    assert "javascript:" not in md  # the hostile outlet's URL is not linked
    html = build_brief(store, "CHN-PHL", since="2025-11-17", format="html")
    assert "<script" not in html.lower() and "<img" not in html.lower()
    assert "onerror=&quot;window.__pwned=1&quot;" in html
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert 'href="javascript' not in html
    assert PAYLOAD not in html


def test_html_brief_is_one_self_contained_page_with_the_chart(store):
    html = build_brief(store, "CHN-PHL", format="html")
    assert html.startswith("<!doctype html>")
    svg = html[html.index("<svg") : html.index("</svg>") + 6]
    root = ET.fromstring(svg)
    assert root.tag.endswith("svg")
    assert len(root.findall(".//{http://www.w3.org/2000/svg}rect")) > 5
    assert not re.search(r"(src|href)=\"(https?:)?//(?!\w+\.example\.)", html)  # no assets


def test_markdown_brief_file_gets_its_chart_beside_it(store, tmp_path):
    files = write_brief(store, "CHN-PHL", tmp_path / "out" / "chn-phl.md")
    assert [f.name for f in files] == ["chn-phl.md", "chn-phl.svg"]
    assert "![CHN-PHL per week](chn-phl.svg)" in files[0].read_text()
    ET.parse(files[1])  # well-formed SVG
    html = write_brief(store, "CHN-PHL", tmp_path / "b.html")
    assert html[0].read_text().startswith("<!doctype html>")


def test_md_text_and_safe_url():
    assert md_text("a *b* [c](d) <x> & y") == "a \\*b\\* \\[c\\](d) &lt;x&gt; &amp; y"
    assert safe_url("https://example.com/a") == "https://example.com/a"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//evil.example", "", None, 3):
        assert safe_url(bad) is None


def _cli():
    from flashpoint.web.cli import brief, serve

    app = typer.Typer()
    app.command()(brief)
    app.command()(serve)
    return app


def test_brief_command(db, tmp_path):
    runner = CliRunner()
    out = runner.invoke(_cli(), ["brief", "--dyad", "CHN-PHL", "--since", "2025-11-01",
                                 "--db", str(db)])  # fmt: skip
    assert out.exit_code == 0, out.output
    assert out.stdout.startswith("# Crisis brief: China ↔ Philippines")
    target = tmp_path / "brief.html"
    out = runner.invoke(_cli(), ["brief", "--dyad", "chn-phl", "--db", str(db), "-o", str(target)])
    assert out.exit_code == 0, out.output
    assert target.read_text().startswith("<!doctype html>")
    bad = runner.invoke(_cli(), ["brief", "--dyad", "CHINA", "--db", str(db)])
    assert bad.exit_code == 2 and "not a dyad" in bad.output
    missing = runner.invoke(
        _cli(), ["brief", "--dyad", "CHN-PHL", "--db", str(tmp_path / "no.duckdb")]
    )
    assert missing.exit_code == 2 and "no store" in missing.output


def test_serve_command_refuses_a_missing_store(tmp_path):
    out = CliRunner().invoke(_cli(), ["serve", "--db", str(tmp_path / "nope.duckdb")])
    assert out.exit_code == 2 and "no store" in out.output
