"""A fingerprint of what the demo seed wrote: per table, the row count and a SHA-256 of its rows in primary-key
order, read back raw (as the database stores them), so that moving or rewriting the seed code can be checked
row for row against what it produced before."""

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


def project_models():
    models = [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.app_label in PROJECT_APPS and model._meta.managed and not model._meta.proxy
    ]
    return sorted(models, key=lambda model: model._meta.db_table)


def restart_ids():
    """Number new rows from the lowest free id again: a test that committed and flushed rows before this one
    leaves SQLite's counters (sqlite_sequence) past them, and the recorded rows start where a fresh database
    starts. Tables with rows keep going after their highest id."""
    sequences = [{"table": model._meta.db_table, "column": model._meta.pk.column} for model in project_models()]
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_by_name_sql(no_style(), sequences):
            cursor.execute(statement)


def take(columns_of=None):
    """{table: {"rows": count, "sha256": digest, "columns": [...]}} for every non-empty project table.

    ``columns_of`` ({table: [column, ...]}, from an earlier snapshot) restricts each table to the columns it had
    then, so a column added since (another change) does not hide whether the old ones are still identical."""
    quote = connection.ops.quote_name
    found = {}
    with connection.cursor() as cursor:
        for model in project_models():
            table = model._meta.db_table
            columns = sorted(f.column for f in model._meta.local_concrete_fields if f.column not in VARYING_COLUMNS)
            if columns_of and table in columns_of:
                columns = [c for c in columns_of[table] if c in columns]
            cursor.execute(
                "SELECT {} FROM {} ORDER BY {}".format(
                    ", ".join(quote(c) for c in columns), quote(table), quote(model._meta.pk.column)
                )
            )
            digest = hashlib.sha256()
            count = 0
            for row in cursor.fetchall():
                digest.update(json.dumps(row, ensure_ascii=False, default=str).encode())
                digest.update(b"\n")
                count += 1
            if count:
                found[table] = {"rows": count, "sha256": digest.hexdigest(), "columns": columns}
    return found
