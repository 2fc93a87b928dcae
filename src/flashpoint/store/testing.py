"""A throwaway PostgreSQL server for tests and benchmarks: ``initdb`` + ``pg_ctl`` in a temporary
folder, listening on a free port on 127.0.0.1, removed when stopped.

Postgres refuses to run as root; as root the cluster runs as the ``postgres`` user (Debian's
package creates it), or ``nobody``, in a folder that user owns.

>>> with TempPostgres() as pg:                                   # doctest: +SKIP
...     dsn = pg.create_database()
...     store = EventStore.open(dsn)

``FLASHPOINT_TEST_POSTGRES`` (a DSN to an existing server whose user may create databases) makes
``shared_server()`` use that server instead of starting one; ``FLASHPOINT_PG_BIN`` names the
folder of the PostgreSQL binaries when they are not on ``PATH`` nor in
``/usr/lib/postgresql/*/bin``.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

_counter = itertools.count()


def find_pg_bin() -> Path | None:
    """The folder holding ``initdb`` and ``pg_ctl``, or ``None`` when PostgreSQL is missing."""
    env = os.environ.get("FLASHPOINT_PG_BIN")
    candidates: list[Path] = [Path(env)] if env else []
    found = shutil.which("pg_ctl")
    if found:
        candidates.append(Path(os.path.realpath(found)).parent)
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin"),
        key=lambda p: int(Path(p).parent.name) if Path(p).parent.name.isdigit() else 0,
        reverse=True,
    )
    candidates += [Path(p) for p in versions]
    candidates += [Path("/usr/local/pgsql/bin"), Path("/opt/homebrew/bin")]
    for folder in candidates:
        if (folder / "initdb").exists() and (folder / "pg_ctl").exists():
            return folder
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL binaries on this machine (see ``scripts/ensure_postgres.sh``)."""


class TempPostgres:
    """A PostgreSQL cluster of its own in a temporary folder (``durable=False`` turns fsync
    off: fine for tests, where the server itself is never killed)."""

    def __init__(self, *, durable: bool = False, bindir: Path | None = None):
        self.durable = durable
        self.bindir = bindir or find_pg_bin()
        if self.bindir is None:
            raise PostgresUnavailable(
                "PostgreSQL binaries (initdb, pg_ctl) not found; run scripts/ensure_postgres.sh "
                "or set FLASHPOINT_PG_BIN"
            )
        self.port = 0
        self.root: Path | None = None
        self.user = "flashpoint"
        self._runas: list[str] = []

    # -- lifecycle -----------------------------------------------------------------------

    def _run(self, *args: str) -> subprocess.CompletedProcess:
        cmd = [*self._runas, *args]
        result = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if result.returncode != 0:
            log = ""
            if self.root and (self.root / "server.log").exists():
                log = (self.root / "server.log").read_text(errors="replace")[-2000:]
            raise RuntimeError(
                f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}\n{log}"
            )
        return result

    def start(self) -> TempPostgres:
        self.root = Path(tempfile.mkdtemp(prefix="flashpoint-pg-"))
        if os.geteuid() == 0:
            owner = "postgres"
            try:
                pw = pwd.getpwnam(owner)
            except KeyError:
                owner, pw = "nobody", pwd.getpwnam("nobody")
            os.chown(self.root, pw.pw_uid, pw.pw_gid)
            self._runas = ["runuser", "-u", owner, "--"]
        data = self.root / "data"
        self._run(
            str(self.bindir / "initdb"), "-D", str(data), "-U", self.user, "-A", "trust",
            "-E", "UTF8", "--no-locale", "--no-sync",
        )  # fmt: skip
        self.port = free_port()
        options = [
            f"-p {self.port}",
            "-c listen_addresses=127.0.0.1",
            f"-c unix_socket_directories={self.root}",
            "-c max_connections=50",
            "-c shared_buffers=256MB",
            "-c work_mem=32MB",
            "-c maintenance_work_mem=256MB",
        ]
        if not self.durable:
            options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
        self._run(
            str(self.bindir / "pg_ctl"), "-D", str(data), "-l", str(self.root / "server.log"),
            "-o", " ".join(options), "-w", "-t", "60", "start",
        )  # fmt: skip
        return self

    def stop(self) -> None:
        if self.root is None:
            return
        try:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.root / "data"), "-m", "immediate",
                      "-w", "stop")  # fmt: skip
        except Exception:  # noqa: BLE001 - cleaning up whatever is left
            pass
        shutil.rmtree(self.root, ignore_errors=True)
        self.root = None

    def __enter__(self) -> TempPostgres:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- databases -----------------------------------------------------------------------

    @property
    def dsn(self) -> str:
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/postgres"

    def create_database(self, name: str | None = None) -> str:
        return create_database(self.dsn, name)

    def drop_database(self, dsn: str) -> None:
        drop_database(self.dsn, dsn)


def _admin(dsn: str, sql: str) -> None:
    import psycopg

    for attempt in range(20):
        try:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(sql)
            return
        except psycopg.errors.ObjectInUse:  # template1 busy with a concurrent CREATE DATABASE
            time.sleep(0.1 * (attempt + 1))
    raise RuntimeError(f"could not run {sql!r}")


def create_database(admin_dsn: str, name: str | None = None) -> str:
    """A new empty database on the server of ``admin_dsn``; returns its DSN."""
    name = name or f"fp_{os.getpid()}_{next(_counter)}"
    _admin(admin_dsn, f'CREATE DATABASE "{name}"')
    base, _, _ = admin_dsn.rpartition("/")
    return f"{base}/{name}"


def drop_database(admin_dsn: str, dsn: str) -> None:
    name = dsn.rpartition("/")[2].split("?")[0]
    _admin(admin_dsn, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class _External:
    """A server someone else runs (``FLASHPOINT_TEST_POSTGRES``)."""

    def __init__(self, dsn: str):
        self.dsn = dsn

    def create_database(self, name: str | None = None) -> str:
        return create_database(self.dsn, name)

    def drop_database(self, dsn: str) -> None:
        drop_database(self.dsn, dsn)

    def stop(self) -> None:
        pass


_shared: TempPostgres | _External | None = None


def shared_server() -> TempPostgres | _External:
    """One server per process, started on first use and stopped at exit. Raises
    ``PostgresUnavailable`` when there are no PostgreSQL binaries."""
    global _shared
    if _shared is None:
        external = os.environ.get("FLASHPOINT_TEST_POSTGRES")
        if external:
            _shared = _External(external)
        else:
            server = TempPostgres().start()
            atexit.register(server.stop)
            _shared = server
    return _shared


def postgres_or_skip() -> TempPostgres | _External:
    """``shared_server()`` for a pytest test; skips (with the reason) only when this machine has
    no PostgreSQL binaries, or, outside CI, no psycopg."""
    import pytest

    try:
        import psycopg  # noqa: F401
    except ImportError:
        if os.environ.get("CI"):
            raise
        pytest.skip('psycopg is not installed: pip install "psycopg[binary]>=3.1"')
    try:
        return shared_server()
    except PostgresUnavailable as exc:
        pytest.skip(str(exc))


def store_location(backend: str, tmp_path: Path):
    """For a pytest fixture: yields a DuckDB file path or a fresh Postgres database's DSN
    (dropped afterwards)."""
    if backend == "duckdb":
        yield str(tmp_path / "events.duckdb")
        return
    server = postgres_or_skip()
    dsn = server.create_database()
    try:
        yield dsn
    finally:
        server.drop_database(dsn)
