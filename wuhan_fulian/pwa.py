"""The chair's installable app (issue 19): the web app manifest and the service worker, both served from the
site root so the worker's scope is the whole site. The worker is written by us (static/pwa/sw.js, with the
offline queue static/pwa/queue.js in front of it): no library, no CDN, no inline script."""

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.templatetags.static import static
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

WORKER_PARTS = ["pwa/queue.js", "pwa/sw.js"]
THEME = "#c0392b"

# What the phone scripts show (the offline queue, the photo upload, the activity form's pickers), keyed by name.
# Written here, in the catalogue the templates use, so they follow the page's language; each page carries them
# as JSON data (base.html), which static/pwa/texts.js reads: no inline script, and the service worker, which has
# no page, stores a reason's name ("login") that the page words when it shows it. %(n)s and the like are filled
# in by the script.
TEXTS = {
    "pending": gettext_lazy("待上传"),
    "refused": gettext_lazy("未能上传"),
    "retry": gettext_lazy("重新上传"),
    "drop": gettext_lazy("删除"),
    "confirm_drop": gettext_lazy("删除后这条活动不会上传，确定删除吗？"),
    "shrinking": gettext_lazy("正在压缩照片…"),
    "kept": gettext_lazy("已保存在手机上，联网后自动上传。"),
    "storage_failed": gettext_lazy("手机存储不可用，未能保存，请联网后再提交。"),
    "problem_invalid": gettext_lazy("提交的内容有误，请检查后重新登记。"),
    "problem_login": gettext_lazy("登录已过期或没有权限：请重新登录后再打开“登记活动”页上传。"),
    "problem_server": gettext_lazy("服务器暂时无法保存，稍后自动重试。"),
    "uploading": gettext_lazy("正在上传 %(percent)s%%"),
    "upload_failed": gettext_lazy("照片上传失败，请重试。"),
    "network_failed": gettext_lazy("上传失败，请检查网络后重试。"),
    "uploaded_saving": gettext_lazy("上传完成，正在保存…"),
    "held": gettext_lazy("已保留：%(name)s"),
    "not_found": gettext_lazy("没有找到，请换个关键词"),
    "too_many_photos": gettext_lazy("每个活动最多 9 张照片，请重新选择。"),
}
# Counted texts: worded for one and for more (enough for both languages the site speaks).
COUNTED = {
    "photos": lambda n: ngettext("%(n)s 张照片", "%(n)s 张照片", n),
    "sent": lambda n: ngettext("已上传 %(n)s 条活动。", "已上传 %(n)s 条活动。", n),
    "waiting": lambda n: ngettext("%(n)s 条活动待上传，联网后自动上传。", "%(n)s 条活动待上传，联网后自动上传。", n),
}


def texts() -> dict[str, object]:
    """The phone scripts' texts in the active language (a counted one as {"one": …, "other": …})."""
    words: dict[str, object] = {key: str(text) for key, text in TEXTS.items()}
    for key, worded in COUNTED.items():
        words[key] = {"one": worded(1), "other": worded(2)}
    return words


def page_texts(request) -> dict[str, object]:
    """Context processor: ``pwa_texts``, worded only when a page renders it (signed-in pages, base.html)."""
    return {"pwa_texts": texts}


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
