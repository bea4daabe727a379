from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import rollups, snapshots

# Both tasks are idempotent (snapshots are upserted, the rollup rebuilt in one transaction), so a retry
# after a lost database connection or a redelivery after a lost worker is safe.
RETRY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
    "acks_late": True,
}


@shared_task(name="evaluations.take_snapshots", **RETRY)
def take_snapshots():
    """Nightly: this month's and last month's indicator snapshots (queue "snapshots")."""
    return snapshots.take()


@shared_task(name="evaluations.rebuild_monthly_stats", **RETRY)
def rebuild_monthly_stats():
    """On demand only (after a bulk load or a repair), never scheduled."""
    return rollups.rebuild()
