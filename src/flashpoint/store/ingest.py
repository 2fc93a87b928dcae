"""Source to store in one call: read, extract, code and store, resumably.

``ingest(paths, store)`` runs ``flashpoint.pipeline.code_documents`` and writes each batch of
documents (articles, their events, and a mark in the ``ingested`` table with a hash of the
article) in one transaction. Killed at any point, a rerun finds what was marked and neither
codes nor writes it again; a document whose content changed since (same id, new text or date)
is coded again and replaces its old events. Nothing is lost and nothing is stored twice: events
have deterministic ids and every write is an upsert.

With a ``stories.StoryIndex``, each batch's articles are assigned to stories and their links
(and those of earlier articles whose story merged because of them) are written in the batch's
transaction. The index keeps its own file and is written first: a run that dies between the two
leaves articles the index knows but the store does not, and the rerun looks their stories up
(``StoryIndex.story_of``) rather than relying on what ``assign`` reports as new.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date as Date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flashpoint.model import Article, Event, Problem
from flashpoint.store.base import EventStore, is_dsn

if TYPE_CHECKING:
    from flashpoint.stories import StoryIndex


def beside_store(db: str | Path, suffix: str) -> Path | None:
    """A file beside the DuckDB store ``db`` (its name and ``suffix``), or ``None`` when there
    is no file to put it beside: a ``postgresql://`` DSN, or ``:memory:``."""
    db = str(db)
    if is_dsn(db) or db == ":memory:":
        return None
    return Path(db + suffix)


def content_hash(article: Article) -> str:
    """A hash of everything the coder reads from an article (text, title, date, url, outlet)."""
    data = json.dumps(article.to_dict(), sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha1(data.encode("utf-8")).hexdigest()


class _Skipped(list):
    """The "events" of a document already in the store: not coded again."""


SKIPPED = _Skipped()


class ResumingCoder:
    """Wraps a coder so that ``code_documents`` skips the documents already ingested unchanged:
    they come back as ``(article, SKIPPED)`` without being parsed."""

    def __init__(self, coder: Any, done: Mapping[str, str]):
        self.coder = coder
        self.done = done

    def _is_done(self, article: Article) -> bool:
        known = self.done.get(article.id)
        return known is not None and known == content_hash(article)

    def code_articles(
        self, articles: Iterable[Article], *, chunk: int = 32
    ) -> Iterator[tuple[Article, list[Event]]]:
        articles = list(articles)
        todo = [a for a in articles if not self._is_done(a)]
        coded = iter(self.coder.code_articles(todo, chunk=chunk)) if todo else iter(())
        for article in articles:
            if self._is_done(article):
                yield article, SKIPPED
            else:
                yield next(coded)

    def code_article(self, article: Article) -> list[Event]:
        return SKIPPED if self._is_done(article) else self.coder.code_article(article)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.coder, name)


@dataclass
class IngestReport:
    documents: int = 0  # read and stored in this run
    skipped: int = 0  # already in the store, unchanged
    events: int = 0  # events of the documents stored in this run
    written: int = 0  # events new or changed in the store
    problems: list[Problem] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "skipped": self.skipped,
            "events": self.events,
            "written": self.written,
            "problems": len(self.problems),
        }


def store_results(
    store: EventStore,
    results: Iterable[tuple[Article, list[Event]] | Problem],
    *,
    batch_size: int = 32,
    all_modalities: bool = True,
    on_result: Callable[[IngestReport], None] | None = None,
    stories: StoryIndex | None = None,
) -> IngestReport:
    """Store coded documents in batches of ``batch_size``, one transaction each, marking each
    document ingested with its content hash. ``stories`` (optional): the index that assigns
    each batch's articles to stories; their links go into the batch's transaction (see the
    module notes). ``on_result`` is called after every document (for a progress bar)."""
    report = IngestReport()
    done = store.ingested()
    pending: list[tuple[Article, list[Event]]] = []

    def flush() -> None:
        if not pending:
            return
        marks = {a.id: (content_hash(a), a.path) for a, _ in pending}
        links = story_links(stories, [a for a, _ in pending]) if stories is not None else None
        report.written += store.store_documents(pending, ingested=marks, stories=links)
        for article_id, (digest, _) in marks.items():
            done[article_id] = digest
        pending.clear()

    for result in results:
        if isinstance(result, Problem):
            report.problems.append(result)
        else:
            article, events = result
            if events is SKIPPED or done.get(article.id) == content_hash(article):
                report.skipped += 1
            else:
                kept = [e for e in events if all_modalities or e.asserted]
                pending.append((article, kept))
                report.documents += 1
                report.events += len(kept)
                if len(pending) >= batch_size:
                    flush()
        if on_result:
            on_result(report)
    flush()
    return report


def story_links(index: StoryIndex, articles: list[Article]) -> dict[str, str]:
    """Article id -> story id for every article of a batch, and for earlier articles whose
    story merged into another because of them. Each article of the batch is looked up after
    ``assign``: one the index knew already, unchanged (assigned by a run that died before
    storing it), is not in what ``assign`` returns, but has its story all the same."""
    links = dict(index.assign(articles))
    for article in articles:
        story = index.story_of(article.id)
        if story is not None:
            links[article.id] = story
    return links


def ingest(
    paths: Iterable[str],
    store: EventStore,
    *,
    input_format: str = "auto",
    default_date: Date | None = None,
    coder: Any = None,
    batch_size: int = 32,
    all_modalities: bool = True,
    on_result: Callable[[IngestReport], None] | None = None,
    stories: StoryIndex | None = None,
) -> IngestReport:
    """Read, code and store every document of ``paths``; skip those already ingested;
    ``stories``: as for :func:`store_results`."""
    from flashpoint.pipeline import code_documents

    if coder is None:
        from flashpoint.coding.coder import Coder

        coder = Coder()
    resuming = ResumingCoder(coder, store.ingested())
    results = code_documents(
        list(paths), input_format=input_format, default_date=default_date, coder=resuming
    )
    return store_results(
        store,
        results,
        batch_size=batch_size,
        all_modalities=all_modalities,
        on_result=on_result,
        stories=stories,
    )
