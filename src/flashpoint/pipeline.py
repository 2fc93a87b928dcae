"""The main job, shared by the CLI, the Python API and the demo: sources in, events out.

Reading and coding are separate stages joined here, so that one bad document becomes a
``Problem`` that the batch reports and goes past, instead of a traceback that loses the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date as Date

from flashpoint.coding.coder import Coder
from flashpoint.ingest import read_documents
from flashpoint.model import Article, Event, Problem

Result = tuple[Article, list[Event]] | Problem


def code_documents(
    paths: Iterable[str],
    *,
    input_format: str = "auto",
    default_date: Date | None = None,
    coder: Coder | None = None,
    on_item: Callable[[Article | Problem], None] | None = None,
    chunk: int = 32,
) -> Iterator[Result]:
    """Read every source and code each article; yields ``(article, events)`` or a ``Problem``."""
    coder = coder or Coder()
    pending: list[Article] = []

    def flush() -> Iterator[Result]:
        done = 0
        try:
            for result in coder.code_articles(pending, chunk=chunk):
                done += 1
                yield result
        except Exception:  # one bad article must not lose its neighbours: go on one by one
            for article in pending[done:]:
                try:
                    yield article, coder.code_article(article)
                except Exception as exc:  # noqa: BLE001 - reported as a Problem, not swallowed
                    yield Problem(article.id, f"coding failed: {type(exc).__name__}: {exc}")
        pending.clear()

    for item in read_documents(paths, input_format=input_format, default_date=default_date):
        if on_item:
            on_item(item)
        if isinstance(item, Problem):
            yield item
            continue
        if not item.text.strip():
            yield Problem(item.id, "no article text found")
            continue
        pending.append(item)
        if len(pending) >= chunk:
            yield from flush()
    if pending:
        yield from flush()
