"""The dashboard in a real browser: an analyst opens the crisis overview, clicks into a dyad,
sees the chart and the evidence sentences; hostile article text shows as text and runs nothing.

Runs the real server (uvicorn, in a thread, on a free port of 127.0.0.1) over the sample
corpus as the real coder codes it (hand-coded while the coder codes too little of it) plus one
hostile article, and drives Debian's Chromium headless with Playwright.
Requests to anywhere but the server are refused and recorded: the dashboard must need none.
"""

from __future__ import annotations

import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import pytest

from tests.test_api_rest import PAYLOAD, build_sample_store, hostile_article

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
RESULTS = Path(__file__).resolve().parents[1] / "benchmarks" / "results"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(),
    reason="/usr/bin/chromium is absent: install it with scripts/ensure_chromium.sh",
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    import uvicorn

    from flashpoint.web import create_app

    db = tmp_path_factory.mktemp("browser") / "sample.duckdb"
    how = build_sample_store(db, extra=[hostile_article()], coded_by="auto")
    print(f"\nbrowser tests: sample corpus coded by {how}")
    port = _free_port()
    srv = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser(server):
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    profile = tempfile.mkdtemp(prefix="flashpoint-chromium-")
    outside: list[str] = []
    with sync_api.sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(
            profile,
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1360, "height": 900},
        )

        def gate(route):
            if route.request.url.startswith(server + "/"):
                route.continue_()
            else:
                outside.append(route.request.url)
                route.abort()

        ctx.route("**/*", gate)
        ctx.outside_requests = outside  # type: ignore[attr-defined]
        yield ctx
        ctx.close()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser):
    page = browser.new_page()
    page.problems = []  # type: ignore[attr-defined]
    page.on("pageerror", lambda exc: page.problems.append(f"page error: {exc}"))
    page.on(
        "console",
        lambda msg: (
            page.problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None
        ),
    )
    yield page
    page.close()


def _api(server: str, path: str, **params):
    import httpx

    return httpx.get(server + path, params=params, timeout=30).json()


def test_overview_then_dyad_shows_chart_and_evidence(server, page, tmp_path):
    # the demo corpus's main dyad: the busiest pair of countries
    main = _api(server, "/api/dyads", sort="events")["items"][0]
    dyad = main["dyad"]
    n_alerts = _api(server, "/api/alerts")["total"]

    page.goto(server + "/")
    page.wait_for_selector("#dyad-table tbody tr")
    assert page.locator("#dyad-table tbody tr").count() >= 3
    assert page.locator(".alert-item").count() == min(n_alerts, 10)
    page.screenshot(path=str(tmp_path / "overview.png"), full_page=True)

    page.locator("#dyad-table").get_by_role("link", name=dyad, exact=True).click()
    chart = page.locator("[data-testid=dyad-chart]")
    chart.wait_for()
    assert page.url.endswith(f"#/dyad/{dyad}")
    assert "→" in page.locator("h1").inner_text()
    assert chart.locator("rect.bar").count() >= 3  # quad-class bars
    assert chart.locator("polyline").count() == 1  # the Goldstein line
    page.wait_for_selector("#dyad-events li.event")
    evidence = page.locator("#dyad-events .evidence").first
    assert evidence.is_visible()
    assert len(evidence.inner_text()) > 20  # a sentence
    assert page.locator("#dyad-events .evidence mark").count() >= 1  # its trigger, highlighted
    outlet = page.locator("#dyad-events .src a[target=_blank]").first
    assert outlet.get_attribute("href").startswith("https://")
    assert outlet.get_attribute("rel") == "noopener noreferrer nofollow"

    # the events behind a bar: click the week of most conflict, see its events and only those
    series = _api(server, f"/api/dyads/{dyad}/series")["series"]
    busiest = max(series, key=lambda p: (p["conflict"], p["events"]))
    page.locator(f'[data-testid=dyad-chart] g.slot[data-period="{busiest["period"]}"]').click()
    page.wait_for_selector(f"#dyad-events h2:has-text('{busiest['period']}')")
    page.wait_for_selector("#dyad-events li.event")
    dates = [t.split()[0] for t in page.locator("#dyad-events .head .date").all_inner_texts()]
    assert len(dates) == busiest["events"]
    assert all(busiest["period"] <= d <= _week_end(busiest["period"]) for d in dates), dates

    shot = tmp_path / "dashboard.png"
    page.screenshot(path=str(shot), full_page=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, RESULTS / "dashboard.png")
    shutil.copy(tmp_path / "overview.png", RESULTS / "dashboard-overview.png")
    print(f"\nscreenshot: {shot} (copied to {RESULTS / 'dashboard.png'})")
    assert not page.problems, page.problems


def _week_end(monday: str) -> str:
    from datetime import date, timedelta

    return (date.fromisoformat(monday) + timedelta(days=6)).isoformat()


def test_hostile_article_text_is_shown_as_text_and_runs_nothing(server, page):
    page.goto(server + "/#/dyad/CHN-PHL?period=2025-11-17")  # the hostile article's week
    page.wait_for_selector("#dyad-events li.event")
    hostile = page.locator("#dyad-events li.event", has_text="over the shoal")
    hostile.wait_for()
    shown = hostile.locator(".evidence").inner_text()
    assert PAYLOAD in shown  # the markup is there, as literal characters
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img").count() == 0  # no element was made from the payload
    assert page.locator("script").count() == 1  # only /static/app.js
    # the javascript: URL of the hostile outlet is not a link
    assert page.locator("a[href^='javascript']").count() == 0
    assert 'onerror="window.__pwned=1"' in hostile.locator(".src").inner_text()

    page.goto(server + "/#/article/hostile-001")
    page.wait_for_selector("#article-text")
    assert page.locator("h1").inner_text() == f"Hostile headline {PAYLOAD}"
    assert PAYLOAD in page.locator("#article-text").inner_text()
    assert page.locator("#article-text mark").count() == 1
    page.goto(server + "/#/map")
    page.wait_for_selector("[data-testid=map] circle.pt")
    page.wait_for_timeout(200)
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.locator("img").count() == 0
    assert not page.problems, page.problems


def test_matrix_network_map_and_events_views_render(server, page):
    page.goto(server + "/#/matrix")
    page.wait_for_selector("table.matrix td.cell:not(.empty)")
    page.locator("table.matrix td.cell:not(.empty)").first.click()
    page.wait_for_selector("[data-testid=dyad-chart]")
    assert "#/dyad/" in page.url

    page.goto(server + "/#/network")
    page.wait_for_selector("[data-testid=network] .node")
    assert page.locator("[data-testid=network] .edge").count() >= 3

    page.goto(server + "/#/map")
    page.wait_for_selector("[data-testid=map] circle.pt")
    assert page.locator("[data-testid=map] polygon.land").count() > 10
    page.locator("[data-testid=map] circle.pt").first.dispatch_event(
        "click"
    )  # may be under another
    page.wait_for_selector("#map-events li.event")

    page.goto(server + "/#/events?q=detained")
    page.wait_for_selector(".view-events li.event")
    texts = page.locator(".view-events .evidence").all_inner_texts()
    assert texts and all("detain" in t.lower() for t in texts)
    assert not page.problems, page.problems


def test_filters_change_the_range(server, page):
    page.goto(server + "/#/dyad/CHN-PHL")
    page.wait_for_selector("[data-testid=dyad-chart]")
    full = page.locator("[data-testid=dyad-chart] g.slot").count()
    page.fill("form#filters input[name=since]", "2025-11-01")
    page.click("form#filters button[type=submit]")
    slots = page.locator("[data-testid=dyad-chart] g.slot")
    deadline = time.monotonic() + 10
    while slots.count() in (0, full) and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert 0 < slots.count() < full
    assert "since=2025-11-01" in page.url
    dates = [t.split()[0] for t in page.locator("#dyad-events .head .date").all_inner_texts()]
    assert dates and min(dates) >= "2025-11-01"


def test_api_docs_page_works_offline(server, page):
    page.goto(server + "/docs")
    page.wait_for_selector("h3:has-text('/api/dyads/{dyad}/series')")
    assert not page.problems, page.problems


def test_the_dashboard_asked_nothing_of_the_internet(browser):
    # runs last in this module: every request of the tests above went to the server
    assert browser.outside_requests == []
