"""Delivering reminders. The stored row is the in-app channel (the chair's home page); further channels
(SMS, email, WeChat) are backends listed in ``settings.REMINDER_BACKENDS`` as dotted paths to functions
``backend(reminder) -> bool`` (True when delivered). None are configured yet.

Every reminder and notice also lands in the inbox of each person it is for (``to_inbox``, the message centre
of accounts/inbox.py, which has its own pluggable senders, ``settings.MESSAGE_SENDERS``)."""

import logging

from django.conf import settings
from django.urls import reverse
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from accounts import inbox
from accounts.models import Message, MessageKind, Role, User

from .choices import ReminderKind

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


def to_inbox(reminders, sender=None):
    """One inbox message per person each reminder is for: its user when it names one, else every active
    account of its federation (a notice: only the chairs). Two queries whatever the number of reminders."""
    reminders = list(reminders)
    if not reminders:
        return []
    accounts = {}
    federations = {r.recipient_federation_id for r in reminders if r.recipient_user_id is None}
    for pk, federation_id, role in User.objects.filter(is_active=True, federation_id__in=federations).values_list(
        "pk", "federation_id", "role"
    ):
        accounts.setdefault(federation_id, []).append((pk, role))
    notice_title = _("通知")
    if sender is not None and sender.federation_id is not None:
        notice_title = _("%(name)s的通知") % {"name": sender.federation.name}
    kinds = dict(ReminderKind.choices)
    rows = []
    for reminder in reminders:
        notice = reminder.kind == ReminderKind.NOTICE
        if reminder.recipient_user_id is not None:
            recipients = [reminder.recipient_user_id]
        else:
            recipients = [
                pk
                for pk, role in accounts.get(reminder.recipient_federation_id, [])
                if not notice or role == Role.COMMUNITY_CHAIR
            ]
        link = reverse("activities:create") if reminder.kind == ReminderKind.NO_ACTIVITY else ""
        rows.extend(
            Message(
                recipient_id=pk,
                kind=MessageKind.NOTICE if notice else MessageKind.REMINDER,
                title=notice_title if notice else str(kinds.get(reminder.kind, reminder.kind)),
                body=reminder.text,
                link=link,
            )
            for pk in recipients
        )
    return inbox.post_many(rows)
