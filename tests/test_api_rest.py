"""The REST API: an analyst's dashboard and scripts read events, dyad series, alerts, the
matrix, the network and articles with their evidence over HTTP; writes need the token.

Most tests read the bundled sample corpus (the Philippines-China dispute over Scarborough
Shoal, with Japan and the US) with hand-coded events: real sentences of the corpus, with real
offsets, coded the way a careful human would, so that what the analytics must find (the
mid-October incident, its alert, the events that drove it) does not move while the coder is
tuned. One test serves the corpus as the real coder codes it.
"""

from __future__ import annotations

import json
import re
from datetime import date
from importlib import resources
from pathlib import Path

import pytest

from flashpoint.model import Actor, Article, Event, Evidence, Location
from flashpoint.store import EventStore

CORPUS = resources.files("flashpoint") / "data" / "sample" / "corpus.jsonl"
TOKEN = "s3cret-token"
MIN_CODED_DYAD_EVENTS = 10  # asserted events between two countries the real coder must find

# -- the sample corpus as a store ------------------------------------------------------------

_ACTORS = {
    "PHL": ("Philippines", "PHLGOV", "PHL", "GOV"),
    "PHLMIL": ("the Philippine Coast Guard", "PHLMIL", "PHL", "MIL"),
    "PHLCVL": ("protesters", "PHLCVL", "PHL", "CVL"),
    "CHN": ("China", "CHNGOV", "CHN", "GOV"),
    "CHNMIL": ("Chinese coast guard", "CHNMIL", "CHN", "MIL"),
    "JPN": ("Japan", "JPNGOV", "JPN", "GOV"),
    "USA": ("United States", "USAGOV", "USA", "GOV"),
}
_PLACES = {
    "shoal": Location("Scarborough Shoal", None, 15.15, 117.76, 1688848, "water"),
    "manila": Location("Manila", "PHL", 14.5995, 120.9842, 1701668, "city"),
    "xiamen": Location("Xiamen", "CHN", 24.4798, 118.0894, 1790645, "city"),
    "beijing": Location("Beijing", "CHN", 39.9042, 116.4074, 1816670, "city"),
    "makati": Location("Makati", "PHL", 14.5547, 121.0244, 1703417, "city"),
    "kl": Location("Kuala Lumpur", "MYS", 3.139, 101.6869, 1735161, "city"),
    "luzon": Location("Luzon Strait", None, 16.5, 119.0, None, "water"),
    "subic": Location("Subic Bay", "PHL", 14.8, 120.27, 1685755, "water"),
    "washington": Location("Washington", "USA", 38.9072, -77.0369, 4140963, "city"),
}
# (doc, words of the sentence, sources, targets, CAMEO code, modality, trigger, place)
HAND_CODED = [
    ("001", "held talks in Xiamen", "PHL", "CHN", "046", "asserted", "held talks", "xiamen"),
    ("001", "Lin Jian said China was willing", "CHN", "PHL", "030", "asserted", "willing to work", None),
    ("002", "Wang Yi spoke by phone", "CHN", "PHL", "041", "asserted", "spoke by phone", None),
    ("003", "Japan agreed on Monday to provide", "JPN", "PHLMIL", "072", "asserted", "provide", None),
    ("003", "signed the exchange of notes", "JPN", "PHL", "057", "asserted", "signed", "manila"),
    ("004", "The Philippines and China signed an agreement", "PHL", "CHN", "057", "asserted", "signed", "manila"),
    ("005", "ship fired water cannon", "CHNMIL", "PHLMIL", "171", "asserted", "fired water cannon", "shoal"),
    ("005", "then boarded a Filipino fishing boat", "CHNMIL", "PHL", "173", "asserted", "detained", "shoal"),
    ("006", "condemned China on Tuesday", "PHL", "CHN", "111", "asserted", "condemned", "manila"),
    ("006", "He demanded the immediate release", "PHL", "CHN", "100", "asserted", "demanded", "manila"),
    ("007", "summoned the Chinese ambassador", "PHL", "CHN", "111", "asserted", "summoned", "manila"),
    ("007", "rejected the protest as groundless", "CHN", "PHL", "12", "asserted", "rejected", None),
    ("008", "Marco Rubio condemned China", "USA", "CHN", "111", "asserted", "condemned", "washington"),
    ("008", "China criticised Washington", "CHN", "USA", "111", "asserted", "criticised", None),
    ("008", "accused the United States of stirring", "CHN", "USA", "112", "asserted", "accused", "beijing"),
    ("009", "Several hundred protesters rallied", "PHLCVL", "CHN", "141", "asserted", "rallied", "makati"),
    ("010", "pledged on Wednesday to deepen security", "JPN", "PHL", "0312", "asserted", "pledged", None),
    ("010", "did not rule it out", "JPN", "CHN", "0312", "hypothetical", "join patrols", None),
    ("010", "warned Japan against interfering", "CHN", "JPN", "130", "asserted", "warned", "beijing"),
    ("011", "China suspended imports of bananas", "CHN", "PHL", "163", "asserted", "suspended imports", None),
    ("011", "Lazaro accused Beijing of punishing", "PHL", "CHN", "112", "asserted", "accused", None),
    ("012", "met Japanese Prime Minister Sanae Takaichi", "PHL", "JPN", "040", "asserted", "met", "kl"),
    ("012", "There were no talks between Marcos", "PHL", "CHN", "040", "negated", "no talks", "kl"),
    ("013", "China's military held drills", "CHNMIL", "PHL", "152", "asserted", "held drills", "shoal"),
    ("013", "Teodoro accused China of trying to intimidate", "PHL", "CHN", "112", "asserted", "accused", None),
    ("014", "held a joint maritime exercise", "USA,JPN", "PHL", "062", "asserted", "held a joint maritime exercise", "luzon"),
    ("015", "China's coast guard detained two more", "CHNMIL", "PHL", "173", "asserted", "detained", "shoal"),
    ("015", "accused China of \"escalating", "PHL", "CHN", "112", "asserted", "accused", None),
    ("016", "China lodged a formal protest with Japan", "CHN", "JPN", "111", "asserted", "lodged a formal protest", "beijing"),
    ("016", "Sun accused Tokyo", "CHN", "JPN", "112", "asserted", "accused", "beijing"),
    ("016", "Motegi rejected the protest", "JPN", "CHN", "12", "asserted", "rejected", None),
    ("017", "Sun Weidong arrived in Manila", "CHN", "PHL", "042", "asserted", "arrived", "manila"),
    ("017", "Sun met Foreign Secretary Theresa Lazaro", "PHL", "CHN", "043", "asserted", "met", "manila"),
    ("018", "China agreed on Tuesday to release", "CHN", "PHL", "0353", "asserted", "agreed to release", "manila"),
    ("019", "handed them over at sea", "CHN", "PHL", "0841", "asserted", "handed them over", "subic"),
    ("020", "China partly lifted its ban", "CHN", "PHL", "085", "asserted", "lifted its ban", None),
    ("021", "Rubio spoke by phone", "USA", "PHL", "041", "asserted", "spoke by phone", None),
    ("021", "Rubio praised the Philippines", "USA", "PHL", "051", "asserted", "praised", None),
    ("022", "used their new hotline", "PHLMIL", "CHNMIL", "041", "asserted", "used their new hotline", "shoal"),
    ("022", "China would take necessary measures if", "CHN", "PHL", "130", "conditional", "take necessary measures", None),
]  # fmt: skip


def sample_articles() -> list[Article]:
    out = []
    for line in CORPUS.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        out.append(
            Article(
                id=d["id"], text=d["text"], title=d.get("title"),
                date=date.fromisoformat(d["date"]), url=d.get("url"), outlet=d.get("outlet"),
            )
        )  # fmt: skip
    return out


def _sentence(text: str, words: str) -> tuple[int, int, int]:
    """Start, end and index of the sentence of ``text`` holding ``words``."""
    at = text.index(words)
    bounds = [0] + [m.end() for m in re.finditer(r"(?<=[.!?\"”])\s+|\n+", text)]
    start = max(b for b in bounds if b <= at)
    nxt = [b for b in bounds if b > at]
    end = nxt[0] if nxt else len(text)
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end, bounds.index(start)


def _actor(key: str) -> Actor:
    text, code, country, sector = _ACTORS[key]
    return Actor(text, None, code, country, sector)


def hand_coded_events(articles: list[Article]) -> list[Event]:
    from flashpoint import ontology

    by_id = {a.id: a for a in articles}
    events = []
    for doc, words, src, tgt, code, modality, trigger, place in HAND_CODED:
        art = by_id[f"fp-sample-{doc}"]
        start, end, index = _sentence(art.text, words)
        sentence = art.text[start:end]
        events.append(
            Event(
                doc_id=art.id, sentence_index=index, date=art.date,
                source=[_actor(s) for s in src.split(",")], target=[_actor(tgt)],
                cameo=ontology.cameo(code), plover=ontology.plover_for(code), modality=modality,
                evidence=Evidence(sentence, start, end, trigger if trigger in sentence else words),
                reported_by=["Straits Dispatch"] if doc == "015" else [],
                attributed_to=["Philippine security officials"] if doc == "015" else [],
                location=_PLACES.get(place) if place else None, confidence=0.9,
                rule="hand-coded", outlet=art.outlet, url=art.url,
            )
        )  # fmt: skip
    return events


def hand_coded_sample() -> list[tuple[Article, list[Event]]]:
    articles = sample_articles()
    events = hand_coded_events(articles)
    return [(a, [e for e in events if e.doc_id == a.id]) for a in articles]


def coder_sample() -> list[tuple[Article, list[Event]]] | None:
    """The sample corpus as the real coder codes it (as ``flashpoint demo`` does), or ``None``
    when the coder cannot run or finds fewer than ``MIN_CODED_DYAD_EVENTS`` asserted events
    between two countries."""
    try:
        from flashpoint.pipeline import code_documents

        pairs = [
            r for r in code_documents([str(CORPUS)], input_format="jsonl") if isinstance(r, tuple)
        ]
    except Exception:  # noqa: BLE001 - the coder is optional for these tests
        return None
    found = sum(
        1 for _, evs in pairs for e in evs if e.asserted and any(s and t for s, t in e.dyads())
    )
    return pairs if found >= MIN_CODED_DYAD_EVENTS else None


_CACHE: dict[str, list | None] = {}


def sample(coded_by: str = "hand") -> tuple[list[tuple[Article, list[Event]]], str]:
    """The sample corpus with events: ``"hand"`` (hand-coded), ``"coder"`` (the real coder,
    or ``None`` pairs when it cannot) or ``"auto"`` (the coder when it works, else by hand).
    Returns the pairs and who coded them."""
    if coded_by in ("coder", "auto") and "coder" not in _CACHE:
        _CACHE["coder"] = coder_sample()
    if coded_by != "hand" and _CACHE.get("coder") is not None:
        return _CACHE["coder"], "coder"
    if coded_by == "coder":
        return [], "none"
    return hand_coded_sample(), "hand"


def build_sample_store(
    path: Path, *, extra: list[tuple[Article, list[Event]]] = (), coded_by: str = "hand"
) -> str:
    """Write the sample corpus (see ``sample``) and ``extra`` articles with their events into a
    new store at ``path``; returns who coded the sample."""
    pairs, how = sample(coded_by)
    with EventStore.open(path) as store:
        for article, events in [*pairs, *extra]:
            store.replace_document(article, events)
    return how


# the hostile article: its title, outlet, URL and evidence sentence try to run script
PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=1">'
HOSTILE_SENTENCE = f"Beijing condemned Manila over the shoal {PAYLOAD} in a statement on Thursday."


def hostile_article() -> tuple[Article, list[Event]]:
    from flashpoint import ontology

    text = "Officials spoke on Thursday. " + HOSTILE_SENTENCE
    start = text.index(HOSTILE_SENTENCE)
    article = Article(
        id="hostile-001",
        text=text,
        title=f"Hostile headline {PAYLOAD}",
        date=date(2025, 11, 20),
        url="javascript:window.__pwned=1",
        outlet='Evil Outlet <img src=x onerror="window.__pwned=1">',
    )
    event = Event(
        doc_id=article.id, sentence_index=1, date=article.date,
        source=[_actor("CHN")], target=[_actor("PHL")], cameo=ontology.cameo("111"),
        plover=ontology.plover_for("111"), modality="asserted",
        evidence=Evidence(HOSTILE_SENTENCE, start, start + len(HOSTILE_SENTENCE), "condemned"),
        confidence=0.8, rule="hand-coded", outlet=article.outlet, url=article.url,
        location=Location(f"Shoal {PAYLOAD}", None, 15.2, 117.8, None, "water"),
    )  # fmt: skip
    return article, [event]


# -- fixtures -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("api") / "sample.duckdb"
    build_sample_store(path, extra=[hostile_article()])
    return path


@pytest.fixture(scope="module")
def client(sample_db):
    from fastapi.testclient import TestClient

    from flashpoint.web import create_app

    with TestClient(create_app(sample_db)) as c:
        yield c


@pytest.fixture
def writable(tmp_path):
    from fastapi.testclient import TestClient

    from flashpoint.web import create_app

    path = tmp_path / "w.duckdb"
    with EventStore.open(path):
        pass
    with TestClient(create_app(path, token=TOKEN)) as c:
        yield c


def auth(token: str = TOKEN) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


# -- reading ------------------------------------------------------------------------------------


def test_health_and_summary_say_what_the_store_holds(client):
    health = client.get("/api/health").json()
    assert health["status"] == "ok" and health["events"] > 20 and health["articles"] == 23
    assert health["writable"] is False
    summary = client.get("/api/summary").json()
    assert summary["articles"] == 23
    assert summary["range"][0] >= "2025-10-01" and summary["range"][1] <= "2025-11-25"


def test_dyads_are_ranked_by_escalation_with_status_and_sparkline(client):
    body = client.get("/api/dyads", params={"until": "2025-10-19"}).json()
    top = body["items"][0]
    assert top["dyad"] == "CHN-PHL"
    assert top["status"] == "escalating"
    assert top["peak_z"] >= 2
    assert [p[0] for p in top["spark"]][:3] == ["2025-09-29", "2025-10-06", "2025-10-13"]
    assert body["params"]["window"] == 8 and body["params"]["threshold"] == 2.0
    later = client.get("/api/dyads").json()["items"]
    chn_phl = next(d for d in later if d["dyad"] == "CHN-PHL")
    assert chn_phl["status"] in ("de-escalating", "stable")
    assert chn_phl["alerts"] >= 1


def test_dyad_series_has_every_week_with_quad_counts_goldstein_and_z(client):
    body = client.get("/api/dyads/chn-phl/series").json()
    assert body["dyad"] == "CHN-PHL"
    weeks = [p["period"] for p in body["series"]]
    assert weeks[0] == "2025-09-29" and weeks[-1] == "2025-11-24"
    assert len(weeks) == 9  # contiguous, empty weeks included
    for p in body["series"]:
        assert p["events"] == p["q1"] + p["q2"] + p["q3"] + p["q4"]
        if p["events"]:
            assert -1 <= p["cc_index"] <= 1
    incident = next(p for p in body["series"] if p["period"] == "2025-10-13")
    assert incident["q4"] >= 1 and incident["goldstein"] < 0
    assert incident["alert"] is True and incident["level"] in ("warning", "critical")
    assert body["status"]["alerts"][0]["period"] == "2025-10-13"


def test_series_by_month_and_in_both_directions(client):
    one_way = client.get("/api/dyads/CHN-PHL/series", params={"freq": "month"}).json()
    both = client.get(
        "/api/dyads/CHN-PHL/series", params={"freq": "month", "directed": "false"}
    ).json()
    assert [p["period"] for p in one_way["series"]] == ["2025-10-01", "2025-11-01"]
    assert sum(p["events"] for p in both["series"]) > sum(p["events"] for p in one_way["series"])


def test_alerts_carry_the_events_that_drove_them(client):
    body = client.get("/api/alerts").json()
    assert body["total"] >= 1
    alert = next(a for a in body["items"] if a["dyad"] == "CHN-PHL")
    assert alert["period"] == "2025-10-13" and alert["z"] >= 2
    driver = alert["drivers"][0]
    assert driver["quad_class"] == 4
    assert driver["evidence_text"] and driver["outlet"] == "Meridian Wire"
    assert driver["url"].startswith("https://")
    only = client.get("/api/alerts", params={"dyad": "CHN-PHL"}).json()
    assert {a["dyad"] for a in only["items"]} == {"CHN-PHL"}


def test_events_page_through_with_filters(client):
    first = client.get("/api/events", params={"page_size": 5}).json()
    assert first["total"] > 20 and first["pages"] == -(-first["total"] // 5)
    second = client.get("/api/events", params={"page_size": 5, "page": 2}).json()
    assert {e["id"] for e in first["items"]}.isdisjoint({e["id"] for e in second["items"]})
    dates = [e["date"] for e in first["items"]]
    assert dates == sorted(dates, reverse=True)
    conflict = client.get("/api/events", params={"quad_class": [3, 4], "dyad": "CHN-PHL"}).json()
    assert conflict["total"] >= 3
    assert all(e["quad_class"] in (3, 4) and "CHN-PHL" in e["dyads"] for e in conflict["items"])
    assert all(e["modality"] == "asserted" for e in conflict["items"])
    everything = client.get("/api/events", params={"asserted_only": "false"}).json()
    assert everything["total"] > first["total"]
    hypo = client.get("/api/events", params={"modality": ["conditional", "hypothetical"]}).json()
    assert hypo["total"] >= 1 and all(e["modality"] != "asserted" for e in hypo["items"])
    found = client.get("/api/events", params={"q": "WATER CANNON"}).json()
    assert found["total"] >= 1 and all(
        "water cannon" in e["evidence_text"].lower() for e in found["items"]
    )


def test_event_detail_gives_the_json_record_actors_and_article(client):
    some = client.get("/api/events", params={"dyad": "CHN-PHL", "sort": "goldstein"}).json()
    ev = client.get(f"/api/events/{some['items'][0]['id']}").json()
    assert ev["record"]["id"] == ev["id"] and ev["record"]["cameo"]["code"] == ev["cameo_code"]
    assert ev["actors"] and ev["article"]["id"] == ev["doc_id"]
    assert client.get("/api/events/nope").status_code == 404


def test_articles_come_with_their_text_and_evidence_offsets(client):
    listing = client.get("/api/articles", params={"page_size": 100}).json()
    assert listing["total"] == 23
    assert "text" not in listing["items"][0]
    art = client.get("/api/articles/fp-sample-005").json()
    assert art["outlet"] == "Meridian Wire" and art["events"]
    for ev in art["events"]:
        assert art["text"][ev["evidence_start"] : ev["evidence_end"]] == ev["evidence_text"]
    assert client.get("/api/articles/missing").status_code == 404


def test_matrix_network_actors_and_map(client):
    matrix = client.get("/api/matrix").json()
    assert {"CHN", "PHL", "JPN", "USA"} <= set(matrix["countries"])
    cell = next(c for c in matrix["cells"] if c["source"] == "CHN" and c["target"] == "PHL")
    assert cell["events"] >= 5 and -1 <= cell["cc_index"] <= 1
    net = client.get("/api/network").json()
    assert {n["id"] for n in net["nodes"]} >= {"CHN", "PHL"}
    assert any(e["source"] == "CHN" and e["target"] == "PHL" for e in net["edges"])
    actors_net = client.get("/api/network", params={"level": "actor"}).json()
    assert any(n["id"].startswith("CHN") for n in actors_net["nodes"])
    top = client.get("/api/actors", params={"n": 3}).json()["items"]
    assert top[0]["events"] >= top[-1]["events"] and top[0]["country"] in ("CHN", "PHL")
    places = client.get("/api/map").json()["items"]
    shoal = next(p for p in places if p["name"] == "Scarborough Shoal")
    assert shoal["events"] >= 2 and "CHN-PHL" in shoal["dyads"]


def test_the_real_coders_events_are_served_too(tmp_path):
    from fastapi.testclient import TestClient

    from flashpoint.web import create_app

    path = tmp_path / "coded.duckdb"
    if build_sample_store(path, coded_by="coder") != "coder":
        pytest.skip("the coder does not code enough of the sample corpus yet")
    with TestClient(create_app(path)) as c:
        ranked = c.get("/api/dyads", params={"sort": "events"}).json()["items"]
        main = ranked[0]["dyad"]
        series = c.get(f"/api/dyads/{main}/series").json()["series"]
        assert sum(p["events"] for p in series) == ranked[0]["events"]
        page = c.get("/api/events", params={"dyad": main}).json()
        assert page["total"] == ranked[0]["events"]
        for ev in page["items"]:
            art = c.get(f"/api/articles/{ev['doc_id']}").json()
            assert art["text"][ev["evidence_start"] : ev["evidence_end"]] == ev["evidence_text"]
        assert c.get("/api/alerts").status_code == 200
        assert c.get(f"/api/dyads/{main}/brief").text.startswith("# Crisis brief")


def test_stories_endpoint_answers_even_without_clusters(client):
    body = client.get("/api/stories").json()
    assert "items" in body


def test_bad_parameters_are_400_or_422_not_500(client):
    assert client.get("/api/dyads/CHINA/series").status_code == 422
    assert client.get("/api/dyads/CHN-PHL/series", params={"freq": "fortnight"}).status_code == 422
    assert client.get("/api/events", params={"since": "yesterday"}).status_code == 422
    assert client.get("/api/events", params={"page_size": 10_000}).status_code == 422
    assert client.get("/api/events", params={"modality": "maybe"}).status_code == 400


def test_every_response_carries_a_strict_content_security_policy(client):
    for url in ("/", "/api/health", "/static/app.js", "/docs"):
        r = client.get(url)
        assert r.status_code == 200, url
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "script-src 'self'" in csp
        assert "object-src 'none'" in csp
        assert r.headers["x-content-type-options"] == "nosniff"


def test_dashboard_and_docs_load_nothing_from_elsewhere(client):
    for url in ("/", "/docs", "/static/app.js", "/static/style.css", "/static/api.js"):
        body = client.get(url).text
        assert not re.search(r"(src|href)\s*=\s*[\"']?(https?:)?//", body), url
        assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", body), url
        urls = set(re.findall(r"https?://[^\s\"'`)]+", body))
        assert urls <= {"http://www.w3.org/2000/svg"}, (url, urls)  # the SVG namespace only
    html = client.get("/").text
    assert "<script>" not in html and "onclick" not in html and "style=" not in html


def test_dashboard_code_never_turns_text_into_markup(client):
    for url in ("/static/app.js", "/static/api.js"):
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", client.get(url).text, flags=re.S)
        for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write",
                     "eval(", "new Function", "setAttribute(\"on"):  # fmt: skip
            assert sink not in code, (url, sink)
        assert "textContent" in code


def test_openapi_describes_the_endpoints(client):
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    for p in (
        "/api/events",
        "/api/dyads/{dyad}/series",
        "/api/alerts",
        "/api/ingest",
        "/api/articles/{article_id}",
        "/api/matrix",
        "/api/network",
        "/api/map",
    ):
        assert p in paths, p  # fmt: skip


def test_hostile_text_is_served_as_data(client):
    art = client.get("/api/articles/hostile-001").json()
    assert PAYLOAD in art["events"][0]["evidence_text"]  # stored and served verbatim, as JSON
    assert (
        client.get("/api/articles/hostile-001")
        .headers["content-type"]
        .startswith("application/json")
    )


def test_brief_endpoint_gives_markdown_and_script_free_html(client):
    md = client.get("/api/dyads/CHN-PHL/brief", params={"since": "2025-10-01"})
    assert md.status_code == 200 and md.text.startswith("# ")
    html = client.get("/api/dyads/CHN-PHL/brief", params={"format": "html", "since": "2025-11-17"})
    assert html.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in html.headers["content-security-policy"]
    assert "Manila over the shoal" in html.text  # the hostile event is in
    assert "<script" not in html.text.lower() and "<img" not in html.text.lower()
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html.text
    assert 'href="javascript:' not in html.text


# -- writing ------------------------------------------------------------------------------------


def test_writes_need_the_token(writable, client):
    record = hand_coded_events(sample_articles())[0].to_dict()
    assert client.post("/api/events", json=[record]).status_code == 403  # read-only server
    assert writable.post("/api/events", json=[record]).status_code == 401
    assert writable.post("/api/events", json=[record], headers=auth("wrong")).status_code == 401
    r = writable.post("/api/events", json={"events": [record]}, headers=auth())
    assert r.status_code == 200 and r.json() == {"received": 1, "written": 1}
    again = writable.post("/api/events", json=[record], headers=auth()).json()
    assert again["written"] == 0
    assert writable.get("/api/health").json()["events"] == 1
    assert writable.get("/api/events").json()["items"][0]["id"] == record["id"]


def test_articles_can_be_added_and_deleted_with_their_events(writable):
    article, events = hostile_article()
    r = writable.post("/api/articles", json=[article.to_dict()], headers=auth())
    assert r.json()["written"] == 1
    writable.post("/api/events", json=[e.to_dict() for e in events], headers=auth())
    assert writable.get("/api/health").json()["events"] == 1
    r = writable.delete(f"/api/articles/{article.id}", headers=auth())
    assert r.json()["events_removed"] == 1
    assert writable.get("/api/health").json() | {"writable": True} == {
        "status": "ok", "events": 0, "articles": 0, "writable": True,
    }  # fmt: skip


def test_malformed_writes_are_rejected(writable):
    assert writable.post("/api/events", json={"nope": 1}, headers=auth()).status_code == 422
    bad = writable.post("/api/events", json=[{"id": "x", "modality": "maybe"}], headers=auth())
    assert bad.status_code == 422
    assert writable.post("/api/ingest", json=[{"id": "x"}], headers=auth()).status_code == 422


def test_ingest_codes_documents_and_stores_them(writable):
    if sample("coder")[1] != "coder":
        pytest.skip("the coder does not code enough of the sample corpus yet")
    doc = json.loads(CORPUS.read_text(encoding="utf-8").splitlines()[4])  # the water cannon
    r = writable.post("/api/ingest", json={"documents": [doc]}, headers=auth())
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["documents"] == 1 and body["events"] >= 1 and body["problems"] == []
    art = writable.get(f"/api/articles/{doc['id']}").json()
    assert len(art["events"]) == body["events"]
    again = writable.post("/api/ingest", json=[doc], headers=auth()).json()
    assert again["events"] == body["events"]  # a document sent again replaces its events
    assert writable.get("/api/health").json()["events"] == body["events"]
