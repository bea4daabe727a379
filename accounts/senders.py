"""Message senders for the inbox (``settings.MESSAGE_SENDERS``): each is ``sender(message) -> bool``, True
when the message left through its channel. The inbox row itself is the in-app channel and needs none."""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def _text(message):
    return f"{message.title}\n{message.body}".strip()


def console(message):
    """Development: writes the message to the log."""
    logger.warning("message to %s: %s", message.recipient.get_username(), _text(message))
    return True


def email(message):
    """E-mail through Django's configured backend, to the recipient's address (none: not delivered)."""
    address = message.recipient.email
    if not address:
        return False
    return bool(send_mail(message.title, message.body or message.title, None, [address]))


def sms(message):
    """SMS through the gateway named by ``settings.SMS_GATEWAY`` (a dotted path to ``send(phone, text) ->
    bool``), to the recipient's mobile number (none, or no gateway configured: not delivered)."""
    phone = message.recipient.phone
    gateway = getattr(settings, "SMS_GATEWAY", "")
    if not phone or not gateway:
        return False
    return bool(import_string(gateway)(phone, _text(message)[:300]))
