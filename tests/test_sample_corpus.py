"""The sample corpus behind `make demo` tells one dispute from cooperation through crisis to a
partial de-escalation, in articles the extractor and coder can read."""

from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources

import pytest

CORPUS = resources.files("flashpoint") / "data" / "sample" / "corpus.jsonl"


@pytest.fixture(scope="module")
def articles() -> list[dict]:
    lines = CORPUS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def all_text(articles: list[dict]) -> str:
    return "\n".join(a["title"] + "\n" + a["text"] for a in articles)


def words(text: str) -> int:
    return len(re.findall(r"\b\w[\w'-]*\b", text))


def test_the_corpus_is_one_json_article_a_line_with_every_field(articles):
    assert 18 <= len(articles) <= 24
    for a in articles:
        assert set(a) >= {"id", "date", "title", "text", "outlet", "url"}
        assert a["text"].strip() and a["title"].strip() and a["outlet"].strip()
        assert a["url"].startswith("https://") and ".example." in a["url"]
        date.fromisoformat(a["date"])


def test_article_ids_are_unique(articles):
    ids = [a["id"] for a in articles]
    assert len(ids) == len(set(ids))


def test_articles_are_short_news_items(articles):
    for a in articles:
        assert 120 <= words(a["text"]) <= 350, a["id"]


def test_the_story_unfolds_over_several_weeks_in_order(articles):
    dates = [date.fromisoformat(a["date"]) for a in articles]
    assert (max(dates) - min(dates)).days >= 28
    assert dates == sorted(dates)
    assert len({a["outlet"] for a in articles}) >= 4


@pytest.mark.parametrize(
    "kind, pattern",
    [
        ("talks", r"held talks"),
        ("a phone call", r"spoke by phone with"),
        ("an agreement", r"signed an agreement|signed the (memorandum|exchange of notes)"),
        ("an incident at sea", r"fired water cannon"),
        ("a detention", r"detained"),
        ("a condemnation", r"condemned"),
        ("an accusation", r"accused"),
        ("a summoned ambassador", r"summoned (the )?Chinese ambassador"),
        ("an import ban", r"suspended imports|ban on Philippine bananas"),
        ("a travel advisory", r"travel advisory"),
        ("a protest outside an embassy", r"rallied outside the Chinese Embassy"),
        ("military drills", r"held drills"),
        ("a warning", r"warned"),
        ("a deployment", r"deployed"),
        ("a negotiator's visit", r"Vice Foreign Minister Sun Weidong arrived in Manila"),
        ("a release", r"agreed on Tuesday to release"),
        ("a partial de-escalation", r"partly lifted"),
    ],
)
def test_the_arc_contains_each_kind_of_event(articles, kind, pattern):
    assert re.search(pattern, all_text(articles)), kind


def test_cooperation_comes_before_the_incident_and_de_escalation_after(articles):
    def first(pattern: str) -> str:
        return next(a["date"] for a in articles if re.search(pattern, a["text"]))

    assert first(r"spoke by phone") < first(r"water cannon") < first(r"travel advisory")
    assert first(r"travel advisory") < first(r"partly lifted")


@pytest.mark.parametrize(
    "pattern",
    [
        r"\bcould (impose|suspend|ease)\b",  # hypotheticals
        r"\bif the Philippines were to\b|\bIf Manila were to\b",  # conditionals
        r"\bdid not rule (it )?out\b",  # negation
        r"\bThere were no talks\b",  # negation
        r"\baccording to a report in the\b",  # reported speech
        r"\bofficials said\b",
    ],
)
def test_modality_and_attribution_cues_are_there_to_be_coded(articles, pattern):
    assert re.search(pattern, all_text(articles), flags=re.IGNORECASE), pattern


def test_some_articles_carry_page_furniture_for_the_extractor(articles):
    furnished = [a for a in articles if "Also Read:" in a["text"]]
    assert 1 <= len(furnished) <= 3
    assert all("Share on WhatsApp" in a["text"] for a in furnished)


def test_leaders_carry_the_titles_they_held_at_the_time(articles):
    for a in articles:
        if "Takaichi" in a["text"] and "Prime Minister" in a["text"]:
            assert a["date"] >= "2025-10-21", a["id"]
        if "Foreign Minister Takeshi Iwaya" in a["text"]:
            assert a["date"] < "2025-10-21", a["id"]
    text = all_text(articles)
    for name in (
        "President Ferdinand Marcos Jr.",
        "Foreign Minister Wang Yi",
        "Secretary of State Marco Rubio",
        "President Donald Trump",
        "Prime Minister Sanae Takaichi",
    ):
        assert name in text
