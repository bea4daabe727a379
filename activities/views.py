"""Pages for community chairs on their phones: her recent activities, log or correct one, her month."""

import calendar
import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core import dates
from core.api.pagination import KnownCountPaginator
from core.dates import month_bounds, parse_month
from core.messages import NOT_YOURS_TO_CHANGE
from core.scope import is_editable, resolve_federation

from . import counts, holding, idempotency, organizers
from .choices import CoOrganizerRole, ReviewState
from .forms import ActivityForm
from .models import Activity, ActivityKind, ActivityPhoto, CoOrganizer
from .photos import check_photos
from .services import reached_ids, summary, withdraw_activity, withdraw_refusal


def _editor(request):
    if not request.user.can_edit:
        raise PermissionDenied(_("您的账号为只读账号，不能登记活动。"))


def _with_thumbnails(queryset):
    # The co-organisers counted by a subquery per listed row, not by a JOIN + GROUP BY over every activity in
    # her scope before the LIMIT (4.7 s for the city office's million activities at the city scale).
    co_organizers = (
        CoOrganizer.objects.filter(activity=OuterRef("pk")).order_by().values("activity").annotate(n=Count("id"))
    )
    return (
        queryset.select_related("kind", "federation", "venue")
        .prefetch_related(Prefetch("photos", queryset=ActivityPhoto.objects.order_by("order", "id")))
        .annotate(co_organizer_count=Coalesce(Subquery(co_organizers.values("n"), output_field=IntegerField()), 0))
    )


@login_required
def activity_list(request):
    """Her recent activities (the ones she may correct), newest first."""
    _editor(request)
    activities = _with_thumbnails(Activity.objects.editable_by(request.user)).order_by("-start", "-id")
    month_text = request.GET.get("month", "").strip()
    month = None
    if month_text:
        try:
            month = parse_month(month_text)
        except ValueError:
            messages.error(request, _("月份格式应为“年-月”，例如 2024-05。"))
        else:
            start, end = month_bounds(month)
            activities = activities.filter(start__gte=start, start__lt=end)
    if month is None:
        # The count from the per-federation counters (kept in each activity's own transaction), not a COUNT
        # over every activity of her subtree for each page (6 s for the city office at the city scale).
        user = request.user
        known = counts.subtree_total_of(None) if user.is_superuser else counts.subtree_total_of(user.edit_root)
        page = KnownCountPaginator(activities, 20, known_count=known).get_page(request.GET.get("page"))
    else:  # one month's activities: counted over the month's index range
        page = Paginator(activities, 20).get_page(request.GET.get("page"))
    month_query = f"&month={month:%Y-%m}" if month else ""
    return render(request, "activities/list.html", {"page": page, "month": month, "month_query": month_query})


def _form_context(form, activity=None):
    return {
        "form": form,
        "activity": activity,
        "organizer_rows": form.organizer_rows,
        "roles": CoOrganizerRole.choices,
    }


@login_required
def activity_create(request):
    """Log an activity. A POST may carry ``client_key`` (activities.idempotency): its replay answers with the
    activity the first one created, never a second. ``Accept: application/json`` (the offline queue, see
    static/pwa/queue.js) answers JSON: 201 created, 200 a replay, 400 the Chinese errors, 403 refused."""
    _editor(request)
    if request.method != "POST":
        form = ActivityForm(user=request.user, initial=_default_times())
        return render(request, "activities/form.html", _form_context(form))
    wants_json = "application/json" in request.headers.get("Accept", "")
    form = ActivityForm(request.POST, request.FILES, user=request.user)
    form.draft = _as_draft(request)
    try:
        key = idempotency.clean_key(request.POST.get("client_key"))
    except ValidationError as exc:
        key, bad_key = None, exc.messages
    else:
        bad_key = None
        found = idempotency.existing(request.user, key)
        if found is not None:
            return _replayed(request, found, wants_json)
    form.client_key = key
    if form.is_valid() and not bad_key:
        try:
            activity, created = idempotency.create_once(request.user, key, form.save)
        except PermissionDenied as exc:
            if not wants_json:
                raise
            return JsonResponse({"errors": [str(exc) or str(NOT_YOURS_TO_CHANGE)]}, status=403)
        if not created:
            return _replayed(request, activity, wants_json)
        if wants_json:
            return JsonResponse(_activity_json(activity, replayed=False), status=201)
        messages.success(request, _saved_message(activity, _("活动“%(title)s”已登记并上报。")))
        return redirect("activities:list")
    if bad_key:
        form.add_error(None, bad_key)
    if wants_json:
        return JsonResponse({"errors": _error_lines(form)}, status=400)
    form.hold_photos()
    return render(request, "activities/form.html", _form_context(form))


def _activity_json(activity, *, replayed):
    return {
        "id": activity.pk,
        "title": str(activity),
        "url": reverse("activities:edit", args=[activity.pk]),
        "replayed": replayed,
    }


def _replayed(request, activity, wants_json):
    """The same submission again: the activity it created the first time, nothing new."""
    if wants_json:
        return JsonResponse(_activity_json(activity, replayed=True))
    messages.info(request, _("活动“%(title)s”已经登记过，没有重复登记。") % {"title": activity})
    return redirect("activities:list")


def _error_lines(form):
    """Every error of a failed submission as one Chinese line each ("字段：错误"), for the offline queue."""
    lines = list(form.non_field_errors())
    for field in form:
        lines.extend(f"{field.label}：{error}" for error in field.errors)
    return lines


def _as_draft(request):
    """Her "保存为草稿" button (or the field its script sets when the photos are uploaded first)."""
    return "1" in request.POST.getlist("draft")


def _saved_message(activity, text):
    if activity.review_state == ReviewState.DRAFT:
        return _("活动“%(title)s”已保存为草稿，尚未上报。") % {"title": activity}
    return text % {"title": activity}


def _default_times():
    now = timezone.localtime().replace(second=0, microsecond=0)
    start = now.replace(minute=0) - datetime.timedelta(hours=2)
    return {"start": start, "end": start + datetime.timedelta(hours=2)}


@login_required
def activity_edit(request, pk):
    """Out of her view scope: 404. Visible but not hers to edit: 403. Either way nothing changes."""
    activity = get_object_or_404(Activity.objects.visible_to(request.user), pk=pk)
    if not request.user.can_edit or not is_editable(request.user, activity):
        raise PermissionDenied(NOT_YOURS_TO_CHANGE)
    if request.method == "POST":
        was_returned = activity.review_state == ReviewState.RETURNED
        form = ActivityForm(request.POST, request.FILES, instance=activity, user=request.user)
        form.draft = _as_draft(request)
        if form.is_valid():
            activity = form.save()
            done = _("活动“%(title)s”已修改并重新上报。") if was_returned else _("活动“%(title)s”已更新。")
            messages.success(request, _saved_message(activity, done))
            return redirect("activities:list")
        form.hold_photos()
    else:
        form = ActivityForm(instance=activity, user=request.user)
    context = _form_context(form, activity)
    context["may_withdraw"] = withdraw_refusal(request.user, activity) is None
    return render(request, "activities/form.html", context)


@login_required
def activity_withdraw(request, pk):
    """Withdraw (delete) an activity she logged, until an office above has acted on it (services.withdraw_refusal).
    GET asks to confirm; POST deletes. Out of her view: 404; not hers to edit: 403."""
    activity = get_object_or_404(Activity.objects.visible_to(request.user), pk=pk)
    if not request.user.can_edit or not is_editable(request.user, activity):
        raise PermissionDenied(NOT_YOURS_TO_CHANGE)
    refusal = withdraw_refusal(request.user, activity)
    if refusal:
        raise PermissionDenied(refusal)
    if request.method == "POST":
        title = str(activity)
        withdraw_activity(request.user, activity)
        messages.success(request, _("活动“%(title)s”已撤回。") % {"title": title})
        return redirect("activities:list")
    return render(request, "activities/withdraw.html", {"activity": activity})


MONTH_PAGE_SIZE = 50


def _month_filters(request, month):
    """The month page's narrowing filters, each checked: ``day`` (a day of the month) and ``kind`` (an
    activity type). A bad value is a Chinese message and the filter is left off, never a 500."""
    day = kind = None
    day_text = request.GET.get("day", "").strip()
    if day_text:
        last = dates.month_end(month).day
        if day_text.isdigit() and 1 <= int(day_text) <= last:
            day = int(day_text)
        else:
            messages.error(request, _("日期应为本月的某一天（1–%(last)d）。") % {"last": last})
    kind_text = request.GET.get("kind", "").strip()
    if kind_text:
        valid = kind_text.isdigit() and len(kind_text) < 10
        kind = ActivityKind.objects.filter(pk=int(kind_text)).first() if valid else None
        if kind is None:
            messages.error(request, _("没有这个活动类型。"))
    return day, kind


@login_required
def month_view(request):
    """A federation's month at a glance: a calendar with the activities of each day, the totals and a breakdown
    by type (one GROUP BY for all three), and the activities themselves a page at a time (``MONTH_PAGE_SIZE``), narrowed
    to a day or a type. The same cost for a community and for the whole city."""
    federation = resolve_federation(request, default=request.user.federation)
    try:
        month = parse_month(request.GET["month"]) if request.GET.get("month") else dates.this_month()
    except (ValueError, KeyError):
        month = dates.this_month()
    day, kind = _month_filters(request, month)
    start, end = month_bounds(month)
    totals = summary(federation, start, end, days=True)
    per_day = totals["days"]
    since, until = start, end
    if day is not None:
        since = start + datetime.timedelta(days=day - 1)
        until = since + datetime.timedelta(days=1)
    # The activity's own start bounds the scan too (a reach row's start is its activity's).
    activities = (
        Activity.objects.filter(pk__in=reached_ids(federation, since, until), start__gte=since, start__lt=until)
        .select_related("kind", "federation")
        .order_by("start", "id")
    )
    if kind is not None:
        activities = activities.filter(kind=kind)
    if day is None and kind is None:
        known = totals["count"]
    elif kind is None:
        known = per_day.get(day, 0)
    elif day is None:
        known = next((row["count"] for row in totals["by_kind"] if row["kind"] == kind.pk), 0)
    else:
        known = None  # both: counted over the day's rows
    page = KnownCountPaginator(activities, MONTH_PAGE_SIZE, known_count=known).get_page(request.GET.get("page"))
    by_day = {}
    for activity in page:
        by_day.setdefault(timezone.localtime(activity.start).day, []).append(activity)
    weeks = [
        [{"day": number, "count": per_day.get(number, 0)} for number in week]
        for week in calendar.Calendar(firstweekday=0).monthdayscalendar(month.year, month.month)
    ]
    base = {"federation": federation.pk, "month": f"{month:%Y-%m}"}
    filters = {**base, **({"day": day} if day else {}), **({"kind": kind.pk} if kind else {})}
    context = {
        "federation": federation,
        "month": month,
        "day": day,
        "kind": kind,
        "weeks": weeks,
        "days": sorted(by_day.items()),
        "page": page,
        "totals": totals,
        "previous": dates.previous_month(month),
        "following": dates.next_month(month),
        "month_query": urlencode(base),
        "filter_query": urlencode(filters),
        "weekdays": [_("一"), _("二"), _("三"), _("四"), _("五"), _("六"), _("日")],
    }
    return render(request, "activities/month.html", context)


@login_required
@require_POST
def hold_photos(request):
    """The form's script uploads her (shrunk) photos here first, with progress; each checked photo is held
    (activities.holding) and its token returned, so the form itself posts no file. 400 with Chinese errors."""
    _editor(request)
    uploads = [f for f in request.FILES.getlist("photos") if f]
    try:
        checked, errors = check_photos(uploads)
    except ValidationError as exc:
        checked, errors = [], exc.messages
    if errors:
        return JsonResponse({"errors": errors}, status=400)
    return JsonResponse({"held": [holding.hold(request.user, probed) for probed in checked]})


@login_required
@require_GET
def search(request):
    """Scoped JSON search for the form: ``type=organizer`` (default), ``venue``, ``federation`` (whom she logs
    for) or ``community`` (radiated to); ``q=`` a name part."""
    text = request.GET.get("q", "").strip()[:50]
    kind = request.GET.get("type")
    if kind == "venue":
        results = organizers.search_venues(request.user, text)
    elif kind in organizers.FEDERATION_SEARCHES:
        results = organizers.search_federations(request.user, kind, text)
    else:
        results = organizers.search(request.user, text)
    return JsonResponse({"results": results})
