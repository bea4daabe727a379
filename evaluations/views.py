"""Pages: the public survey (no login), its QR code and poster, the survey list and the dashboard."""

import math
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.db import read_from_replica
from venues import directory

from . import dashboard, export, pillars, qr, services, throttle
from .api.serializers import DashboardSerializer, response_count
from .forms import SurveyAnswerForm
from .models import Survey
from .surveys import AlreadyAnswered, submit_response

PUBLIC_SURVEYS = Survey.objects.select_related("template", "federation")


def _message(request, survey, title, text, status, device_id=None):
    response = render(
        request, "evaluations/survey_message.html", {"survey": survey, "title": title, "text": text}, status=status
    )
    if device_id is None and throttle.read_device_id(request) is None:
        throttle.set_device_cookie(request, response)
    return response


def _state_refusal(request, survey):
    state = survey.state_on(timezone.localdate())
    if state == "closed":
        return _message(
            request,
            survey,
            _("本次测评已结束"),
            _("感谢您的关注！本次测评已于 %(day)s 结束，欢迎参加下一次测评。") % {"day": survey.closes_on},
            410,
        )
    if state == "not_open":
        return _message(
            request,
            survey,
            _("本次测评尚未开始"),
            _("本次测评将于 %(day)s 开始，届时欢迎您再次扫码参与。") % {"day": survey.opens_on},
            403,
        )
    return None


def _already(request, survey):
    return _message(request, survey, _("您已经提交过了"), _("这台手机已经填写过本次测评，感谢您的参与！"), 409)


@never_cache
@require_http_methods(["GET", "POST"])
def survey_answer(request, token):
    """The survey a woman opens from the QR code. Anonymous; one answer per device; limited per address."""
    survey = get_object_or_404(PUBLIC_SURVEYS, token=token)
    if request.method == "POST":
        limit = throttle.SurveyRateThrottle()
        if not limit.allow_request(request, None):
            response = _message(
                request,
                survey,
                _("提交太频繁了"),
                _("同一网络提交的答卷过多，请稍后再试。给您带来不便，敬请谅解。"),
                429,
            )
            wait = limit.wait()
            if wait:
                response["Retry-After"] = str(math.ceil(wait))
            return response
    refusal = _state_refusal(request, survey)
    if refusal is not None:
        return refusal
    device_id = throttle.read_device_id(request)
    questions = list(survey.template.questions.all())
    if request.method == "POST":
        if device_id is None:
            return _message(
                request,
                survey,
                _("请重新打开问卷"),
                _("为保证每台手机只答一次，需要浏览器允许保存 Cookie。请允许后重新扫码填写。"),
                400,
            )
        key = throttle.device_key(device_id, survey.pk)
        if survey.responses.filter(device_key=key).exists():
            return _already(request, survey)
        form = SurveyAnswerForm(request.POST, questions=questions)
        if form.is_valid():
            try:
                # Flagged or not, the answerer sees the same thank-you page.
                submit_response(survey, key, form.answers(), signals=throttle.signals(request, survey.pk))
            except AlreadyAnswered:
                return _already(request, survey)
            return redirect(reverse("evaluations:thanks", args=[survey.token]), permanent=False)
        status = 400
    else:
        if (
            device_id is not None
            and survey.responses.filter(device_key=throttle.device_key(device_id, survey.pk)).exists()
        ):
            return _already(request, survey)
        form = SurveyAnswerForm(questions=questions)
        status = 200
    response = render(request, "evaluations/survey_answer.html", {"survey": survey, "form": form}, status=status)
    if device_id is None:
        throttle.set_device_cookie(request, response)
    return response


def survey_thanks(request, token):
    survey = get_object_or_404(PUBLIC_SURVEYS, token=token)
    return render(
        request,
        "evaluations/survey_message.html",
        {
            "survey": survey,
            "title": _("提交成功"),
            "text": _("感谢您的参与！您的意见将帮助妇联把工作做得更好。"),
            "done": True,
            "directory_url": directory.path_of(survey.federation),
        },
    )


def _public_url(request, survey):
    return request.build_absolute_uri(reverse("evaluations:answer", args=[survey.token]))


def survey_qr(request, token, fmt):
    """The QR code of the public link, as SVG (posters) or PNG (chat groups)."""
    survey = get_object_or_404(Survey, token=token)
    url = _public_url(request, survey)
    if fmt == "svg":
        response = HttpResponse(qr.svg(url), content_type="image/svg+xml")
    else:
        response = HttpResponse(qr.png(url), content_type="image/png")
        response["Content-Disposition"] = f'inline; filename="survey-{survey.pk}.png"'
    response["Cache-Control"] = "public, max-age=86400"
    return response


@login_required
def survey_poster(request, pk):
    """A printable A4 poster with the QR code, to put up in a Women's Home."""
    survey = get_object_or_404(Survey.objects.visible_to(request.user).select_related("federation"), pk=pk)
    directory_url = request.build_absolute_uri(directory.path_of(survey.federation))
    return render(
        request,
        "evaluations/survey_poster.html",
        {"survey": survey, "public_url": _public_url(request, survey), "directory_url": directory_url},
    )


@login_required
def survey_list(request):
    surveys = (
        Survey.objects.visible_to(request.user)
        .select_related("federation", "template")
        .annotate(response_count=response_count(), flagged_count=response_count(flagged=True))
        .order_by("-opens_on", "-id")[:200]
    )
    return render(request, "evaluations/survey_list.html", {"surveys": surveys, "today": timezone.localdate()})


# --- the dashboard -----------------------------------------------------------------------------------

PRINT_ROWS = 30


def _dashboard_query(request):
    """(root, period, errors) from ?federation=&from=&to=; 404 for a federation the user may not see; bad
    dates show the default period with the errors (the API answers them with a 400)."""
    return services.report_scope(request.user, request.GET, lenient=True)


@login_required
@read_from_replica
def dashboard_page(request):
    """The city office's dashboard (scoped for everyone else): indicators, coverage by child, monthly
    activities and satisfaction, gaps; a child's row drills down (?federation=<id>, shareable)."""
    root, period, errors = _dashboard_query(request)
    data = DashboardSerializer(dashboard.build(root, period)).data
    query = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    context = {
        "data": data,
        "errors": errors,
        "period": period,
        "query": query,
        "print_rows": PRINT_ROWS,
        "hidden_rows": max(0, len(data["children"]) - PRINT_ROWS),
        "export_url": f"{reverse('evaluations:dashboard-export')}?{urlencode({'federation': root.pk, **query})}",
        "api_url": f"{reverse('evaluations-api:dashboard')}?{urlencode({'federation': root.pk, **query})}",
        "pillars": pillars.build(root, period.as_of)["pillars"],
        "pillars_url": f"{reverse('evaluations:dashboard-pillars')}?{urlencode({'federation': root.pk, **query})}",
    }
    return render(request, "evaluations/dashboard.html", context, status=400 if errors else 200)


@login_required
@read_from_replica
def pillars_page(request):
    """Each pillar's headline figures for a federation and each of its children; a child's name drills down
    (?federation=<id>, shareable), as on the dashboard. Figures are as of the period's end."""
    root, period, errors = _dashboard_query(request)
    query = {"from": period.start.isoformat(), "to": period.end.isoformat()}
    context = {
        "root": root,
        "period": period,
        "query": query,
        "errors": errors,
        "data": pillars.build(root, period.as_of),
        "breadcrumbs": list(root.get_ancestors(include_self=True).only("id", "name")),
        "dashboard_url": f"{reverse('evaluations:dashboard')}?{urlencode({'federation': root.pk, **query})}",
    }
    return render(request, "evaluations/pillars.html", context, status=400 if errors else 200)


@login_required
@read_from_replica
def dashboard_export(request):
    """Every figure of the dashboard as an Excel workbook (the same numbers as the API)."""
    root, period, errors = _dashboard_query(request)
    if errors:
        return HttpResponse(
            _("参数有误：%(errors)s") % {"errors": errors}, status=400, content_type="text/plain; charset=utf-8"
        )
    content = export.workbook(DashboardSerializer(dashboard.build(root, period)).data)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    filename = f"dashboard-{root.pk}-{period.start:%Y%m}-{period.end:%Y%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
