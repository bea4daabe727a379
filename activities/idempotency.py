"""Exactly once: the key her phone generates for each submission (``client_key``; the ``Idempotency-Key``
header on the API). A retry, a double tap, a second tab or the offline queue replaying the same submission
finds the activity the first one created: unique per creator (``activity_client_key_unique``), so two
replays racing each other end with one row, the loser answered with the winner's activity."""

import re
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils.translation import gettext as _

from .models import Activity

KEY = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
HEADER = "Idempotency-Key"


def clean_key(value: object) -> str | None:
    """The key as sent, or None when none was; a ``ValidationError`` (Chinese) when it is malformed."""
    value = str(value or "").strip()
    if not value:
        return None
    if not KEY.match(value):
        raise ValidationError(_("提交标识格式不正确：应为 8 到 64 位字母、数字、“-”或“_”。"), code="client_key")
    return value


def existing(user: Any, key: str | None) -> Activity | None:
    """The activity this user already created with this key (whatever its scope or state now)."""
    if key is None or not getattr(user, "pk", None):
        return None
    return Activity.objects.filter(created_by=user, client_key=key).first()


def create_once(user: Any, key: str | None, create: Callable[[], Activity]) -> tuple[Activity, bool]:
    """``(activity, created)``: the one already created with ``key``, else ``create()`` (which must write
    ``client_key=key`` in its own transaction or savepoint). A concurrent replay that loses the race on the
    unique constraint gets the winner's activity (committed by then: its insert waited for it)."""
    found = existing(user, key)
    if found is not None:
        return found, False
    try:
        return create(), True
    except IntegrityError:
        found = existing(user, key)
        if found is None:
            raise
        return found, False
