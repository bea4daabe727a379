"""Finding drift: the kept totals compared with a recomputation, for a sample of keys or all of them;
reported (log, Prometheus gauges on /metrics) and optionally rewritten; the nightly task."""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections, transaction
from prometheus_client.core import REGISTRY, GaugeMetricFamily

from .definition import KeptTotal, Key, kept, recompute
from .live import lock_table, registered, write
from .subtree import SubtreeTotal

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Drift:
    """A key whose kept total differs from the source's."""

    definition: KeptTotal | SubtreeTotal
    key: Key
    kept: dict[str, int]
    true: dict[str, int]


def compare(
    definition: KeptTotal | SubtreeTotal, keys: Iterable[Key] | None = None, using: str = DEFAULT_DB_ALIAS
) -> list[Drift]:
    """The drifted keys among ``keys`` (all when None). A key missing from one side counts as zeros."""
    keys = None if keys is None else set(keys)
    with _one_snapshot(using):
        true, have = recompute(definition, keys, using), kept(definition, keys, using)
    zero = dict.fromkeys(definition.columns, 0)
    drifts = []
    for key in sorted(set(true) | set(have)):
        now, right = {**zero, **have.get(key, {})}, {**zero, **true.get(key, {})}
        if now != right:
            drifts.append(Drift(definition, key, now, right))
    return drifts


@contextmanager
def _one_snapshot(using: str) -> Iterator[None]:
    """The kept totals and the source read as of one moment (PostgreSQL REPEATABLE READ), so a write
    committed between the two reads is not taken for drift."""
    connection = connections[using]
    if connection.in_atomic_block:
        yield
        return
    with transaction.atomic(using=using):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def sample_keys(definition: KeptTotal | SubtreeTotal, size: int, using: str = DEFAULT_DB_ALIAS) -> set[Key]:
    """Up to ``size`` random keys of the table and the keys of up to ``size`` random source rows (a key the
    table lacks is found from the source side)."""
    names = list(definition.keys)
    table = definition.table_model._base_manager.using(using).order_by("?").values_list(*names)[:size]
    if isinstance(definition, SubtreeTotal):  # and the rows of the nodes that have the bases' sampled keys
        found = {tuple(key) for key in table}
        for base in definition.bases:
            found |= set(definition.spread(dict.fromkeys(sample_keys(base, size, using), {}), using))
        return found
    expressions = definition.key_expressions()
    source = (
        definition.source_model._base_manager.using(using)
        .annotate(**expressions)
        .filter(**{f"{a}__isnull": False for a in expressions})
        .order_by("?")
        .values_list(*expressions)[:size]
    )
    return {tuple(key) for key in table} | {tuple(key) for key in source}


def _difference(drift: Drift) -> dict[str, int]:
    return {column: drift.true[column] - drift.kept[column] for column in drift.true}


@dataclass(frozen=True)
class Reconciliation:
    definition: KeptTotal | SubtreeTotal
    checked: int | None  # None: every key
    drifts: list[Drift]
    repaired: bool


def reconcile(
    definitions: Iterable[KeptTotal] | None = None,
    sample: int | None = None,
    repair: bool = False,
    using: str = DEFAULT_DB_ALIAS,
) -> list[Reconciliation]:
    """Compare ``sample`` random keys (every key when None) of each total with a recomputation; log and
    record the drift (for /metrics); with ``repair`` rewrite the drifted keys with the true totals (the
    table locked meanwhile on PostgreSQL, so no write slips between the recount and the repair)."""
    results = []
    for definition in definitions or registered():
        keys = None if sample is None else sample_keys(definition, sample, using)
        if repair:
            with transaction.atomic(using=using):
                lock_table(definition.table_model, using)
                drifts = compare(definition, keys, using)
                if drifts:
                    # The difference added (the table is locked, so as good as set): a subtree total fed
                    # by this one takes the repair too.
                    write(definition, {d.key: _difference(d) for d in drifts}, "add", using)
        else:
            drifts = compare(definition, keys, using)
        if drifts:
            logger.warning(
                "counter drift: %s, %d key(s)%s: %s",
                definition.name,
                len(drifts),
                " repaired" if repair else "",
                ", ".join(str(d.key) for d in drifts[:20]) + (" …" if len(drifts) > 20 else ""),
            )
        results.append(Reconciliation(definition, None if keys is None else len(keys), drifts, repair))
    _record(results)
    return results


METRICS_CACHE_KEY = "core:counters:reconciliation"


def _record(results: Sequence[Reconciliation]) -> None:
    """Keep the last result per counter where the web process's /metrics reads it (workers are other
    processes; the cache is Redis in production)."""
    try:
        recorded = cache.get(METRICS_CACHE_KEY) or {}
        for result in results:
            recorded[result.definition.name] = {
                "drifted": 0 if result.repaired else len(result.drifts),
                "found": len(result.drifts),
                "checked": result.checked,
                "at": time.time(),
            }
        cache.set(METRICS_CACHE_KEY, recorded, timeout=None)
    except Exception:  # noqa: BLE001 - metrics must never fail the reconciliation
        logger.exception("could not record the counter reconciliation")


class DriftCollector:
    """``wuhan_fulian_counter_drift_keys{counter}``: keys left drifted by the last reconciliation;
    ``…_found_keys``: drifted keys it found (repaired or not); ``…_reconciled_timestamp_seconds``."""

    def collect(self) -> Iterator[Any]:
        try:
            recorded = cache.get(METRICS_CACHE_KEY) or {}
        except Exception:  # noqa: BLE001
            recorded = {}
        drifted = GaugeMetricFamily(
            "wuhan_fulian_counter_drift_keys", "Keys whose kept total differs from its source", labels=["counter"]
        )
        found = GaugeMetricFamily(
            "wuhan_fulian_counter_drift_found_keys", "Drifted keys found by the last check", labels=["counter"]
        )
        when = GaugeMetricFamily(
            "wuhan_fulian_counter_reconciled_timestamp_seconds", "When the counter was last checked", labels=["counter"]
        )
        for name, result in sorted(recorded.items()):
            drifted.add_metric([name], result["drifted"])
            found.add_metric([name], result["found"])
            when.add_metric([name], result["at"])
        yield from (drifted, found, when)


_collector: DriftCollector | None = None


def _register_collector() -> None:
    global _collector
    if _collector is None:
        _collector = DriftCollector()
        REGISTRY.register(_collector)


@shared_task(
    name="core.reconcile_counters",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=600,
    max_retries=5,
    acks_late=True,
)
def reconcile_counters() -> dict[str, int]:
    """Nightly: a sample of every kept total's keys (``COUNTERS_RECONCILE_SAMPLE``; 0 for every key)
    recomputed and compared; drift repaired too with ``COUNTERS_RECONCILE_REPAIR``. Answers the drifted
    keys found per counter."""
    size = getattr(settings, "COUNTERS_RECONCILE_SAMPLE", 500)
    repair = getattr(settings, "COUNTERS_RECONCILE_REPAIR", False)
    results = reconcile(sample=size or None, repair=repair)
    return {result.definition.name: len(result.drifts) for result in results}


_register_collector()
