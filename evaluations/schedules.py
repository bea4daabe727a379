from celery.schedules import crontab

BEAT_SCHEDULE = {
    "evaluations-indicator-snapshots": {
        "task": "evaluations.take_snapshots",
        "schedule": crontab(hour=1, minute=30),
        "options": {"queue": "snapshots"},
    },
}
