from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Every kept total (core.counters: activity counts, the monthly summary) against its source rows,
    # before the snapshots read them.
    "counters-reconcile": {
        "task": "core.reconcile_counters",
        "schedule": crontab(hour=1, minute=0),
        "options": {"queue": "snapshots"},
    },
    "evaluations-indicator-snapshots": {
        "task": "evaluations.take_snapshots",
        "schedule": crontab(hour=1, minute=30),
        "options": {"queue": "snapshots"},
    },
}
