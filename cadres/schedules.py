"""Periodic jobs of the cadres app (merged into the beat schedule by wuhan_fulian/celery.py)."""

from celery.schedules import crontab

BEAT_SCHEDULE = {
    # Import files of jobs that never finished go after IMPORT_FILE_RETENTION_DAYS (cadres.tasks).
    "cadres-remove-stale-import-files": {
        "task": "cadres.remove_stale_import_files",
        "schedule": crontab(minute=30, hour=3),
        "options": {"queue": "imports"},
    },
}
