"""Every page a signed-in person opens, per user: discovered from the URL configuration and the admin
registry, not from a hand list, so a page added tomorrow is measured (``make bench``) and query-counted
(tests/pages/test_page_queries.py) the day it is added.

- Site pages: every named route outside /api/, /admin/ and /i18n/, except the few in ``NOT_PAGES`` (each
  with the reason it is not an HTML page someone opens). A route with parameters needs a way to pick the
  user's own example in ``SAMPLES``; ``undeclared_routes()`` names any route that has neither, and a test
  fails on it.
- Admin: for every registered model the user may view, its changelist and the change form of one row of
  her changelist (the newest).

``pages_for(user)`` returns them as ``Page`` tuples (label, url, kind); the label is stable across
databases (the route name or the admin model, never an id), so counts at two sizes can be compared.
"""

from dataclasses import dataclass

from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# Route names that are not HTML pages opened by a signed-in person, and why.
NOT_PAGES = {
    "healthz": "a probe for the load balancer",
    "metrics": "Prometheus text",
    "login": "the anonymous sign-in form",
    "logout": "POST only",
    "dashboard": "a redirect to evaluations:dashboard",
    "media": "uploaded files",
    "password_change_done": "a confirmation after a POST",
    "activities:search": "JSON for the activity form's pickers",
    "inbox-read": "POST only",
    "inbox-read-all": "POST only",
    "evaluations:qr-svg": "an image",
    "evaluations:qr-png": "an image",
    "evaluations:dashboard-export": "a spreadsheet download",
    "evaluations:thanks": "shown after answering a survey",
    "organizations:tree-children": "JSON for the tree browser (timed in the bench's tree table)",
    "organizations:tree-search": "JSON for the tree browser (timed in the bench's tree table)",
    "cadres:import-job": "the progress of one's own import, opened after uploading a file",
    "venues:map-data": "JSON for the map panel on the dashboard (the map page itself is timed)",
    "directory:photo": "an image (a consenting cadre's photo on the public directory)",
}
SKIPPED_PREFIXES = ("api/", "admin/", "i18n/")


def _newest(model, user, manager="visible_to", **filters):
    queryset = getattr(apps.get_model(model)._default_manager, manager)(user).filter(**filters)
    return queryset.order_by("-pk").values_list("pk", flat=True).first()


def _pk(model, manager="visible_to"):
    def sample(user):
        pk = _newest(model, user, manager)
        return None if pk is None else {"pk": pk}

    return sample


def _survey_token(user):
    survey = apps.get_model("evaluations.Survey").objects.visible_to(user).order_by("-pk").first()
    return None if survey is None else {"token": survey.token}


def _own_message(user):
    pk = apps.get_model("accounts.Message").objects.filter(recipient=user).order_by("-pk").values("pk").first()
    return None if pk is None else pk


# How to pick the user's own example for a route with parameters (None: she has none, the page is skipped).
SAMPLES = {
    "activities:edit": _pk("activities.Activity", "editable_by"),
    "activities:withdraw": _pk("activities.Activity", "editable_by"),
    "cadres:training-course": _pk("cadres.TrainingCourse"),
    "cadres:session-attendance": _pk("cadres.TrainingSession", "editable_by"),
    "cadres:person-training": _pk("cadres.Person"),
    "venues:venue": _pk("venues.Venue"),
    "venues:cluster": _pk("venues.VenueCluster"),
    "evaluations:answer": _survey_token,
    "inbox-message": _own_message,
    "evaluations:poster": _pk("evaluations.Survey"),
    # the public directory (no sign-in): the page of a community the user can see
    "directory:place": lambda user: (
        None
        if (pk := _newest("organizations.Federation", user, level__in=("COMMUNITY", "VILLAGE"), archived_at=None))
        is None
        else {"pk": pk}
    ),
}


@dataclass(frozen=True)
class Route:
    name: str
    pattern: str
    parameters: tuple


@dataclass(frozen=True)
class Page:
    label: str  # the route name or "admin <app>.<model> changelist|change": the same at any data size
    url: str
    kind: str  # "page", "changelist" or "change"


def _walk(patterns, prefix="", namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield Route(f"{namespace}{entry.name}", prefix + str(entry.pattern), tuple(entry.pattern.converters.keys()))


def routes():
    """Every named route of the site outside /api/, /admin/ and /i18n/, in URL configuration order."""
    seen = {}
    for route in _walk(get_resolver().url_patterns):
        if route.pattern.startswith(SKIPPED_PREFIXES) or route.name in seen:
            continue
        seen[route.name] = route
    return list(seen.values())


def page_routes():
    return [route for route in routes() if route.name not in NOT_PAGES]


def undeclared_routes():
    """Routes with parameters that are neither in ``NOT_PAGES`` nor given a sample in ``SAMPLES``."""
    return [route.name for route in page_routes() if route.parameters and route.name not in SAMPLES]


def admin_models():
    """The registered admin models as (label, ModelAdmin), sorted by label."""
    return sorted((model._meta.label_lower, model_admin) for model, model_admin in admin.site._registry.items())


def _request(user, path="/admin/"):
    request = RequestFactory().get(path)
    request.user = user or AnonymousUser()
    return request


def site_pages(user):
    pages = []
    for route in page_routes():
        if route.parameters:
            kwargs = SAMPLES[route.name](user)
            if kwargs is None:
                continue
            url = reverse(route.name, kwargs=kwargs)
        else:
            url = reverse(route.name)
        pages.append(Page(route.name, url, "page"))
    return pages


def admin_pages(user):
    """The changelists ``user`` may open, each with the change form of its newest row (if any)."""
    if not getattr(user, "is_staff", False):
        return []
    pages = []
    request = _request(user)
    for label, model_admin in admin_models():
        if not model_admin.has_module_permission(request) or not model_admin.has_view_or_change_permission(request):
            continue
        meta = model_admin.model._meta
        name = f"admin:{meta.app_label}_{meta.model_name}"
        pages.append(Page(f"admin {label} changelist", reverse(f"{name}_changelist"), "changelist"))
        # An admin without Django's change form (API tokens: their pk is the secret) names its row page itself.
        row_page_url = getattr(model_admin, "row_page_url", None)
        if row_page_url is not None:
            url = row_page_url(request)
        else:
            pk = model_admin.get_queryset(request).order_by("-pk").values_list("pk", flat=True).first()
            url = reverse(f"{name}_change", args=[pk]) if pk is not None else None
        if url is not None:
            pages.append(Page(f"admin {label} change", url, "change"))
    return pages


def pages_for(user):
    """Every page ``user`` can open: the site's pages, then the admin's."""
    return site_pages(user) + admin_pages(user)
