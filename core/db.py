"""Read replica routing: dashboard and indicator reads go to ``replica`` when DATABASE_REPLICA_URL is set;
writes always go to ``default``. Views opt in with ``@read_from_replica`` (or ``with replica_reads():``).
Such reads still go to the primary when the standby is down or lags beyond REPLICA_MAX_LAG_BYTES /
REPLICA_MAX_LAG_SECONDS (checked at most once a second per process), and for a user until the standby has
replayed her last write (read-your-writes: the WAL position after her write, REPLICA_READ_YOUR_WRITES_SECONDS
at most).

Also the per-connection PostgreSQL settings the app sets itself (``connection_options``): a statement
timeout (a search or filter that would run for minutes is cancelled by the server, which a gunicorn
timeout is not) and JIT off (its compile time dominated our short queries)."""

from __future__ import annotations

import contextvars
import functools
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from prometheus_client import Counter
from prometheus_client.core import GaugeMetricFamily

P = ParamSpec("P")
R = TypeVar("R")
REPLICA = "replica"
logger = logging.getLogger(__name__)

# True inside a replica_reads() block whose reads may go to the replica (decided once, on entering it).
_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("use_replica", default=False)
# The request being served (ReadYourWritesMiddleware): whose recent write pins her reads to the primary.
_request: contextvars.ContextVar[Any] = contextvars.ContextVar("db_request", default=None)

READS = Counter("wuhan_fulian_db_reads", "Reads routed by the replica router, by database", ["database"])
# The primary's child, looked up once: ``labels()`` takes a lock and builds a key on every call, and the router
# is asked for every related manager a serializer touches (100 times for a list of 50 activities).
READS_PRIMARY = READS.labels(DEFAULT_DB_ALIAS)


def lsn_to_int(lsn: str | None) -> int | None:
    """A PostgreSQL LSN (``16/B374D848``) as a byte position."""
    if not lsn:
        return None
    high, low = lsn.split("/")
    return (int(high, 16) << 32) + int(low, 16)


@dataclass(frozen=True)
class ReplicaStatus:
    """The standby as last checked: up, how far behind (bytes behind the primary's WAL position; seconds
    since the last replayed commit while WAL is waiting to be replayed), and the position it has replayed."""

    up: bool
    standby: bool = False
    replay_lsn: int | None = None
    lag_bytes: int | None = None
    lag_seconds: float | None = None
    paused: bool = False
    error: str = ""

    @property
    def lagging(self) -> bool:
        too_far = self.lag_bytes is not None and self.lag_bytes > settings.REPLICA_MAX_LAG_BYTES
        too_late = self.lag_seconds is not None and self.lag_seconds > settings.REPLICA_MAX_LAG_SECONDS
        return too_far or too_late

    @property
    def usable(self) -> bool:
        return self.up and not self.lagging

    def as_dict(self) -> dict[str, Any]:
        state = "down" if not self.up else "lagging" if self.lagging else "ok"
        return {
            "status": state,
            "lag_bytes": self.lag_bytes,
            "lag_seconds": None if self.lag_seconds is None else round(self.lag_seconds, 3),
            "replay_paused": self.paused,
            **({"error": self.error} if self.error else {}),
        }


_status_lock = threading.Lock()
_status: tuple[float, ReplicaStatus] | None = None

STANDBY_QUERY = """
    SELECT pg_is_in_recovery(), pg_last_wal_replay_lsn()::text,
           CASE WHEN pg_last_wal_receive_lsn() IS NULL OR pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn()
                THEN 0 ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END,
           CASE WHEN pg_is_in_recovery() THEN pg_is_wal_replay_paused() ELSE false END
"""


def _check_replica() -> ReplicaStatus:
    replica = connections[REPLICA]
    if replica.vendor != "postgresql":
        return ReplicaStatus(up=True)
    try:
        with replica.cursor() as cursor:
            cursor.execute(STANDBY_QUERY)
            standby, replay, seconds, paused = cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - a standby that does not answer is down, never a user's error
        replica.close()
        return ReplicaStatus(up=False, error=exc.__class__.__name__)
    if not standby:  # a plain database standing in for one: nothing to measure
        return ReplicaStatus(up=True)
    replay_lsn = lsn_to_int(replay)
    lag_bytes = None
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            primary_lsn = lsn_to_int(cursor.fetchone()[0])
        if primary_lsn is not None and replay_lsn is not None:
            lag_bytes = max(0, primary_lsn - replay_lsn)
    except Exception:  # noqa: BLE001
        logger.warning("could not read the primary's WAL position", exc_info=True)
    return ReplicaStatus(
        up=True,
        standby=True,
        replay_lsn=replay_lsn,
        lag_bytes=lag_bytes,
        lag_seconds=float(seconds or 0),
        paused=bool(paused),
    )


def replica_status(fresh: bool = False) -> ReplicaStatus | None:
    """The standby's state, checked at most once per ``REPLICA_STATUS_TTL`` seconds per process (not per
    statement); None without a replica."""
    global _status
    if REPLICA not in settings.DATABASES:
        return None
    with _status_lock:
        now = time.monotonic()
        if fresh or _status is None or now - _status[0] >= settings.REPLICA_STATUS_TTL:
            _status = (now, _check_replica())
        return _status[1]


def forget_replica_status() -> None:
    global _status
    with _status_lock:
        _status = None


# --- Read-your-writes ----------------------------------------------------------------------------------


def _written_key(user_id: Any) -> str:
    return f"core:db:written:{user_id}"


def remember_write(user: Any) -> None:
    """After ``user``'s write committed: the primary's WAL position now, kept for at most
    ``REPLICA_READ_YOUR_WRITES_SECONDS``; until the standby has replayed it her reads go to the primary."""
    if REPLICA not in settings.DATABASES or not getattr(user, "is_authenticated", False):
        return
    lsn = None
    primary = connections[DEFAULT_DB_ALIAS]
    if primary.vendor == "postgresql" and connections[REPLICA].vendor == "postgresql":
        with primary.cursor() as cursor:
            cursor.execute("SELECT pg_current_wal_lsn()::text")
            lsn = lsn_to_int(cursor.fetchone()[0])
    cache.set(_written_key(user.pk), {"lsn": lsn, "at": time.time()}, timeout=settings.REPLICA_READ_YOUR_WRITES_SECONDS)


def replayed_her_writes(user: Any, status: ReplicaStatus) -> bool:
    """Whether the standby has replayed the user's last write (True when she wrote nothing lately)."""
    if not getattr(user, "is_authenticated", False):
        return True
    written = cache.get(_written_key(user.pk))
    if written is None:
        return True
    return written["lsn"] is not None and status.replay_lsn is not None and status.replay_lsn >= written["lsn"]


def replica_usable() -> bool:
    """Reads may go to the replica now: it is configured, up, not lagging beyond the settings, and has
    replayed the current user's last write."""
    status = replica_status()
    if status is None or not status.usable:
        return False
    request = _request.get()
    return request is None or replayed_her_writes(getattr(request, "user", None), status)


SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}


class ReadYourWritesMiddleware:
    """Keeps the request for the router (her recent writes pin her reads to the primary) and, after a
    request that may have written (any method but GET/HEAD/OPTIONS/TRACE), the WAL position of her write."""

    def __init__(self, get_response: Callable[[Any], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: Any) -> Any:
        if REPLICA not in settings.DATABASES:
            return self.get_response(request)
        token = _request.set(request)
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        if request.method not in SAFE_METHODS and response.status_code < 400:
            try:
                remember_write(getattr(request, "user", None))
            except Exception:  # noqa: BLE001 - her write succeeded; at worst she reads a second-old figure
                logger.warning("could not remember a write for read-your-writes", exc_info=True)
        return response


# --- Routing -------------------------------------------------------------------------------------------


@contextmanager
def replica_reads() -> Iterator[None]:
    """Reads in this block go to the replica when it is usable (decided once, on entering the block, so one
    page reads one database)."""
    token = _use_replica.set(REPLICA in settings.DATABASES and replica_usable())
    try:
        yield
    finally:
        _use_replica.reset(token)


def read_from_replica(view: Callable[P, R]) -> Callable[P, R]:
    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped


class ReplicaRouter:
    def db_for_read(self, model: type, **hints: Any) -> str | None:
        if _use_replica.get():
            READS.labels(REPLICA).inc()
            return REPLICA
        READS_PRIMARY.inc()
        return None

    def db_for_write(self, model: type, **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1: object, obj2: object, **hints: Any) -> bool:
        return True


class ReplicaCollector:
    """``wuhan_fulian_replica_up``, ``…_lag_bytes``, ``…_lag_seconds``, ``…_replay_paused`` (no samples
    without a replica)."""

    def collect(self) -> Iterator[Any]:
        status = replica_status()
        families = {
            "up": GaugeMetricFamily("wuhan_fulian_replica_up", "The read replica answers (1) or not (0)"),
            "lag_bytes": GaugeMetricFamily("wuhan_fulian_replica_lag_bytes", "WAL bytes the replica has not replayed"),
            "lag_seconds": GaugeMetricFamily(
                "wuhan_fulian_replica_lag_seconds", "Seconds since the replica's last replayed commit, while behind"
            ),
            "usable": GaugeMetricFamily(
                "wuhan_fulian_replica_in_use", "Reads go to the replica (1) or fall back to the primary (0)"
            ),
        }
        if status is not None:
            families["up"].add_metric([], int(status.up))
            families["usable"].add_metric([], int(status.usable))
            if status.lag_bytes is not None:
                families["lag_bytes"].add_metric([], status.lag_bytes)
            if status.lag_seconds is not None:
                families["lag_seconds"].add_metric([], status.lag_seconds)
        yield from families.values()


# Processes that run long statements on purpose (COPY, CREATE INDEX, rebuilds): any management command but
# the development server, Celery workers and beat, and the bench scripts (python -m bench.*).
WEB_COMMANDS = {"runserver", "runserver_plus", "testserver"}


def is_job_process(argv: Sequence[str]) -> bool:
    if not argv:
        return False
    program = os.path.basename(argv[0])
    if program in ("manage.py", "django-admin", "django-admin.py"):
        return len(argv) > 1 and argv[1] not in WEB_COMMANDS
    folder = os.path.basename(os.path.dirname(os.path.abspath(argv[0])))
    if program == "celery" or (program == "__main__.py" and folder == "celery"):
        return True
    return folder == "bench"


def statement_timeout_ms(argv: Sequence[str], web: int, job: int) -> int:
    """The statement timeout for this process: ``job`` for commands, workers and the bench, ``web`` else."""
    return job if is_job_process(argv) else web


def connection_options(timeout_ms: int | str, existing: str = "") -> str:
    """libpq ``options`` for a PostgreSQL connection: set at connect time, no extra round trip."""
    ours = f"-c statement_timeout={int(timeout_ms)} -c jit=off"
    # Applied again (test settings over the base ones): ours replace the earlier ones.
    existing = re.sub(r"\s*-c (statement_timeout=\d+|jit=off)", "", existing)
    return f"{existing} {ours}".strip()


QUERY_CANCELED = "57014"


def is_statement_timeout(exc: BaseException | None) -> bool:
    """Whether a database error is PostgreSQL cancelling a statement (statement_timeout or a cancel
    request); also the plain message for errors raised without a driver cause."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if getattr(exc, "pgcode", None) == QUERY_CANCELED or getattr(exc, "sqlstate", None) == QUERY_CANCELED:
            return True
        if "canceling statement due to statement timeout" in str(exc):
            return True
        exc = exc.__cause__ or exc.__context__
    return False
