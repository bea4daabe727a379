"""A real Celery worker against the real Redis runs a task and returns its result."""

import os
import subprocess
import sys
import uuid

import pytest
from django.conf import settings

from wuhan_fulian import celery_app
from wuhan_fulian.settings import BASE_DIR
from wuhan_fulian.tasks import ping

pytestmark = pytest.mark.redis


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (CI runs it against the local Redis)")
def test_task_round_trip_through_redis_and_a_worker_process():
    # given: a worker process listening on a queue of its own
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="wuhan_fulian.settings")
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "wuhan_fulian",
            "worker",
            "--pool",
            "solo",
            "-Q",
            queue,
            "--loglevel",
            "WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    celery_app.conf.task_always_eager = False
    try:
        # when
        result = ping.apply_async(args=["妇联"], queue=queue)
        # then
        assert result.get(timeout=60) == {"pong": "妇联"}
        assert result.status == "SUCCESS"
    finally:
        celery_app.conf.task_always_eager = True
        worker.terminate()
        worker.wait(timeout=30)


def test_tasks_run_eagerly_without_redis(settings):
    # the embedded default: no broker, the task runs in-process
    assert ping.delay("x").get(timeout=5) == {"pong": "x"}
