"""Text scrapes: the headline and the body are kept, the page furniture is not."""

from __future__ import annotations

from datetime import date

import pytest

from flashpoint.ingest import (
    clean_text_article,
    extract_article,
    extract_text_article,
    looks_like_scrape,
)
from flashpoint.ingest.text import analyse_text, split_site_name
from tests.conftest import EVAL, SEED, need

SEED_TITLE = "Trump Advises Japan PM Takaichi Against Provoking Beijing as Taiwan Crisis Deepens"

# Measured with the fitted model in src/flashpoint/ingest/_model.py (see benchmarks/extraction.py):
# body F1 0.9453 (P 0.9336, R 0.9574) and title accuracy 0.9558 on the 113 pages of aeb_text.
# The extractor is deterministic; the 0.005 allows only for floating-point noise.
AEB_TEXT_F1 = 0.9453
AEB_TEXT_TITLE_ACCURACY = 0.9558
NOISE = 0.005


@pytest.fixture(scope="module")
def seed():
    return extract_text_article(need(SEED).read_text(encoding="utf-8"), id="seed")


def test_seed_scrape_keeps_body_and_drops_also_read_teasers(seed):
    assert seed.text.startswith("US President Donald Trump engaged in a series of high-stakes")
    assert seed.text.endswith("one of the world's most volatile flashpoints.")
    assert "Also Read" not in seed.text
    assert "Kash Patel" not in seed.text
    assert "Ukraine Peace Plan" not in seed.text
    # every body paragraph survives, the teaser between them does not break the body
    assert "During his preceding conversation with Xi" in seed.text
    assert "Takaichi, Japan's first female prime minister" in seed.text


def test_seed_title_is_the_headline_and_not_in_the_body(seed):
    assert seed.title == SEED_TITLE
    assert SEED_TITLE not in seed.text


def test_seed_body_has_no_close_button_widget_line_or_nbsp(seed):
    assert "×" not in seed.text
    assert "Gallery" not in seed.text
    assert "Share on WhatsApp" not in seed.text
    assert "\u00a0" not in seed.text


def test_seed_standfirst_is_a_summary_not_body(seed):
    assert "US leader urges restraint" not in seed.text
    ex = analyse_text(need(SEED).read_text(encoding="utf-8"))
    assert ex.summary == "US leader urges restraint amid escalating Sino-Japanese tensions over island."


def test_seed_paragraphs_are_separated_by_one_blank_line(seed):
    paragraphs = seed.text.split("\n\n")
    assert len(paragraphs) == 5
    assert all(p.strip() == p and "\n" not in p for p in paragraphs)


def test_seed_through_extract_article_gets_the_given_date():
    article = extract_article(need(SEED).read_text(encoding="utf-8"), id="seed", date=date(2025, 11, 26))
    assert article.date == date(2025, 11, 26)
    assert article.title == SEED_TITLE


SCRAPE = """\
Ministers Agree to Resume Border Talks Next Month - The Daily Ledger
Skip to content
Home
World
Politics
Business
Sign In Subscribe
We use cookies to improve your experience. By continuing to browse you agree to our use of cookies.
Accept
By Jane Doe and John Roe | The Daily Ledger
Updated 9:14 am, March 3, 2025

Ministers Agree to Resume Border Talks Next Month

Foreign ministers of the two countries agreed on Monday to resume border talks next month, after a pause of almost a year that followed a clash between their patrols.

The talks will be held in Geneva, officials said, and will focus on the disputed valley where both armies have built new roads.

Share Tweet Email
Related: Five Things to Know About the Valley Dispute

"We are ready to talk without preconditions," one of the ministers told reporters after the meeting, adding that a hotline between commanders would be restored.

Analysts said the agreement was a modest step, but the first in a long time that both sides had announced together.

Most Popular
Markets slide as oil jumps
Ten recipes for spring
Comments
Reader42: This will never work, they have said it all before and nothing changed at all.
© 2025 The Daily Ledger. All rights reserved.
Privacy Policy
Terms of Use
"""


def test_menus_cookie_notice_teasers_comments_and_footer_are_dropped():
    article = extract_text_article(SCRAPE, id="ledger")
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0].startswith("Foreign ministers of the two countries agreed")
    assert paragraphs[-1].startswith("Analysts said the agreement was a modest step")
    assert len(paragraphs) == 4
    for furniture in ("cookies", "Related:", "Share Tweet", "Most Popular", "Reader42", "©", "Privacy"):
        assert furniture not in article.text


def test_scrape_title_outlet_byline_and_dateline_are_read():
    article = extract_text_article(SCRAPE, id="ledger")
    assert article.title == "Ministers Agree to Resume Border Talks Next Month"
    assert article.outlet == "The Daily Ledger"
    assert article.authors == ["Jane Doe", "John Roe"]
    assert article.date == date(2025, 3, 3)


def test_without_a_page_title_line_the_headline_above_the_body_is_the_title():
    scrape = SCRAPE.split("\n", 1)[1]  # no <title> line: the scrape starts with the menu
    article = extract_text_article(scrape, id="ledger")
    assert article.title == "Ministers Agree to Resume Border Talks Next Month"
    assert article.text.startswith("Foreign ministers of the two countries agreed")


def test_given_date_wins_over_the_dateline():
    article = extract_text_article(SCRAPE, id="ledger", date=date(2025, 3, 4))
    assert article.date == date(2025, 3, 4)


def test_conflicting_dates_near_the_top_give_no_date():
    scrape = SCRAPE.replace("Updated 9:14 am, March 3, 2025", "Posted March 1, 2025; updated March 3, 2025")
    assert extract_text_article(scrape, id="ledger").date is None


def test_site_name_is_cut_from_a_page_title():
    assert split_site_name("Nadal keeps Spain alive in Davis Cup Finals - Sportsnet.ca") == (
        "Nadal keeps Spain alive in Davis Cup Finals",
        "Sportsnet.ca",
    )
    assert split_site_name("Opinion | Republicans Are Following Trump - The New York Times")[0] == (
        "Republicans Are Following Trump"
    )
    assert split_site_name("Home Depot sales miss, shares plunge | Fox Business")[1] == "Fox Business"
    assert split_site_name("A headline without a site name")[1] is None


def test_clean_text_is_not_mistaken_for_a_scrape_and_is_kept_whole():
    text = (
        "Talks resume in Geneva\n\n"
        "Foreign ministers agreed on Monday to resume border talks next month.\n\n"
        "The talks will focus on the disputed valley.\n\n"
        "Short.\n"
    )
    assert not looks_like_scrape(text)
    article = extract_article(text, id="clean")
    assert article.title == "Talks resume in Geneva"
    assert article.text == (
        "Foreign ministers agreed on Monday to resume border talks next month.\n\n"
        "The talks will focus on the disputed valley.\n\nShort."
    )


def test_hard_wrapped_clean_text_is_joined_into_paragraphs():
    text = (
        "Foreign ministers of the two countries agreed on Monday to resume\n"
        "border talks next month, after a pause of almost a year that\n"
        "followed a clash between their patrols.\n\n"
        "The talks will be held in Geneva.\n"
    )
    article = clean_text_article(text, id="wrapped")
    assert article.text.split("\n\n")[0] == (
        "Foreign ministers of the two countries agreed on Monday to resume border talks next "
        "month, after a pause of almost a year that followed a clash between their patrols."
    )


def test_whitespace_inside_lines_is_normalised():
    article = clean_text_article("One\u00a0two\u2009three \t four.\n\n\u00a0\u00a0\n\nFive six seven.", id="ws")
    assert article.text == "One two three four.\n\nFive six seven."


def test_empty_scrape_gives_an_empty_body_not_an_error():
    article = extract_text_article("\u00a0\n\n×\n", id="nothing")
    assert article.text == ""


def test_aeb_text_body_f1_reaches_target():
    from flashpoint.evaluation.extraction import evaluate_text_extraction

    result = evaluate_text_extraction(need(EVAL / "aeb_text"))
    assert result["pages"] == 113
    assert result["f1"] >= AEB_TEXT_F1 - NOISE
    assert result["f1"] >= 0.88
    assert result["precision"] > 0.9 and result["recall"] > 0.9


def test_aeb_text_titles_match_the_pages_own_titles():
    from flashpoint.evaluation.extraction import evaluate_text_extraction

    need(EVAL / "aeb" / "html")
    result = evaluate_text_extraction(need(EVAL / "aeb_text"))
    assert result["title_accuracy"] >= AEB_TEXT_TITLE_ACCURACY - NOISE
