"""Dates: parsing the ``date`` of a document record, and finding a dateline in a scrape.

:func:`parse_date` accepts ISO 8601 (``2025-11-26``, ``2025-11-26T09:30:00Z``), RFC 2822
(``Wed, 26 Nov 2025 09:30:00 GMT``), ``2025/11/26``, ``20251126``, named months in either
order (``26 November 2025``, ``Nov. 26, 2025``, ``26-Nov-2025``), numeric day/month forms
when they are unambiguous (``26/11/2025``, ``26.11.2025``; ``11/12/2025`` is refused, since
its day and month cannot be told apart), and Unix timestamps given as numbers. It raises
:class:`ValueError` with a short reason for anything else.

:func:`find_dateline` looks for a date near the top of a scrape (the byline area under the
headline first, then the top of the page) and returns it only when the dates found there
agree.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from email.utils import parsedate_to_datetime

MONTHS = {
    "jan": 1, "january": 1, "janeiro": 1, "enero": 1, "janvier": 1, "gennaio": 1, "januar": 1,
    "feb": 2, "february": 2, "fevereiro": 2, "febrero": 2, "février": 2, "fevrier": 2,
    "febbraio": 2, "februar": 2,
    "mar": 3, "march": 3, "março": 3, "marco": 3, "marzo": 3, "mars": 3, "märz": 3,
    "apr": 4, "april": 4, "abril": 4, "avril": 4, "aprile": 4,
    "may": 5, "maio": 5, "mayo": 5, "mai": 5, "maggio": 5,
    "jun": 6, "june": 6, "junho": 6, "junio": 6, "juin": 6, "giugno": 6, "juni": 6,
    "jul": 7, "july": 7, "julho": 7, "julio": 7, "juillet": 7, "luglio": 7, "juli": 7,
    "aug": 8, "august": 8, "agosto": 8, "août": 8, "aout": 8,
    "sep": 9, "sept": 9, "september": 9, "setembro": 9, "septiembre": 9, "septembre": 9,
    "settembre": 9,
    "oct": 10, "october": 10, "outubro": 10, "octubre": 10, "octobre": 10, "ottobre": 10,
    "oktober": 10,
    "nov": 11, "november": 11, "novembro": 11, "noviembre": 11, "novembre": 11,
    "dec": 12, "december": 12, "dezembro": 12, "diciembre": 12, "décembre": 12,
    "decembre": 12, "dicembre": 12, "dezember": 12,
}  # fmt: skip

_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY_NAME = r"(?:(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)[a-z]*\.?,?\s+)?"
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ][\d:.,]+(?:Z|[+-]\d{2}:?\d{2})?)?$", re.I)
_YMD = re.compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMERIC = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DMY_NAMED = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th|º)?[\s./-]+(?:de\s+)?(" + _MONTH_RE + r")\.?,?[\s./-]+(?:de\s+)?(\d{4})\b",
    re.I,
)
_MDY_NAMED = re.compile(
    r"\b(" + _MONTH_RE + r")\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.I
)
_ISO_IN_TEXT = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_NUMERIC_IN_TEXT = re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{4})(?![\d/.])")

MIN_YEAR, MAX_YEAR = 1900, 2100


def _make(y: int, m: int, d: int) -> date:
    if not MIN_YEAR <= y <= MAX_YEAR:
        raise ValueError(f"year {y} out of range")
    return date(y, m, d)  # raises ValueError for impossible days


def _numeric_dmy(a: int, b: int, y: int) -> date:
    """Day and month from ``a/b/yyyy``: only when one of them cannot be a month."""
    if a > 12 and b <= 12:
        return _make(y, b, a)
    if b > 12 and a <= 12:
        return _make(y, a, b)
    if a == b:
        return _make(y, a, b)
    raise ValueError("ambiguous day/month order")


def parse_date(value: object) -> date:
    """A calendar date from a record's ``date`` value (see module notes).

    Raises ValueError (with a short reason) when the value is not a date.
    """
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, bool) or value is None:
        raise ValueError("not a date")
    if isinstance(value, int | float):
        seconds = float(value) / (1000.0 if value > 1e11 else 1.0)  # milliseconds too
        try:
            return datetime.fromtimestamp(seconds, tz=UTC).date()
        except (OverflowError, OSError, ValueError) as err:
            raise ValueError("timestamp out of range") from err
    if not isinstance(value, str):
        raise ValueError(f"not a date ({type(value).__name__})")
    text = value.strip()
    if not text:
        raise ValueError("empty date")
    if m := _ISO.match(text):
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if m := _YMD.match(text):
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if m := _COMPACT.match(text):
        return _make(int(m[1]), int(m[2]), int(m[3]))
    if m := _NUMERIC.match(text):
        return _numeric_dmy(int(m[1]), int(m[2]), int(m[3]))
    if re.match(r"^" + _DAY_NAME + r"\d{1,2} [A-Za-z]{3} \d{4} \d", text, re.I):
        try:
            return parsedate_to_datetime(text).date()
        except (TypeError, ValueError, IndexError):
            pass
    try:
        return datetime.fromisoformat(text).date()
    except ValueError:
        pass
    found = _named_dates(text)
    if len(found) == 1:
        return found.pop()
    if len(found) > 1:
        raise ValueError("more than one date")
    raise ValueError("unrecognised date format")


def _named_dates(text: str) -> set[date]:
    out: set[date] = set()
    for m in _DMY_NAMED.finditer(text):
        try:
            out.add(_make(int(m[3]), MONTHS[m[2].casefold()], int(m[1])))
        except (ValueError, KeyError):
            continue
    for m in _MDY_NAMED.finditer(text):
        try:
            out.add(_make(int(m[3]), MONTHS[m[1].casefold()], int(m[2])))
        except (ValueError, KeyError):
            continue
    return out


def dates_in(text: str) -> set[date]:
    """Every date written out in a line: named months, ISO dates, unambiguous d/m/yyyy."""
    out = _named_dates(text)
    for m in _ISO_IN_TEXT.finditer(text):
        try:
            out.add(_make(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            continue
    for m in _NUMERIC_IN_TEXT.finditer(text):
        try:
            out.add(_numeric_dmy(int(m[1]), int(m[2]), int(m[3])))
        except ValueError:
            continue
    return out


def find_dateline(lines: list[str], headline: int | None, body_start: int | None) -> date | None:
    """The date a scrape gives itself near its top, if it is unambiguous.

    First the lines between the headline and the body (bylines: "Nov. 19, 2019 8:03 am ET",
    "Updated 1:39 am EST, Wednesday, November 20, 2019"), then the first lines of the page
    and of the body. Dates in long prose lines are not datelines. When different dates are
    found in the same zone, none is returned.
    """
    zones: list[range] = []
    if headline is not None:
        end = body_start if body_start is not None and body_start > headline else headline + 8
        zones.append(range(headline + 1, min(len(lines), end, headline + 12)))
    top_end = body_start if body_start is not None else min(len(lines), 15)
    zones.append(range(0, min(len(lines), max(top_end, 1), 40)))
    if body_start is not None:
        zones.append(range(body_start, min(len(lines), body_start + 2)))
    for zone in zones:
        found: set[date] = set()
        for i in zone:
            text = lines[i]
            if len(text.split()) > 25 and i != body_start:
                continue
            if i == body_start:
                # a wire dateline opens the first paragraph: "BEIJING, Nov 26 (Reuters) -"
                text = text[:80]
            found |= dates_in(text)
        if len(found) == 1:
            return found.pop()
        if len(found) > 1:
            return None
    return None
