"""HTTP fetching for URL, feed and page sources: polite, bounded, and safe by default.

:class:`Fetcher` gets one URL at a time and either returns a :class:`Response` or raises
:class:`FetchError` with a one-line reason that sources turn into a ``Problem``:

- **Timeouts**: ``timeout`` seconds to connect and between bytes, and ``total_timeout`` for
  the whole response (a server that drips a byte a second is cut off too).
- **Size cap**: ``max_bytes`` (10 MB by default) of decoded body; a ``Content-Length`` over the
  cap is refused before reading, a body that grows over it is abandoned when it does.
- **Retries with backoff** on connection errors, timeouts, 429 and 5xx: ``retries`` more
  tries, waiting ``backoff * 2**n`` seconds (or the server's ``Retry-After``), capped at
  ``max_backoff``.
- **Politeness**: at least ``min_interval`` seconds between two requests to one host (or the
  host's robots.txt ``Crawl-delay``, up to ``max_crawl_delay``).
- **robots.txt** (RFC 9309): fetched once a day per host and obeyed for the user agent's
  product token (``flashpoint``); a missing robots.txt (4xx) allows everything, an
  unreachable one (5xx, network error) allows nothing on that host for the next ten minutes.
- **A clear user agent**: ``flashpoint/<version> (+news event coding; ...)``; set your own
  (with a contact address) with ``user_agent``.
- **No private addresses**: hosts that resolve to loopback, private, link-local, multicast,
  reserved or unspecified addresses are refused (at every redirect hop) unless
  ``allow_private`` is set. Only ``http`` and ``https`` URLs are fetched.
- **Redirects** are followed by hand (each hop checked as above), up to ``max_redirects``; a
  loop is reported as one.

:func:`fetch_settings` sets the options for everything read inside a ``with`` block (the CLI's
``--allow-private`` and ``--user-agent``), so that callers that only pass paths along, such as
``pipeline.code_documents``, fetch as the user asked.
"""

from __future__ import annotations

import contextlib
import contextvars
import ipaddress
import re
import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit, urlunsplit

from flashpoint import __version__

if TYPE_CHECKING:
    from urllib.robotparser import RobotFileParser

MB = 1 << 20
MAX_BYTES = 10 * MB
ROBOTS_MAX_BYTES = 512 * 1024
ROBOTS_TTL = 24 * 3600.0
ROBOTS_RETRY = 600.0  # an unreachable robots.txt is asked again after this long
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PRODUCT_TOKEN = "flashpoint"

DEFAULT_USER_AGENT = (
    f"{PRODUCT_TOKEN}/{__version__} (political event data from news; obeys robots.txt; "
    "set a contact with --user-agent)"
)


class FetchError(Exception):
    """A URL that could not be fetched; ``reason`` is one line for the user. ``retryable``:
    the failure may pass, so the URL is worth asking for again later (a timeout, a failed
    connection, a host that did not resolve, a 429 or 5xx answer, an unreachable robots.txt);
    a 404, a refusal, a redirect loop or an oversized body are not."""

    def __init__(
        self, url: str, reason: str, *, status: int | None = None, retryable: bool = False
    ):
        super().__init__(f"{url}: {reason}")
        self.url = url
        self.reason = reason
        self.status = status
        self.retryable = retryable


@dataclass(slots=True)
class Response:
    """A fetched document. ``url`` is what was asked for, ``final_url`` where it was found
    after redirects (``redirects`` lists the hops), ``content`` the decoded body bytes."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes
    fetched_at: datetime
    redirects: list[str] = field(default_factory=list)

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower case (``""`` when the server sent none)."""
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def charset(self) -> str | None:
        return declared_charset(self.headers.get("content-type", ""))

    def text(self) -> str:
        """The body as text (see :func:`decode_body`). Raises ``BinaryContent`` for binary data."""
        return decode_body(self.content, self.headers.get("content-type", ""))


def declared_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header, if it has one."""
    m = re.search(r"charset\s*=\s*[\"']?([\w.:-]+)", content_type or "", re.I)
    return m.group(1) if m else None


def decode_body(data: bytes, content_type: str | None) -> str:
    """A fetched (or archived) HTTP body as text: stray control bytes dropped
    (:func:`scrub_stray_bytes`), then the charset the Content-Type declares when it decodes
    cleanly, else flashpoint's detection (``ingest.decode``). Raises ``BinaryContent``
    ("binary content, not text") for binary data."""
    from flashpoint.ingest.decode import BinaryContent, decode_bytes, is_binary

    data = scrub_stray_bytes(data)
    if is_binary(data):
        raise BinaryContent("binary content, not text")
    charset = declared_charset(content_type)
    if charset:
        try:
            return data.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_bytes(data)


_STRAY = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f]")


def scrub_stray_bytes(data: bytes) -> bytes:
    """Drop a few stray NUL and control bytes from a text document (a handful, or at most one
    in a thousand bytes: a page that is text with some garbage in it, not a binary file);
    anything else is returned as it is, to be judged by ``decode.is_binary``."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or data[:4] in (b"\x00\x00\xfe\xff", b"\xff\xfe\x00\x00"):
        return data  # UTF-16/32: NUL bytes belong there
    sample = data[: 1 << 20]
    stray = len(_STRAY.findall(sample))
    if stray == 0 or stray > max(8, len(sample) / 1000):
        return data
    return _STRAY.sub(b"", data)


@dataclass(slots=True, frozen=True)
class FetchSettings:
    """Options of a :class:`Fetcher` (see the module notes)."""

    user_agent: str = DEFAULT_USER_AGENT
    timeout: float = 20.0
    total_timeout: float = 90.0
    max_bytes: int = MAX_BYTES
    retries: int = 2
    backoff: float = 1.0
    max_backoff: float = 60.0
    min_interval: float = 1.0
    max_crawl_delay: float = 10.0
    respect_robots: bool = True
    allow_private: bool = False
    max_redirects: int = 10


_DEFAULT_SETTINGS = FetchSettings()
_SETTINGS: contextvars.ContextVar[FetchSettings | None] = contextvars.ContextVar(
    "flashpoint_fetch_settings", default=None
)


def current_settings() -> FetchSettings:
    """The fetch options in force (see :func:`fetch_settings`)."""
    return _SETTINGS.get() or _DEFAULT_SETTINGS


@contextlib.contextmanager
def fetch_settings(**changes: object) -> Iterator[FetchSettings]:
    """Fetch with these options inside the block, e.g.
    ``with fetch_settings(allow_private=True, user_agent="me@example.org"):``. Options left
    as ``None`` keep their current value."""
    changes = {k: v for k, v in changes.items() if v is not None}
    settings = replace(current_settings(), **changes)  # type: ignore[arg-type]
    token = _SETTINGS.set(settings)
    try:
        yield settings
    finally:
        _SETTINGS.reset(token)


# --------------------------------------------------------------------------- addresses


def _address_problem(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for attr, name in (
        ("is_loopback", "a loopback"),
        ("is_private", "a private"),
        ("is_link_local", "a link-local"),
        ("is_multicast", "a multicast"),
        ("is_reserved", "a reserved"),
        ("is_unspecified", "an unspecified"),
    ):
        if getattr(ip, attr):
            return f"{ip} is {name} address"
    return None


class _Unresolved(ValueError):
    """A host name that did not resolve (which may pass: DNS trouble)."""


def check_host(host: str, port: int | None, *, allow_private: bool) -> None:
    """Raise ``ValueError`` (the reason) when ``host`` cannot be resolved, or resolves to an
    address flashpoint must not fetch from without ``allow_private``."""
    try:
        literal = ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [literal]
    else:
        if host.lower() in ("localhost",) or host.lower().endswith(".localhost"):
            if not allow_private:
                raise ValueError(f"{host} is a loopback address")
            return
        try:
            infos = socket.getaddrinfo(host, port or 80, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError, OSError) as err:
            raise _Unresolved(
                f"could not resolve host {host} ({getattr(err, 'strerror', None) or err})"
            ) from err
        addresses = []
        for info in infos:
            try:
                addresses.append(ipaddress.ip_address(info[4][0].split("%", 1)[0]))
            except ValueError:
                continue
    if allow_private:
        return
    for ip in addresses:
        problem = _address_problem(ip)
        if problem:
            raise ValueError(problem)


def normalise_url(url: str) -> str:
    """A URL without its fragment, with a lower-case scheme and host and a path."""
    parts = urlsplit(url.strip())
    netloc = parts.netloc.lower() if parts.netloc else ""
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def is_url(text: str) -> bool:
    """True for an ``http://`` or ``https://`` URL."""
    return bool(re.match(r"^https?://[^\s/]+", text.strip(), re.I))


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _status_text(status: int) -> str:
    from http import HTTPStatus

    try:
        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def _size(n: int) -> str:
    return f"{n / MB:.1f} MB" if n >= MB else f"{n:,} bytes"


# --------------------------------------------------------------------------- the fetcher


@dataclass(slots=True)
class _Robots:
    parser: RobotFileParser | None  # None: everything allowed
    blocked: str | None  # a reason when nothing may be fetched from the host
    fetched: float
    retryable: bool = True  # whether the block may pass (robots.txt is asked again in a while)


class Fetcher:
    """Fetch URLs politely and safely (see the module notes). Use as a context manager, or
    call :meth:`close`. ``sleep`` and ``clock`` can be replaced (tests, simulations)."""

    def __init__(
        self,
        settings: FetchSettings | None = None,
        *,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        **options: object,
    ):
        import httpx

        base = settings or current_settings()
        self.settings = replace(base, **{k: v for k, v in options.items() if v is not None})  # type: ignore[arg-type]
        self.sleep = sleep
        self.clock = clock
        self._last: dict[str, float] = {}
        self._robots: dict[str, _Robots] = {}
        self.requests = 0  # HTTP requests made (robots.txt included)
        s = self.settings
        self._client = httpx.Client(
            follow_redirects=False,
            timeout=httpx.Timeout(s.timeout),
            headers={"User-Agent": s.user_agent, "Accept": "*/*"},
            trust_env=False,
        )

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # ---------------------------------------------------------------- public

    def fetch(self, url: str, *, headers: dict[str, str] | None = None) -> Response:
        """GET ``url``, following redirects; raises :class:`FetchError` with the reason."""
        s = self.settings
        current = url.strip()
        visited: list[str] = []
        while True:
            self._check_url(url, current)
            if s.respect_robots:
                self._check_robots(url, current)
            visited.append(normalise_url(current))
            response = self._get_with_retries(url, current, headers or {})
            if response.status in REDIRECT_STATUSES and response.headers.get("location"):
                target = urljoin(current, response.headers["location"])
                if normalise_url(target) in visited:
                    chain = " -> ".join([*visited, normalise_url(target)])
                    raise FetchError(url, f"redirect loop: {chain}", status=response.status)
                if len(visited) > s.max_redirects:
                    raise FetchError(
                        url,
                        f"too many redirects (more than {s.max_redirects})",
                        status=response.status,
                    )
                current = target
                continue
            response.redirects = visited[1:]
            response.url = url
            if response.status >= 400:
                raise FetchError(
                    url,
                    _status_text(response.status),
                    status=response.status,
                    retryable=response.status in RETRY_STATUSES,
                )
            return response

    # ---------------------------------------------------------------- checks

    def _check_url(self, asked: str, url: str) -> None:
        try:
            parts = urlsplit(url)
            port = parts.port
        except ValueError as err:
            raise FetchError(asked, f"not a valid URL: {err}") from None
        if parts.scheme.lower() not in ("http", "https"):
            raise FetchError(
                asked, f"unsupported URL scheme {parts.scheme!r} (only http and https)"
            )
        if not parts.hostname:
            raise FetchError(asked, "not a valid URL: no host")
        try:
            check_host(parts.hostname, port, allow_private=self.settings.allow_private)
        except _Unresolved as err:
            raise FetchError(asked, str(err), retryable=True) from None
        except ValueError as err:
            reason = f"refused: {err} (use --allow-private to fetch from private and loopback addresses)"
            raise FetchError(asked, reason) from None

    def _host_key(self, url: str) -> str:
        parts = urlsplit(url)
        return f"{parts.scheme.lower()}://{parts.netloc.lower()}"

    def _check_robots(self, asked: str, url: str) -> None:
        key = self._host_key(url)
        robots = self._robots.get(key)
        if robots is None or self.clock() - robots.fetched > ROBOTS_TTL:
            robots = self._load_robots(key)
            self._robots[key] = robots
        if robots.blocked:  # robots.txt unreachable: asked again in a while
            raise FetchError(asked, robots.blocked, retryable=robots.retryable)
        if robots.parser is not None and not robots.parser.can_fetch(self.settings.user_agent, url):
            raise FetchError(asked, "disallowed by robots.txt")

    def _load_robots(self, key: str) -> _Robots:
        robots_url = key + "/robots.txt"
        try:
            response = self._get_with_retries(
                robots_url, robots_url, {}, max_bytes=ROBOTS_MAX_BYTES, retries=0
            )
            hops = 0
            while (
                response.status in REDIRECT_STATUSES
                and response.headers.get("location")
                and hops < 5
            ):
                target = urljoin(robots_url, response.headers["location"])
                self._check_url(robots_url, target)
                response = self._get_with_retries(
                    robots_url, target, {}, max_bytes=ROBOTS_MAX_BYTES, retries=0
                )
                hops += 1
        except FetchError as err:
            if err.reason.startswith("too large"):
                return _Robots(None, None, self.clock())  # an absurd robots.txt: ignore it
            # the host is down or unreachable: say so, and try again in a while
            return _Robots(
                None, err.reason, self.clock() - ROBOTS_TTL + ROBOTS_RETRY, err.retryable
            )
        if 400 <= response.status < 500 or response.status in REDIRECT_STATUSES:
            return _Robots(None, None, self.clock())
        if response.status >= 500:
            return _Robots(
                None,
                f"robots.txt unreachable ({_status_text(response.status)}): not fetching from {key} for now",
                self.clock() - ROBOTS_TTL + ROBOTS_RETRY,
            )
        from urllib.robotparser import RobotFileParser

        parser = RobotFileParser()
        parser.parse(response.content.decode("utf-8", errors="replace").splitlines())
        return _Robots(parser, None, self.clock())

    def _interval(self, key: str) -> float:
        interval = self.settings.min_interval
        robots = self._robots.get(key)
        if robots is not None and robots.parser is not None:
            delay = robots.parser.crawl_delay(self.settings.user_agent)
            if delay:
                interval = max(interval, min(float(delay), self.settings.max_crawl_delay))
        return interval

    def _wait_for_host(self, url: str) -> None:
        key = self._host_key(url)
        last = self._last.get(key)
        if last is not None:
            wait = last + self._interval(key) - self.clock()
            if wait > 0:
                self.sleep(wait)
        self._last[key] = self.clock()

    # ---------------------------------------------------------------- transport

    def _get_with_retries(
        self,
        asked: str,
        url: str,
        headers: dict[str, str],
        *,
        max_bytes: int | None = None,
        retries: int | None = None,
    ) -> Response:
        s = self.settings
        tries = 1 + (s.retries if retries is None else retries)
        last_reason = ""
        pause = 0.0
        for attempt in range(tries):
            if attempt:
                self.sleep(min(s.max_backoff, pause))
            pause = s.backoff * (2**attempt)
            try:
                response = self._get_once(asked, url, headers, max_bytes or s.max_bytes)
            except _Transient as err:
                last_reason = err.reason
                continue
            if response.status in RETRY_STATUSES and attempt + 1 < tries:
                after = _retry_after(response.headers.get("retry-after"))
                if after is not None:
                    pause = after
                last_reason = _status_text(response.status)
                continue
            if response.status in RETRY_STATUSES and tries > 1:
                raise FetchError(
                    asked,
                    f"{_status_text(response.status)} (after {tries} attempts)",
                    status=response.status,
                    retryable=True,
                )
            return response
        suffix = f" (after {tries} attempts)" if tries > 1 else ""
        raise FetchError(asked, f"{last_reason}{suffix}", retryable=True)  # every try transient

    def _get_once(self, asked: str, url: str, headers: dict[str, str], max_bytes: int) -> Response:
        import httpx

        s = self.settings
        self._wait_for_host(url)
        self.requests += 1
        started = self.clock()
        fetched_at = datetime.now(UTC)
        try:
            with self._client.stream("GET", url, headers=headers) as r:
                head = {k.lower(): v for k, v in r.headers.items()}
                if (
                    r.status_code in REDIRECT_STATUSES
                    or r.status_code >= 400
                    or r.status_code == 304
                ):
                    return Response(asked, str(r.url), r.status_code, head, b"", fetched_at)
                declared = head.get("content-length", "")
                if declared.isdigit() and int(declared) > max_bytes:
                    raise FetchError(
                        asked,
                        f"too large: {_size(int(declared))} (Content-Length) is over the {_size(max_bytes)} cap",
                        status=r.status_code,
                    )
                chunks: list[bytes] = []
                size = 0
                for chunk in r.iter_bytes():
                    size += len(chunk)
                    if size > max_bytes:
                        raise FetchError(
                            asked,
                            f"too large: more than the {_size(max_bytes)} cap (stopped reading)",
                            status=r.status_code,
                        )
                    chunks.append(chunk)
                    if self.clock() - started > s.total_timeout:
                        raise _Transient(
                            f"timed out: no complete response within {s.total_timeout:g} s"
                        )
                return Response(
                    asked, str(r.url), r.status_code, head, b"".join(chunks), fetched_at
                )
        except (FetchError, _Transient):
            raise
        except httpx.TimeoutException as err:
            kind = (
                "connecting" if isinstance(err, httpx.ConnectTimeout) else "waiting for the server"
            )
            raise _Transient(f"timed out {kind} (after {s.timeout:g} s)") from None
        except httpx.DecodingError as err:
            raise FetchError(asked, f"could not decode the response: {err}") from None
        except (httpx.TransportError, OSError) as err:
            raise _Transient(
                f"connection failed: {type(err).__name__}: {err or 'no detail'}"
            ) from None
        except httpx.InvalidURL as err:
            raise FetchError(asked, f"not a valid URL: {err}") from None


class _Transient(Exception):
    """A failure worth retrying (connection, timeout)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason
