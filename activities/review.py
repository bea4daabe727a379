"""Review of logged activities (上报 → 审核 → 退回/通过).

A chair's save is 已上报 (or a 草稿 when she saves it as a draft); the federation one level up reviews it: its
staff approve (已通过) or return it with a reason (已退回); editing a returned record and saving resubmits it.
Who reviews what: ``settings.REVIEW_LEVELS`` maps a reviewer's federation level to the levels of the records
she reviews; the record must lie in her edit subtree strictly below her own federation, and a community chair
never reviews. A record outside that is missing to her (404). Every transition is one save, so one history row
(who, when, the state before and after), and a message in the inbox of who logged it (accounts/inbox.py).

Whether indicators count every submitted activity or only approved ones is ``settings.INDICATORS_COUNT``
(``counted_q``), applied where activities are counted (``services.summary`` and the statistics built on it).
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import inbox
from accounts.models import MessageKind, Role
from organizations.models import Federation

from .choices import ReviewState
from .models import Activity

APPROVE, RETURN = "approve", "return"
REASON_MAX = 200
REASON_REQUIRED = gettext_lazy("退回时须填写退回原因。")
NOT_REVIEWABLE = {
    APPROVE: gettext_lazy("“%(title)s”为%(state)s，不能通过。"),
    RETURN: gettext_lazy("“%(title)s”为%(state)s，不能退回。"),
}
# The states each action starts from: a reviewer may change her mind (return an approved record, approve a
# returned one); a draft has not been submitted yet.
FROM_STATES = {
    APPROVE: (ReviewState.SUBMITTED, ReviewState.RETURNED),
    RETURN: (ReviewState.SUBMITTED, ReviewState.APPROVED),
}
TO_STATE = {APPROVE: ReviewState.APPROVED, RETURN: ReviewState.RETURNED}


def counted_states() -> tuple[str, ...]:
    """The review states indicators count: 已上报 and 已通过 (default), or only 已通过."""
    if getattr(settings, "INDICATORS_COUNT", "submitted") == "approved":
        return (ReviewState.APPROVED,)
    return (ReviewState.SUBMITTED, ReviewState.APPROVED)


def counted_q(prefix: str = "") -> Q:
    return Q(**{f"{prefix}review_state__in": counted_states()})


def counting_rule() -> str:
    """The line the dashboard shows under its figures."""
    if counted_states() == (ReviewState.APPROVED,):
        return _("活动指标只统计上级妇联审核通过的活动。")
    return _("活动指标统计已上报和已通过的活动（未审核的也计入，数据实时更新）。")


def is_reviewer(user: Any) -> bool:
    if user is None or not user.is_authenticated or not user.is_active or not user.can_edit:
        return False
    if user.is_superuser:
        return True
    if user.role == Role.COMMUNITY_CHAIR or user.edit_root is None:
        return False
    return bool(settings.REVIEW_LEVELS.get(user.edit_root.level))


def reviewable_by(user: Any) -> QuerySet:
    """The activities ``user`` reviews: in her edit subtree strictly below her federation, at the levels
    ``REVIEW_LEVELS`` gives hers (every activity for a superuser; none for a chair or a viewer)."""
    if not is_reviewer(user):
        return Activity.objects.none()
    queryset = Activity.objects.editable_by(user)
    if user.is_superuser:
        return queryset
    root = user.edit_root
    # The reviewed federations as a list of ids (a street: its ~180 communities and grid groups, one query):
    # PostgreSQL estimates a list of owners from the activities' statistics, where it guessed 4,000 of them
    # from the range on the tree and planned a scan of the city's activities.
    owners = Federation.objects.filter(
        tree_id=root.tree_id, lft__gt=root.lft, lft__lt=root.rght, level__in=settings.REVIEW_LEVELS[root.level]
    )
    return queryset.filter(federation_id__in=list(owners.values_list("pk", flat=True)))


def clean_reason(action: str, reason: str) -> str:
    reason = (reason or "").strip()
    if action == RETURN and not reason:
        raise ValidationError({"reason": [REASON_REQUIRED]})
    if len(reason) > REASON_MAX:
        raise ValidationError({"reason": [_("退回原因不能超过 %(n)d 个字。") % {"n": REASON_MAX}]})
    return reason if action == RETURN else ""


def _transition(user: Any, activity: Activity, action: str, reason: str) -> None:
    activity.review_state = TO_STATE[action]
    activity.review_reason = reason
    activity.reviewed_by = user
    activity.reviewed_at = timezone.now()
    activity._history_user = user
    activity._change_reason = _("审核通过") if action == APPROVE else _("退回：%(reason)s") % {"reason": reason}
    activity.save(update_fields=["review_state", "review_reason", "reviewed_by", "reviewed_at", "updated_at"])


def review(user: Any, ids: Iterable[int], action: str, reason: str = "") -> list[Activity]:
    """Approve or return the activities ``ids`` that ``user`` reviews, all or none: an id she does not review
    (missing, out of her scope, her own level) is a ``LookupError`` (404 to the caller); one in a state the
    action does not start from is a ``ValidationError``. Returns the activities changed."""
    if action not in TO_STATE:
        raise ValidationError({"action": [_("请选择“通过”或“退回”。")]})
    reason = clean_reason(action, reason)
    try:
        wanted = {int(pk) for pk in ids}
    except (TypeError, ValueError):
        raise LookupError(list(ids)) from None
    if not wanted:
        raise ValidationError({"ids": [_("请至少选择一条活动。")]})
    with transaction.atomic():
        activities = list(reviewable_by(user).filter(pk__in=wanted).select_for_update(of=("self",)).order_by("pk"))
        if len(activities) != len(wanted):
            raise LookupError(sorted(wanted - {activity.pk for activity in activities}))
        refused = [
            NOT_REVIEWABLE[action] % {"title": activity, "state": activity.get_review_state_display()}
            for activity in activities
            if activity.review_state not in FROM_STATES[action]
        ]
        if refused:
            raise ValidationError({"ids": refused})
        for activity in activities:
            _transition(user, activity, action, reason)
        inbox.post_many([_result_message(activity, action) for activity in activities if activity.created_by_id])
    return activities


def _result_message(activity: Activity, action: str) -> Any:
    """The review result for the inbox of who logged the activity: a return carries its reason and leads to
    the form to correct it."""
    if action == RETURN:
        title = _("活动被退回：%(title)s") % {"title": activity}
        body = _("退回原因：%(reason)s") % {"reason": activity.review_reason}
    else:
        title, body = _("活动已通过：%(title)s") % {"title": activity}, ""
    return inbox.Message(
        recipient_id=activity.created_by_id,
        kind=MessageKind.REVIEW,
        title=title[: inbox.TITLE_MAX],
        body=body,
        link=reverse("activities:edit", args=[activity.pk]),
    )


def state_after_save(activity: Activity, draft: bool = False) -> str:
    """The state an activity takes when its editor saves it: a new one or a draft stays a draft when she saves
    it as one, else it is submitted; a returned one is resubmitted; a submitted or approved one keeps its
    state."""
    state = activity.review_state if activity.pk else ReviewState.DRAFT
    if draft and state == ReviewState.DRAFT:
        return ReviewState.DRAFT
    if state in (ReviewState.DRAFT, ReviewState.RETURNED):
        return ReviewState.SUBMITTED
    return state


def returned_to(user: Any, limit: int = 5) -> tuple[list[Activity], int]:
    """The returned activities waiting for ``user`` (the ones she logged, still in her edit scope), newest
    review first, and how many more there are (two queries)."""
    if user is None or not user.is_authenticated or not user.can_edit:
        return [], 0
    queryset = Activity.objects.editable_by(user).filter(review_state=ReviewState.RETURNED, created_by=user)
    rows = list(queryset.select_related("kind").order_by("-reviewed_at", "-pk")[:limit])
    more = queryset.count() - len(rows) if len(rows) == limit else 0
    return rows, more
