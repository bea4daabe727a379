from celery import shared_task

from . import reminders


@shared_task(name="activities.send_monthly_reminders", acks_late=True)
def send_monthly_reminders():
    """Monthly (queue "reminders"): communities with no activity and cadres with no 四个一 last month."""
    return reminders.create_monthly_reminders()
