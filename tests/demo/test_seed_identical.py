"""The demo data set, row for row: ``seed_wuhan --scale demo`` on an empty database (at a fixed moment) writes
the rows recorded in expected_demo.json, table by table (count and checksum; see snapshot.py for what is
left out). Moving or rewriting seed code must keep this test green; a deliberate change of the demo data
rewrites the file: ``UPDATE_DEMO_SNAPSHOT=1 pytest tests/demo/test_seed_identical.py``. The same file holds on
SQLite and on PostgreSQL (values are compared as the ORM reads them)."""

import datetime
import io
import json
import os
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command

from core.history import tracked_models

from . import snapshot

EXPECTED = Path(__file__).with_name("expected_demo.json")
# The demo's dates run back from "today": the seed runs on a fixed day.
MOMENT = datetime.datetime(2026, 11, 16, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_the_demo_seed_writes_the_recorded_rows():
    expected = json.loads(EXPECTED.read_text(encoding="utf-8")) if EXPECTED.exists() else {}
    snapshot.restart_ids()
    # when
    with time_machine.travel(MOMENT, tick=False):
        call_command("seed_wuhan", scale="demo", stdout=io.StringIO())
    # every record the seed wrote has its first history row (its first edit shows a diff)
    without_history = {
        base._meta.label: base._base_manager.exclude(pk__in=history._default_manager.values("id")).count()
        for base, history in tracked_models(apps)
    }
    assert {label: n for label, n in without_history.items() if n} == {}
    found = snapshot.take({table: entry["columns"] for table, entry in expected.items()})
    if os.environ.get("UPDATE_DEMO_SNAPSHOT"):
        EXPECTED.write_text(json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        pytest.skip(f"rewrote {EXPECTED.name}")
    # then: the same tables have rows, each the same rows
    assert expected, f"{EXPECTED.name} is missing"
    assert sorted(found) == sorted(expected)
    counts = {table: (found[table]["rows"], expected[table]["rows"]) for table in expected}
    assert {t: c for t, c in counts.items() if c[0] != c[1]} == {}
    differing = [table for table in expected if found[table]["sha256"] != expected[table]["sha256"]]
    assert differing == []
    assert {t: found[t]["columns"] for t in expected} == {t: expected[t]["columns"] for t in expected}
