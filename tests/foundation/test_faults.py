"""Faults: with Redis down the site stays up, /healthz says so, and tasks fall back or fail clearly."""

import logging

import pytest
from celery import Celery
from django.conf import settings
from django.core.cache import caches
from django.test import override_settings
from django_redis.cache import RedisCache

from core.tasks import QueueUnavailable, enqueue

DEAD_REDIS = "redis://127.0.0.1:1/0"
# The production cache (settings.CACHES when REDIS_URL is set), pointed at a port where nothing listens.
DEAD_CACHE = {
    "BACKEND": "django_redis.cache.RedisCache",
    "LOCATION": DEAD_REDIS,
    "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
}


def test_the_settings_make_the_redis_cache_degrade_instead_of_failing():
    assert settings.DJANGO_REDIS_IGNORE_EXCEPTIONS is True
    assert settings.DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS is True


def test_the_cache_degrades_to_logged_misses_when_redis_is_down(caplog):
    cache = RedisCache(DEAD_REDIS, {"OPTIONS": DEAD_CACHE["OPTIONS"]})
    with caplog.at_level(logging.ERROR, logger="django_redis.cache"):
        assert cache.get("k", "fallback") == "fallback"
        cache.set("k", "v")  # dropped, no exception
        assert not cache.add("k", "v")
        assert cache.get_many(["a", "b"]) == {}
        assert cache.incr("counter") is None
        cache.delete("k")
    assert len([r for r in caplog.records if r.name == "django_redis.cache"]) == 6  # each failure is logged


@override_settings(REDIS_URL=DEAD_REDIS, CACHES={"default": DEAD_CACHE})
def test_pages_stay_up_and_healthz_reports_redis_down(tree, users, client):
    caches["default"].clear()
    client.force_login(users.district)
    assert client.get("/").status_code == 200
    assert client.get("/api/v1/organizations/federations/").status_code == 200
    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["checks"] == {"database": "ok", "redis": health.json()["checks"]["redis"]}
    assert health.json()["checks"]["redis"].startswith("error")


@pytest.fixture
def task_on_dead_broker():
    """A task of a Celery app whose broker is down, configured like ours (fail fast)."""
    app = Celery("dead-broker", broker=DEAD_REDIS, set_as_current=False)
    app.conf.broker_transport_options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    app.conf.task_publish_retry_policy = settings.CELERY_TASK_PUBLISH_RETRY_POLICY

    @app.task(name="dead.ping")
    def dead_ping(value):
        return {"pong": value}

    return dead_ping


def test_enqueue_falls_back_inline_or_fails_clearly_when_the_broker_is_down(task_on_dead_broker):
    # a small task runs in the web process instead
    assert enqueue(task_on_dead_broker, "x", run_inline_if_down=True).get() == {"pong": "x"}
    # a long one is refused with a message the user can read
    with pytest.raises(QueueUnavailable, match="暂时不可用"):
        enqueue(task_on_dead_broker, "y")
