"""flashpoint: political event data from news, offline.

>>> import flashpoint
>>> events = flashpoint.code(open("seed-article.txt").read(), date="2025-11-26")
>>> frame = flashpoint.code(text, date="2025-11-26", as_frame=True)
>>> db = flashpoint.open("events.duckdb")          # or a postgresql:// DSN
>>> db.dyad_series("CHN-JPN")
"""

# set before the imports below: flashpoint.ingest.fetch reads it (its user agent) while they run
__version__ = "0.1.0"

from flashpoint.api import code, events_frame, extract
from flashpoint.model import Actor, Article, CameoCode, Event, Evidence, Location, Plover, Problem
from flashpoint.store.api import open_store as open  # noqa: A001 - flashpoint.open(db), like sqlite3

__all__ = [
    "Actor",
    "Article",
    "CameoCode",
    "Event",
    "Evidence",
    "Location",
    "Plover",
    "Problem",
    "code",
    "events_frame",
    "extract",
    "open",
]
