"""A real Celery worker against the real Redis runs a task and returns its result."""

import os
import uuid

import pytest
from django.conf import settings

from core.tasks import ping
from tests.scale.nodes import celery_worker
from wuhan_fulian import celery_app

pytestmark = pytest.mark.redis


@pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (CI runs it against the local Redis)")
def test_task_round_trip_through_redis_and_a_worker_process():
    # given: a worker process listening on a queue of its own
    queue = f"test-{uuid.uuid4().hex[:8]}"
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="wuhan_fulian.settings")
    with celery_worker(env, queue):
        celery_app.conf.task_always_eager = False
        try:
            # when
            result = ping.apply_async(args=["妇联"], queue=queue)
            # then
            assert result.get(timeout=60) == {"pong": "妇联"}
            assert result.status == "SUCCESS"
        finally:
            celery_app.conf.task_always_eager = True


def test_tasks_run_eagerly_without_redis(settings):
    # the embedded default: no broker, the task runs in-process
    assert ping.delay("x").get(timeout=5) == {"pong": "x"}
