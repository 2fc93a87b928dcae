"""``flashpoint watch``: poll RSS/Atom feeds, code what is new, store it.

The commands are plain typer-annotated functions; ``flashpoint.cli`` registers them::

    from flashpoint.ingest.cli import watch
    app.command("watch")(watch)

``watch`` reads a file of feed URLs (one a line, ``#`` comments; re-read at every poll, so
feeds can be added while it runs), and at every poll, for each feed: a conditional GET (ETag /
Last-Modified), the entries it has not seen, their pages fetched and extracted, English
articles coded and stored with their story ids (``stories.StoryIndex``, kept across polls).
What it has seen is kept in a state file (``ingest.provenance.IngestState``; by default beside
the store: ``<db>.watch.sqlite``), written after each feed's articles are stored: stopped at
any point, it resumes where it stopped, and never stores an article twice (the store's upserts
and content hashes see to that too). Entries whose page failed for a reason that may pass
(a 429 or 5xx, a timeout, a failed connection, an unreachable robots.txt: the fetcher's
``FetchError.retryable``) are tried again at the next poll; the others are reported once and
remembered. Two entries that lead to one article are both remembered; it is coded once.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from flashpoint.cli_types import AllowPrivateOpt, ModelOpt, StoreAllModalitiesOpt, UserAgentOpt
from flashpoint.model import Article, Problem

err = Console(stderr=True)


def default_state_path(db: str | None) -> Path:
    """Where ``watch`` keeps what it has seen: beside a DuckDB file (``db``, else
    ``$FLASHPOINT_DB``, else ``flashpoint.duckdb``), else in the current folder."""
    from flashpoint.store.api import default_db
    from flashpoint.store.ingest import beside_store

    return beside_store(db or default_db(), ".watch.sqlite") or Path("flashpoint-watch.sqlite")


def read_feed_list(path: Path) -> tuple[list[str], list[Problem]]:
    """Feed URLs of a feeds file, and a problem for each line that is not a URL."""
    from flashpoint.ingest.sources import parse_url_list

    feeds: list[str] = []
    problems: list[Problem] = []
    for item in parse_url_list(path.read_text(encoding="utf-8", errors="replace"), str(path)):
        if isinstance(item, Problem):
            problems.append(item)
        elif item not in feeds:
            feeds.append(item)
    return feeds, problems


@dataclass
class PollReport:
    """What one poll did."""

    poll: int
    feeds: int = 0
    not_modified: int = 0
    articles: int = 0  # new articles stored
    events: int = 0
    skipped: int = 0  # entries whose content was known, or not in English
    failed_feeds: int = 0  # feeds that could not be fetched or parsed
    problems: list[Problem] = field(default_factory=list)

    def line(self) -> str:
        return (
            f"poll {self.poll}: {self.feeds} feed(s) ({self.not_modified} unchanged), {self.articles} new "
            f"article(s), {self.events} event(s), {self.skipped} skipped, {len(self.problems)} problem(s)"
        )


def poll_once(
    feeds: Iterable[str],
    *,
    store: Any,
    state: Any,
    stories: Any,
    fetcher: Any,
    coder_factory: Callable[[], Any],
    poll: int = 1,
    all_modalities: bool = True,
    on_problem: Callable[[Problem], None] | None = None,
) -> PollReport:
    """One round over ``feeds``: read new entries, code and store them, remember them.

    ``store``: an ``EventStore``; ``state``: an ``IngestState``; ``stories``: a
    ``StoryIndex``; ``coder_factory``: makes the coder on first need (loading spaCy only when
    there is something to code)."""
    from flashpoint.ingest.feeds import poll_feed
    from flashpoint.ingest.language import article_language
    from flashpoint.ingest.provenance import Provenance, content_hash
    from flashpoint.store.ingest import store_results

    report = PollReport(poll=poll)
    coder = None

    def problem(p: Problem) -> None:
        report.problems.append(p)
        if on_problem:
            on_problem(p)

    for feed in feeds:
        report.feeds += 1
        provenance: dict[str, Provenance] = {}
        result = poll_feed(feed, fetcher=fetcher, state=state, provenance=provenance)
        if result.status == "not modified":
            report.not_modified += 1
            state.mark_feed(
                feed, etag=result.etag, last_modified=result.last_modified, status="not modified"
            )
            continue
        if result.status != "ok":
            report.failed_feeds += 1
            for polled in result.entries:
                problem(polled.item)  # the feed itself could not be read: try again next poll
            state.mark_feed(feed, etag=None, last_modified=None, status=result.status)
            continue
        to_code: list[Article] = []
        ids: set[str] = set()  # of to_code's articles
        digests: set[str] = set()  # content hashes of to_code's articles
        done: list[tuple[str, str | None]] = []  # (entry key, article id), to remember once stored
        for polled in result.entries:
            item = polled.item
            if isinstance(item, Problem):
                problem(item)
                if polled.key is not None and not polled.retry:
                    done.append((polled.key, None))
                continue
            language, reason = article_language(item)
            digest = content_hash(item)
            if reason:
                problem(Problem(id=item.id, reason=reason))
                report.skipped += 1
            elif item.id in ids or digest in digests or state.known_content(digest) is not None:
                report.skipped += 1  # known, or another entry of this poll led to it too
            else:
                prov = provenance.get(item.id)
                if prov is not None:
                    prov.language = prov.language or language
                to_code.append(item)
                ids.add(item.id)
                digests.add(digest)
            if polled.key is not None:
                done.append((polled.key, item.id))
        if to_code:
            coder = coder or coder_factory()
            stored = store_results(
                store, coder.code_articles(to_code), all_modalities=all_modalities, stories=stories
            )
            report.articles += stored.documents
            report.events += stored.events
            report.skipped += stored.skipped
            for p in stored.problems:
                problem(p)
            for article in to_code:
                state.add_content(content_hash(article), article.id)
        for key, article_id in done:
            state.mark_entry(feed, key, article_id)
        state.mark_feed(feed, etag=result.etag, last_modified=result.last_modified, status="ok")
    return report


def run_watch(
    feeds_file: Path,
    *,
    db: str | None = None,
    state_path: Path | None = None,
    interval: float = 900,
    once: bool = False,
    polls: int | None = None,
    allow_private: bool = False,
    user_agent: str | None = None,
    min_interval: float | None = None,
    model: str | None = None,
    coder_factory: Callable[[], Any] | None = None,
    all_modalities: bool = True,
    on_report: Callable[[PollReport], None] | None = None,
    on_problem: Callable[[Problem], None] | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> list[PollReport]:
    """The ``watch`` loop as a function: polls until interrupted, or once, or ``polls``
    times. Returns the reports of the polls made."""
    from flashpoint.ingest.fetch import Fetcher
    from flashpoint.ingest.provenance import IngestState
    from flashpoint.store import open_store
    from flashpoint.stories import StoryIndex

    state_path = state_path or default_state_path(db)
    if coder_factory is None:

        def coder_factory() -> Any:
            from flashpoint.coding.coder import Coder

            return Coder(model=model)

    reports: list[PollReport] = []
    with (
        IngestState(state_path) as state,
        StoryIndex(state_path) as stories,
        open_store(db) as store,
        Fetcher(
            allow_private=allow_private, user_agent=user_agent, min_interval=min_interval
        ) as fetcher,
    ):
        n = 0
        while True:
            n += 1
            feeds, bad = read_feed_list(feeds_file)
            report = poll_once(
                feeds,
                store=store,
                state=state,
                stories=stories,
                fetcher=fetcher,
                coder_factory=coder_factory,
                poll=n,
                all_modalities=all_modalities,
                on_problem=on_problem,
            )
            report.problems[:0] = bad
            reports.append(report)
            if on_report:
                on_report(report)
            if once or (polls is not None and n >= polls):
                break
            sleep(interval)
    return reports


def watch(
    feeds: Annotated[
        Path, typer.Argument(help="A file of RSS/Atom feed URLs, one a line (# for comments).")
    ],
    interval: Annotated[int, typer.Option(min=1, help="Seconds between polls.")] = 900,
    db: Annotated[
        str | None,
        typer.Option(
            "--db", envvar="FLASHPOINT_DB", help="The store: a DuckDB file or a postgresql:// DSN."
        ),
    ] = None,
    state: Annotated[
        Path | None,
        typer.Option(help="Where to remember what was seen (default: <db>.watch.sqlite)."),
    ] = None,
    once: Annotated[bool, typer.Option("--once", help="Poll once and exit.")] = False,
    allow_private: AllowPrivateOpt = False,
    user_agent: UserAgentOpt = None,
    min_interval: Annotated[
        float, typer.Option(min=0.0, help="Seconds between two requests to one host (politeness).")
    ] = 1.0,
    model: ModelOpt = None,
    all_modalities: StoreAllModalitiesOpt = True,
) -> None:
    """Poll RSS/Atom feeds and code what is new into the store, remembering what was seen
    across restarts."""
    if not feeds.exists():
        err.print(f"[red]error:[/] {feeds} does not exist")
        raise typer.Exit(2)

    def show(report: PollReport) -> None:
        err.print(report.line())

    def show_problem(p: Problem) -> None:
        err.print(f"[yellow]problem[/] {p.id}: {p.reason}", markup=True)

    def interrupted(*_: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, interrupted)
    reports: list[PollReport] = []
    try:
        reports = run_watch(
            feeds,
            db=db,
            state_path=state,
            interval=interval,
            once=once,
            allow_private=allow_private,
            user_agent=user_agent,
            min_interval=min_interval,
            model=model,
            all_modalities=all_modalities,
            on_report=show,
            on_problem=show_problem,
        )
    except KeyboardInterrupt:
        err.print("stopped; the next run resumes where this one stopped")
    finally:
        signal.signal(signal.SIGTERM, previous)
    if once and reports and reports[-1].feeds and reports[-1].failed_feeds == reports[-1].feeds:
        raise typer.Exit(1)  # nothing could be read at all
