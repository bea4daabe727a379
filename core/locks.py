"""Serialise writes to a tree (NetBox's MPTTLockedMixin): MPTT rewrites lft/rght of many rows on every
insert, move and delete, so two concurrent writers would corrupt them without a lock."""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction

_local_lock = threading.RLock()


def advisory_key(name: str) -> int:
    return zlib.crc32(name.encode()) & 0x7FFFFFFF


@contextmanager
def tree_lock(name: str, using: str = "default") -> Iterator[None]:
    """Hold an exclusive lock named ``name`` until the surrounding transaction ends.

    PostgreSQL: a transaction-scoped advisory lock, shared by every process and machine. Elsewhere
    (SQLite, which already serialises writers) a process-wide lock is enough.
    """
    connection = connections[using]
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [advisory_key(name)])
            yield
        else:
            with _local_lock:
                yield
