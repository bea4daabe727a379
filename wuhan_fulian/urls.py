from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from accounts.api.views import TokenView

from . import media, pwa, views
from .api import system
from .observability import metrics_view

admin.site.site_header = gettext_lazy("武汉市妇联区域化建设管理平台")
admin.site.site_title = gettext_lazy("武汉市妇联")
admin.site.index_title = gettext_lazy("数据管理")

# Chinese error pages with the site navigation, JSON under /api/ (wuhan_fulian/errors.py).
handler400 = "wuhan_fulian.errors.bad_request"
handler403 = "wuhan_fulian.errors.permission_denied"
handler404 = "wuhan_fulian.errors.page_not_found"
handler500 = "wuhan_fulian.errors.server_error"

PILLARS = ["organizations", "cadres", "venues", "activities", "evaluations"]

api_patterns = [
    path("auth/token/", TokenView.as_view(), name="api-token"),
    path("accounts/", include("accounts.api.urls")),
    path("system/ping-task/", system.PingTaskView.as_view(), name="system-ping-task"),
    path("system/tasks/<str:task_id>/", system.TaskStateView.as_view(), name="system-task-state"),
    *[path(f"{app}/", include(f"{app}.api.urls")) for app in PILLARS],
    # Anything else under /api/ answers JSON, never Django's HTML page.
    re_path(r"^.*$", views.api_not_found),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("sw.js", pwa.service_worker, name="service-worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("metrics", metrics_view, name="metrics"),
    path("dashboard/", RedirectView.as_view(url="/evaluations/dashboard/", query_string=True), name="dashboard"),
    path("login/", auth_views.LoginView.as_view(template_name="registration/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("accounts.urls")),  # /password/: change one's own password
    path("i18n/", include("django.conf.urls.i18n")),
    path("directory/", include("venues.directory_urls")),  # the public directory: no sign-in
    path("admin/", admin.site.urls),
    path("api/v1/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves Swagger UI's script as a file: no inline script, so our CSP holds.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
    # ReDoc was dropped (its bundle always loads a logo from cdn.redoc.ly): old links land on Swagger UI.
    path("api/redoc/", RedirectView.as_view(url="/api/docs/", permanent=True), name="api-redoc"),
    *[path(f"{app}/", include(f"{app}.urls")) for app in PILLARS],
    # Uploaded files: only to who may view the owning record (404 otherwise), see wuhan_fulian/media.py.
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", media.serve, name="media"),
]
