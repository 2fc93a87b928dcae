"""flashpoint: political event data from news, offline.

>>> import flashpoint
>>> events = flashpoint.code(open("seed-article.txt").read(), date="2025-11-26")
>>> frame = flashpoint.code(text, date="2025-11-26", as_frame=True)
"""

from flashpoint.api import code, events_frame, extract
from flashpoint.model import Actor, Article, CameoCode, Event, Evidence, Location, Plover, Problem

__version__ = "0.1.0"

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
]
