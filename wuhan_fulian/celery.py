"""The Celery app. Without REDIS_URL, settings make every task run eagerly in-process."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "wuhan_fulian.settings")

app = Celery("wuhan_fulian")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
