"""Review of the duty reports and 四个一 checks chairs submit (上报 → 审核 → 退回/通过), by the federation one
level up, exactly like activities (accounts/review.py holds the shared states and transition).

A record's federation is its post's; a community chair's duty report is reviewed by her street's staff, a
street chair's duty report or 四个一 check by the district's (``settings.REVIEW_LEVELS``). The per-line
``DutyReportReview`` rows stay what they were: the Party line's and the federation line's written review with
a rating; this review is the platform's acceptance of the record.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, QuerySet, Window
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts import review as shared
from accounts.models import Message
from accounts.review import RETURN, ReviewState

from .models import DutyReport, RotationCheck

FEDERATION_PATH = "post__federation"
MODELS = (DutyReport, RotationCheck)


def reviewable_by(user: Any, model: type, owners: list[int] | None = None) -> QuerySet:
    """The ``model`` records (duty reports or 四个一 checks) ``user`` reviews: their post's federation in her
    edit subtree strictly below her own, at the levels ``REVIEW_LEVELS`` gives hers (``owners``: their ids,
    when the caller has them)."""
    return shared.reviewable(model.objects.all(), user, FEDERATION_PATH, owners)


def review(user: Any, model: type, ids: Iterable[Any], action: str, reason: str = "") -> list[Any]:
    """Approve or return the ``model`` records ``ids`` that ``user`` reviews, all or none (see
    ``accounts.review.review_records``: ``LookupError`` for one she does not review, ``ValidationError`` for
    bad input or a state the action does not start from)."""
    return shared.review_records(
        user,
        reviewable_by(user, model).select_related("post__person"),
        ids,
        action,
        reason,
        none_chosen=_("请至少选择一条记录。"),
        message=_result_message,
    )


def change_url(record: Any) -> str:
    """Where who filed it corrects it: the record's admin change form."""
    return reverse(f"admin:cadres_{record._meta.model_name}_change", args=[record.pk])


def _result_message(record: Any, action: str) -> Message | None:
    if isinstance(record, DutyReport):
        returned, approved = _("述职报告被退回：%(title)s"), _("述职报告已通过：%(title)s")
    else:
        returned, approved = _("“四个一”检查被退回：%(title)s"), _("“四个一”检查已通过：%(title)s")
    if action == RETURN:
        title = returned % {"title": record}
        body = _("退回原因：%(reason)s") % {"reason": record.review_reason}
    else:
        title, body = approved % {"title": record}, ""
    return shared.result_message(record.created_by_id, title=title, body=body, link=change_url(record))


def returned_to(user: Any, model: type, limit: int = 5) -> tuple[list[Any], int]:
    """The returned ``model`` records waiting for ``user`` (the ones she filed, still in her edit scope),
    newest review first, and how many more there are: one query whatever their number (the total is a window
    over the rows before the limit)."""
    if user is None or not user.is_authenticated or not user.can_edit:
        return [], 0
    queryset = model.objects.editable_by(user).filter(review_state=ReviewState.RETURNED, created_by=user)
    rows = list(
        queryset.select_related("post__person")
        .annotate(returned_total=Window(Count("pk")))
        .order_by("-reviewed_at", "-pk")[:limit]
    )
    return rows, (rows[0].returned_total - len(rows) if rows else 0)


def returned_section(request: Any) -> dict[str, Any] | None:
    """The home page's block of her returned duty reports and 四个一 checks, each with its reason and the way
    to correct it (one query per kind, whatever their number)."""
    user = request.user
    if not user.is_authenticated or not user.can_edit or user.federation_id is None:
        return None
    reports, more_reports = returned_to(user, DutyReport)
    checks, more_checks = returned_to(user, RotationCheck)
    if not reports and not checks:
        return None
    return {
        "title": _("被退回的述职报告和“四个一”检查"),
        "template": "cadres/returned_section.html",
        "returned": [(record, change_url(record)) for record in [*reports, *checks]],
        "more": more_reports + more_checks,
    }
