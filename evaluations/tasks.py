from celery import shared_task

from . import rollups, snapshots


@shared_task(name="evaluations.take_snapshots")
def take_snapshots():
    """Nightly: this month's and last month's indicator snapshots (queue "snapshots")."""
    return snapshots.take()


@shared_task(name="evaluations.rebuild_monthly_stats")
def rebuild_monthly_stats():
    """On demand only (after a bulk load or a repair), never scheduled."""
    return rollups.rebuild()
