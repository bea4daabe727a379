"""The review list of the federation one level up: filters (state, month, community), select many and approve
or return them with a reason, on a phone or a desktop. Fixed queries per page at any size."""

import datetime
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


def _filters(request, root):
    """The chosen state, month and community, with the Chinese errors of bad input (the filter then left out)."""
    errors, chosen = [], {}
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
    """GET: the activities she reviews, filtered. POST: approve or return the selected ones (a reason is
    required to return), all or none; back to the same filtered list."""
    if not review.is_reviewer(request.user):
        raise PermissionDenied(_("只有上级妇联的工作人员可以审核活动。"))
    root = None if request.user.is_superuser else request.user.edit_root
    if request.method == "POST":
        return _act(request)
    chosen, errors = _filters(request, root)
    for error in errors:
        messages.error(request, error)
    activities = review.reviewable_by(request.user).select_related("kind", "federation", "created_by")
    if chosen["state"] != "all":
        activities = activities.filter(review_state=chosen["state"])
    if chosen["month"]:
        start, end = month_bounds(chosen["month"])
        activities = activities.filter(start__gte=start, start__lt=end)
    if chosen["community"]:
        community = chosen["community"]
        activities = activities.filter(
            federation__tree_id=community.tree_id,
            federation__lft__gte=community.lft,
            federation__lft__lte=community.rght,
        )
    page = _page(activities.order_by(*NEWEST_FIRST), request.GET.get("page", ""))
    query = {
        "state": chosen["state"],
        **({"month": f"{chosen['month']:%Y-%m}"} if chosen["month"] else {}),
        **({"community": chosen["community"].pk} if chosen["community"] else {}),
    }
    communities = list(Federation.objects.filter(parent=root).order_by("lft").only("id", "name")) if root else []
    context = {
        "page": page,
        "chosen": chosen,
        "states": [("all", _("全部")), *ReviewState.choices],
        "communities": communities,
        "query": urlencode(query),
        "reason_max": review.REASON_MAX,
    }
    return render(request, "activities/review.html", context)


def _act(request):
    back = reverse("activities:review") + ("?" + request.POST["query"] if request.POST.get("query") else "")
    ids = [value for value in request.POST.getlist("ids") if value.isdigit()]
    action = request.POST.get("action", "")
    try:
        changed = review.review(request.user, ids, action, request.POST.get("reason", ""))
    except LookupError:
        raise Http404(_("所选活动不存在或不在您的审核范围内。")) from None
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(back)
    if action == review.APPROVE:
        messages.success(request, _("已通过 %(n)d 条活动。") % {"n": len(changed)})
    else:
        messages.success(request, _("已退回 %(n)d 条活动。") % {"n": len(changed)})
    return redirect(back)
