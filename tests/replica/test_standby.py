"""The read replica on a real PostgreSQL streaming standby (.ci/replica.sh up; .ci/run passes
DATABASE_REPLICA_URL): dashboard reads go to the standby and writes never do; a user reads her own write at
once while others read the standby until it has replayed it; a lagging or stopped standby sends the reads
to the primary and no error reaches a user; /healthz and /metrics report the lag.

The test runner creates the test database on the primary; the ``replica`` alias mirrors its name, so the
standby's copy of it is read. Tests commit (transactional), since the standby only sees what is committed.
"""

import json
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import OperationalError, connections
from django.test import Client
from django.urls import reverse

from core import db
from organizations.models import Federation

HAS_REPLICA = "replica" in django_settings.DATABASES
pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not HAS_REPLICA, reason="no standby configured: DATABASE_REPLICA_URL (`.ci/replica.sh up`; .ci/run does it)"
    ),
    pytest.mark.django_db(transaction=True, databases=["default", "replica"] if HAS_REPLICA else ["default"]),
]
SCRIPT = Path(__file__).resolve().parents[2] / ".ci" / "replica.sh"
NEW_NAME = "武昌区妇联（新名）"


def _one(alias, sql):
    with connections[alias].cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def wait_until_replayed(timeout=20):
    """Until the standby has replayed everything the primary has written so far; answers the seconds taken."""
    target = db.lsn_to_int(_one("default", "SELECT pg_current_wal_lsn()::text"))
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if db.lsn_to_int(_one("replica", "SELECT pg_last_wal_replay_lsn()::text")) >= target:
            db.forget_replica_status()
            return time.monotonic() - started
        time.sleep(0.02)
    raise AssertionError("the standby did not replay the primary's writes in time")


def pause_replay():
    _one("replica", "SELECT pg_wal_replay_pause()::text")
    for _ in range(200):
        if _one("replica", "SELECT pg_get_wal_replay_pause_state()") == "paused":
            db.forget_replica_status()
            return
        time.sleep(0.02)
    raise AssertionError("the standby did not pause")


@pytest.fixture
def standby(settings):
    replica = connections["replica"]
    # A connection opened before the runner pointed the alias at the test database's name reads the other one.
    replica.close()
    if replica.vendor != "postgresql":
        pytest.skip("the replica is not PostgreSQL")
    try:
        in_recovery = _one("replica", "SELECT pg_is_in_recovery()")
    except OperationalError as exc:
        pytest.skip(f"the standby does not answer: {exc}")
    if not in_recovery:
        pytest.skip("DATABASE_REPLICA_URL is not a streaming standby (pg_is_in_recovery() is false)")
    # The shared primary may be busy: lag limits that only the lag test lowers.
    settings.REPLICA_MAX_LAG_BYTES = 1 << 40
    settings.REPLICA_MAX_LAG_SECONDS = 3600
    db.forget_replica_status()
    yield replica
    try:
        _one("replica", "SELECT pg_wal_replay_resume()::text")
    except OperationalError:
        connections["replica"].close()
    db.forget_replica_status()


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def dashboard_name(client, federation):
    """The federation's name as the survey-results endpoint (a replica read) answers it."""
    response = client.get(reverse("evaluations-api:survey-results"), {"federation": federation.pk})
    assert response.status_code == 200, response.content
    return response.json()["federation"]["name"]


def test_the_standby_streams_the_primary_and_dashboard_reads_go_there(standby, tree, users):
    replica, primary = connections["replica"].settings_dict, connections["default"].settings_dict
    assert replica["NAME"] == primary["NAME"] and replica["PORT"] != primary["PORT"]
    assert _one("replica", "SELECT pg_is_in_recovery()") is True
    assert _one("replica", "SELECT status FROM pg_stat_wal_receiver") == "streaming"
    # when: a write on the primary
    Federation.objects.create(name="新建街妇联", code="NEW", level="STREET", parent=tree.d1)
    lag = wait_until_replayed()
    # then: it arrives on the standby by streaming (nothing writes there), within a measured lag
    assert Federation.objects.using("replica").filter(code="NEW").exists()
    assert lag < 5
    # a dashboard read comes from the standby: with replay paused it still shows the old name
    reader = logged_in(users.viewer)
    wait_until_replayed()
    pause_replay()
    Federation.objects.filter(pk=tree.d1.pk).update(name=NEW_NAME)
    assert dashboard_name(reader, tree.d1) == "武昌区妇联"
    # and a write inside a replica block goes to the primary
    with db.replica_reads():
        Federation.objects.create(name="写入", code="W", level="STREET", parent=tree.d2)
    assert Federation.objects.using("default").filter(code="W").exists()
    assert not Federation.objects.using("replica").filter(code="W").exists()


def test_the_writer_reads_her_write_at_once_others_once_the_standby_replays_it(standby, tree, users):
    writer, other = logged_in(users.city), logged_in(users.viewer)
    assert dashboard_name(other, tree.d1) == "武昌区妇联"
    wait_until_replayed()
    pause_replay()
    # when: she renames the district (a write through the site)
    url = reverse("organizations-api:federation-detail", args=[tree.d1.pk])
    response = writer.patch(url, json.dumps({"name": NEW_NAME}), content_type="application/json")
    assert response.status_code == 200, response.content
    # then: she sees it at once (her reads go to the primary), the other user reads the paused standby
    assert dashboard_name(writer, tree.d1) == NEW_NAME
    assert dashboard_name(other, tree.d1) == "武昌区妇联"
    assert db.replica_status().usable
    # when replay resumes, the other user sees it, and the writer is back on the standby
    _one("replica", "SELECT pg_wal_replay_resume()::text")
    wait_until_replayed()
    assert dashboard_name(other, tree.d1) == NEW_NAME
    pause_replay()
    Federation.objects.filter(pk=tree.d1.pk).update(name="又一个名字")
    assert dashboard_name(writer, tree.d1) == NEW_NAME


def test_a_lagging_standby_sends_reads_to_the_primary_and_healthz_reports_the_lag(standby, tree, users, settings):
    reader = logged_in(users.viewer)
    wait_until_replayed()
    pause_replay()
    Federation.objects.filter(pk=tree.d1.pk).update(name=NEW_NAME)
    settings.REPLICA_MAX_LAG_BYTES = 0
    db.forget_replica_status()
    # then: the reader gets the primary's answer
    assert dashboard_name(reader, tree.d1) == NEW_NAME
    health = reader.get("/healthz")
    assert health.status_code == 200
    replica = health.json()["replica"]
    assert replica["status"] == "lagging" and replica["replay_paused"] is True and replica["lag_bytes"] > 0
    metrics = reader.get("/metrics").content.decode()
    assert "wuhan_fulian_replica_up 1.0" in metrics
    assert "wuhan_fulian_replica_in_use 0.0" in metrics
    assert "wuhan_fulian_replica_lag_bytes " in metrics
    # within the limits again: the standby serves the reads (the old name: replay is still paused)
    settings.REPLICA_MAX_LAG_BYTES = 1 << 40
    db.forget_replica_status()
    assert dashboard_name(reader, tree.d1) == "武昌区妇联"


def test_a_stopped_standby_sends_reads_to_the_primary_and_no_error_reaches_a_user(standby, tree, users):
    reader = logged_in(users.viewer)
    Federation.objects.filter(pk=tree.d1.pk).update(name=NEW_NAME)
    subprocess.run([SCRIPT, "stop"], check=True, capture_output=True, timeout=60)
    try:
        db.forget_replica_status()
        assert dashboard_name(reader, tree.d1) == NEW_NAME
        page = reader.get(reverse("evaluations:dashboard"), {"federation": tree.d1.pk})
        assert page.status_code == 200
        health = reader.get("/healthz")
        assert health.status_code == 200 and health.json()["replica"]["status"] == "down"
        assert "wuhan_fulian_replica_up 0.0" in reader.get("/metrics").content.decode()
    finally:
        subprocess.run([SCRIPT, "start"], check=True, capture_output=True, timeout=120)
        connections["replica"].close()
    db.forget_replica_status()
    wait_until_replayed()
    assert dashboard_name(reader, tree.d1) == NEW_NAME
    assert db.replica_status().usable
