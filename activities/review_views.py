"""The review list of the federation one level up: filters (type, state, month, community), select many and
approve or return them with a reason, on a phone or a desktop. Fixed queries per page at any size.

The types: activities (the default), duty reports and 四个一 checks (cadres/review.py); each gives its
reviewable rows, how a month and a community narrow them, its order and its review."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import DateTimeField, ExpressionWrapper, F
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts import review as shared
from cadres import review as cadres_review
from cadres.models import DutyReport, RotationCheck
from core.dates import month_bounds, parse_month
from organizations.models import Federation

from . import review
from .choices import ReviewState

PAGE_SIZE = 30
# Newest first, by an expression rather than the ``start`` column: with the column PostgreSQL walks the
# city's activities backwards by start until a page of the reviewer's turns up (38-60 ms for a street, and
# more where few are waiting); with the expression it reads her federations' rows by the federation index
# and sorts them (a street's 6,000 activities: 4 ms).
NEWEST_FIRST = (ExpressionWrapper(F("start") + datetime.timedelta(0), output_field=DateTimeField()).desc(), "-id")


@dataclass(frozen=True)
class ReviewType:
    """One kind of record on the list: its rows for a reviewer (with what a row shows), the month's filter,
    the order, the review itself and the words of the page."""

    key: str
    label: str
    heading: str
    rows: Callable
    in_month: Callable
    federation_path: str
    ordering: tuple
    review: Callable
    approved: str
    returned: str
    empty: str


def _cadres_type(model, key, label, heading, in_month, ordering, empty):
    return ReviewType(
        key=key,
        label=label,
        heading=heading,
        rows=lambda user: cadres_review.reviewable_by(user, model).select_related(
            "post__person", "post__federation", "created_by"
        ),
        in_month=in_month,
        federation_path=cadres_review.FEDERATION_PATH,
        ordering=ordering,
        review=lambda user, ids, action, reason: cadres_review.review(user, model, ids, action, reason),
        approved=gettext_lazy("已通过 %(n)d 条记录。"),
        returned=gettext_lazy("已退回 %(n)d 条记录。"),
        empty=empty,
    )


TYPES = {
    "activity": ReviewType(
        key="activity",
        label=gettext_lazy("活动"),
        heading=gettext_lazy("审核活动"),
        rows=lambda user: review.reviewable_by(user).select_related("kind", "federation", "created_by"),
        in_month=lambda rows, start, end: rows.filter(start__gte=start, start__lt=end),
        federation_path="federation",
        ordering=NEWEST_FIRST,
        review=review.review,
        approved=gettext_lazy("已通过 %(n)d 条活动。"),
        returned=gettext_lazy("已退回 %(n)d 条活动。"),
        empty=gettext_lazy("没有需要审核的活动。"),
    ),
    "duty_report": _cadres_type(
        DutyReport,
        "duty_report",
        gettext_lazy("述职报告"),
        gettext_lazy("审核述职报告"),
        lambda rows, start, end: rows.filter(filed_on__gte=start.date(), filed_on__lt=end.date()),
        ("-filed_on", "-id"),
        gettext_lazy("没有需要审核的述职报告。"),
    ),
    "rotation_check": _cadres_type(
        RotationCheck,
        "rotation_check",
        gettext_lazy("“四个一”检查"),
        gettext_lazy("审核“四个一”检查"),
        lambda rows, start, end: rows.filter(month=start.date()),
        ("-month", "-id"),
        gettext_lazy("没有需要审核的“四个一”检查。"),
    ),
}
DEFAULT_TYPE = "activity"


def _type(value):
    """The chosen type, or None when it is not one of ``TYPES``."""
    return TYPES.get(value or DEFAULT_TYPE)


def _filters(request, root):
    """The chosen type, state, month and community, with the Chinese errors of bad input (the filter then left
    out)."""
    errors, chosen = [], {}
    kind = _type(request.GET.get("type", "").strip())
    if kind is None:
        errors.append(_("审核类型无效。"))
        kind = TYPES[DEFAULT_TYPE]
    chosen["type"] = kind
    state = request.GET.get("state", ReviewState.SUBMITTED)
    if state not in ReviewState.values and state != "all":
        errors.append(_("审核状态无效。"))
        state = ReviewState.SUBMITTED
    chosen["state"] = state
    month_text = request.GET.get("month", "").strip()
    chosen["month"] = None
    if month_text:
        try:
            chosen["month"] = parse_month(month_text)
        except ValueError:
            errors.append(_("月份格式应为“年-月”，例如 2024-05。"))
    community_text = request.GET.get("community", "").strip()
    chosen["community"] = None
    if community_text:
        community = None
        if community_text.isdigit() and root is not None:
            community = Federation.objects.filter(parent=root, pk=int(community_text)).first()
        if community is None:
            errors.append(_("所选社区不在您的审核范围内。"))
        chosen["community"] = community
    return chosen, errors


@dataclass
class Page:
    """One page of the list without a COUNT over her subtree: a row past the page tells there is a next one
    (one query, empty or not)."""

    object_list: list
    number: int
    has_next: bool

    def __iter__(self):
        return iter(self.object_list)

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_other_pages(self):
        return self.has_previous or self.has_next

    def previous_page_number(self):
        return self.number - 1

    def next_page_number(self):
        return self.number + 1


def _page(queryset, number_text):
    number = int(number_text) if number_text.isdigit() and 0 < int(number_text) < 100_000 else 1
    offset = (number - 1) * PAGE_SIZE
    rows = list(queryset[offset : offset + PAGE_SIZE + 1])
    return Page(rows[:PAGE_SIZE], number, len(rows) > PAGE_SIZE)


@login_required
def review_list(request):
    """GET: the records of the chosen type she reviews, filtered. POST: approve or return the selected ones (a
    reason is required to return), all or none; back to the same filtered list."""
    if not shared.is_reviewer(request.user):
        raise PermissionDenied(_("只有上级妇联的工作人员可以审核活动。"))
    root = None if request.user.is_superuser else request.user.edit_root
    if request.method == "POST":
        return _act(request)
    chosen, errors = _filters(request, root)
    for error in errors:
        messages.error(request, error)
    kind = chosen["type"]
    rows = kind.rows(request.user)
    if chosen["state"] != "all":
        rows = rows.filter(review_state=chosen["state"])
    if chosen["month"]:
        start, end = month_bounds(chosen["month"])
        rows = kind.in_month(rows, start, end)
    if chosen["community"]:
        community = chosen["community"]
        path = kind.federation_path
        rows = rows.filter(
            **{
                f"{path}__tree_id": community.tree_id,
                f"{path}__lft__gte": community.lft,
                f"{path}__lft__lte": community.rght,
            }
        )
    page = _page(rows.order_by(*kind.ordering), request.GET.get("page", ""))
    query = {
        "type": kind.key,
        "state": chosen["state"],
        **({"month": f"{chosen['month']:%Y-%m}"} if chosen["month"] else {}),
        **({"community": chosen["community"].pk} if chosen["community"] else {}),
    }
    communities = list(Federation.objects.filter(parent=root).order_by("lft").only("id", "name")) if root else []
    context = {
        "page": page,
        "chosen": chosen,
        "states": [("all", _("全部")), *ReviewState.choices],
        "types": [(key, kind.label) for key, kind in TYPES.items()],
        "communities": communities,
        "query": urlencode(query),
        "reason_max": review.REASON_MAX,
    }
    return render(request, "activities/review.html", context)


def _act(request):
    back = reverse("activities:review") + ("?" + request.POST["query"] if request.POST.get("query") else "")
    kind = _type(request.POST.get("type", "").strip())
    if kind is None:
        messages.error(request, _("审核类型无效。"))
        return redirect(back)
    ids = [value for value in request.POST.getlist("ids") if value.isdigit()]
    action = request.POST.get("action", "")
    try:
        changed = kind.review(request.user, ids, action, request.POST.get("reason", ""))
    except LookupError:
        raise Http404(_("所选记录不存在或不在您的审核范围内。")) from None
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(back)
    done = kind.approved if action == shared.APPROVE else kind.returned
    messages.success(request, done % {"n": len(changed)})
    return redirect(back)
