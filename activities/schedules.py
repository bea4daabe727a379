"""Periodic jobs of the activities app (merged into the beat schedule by wuhan_fulian/celery.py)."""

import os

from celery.schedules import crontab

REMINDER_DAY = int(os.environ.get("REMINDER_DAY_OF_MONTH", "2"))

BEAT_SCHEDULE = {
    "activities-monthly-reminders": {
        "task": "activities.send_monthly_reminders",
        "schedule": crontab(minute=0, hour=8, day_of_month=REMINDER_DAY),
        "options": {"queue": "reminders"},
    },
    "activities-purge-held-photos": {
        "task": "activities.purge_held_photos",
        "schedule": crontab(minute=30, hour=3),
    },
}
