"""Read replica routing: dashboard and indicator reads go to ``replica`` when DATABASE_REPLICA_URL is set;
writes always go to ``default``. Views opt in with ``@read_from_replica`` (or ``with replica_reads():``)."""

import contextvars
import functools
from contextlib import contextmanager

from django.conf import settings

_use_replica = contextvars.ContextVar("use_replica", default=False)


@contextmanager
def replica_reads():
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


def read_from_replica(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        with replica_reads():
            return view(*args, **kwargs)

    return wrapped


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if _use_replica.get() and "replica" in settings.DATABASES:
            return "replica"
        return None

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True
