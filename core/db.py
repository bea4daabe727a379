"""Read replica routing: dashboard and indicator reads go to ``replica`` when DATABASE_REPLICA_URL is set;
writes always go to ``default``. Views opt in with ``@read_from_replica`` (or ``with replica_reads():``).

Also the per-connection PostgreSQL settings the app sets itself (``connection_options``): a statement
timeout (a search or filter that would run for minutes is cancelled by the server, which a gunicorn
timeout is not) and JIT off (its compile time dominated our short queries)."""

from __future__ import annotations

import contextvars
import functools
import os
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, ParamSpec, TypeVar

from django.conf import settings

P = ParamSpec("P")
R = TypeVar("R")

_use_replica: contextvars.ContextVar[bool] = contextvars.ContextVar("use_replica", default=False)


@contextmanager
def replica_reads() -> Iterator[None]:
    token = _use_replica.set(True)
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
        if _use_replica.get() and "replica" in settings.DATABASES:
            return "replica"
        return None

    def db_for_write(self, model: type, **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: object, obj2: object, **hints: Any) -> bool:
        return True


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
