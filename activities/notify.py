"""Delivering reminders. The stored row is the in-app channel (the chair's home page); further channels
(SMS, email, WeChat) are backends listed in ``settings.REMINDER_BACKENDS`` as dotted paths to functions
``backend(reminder) -> bool`` (True when delivered). None are configured yet."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def backends():
    return [(path, import_string(path)) for path in getattr(settings, "REMINDER_BACKENDS", [])]


def notify(reminder, configured=None):
    """Send ``reminder`` through every configured backend; record which ones delivered it."""
    delivered = []
    for path, backend in backends() if configured is None else configured:
        try:
            if backend(reminder):
                delivered.append(path.rsplit(".", 1)[-1])
        except Exception:  # one failing channel must not stop the others or the monthly job
            logger.exception("reminder %s: backend %s failed", reminder.pk, path)
    if delivered:
        reminder.delivered_via = ",".join(delivered)
        reminder.save(update_fields=["delivered_via", "updated_at"])
    return delivered


def log_backend(reminder):
    """An example backend: writes the reminder to the log (stand-in for an SMS or email gateway)."""
    logger.info("reminder for %s: %s", reminder.recipient_federation_id, reminder.text)
    return True
