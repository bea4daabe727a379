"""A backup restored into a fresh database holds every record and every history row."""

import os
import sqlite3
import subprocess
import uuid

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from wuhan_fulian.backups import restore


def _counts_here():
    return {m._meta.db_table: m._default_manager.count() for m in apps.get_models() if m._meta.managed}


def _edit_some(tree, users):
    for i, fed in enumerate([tree.s1, tree.s2, tree.s1c1]):
        fed.phone = f"027-{i}"
        fed.save()


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_keep_every_record_and_history_row(tree, users, tmp_path):
    # given: records and their history
    _edit_some(tree, users)
    expected = _counts_here()
    assert expected["organizations_historicalfederation"] >= 14
    backup_path = tmp_path / "backup.bin"
    # when
    call_command("backup", output=str(backup_path))
    if connection.vendor == "postgresql":
        name = f"wf_restore_{uuid.uuid4().hex[:8]}"
        settings_dict = dict(connection.settings_dict, NAME=name)
        subprocess.run(
            [
                "psql",
                "-h",
                settings_dict["HOST"] or "127.0.0.1",
                "-U",
                settings_dict["USER"] or "postgres",
                "-qc",
                f"CREATE DATABASE {name}",
            ],
            check=True,
            env=dict(os.environ),
        )
        try:
            restore(backup_path, settings_dict)
            import psycopg2

            with (
                psycopg2.connect(
                    host=settings_dict["HOST"] or "127.0.0.1",
                    user=settings_dict["USER"] or "postgres",
                    port=settings_dict["PORT"] or 5432,
                    dbname=name,
                ) as conn,
                conn.cursor() as cursor,
            ):
                restored = {}
                for table in expected:
                    cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
                    restored[table] = cursor.fetchone()[0]
        finally:
            subprocess.run(
                [
                    "psql",
                    "-h",
                    settings_dict["HOST"] or "127.0.0.1",
                    "-U",
                    settings_dict["USER"] or "postgres",
                    "-qc",
                    f"DROP DATABASE IF EXISTS {name}",
                ],
                check=False,
            )
    else:
        target = tmp_path / "restored.sqlite3"
        restore(backup_path, {"ENGINE": "django.db.backends.sqlite3", "NAME": str(target)})
        with sqlite3.connect(target) as conn:
            restored = {table: conn.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in expected}
    # then
    assert restored == expected


def test_restore_of_a_missing_file_says_so(db, tmp_path):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="找不到备份文件"):
        call_command("restore", str(tmp_path / "nope.dump"))
