"""The message centre: one inbox per person. Reminders, review results and notices are posted here as
``Message`` rows (one per recipient), then handed to the configured senders after the transaction commits.

- Posting: ``post(recipients, kind, title, body, link)``; any app may post (this layer imports none of them).
- Senders: ``settings.MESSAGE_SENDERS`` lists dotted paths to functions ``sender(message) -> bool`` (True when
  delivered): ``accounts.senders.console`` in development, ``accounts.senders.sms`` and
  ``accounts.senders.email`` in production, or your own. Each delivery is recorded (``MessageDelivery``:
  sender and time); a failing sender is logged and does not stop the others.
- Reading: opening a message stamps ``read_at``; ``mark_all_read`` stamps every unread one of hers. This is the
  one read state: the home page's reminders are her unread reminder and notice messages (``unread_of``), so
  reading one in either place reads it in both.
- The header's unread count: ``unread_count(request)``, one indexed COUNT, cached on the request.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Window
from django.utils import timezone
from django.utils.module_loading import import_string

from core.scope import addressed_to
from core.tasks import enqueue

from .models import Message, MessageDelivery

logger = logging.getLogger(__name__)

TITLE_MAX = 200


def inbox_of(user):
    """Her own messages only (``core.scope.addressed_to``): another person's is missing to her (404)."""
    return addressed_to(Message.objects.all(), user)


def post(recipients, kind, title, body="", link=""):
    """One message per recipient (users or their ids, each once), delivered by the senders after commit.
    Returns the messages made."""
    ids = sorted({getattr(user, "pk", user) for user in recipients if user is not None})
    rows = [Message(recipient_id=pk, kind=kind, title=str(title)[:TITLE_MAX], body=str(body), link=link) for pk in ids]
    return post_many(rows)


def post_many(rows):
    """Store ready-made ``Message`` rows (bulk) and have them delivered once the transaction commits."""
    if not rows:
        return []
    created = Message.objects.bulk_create(rows, batch_size=500)
    if senders():
        from .tasks import deliver_messages

        enqueue(deliver_messages, [message.pk for message in created], on_commit=True, run_inline_if_down=True)
    return created


def senders():
    return [(path.rsplit(".", 1)[-1], import_string(path)) for path in getattr(settings, "MESSAGE_SENDERS", [])]


def deliver(ids, configured=None):
    """Send the messages ``ids`` through every configured sender that has not delivered them yet; record
    each delivery. Returns how many deliveries were recorded."""
    configured = senders() if configured is None else configured
    done = set(MessageDelivery.objects.filter(message_id__in=ids).values_list("message_id", "sender"))
    records = []
    for message in Message.objects.filter(pk__in=ids).select_related("recipient").order_by("pk"):
        for name, sender in configured:
            if (message.pk, name) in done:
                continue
            try:
                delivered = sender(message)
            except Exception:  # one failing channel must not stop the others
                logger.exception("message %s: sender %s failed", message.pk, name)
                continue
            if delivered:
                records.append(MessageDelivery(message=message, sender=name, delivered_at=timezone.now()))
    MessageDelivery.objects.bulk_create(records, ignore_conflicts=True)
    return len(records)


def unread_count(request):
    """How many unread messages the signed-in user has: one query per request at most (cached on it)."""
    if not hasattr(request, "_inbox_unread"):
        user = getattr(request, "user", None)
        request._inbox_unread = inbox_of(user).filter(read_at__isnull=True).count() if user else 0
    return request._inbox_unread


def unread_of(user, kinds, limit=5):
    """Her unread messages of ``kinds`` (newest first, at most ``limit``) and how many more there are: one
    query whatever their number (the total is a window over the rows before the limit)."""
    queryset = inbox_of(user).filter(read_at__isnull=True, kind__in=kinds)
    rows = list(queryset.annotate(unread_total=Window(Count("pk")))[:limit])
    return rows, (rows[0].unread_total - len(rows) if rows else 0)


def mark_read(message):
    """Stamp ``read_at`` once (a second open keeps the first time). True when it was unread."""
    if message.read_at is not None:
        return False
    now = timezone.now()
    changed = Message.objects.filter(pk=message.pk, read_at__isnull=True).update(read_at=now)
    message.read_at = now
    return bool(changed)


def mark_all_read(user):
    with transaction.atomic():
        return inbox_of(user).filter(read_at__isnull=True).update(read_at=timezone.now())
