"""HTTP fetching and URL sources against a real HTTP server on 127.0.0.1 (no mocks).

``LocalSite`` (also used by test_feeds and test_warc) serves pages, feeds, redirects, errors,
slow and oversized responses from a thread, and logs every request it gets.
"""

from __future__ import annotations

import gzip
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from flashpoint.ingest import Fetcher, FetchError, IngestState, fetch_settings, read_documents
from flashpoint.model import Article, Problem

# --------------------------------------------------------------------------- test pages


def news_page(
    title: str,
    paragraphs: list[str],
    *,
    site: str = "The Daily Ledger",
    date: str = "2025-11-20",
    lang: str = "en",
    extra: str = "",
    author: str = "Jane Roe",
) -> str:
    """A news page as outlets serve them: navigation, the article, teasers, a footer."""
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{title} - {site}</title>
<meta property="og:site_name" content="{site}">
<meta property="og:title" content="{title}">
<meta name="author" content="{author}">
<meta property="article:published_time" content="{date}T08:00:00Z">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/politics">Politics</a></nav>
<article><h1>{title}</h1>
{body}
{extra}
</article>
<aside><h3>Most read</h3><ul><li><a href="/other/1">Markets slide as oil jumps on supply worries</a></li></ul></aside>
<footer>&copy; 2025 {site}. All rights reserved.</footer>
</body></html>"""


TAIWAN = [
    "Chinese Foreign Ministry spokesperson Mao Ning condemned Japan on Thursday over remarks by Prime "
    "Minister Sanae Takaichi about Taiwan, and demanded that Tokyo retract them.",
    "Beijing summoned the Japanese ambassador in protest, the ministry said in a statement, in the "
    "sharpest exchange between the two neighbours in more than a decade.",
    "Japanese officials said Tokyo had lodged a protest of its own after a Chinese diplomat in Osaka "
    "posted threatening comments online, and that the government would not change its position.",
]
SUMMIT = [
    "South Korean President Lee Jae-myung met Japanese Prime Minister Sanae Takaichi in Gyeongju on "
    "Friday, and the two leaders agreed to expand security cooperation.",
    "The meeting was the first between them since Takaichi took office, officials from both "
    "governments said after the talks ended.",
    "Analysts said the warm tone of the summit was a sign that the two countries want to keep their "
    "relations steady despite old disputes over history.",
]
PORTUGUESE = [
    "O governo anunciou nesta sexta-feira um novo pacote de medidas para a economia, com cortes de "
    "impostos para as pequenas empresas e um programa de crédito para os agricultores do país.",
    "Segundo o ministro, as medidas devem entrar em vigor no próximo mês, depois da aprovação do "
    "Congresso, que ainda precisa votar o texto em duas sessões.",
]


@dataclass
class Route:
    status: int = 200
    body: bytes | Callable[[], bytes] = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the response starts
    drip: float = 0.0  # seconds between chunks of the body (sent in 16-byte chunks)
    chunked: bool = False  # no Content-Length
    fail_first: int = 0  # answer 500 to the first n requests
    etag: bool = False  # answer 304 to a matching If-None-Match


class LocalSite:
    """A real HTTP server on 127.0.0.1 (a free port), in a thread. ``routes`` maps a path to
    a :class:`Route`; ``log`` lists ``(path, headers)`` of every request."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.log: list[tuple[str, dict[str, str]]] = []
        self.hits: dict[str, int] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                path = self.path
                site.log.append((path, dict(self.headers)))
                site.hits[path] = site.hits.get(path, 0) + 1
                route = site.routes.get(path)
                if route is None:
                    self._send(404, b"not found", "text/plain")
                    return
                if route.delay:
                    time.sleep(route.delay)
                if route.fail_first and site.hits[path] <= route.fail_first:
                    self._send(500, b"oops", "text/plain")
                    return
                body = route.body() if callable(route.body) else route.body
                if route.etag:
                    tag = f'"{hash(body)}"'
                    if self.headers.get("If-None-Match") == tag:
                        self.send_response(304)
                        self.send_header("ETag", tag)
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    route.headers["ETag"] = tag
                self._send(
                    route.status, body, route.content_type, route.headers, route.drip, route.chunked
                )

            def _send(self, status, body, ctype, headers=None, drip=0.0, chunked=False) -> None:
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", ctype)
                    for k, v in (headers or {}).items():
                        self.send_header(k, v)
                    if chunked:
                        self.send_header("Transfer-Encoding", "chunked")
                    else:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    step = 16 if drip else 1 << 16
                    for i in range(0, len(body), step):
                        part = body[i : i + step]
                        if chunked:
                            self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
                        else:
                            self.wfile.write(part)
                        if drip:
                            self.wfile.flush()
                            time.sleep(drip)
                    if chunked:
                        self.wfile.write(b"0\r\n\r\n")
                except (BrokenPipeError, ConnectionResetError):
                    pass

        class Server(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                pass  # clients that hang up early (timeouts, size caps) are expected here

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> LocalSite:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def page(self, path: str, html: str, **kw: object) -> str:
        self.routes[path] = Route(body=html.encode("utf-8"), **kw)  # type: ignore[arg-type]
        return self.url(path)

    def requests_for(self, path: str) -> int:
        return sum(1 for p, _ in self.log if p == path)


def fast_fetcher(**kw: object) -> Fetcher:
    """A fetcher for tests: 127.0.0.1 allowed, no politeness pause, quick retries."""
    options = {"allow_private": True, "min_interval": 0.0, "backoff": 0.01, "timeout": 5.0}
    options.update(kw)
    return Fetcher(**options)  # type: ignore[arg-type]


TEST_FETCH = {"allow_private": True, "min_interval": 0.0, "backoff": 0.01, "timeout": 5.0}


@pytest.fixture
def site():
    with LocalSite() as s:
        yield s


# --------------------------------------------------------------------------- the fetcher


def test_fetches_a_page_with_a_clear_user_agent(site):
    url = site.page("/a.html", news_page("China condemns Japan over Taiwan remarks", TAIWAN))
    with fast_fetcher() as f:
        r = f.fetch(url)
    assert r.status == 200 and r.final_url == url
    assert "China condemns Japan" in r.text()
    agent = site.log[-1][1]["User-Agent"]
    assert agent.startswith("flashpoint/") and "robots.txt" in agent
    assert site.requests_for("/robots.txt") == 1  # robots.txt asked first, once per host


def test_loopback_is_refused_unless_allowed(site):
    url = site.page("/a.html", news_page("x", TAIWAN))
    with Fetcher(min_interval=0) as f, pytest.raises(FetchError) as exc:
        f.fetch(url)
    assert "refused" in exc.value.reason and "loopback" in exc.value.reason
    assert "--allow-private" in exc.value.reason
    assert site.log == []  # nothing was sent
    for private in (
        "http://10.1.2.3/x",
        "http://192.168.0.1/",
        "http://169.254.169.254/latest",
        "http://localhost/",
    ):
        with Fetcher(min_interval=0) as f, pytest.raises(FetchError) as exc:
            f.fetch(private)
        assert exc.value.reason.startswith("refused")


def test_only_http_and_https(site):
    with fast_fetcher() as f, pytest.raises(FetchError) as exc:
        f.fetch("file:///etc/passwd")
    assert "unsupported URL scheme" in exc.value.reason


def test_redirects_are_followed_and_loops_reported(site):
    target = site.page("/story.html", news_page("Summit in Gyeongju", SUMMIT))
    site.routes["/short"] = Route(status=301, headers={"Location": "/story.html"})
    site.routes["/loop-a"] = Route(status=302, headers={"Location": "/loop-b"})
    site.routes["/loop-b"] = Route(status=302, headers={"Location": "/loop-a"})
    with fast_fetcher() as f:
        r = f.fetch(site.url("/short"))
        assert r.final_url == target and r.redirects == [target]
        with pytest.raises(FetchError) as exc:
            f.fetch(site.url("/loop-a"))
    assert exc.value.reason.startswith("redirect loop")


def test_address_checks_cover_every_private_range():
    from flashpoint.ingest.fetch import check_host

    for host in (
        "127.0.0.1",
        "10.0.0.1",
        "172.16.5.4",
        "192.168.1.1",
        "169.254.169.254",
        "::1",
        "[::ffff:127.0.0.1]",
        "fd00::1",
        "0.0.0.0",
        "224.0.0.1",
        "localhost",
    ):
        with pytest.raises(ValueError):
            check_host(host, 80, allow_private=False)
        check_host(host, 80, allow_private=True)
    check_host("93.184.216.34", 80, allow_private=False)  # a public address passes


def test_404_is_not_retried_and_500_is(site):
    site.routes["/gone"] = Route(status=404, body=b"no")
    site.routes["/broken"] = Route(status=500, body=b"no")
    site.routes["/flaky"] = Route(body=news_page("Summit", SUMMIT).encode(), fail_first=2)
    with fast_fetcher(retries=2) as f:
        with pytest.raises(FetchError) as exc:
            f.fetch(site.url("/gone"))
        assert exc.value.reason == "HTTP 404 Not Found" and exc.value.status == 404
        assert site.requests_for("/gone") == 1
        with pytest.raises(FetchError) as exc:
            f.fetch(site.url("/broken"))
        assert exc.value.reason == "HTTP 500 Internal Server Error (after 3 attempts)"
        assert site.requests_for("/broken") == 3
        assert f.fetch(site.url("/flaky")).status == 200  # third time lucky
        assert site.requests_for("/flaky") == 3


def test_retry_after_and_politeness_use_the_given_sleep(site):
    site.routes["/busy"] = Route(status=503, headers={"Retry-After": "7"})
    site.routes["/a"] = Route(body=b"<html><body><p>a</p></body></html>")
    slept: list[float] = []
    now = [1000.0]

    def sleep(s: float) -> None:
        slept.append(round(s, 3))
        now[0] += s

    with Fetcher(
        allow_private=True,
        min_interval=5.0,
        retries=1,
        backoff=0.5,
        sleep=sleep,
        clock=lambda: now[0],
    ) as f:
        with pytest.raises(FetchError):
            f.fetch(site.url("/busy"))
        assert 7.0 in slept  # the server's Retry-After, not the backoff
        slept.clear()
        f.fetch(site.url("/a"))
        assert slept == [5.0]  # one host: at least min_interval between requests


def test_crawl_delay_and_disallow_in_robots_txt(site):
    site.routes["/robots.txt"] = Route(
        body=b"User-agent: *\nDisallow: /private/\nCrawl-delay: 3\n", content_type="text/plain"
    )
    site.routes["/private/x.html"] = Route(body=b"<p>secret</p>")
    site.routes["/public.html"] = Route(body=b"<p>hello</p>")
    slept: list[float] = []
    now = [0.0]

    def sleep(s: float) -> None:
        slept.append(s)
        now[0] += s

    with Fetcher(allow_private=True, min_interval=0.0, sleep=sleep, clock=lambda: now[0]) as f:
        with pytest.raises(FetchError) as exc:
            f.fetch(site.url("/private/x.html"))
        assert exc.value.reason == "disallowed by robots.txt"
        f.fetch(site.url("/public.html"))
        f.fetch(site.url("/public.html"))
    assert site.requests_for("/private/x.html") == 0
    assert slept and max(slept) == pytest.approx(3.0)  # Crawl-delay honoured


def test_unreachable_robots_txt_stops_the_host(site):
    site.routes["/robots.txt"] = Route(status=503, body=b"down")
    site.routes["/a.html"] = Route(body=b"<p>a</p>")
    with fast_fetcher() as f, pytest.raises(FetchError) as exc:
        f.fetch(site.url("/a.html"))
    assert exc.value.reason.startswith("robots.txt unreachable (HTTP 503")
    assert site.requests_for("/a.html") == 0


def test_slow_and_dripping_servers_time_out(site):
    site.routes["/slow"] = Route(body=b"<p>late</p>", delay=2.0)
    site.routes["/drip"] = Route(body=b"x" * 4000, drip=0.05)
    with fast_fetcher(timeout=0.3, retries=0) as f:
        with pytest.raises(FetchError) as exc:
            f.fetch(site.url("/slow"))
        assert exc.value.reason.startswith("timed out waiting for the server")
    with fast_fetcher(timeout=2.0, total_timeout=0.5, retries=0) as f:
        with pytest.raises(FetchError) as exc:
            f.fetch(site.url("/drip"))
        assert exc.value.reason.startswith("timed out: no complete response within 0.5 s")


def test_pages_over_the_size_cap_are_refused(site):
    big = b"<html><body>" + b"<p>word </p>" * 200_000 + b"</body></html>"  # 2.4 MB
    site.routes["/big"] = Route(body=big)
    site.routes["/big-chunked"] = Route(body=big, chunked=True)
    with fast_fetcher(max_bytes=1 << 20) as f:
        with pytest.raises(FetchError) as exc:
            f.fetch(site.url("/big"))
        assert exc.value.reason.startswith(
            "too large: 2.3 MB (Content-Length) is over the 1.0 MB cap"
        )
        with pytest.raises(FetchError) as exc:
            f.fetch(site.url("/big-chunked"))
        assert exc.value.reason == "too large: more than the 1.0 MB cap (stopped reading)"


def test_a_page_with_a_few_stray_bytes_is_still_read(site):
    html = news_page("Summit", SUMMIT).encode()
    i = html.index(b"<article>")
    dirty = html[:i] + b"\x00\x01" + html[i:] + b"\xff\xfe\x00"  # a few NULs and bad UTF-8
    site.routes["/dirty.html"] = Route(body=dirty)
    with fetch_settings(**TEST_FETCH):
        (doc,) = list(read_documents([site.url("/dirty.html")]))
    assert isinstance(doc, Article) and doc.text.startswith("South Korean President")


def test_gzip_content_encoding_is_decoded(site):
    html = news_page("Summit", SUMMIT).encode()
    site.routes["/gz"] = Route(body=gzip.compress(html), headers={"Content-Encoding": "gzip"})
    with fast_fetcher() as f:
        assert f.fetch(site.url("/gz")).content == html


# --------------------------------------------------------------------------- URL sources


def test_read_documents_mixes_urls_files_globs_and_url_lists(site, tmp_path):
    u1 = site.page(
        "/news/taiwan.html", news_page("China condemns Japan over Taiwan remarks", TAIWAN)
    )
    u2 = site.page(
        "/news/summit.html",
        news_page("Lee and Takaichi meet in Gyeongju", SUMMIT, site="Seoul Wire"),
    )
    site.routes["/go/summit"] = Route(status=302, headers={"Location": "/news/summit.html"})
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "one.html").write_text(news_page("Summit", SUMMIT), encoding="utf-8")
    (tmp_path / "pages" / "two.txt").write_text("\n\n".join(TAIWAN), encoding="utf-8")
    urls = tmp_path / "urls.txt"
    urls.write_text(
        f"# my reading list\n{site.url('/go/summit')}\n{site.url('/missing')}\n", encoding="utf-8"
    )
    prov: dict = {}
    with fetch_settings(**TEST_FETCH):
        docs = list(read_documents([u1, str(tmp_path / "pages" / "*"), str(urls)], provenance=prov))
    arts = {d.id: d for d in docs if isinstance(d, Article)}
    probs = {d.id: d.reason for d in docs if isinstance(d, Problem)}
    assert set(arts) == {
        u1,
        u2,
        str(tmp_path / "pages" / "one.html"),
        str(tmp_path / "pages" / "two.txt"),
    }
    assert probs == {site.url("/missing"): "HTTP 404 Not Found"}
    a = arts[u2]
    assert a.title == "Lee and Takaichi meet in Gyeongju" and a.outlet == "Seoul Wire"
    assert a.url == u2 and str(a.date) == "2025-11-20" and a.authors == ["Jane Roe"]
    p = prov[u2]
    assert p.kind == "url" and p.source_url == site.url("/go/summit") and p.final_url == u2
    assert p.fetched_at is not None and len(p.content_hash) == 64 and p.language == "en"
    assert p.http_status == 200 and p.content_type == "text/html"
    assert prov[str(tmp_path / "pages" / "two.txt")].kind == "file"


def test_non_english_pages_are_skipped_with_their_language(site):
    url = site.page("/pt.html", news_page("Governo anuncia medidas", PORTUGUESE, lang="pt-BR"))
    with fetch_settings(**TEST_FETCH):
        (doc,) = list(read_documents([url]))
    assert isinstance(doc, Problem) and doc.reason == "skipped: not in English (language: pt)"


def test_reingesting_the_same_content_is_a_no_op(site, tmp_path):
    u1 = site.page("/a.html", news_page("Summit", SUMMIT))
    u2 = site.page("/b.html?utm_source=x", news_page("Summit", SUMMIT))  # same story, other URL
    with fetch_settings(**TEST_FETCH), IngestState(tmp_path / "state.sqlite") as state:
        first = list(read_documents([u1], state=state))
        again = list(read_documents([u1, u2], state=state))
        assert [type(d).__name__ for d in first] == ["Article"]
        assert again == [] and state.skipped == 2  # u1 not even fetched again; u2's content known
    assert site.requests_for("/a.html") == 1


# --------------------------------------------------------------------------- bad input


def test_bad_inputs_are_reported_and_the_rest_of_the_batch_is_read(site, tmp_path):
    good_url = site.page(
        "/good.html", news_page("China condemns Japan over Taiwan remarks", TAIWAN)
    )
    site.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    site.routes["/feed-not-xml"] = Route(
        body=b"this is { not xml", content_type="application/rss+xml"
    )
    site.routes["/binary.html"] = Route(body=b"<html>\x00\x01\x02\x00" * 100)
    big = tmp_path / "huge.html"  # a 50 MB page on disk
    with open(big, "wb") as fh:
        fh.write(b"<html><head><title>Huge</title></head><body><article>")
        fh.write(
            b"<p>"
            + b" ".join([b"Officials said the talks would continue next week."] * 20)
            + b"</p>\n"
        )
        filler = b"<div class='ad'>" + b"x" * 1000 + b"</div>\n"
        fh.write(filler * (50 * 1024))
        fh.write(b"</article></body></html>")
    good = tmp_path / "good.html"
    good.write_text(news_page("Lee and Takaichi meet", SUMMIT), encoding="utf-8")
    trunc = tmp_path / "cut.html.gz"
    trunc.write_bytes(gzip.compress(news_page("Cut", SUMMIT).encode())[:300])
    binary = tmp_path / "binary.html"
    binary.write_bytes(b"<html><body>\x00\x00\x89PNG\x00" * 50)
    notxml = tmp_path / "feed.rss"
    notxml.write_text("<<< definitely not a feed", encoding="utf-8")
    sources = [
        str(trunc),
        str(binary),
        str(big),
        str(notxml),
        site.url("/loop"),
        site.url("/feed-not-xml"),
        site.url("/binary.html"),
        str(good),
        good_url,
    ]
    with fetch_settings(**TEST_FETCH):
        docs = list(read_documents(sources))
    arts = [d.id for d in docs if isinstance(d, Article)]
    probs = {d.id: d.reason for d in docs if isinstance(d, Problem)}
    assert str(good) in arts and good_url in arts and str(big) in arts  # the big page, cut
    assert probs[str(trunc)].startswith("not a valid gzip file")
    assert probs[str(binary)] == "binary file, not text"
    assert probs[str(big)].startswith("truncated: only the first")
    assert probs[str(notxml)].startswith("not a feed: not well-formed XML")
    assert probs[site.url("/loop")].startswith("redirect loop")
    assert probs[site.url("/feed-not-xml")].startswith("not a feed")
    assert probs[site.url("/binary.html")].startswith("binary content, not text")


def test_a_rerun_resumes_where_it_stopped(site, tmp_path, coder):
    """Store-backed ingestion (flashpoint.store.ingest) of URLs and files: a second run codes
    and stores nothing again; a page added since is the only new work."""
    from flashpoint.store import open_store
    from flashpoint.store.ingest import ingest

    u1 = site.page("/t.html", news_page("China condemns Japan over Taiwan remarks", TAIWAN))
    u2 = site.page("/s.html", news_page("Lee and Takaichi meet in Gyeongju", SUMMIT))
    site.routes["/down"] = Route(status=500)
    local = tmp_path / "local.html"
    local.write_text(news_page("Summit", SUMMIT[:2] + TAIWAN[:1]), encoding="utf-8")
    db = tmp_path / "events.duckdb"
    with fetch_settings(**TEST_FETCH), open_store(db) as store:
        first = ingest([u1, site.url("/down"), u2, str(local)], store, coder=coder)
        assert first.documents == 3 and [p.id for p in first.problems] == [site.url("/down")]
        n_events = store.count_events()
        assert n_events > 0
        site.routes["/down"] = Route(
            body=news_page("Tokyo protests", TAIWAN[2:] + SUMMIT[2:]).encode()
        )
        second = ingest([u1, site.url("/down"), u2, str(local)], store, coder=coder)
        assert second.skipped == 3 and second.documents == 1 and not second.problems
        assert store.count_events() >= n_events


def test_stdin_url_list(site):
    import io

    url = site.page("/x.html", news_page("Summit", SUMMIT))
    with fetch_settings(**TEST_FETCH):
        docs = list(
            read_documents(
                ["-"], input_format="url", stdin=io.BytesIO(f"{url}\nnot a url\n".encode())
            )
        )
    assert isinstance(docs[0], Article) and docs[0].id == url
    assert docs[1] == Problem(id="-:2", reason="not an http(s) URL: 'not a url'")


def test_jsonl_and_text_over_http(site):
    recs = [{"id": "r1", "text": " ".join(SUMMIT), "date": "2025-10-31"}]
    site.routes["/dump.jsonl"] = Route(
        body="\n".join(json.dumps(r) for r in recs).encode(), content_type="application/x-ndjson"
    )
    site.routes["/plain.txt"] = Route(
        body="\n\n".join(TAIWAN).encode(),
        content_type="text/plain; charset=utf-8",
        headers={"Last-Modified": formatdate(usegmt=True)},
    )
    with fetch_settings(**TEST_FETCH):
        docs = list(read_documents([site.url("/dump.jsonl"), site.url("/plain.txt")]))
    assert [d.id for d in docs] == ["r1", site.url("/plain.txt")]
    assert all(isinstance(d, Article) for d in docs)


def test_unknown_content_type_is_reported(site):
    site.routes["/pic.png"] = Route(
        body=b"\x89PNG\r\n\x1a\n" + b"\x00" * 100, content_type="image/png"
    )
    with fetch_settings(**TEST_FETCH):
        (doc,) = list(read_documents([site.url("/pic.png")]))
    assert doc.reason == "not a web page, feed or WARC (image/png)"


def test_glob_without_matches(tmp_path):
    (doc,) = list(read_documents([str(tmp_path / "*.html")]))
    assert doc.reason == "no files match this pattern"


def test_a_fetch_error_says_whether_asking_again_later_may_help(site):
    """``FetchError.retryable``: what ``flashpoint watch`` tries again at its next poll."""
    site.routes["/busy"] = Route(status=429, headers={"Retry-After": "0"})
    site.routes["/down"] = Route(status=503, headers={"Retry-After": "0"})
    site.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})

    def error(fetcher: Fetcher, url: str) -> FetchError:
        with pytest.raises(FetchError) as exc:
            fetcher.fetch(url)
        return exc.value

    with fast_fetcher(retries=1) as f:
        busy = error(f, site.url("/busy"))
        assert (busy.reason, busy.retryable) == ("HTTP 429 Too Many Requests (after 2 attempts)", True)
        assert site.requests_for("/busy") == 2  # the fetcher's own retries came first
        assert error(f, site.url("/down")).retryable
        assert error(f, "http://127.0.0.1:9/closed").retryable  # connection refused
        assert not error(f, site.url("/missing")).retryable  # 404
        assert not error(f, site.url("/loop")).retryable
        assert not error(f, "ftp://example.org/x").retryable
    with fast_fetcher(retries=0) as f:
        assert error(f, site.url("/busy")).retryable  # 429 without retries of its own
    with Fetcher(min_interval=0) as f:
        assert not error(f, site.url("/a.html")).retryable  # refused: a loopback address
    site.routes["/robots.txt"] = Route(status=503)
    with fast_fetcher() as f:
        blocked = error(f, site.url("/a.html"))
    assert blocked.reason.startswith("robots.txt unreachable") and blocked.retryable
