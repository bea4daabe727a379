"""A fingerprint of what the demo seed wrote: per table, the row count and a SHA-256 of its rows in primary-key
order, so that moving or rewriting the seed code can be checked row for row against what it produced before.
Rows are read through the ORM and each value spelled one way (datetimes in UTC, decimals to their places), so
the same fingerprint holds on SQLite and on PostgreSQL."""

import datetime
import decimal
import hashlib
import json

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection

# The project's apps: their tables (with the history and many-to-many tables) are what the seed fills. Django's
# and the libraries' tables (content types, permissions, migrations) depend on the model set, not on the seed.
PROJECT_APPS = {"core", "accounts", "organizations", "cadres", "venues", "activities", "evaluations", "wuhan_fulian"}

# Values that differ from one run to the next whatever the seed does: when a row was written (now), salted
# password hashes and random tokens (a survey's public link).
VARYING_COLUMNS = {"created_at", "updated_at", "history_date", "password", "date_joined", "last_login", "token"}
# Derived tables rebuilt in the order a GROUP BY returns (the database's choice): compared in the order of their
# natural key, without the surrogate id.
NATURAL_ORDER = {
    "evaluations_monthlystat": ("federation_id", "month"),
    "evaluations_subtreemonthlystat": ("federation_id", "month"),
}


# Not the seed's rows: the data generation (core/freshness.py) is a random number moved by every write.
NOT_SEEDED = {"core_data_generation"}


def project_models():
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in PROJECT_APPS
        and model._meta.managed
        and not model._meta.proxy
        and model._meta.db_table not in NOT_SEEDED
    ]
    return sorted(models, key=lambda model: model._meta.db_table)


def restart_ids():
    """Number new rows from the lowest free id again: tests before this one leave the id counters past rows
    they made (PostgreSQL's sequences ignore a rollback; SQLite's sqlite_sequence survives a flush), and the
    recorded rows start where a fresh database starts. Tables with rows go on after their highest id."""
    models = project_models()
    if connection.vendor == "sqlite":
        sequences = [{"table": model._meta.db_table, "column": model._meta.pk.column} for model in models]
        statements = connection.ops.sequence_reset_by_name_sql(no_style(), sequences)
    else:
        statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def spelled(value, field):
    """One value as the fingerprint spells it, whatever the database returned."""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value.quantize(decimal.Decimal(1).scaleb(-field.decimal_places)))
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def take(columns_of=None):
    """{table: {"rows": count, "sha256": digest, "columns": [...]}} for every non-empty project table.

    ``columns_of`` ({table: [column, ...]}, from an earlier snapshot) restricts each table to the columns it had
    then, so a column added since (another change) does not hide whether the old ones are still identical."""
    found = {}
    for model in project_models():
        table = model._meta.db_table
        order = NATURAL_ORDER.get(table)
        by_column = {
            f.column: f
            for f in model._meta.local_concrete_fields
            if f.column not in VARYING_COLUMNS and not (order and f.primary_key)
        }
        columns = sorted(by_column)
        if columns_of and table in columns_of:
            columns = [c for c in columns_of[table] if c in by_column]
        fields = [by_column[c] for c in columns]
        rows = model._base_manager.order_by(*(order or ["pk"])).values_list(*[f.attname for f in fields])
        digest = hashlib.sha256()
        count = 0
        for row in rows.iterator(chunk_size=20_000):
            values = [spelled(value, field) for value, field in zip(row, fields, strict=True)]
            digest.update(json.dumps(values, ensure_ascii=False).encode())
            digest.update(b"\n")
            count += 1
        if count:
            found[table] = {"rows": count, "sha256": digest.hexdigest(), "columns": columns}
    return found
