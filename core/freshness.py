"""Figures that move only when records are written, cached until the next such write.

A dashboard reads two kinds of figures. Flows (activities, survey answers, duty ratings per month) come from
the kept subtree totals (core/counters) and are read live. States read at the period's end (sitting cadres
and their public profiles, Women's Homes, clusters, regionalised federations, member units), the gap list
and the trained share are counted over the whole subtree: at the city root that is 127,000 posts and 23,000
federations for every request, to answer figures that change a few times a day. Those are computed once
and kept in the cache under the current **data generation**, a number that every committed write to any
table outside ``FLOW_TABLES`` moves on:

- The writes are seen where every write passes, the database connection (an execute wrapper installed on
  every connection: an ``INSERT``/``UPDATE``/``DELETE`` names its table first), so a model's ``save()``, a
  ``QuerySet.update()``, a ``bulk_create``, an import or raw SQL all count; a new model counts from the day
  it is added, unless it is declared a flow here.
- The generation moves after the write's transaction commits (``on_commit``; at once outside a
  transaction), in a statement of its own, so no writer holds the generation's row while it waits for another
  lock. A reader that read the old generation while the write was committing computed from the committed
  rows or from older ones; in both cases the next reader asks for the new generation and recomputes. So a
  write is in the next read: nothing stays stale after the writer's response.
- Inside a transaction that has written a state table and not committed, ``cached()`` computes without the
  cache: the writer sees her own write, and the uncommitted figures are never stored.
- The generation is read through the router like the figures themselves, so a page served by the standby
  reads the standby's generation with the standby's rows.

``FLOW_TABLES`` lists the tables written on the hot paths (an activity, a survey answer, a login) that no
cached figure reads: writing them does not move the generation. ``tests/evaluations/test_freshness.py``
runs every cached computation and fails if one reads a flow table, so a figure that starts reading one
cannot be served stale.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.apps import apps
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, router, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created

T = TypeVar("T")

GENERATION_MODEL = "organizations.DataGeneration"
GENERATION_TABLE = "core_data_generation"
# Cached figures expire after this many seconds even without a write (a bound on memory, not on freshness).
TIMEOUT = 3600

# Written on hot paths and read by no cached figure (checked by tests/evaluations/test_freshness.py).
FLOW_TABLES = frozenset(
    {
        GENERATION_TABLE,
        "django_migrations",
        "django_content_type",
        "auth_permission",
        # activities and their parts, the kept per-federation totals, reminders
        "activities_activity",
        "activities_activity_radiated_to",
        "activities_activitycount",
        "activities_activityphoto",
        "activities_activityreach",
        "activities_coorganizer",
        "activities_reminder",
        # survey answers, duty reports and ratings, and the monthly totals kept from them
        "evaluations_surveyresponse",
        "evaluations_surveyanswer",
        "evaluations_monthlystat",
        "evaluations_subtreemonthlystat",
        "evaluations_indicatorsnapshot",
        "cadres_dutyreport",
        "cadres_dutyreportreview",
        "cadres_womenrating",
        "cadres_personaldataaccess",
        "cadres_importjob",
        # accounts, sign-ins, sessions, messages, logs
        "accounts_user",
        "accounts_message",
        "accounts_messagedelivery",
        "authtoken_token",
        "django_session",
        "django_admin_log",
        "axes_accessattempt",
        "axes_accessattemptexpiration",
        "axes_accessfailurelog",
        "axes_accesslog",
    }
)
# History rows (django-simple-history) record writes; nothing cached reads them.
FLOW_PATTERN = re.compile(r"^[a-z_]+_historical[a-z_]+$")

# The table a write statement changes: the first name after INSERT INTO / UPDATE / DELETE FROM (quoted or
# not, as Django and psycopg write them).
WRITE = re.compile(r'^\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+["`]?([A-Za-z0-9_]+)', re.IGNORECASE)


def is_flow(table: str) -> bool:
    return table in FLOW_TABLES or bool(FLOW_PATTERN.match(table))


def written_table(sql: str) -> str | None:
    """The table ``sql`` writes, or None for a read (or a statement that is not a row write)."""
    match = WRITE.match(sql)
    return match.group(1).lower() if match else None


def _bump() -> None:
    """Move the generation on (after the write's commit, in a statement of its own). Before the table exists
    (``migrate`` writes content types and permissions first) there is nothing cached to move on."""
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            # An upsert: a test database flushed between tests has lost the migration's row.
            cursor.execute(
                f"INSERT INTO {GENERATION_TABLE} (id, value) VALUES (1, %s) "  # noqa: S608 - constants only
                f"ON CONFLICT (id) DO UPDATE SET value = {GENERATION_TABLE}.value + 1",
                [first_generation()],
            )
    except DatabaseError:
        if GENERATION_TABLE in connections[DEFAULT_DB_ALIAS].introspection.table_names():
            raise


def _pending(connection: BaseDatabaseWrapper) -> bool:
    """This connection's open transaction has written a state table: its commit will move the generation.
    (Django drops the callbacks of a rolled-back transaction or savepoint, so a rollback clears it.)"""
    return any(callback is _bump for _sids, callback, _robust in connection.run_on_commit)


def wrote(connection: BaseDatabaseWrapper, table: str) -> None:
    """``table`` was written on ``connection``: unless it is a flow, the generation moves when the write
    commits. Called by the execute wrapper, and by writers that bypass it (COPY in core/bulk.py)."""
    if is_flow(table) or connection.alias != DEFAULT_DB_ALIAS:
        return
    if not connection.in_atomic_block:
        _bump()
    elif not _pending(connection):
        transaction.on_commit(_bump, using=connection.alias)


def _watch(execute: Callable[..., Any], sql: str, params: Any, many: bool, context: dict[str, Any]) -> Any:
    result = execute(sql, params, many, context)
    table = written_table(sql)
    if table is not None:
        wrote(context["connection"], table)
    return result


def watch_connection(sender: Any, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """``connection_created`` receiver: every new connection reports its writes."""
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def install() -> None:
    """Connected once (wuhan_fulian's AppConfig.ready); connections opened before are wrapped too."""
    connection_created.connect(watch_connection, dispatch_uid="core.freshness")
    for connection in connections.all(initialized_only=True):
        watch_connection(None, connection)


def first_generation() -> int:
    """A new row starts at a random number, so that a database made again (a test database flushed, a
    restore) does not repeat the generations of the one before it under the same cache."""
    return secrets.randbelow(2**52)


def generation() -> int | None:
    """The current data generation, read where the figures are read (the standby inside ``replica_reads``);
    None while the row is missing (nothing is cached then)."""
    model = apps.get_model(GENERATION_MODEL)
    return model.objects.using(router.db_for_read(model)).filter(pk=1).values_list("value", flat=True).first()


_epoch = [0]


def forget() -> None:
    """Stop using what this process has cached (the test runner calls it before each test: a flushed or
    rolled-back database can repeat a generation with other rows)."""
    _epoch[0] += 1


def cache_key(name: str, key: Hashable) -> str | None:
    """The cache key of ``name``'s value for ``key`` under the current generation, or None where nothing may
    be cached (this transaction has uncommitted state writes, or the generation row is missing)."""
    if _pending(connections[DEFAULT_DB_ALIAS]):
        return None
    current = generation()
    if current is None:
        return None
    digest = hashlib.sha1(repr(key).encode(), usedforsecurity=False).hexdigest()
    return f"fresh:{_epoch[0]}:{name}:{current}:{digest}"


def cached(name: str, key: Hashable, compute: Callable[[], T], timeout: int = TIMEOUT) -> T:
    """``compute()``'s result, kept until the next write to a state table: ``name`` says what it is, ``key``
    its arguments (reprs of ids, dates, settings). Computed without the cache while this transaction has
    uncommitted state writes."""
    cache_key_ = cache_key(name, key)
    if cache_key_ is None:
        return compute()
    found = cache.get(cache_key_)
    if found is not None:
        return found
    value = compute()
    cache.set(cache_key_, value, timeout)
    return value
