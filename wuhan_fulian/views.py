from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt

from core import db

from .home import home_sections


@login_required
def home(request):
    return render(request, "home.html", {"sections": home_sections(request)})


@never_cache
def healthz(request):
    """200 when the database (and Redis, when configured) answer; 503 otherwise."""
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception as exc:  # noqa: BLE001 - any failure means unhealthy
        checks["database"] = f"error: {exc.__class__.__name__}"
    if settings.REDIS_URL:
        try:
            import redis

            redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1).ping()
            checks["redis"] = "ok"
        except Exception as exc:  # noqa: BLE001
            checks["redis"] = f"error: {exc.__class__.__name__}"
    healthy = all(value == "ok" for value in checks.values())
    body = {"status": "ok" if healthy else "error", "checks": checks}
    # The replica is reported, not required: while it is down or lagging, reads fall back to the primary.
    status = db.replica_status()
    if status is not None:
        body["replica"] = status.as_dict()
    return JsonResponse(body, status=200 if healthy else 503)


@csrf_exempt
def api_not_found(request, *args, **kwargs):
    return JsonResponse({"detail": _("未找到。")}, status=404)


def lockout(request, original_response=None, credentials=None):
    """django-axes lockout: JSON for the API, a Chinese page elsewhere; 429 either way."""
    message = _("登录失败次数过多，账号已暂时锁定。请 15 分钟后再试，或联系上级妇联管理员解锁。")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    return render(request, "registration/locked.html", status=429)
