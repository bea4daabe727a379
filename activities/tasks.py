from celery import shared_task
from django.db import IntegrityError, InterfaceError, OperationalError

from . import reminders

# Retried with growing pauses when the database is unreachable, or when a second run raced this one to
# store the same reminders (the retry finds them stored and sends nothing twice).
RETRY = {
    "autoretry_for": (OperationalError, InterfaceError, IntegrityError),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 5,
    "acks_late": True,
}


@shared_task(name="activities.send_monthly_reminders", **RETRY)
def send_monthly_reminders():
    """Monthly (queue "reminders"): communities with no activity and cadres with no 四个一 last month."""
    return reminders.create_monthly_reminders()


@shared_task(name="activities.purge_held_photos", **RETRY)
def purge_held_photos():
    """Daily: photos held across a failed form submit and never saved (activities.holding)."""
    from . import holding

    return holding.purge()
