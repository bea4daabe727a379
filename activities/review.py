"""Review of logged activities (上报 → 审核 → 退回/通过).

A chair's save is 已上报 (or a 草稿 when she saves it as a draft); the federation one level up reviews it: its
staff approve (已通过) or return it with a reason (已退回); editing a returned record and saving resubmits it.
Who reviews what: ``settings.REVIEW_LEVELS`` maps a reviewer's federation level to the levels of the records
she reviews; the record must lie in her edit subtree strictly below her own federation, and a community chair
never reviews. A record outside that is missing to her (404). Every transition is one save, so one history row
(who, when, the state before and after), and a message in the inbox of who logged it (accounts/inbox.py).
The states, the reason check, who reviews which federations and the transition are shared with duty reports
and 四个一 checks (accounts/review.py); this module gives them the activities and their messages.

Whether indicators count every submitted activity or only approved ones is ``settings.INDICATORS_COUNT``
(``counted_q``), applied where activities are counted (``services.summary`` and the statistics built on it).
"""

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import review as shared
from accounts.models import Message
from accounts.review import (  # noqa: F401  (this module's public names, as before the move to accounts)
    APPROVE,
    FROM_STATES,
    NOT_REVIEWABLE,
    REASON_MAX,
    REASON_REQUIRED,
    RETURN,
    TO_STATE,
    clean_reason,
    is_reviewer,
)

from .choices import ReviewState
from .models import Activity


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


def reviewable_by(user: Any, owners: list[int] | None = None) -> QuerySet:
    """The activities ``user`` reviews: in her edit subtree strictly below her federation, at the levels
    ``REVIEW_LEVELS`` gives hers (every activity for a superuser; none for a chair or a viewer). ``owners``:
    the ids of those federations, when the caller has them (``accounts.review.reviewed_federation_ids``)."""
    return shared.reviewable(Activity.objects.all(), user, "federation", owners)


def review(user: Any, ids: Iterable[int], action: str, reason: str = "") -> list[Activity]:
    """Approve or return the activities ``ids`` that ``user`` reviews, all or none: an id she does not review
    (missing, out of her scope, her own level) is a ``LookupError`` (404 to the caller); one in a state the
    action does not start from is a ``ValidationError``. Returns the activities changed."""
    return shared.review_records(
        user,
        reviewable_by(user),
        ids,
        action,
        reason,
        none_chosen=_("请至少选择一条活动。"),
        message=_result_message,
    )


def _result_message(activity: Activity, action: str) -> Message | None:
    """The review result for the inbox of who logged the activity: a return carries its reason and leads to
    the form to correct it."""
    if action == RETURN:
        title = _("活动被退回：%(title)s") % {"title": activity}
        body = _("退回原因：%(reason)s") % {"reason": activity.review_reason}
    else:
        title, body = _("活动已通过：%(title)s") % {"title": activity}, ""
    link = reverse("activities:edit", args=[activity.pk])
    return shared.result_message(activity.created_by_id, title=title, body=body, link=link)


def state_after_save(activity: Activity, draft: bool = False) -> str:
    """The state an activity takes when its editor saves it: a new one or a draft stays a draft when she saves
    it as one, else it is submitted; a returned one is resubmitted; a submitted or approved one keeps its
    state."""
    return shared.state_after_save(activity.review_state if activity.pk else None, draft)


def returned_to(user: Any, limit: int = 5) -> tuple[list[Activity], int]:
    """The returned activities waiting for ``user`` (the ones she logged, still in her edit scope), newest
    review first, and how many more there are (two queries)."""
    if user is None or not user.is_authenticated or not user.can_edit:
        return [], 0
    queryset = Activity.objects.editable_by(user).filter(review_state=ReviewState.RETURNED, created_by=user)
    rows = list(queryset.select_related("kind").order_by("-reviewed_at", "-pk")[:limit])
    more = queryset.count() - len(rows) if len(rows) == limit else 0
    return rows, more
