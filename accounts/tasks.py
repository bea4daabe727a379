from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import inbox


@shared_task(
    name="accounts.deliver_messages",
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=5,
    retry_backoff_max=600,
    max_retries=5,
    acks_late=True,
)
def deliver_messages(ids):
    """Hand new inbox messages to the configured senders (a retry skips the deliveries already recorded)."""
    return inbox.deliver(ids)
