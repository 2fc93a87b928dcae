"""The REST API and the dashboard: ``create_app(db_path, token=None)``.

Reads are open; writes (ingest, events, articles, deletes) need the token, sent as
``Authorization: Bearer <token>`` (or ``X-Flashpoint-Token``). Without a token the store is
opened read-only and every write answers 403.

Every response carries a strict Content-Security-Policy: the dashboard runs only its own
scripts, loads nothing from elsewhere, and renders article text (hostile input) as text.
"""

import hmac
import json
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from contextlib import asynccontextmanager
from datetime import date as Date
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

from fastapi import Body, Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import FileResponse, JSONResponse, PlainTextResponse, Response
from fastapi.staticfiles import StaticFiles

from flashpoint.analytics.escalation import (
    EscalationParams,
    detect_alerts,
    dyad_escalation,
    escalation_frame,
    rank_dyads,
    status_of,
)
from flashpoint.analytics.events import (
    SORTS,
    EventFilter,
    article_detail,
    article_page,
    event_detail,
    event_page,
)
from flashpoint.analytics.network import actor_network, located_events, top_actors
from flashpoint.analytics.records import frame_records, json_safe
from flashpoint.analytics.series import AnalyticsError, date_range, dyad_matrix, parse_dyad

CSP = (
    "default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'; img-src 'self'; connect-src 'self'"
)
# a brief is a document, not an app: no script at all, its own inline styles
BRIEF_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; base-uri 'none'"
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
}
DYAD = r"^[A-Za-z][A-Za-z0-9]{1,5}-[A-Za-z][A-Za-z0-9]{1,5}$"
FREQ = r"^(day|week|month)$"
STATIC = resources.files("flashpoint.web") / "static"

DESCRIPTION = """
Political event data and crisis tracking over a flashpoint event store.

* **Events** are coded from news sentences (CAMEO/PLOVER), each with its evidence sentence,
  outlet and modality. Aggregates count only `asserted` events unless `asserted_only=false`.
* **Dyads** are directed country pairs `SRC-TGT` (`CHN-PHL`: China acting on the Philippines).
* **Escalation** is a trailing-window z-score of each dyad's conflict intensity against its own
  baseline (see `docs/dashboard.md`); alerts carry the events that drove them.
* Writes need the server's token: `Authorization: Bearer <token>`.
"""


class StoreHandle:
    """The store the app serves: one connection for writes, a cursor per worker thread for
    reads (DuckDB connections are not shared across threads), and a cache of the expensive
    all-dyad computations, invalidated when the data change."""

    def __init__(self, db_path: str | Path, *, read_only: bool):
        from flashpoint.store import EventStore

        self.db_path = str(db_path)
        self.read_only = read_only
        self.store = EventStore.open(self.db_path, read_only=read_only)
        self._local = threading.local()
        self._write_lock = threading.Lock()
        self._cache: OrderedDict[tuple, Any] = OrderedDict()
        self._cache_lock = threading.Lock()
        self._version: tuple | None = None
        self._version_at = 0.0

    def reader(self):
        store = getattr(self._local, "store", None)
        if store is None:
            con = getattr(self.store, "con", None)
            if getattr(self.store, "dialect", "") == "duckdb" and con is not None:
                from flashpoint.store import DuckDBStore

                store = DuckDBStore(con.cursor(), self.db_path, read_only=True)
            else:
                from flashpoint.store import EventStore

                store = EventStore.open(self.db_path, read_only=True)
            self._local.store = store
        return store

    def writer(self):
        if self.read_only:
            raise HTTPException(403, "this server is read-only: start it with a token to write")
        return self.store

    def data_version(self) -> tuple:
        """Changes whenever events or articles change (checked at most every second)."""
        now = time.monotonic()
        if self._version is None or now - self._version_at > 1.0:
            row = (
                self.reader()
                .query(
                    "SELECT (SELECT count(*) FROM events) AS n, "
                    "(SELECT max(stored_at) FROM events) AS t, "
                    "(SELECT count(*) FROM articles) AS a, "
                    "(SELECT max(stored_at) FROM articles) AS u"
                )
                .iloc[0]
            )
            self._version = tuple(str(v) for v in row.tolist())
            self._version_at = now
        return self._version

    def invalidate(self) -> None:
        self._version = None
        with self._cache_lock:
            self._cache.clear()

    def cached(self, key: tuple, compute: Callable[[], Any]) -> Any:
        key = (self.data_version(), *key)
        with self._cache_lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                return self._cache[key]
        value = compute()
        with self._cache_lock:
            self._cache[key] = value
            while len(self._cache) > 64:
                self._cache.popitem(last=False)
        return value

    def close(self) -> None:
        self.store.close()


def _params(
    freq: str, threshold: float | None = None, window: int | None = None
) -> EscalationParams:
    return EscalationParams(
        freq=freq,
        window=window,
        **({"threshold": threshold} if threshold is not None else {}),
    )


def _iso(value: Any) -> str | None:
    return json_safe(value) if value is not None else None


def create_app(
    db_path: str | Path, token: str | None = None, *, read_only: bool | None = None
) -> FastAPI:
    """The FastAPI app serving the store at ``db_path``: the REST API under ``/api``, the
    dashboard at ``/``, API docs at ``/docs`` (``/openapi.json``).

    Writes need ``token``; without one the store opens read-only (``read_only`` overrides).
    """
    if read_only is None:
        read_only = token is None
    handle = StoreHandle(db_path, read_only=read_only)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        handle.close()

    app = FastAPI(
        lifespan=lifespan,
        title="flashpoint",
        version="0.1.0",
        description=DESCRIPTION,
        docs_url=None,  # the default docs load Swagger UI from a CDN; ours are at /docs
        redoc_url=None,
    )
    app.state.store = handle
    app.state.token = token

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        for name, value in SECURITY_HEADERS.items():
            response.headers.setdefault(name, value)
        if request.url.path.startswith("/api/"):
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @app.exception_handler(AnalyticsError)
    async def analytics_error(request: Request, exc: AnalyticsError):
        return JSONResponse({"detail": str(exc)}, status_code=400)

    @app.exception_handler(ValueError)
    async def value_error(request: Request, exc: ValueError):
        return JSONResponse({"detail": str(exc)}, status_code=400)

    def require_token(request: Request) -> None:
        if token is None:
            raise HTTPException(403, "writes are disabled: start the server with --token")
        sent = request.headers.get("x-flashpoint-token")
        auth = request.headers.get("authorization", "")
        if auth.lower().startswith("bearer "):
            sent = auth[7:].strip()
        if not sent or not hmac.compare_digest(sent.encode(), token.encode()):
            raise HTTPException(
                401, "missing or wrong token", headers={"WWW-Authenticate": "Bearer"}
            )

    Writer = Annotated[None, Depends(require_token)]

    # common query parameters
    Since = Annotated[Date | None, Query(description="First day (inclusive), YYYY-MM-DD.")]
    Until = Annotated[Date | None, Query(description="Last day (inclusive), YYYY-MM-DD.")]
    Asserted = Annotated[
        bool, Query(description="Count asserted events only (hypothetical, negated ... left out).")
    ]
    Freq = Annotated[str, Query(pattern=FREQ, description="Period: day, week or month.")]
    DyadPath = Annotated[
        str, PathParam(pattern=DYAD, description="Directed dyad SRC-TGT, e.g. CHN-JPN.")
    ]

    # -- pages -----------------------------------------------------------------------

    def static_file(name: str, media_type: str) -> FileResponse:
        with resources.as_file(STATIC / name) as path:
            return FileResponse(path, media_type=media_type, headers={"Cache-Control": "no-cache"})

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return static_file("index.html", "text/html; charset=utf-8")

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> FileResponse:
        return static_file("favicon.svg", "image/svg+xml")

    @app.get("/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return static_file("api.html", "text/html; charset=utf-8")

    with resources.as_file(STATIC) as static_dir:
        app.mount("/static", StaticFiles(directory=str(static_dir)), name="static")

    # -- about the store ---------------------------------------------------------------

    @app.get("/api/health", tags=["store"])
    def health() -> dict[str, Any]:
        """Liveness and what the store holds."""
        store = handle.reader()
        return {
            "status": "ok",
            "events": store.count_events(),
            "articles": store.count_articles(),
            "writable": not handle.read_only and token is not None,
        }

    @app.get("/api/countries", tags=["store"])
    def countries() -> dict[str, Any]:
        """Country and group codes with their names."""
        from flashpoint.analytics.countries import country_names

        return {"names": country_names()}

    @app.get("/api/summary", tags=["store"])
    def summary(asserted_only: Asserted = True) -> dict[str, Any]:
        """Counts, date range and outlets of the store."""

        def compute() -> dict[str, Any]:
            store = handle.reader()
            row = store.query(
                """
                SELECT (SELECT count(*) FROM articles) AS articles, count(*) AS events,
                       count(*) FILTER (WHERE modality = 'asserted') AS asserted,
                       min(date) AS first_date, max(date) AS last_date,
                       count(DISTINCT outlet) AS outlets
                FROM event_rows
                """
            )
            out = frame_records(row)[0]
            lo, hi = span(asserted_only)
            out["range"] = [_iso(lo), _iso(hi)]
            return out

        return handle.cached(("summary", asserted_only), compute)

    # -- dyads and escalation ------------------------------------------------------------

    def span(asserted_only: bool):
        """The store's first and last event dates (cached until the data change)."""
        return handle.cached(
            ("span", asserted_only),
            lambda: date_range(handle.reader(), asserted_only=asserted_only),
        )

    def _frame(freq: str, until: Date | None, asserted_only: bool, threshold: float | None = None,
               window: int | None = None):  # fmt: skip
        params = _params(freq, threshold, window)
        return params, handle.cached(
            ("frame", params, until, asserted_only),
            lambda: escalation_frame(
                handle.reader(), params=params, until=until, asserted_only=asserted_only
            ),
        )

    @app.get("/api/dyads", tags=["dyads"])
    def dyads(
        since: Since = None,
        until: Until = None,
        freq: Freq = "week",
        asserted_only: Asserted = True,
        country: Annotated[
            str | None, Query(description="Keep dyads with this country on either side.")
        ] = None,
        min_events: Annotated[int, Query(ge=1)] = 1,
        sort: Annotated[
            str, Query(pattern=r"^(escalation|events|goldstein|cc_index)$")
        ] = "escalation",
        limit: Annotated[int, Query(ge=1, le=5000)] = 100,
        threshold: Annotated[float | None, Query(gt=0)] = None,
    ) -> dict[str, Any]:
        """Dyads ranked by escalation (the crisis overview): each dyad's totals, conflict-
        cooperation index, escalation status, latest and peak z, alerts, and a per-period
        sparkline (period, events, Goldstein sum)."""
        params, frame = _frame(freq, until, asserted_only, threshold)
        ranked = handle.cached(
            ("ranked", params, since, until, asserted_only, min_events),
            lambda: rank_dyads(
                handle.reader(), params=params, since=since, until=until,
                asserted_only=asserted_only, min_events=min_events, frame=frame,
            ),
        )  # fmt: skip
        if country and not ranked.empty:
            c = country.upper()
            ranked = ranked[(ranked["source"] == c) | (ranked["target"] == c)]
        if sort != "escalation" and not ranked.empty:
            ascending = sort == "goldstein" or sort == "cc_index"
            ranked = ranked.sort_values([sort, "dyad"], ascending=[ascending, True])
        total = len(ranked)
        return {
            "params": params.to_dict(),
            "since": _iso(since),
            "until": _iso(until),
            "total": total,
            "items": frame_records(ranked.head(limit)),
        }

    @app.get("/api/dyads/{dyad}/series", tags=["dyads"])
    def series(
        dyad: DyadPath,
        since: Since = None,
        until: Until = None,
        freq: Freq = "week",
        asserted_only: Asserted = True,
        directed: Annotated[bool, Query(description="False counts both directions.")] = True,
        threshold: Annotated[float | None, Query(gt=0)] = None,
        window: Annotated[int | None, Query(ge=2, le=365)] = None,
    ) -> dict[str, Any]:
        """One dyad per period: counts by quad class, Goldstein sum and mean, conflict
        intensity, conflict-cooperation index, and the escalation baseline, z-score and alert
        level; with the dyad's escalation status."""
        src, tgt = parse_dyad(dyad)
        params = _params(freq, threshold, window)
        frame = dyad_escalation(
            handle.reader(), f"{src}-{tgt}", params=params, since=since, until=until,
            asserted_only=asserted_only, directed=directed, span=span(asserted_only),
        )  # fmt: skip
        status = status_of(frame, params)
        return {
            "dyad": f"{src}-{tgt}",
            "source": src,
            "target": tgt,
            "directed": directed,
            "freq": freq,
            "asserted_only": asserted_only,
            "params": params.to_dict(),
            "status": json_safe(status),
            "series": frame_records(frame),
        }

    @app.get("/api/dyads/{dyad}/brief", tags=["dyads"], response_class=PlainTextResponse)
    def dyad_brief(
        dyad: DyadPath,
        since: Since = None,
        until: Until = None,
        format: Annotated[str, Query(pattern=r"^(md|html)$")] = "md",
        directed: bool = False,
        freq: Freq = "week",
    ) -> Response:
        """The dyad's brief: chart, escalation status and a dated timeline of key events with
        evidence and outlets, as Markdown or a self-contained HTML page (no script)."""
        from flashpoint.brief import build_brief

        text = build_brief(
            handle.reader(), dyad, since=since, until=until, format=format, directed=directed,
            freq=freq,
        )  # fmt: skip
        if format == "html":
            return Response(
                text,
                media_type="text/html; charset=utf-8",
                headers={"Content-Security-Policy": BRIEF_CSP},
            )
        return PlainTextResponse(text, media_type="text/markdown; charset=utf-8")

    @app.get("/api/alerts", tags=["dyads"])
    def alerts(
        dyad: Annotated[str | None, Query(pattern=DYAD)] = None,
        since: Since = None,
        until: Until = None,
        freq: Freq = "week",
        asserted_only: Asserted = True,
        threshold: Annotated[float | None, Query(gt=0)] = None,
        level: Annotated[str | None, Query(pattern=r"^(warning|critical)$")] = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 50,
        n_events: Annotated[int, Query(ge=0, le=50)] = 5,
    ) -> dict[str, Any]:
        """Escalation alerts, newest first: dyad, period, z, level, baseline, and the events
        that drove each (evidence sentence, outlet, URL)."""
        params, frame = (
            _frame(freq, until, asserted_only, threshold)
            if dyad is None
            else (_params(freq, threshold), None)
        )
        items = handle.cached(
            ("alerts", params, dyad, since, until, asserted_only, limit, n_events),
            lambda: detect_alerts(
                handle.reader(), params=params, dyad=dyad, since=since, until=until,
                asserted_only=asserted_only, n_events=n_events, limit=None if level else limit,
                frame=frame,
            ),
        )  # fmt: skip
        if level:
            items = [a for a in items if a["level"] == level][:limit]
        return {"params": params.to_dict(), "total": len(items), "items": json_safe(items)}

    @app.get("/api/matrix", tags=["dyads"])
    def matrix(
        since: Since = None,
        until: Until = None,
        asserted_only: Asserted = True,
        max_countries: Annotated[int, Query(ge=2, le=100)] = 20,
    ) -> dict[str, Any]:
        """The dyad matrix: the busiest countries, and for each directed pair among them its
        event counts by quad class, Goldstein sum and conflict-cooperation index."""
        return handle.cached(
            ("matrix", since, until, asserted_only, max_countries),
            lambda: dyad_matrix(
                handle.reader(), since=since, until=until, asserted_only=asserted_only,
                max_countries=max_countries,
            ),
        )  # fmt: skip

    # -- actors, network, map ------------------------------------------------------------

    @app.get("/api/actors", tags=["actors"])
    def actors(
        n: Annotated[int, Query(ge=1, le=500)] = 20,
        by: Annotated[str, Query(pattern=r"^(code|name)$")] = "code",
        dyad: Annotated[str | None, Query(pattern=DYAD)] = None,
        role: Annotated[str | None, Query(pattern=r"^(source|target)$")] = None,
        since: Since = None,
        until: Until = None,
        asserted_only: Asserted = True,
    ) -> dict[str, Any]:
        """The busiest actors (by CAMEO actor code, or by name), with their counts as source
        and target, cooperation and conflict events, and Goldstein sum."""
        frame = handle.cached(
            ("actors", n, by, dyad, role, since, until, asserted_only),
            lambda: top_actors(
                handle.reader(), n, by=by, dyad=dyad, role=role, since=since, until=until,
                asserted_only=asserted_only,
            ),
        )  # fmt: skip
        return {"items": frame_records(frame)}

    @app.get("/api/network", tags=["actors"])
    def network(
        level: Annotated[str, Query(pattern=r"^(country|actor)$")] = "country",
        since: Since = None,
        until: Until = None,
        asserted_only: Asserted = True,
        min_events: Annotated[int, Query(ge=1)] = 1,
        max_nodes: Annotated[int, Query(ge=2, le=500)] = 40,
    ) -> dict[str, Any]:
        """The actor network: nodes (countries or actor codes) and directed edges with event
        counts, Goldstein sum and conflict-cooperation index."""
        return handle.cached(
            ("network", level, since, until, asserted_only, min_events, max_nodes),
            lambda: actor_network(
                handle.reader(), level=level, since=since, until=until,
                asserted_only=asserted_only, min_events=min_events, max_nodes=max_nodes,
            ),
        )  # fmt: skip

    @app.get("/api/map", tags=["actors"])
    def event_map(
        since: Since = None,
        until: Until = None,
        dyad: Annotated[str | None, Query(pattern=DYAD)] = None,
        asserted_only: Asserted = True,
        limit: Annotated[int, Query(ge=1, le=20000)] = 2000,
    ) -> dict[str, Any]:
        """Located events, one point per place, with counts and conflict-cooperation index."""
        items = handle.cached(
            ("map", since, until, dyad, asserted_only, limit),
            lambda: located_events(
                handle.reader(), since=since, until=until, dyad=dyad,
                asserted_only=asserted_only, limit=limit,
            ),
        )  # fmt: skip
        return {"items": items}

    # -- events, articles, stories --------------------------------------------------------

    def event_filter(
        dyad: Annotated[
            str | None, Query(pattern=DYAD, description="Directed dyad SRC-TGT.")
        ] = None,
        directed: Annotated[bool, Query(description="False also matches TGT-SRC.")] = True,
        country: Annotated[str | None, Query(description="A country on either side.")] = None,
        actor: Annotated[
            str | None, Query(description="A CAMEO actor code on either side, e.g. CHNGOV.")
        ] = None,
        cameo: Annotated[
            str | None,
            Query(
                pattern=r"^\d{1,4}$", description="CAMEO code prefix: 17 is every coercion code."
            ),
        ] = None,
        quad_class: Annotated[
            list[int] | None, Query(description="Quad classes 1-4 (repeatable).")
        ] = None,
        plover_type: Annotated[str | None, Query()] = None,
        modality: Annotated[
            list[str] | None,
            Query(description="Modalities to keep (repeatable); overrides asserted_only."),
        ] = None,
        asserted_only: Asserted = True,
        since: Since = None,
        until: Until = None,
        doc_id: Annotated[str | None, Query()] = None,
        outlet: Annotated[str | None, Query()] = None,
        location: Annotated[str | None, Query(description="Exact location name.")] = None,
        q: Annotated[
            str | None, Query(max_length=200, description="Text in the evidence sentence.")
        ] = None,
    ) -> EventFilter:
        return EventFilter(
            dyad=dyad, directed=directed, country=country, actor=actor, cameo=cameo,
            quad_class=quad_class or [], plover_type=plover_type, modality=modality or [],
            asserted_only=asserted_only, since=since, until=until, doc_id=doc_id,
            outlet=outlet, location=location, q=q,
        )  # fmt: skip

    Filter = Annotated[EventFilter, Depends(event_filter)]
    sort_pattern = "^(" + "|".join(s.replace("-", r"\-") for s in SORTS) + ")$"

    @app.get("/api/events", tags=["events"])
    def events(
        flt: Filter,
        page: Annotated[int, Query(ge=1)] = 1,
        page_size: Annotated[int, Query(ge=1, le=500)] = 50,
        sort: Annotated[str, Query(pattern=sort_pattern)] = "-date",
    ) -> dict[str, Any]:
        """Events matching the filters, a page at a time (newest first by default), each with
        its evidence sentence (offsets into the article text), trigger, outlet and URL."""
        return event_page(handle.reader(), flt, page=page, page_size=page_size, sort=sort)

    @app.get("/api/dyads/{dyad}/events", tags=["dyads"])
    def dyad_events(
        dyad: DyadPath,
        directed: Annotated[bool, Query(description="False also matches TGT-SRC.")] = True,
        since: Since = None,
        until: Until = None,
        quad_class: Annotated[
            list[int] | None, Query(description="Quad classes 1-4 (repeatable).")
        ] = None,
        modality: Annotated[
            list[str] | None, Query(description="Modalities to keep (repeatable).")
        ] = None,
        asserted_only: Asserted = True,
        q: Annotated[str | None, Query(max_length=200)] = None,
        page: Annotated[int, Query(ge=1)] = 1,
        page_size: Annotated[int, Query(ge=1, le=500)] = 50,
        sort: Annotated[str, Query(pattern=sort_pattern)] = "-date",
    ) -> dict[str, Any]:
        """The events of one dyad (``/api/events?dyad=...`` has every filter)."""
        flt = EventFilter(
            dyad=dyad, directed=directed, since=since, until=until, quad_class=quad_class or [],
            modality=modality or [], asserted_only=asserted_only, q=q,
        )  # fmt: skip
        return event_page(handle.reader(), flt, page=page, page_size=page_size, sort=sort)

    @app.get("/api/events/{event_id}", tags=["events"])
    def event(event_id: str) -> dict[str, Any]:
        """One event: its flat row, its JSON record (the contract), its actors and article."""
        out = event_detail(handle.reader(), event_id)
        if out is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return out

    @app.get("/api/articles", tags=["articles"])
    def articles(
        page: Annotated[int, Query(ge=1)] = 1,
        page_size: Annotated[int, Query(ge=1, le=500)] = 50,
        q: Annotated[str | None, Query(max_length=200)] = None,
        outlet: str | None = None,
    ) -> dict[str, Any]:
        """Articles newest first (without their text), with their event counts."""
        return article_page(handle.reader(), page=page, page_size=page_size, q=q, outlet=outlet)

    @app.get("/api/articles/{article_id:path}", tags=["articles"])
    def article(article_id: str, asserted_only: bool = False) -> dict[str, Any]:
        """One article with its text and its events, each with the offsets of its evidence
        sentence in the text (every modality unless ``asserted_only``)."""
        out = article_detail(handle.reader(), article_id, asserted_only=asserted_only)
        if out is None:
            raise HTTPException(404, f"no article {article_id!r}")
        return out

    @app.get("/api/stories", tags=["articles"])
    def stories(limit: Annotated[int, Query(ge=1, le=5000)] = 200) -> dict[str, Any]:
        """Stories (near-duplicate articles clustered across outlets), largest first."""
        store = handle.reader()
        if not hasattr(store, "stories"):
            return {"total": 0, "items": []}
        frame = store.stories()
        return {"total": len(frame), "items": frame_records(frame.head(limit))}

    @app.get("/api/stories/{story_id}", tags=["articles"])
    def story(story_id: str) -> dict[str, Any]:
        """The articles of one story (without their text)."""
        store = handle.reader()
        frame = store.articles(story=story_id)
        if frame.empty:
            raise HTTPException(404, f"no story {story_id!r}")
        frame = frame.drop(columns=[c for c in ("text",) if c in frame.columns])
        return {"story_id": story_id, "articles": frame_records(frame)}

    # -- writes ----------------------------------------------------------------------------

    def _records(body: Any, key: str) -> list[dict[str, Any]]:
        if isinstance(body, dict):
            body = body.get(key)
        if not isinstance(body, list) or not all(isinstance(r, dict) for r in body):
            raise HTTPException(422, f"send a JSON list of records, or {{{key!r}: [...]}}")
        return body

    def _store_records(body: Any, key: str, add) -> dict[str, Any]:
        """Validate a list of records, write it under the write lock, refresh the caches."""
        from flashpoint.store import RecordError

        records = _records(body, key)
        with handle._write_lock:
            try:
                written = add(handle.writer(), records)
            except RecordError as exc:
                raise HTTPException(422, str(exc)) from exc
        handle.invalidate()
        return {"received": len(records), "written": written}

    @app.post("/api/events", tags=["writes"])
    def add_events(
        _: Writer,
        body: Annotated[
            Any,
            Body(
                description='Event records (the JSON of `flashpoint code`), a list or {"events": [...]}.'
            ),
        ],
    ) -> dict[str, Any]:
        """Store event records (upserted by id; re-sending the same events writes nothing)."""
        return _store_records(body, "events", lambda store, records: store.add_events(records))

    @app.post("/api/articles", tags=["writes"])
    def add_articles(
        _: Writer,
        body: Annotated[
            Any,
            Body(
                description='Article records (the JSON of `flashpoint extract`), a list or {"articles": [...]}.'
            ),
        ],
    ) -> dict[str, Any]:
        """Store articles (upserted by id) without coding them."""
        return _store_records(body, "articles", lambda store, records: store.add_articles(records))

    @app.post("/api/ingest", tags=["writes"])
    def ingest(
        _: Writer,
        body: Annotated[
            Any,
            Body(
                description='Documents to code: a list or {"documents": [...]}, each {id, text, date?, title?, url?, outlet?}.'
            ),
        ],
    ) -> dict[str, Any]:
        """Code documents into events and store both (a document sent again replaces its
        events). The coder loads on first use."""
        from flashpoint.model import Article
        from flashpoint.store.rows import as_date

        docs = _records(body, "documents")
        articles = []
        for d in docs:
            if not d.get("id") or not isinstance(d.get("text"), str) or not d["text"].strip():
                raise HTTPException(422, "every document needs an id and a text")
            articles.append(
                Article(
                    id=str(d["id"]), text=d["text"], title=d.get("title"),
                    date=as_date(d.get("date")), url=d.get("url"), outlet=d.get("outlet"),
                    authors=list(d.get("authors") or []),
                )
            )  # fmt: skip
        coder = _coder()
        n_events = 0
        problems = []
        with handle._write_lock:
            store = handle.writer()
            for art in articles:
                try:
                    events = coder.code_article(art)
                except Exception as exc:  # noqa: BLE001 - reported per document
                    problems.append({"id": art.id, "error": f"{type(exc).__name__}: {exc}"})
                    continue
                store.replace_document(art, events)
                n_events += len(events)
        handle.invalidate()
        return {
            "documents": len(articles) - len(problems),
            "events": n_events,
            "problems": problems,
        }

    @app.delete("/api/articles/{article_id:path}", tags=["writes"])
    def delete_article(_: Writer, article_id: str) -> dict[str, Any]:
        """Remove an article and its events."""
        with handle._write_lock:
            removed = handle.writer().delete_document(article_id)
        handle.invalidate()
        return {"id": article_id, "events_removed": removed}

    app.openapi_tags = [
        {"name": "dyads", "description": "Dyad series, escalation, alerts, the matrix, briefs."},
        {"name": "events", "description": "Coded events with their evidence."},
        {"name": "articles", "description": "Articles with their text and events; stories."},
        {"name": "actors", "description": "Top actors, the actor network, located events."},
        {"name": "store", "description": "What the store holds."},
        {"name": "writes", "description": "Ingest and other writes (token required)."},
    ]
    return app


_CODER = None
_CODER_LOCK = threading.Lock()


def _coder():
    global _CODER
    with _CODER_LOCK:
        if _CODER is None:
            from flashpoint.api import default_coder

            _CODER = default_coder()
    return _CODER


def openapi_json(app: FastAPI) -> str:
    return json.dumps(app.openapi(), indent=1)
