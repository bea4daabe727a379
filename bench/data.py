"""The bench databases: ``city`` (and ``province``) loaded once by ``seed_wuhan`` and reused.

A database counts as loaded when its ``bench_load`` table records the same scale, random seed and
fingerprint of the seed code; anything else (no database, an interrupted load, other seed code) is dropped
and loaded afresh. Only databases named ``wuhan_fulian_bench…`` are ever dropped.
"""

import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time

import psycopg2
from psycopg2.extras import Json

from .common import DATABASES, ROOT, connect, database_name, environment, maintenance_url, say

SEED = 20170518
SEED_SOURCES = [
    "demo/**/*.py",
    "core/bulk.py",
    "core/pgcopy.py",
]


def fingerprint():
    digest = hashlib.sha256()
    files = sorted({path for pattern in SEED_SOURCES for path in ROOT.glob(pattern)})
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def recorded(url):
    """The load recorded in the database, or None (no database, no record)."""
    try:
        connection = connect(url)
    except psycopg2.OperationalError:
        return None
    try:
        with connection, connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('bench_load') IS NOT NULL")
            if not cursor.fetchone()[0]:
                return None
            cursor.execute("SELECT report FROM bench_load ORDER BY loaded_at DESC LIMIT 1")
            row = cursor.fetchone()
            return row[0] if row else None
    finally:
        connection.close()


def recreate(url):
    name = database_name(url)
    if not name.startswith("wuhan_fulian_bench"):
        raise SystemExit(f"refusing to drop {name}: bench databases are named wuhan_fulian_bench…")
    admin = connect(maintenance_url(url))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def configure(url):
    """Database settings for the bench, as recommended for production in the README:

    - JIT off unless BENCH_JIT=on. PostgreSQL's JIT compiles any statement it costs above 100,000 (at the
      city scale, most reports): 3.2 s of compiling for a 3 s dashboard query when measured. Short OLTP
      statements never win it back.
    - random_page_cost 1.1 (BENCH_RANDOM_PAGE_COST), the usual value for SSDs and a cached database; with
      the default 4 (spinning disks) the planner hashes whole tables of teams, member units and Party
      organisations to place the 80 co-organisers of a page of activities (7.9 ms; 3.1 ms by index).

    The floor SQL runs under the same settings."""
    jit = "on" if os.environ.get("BENCH_JIT", "").lower() in ("1", "on", "true") else "off"
    page_cost = float(os.environ.get("BENCH_RANDOM_PAGE_COST", "1.1"))
    admin = connect(maintenance_url(url))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'ALTER DATABASE "{database_name(url)}" SET jit = {jit}')
        cursor.execute(f'ALTER DATABASE "{database_name(url)}" SET random_page_cost = {page_cost}')
    admin.close()
    return {"jit": jit, "random_page_cost": page_cost}


def manage(url, *args):
    """``manage.py <args>`` on the bench database, its output shown as it comes (the seed's progress)."""
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=environment(url), check=True)


def ensure(scale, seed=SEED, force=False):
    """Load ``scale`` unless the same load is already there; returns the load's report (seconds, rows...)."""
    url = DATABASES[scale]
    key = {"scale": scale, "seed": seed, "fingerprint": fingerprint()}
    report = None if force else recorded(url)
    if report and report.get("key") == key:
        say(f"== {scale}: reusing {database_name(url)} (loaded {report['loaded_at']}, seed {seed})")
        manage(url, "migrate", "--no-input", "-v0")
        return {**report, "reused": True, "settings": configure(url)}
    say(f"== {scale}: loading {database_name(url)} (seed {seed}, seed code {key['fingerprint']})")
    recreate(url)
    started = time.monotonic()
    manage(url, "migrate", "--no-input", "-v0")
    migrated = time.monotonic() - started
    with tempfile.NamedTemporaryFile(suffix=".json") as summary_file:
        started = time.monotonic()
        manage(url, "seed_wuhan", "--scale", scale, "--seed", str(seed), "--summary", summary_file.name)
        seeded = time.monotonic() - started
        summary = json.loads(open(summary_file.name, encoding="utf-8").read())
    # As autovacuum would have by the time a real database is this size: the visibility map (index-only scans)
    # and the statistics of every table, the change logs written last included. (Autovacuum may be off on a
    # development machine; unvacuumed, the API lists measured 91 instead of 57 ms.)
    vacuum = connect(url)
    vacuum.autocommit = True
    with vacuum.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    vacuum.close()
    connection = connect(url)
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT pg_database_size(current_database()), now()")
        size, now = cursor.fetchone()
        report = {
            "key": key,
            "loaded_at": now.isoformat(timespec="seconds"),
            "migrate_seconds": round(migrated, 1),
            "seed_seconds": round(seeded, 1),
            "seed_seconds_inside": summary["seconds"],
            "seconds_by_app": summary["seconds_by_app"],
            "rows": summary["rows"],
            "rows_per_second": round(summary["rows"] / seeded),
            "counts": summary["counts"],
            "database_mb": round(size / 2**20),
        }
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_load (loaded_at timestamptz NOT NULL, report jsonb NOT NULL)")
        cursor.execute("INSERT INTO bench_load VALUES (now(), %s)", [Json(report)])
    connection.close()
    say(f"== {scale}: {report['rows']:,} rows in {seeded:.0f} s ({report['rows_per_second']:,} rows/s)")
    return {**report, "reused": False, "settings": configure(url)}
