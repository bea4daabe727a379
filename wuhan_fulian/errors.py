"""The site's error pages: Chinese, styled like every other page, with the site navigation, and JSON under
/api/ (a client reading the API never gets HTML). Wired in wuhan_fulian/urls.py as handler400/403/404/500.

The 500 page renders without the request context: the database may be what failed, so no navigation query
and no user lookup; it links home only."""

from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import requires_csrf_token

TITLES = {
    400: (_("请求有误"), _("提交的内容无法处理，请返回上一页检查后重试。")),
    403: (_("没有权限"), _("您没有权限查看或修改此页内容。如需办理，请联系上级妇联管理员。")),
    404: (_("页面不存在"), _("您要找的页面不存在，或不在您的查看范围内。")),
    500: (_("系统出错了"), _("服务器处理时出错，我们已记录此问题。请稍后再试，或回到首页。")),
}


def _is_api(request):
    return request.path.startswith("/api/")


def _message(exception):
    """The Chinese reason a view gave (``PermissionDenied(NOT_YOURS_TO_CHANGE)``), never Django's English
    internals (a 404's resolver details)."""
    text = str(exception or "").strip()
    if not text or not any("\u4e00" <= char <= "\u9fff" for char in text):
        return ""
    return text


def _page(request, status, exception=None):
    title, hint = TITLES[status]
    detail = _message(exception) if status == 403 else ""
    if _is_api(request):
        return JsonResponse({"detail": detail or str(title), "status_code": status}, status=status)
    context = {"status": status, "title": str(title), "hint": str(hint), "detail": detail}
    return render(request, f"{status}.html", context, status=status)


@requires_csrf_token
def bad_request(request, exception=None):
    return _page(request, 400, exception)


@requires_csrf_token
def permission_denied(request, exception=None):
    return _page(request, 403, exception)


@requires_csrf_token
def page_not_found(request, exception=None):
    return _page(request, 404, exception)


@requires_csrf_token
def server_error(request):
    title, hint = TITLES[500]
    if _is_api(request):
        return JsonResponse({"detail": str(title), "status_code": 500}, status=500)
    html = loader.get_template("500.html").render({"status": 500, "title": str(title), "hint": str(hint)})
    return HttpResponseServerError(html)
