"""Kept totals: sums of source rows per key (activities per federation; the survey, rating and activity
counters per federation and month), kept current on every save and delete so that a dashboard reads a small
table instead of counting millions of rows.

A ``KeptTotal`` says it once: the source model, the key its rows are grouped by (table field → expression on
the source), the values each row adds (``rows()`` / ``total()``, each with an optional condition) and the
relations whose change moves the source's rows to another key (``follows``). From that one declaration:

- the live path: on every save and delete the row's contribution is read from the database before the write
  (``pre_save`` / ``pre_delete``, locking the row and the rows its key runs through) and after it, and the
  difference is added with one upsert (``INSERT … ON CONFLICT DO UPDATE SET n = n + EXCLUDED.n``) in the
  write's own transaction: a rollback undoes both, and two writers of the same row never lose a count;
- ``recompute()``: the true totals from the source rows, one GROUP BY, for some keys or all of them;
- ``compare()``, ``reconcile()`` (drift found, reported, optionally rewritten) and ``rebuild()`` (the whole
  table from the source, in the database: INSERT … SELECT).

``QuerySet.update()``, ``bulk_create`` and COPY send no signal: bulk loaders call ``rebuild()`` afterwards,
and the nightly ``core.reconcile_counters`` task checks a sample of keys of every registered total and
reports drift (log warning naming the counter and the keys; Prometheus gauge
``wuhan_fulian_counter_drift_keys``). Outside any transaction (a shell, a script) the row and its counters
are written one after the other, as Django's own save writes a row and its history.
"""

from __future__ import annotations

import logging
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Literal

from celery import shared_task
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections, models, transaction
from django.db.models import Case, Count, F, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save
from prometheus_client.core import REGISTRY, GaugeMetricFamily

logger = logging.getLogger(__name__)

Key = tuple[Any, ...]
Totals = dict[Key, dict[str, int]]


# --- declaring a kept total -------------------------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    """What one source row adds to one column: 1 (``expression`` None) or the expression's value, when
    ``where`` holds (always when it is None or empty)."""

    expression: Any = None
    where: Q | None = None

    def aggregate(self) -> Any:
        where = self.where or None
        if self.expression is None:
            return Count("pk", filter=where)
        return Coalesce(Sum(self.expression, filter=where), Value(0), output_field=models.IntegerField())

    def per_row(self) -> Any:
        one = (
            Value(1)
            if self.expression is None
            else Coalesce(self.expression, Value(0), output_field=models.IntegerField())
        )
        if not self.where:
            return one
        return Case(When(self.where, then=one), default=Value(0), output_field=models.IntegerField())


def rows(where: Q | None = None) -> Tally:
    """Each source row (matching ``where``) adds one."""
    return Tally(None, where)


def total(expression: str | Any, where: Q | None = None) -> Tally:
    """Each source row (matching ``where``) adds ``expression`` (a field name or an expression; NULL adds 0)."""
    return Tally(F(expression) if isinstance(expression, str) else expression, where)


@dataclass(frozen=True, eq=False)
class KeptTotal:
    """Totals of ``source`` rows kept in ``table``, one row per key.

    ``keys``: table field → expression on the source (a lookup path or an expression) giving that key part;
    a source row whose key has a NULL part is not counted. ``values``: table field → ``Tally`` (or a callable
    returning them, for rules read from settings at the time of the write). ``follows``: relation paths of
    the source (``"report"``, ``"report__post"``) whose rows, when saved, may move the source's rows to
    another key. ``table`` needs a unique constraint on the key fields."""

    name: str
    source: str
    table: str
    keys: Mapping[str, str | Any]
    values: Mapping[str, Tally] | Callable[[], Mapping[str, Tally]]
    follows: tuple[str, ...] = ()

    @property
    def source_model(self) -> type[models.Model]:
        return apps.get_model(self.source)

    @property
    def table_model(self) -> type[models.Model]:
        return apps.get_model(self.table)

    def tallies(self) -> Mapping[str, Tally]:
        return self.values() if callable(self.values) else self.values

    @property
    def columns(self) -> list[str]:
        return list(self.tallies())

    def key_expressions(self) -> dict[str, Any]:
        return {f"kept_key_{i}": _expression(e) for i, e in enumerate(self.keys.values())}

    def __repr__(self) -> str:
        return f"<KeptTotal {self.name}>"


def _expression(value: str | Any) -> Any:
    return F(value) if isinstance(value, str) else value


# --- the registry and the live path ------------------------------------------------------------------

_registry: dict[str, KeptTotal] = {}
_watches: dict[type[models.Model], _Watch] = {}
SKIP = object()
BEFORE = "_kept_totals_before"


def register(definition: KeptTotal) -> None:
    """Keep ``definition`` current from now on (call from ``AppConfig.ready()``, once models are loaded)."""
    _registry[definition.name] = definition
    _watch(definition.source_model).sources.append(definition)
    for path in definition.follows:
        related = _related_model(definition.source_model, path)
        _watch(related).follows.append((definition, path))
    _register_collector()


def registered() -> list[KeptTotal]:
    return list(_registry.values())


def get(name: str) -> KeptTotal:
    return _registry[name]


def _related_model(model: type[models.Model], path: str) -> type[models.Model]:
    for part in path.split("__"):
        model = model._meta.get_field(part).related_model
    return model


def _watch(model: type[models.Model]) -> _Watch:
    if model not in _watches:
        _watches[model] = watch = _Watch(model)
        uid = f"kept-totals-{model._meta.label}"
        pre_save.connect(watch.before_save, sender=model, weak=False, dispatch_uid=f"{uid}-pre-save")
        post_save.connect(watch.after_save, sender=model, weak=False, dispatch_uid=f"{uid}-post-save")
        pre_delete.connect(watch.before_delete, sender=model, weak=False, dispatch_uid=f"{uid}-pre-delete")
        post_delete.connect(watch.after_delete, sender=model, weak=False, dispatch_uid=f"{uid}-post-delete")
    return _watches[model]


def _lookups(expression: Any) -> Iterator[str]:
    """The lookup paths an expression (or Q) reads."""
    if isinstance(expression, F):
        yield expression.name
    elif isinstance(expression, Q):
        for child in expression.children:
            if isinstance(child, tuple):
                yield child[0]
                yield from _lookups(child[1])
            else:
                yield from _lookups(child)
    elif isinstance(expression, Tally):
        yield from _lookups(expression.expression)
        yield from _lookups(expression.where)
    elif hasattr(expression, "get_source_expressions"):
        for source in expression.get_source_expressions():
            yield from _lookups(source)
        if getattr(expression, "condition", None) is not None:
            yield from _lookups(expression.condition)


def _fields_read(definition: KeptTotal, prefix: str = "") -> set[str]:
    """Names of the fields of the model at ``prefix`` (the source when empty) that the definition reads."""
    model = _related_model(definition.source_model, prefix) if prefix else definition.source_model
    start = f"{prefix}__" if prefix else ""
    names = set()
    for item in (*definition.keys.values(), *definition.tallies().values()):
        for lookup in _lookups(_expression(item)):
            if lookup.startswith(start):
                part = lookup[len(start) :].split("__")[0]
                names.add(model._meta.pk.name if part == "pk" else model._meta.get_field(part).name)
    return names


class _Watch:
    """The signal receivers of one model: the totals it is the source of, and those it is followed by."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.sources: list[KeptTotal] = []
        self.follows: list[tuple[KeptTotal, str]] = []

    def fields(self) -> set[str]:
        names = set()
        for definition in self.sources:
            names |= _fields_read(definition)
        for definition, path in self.follows:
            names |= _fields_read(definition, path)
        return names

    def _unaffected(self, update_fields: Iterable[str] | None) -> bool:
        if update_fields is None:
            return False
        named = {self.model._meta.get_field(name).name for name in update_fields}
        return not named & self.fields()

    def snapshot(self, pk: Any, using: str, lock: bool, follows: bool = True) -> dict[KeptTotal, Totals]:
        result: dict[KeptTotal, Totals] = {}
        if pk is None:
            return result
        if self.sources:
            result.update(_row_contributions(self.model, self.sources, pk, using, lock))
        if follows and self.follows:
            if lock:
                list(self.model._base_manager.using(using).select_for_update().filter(pk=pk).values_list("pk"))
            for definition, path in self.follows:
                queryset = definition.source_model._base_manager.using(using).filter(**{path: pk})
                result[definition] = _group(definition, queryset)
        return result

    def before_save(self, sender, instance, using, update_fields=None, **kwargs) -> None:
        if self._unaffected(update_fields):
            instance.__dict__[BEFORE] = SKIP
            return
        instance.__dict__[BEFORE] = self.snapshot(instance.pk, using, _in_transaction(using))

    def after_save(self, sender, instance, created, using, **kwargs) -> None:
        before = instance.__dict__.pop(BEFORE, None)
        if before is SKIP:
            return
        after = self.snapshot(instance.pk, using, lock=False, follows=not created)
        _apply_changes(before or {}, after, using)

    def before_delete(self, sender, instance, using, **kwargs) -> None:
        # A followed row cannot be deleted under its source rows (PROTECT) or takes them along (CASCADE, and
        # their own deletes count): only the deleted row's own contributions go.
        instance.__dict__[BEFORE] = self.snapshot(instance.pk, using, _in_transaction(using), follows=False)

    def after_delete(self, sender, instance, using, **kwargs) -> None:
        _apply_changes(instance.__dict__.pop(BEFORE, None) or {}, {}, using)


def _in_transaction(using: str) -> bool:
    connection = connections[using]
    return connection.in_atomic_block and connection.features.has_select_for_update


def _row_contributions(
    model: type[models.Model], definitions: Sequence[KeptTotal], pk: Any, using: str, lock: bool
) -> dict[KeptTotal, Totals]:
    """What the row ``pk`` adds to each of ``definitions``, in one query (locked FOR UPDATE with the rows its
    keys run through when ``lock``)."""
    selected = {}
    for n, definition in enumerate(definitions):
        for i, expression in enumerate(definition.key_expressions().values()):
            selected[f"kept{n}_key_{i}"] = expression
        for column, tally in definition.tallies().items():
            selected[f"kept{n}_value_{column}"] = tally.per_row()
    queryset = model._base_manager.using(using).filter(pk=pk)
    if lock:
        features = connections[using].features
        follows = sorted({path for definition in definitions for path in definition.follows})
        of = ("self", *follows) if features.has_select_for_update_of else ()
        queryset = queryset.select_for_update(of=of)
    found = list(queryset.values(**selected))
    result: dict[KeptTotal, Totals] = {}
    for n, definition in enumerate(definitions):
        result[definition] = {}
        if not found:
            continue
        row = found[0]
        key = tuple(row[f"kept{n}_key_{i}"] for i in range(len(definition.keys)))
        if None not in key:
            result[definition][key] = {column: row[f"kept{n}_value_{column}"] for column in definition.columns}
    return result


def _apply_changes(before: dict[KeptTotal, Totals], after: dict[KeptTotal, Totals], using: str) -> None:
    for definition in sorted(set(before) | set(after), key=lambda d: d.name):
        delta: dict[Key, Counter] = defaultdict(Counter)
        for key, values in after.get(definition, {}).items():
            delta[key].update(values)
        for key, values in before.get(definition, {}).items():
            delta[key].subtract(values)
        changes = {key: dict(values) for key, values in delta.items() if any(values.values())}
        if changes:
            write(definition, changes, "add", using)


# --- writing the table -------------------------------------------------------------------------------


def write(
    definition: KeptTotal, changes: Mapping[Key, Mapping[str, int]], mode: Literal["add", "set"], using: str
) -> None:
    """Add ``changes`` ({key: {column: n}}) to the table (``"add"``), or make them its values (``"set"``):
    one upsert per batch, keys in sorted order (two writers lock the same rows in the same order)."""
    table = definition.table_model
    connection = connections[using]
    quote = connection.ops.quote_name
    key_fields = [table._meta.get_field(name) for name in definition.keys]
    value_fields = [table._meta.get_field(name) for name in definition.columns]
    others, other_params, stamped = _other_columns(table, [*key_fields, *value_fields], connection)
    columns = [field.column for field in (*key_fields, *value_fields)] + others
    name = quote(table._meta.db_table)
    assign = [
        f"{quote(f.column)} = {name}.{quote(f.column)} + EXCLUDED.{quote(f.column)}"
        if mode == "add"
        else f"{quote(f.column)} = EXCLUDED.{quote(f.column)}"
        for f in value_fields
    ] + [f"{quote(column)} = EXCLUDED.{quote(column)}" for column in stamped]
    head = f"INSERT INTO {name} ({', '.join(quote(c) for c in columns)}) VALUES "
    tail = " ON CONFLICT ({}) DO UPDATE SET {}".format(
        ", ".join(quote(field.column) for field in key_fields), ", ".join(assign)
    )
    one = "({})".format(", ".join(["%s"] * len(columns)))
    limit = connection.features.max_query_params or 65535
    batch = max(1, min(500, limit // len(columns)))
    items = sorted(changes.items())
    with connection.cursor() as cursor:
        for start in range(0, len(items), batch):
            chunk = items[start : start + batch]
            params: list[Any] = []
            for key, values in chunk:
                params.extend(f.get_db_prep_save(v, connection) for f, v in zip(key_fields, key, strict=True))
                params.extend(int(values.get(f.name, 0)) for f in value_fields)
                params.extend(other_params)
            cursor.execute(head + ", ".join([one] * len(chunk)) + tail, params)


def _other_columns(table: type[models.Model], written: Sequence[models.Field], connection) -> tuple[list, list, list]:
    """The table's other columns as a new row would hold them (defaults, ``auto_now`` stamps); and which of
    them are stamps to renew on an update too."""
    blank = table()
    names, params, stamped = [], [], []
    for field in table._meta.concrete_fields:
        if field in written or (field.primary_key and isinstance(field, models.AutoField)):
            continue
        names.append(field.column)
        params.append(field.get_db_prep_save(field.pre_save(blank, add=True), connection))
        if getattr(field, "auto_now", False):
            stamped.append(field.column)
    return names, params, stamped


def rebuild(*definitions: KeptTotal, using: str = DEFAULT_DB_ALIAS) -> None:
    """Recompute the tables of ``definitions`` (every registered one when none is given) from their sources,
    in the database (one INSERT … SELECT … GROUP BY each), the tables locked against concurrent counting on
    PostgreSQL. A table all of whose totals are rebuilt is emptied first; otherwise only their columns are
    zeroed."""
    definitions = definitions or tuple(_registry.values())
    by_table: dict[type[models.Model], list[KeptTotal]] = defaultdict(list)
    for definition in definitions:
        by_table[definition.table_model].append(definition)
    with transaction.atomic(using=using):
        for table, group in by_table.items():
            _lock(table, using)
            everyone = {d.name for d in _registry.values() if d.table_model is table}
            if everyone <= {d.name for d in group}:
                table._base_manager.using(using).all().delete()
            else:
                table._base_manager.using(using).update(**{column: 0 for d in group for column in d.columns})
            for definition in group:
                _insert_select(definition, using)


def _insert_select(definition: KeptTotal, using: str) -> None:
    table = definition.table_model
    connection = connections[using]
    quote = connection.ops.quote_name
    grouped = _grouped(definition, definition.source_model._base_manager.using(using).all())
    select, select_params = grouped.query.get_compiler(using=using).as_sql()
    key_fields = [table._meta.get_field(name) for name in definition.keys]
    value_fields = [table._meta.get_field(name) for name in definition.columns]
    others, other_params, stamped = _other_columns(table, [*key_fields, *value_fields], connection)
    picked = [f"s.{quote(f'kept_key_{i}')}" for i in range(len(key_fields))]
    picked += [f"s.{quote(f'kept_value_{f.name}')}" for f in value_fields]
    assign = [f"{quote(c)} = EXCLUDED.{quote(c)}" for c in [f.column for f in value_fields] + stamped]
    sql = (
        f"INSERT INTO {quote(table._meta.db_table)} "
        f"({', '.join(quote(c) for c in [f.column for f in (*key_fields, *value_fields)] + others)}) "
        f"SELECT {', '.join(picked + ['%s'] * len(others))} FROM ({select}) s WHERE 1 = 1 "
        f"ON CONFLICT ({', '.join(quote(f.column) for f in key_fields)}) DO UPDATE SET {', '.join(assign)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*other_params, *select_params])


def _lock(table: type[models.Model], using: str) -> None:
    """On PostgreSQL: no one counts into ``table`` until this transaction ends (reads go on)."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {connection.ops.quote_name(table._meta.db_table)} IN EXCLUSIVE MODE")


# --- recomputing and comparing -----------------------------------------------------------------------


def _grouped(definition: KeptTotal, queryset: models.QuerySet, keys: Iterable[Key] | None = None) -> models.QuerySet:
    expressions = definition.key_expressions()
    queryset = queryset.order_by().annotate(**expressions).filter(**{f"{a}__isnull": False for a in expressions})
    if keys is not None:
        keys = list(keys)
        queryset = queryset.filter(**{f"{a}__in": {key[i] for key in keys} for i, a in enumerate(expressions)})
    aggregates = {f"kept_value_{column}": tally.aggregate() for column, tally in definition.tallies().items()}
    return queryset.values(*expressions).annotate(**aggregates)


def _group(definition: KeptTotal, queryset: models.QuerySet, keys: Iterable[Key] | None = None) -> Totals:
    result: Totals = {}
    for row in _grouped(definition, queryset, keys):
        key = tuple(row[f"kept_key_{i}"] for i in range(len(definition.keys)))
        result[key] = {column: row[f"kept_value_{column}"] or 0 for column in definition.columns}
    return result


def recompute(definition: KeptTotal, keys: Iterable[Key] | None = None, using: str = DEFAULT_DB_ALIAS) -> Totals:
    """The true totals from the source rows (one aggregate query): every key's, or those of ``keys``."""
    wanted = None if keys is None else set(keys)
    if wanted is not None and not wanted:
        return {}
    found = _group(definition, definition.source_model._base_manager.using(using).all(), wanted)
    return found if wanted is None else {key: values for key, values in found.items() if key in wanted}


def kept(definition: KeptTotal, keys: Iterable[Key] | None = None, using: str = DEFAULT_DB_ALIAS) -> Totals:
    """The totals as the table holds them: every key's, or those of ``keys``."""
    wanted = None if keys is None else set(keys)
    names, columns = list(definition.keys), definition.columns
    queryset = definition.table_model._base_manager.using(using).order_by()
    if wanted is not None:
        if not wanted:
            return {}
        queryset = queryset.filter(**{f"{name}__in": {key[i] for key in wanted} for i, name in enumerate(names)})
    result: Totals = {}
    for row in queryset.values_list(*names, *columns):
        key = tuple(row[: len(names)])
        if wanted is None or key in wanted:
            result[key] = dict(zip(columns, row[len(names) :], strict=True))
    return result


@dataclass(frozen=True)
class Drift:
    """A key whose kept total differs from the source's."""

    definition: KeptTotal
    key: Key
    kept: dict[str, int]
    true: dict[str, int]


def compare(definition: KeptTotal, keys: Iterable[Key] | None = None, using: str = DEFAULT_DB_ALIAS) -> list[Drift]:
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


def sample_keys(definition: KeptTotal, size: int, using: str = DEFAULT_DB_ALIAS) -> set[Key]:
    """Up to ``size`` random keys of the table and the keys of up to ``size`` random source rows (a key the
    table lacks is found from the source side)."""
    names = list(definition.keys)
    table = definition.table_model._base_manager.using(using).order_by("?").values_list(*names)[:size]
    expressions = definition.key_expressions()
    source = (
        definition.source_model._base_manager.using(using)
        .annotate(**expressions)
        .filter(**{f"{a}__isnull": False for a in expressions})
        .order_by("?")
        .values_list(*expressions)[:size]
    )
    return {tuple(key) for key in table} | {tuple(key) for key in source}


# --- reconciliation ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reconciliation:
    definition: KeptTotal
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
                _lock(definition.table_model, using)
                drifts = compare(definition, keys, using)
                if drifts:
                    write(definition, {d.key: d.true for d in drifts}, "set", using)
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
