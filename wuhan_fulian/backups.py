"""Backups of the whole database: pg_dump/pg_restore on PostgreSQL, the SQLite backup API on SQLite."""

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connections


def _pg_env(settings_dict):
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return env


def _pg_args(settings_dict):
    args = []
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    return args


def backup(path, using="default"):
    """Write a full backup of database ``using`` to ``path``; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = connections[using]
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        subprocess.run(
            [
                "pg_dump",
                "-Fc",
                "--no-owner",
                "--no-privileges",
                "-f",
                str(path),
                *_pg_args(settings_dict),
                settings_dict["NAME"],
            ],
            check=True,
            env=_pg_env(settings_dict),
            capture_output=True,
        )
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(path)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
    else:
        raise RuntimeError(f"backups are not supported for {connection.vendor}")
    return path


def restore(path, settings_dict):
    """Restore the backup at ``path`` into the database described by ``settings_dict`` (replacing its contents)."""
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(path)
    engine = settings_dict["ENGINE"]
    if "postgresql" in engine:
        subprocess.run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "-d",
                settings_dict["NAME"],
                *_pg_args(settings_dict),
                str(path),
            ],
            check=True,
            env=_pg_env(settings_dict),
            capture_output=True,
        )
    elif "sqlite" in engine:
        shutil.copyfile(path, settings_dict["NAME"])
    else:
        raise RuntimeError(f"restore is not supported for {engine}")
