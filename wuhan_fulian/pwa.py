"""The chair's installable app (issue 19): the web app manifest and the service worker, both served from the
site root so the worker's scope is the whole site. The worker is written by us (static/pwa/sw.js, with the
offline queue static/pwa/queue.js in front of it): no library, no CDN, no inline script."""

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

WORKER_PARTS = ["pwa/queue.js", "pwa/sw.js"]
THEME = "#c0392b"


def _read(name):
    path = finders.find(name)
    if not path:
        raise Http404(name)
    with open(path, encoding="utf-8") as handle:
        return handle.read()


@require_GET
def service_worker(request):
    """/sw.js: revalidated on every check (no-cache) so a new version installs on her next open."""
    body = "\n".join(_read(name) for name in WORKER_PARTS)
    response = HttpResponse(body, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request):
    body = {
        "name": _("武汉市妇联 · 五联五强"),
        "short_name": _("妇联活动"),
        "description": _("社区（村）妇联主席登记活动，没有信号时也能先存在手机上。"),
        "lang": get_language() or "zh-hans",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": THEME,
        "icons": [
            {"src": static(f"pwa/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
            for size in (192, 512)
        ],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Content-Type"] = "application/manifest+json"
    return response
