"""Review by the federation one level up (上报 → 审核 → 退回/通过), shared by every record a chair submits:
activities (activities/review.py), duty reports and 四个一 checks (cadres/review.py).

A saved record is 已上报 (an activity may also be a 草稿); the federation one level up reviews it: its staff
approve (已通过) or return it with a reason (已退回); editing a returned record and saving resubmits it.
Who reviews what: ``settings.REVIEW_LEVELS`` maps a reviewer's federation level to the levels of the records
she reviews; the record's federation must lie in her edit subtree strictly below her own federation, and a
community chair or a viewer never reviews. A record outside that is missing to her (404, ``LookupError``).
Every transition is one save, so one history row (who, when, the state before and after), and a message in
the inbox of who filed it (accounts/inbox.py).

This module holds the states, the actions, the reason check, who is a reviewer and of which federations, the
transition itself and the all-or-nothing bulk review; each kind of record gives its queryset and its message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.models import Federation

from . import inbox
from .models import Message, MessageKind, Role

# The stored values, as plain strings for the typed code below (the choices' members read as tuples to mypy
# without Django's stubs).
DRAFT, SUBMITTED, APPROVED, RETURNED = "draft", "submitted", "approved", "returned"


class ReviewState(models.TextChoices):
    """Where a submitted record stands in review (上报 → 审核 → 退回/通过). The values are stored."""

    DRAFT = DRAFT, gettext_lazy("草稿")
    SUBMITTED = SUBMITTED, gettext_lazy("已上报")
    APPROVED = APPROVED, gettext_lazy("已通过")
    RETURNED = RETURNED, gettext_lazy("已退回")


APPROVE, RETURN = "approve", "return"
REASON_MAX = 200
REASON_REQUIRED = gettext_lazy("退回时须填写退回原因。")
NOT_REVIEWABLE = {
    APPROVE: gettext_lazy("“%(title)s”为%(state)s，不能通过。"),
    RETURN: gettext_lazy("“%(title)s”为%(state)s，不能退回。"),
}
# The states each action starts from: a reviewer may change her mind (return an approved record, approve a
# returned one); a draft has not been submitted yet.
FROM_STATES: dict[str, tuple[str, ...]] = {APPROVE: (SUBMITTED, RETURNED), RETURN: (SUBMITTED, APPROVED)}
TO_STATE: dict[str, str] = {APPROVE: APPROVED, RETURN: RETURNED}
# What a transition writes (one save, one history row).
REVIEW_FIELDS = ["review_state", "review_reason", "reviewed_by", "reviewed_at", "updated_at"]


def is_reviewer(user: Any) -> bool:
    """An editor whose federation's level reviews another (``REVIEW_LEVELS``); never a community chair or a
    viewer; every superuser."""
    if user is None or not user.is_authenticated or not user.is_active or not user.can_edit:
        return False
    if user.is_superuser:
        return True
    if user.role == Role.COMMUNITY_CHAIR or user.edit_root is None:
        return False
    return bool(settings.REVIEW_LEVELS.get(user.edit_root.level))


def reviewed_federation_ids(user: Any) -> list[int] | None:
    """The ids of the federations whose records ``user`` reviews: in her edit subtree strictly below her
    federation, at the levels ``REVIEW_LEVELS`` gives hers (one query); ``None`` for a superuser (all of
    them), ``[]`` for someone who reviews nothing.

    A list of ids rather than a range on the tree: PostgreSQL estimates a list of owners from the records'
    statistics, where it guessed 4,000 of them from the range and planned a scan of the city's records."""
    if not is_reviewer(user):
        return []
    if user.is_superuser:
        return None
    root = user.edit_root
    owners = Federation.objects.filter(
        tree_id=root.tree_id, lft__gt=root.lft, lft__lt=root.rght, level__in=settings.REVIEW_LEVELS[root.level]
    )
    return list(owners.values_list("pk", flat=True))


def reviewable(
    queryset: QuerySet, user: Any, federation_path: str = "federation", owners: list[int] | None = None
) -> QuerySet:
    """The rows of ``queryset`` (a scoped model's) that ``user`` reviews: editable by her, their federation
    (``federation_path``) one she reviews (``owners``: ``reviewed_federation_ids(user)`` when the caller has
    them already)."""
    ids = reviewed_federation_ids(user) if owners is None else owners
    if ids is not None and not ids:
        return queryset.none()
    queryset = queryset.editable_by(user)
    return queryset if ids is None else queryset.filter(**{f"{federation_path}_id__in": ids})


def clean_reason(action: str, reason: str | None) -> str:
    """The reason, stripped: required to return, at most ``REASON_MAX`` characters; none kept to approve."""
    reason = (reason or "").strip()
    if action == RETURN and not reason:
        raise ValidationError({"reason": [REASON_REQUIRED]})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": [_("退回原因不能超过 %(n)d 个字。") % {"n": REASON_MAX}]})
    return reason if action == RETURN else ""


def transition(user: Any, record: Any, action: str, reason: str) -> None:
    """Approve or return ``record``: one save of the review fields, so one history row by ``user``."""
    record.review_state = TO_STATE[action]
    record.review_reason = reason
    record.reviewed_by = user
    record.reviewed_at = timezone.now()
    record._history_user = user
    record._change_reason = _("审核通过") if action == APPROVE else _("退回：%(reason)s") % {"reason": reason}
    record.save(update_fields=REVIEW_FIELDS)


def review_records(
    user: Any,
    queryset: QuerySet,
    ids: Iterable[Any],
    action: str,
    reason: str = "",
    *,
    none_chosen: str,
    message: Callable[[Any, str], Message | None],
) -> list[Any]:
    """Approve or return the rows ``ids`` of ``queryset`` (the ones ``user`` reviews), all or none: an id not
    in it (missing, out of her scope, her own level) is a ``LookupError`` (404 to the caller); one in a state
    the action does not start from is a ``ValidationError``. ``message(record, action)`` is the inbox message
    for who filed it (or None). Returns the records changed."""
    if action not in TO_STATE:
        raise ValidationError({"action": [_("请选择“通过”或“退回”。")]})
    reason = clean_reason(action, reason)
    ids = list(ids)
    try:
        wanted = {int(pk) for pk in ids}
    except (TypeError, ValueError):
        raise LookupError(ids) from None
    if not wanted:
        raise ValidationError({"ids": [none_chosen]})
    with transaction.atomic():
        records = list(queryset.filter(pk__in=wanted).select_for_update(of=("self",)).order_by("pk"))
        if len(records) != len(wanted):
            raise LookupError(sorted(wanted - {record.pk for record in records}))
        refused = [
            NOT_REVIEWABLE[action] % {"title": record, "state": record.get_review_state_display()}
            for record in records
            if record.review_state not in FROM_STATES[action]
        ]
        if refused:
            raise ValidationError({"ids": refused})
        for record in records:
            transition(user, record, action, reason)
        messages = [message(record, action) for record in records]
        inbox.post_many([row for row in messages if row is not None])
    return records


def result_message(recipient_id: int | None, *, title: str, body: str = "", link: str = "") -> Message | None:
    """A review result for the inbox of ``recipient_id`` (None when nobody is known to have filed it)."""
    if recipient_id is None:
        return None
    return Message(
        recipient_id=recipient_id, kind=MessageKind.REVIEW, title=title[: inbox.TITLE_MAX], body=body, link=link
    )


def state_after_save(state: str | None, draft: bool = False) -> str:
    """The state a record takes when its editor saves it (``state``: its stored one, None when new): a new one
    or a draft stays a draft when she saves it as one, else it is submitted; a returned one is resubmitted; a
    submitted or approved one keeps its state."""
    state = state or DRAFT
    if draft and state == DRAFT:
        return DRAFT
    if state in (DRAFT, RETURNED):
        return SUBMITTED
    return state


def resubmit_if_returned(record: Any) -> bool:
    """Before an edit of ``record`` is saved: a returned record goes back to 已上报 (its reason cleared) in the
    same save, its history row saying so. True when it was returned."""
    if record.pk is None or record.review_state != RETURNED:
        return False
    record.review_state = state_after_save(record.review_state)
    record.review_reason = ""
    record._change_reason = _("修改后重新上报")
    return True
