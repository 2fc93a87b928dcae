"""RSS/Atom feeds and ``flashpoint watch`` against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

from flashpoint.ingest import fetch_settings, parse_feed, read_documents
from flashpoint.ingest.cli import read_feed_list, run_watch
from flashpoint.model import Article, Problem
from tests.test_fetch import PORTUGUESE, SUMMIT, TAIWAN, TEST_FETCH, LocalSite, Route, news_page

TOKYO = [
    "Japan's Defence Minister Shinjiro Koizumi said on Saturday that Tokyo would deploy missile units "
    "to Yonaguni, the island closest to Taiwan, and accused Beijing of raising tensions in the region.",
    "China's Defence Ministry criticised the plan and warned Japan against what it called provocative "
    "moves near its coast, state media reported.",
    "The deployment is expected to be completed by the end of the fiscal year, a ministry official said.",
]


def rss(items: list[dict]) -> bytes:
    parts = []
    for it in items:
        when = format_datetime(datetime(2025, 11, it.get("day", 20), 9, 0, tzinfo=UTC))
        content = (
            f"<content:encoded><![CDATA[{it['content']}]]></content:encoded>"
            if it.get("content")
            else ""
        )
        parts.append(
            f"<item><title>{it['title']}</title><link>{it['link']}</link><guid>{it['guid']}</guid>"
            f"<pubDate>{when}</pubDate><description>{it.get('summary', 'A summary.')}</description>{content}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Ledger World</title>'
        "<link>http://example.org/</link><description>World news</description>"
        + "".join(parts)
        + "</channel></rss>"
    ).encode()


ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Wire</title><id>urn:x</id><updated>2025-11-21T00:00:00Z</updated>
<entry><title>Entry one</title><id>urn:e1</id><link href="http://example.org/e1"/><updated>2025-11-21T10:00:00Z</updated>
<author><name>A. Writer</name></author><summary>Short.</summary></entry>
</feed>"""


@pytest.fixture
def site():
    with LocalSite() as s:
        yield s


def test_parse_rss_atom_and_garbage():
    feed = parse_feed(rss([{"title": "One", "link": "http://x/1", "guid": "g1"}]))
    assert feed.problem is None and feed.title == "Ledger World"
    (e,) = feed.entries
    assert (e.key, e.link, e.title, str(e.published)) == ("g1", "http://x/1", "One", "2025-11-20")
    atom = parse_feed(ATOM)
    assert atom.entries[0].key == "urn:e1" and atom.entries[0].authors == ["A. Writer"]
    bad = parse_feed(b"this is { not xml")
    assert bad.entries == [] and bad.problem.startswith("not a feed: not well-formed XML")
    html = parse_feed(b"<html><body><p>a web page</p></body></html>")
    assert html.problem == "not a feed: no RSS or Atom elements"
    cut = rss(
        [
            {"title": "One", "link": "http://x/1", "guid": "g1"},
            {"title": "Two", "link": "http://x/2", "guid": "g2"},
        ]
    )
    broken = parse_feed(cut[: cut.index(b"<item><title>Two") + 30])
    assert broken.entries[0].key == "g1" and broken.problem.startswith("feed broke off after")


def test_feed_url_yields_the_pages_of_its_entries(site):
    a = site.page(
        "/world/taiwan.html", news_page("China condemns Japan over Taiwan remarks", TAIWAN)
    )
    site.page("/world/pt.html", news_page("Governo anuncia medidas", PORTUGUESE))
    items = [
        {"title": "Taiwan row", "link": a, "guid": "t1", "day": 20},
        {"title": "Governo", "link": site.url("/world/pt.html"), "guid": "t2", "day": 21},
        {"title": "Gone", "link": site.url("/world/gone.html"), "guid": "t3", "day": 22},
        {
            "title": "Full text in the feed",
            "link": site.url("/world/missing.html"),
            "guid": "t4",
            "day": 22,
            "content": "<p>" + " ".join(TOKYO * 3) + "</p>",
        },
    ]
    site.routes["/feed.xml"] = Route(body=rss(items), content_type="application/rss+xml")
    prov: dict = {}
    with fetch_settings(**TEST_FETCH):
        docs = list(read_documents([site.url("/feed.xml")], provenance=prov))
    arts = {d.id: d for d in docs if isinstance(d, Article)}
    probs = {d.id: d.reason for d in docs if isinstance(d, Problem)}
    assert a in arts and arts[a].title == "China condemns Japan over Taiwan remarks"
    assert (
        prov[a].kind == "feed" and prov[a].feed == site.url("/feed.xml") and prov[a].source_url == a
    )
    assert probs[site.url("/world/pt.html")] == "skipped: not in English (language: pt)"
    assert probs[site.url("/world/gone.html")] == "HTTP 404 Not Found"
    # the page is gone, but the feed carries the whole story: that is used
    full = arts[site.url("/world/missing.html")]
    assert full.text.startswith("Japan's Defence Minister") and str(full.date) == "2025-11-22"


def test_local_feed_file_with_unreachable_links_falls_back_or_reports(tmp_path):
    path = tmp_path / "saved.rss"
    path.write_bytes(
        rss(
            [
                {
                    "title": "Kept",
                    "link": "http://127.0.0.1:9/never",
                    "guid": "k",
                    "content": "<p>" + " ".join(TOKYO * 3) + "</p>",
                },
                {"title": "Thin", "link": "http://127.0.0.1:9/thin", "guid": "t"},
            ]
        )
    )
    with fetch_settings(**{**TEST_FETCH, "retries": 0}):
        docs = {d.id: d for d in read_documents([str(path)])}
    kept, thin = docs["http://127.0.0.1:9/never"], docs["http://127.0.0.1:9/thin"]
    assert isinstance(kept, Article) and kept.title == "Kept"  # the feed's full text
    assert isinstance(thin, Problem) and thin.reason.startswith("connection failed")


def test_feeds_file_lists_urls_and_flags_other_lines(tmp_path):
    f = tmp_path / "feeds.txt"
    f.write_text(
        "# world\nhttp://a.example/rss\n\nnot-a-url\nhttp://a.example/rss\n", encoding="utf-8"
    )
    feeds, problems = read_feed_list(f)
    assert feeds == ["http://a.example/rss"] and problems[0].id.endswith(":4")


def test_watch_polls_a_growing_feed_and_resumes_after_a_restart(site, tmp_path, coder):
    from flashpoint.store import open_store

    pages = {
        "t": site.page(
            "/w/taiwan.html", news_page("China condemns Japan over Taiwan remarks", TAIWAN)
        ),
        "s": site.page(
            "/w/summit.html",
            news_page("Lee and Takaichi meet in Gyeongju", SUMMIT, site="Seoul Wire"),
        ),
        "k": site.page("/w/tokyo.html", news_page("Japan to deploy missiles near Taiwan", TOKYO)),
        # the Taiwan story again from another outlet, with a new headline and furniture
        "t2": site.page(
            "/w/taiwan-2.html",
            news_page(
                "Beijing demands Tokyo retract Taiwan comments",
                TAIWAN,
                site="Asia Courier",
                extra="<p>Also Read: Markets slide as oil jumps</p><p>Share this article</p>",
            ),
        ),
    }
    items = [
        {"title": "Taiwan", "link": pages["t"], "guid": "t", "day": 20},
        {"title": "Summit", "link": pages["s"], "guid": "s", "day": 20},
        {"title": "Down", "link": site.url("/w/down.html"), "guid": "d", "day": 20},
    ]
    site.routes["/feed.xml"] = Route(
        body=lambda: rss(items), content_type="application/rss+xml", etag=True
    )
    site.routes["/w/down.html"] = Route(status=503)
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(site.url("/feed.xml") + "\n", encoding="utf-8")
    db, state = str(tmp_path / "w.duckdb"), tmp_path / "w.state.sqlite"

    def watch(n: int = 1):
        return run_watch(
            feeds,
            db=db,
            state_path=state,
            polls=n,
            interval=0,
            allow_private=True,
            min_interval=0.0,
            coder_factory=lambda: coder,
            sleep=lambda s: None,
        )

    (r1,) = watch()
    assert r1.articles == 2 and r1.events > 0
    assert [p.reason for p in r1.problems] == ["HTTP 503 Service Unavailable (after 3 attempts)"]
    # the feed gains two items, and the page that was down comes back
    items.append({"title": "Tokyo", "link": pages["k"], "guid": "k", "day": 21})
    items.append({"title": "Taiwan again", "link": pages["t2"], "guid": "t2", "day": 21})
    site.routes["/w/down.html"] = Route(
        body=news_page("Summit follow-up", SUMMIT[1:] + TOKYO[2:]).encode()
    )
    before = {p: site.requests_for(p) for p in ("/w/taiwan.html", "/w/summit.html")}
    r2, r3 = watch(2)  # a restart, then one more poll
    assert r2.articles == 3 and not r2.problems  # Tokyo, Taiwan again, and the page that was down
    assert r3.articles == 0 and r3.not_modified == 1  # ETag: nothing new, nothing refetched
    assert {p: site.requests_for(p) for p in before} == before  # seen entries are not fetched again
    with open_store(db, read_only=True) as store:
        arts = store.articles()
        assert len(arts) == 5
        story = dict(zip(arts["id"], arts["story_id"], strict=True))
        assert story[pages["t"]] == story[pages["t2"]]  # one story across two outlets
        assert len({story[pages["t"]], story[pages["s"]], story[pages["k"]]}) == 3


def test_watch_command_once(site, tmp_path):
    """The typer command as the lead registers it: ``app.command("watch")(watch)``."""
    import typer
    from typer.testing import CliRunner

    from flashpoint.ingest.cli import watch

    app = typer.Typer()
    app.command("watch")(watch)
    app.command("noop")(lambda: None)  # a second command, so that "watch" is a subcommand
    page = site.page("/w/summit.html", news_page("Lee and Takaichi meet in Gyeongju", SUMMIT))
    site.routes["/feed.xml"] = Route(
        body=rss([{"title": "Summit", "link": page, "guid": "s"}]),
        content_type="application/rss+xml",
    )
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(site.url("/feed.xml") + "\n", encoding="utf-8")
    db = tmp_path / "w.duckdb"
    runner = CliRunner()
    refused = runner.invoke(app, ["watch", str(feeds), "--db", str(db), "--once", "--model", "sm"])
    assert refused.exit_code == 1  # --once, and no feed could be read
    assert "refused: 127.0.0.1 is a loopback address" in " ".join(refused.output.split())
    assert site.log == []
    ok = runner.invoke(
        app,
        [
            "watch",
            str(feeds),
            "--db",
            str(db),
            "--once",
            "--allow-private",
            "--min-interval",
            "0",
            "--model",
            "sm",
        ],
    )
    assert ok.exit_code == 0, ok.output
    assert "poll 1: 1 feed(s) (0 unchanged), 1 new article(s)" in " ".join(ok.output.split())
    assert (tmp_path / "w.duckdb.watch.sqlite").exists()


def watch_feed(site: LocalSite, items: list[dict], tmp_path, coder, polls: int = 1):
    """``run_watch`` over one feed of ``items`` (re-read at every poll, no ETag), with a DuckDB
    store and a state file in ``tmp_path``."""
    site.routes["/feed.xml"] = Route(body=lambda: rss(items), content_type="application/rss+xml")
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(site.url("/feed.xml") + "\n", encoding="utf-8")
    return run_watch(
        feeds,
        db=str(tmp_path / "w.duckdb"),
        state_path=tmp_path / "w.state.sqlite",
        polls=polls,
        interval=0,
        allow_private=True,
        min_interval=0.0,
        coder_factory=lambda: coder,
        sleep=lambda s: None,
    )


def test_two_feed_entries_leading_to_one_page_are_stored_once_and_not_refetched_on_every_poll(
    site, tmp_path, coder
):
    from flashpoint.ingest import IngestState
    from flashpoint.store import open_store

    page = site.page("/w/taiwan.html", news_page("China condemns Japan over Taiwan remarks", TAIWAN))
    site.routes["/r/a"] = Route(status=301, headers={"Location": "/w/taiwan.html"})
    site.routes["/r/b"] = Route(status=302, headers={"Location": "/w/taiwan.html"})
    items = [  # two links that redirect to one page, and one missing page listed twice
        {"title": "Taiwan", "link": site.url("/r/a"), "guid": "a"},
        {"title": "Taiwan (updated)", "link": site.url("/r/b"), "guid": "b"},
        {"title": "Gone", "link": site.url("/w/gone.html"), "guid": "c"},
        {"title": "Gone again", "link": site.url("/w/gone.html"), "guid": "d"},
    ]
    r1, r2, r3 = watch_feed(site, items, tmp_path, coder, polls=3)
    assert r1.articles == 1 and r1.skipped == 1  # the page once: the second entry adds nothing
    assert [p.reason for p in r1.problems] == ["HTTP 404 Not Found"] * 2
    for later in (r2, r3):
        assert (later.articles, later.skipped, later.problems) == (0, 0, [])
    assert {p: site.requests_for(p) for p in ("/r/a", "/r/b", "/w/gone.html")} == {
        "/r/a": 1,
        "/r/b": 1,
        "/w/gone.html": 2,
    }
    with IngestState(tmp_path / "w.state.sqlite") as state:
        assert all(state.entry_seen(site.url("/feed.xml"), key) for key in "abcd")
    with open_store(str(tmp_path / "w.duckdb"), read_only=True) as store:
        arts = store.articles()
        assert list(arts["id"]) == [page] and arts["story_id"][0].startswith("st-")


def test_a_feed_entry_whose_page_answers_429_is_tried_again_at_the_next_poll(site, tmp_path, coder):
    site.routes["/w/busy.html"] = Route(status=429, headers={"Retry-After": "0"})
    items = [
        {"title": "Summit", "link": site.url("/w/busy.html"), "guid": "s"},
        {"title": "Gone", "link": site.url("/w/gone.html"), "guid": "g"},
    ]
    (r1,) = watch_feed(site, items, tmp_path, coder)
    assert sorted(p.reason for p in r1.problems) == [
        "HTTP 404 Not Found",
        "HTTP 429 Too Many Requests (after 3 attempts)",  # the fetcher's own retries first
    ]
    assert site.requests_for("/w/busy.html") == 3
    site.page("/w/busy.html", news_page("Lee and Takaichi meet in Gyeongju", SUMMIT))
    (r2,) = watch_feed(site, items, tmp_path, coder)
    assert r2.articles == 1 and not r2.problems  # asked again, and read this time
    assert site.requests_for("/w/gone.html") == 1  # a 404 is remembered, not asked again


def test_a_watch_that_died_between_story_assignment_and_storing_stores_the_article_with_its_story(
    site, tmp_path, coder
):
    from flashpoint.ingest.feeds import article_from_page
    from flashpoint.store import open_store
    from flashpoint.stories import StoryIndex
    from tests.test_fetch import fast_fetcher

    page = site.page("/w/taiwan.html", news_page("China condemns Japan over Taiwan remarks", TAIWAN))
    # the first run read the page and gave it a story (kept in the state file), then died
    # before the store committed
    with fast_fetcher() as fetcher:
        article, _ = article_from_page(fetcher.fetch(page))
    with StoryIndex(tmp_path / "w.state.sqlite") as index:
        story = index.assign([article])[page]
    (report,) = watch_feed(site, [{"title": "Taiwan", "link": page, "guid": "t"}], tmp_path, coder)
    assert report.articles == 1
    with open_store(str(tmp_path / "w.duckdb"), read_only=True) as store:
        arts = store.articles()
        assert dict(zip(arts["id"], arts["story_id"], strict=True)) == {page: story}


def test_the_watch_state_sits_beside_a_duckdb_file_and_in_the_current_folder_otherwise(
    monkeypatch,
):
    from pathlib import Path

    from flashpoint.ingest.cli import default_state_path

    monkeypatch.delenv("FLASHPOINT_DB", raising=False)
    assert default_state_path("data/w.duckdb") == Path("data/w.duckdb.watch.sqlite")
    assert default_state_path(None) == Path("flashpoint.duckdb.watch.sqlite")
    for elsewhere in (":memory:", "postgresql://me@dbhost/events"):
        assert default_state_path(elsewhere) == Path("flashpoint-watch.sqlite")
        monkeypatch.setenv("FLASHPOINT_DB", elsewhere)
        assert default_state_path(None) == Path("flashpoint-watch.sqlite")
    monkeypatch.setenv("FLASHPOINT_DB", "env.duckdb")
    assert default_state_path(None) == Path("env.duckdb.watch.sqlite")
