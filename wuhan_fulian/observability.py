"""Metrics: /metrics (Prometheus) with request timing from django-prometheus, and Celery task counts.

Workers are other processes, so their counts are kept in Redis (when configured) and read by the web
process's collector; without Redis (eager mode) tasks run in the web process and are counted there.
"""

import ipaddress
from collections import Counter

from celery.signals import task_failure, task_retry, task_success
from django.conf import settings
from django.http import HttpResponseForbidden
from django_prometheus.exports import ExportToDjangoView
from prometheus_client.core import REGISTRY, CounterMetricFamily

from core.db import ReplicaCollector

REDIS_KEY = "wuhan_fulian:celery_tasks"
_local_counts = Counter()


def _redis():
    import redis

    return redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)


def _count(state, sender):
    name = getattr(sender, "name", None) or str(sender)
    field = f"{state}|{name}"
    if settings.REDIS_URL and not settings.CELERY_TASK_ALWAYS_EAGER:
        try:
            _redis().hincrby(REDIS_KEY, field, 1)
            return
        except Exception:  # noqa: BLE001 - metrics must never break a task
            pass
    _local_counts[field] += 1


@task_success.connect
def _on_success(sender=None, **kwargs):
    _count("success", sender)


@task_failure.connect
def _on_failure(sender=None, **kwargs):
    _count("failure", sender)


@task_retry.connect
def _on_retry(sender=None, **kwargs):
    _count("retry", sender)


class CeleryTaskCollector:
    def collect(self):
        family = CounterMetricFamily(
            "wuhan_fulian_celery_tasks", "Celery tasks finished, by state and task", labels=["state", "task"]
        )
        counts = Counter(_local_counts)
        if settings.REDIS_URL:
            try:
                for field, value in _redis().hgetall(REDIS_KEY).items():
                    counts[field.decode()] += int(value)
            except Exception:  # noqa: BLE001
                pass
        for field, value in sorted(counts.items()):
            state, task = field.split("|", 1)
            family.add_metric([state, task], value)
        yield family


_registered = False


def register_collector():
    global _registered
    if not _registered:
        REGISTRY.register(CeleryTaskCollector())
        REGISTRY.register(ReplicaCollector())
        _registered = True


def _client_allowed(request):
    token = settings.METRICS_TOKEN
    if token and request.headers.get("Authorization", "") == f"Bearer {token}":
        return True
    try:
        address = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(address == ipaddress.ip_address(allowed) for allowed in settings.METRICS_ALLOWED_IPS)


def metrics_view(request):
    if not _client_allowed(request):
        return HttpResponseForbidden("metrics: forbidden")
    return ExportToDjangoView(request)
