"""The public directory (妇联在哪里): no sign-in, Chinese first, phone first. A woman picks her district, street
and community (or searches a name) and sees her federation, its Women's Home(s) with address, opening hours
and services, the demonstration home of its cluster, and the chair and vice chairs who consented to 亮身份
(``cadres.Person.public_profile``: name, photo, post; never a personal phone or ID number).

Safety: there is no list of people (only one community's sitting chair and vice chairs, on its own page);
every page is rate limited per client address (DRF's throttle, ``DIRECTORY_RATE``); each answer carries an
ETag of the data it shows and ``Cache-Control: public, max-age=0, must-revalidate``: a browser or proxy may
keep it but asks again each time, so a withdrawn consent disappears at once (the answer is then a new page,
not the 304). A fixed number of queries per page whatever the tree's size.

"Near me" (``near``): the browser's position, asked for only when she presses the button, travels in the query
of that one request (no cookie, no session) and is used, not kept: the page answers ``Referrer-Policy:
no-referrer`` so the next page's request does not carry it, and gunicorn's access log drops its query
(``wuhan_fulian.accesslog``)."""

from __future__ import annotations

import hashlib
import mimetypes
from typing import Any

from django.conf import settings
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from rest_framework.throttling import SimpleRateThrottle

from cadres.choices import Position
from cadres.models import Person, Post
from core import dates
from organizations.choices import COMMUNITY_LEVELS, DISTRICT_LEVELS, Level
from organizations.models import Federation

from . import geo, nearby
from .choices import VenueKind
from .models import ClusterMembership, Venue

DEFAULT_RATE = "120/minute"
SEARCH_MAX_LENGTH = 30
SEARCH_LIMIT = 20
LEADING = [Position.CHAIR, Position.VICE_CHAIR_FULLTIME, Position.VICE_CHAIR_PARTTIME]
BROWSABLE = (*DISTRICT_LEVELS, Level.STREET, Level.TOWNSHIP, *COMMUNITY_LEVELS)
# "Near me" shows homes and places, no people: the browser may keep it a few minutes (no consent to follow).
NEAR_MAX_AGE = 300


class DirectoryThrottle(SimpleRateThrottle):
    scope = "directory"

    def get_rate(self):
        return getattr(settings, "DIRECTORY_RATE", DEFAULT_RATE)

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def _throttled(request: HttpRequest) -> HttpResponse | None:
    throttle = DirectoryThrottle()
    if throttle.allow_request(request, None):
        return None
    wait = throttle.wait()
    response = render(
        request,
        "venues/directory/message.html",
        {"title": _("请求过于频繁"), "text": _("请稍后再试。")},
        status=429,
    )
    if wait is not None:
        response["Retry-After"] = str(int(wait) + 1)
    return response


def _cached(request: HttpRequest, fingerprint: object, build, shared: bool = True) -> HttpResponse:
    """The page, or a 304 when the client's copy shows the same data (``fingerprint``: what the page shows).
    ``shared``: a proxy may keep it too (not for a page whose address holds the visitor's position)."""
    digest = hashlib.sha256(repr((get_language(), fingerprint)).encode()).hexdigest()[:32]
    etag = f'"{digest}"'
    if etag in [tag.strip() for tag in request.headers.get("If-None-Match", "").split(",")]:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = build()
    response["ETag"] = etag
    if shared:
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    else:
        patch_cache_control(response, private=True, max_age=NEAR_MAX_AGE)
    return response


def _live_federations():
    return Federation.objects.filter(archived_at__isnull=True)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    if (limited := _throttled(request)) is not None:
        return limited
    query = request.GET.get("q", "").strip()
    error, results = "", []
    districts = list(
        _live_federations().filter(level__in=DISTRICT_LEVELS).order_by("tree_id", "lft").values("pk", "name")
    )
    if len(query) > SEARCH_MAX_LENGTH:
        error = _("搜索词不能超过 %(n)d 个字。") % {"n": SEARCH_MAX_LENGTH}
    elif query:
        results = list(
            _live_federations()
            .filter(name__icontains=query, level__in=(Level.STREET, Level.TOWNSHIP, *COMMUNITY_LEVELS))
            .select_related("parent")
            .order_by("tree_id", "lft")[:SEARCH_LIMIT]
        )
    fingerprint = (districts, query, error, [(f.pk, f.name, f.parent.name if f.parent else "") for f in results])
    context = {"districts": districts, "query": query, "error": error, "results": results}
    return _cached(
        request,
        fingerprint,
        lambda: render(request, "venues/directory/index.html", context, status=400 if error else 200),
    )


def path_of(federation: Any) -> str:
    """The directory page of ``federation`` (a district, street, community or village), else its start page:
    the survey's thank-you page and its poster point women to their own federation's page."""
    if federation.level in BROWSABLE:
        return reverse("directory:place", args=[federation.pk])
    return reverse("directory:index")


@require_GET
def place(request: HttpRequest, pk: int) -> HttpResponse:
    if (limited := _throttled(request)) is not None:
        return limited
    federation = get_object_or_404(_live_federations().filter(level__in=BROWSABLE), pk=pk)
    trail = list(federation.get_ancestors().filter(level__in=BROWSABLE).values("pk", "name"))
    if federation.level not in COMMUNITY_LEVELS:
        children = list(
            _live_federations()
            .filter(parent=federation, level__in=BROWSABLE)
            .order_by("sort_key", "pk")
            .values("pk", "name")
        )
        context = {"federation": federation, "trail": trail, "children": children}
        fingerprint = (federation.pk, federation.name, trail, children)
        return _cached(request, fingerprint, lambda: render(request, "venues/directory/area.html", context))
    context = {"federation": federation, "trail": trail, **community(federation)}
    fingerprint = (
        federation.pk,
        federation.name,
        trail,
        [(v.pk, v.name, v.address, v.opening_hours, v.phone, v.description) for v in context["homes"]],
        [(m.venue_id, m.venue.name, m.venue.address) for m in context["demonstrations"]],
        [(p.pk, p.person_id, p.person.name, p.position, p.person.photo.name) for p in context["cadres"]],
    )
    return _cached(request, fingerprint, lambda: render(request, "venues/directory/community.html", context))


def distance_label(metres: float) -> str:
    """A walking distance as people say it: tens of metres below a kilometre, then tenths of a kilometre."""
    if metres < 1000:
        return _("约 %(n)d 米") % {"n": max(10, round(metres, -1))}
    return _("约 %(km).1f 公里") % {"km": metres / 1000}


@require_GET
def near(request: HttpRequest) -> HttpResponse:
    """The Women's Homes and communities nearest to the position in the query (``lng``, ``lat``; ``crs``:
    ``wgs84``, a browser's, or ``gcj02``); without a position, the page that asks the browser for one."""
    if (limited := _throttled(request)) is not None:
        return limited
    raw = [request.GET.get(name) for name in ("lng", "lat")]
    context: dict = {"asked": any(raw), "error": "", "homes": [], "centres": []}
    if any(raw):
        try:
            point = nearby.parse_point(raw[0] or "", raw[1] or "", request.GET.get("crs") or geo.WGS84)
        except nearby.BadPoint:
            context["error"] = _("位置参数无效，请重新定位，或按区查找。")
        else:
            context["homes"] = [(home, distance_label(home.distance)) for home in nearby.nearest_homes(point)]
            context["centres"] = [(c, distance_label(c.distance)) for c in nearby.nearest_centres(point)]
            context["radius_km"] = round(nearby.RADIUS_M / 1000)
    fingerprint = (
        context["asked"],
        context["error"],
        [
            (h.pk, h.name, h.address, h.opening_hours, h.federation_id, h.federation.name, d)
            for h, d in context["homes"]
        ],
        [(c.federation_id, c.federation.name, d) for c, d in context["centres"]],
    )
    status = 400 if context["error"] else 200
    response = _cached(
        request,
        fingerprint,
        lambda: render(request, "venues/directory/near.html", context, status=status),
        shared=not any(raw),
    )
    response["Referrer-Policy"] = "no-referrer"
    return response


def community(federation: Federation) -> dict:
    """What a community's page shows, in three queries."""
    homes = list(
        Venue.objects.filter(federation=federation, archived_at__isnull=True).order_by("sort_key", "name", "pk")
    )
    homes.sort(key=lambda v: v.kind != VenueKind.WOMENS_HOME)  # the Women's Homes first (a stable sort)
    demonstrations = list(
        ClusterMembership.objects.filter(
            cluster__memberships__venue__federation=federation,
            cluster__memberships__venue__archived_at__isnull=True,
            is_demonstration=True,
            venue__archived_at__isnull=True,
        )
        .select_related("venue", "venue__federation", "cluster")
        .distinct()
    )
    return {"homes": homes, "demonstrations": demonstrations, "cadres": consenting_cadres(federation)}


def _sitting_public_posts():
    today = dates.today()
    return Post.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=today),
        position__in=LEADING,
        term_start__lte=today,
        person__public_profile=True,
        person__archived_at__isnull=True,
    )


def consenting_cadres(federation: Federation) -> list[Post]:
    """The sitting chair and vice chairs of ``federation`` who consented to 亮身份, chair first."""
    posts = list(
        _sitting_public_posts()
        .filter(federation=federation)
        .select_related("person")
        .only("pk", "position", "person_id", "person__name", "person__photo", "term_start")
    )
    return sorted(posts, key=lambda p: (LEADING.index(p.position), p.person.name))


@require_GET
def photo(request: HttpRequest, person_id: int) -> HttpResponse:
    """A consenting sitting chair's or vice chair's photo, and nobody else's."""
    if (limited := _throttled(request)) is not None:
        return limited
    person = get_object_or_404(
        Person.objects.filter(pk__in=_sitting_public_posts().values("person_id")).exclude(photo=""), pk=person_id
    )
    try:
        handle = person.photo.open("rb")
    except OSError as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(person.photo.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return response
