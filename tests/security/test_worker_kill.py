"""Fault: a Celery worker killed (SIGKILL) in the middle of a large people import, against real Redis and a
throwaway PostgreSQL database, leaves nothing half-imported; the import is then run again and completes once."""

import os
import signal
import time
import uuid

import pytest
from django.conf import settings
from django.db import connection

from tests.scale.nodes import manage, postgres_database, start_celery_worker

pytestmark = [pytest.mark.redis, pytest.mark.postgres, pytest.mark.slow]

ROWS = 4000
SETUP = """
from django.core.files.base import ContentFile
from accounts.models import Role, User
from cadres.choices import ImportStatus
from cadres.models import ImportJob
from organizations.choices import Level
from organizations.models import Federation
from tests.security.imports import people_csv

city = Federation.objects.create(name="武汉市妇联", code="C", level=Level.CITY)
district = Federation.objects.create(name="武昌区妇联", code="D1", level=Level.DISTRICT, parent=city)
street = Federation.objects.create(name="水果湖街妇联", code="S1", level=Level.STREET, parent=district)
Federation.objects.create(name="东亭社区妇联", code="S1C1", level=Level.COMMUNITY, parent=street)
user = User.objects.create(username="wuchang", role=Role.DISTRICT_STAFF, federation=district)
job = ImportJob(federation=district, user=user, dry_run=False, status=ImportStatus.PENDING)
job.file.save("big.csv", ContentFile(people_csv("S1C1", {rows})), save=False)
job.save()
print(job.pk)
"""
ENQUEUE = "from cadres.tasks import run_import; run_import.apply_async(args=[{job}], queue='{queue}')"


def query(url, sql, *params):
    import psycopg2

    with psycopg2.connect(url) as conn, conn.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def wait_for(predicate, timeout, step=0.05):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(step)
    raise AssertionError("timed out")


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (CI runs it against the local Redis)")
def test_a_worker_killed_mid_import_leaves_nothing_and_the_import_runs_again(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL)")
    queue = f"imports-{uuid.uuid4().hex[:8]}"
    with postgres_database("wf_kill") as url:
        env = dict(
            os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="wuhan_fulian.settings", MEDIA_ROOT=str(tmp_path)
        )
        manage(env, "migrate", "--no-input")
        job = int(manage(env, "shell", "-c", SETUP.format(rows=ROWS)).stdout.strip().splitlines()[-1])

        def state():
            return query(url, "SELECT status, processed_rows FROM cadres_importjob WHERE id = %s", job)

        def imported():
            people = query(url, "SELECT count(*) FROM cadres_person")[0]
            posts = query(url, "SELECT count(*) FROM cadres_post")[0]
            return people, posts

        def saving():
            # the import's INSERT of people or posts is running (the save phase, one transaction)
            return query(
                url,
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND state = 'active' AND query LIKE 'INSERT INTO \"cadres_%%'",
            )[0]

        # when: a worker is killed half-way through the row checks
        worker = start_celery_worker(env, queue)
        try:
            manage(env, "shell", "-c", ENQUEUE.format(job=job, queue=queue))
            wait_for(lambda: state()[1] >= 500, timeout=120)
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
        finally:
            worker.kill()
        # then: nothing imported, the job still RUNNING (no false DONE)
        assert imported() == (0, 0)
        assert state()[0] == "RUNNING"

        # when: run again, and this worker is killed while it writes the rows
        worker = start_celery_worker(env, queue)
        try:
            manage(env, "shell", "-c", ENQUEUE.format(job=job, queue=queue))
            wait_for(saving, timeout=180, step=0.01)
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
        finally:
            worker.kill()
        # then: the save was one transaction: nothing half-imported
        wait_for(lambda: not saving(), timeout=30)
        assert imported() == (0, 0)
        assert state()[0] == "RUNNING"

        # when: run a third time to the end, and once more (a redelivered message)
        worker = start_celery_worker(env, queue)
        try:
            manage(env, "shell", "-c", ENQUEUE.format(job=job, queue=queue))
            wait_for(lambda: state()[0] == "DONE", timeout=300, step=0.5)
            manage(env, "shell", "-c", ENQUEUE.format(job=job, queue=queue))
            time.sleep(2)
        finally:
            worker.terminate()
            worker.wait(timeout=30)
        # then: every row exactly once
        assert imported() == (ROWS, ROWS)
        assert state() == ("DONE", ROWS)
