"""WARC files written with warcio from test pages, read back and coded."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from flashpoint.ingest import read_documents, read_warc
from flashpoint.ingest.warc import WarcStats, looks_like_warc
from flashpoint.model import Article, Problem
from tests.conftest import EVAL
from tests.test_fetch import PORTUGUESE, SUMMIT, TAIWAN, TEST_FETCH, LocalSite, Route, news_page


def write_warc(path: Path, pages: list[tuple[str, str | bytes, str]], *, gzipped: bool) -> None:
    """A crawl as Common Crawl writes one: warcinfo, then request/response pairs (and the
    odd robots.txt, image and redirect)."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        writer.write_record(
            writer.create_warcinfo_record(path.name, {"software": "flashpoint tests"})
        )
        for url, body, ctype in pages:
            data = body.encode("utf-8") if isinstance(body, str) else body
            status = "301 Moved Permanently" if ctype == "redirect" else "200 OK"
            headers = [("Content-Type", "text/html" if ctype == "redirect" else ctype)]
            if ctype == "redirect":
                headers.append(("Location", "https://example.org/"))
            req = writer.create_warc_record(
                url,
                "request",
                http_headers=StatusAndHeaders(
                    f"GET {url} HTTP/1.1", [("User-Agent", "crawler")], is_http_request=True
                ),
            )
            writer.write_record(req)
            resp = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(data),
                http_headers=StatusAndHeaders(status, headers, protocol="HTTP/1.1"),
            )
            writer.write_record(resp)


PAGES = [
    (
        "https://ledger.example/world/taiwan",
        news_page("China condemns Japan over Taiwan remarks", TAIWAN),
        "text/html; charset=utf-8",
    ),
    ("https://ledger.example/robots.txt", "User-agent: *\nDisallow:\n", "text/plain"),
    (
        "https://wire.example/asia/summit",
        news_page("Lee and Takaichi meet in Gyeongju", SUMMIT, site="Seoul Wire"),
        "text/html",
    ),
    ("https://ledger.example/logo.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "image/png"),
    ("https://ledger.example/old", "", "redirect"),
    (
        "https://noticias.example/economia",
        news_page("Governo anuncia medidas", PORTUGUESE),
        "text/html; charset=utf-8",
    ),
]


@pytest.mark.parametrize("gzipped", [True, False])
def test_a_warc_is_read_back_with_provenance(tmp_path, gzipped):
    path = tmp_path / ("crawl.warc.gz" if gzipped else "crawl.warc")
    write_warc(path, PAGES, gzipped=gzipped)
    assert looks_like_warc(path.read_bytes()[:64])
    prov: dict = {}
    docs = list(read_documents([str(path)], provenance=prov))
    arts = {d.id: d for d in docs if isinstance(d, Article)}
    probs = {d.id: d.reason for d in docs if isinstance(d, Problem)}
    assert set(arts) == {"https://ledger.example/world/taiwan", "https://wire.example/asia/summit"}
    assert probs == {"https://noticias.example/economia": "skipped: not in English (language: pt)"}
    a = arts["https://wire.example/asia/summit"]
    assert a.title == "Lee and Takaichi meet in Gyeongju" and a.outlet == "Seoul Wire"
    p = prov[a.id]
    assert p.kind == "warc" and p.file == str(path) and p.warc_offset > 0
    assert p.warc_record_id.startswith("<urn:uuid:") and p.fetched_at is not None
    # the offset points at the record: reading from there gives that very record
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as fh:
        fh.seek(p.warc_offset)
        record = next(iter(ArchiveIterator(fh)))
        assert record.rec_headers.get_header("WARC-Target-URI") == a.id


def test_warc_pages_are_coded(tmp_path, coder):
    from flashpoint.pipeline import code_documents

    path = tmp_path / "crawl.warc.gz"
    write_warc(path, PAGES, gzipped=True)
    results = [
        r
        for r in code_documents([str(path)], input_format="warc", coder=coder)
        if not isinstance(r, Problem)
    ]
    events = {a.id: evs for a, evs in results}
    taiwan = events["https://ledger.example/world/taiwan"]
    assert any(
        e.cameo.root in ("11", "12", "13", "10") and "CHN" in {x.country for x in e.source}
        for e in taiwan
    )
    assert all(e.doc_id == "https://ledger.example/world/taiwan" for e in taiwan)


def test_aeb_pages_in_a_warc(tmp_path):
    """Real news pages (read from ../shared/eval at test time) through a WARC."""
    folder = EVAL / "aeb" / "html"
    if not folder.exists():
        pytest.skip("evaluation data not found")
    files = sorted(folder.glob("*.html.gz"))[:12]
    pages = [
        (f"https://aeb.example/{f.name[:12]}", gzip.decompress(f.read_bytes()), "text/html")
        for f in files
    ]
    path = tmp_path / "aeb.warc.gz"
    write_warc(path, pages, gzipped=True)
    stats = WarcStats()
    docs = list(read_warc(str(path), stats=stats))
    assert stats.responses == 12 and stats.pages + sum(isinstance(d, Problem) for d in docs) == 12
    assert stats.pages >= 11


def test_a_truncated_warc_keeps_the_records_before_the_damage(tmp_path):
    path = tmp_path / "cut.warc.gz"
    write_warc(path, PAGES, gzipped=True)
    data = path.read_bytes()
    cut = tmp_path / "cut2.warc.gz"
    cut.write_bytes(data[: int(len(data) * 0.55)])
    docs = list(read_documents([str(cut)]))
    arts = [d.id for d in docs if isinstance(d, Article)]
    probs = [d for d in docs if isinstance(d, Problem)]
    assert arts == ["https://ledger.example/world/taiwan"]
    (p,) = probs
    assert p.id == str(cut) and p.reason.startswith("truncated or damaged gzip data at byte")
    assert "record(s) before it were read" in p.reason


def test_not_a_warc(tmp_path):
    path = tmp_path / "fake.warc"
    path.write_bytes(b"GET / HTTP/1.1\r\n\r\nnothing here")
    (p,) = list(read_documents([str(path)]))
    assert p.reason.startswith("not a valid WARC/ARC record at byte 0")


def test_a_warc_over_http(tmp_path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, PAGES[:3], gzipped=True)
    from flashpoint.ingest import fetch_settings

    with LocalSite() as site:
        site.routes["/crawl.warc.gz"] = Route(
            body=path.read_bytes(), content_type="application/warc"
        )
        with fetch_settings(**TEST_FETCH):
            docs = list(read_documents([site.url("/crawl.warc.gz")]))
    assert [d.id for d in docs] == [
        "https://ledger.example/world/taiwan",
        "https://wire.example/asia/summit",
    ]
