"""The Python API: the same functions the CLI calls, for notebooks and programs."""

from __future__ import annotations

from datetime import date as Date
from functools import lru_cache
from typing import TYPE_CHECKING

from flashpoint.model import Article, Event

if TYPE_CHECKING:
    import pandas as pd

    from flashpoint.coding.coder import Coder


@lru_cache(maxsize=2)
def default_coder(model: str | None = None) -> Coder:
    """One coder per process: the spaCy pipeline, lexicon and knowledge base load once."""
    from flashpoint.coding.coder import Coder

    return Coder(model=model)


def _as_date(value: Date | str | None) -> Date | None:
    if value is None or isinstance(value, Date):
        return value
    return Date.fromisoformat(value)


def extract(
    text: str, *, id: str = "text", date: Date | str | None = None, url: str | None = None
) -> Article:
    """The article in a page or a text scrape: headline, body, metadata."""
    from flashpoint.ingest import extract_article

    return extract_article(text, id=id, date=_as_date(date), url=url)


def code(
    text: str,
    date: Date | str | None = None,
    *,
    id: str = "text",
    url: str | None = None,
    clean: bool = True,
    as_frame: bool = False,
    model: str | None = None,
) -> list[Event] | pd.DataFrame:
    """Code a news text into events.

    ``clean`` first extracts the article from page furniture (headline, "Also Read" lines,
    widgets); pass ``clean=False`` for text that is already just the body. With
    ``as_frame=True`` the events come as a pandas DataFrame, one row an event.
    """
    article = (
        extract(text, id=id, date=date, url=url)
        if clean
        else Article(id=id, text=text, date=_as_date(date), url=url)
    )
    if article.date is None and date is not None:
        article.date = _as_date(date)
    events = default_coder(model).code_article(article)
    return events_frame(events) if as_frame else events


def events_frame(events: list[Event]) -> pd.DataFrame:
    """Events as a flat DataFrame: one row an event, the columns of ``flashpoint code --format csv``."""
    import pandas as pd

    from flashpoint.export import flat_row

    return pd.DataFrame([flat_row(e.to_dict()) for e in events])
