#!/usr/bin/env bash
# Make sure this machine has the PostgreSQL server binaries (initdb, pg_ctl) that the event
# store's Postgres tests and benchmarks use to start a throwaway cluster of their own
# (flashpoint.store.testing). Idempotent: does nothing when they are there.
#
#   bash scripts/ensure_postgres.sh
#
# As root (CI) it installs Debian's package:
#   apt-get update && apt-get install -y postgresql
# with Debian's automatic "main" cluster turned off (the tests start their own, on a free port
# on 127.0.0.1, as the postgres user, in a temporary folder). Not root: it prints the command to
# run and exits 0. When .venv exists it also makes sure the psycopg 3 driver is in it.
set -euo pipefail
cd "$(dirname "$0")/.."

find_pg_bin() {
    local d
    if [ -n "${FLASHPOINT_PG_BIN:-}" ] && [ -x "$FLASHPOINT_PG_BIN/initdb" ]; then
        echo "$FLASHPOINT_PG_BIN"; return 0
    fi
    if command -v pg_ctl >/dev/null 2>&1 && command -v initdb >/dev/null 2>&1; then
        dirname "$(readlink -f "$(command -v pg_ctl)")"; return 0
    fi
    for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r); do
        if [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ]; then echo "$d"; return 0; fi
    done
    return 1
}

ensure_driver() {
    if [ -x .venv/bin/python ] && ! .venv/bin/python -c "import psycopg" >/dev/null 2>&1; then
        echo "ensure_postgres: installing psycopg 3 into .venv"
        .venv/bin/python -m pip install --quiet "psycopg[binary]>=3.1,<4"
    fi
}

if dir=$(find_pg_bin); then
    echo "ensure_postgres: PostgreSQL binaries in $dir ($("$dir/pg_ctl" --version))"
    ensure_driver
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "ensure_postgres: PostgreSQL is not installed, and this is not root. Install it with"
    echo "    sudo apt-get update && sudo apt-get install -y postgresql"
    echo "(or your system's package), or set FLASHPOINT_PG_BIN to the folder holding initdb and"
    echo "pg_ctl. Until then the store's Postgres tests are skipped."
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_postgres: no apt-get here; install PostgreSQL (initdb, pg_ctl) with this system's"
    echo "package manager, or set FLASHPOINT_PG_BIN. Until then the Postgres tests are skipped."
    exit 0
fi

echo "ensure_postgres: installing Debian's postgresql"
# the tests run clusters of their own: no need for Debian's default one on port 5432
if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
    mkdir -p /etc/postgresql-common
    echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends postgresql >/dev/null
dir=$(find_pg_bin) || { echo "ensure_postgres: installed, but initdb/pg_ctl not found" >&2; exit 1; }
echo "ensure_postgres: PostgreSQL binaries in $dir ($("$dir/pg_ctl" --version))"
ensure_driver
