"""The Celery app. Without REDIS_URL, settings make every task run eagerly in-process.

Periodic jobs: each app may define ``<app>/schedules.py`` with a plain dict ``BEAT_SCHEDULE`` (celery
crontab entries, no Django imports); they are merged here so beat runs them all, once.
"""

import importlib
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wuhan_fulian.settings")

app = Celery("wuhan_fulian")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

SCHEDULE_APPS = ["organizations", "cadres", "venues", "activities", "evaluations"]


def collect_beat_schedule():
    schedule = {}
    for name in SCHEDULE_APPS:
        try:
            module = importlib.import_module(f"{name}.schedules")
        except ModuleNotFoundError as exc:
            if exc.name != f"{name}.schedules":
                raise
            continue
        schedule.update(getattr(module, "BEAT_SCHEDULE", {}))
    return schedule


app.conf.beat_schedule = collect_beat_schedule()
