"""``python -m bench.prepare [--load-users N]`` (a child process on one bench database): the bench's users,
tokens and session, the federations to measure, every API list endpoint and admin changelist, and what an
activity create needs. Prints one line of JSON. Activities that earlier bench runs created are deleted
first, so the data stay as loaded."""

import argparse
import datetime
import json
from urllib.parse import quote

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib import admin  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db.models import F  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from rest_framework.authtoken.models import Token  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from activities.models import Activity, ActivityKind, Team  # noqa: E402
from cadres.models import PartyOrganization  # noqa: E402
from organizations.choices import COMMUNITY_LEVELS, DISTRICT_LEVELS, STREET_LEVELS, Level  # noqa: E402
from organizations.models import Federation  # noqa: E402
from venues.models import Venue  # noqa: E402
from wuhan_fulian.pages import pages_for  # noqa: E402

from .common import ANONYMOUS  # noqa: E402

API_APPS = ["organizations", "cadres", "venues", "activities", "evaluations", "accounts"]
WUHAN = "420100"


def user(username, role, federation):
    account = User.objects.filter(username=username).first() or User(username=username)
    account.role, account.federation, account.is_active = role, federation, True
    account.set_unusable_password()
    account.save()
    return account, Token.objects.get_or_create(user=account)[0].key


def session_for(account):
    store = SessionStore()
    store[SESSION_KEY] = str(account.pk)
    store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    store[HASH_SESSION_KEY] = account.get_session_auth_hash()
    store.create()
    return store.session_key


def api_list_endpoints():
    urls = []
    for app in API_APPS:
        module = __import__(f"{app}.api.urls", fromlist=["router"])
        for prefix, viewset, _basename in module.router.registry:
            if hasattr(viewset, "list"):
                urls.append(f"/api/v1/{app}/{prefix}/")
    return urls


def admin_changelists():
    return sorted(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist") for model in admin.site._registry
    )


def role_users(city_account, city_session, city, district, street, community):
    """One user per role (the city office's is ``bench-city``), each with a session and every page she can
    open (wuhan_fulian.pages: discovered from the URL configuration and the admin registry)."""
    found = {}
    for username, role, home, view in (
        ("bench-city", Role.CITY_OFFICE, city, None),
        ("bench-district", Role.DISTRICT_STAFF, district, None),
        ("bench-street", Role.STREET_STAFF, street, None),
        ("bench-chair", Role.COMMUNITY_CHAIR, community, None),
        ("bench-viewer", Role.VIEWER, district, city),
    ):
        if role == Role.CITY_OFFICE:
            account, session = city_account, city_session
        else:
            account, _key = user(username, role, home)
        if account.view_federation_id != (view.pk if view else None):
            account.view_federation = view
            account.save()
        account = User.objects.get(pk=account.pk)
        if role != Role.CITY_OFFICE:
            session = session_for(account)
        found[role] = {
            "username": username,
            "session": session,
            "pages": [[page.label, page.url, page.kind] for page in pages_for(account)],
        }
    found[ANONYMOUS] = {"username": None, "session": None, "pages": public_pages(district, street, community)}
    return found


def public_pages(district, street, community):
    """The public directory as a woman with no account opens it (no session): the index, a search, a district,
    a street, a community, and "near me" at a located Women's Home of the street (the position rounded as the
    page's script rounds it)."""
    home = (
        Venue.objects.filter(
            federation__tree_id=street.tree_id,
            federation__lft__gt=street.lft,
            federation__rght__lt=street.rght,
            latitude__isnull=False,
        )
        .order_by("pk")
        .values("longitude", "latitude")
        .first()
    )
    pages = [
        ["directory:index", reverse("directory:index"), "public"],
        ["directory:index search", reverse("directory:index") + "?q=" + quote(street.name[:3]), "public"],
        ["directory:place district", reverse("directory:place", args=[district.pk]), "public"],
        ["directory:place street", reverse("directory:place", args=[street.pk]), "public"],
        ["directory:place community", reverse("directory:place", args=[community.pk]), "public"],
    ]
    if home is not None:
        near = f"?lng={home['longitude']:.3f}&lat={home['latitude']:.3f}"
        pages.append(["directory:near", reverse("directory:near") + near, "public"])
    return pages


def federation(name, under=None, level=None):
    queryset = Federation.objects.filter(name=name)
    if under is not None:
        queryset = queryset.filter(tree_id=under.tree_id, lft__gt=under.lft, rght__lt=under.rght)
    if level is not None:
        queryset = queryset.filter(level=level)
    return queryset.order_by("tree_id", "lft").first()


def brief(node):
    return {
        "id": node.pk,
        "name": node.name,
        "level": node.level,
        "tree_id": node.tree_id,
        "lft": node.lft,
        "rght": node.rght,
    }


def community_with_partners(street):
    """A community under ``street`` and a team or Party organisation of it to co-organise with."""
    places = Federation.objects.filter(
        tree_id=street.tree_id, lft__gt=street.lft, rght__lt=street.rght, level__in=COMMUNITY_LEVELS
    ).order_by("lft")
    for place in places[:20]:
        team = Team.objects.filter(federation=place).values_list("pk", flat=True).first()
        if team:
            return place, {"role": "CO_HOST", "team": team}
        party = PartyOrganization.objects.filter(federation=place).values_list("pk", flat=True).first()
        if party:
            return place, {"role": "CO_HOST", "party_organization": party}
    place = places.first()
    return place, None


def activity_payload(place, partner, kind):
    today = timezone.localdate()
    start = timezone.make_aware(datetime.datetime.combine(today, datetime.time(9, 30)))
    co = [{"role": "LEAD", "federation": place.pk}] + ([partner] if partner else [])
    return {
        "federation": place.pk,
        "title": "基准测试：亲子阅读活动",
        "kind": kind,
        "start": start.isoformat(),
        "end": (start + datetime.timedelta(hours=2)).isoformat(),
        "participants": 40,
        "women_participants": 32,
        "co_organizers": co,
    }


def period():
    """The endpoints' default period (the last twelve months) and settings, as the floor SQL's parameters."""
    from evaluations import services
    from evaluations.choices import Indicator
    from evaluations.indicators import SPECS, param

    span = services.Period.last_twelve_months()
    chosen = services.load_settings()
    within = param(chosen[Indicator.PRECISION].params, SPECS[Indicator.PRECISION], "answer_within_days")
    per_month = param(chosen[Indicator.COHESION].params, SPECS[Indicator.COHESION], "min_activities_per_month")

    def local(day, at=datetime.time()):
        return timezone.make_aware(datetime.datetime.combine(day, at)).isoformat()

    return {
        "first_day": span.start.isoformat(),
        "last_day": span.end.isoformat(),
        "start": local(span.start),
        "stop": local(span.end + datetime.timedelta(days=1)),
        "as_of": span.as_of.isoformat(),
        "as_of_end": local(span.as_of, datetime.time.max),
        "overdue_before": (span.as_of - datetime.timedelta(days=within)).isoformat(),
        "within_days": within,
        "threshold": per_month * span.month_count,
        "tz": settings.TIME_ZONE,
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--load-users", type=int, default=0)
    options = parser.parse_args()

    stale = Activity.objects.filter(created_by__username__startswith="bench-")
    removed = stale.count()
    if removed:
        stale.delete()
    city = Federation.objects.get(code=WUHAN, level=Level.CITY)
    district = federation("武昌区妇联", city) or Federation.objects.filter(parent=city).order_by("lft").first()
    street = federation("水果湖街妇联", district) or Federation.objects.filter(parent=district).order_by("lft").first()
    community = Federation.objects.filter(parent=street, level__in=COMMUNITY_LEVELS).order_by("lft").first()
    kind = ActivityKind.objects.order_by("id").values_list("pk", flat=True).first()
    account, token = user("bench-city", Role.CITY_OFFICE, city)
    # The tree browser for someone who sees every city of the province (the province scale's worst case).
    superuser, _key = user("bench-super", Role.CITY_OFFICE, city)
    if not superuser.is_superuser:
        superuser.is_superuser = True
        superuser.save()
    place, partner = community_with_partners(street)
    city_session = session_for(account)

    load_users = []
    if options.load_users:
        districts = list(
            Federation.objects.filter(parent=city, level__in=DISTRICT_LEVELS, rght__gt=F("lft") + 1).order_by("lft")
        )
        streets = list(Federation.objects.filter(tree_id=city.tree_id, level__in=STREET_LEVELS).order_by("lft")[::7])
        for index in range(options.load_users):
            # A tenth city office, a fifth community chairs, the rest district and street staff in turn, each
            # creating in her subtree.
            if index % 10 == 0:
                role, root, target_street = Role.CITY_OFFICE, city, streets[index % len(streets)]
            elif index % 5 == 2:
                target_street = streets[index % len(streets)]
                role, root = Role.COMMUNITY_CHAIR, community_with_partners(target_street)[0]
            elif index % 2:
                role = Role.DISTRICT_STAFF
                root = districts[index % len(districts)]
                target_street = (
                    Federation.objects.filter(parent=root, level__in=STREET_LEVELS, rght__gt=F("lft") + 1)
                    .order_by("lft")
                    .first()
                )
            else:
                role, root = Role.STREET_STAFF, streets[index % len(streets)]
                target_street = root
            account, key = user(f"bench-load-{index:02d}", role, root)
            child = Federation.objects.filter(parent=root).order_by("lft").values_list("pk", flat=True).first()
            target, partner_row = community_with_partners(target_street)
            load_users.append(
                {
                    "token": key,
                    "session": session_for(account),
                    "role": role,
                    "root": root.pk,
                    "child": child,
                    "create": activity_payload(target, partner_row, kind),
                }
            )

    print(
        json.dumps(
            {
                "removed_bench_activities": removed,
                "token": token,
                "session": city_session,
                "super_session": session_for(superuser),
                "session_cookie": settings.SESSION_COOKIE_NAME,
                "federations": {
                    "city": brief(city),
                    "district": brief(district),
                    "street": brief(street),
                    "community": brief(community),
                },
                "roles": role_users(account, city_session, city, district, street, community),
                "lists": api_list_endpoints(),
                "admin": admin_changelists(),
                "create": activity_payload(place, partner, kind),
                "period": period(),
                "load_users": load_users,
                "rows": {
                    "federations": Federation.objects.count(),
                    "trees": Federation.objects.filter(parent__isnull=True).count(),
                },
            },
            ensure_ascii=False,
        )
    )


if __name__ == "__main__":
    main()
