"""Baseline history rows: every tracked record has a first ("+", created) history row, so its first edit shows
a field diff instead of a bare "已修改".

Rows written in bulk (the demo seed through ``core.bulk``, ``bulk_create``) bypass simple-history's signals.
``write_baselines`` copies, table by table and in id ranges, every record with no history row yet into its
history table with one ``INSERT … SELECT`` per batch (no model instances, flat memory at the city scale). It
runs at the end of the seed and in a data migration for the rows that already exist; running it again writes
nothing. Works on the live models and on a migration's historical models (it reads only ``_meta``).
"""

from collections.abc import Iterable
from typing import Any

from django.apps import apps as django_apps
from django.db import connections
from django.db.models import Model
from django.utils import timezone

BATCH = 50_000
BASELINE_REASON = "初始记录"
HISTORY_COLUMNS = {"history_id", "history_date", "history_change_reason", "history_type", "history_user"}


def tracked_models(apps: Any, app_labels: Iterable[str] | None = None) -> list[tuple[type[Model], type[Model]]]:
    """[(model, its history model)] for every model with a simple-history table in ``apps`` (the live registry
    or a migration's). Many-to-many history tables (no base model of that name) are left out."""
    pairs = []
    for history in apps.get_models():
        names = {field.name for field in history._meta.concrete_fields}
        if not {"history_id", "history_type", "history_date"} <= names:
            continue
        if not history.__name__.startswith("Historical"):
            continue
        label = history._meta.app_label
        if app_labels is not None and label not in app_labels:
            continue
        base_name = history.__name__[len("Historical") :]
        candidates = [m for m in apps.get_models() if m.__name__ == base_name and m is not history]
        candidates.sort(key=lambda m: m._meta.app_label != label)  # the history's own app first
        base = candidates[0] if candidates else None
        if base is None or not base._meta.managed or base._meta.proxy:
            continue
        pairs.append((base, history))
    return sorted(pairs, key=lambda pair: pair[1]._meta.db_table)


def _statement(base: type[Model], history: type[Model], connection: Any, when: Any) -> tuple[str, list]:
    quote = connection.ops.quote_name
    base_fields = {field.name: field for field in base._meta.concrete_fields}
    targets, sources = [], []
    for field in history._meta.concrete_fields:
        if field.name in HISTORY_COLUMNS or field.name.startswith("history_"):
            continue
        source = base_fields.get(field.name)
        if source is None:
            continue  # a field the base no longer has (a stale migration state): left to its default
        targets.append(quote(field.column))
        sources.append(f"src.{quote(source.column)}")
    created = base_fields.get("created_at")
    date_source = f"src.{quote(created.column)}" if created is not None else "%s"
    targets += [quote(c) for c in ("history_date", "history_type", "history_change_reason", "history_user_id")]
    sources += [date_source, "'+'", "%s", "NULL"]
    pk = quote(base._meta.pk.column)
    history_pk = quote(history._meta.get_field(base._meta.pk.name).column)
    sql = (
        f"INSERT INTO {quote(history._meta.db_table)} ({', '.join(targets)}) "
        f"SELECT {', '.join(sources)} FROM {quote(base._meta.db_table)} src "
        f"WHERE src.{pk} >= %s AND src.{pk} < %s AND NOT EXISTS "
        f"(SELECT 1 FROM {quote(history._meta.db_table)} h WHERE h.{history_pk} = src.{pk}) "
        f"ORDER BY src.{pk}"
    )
    fixed = ([] if created is not None else [when]) + [BASELINE_REASON]
    return sql, fixed


def write_baselines(
    apps: Any = None, using: str = "default", batch: int = BATCH, app_labels: Iterable[str] | None = None
) -> dict[str, int]:
    """Write a baseline history row for every tracked record without one. Returns {history table: rows}."""
    if apps is None:
        apps = django_apps
    connection = connections[using]
    when = timezone.now()
    if connection.vendor == "sqlite":
        when = connection.ops.adapt_datetimefield_value(when)
    written = {}
    for base, history in tracked_models(apps, app_labels):
        if not _integer_pk(base):
            continue
        sql, fixed = _statement(base, history, connection, when)
        bounds = base._base_manager.db_manager(using).order_by().values_list("pk", flat=True)
        low, high = bounds.order_by("pk").first(), bounds.order_by("-pk").first()
        if low is None:
            continue
        total = 0
        with connection.cursor() as cursor:
            for start in range(low, high + 1, batch):
                cursor.execute(sql, [*fixed, start, start + batch])
                total += max(cursor.rowcount, 0)
        if total:
            written[history._meta.db_table] = total
    return written


def _integer_pk(model: type[Model]) -> bool:
    pk = model._meta.pk
    if pk.is_relation:
        pk = pk.target_field
    return pk.get_internal_type() in {"AutoField", "BigAutoField", "IntegerField", "BigIntegerField", "SmallAutoField"}
