"""Issue 14 items 2 and 9 (search): lookups, search and ordering are no oracle on masked fields, and a search
cannot exhaust the server.

Admin changelists accept only their declared filters (plus date_hierarchy and the admin's own parameters);
masked fields (a cadre's phone and ID number, an account's phone, a survey sheet's device key) are never
filtered, searched or sorted on by anyone but a superuser, in the admin and in the API."""

import pytest
from django.contrib import admin
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from rest_framework import filters as rest_filters
from rest_framework.generics import GenericAPIView

from cadres.admin import PersonAdmin
from cadres.models import Person
from core.admin import DeclaredLookupsMixin
from core.api.filters import OrderingFilter
from core.lookups import SEARCH_MAX_LENGTH, SEARCH_MAX_TERMS, touches_masked
from tests.cadres.factories import PersonFactory, PostFactory

PERSON_CHANGELIST = "admin:cadres_person_changelist"


def refused(response):
    """Django's own answer to a lookup it does not allow: 400 (DisallowedModelAdminLookup) or a redirect
    to ?e=1 (IncorrectLookupParameters). Never a filtered list."""
    if response.status_code == 302:
        return response["Location"].endswith("?e=1")
    return response.status_code == 400


@pytest.fixture
def other_person(tree):
    """A 硚口 cadre the viewer sees masked."""
    return PersonFactory(federation=tree.s3c1, name="王委员", phone="18671234567", id_number="420104199001011234")


# --- admin lookups ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "phone__startswith=18",
        "phone__regex=^186",
        "phone=18671234567",
        "phone__exact=18671234567",
        "id_number__startswith=4201",
        "id_number__contains=1990",
        "phone__gte=186",
        "posts__federation__name__startswith=永",
        "name__startswith=王",
    ],
)
def test_viewer_cannot_probe_person_fields_with_changelist_lookups(users, client, other_person, query):
    # given: the viewer sees this person masked
    client.force_login(users.viewer)
    # when
    response = client.get(reverse(PERSON_CHANGELIST) + f"?id__exact={other_person.pk}&{query}")
    # then: refused like any invalid lookup, no answer of 1 or 0 rows
    assert refused(response), (response.status_code, query)


@pytest.mark.parametrize("query", ["person__phone__startswith=18", "person__id_number__regex=^4201"])
def test_lookups_through_relations_are_refused(users, client, other_person, query):
    # given
    PostFactory(person=other_person, federation=other_person.federation)
    client.force_login(users.viewer)
    # when
    response = client.get(reverse("admin:cadres_post_changelist") + "?" + query)
    # then
    assert refused(response)


def test_declared_filters_and_date_hierarchy_still_work(users, client, other_person, tree):
    # given
    PostFactory(person=other_person, federation=other_person.federation)
    client.force_login(users.city)
    checks = [
        (reverse(PERSON_CHANGELIST), "gender__exact=F&archived=no"),
        (reverse("admin:cadres_post_changelist"), "federation__level__exact=COMMUNITY&term_start__year=2021"),
        # the gap list's "fix" link
        (reverse("admin:cadres_post_changelist"), f"federation__id__exact={tree.s3c1.pk}"),
        (reverse("admin:activities_activity_changelist"), f"subtree={tree.d1.pk}&month=2024-05"),
        (reverse("admin:venues_upgrade_changelist"), "upgraded_on__gte=2024-01-01&upgraded_on__lt=2025-01-01"),
        (reverse("admin:venues_consultationrequest_changelist"), "answered_on__isempty=1"),
        (reverse("admin:venues_venuecluster_changelist"), f"district__id__exact={tree.d1.pk}"),
    ]
    for url, query in checks:
        # when
        response = client.get(f"{url}?{query}")
        # then
        assert response.status_code == 200, (url, query, response.status_code)


def test_every_admin_refuses_an_undeclared_lookup(users, client, tree):
    """Sweep: every registered admin refuses a lookup on each of its model's fields it does not declare as a
    filter; the first such field is also tried over HTTP."""
    request = RequestFactory().get("/")
    request.user = users.city
    client.force_login(users.city)
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, DeclaredLookupsMixin):
            # Django's and axes' admins: superusers only (no model permissions are granted).
            assert not model_admin.has_view_permission(request), model
            continue
        declared = model_admin.allowed_lookup_paths(request)
        probed = False
        for field in model._meta.concrete_fields:
            if field.name in declared or field.attname in declared:
                continue
            for suffix in ("startswith", "regex", "exact", "gte"):
                assert not model_admin.lookup_allowed(f"{field.name}__{suffix}", "1", request), (model, field)
            if not probed and model_admin.has_view_permission(request):
                url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
                response = client.get(f"{url}?{field.name}__regex=1")
                assert refused(response), (model, field.name, response.status_code)
                probed = True


# --- ordering and search in the admin --------------------------------------------------------------------


class PersonAdminShowingPhone(PersonAdmin):
    """A future admin that lists, searches and sorts by a masked field must still not let it be used."""

    list_display = ["name", "phone", "id_number", "federation"]
    search_fields = ["name", "phone", "id_number", "posts__person__phone"]


def test_masked_columns_are_never_sortable(users, client, other_person):
    # given
    model_admin = PersonAdminShowingPhone(Person, admin.site)
    request = RequestFactory().get("/")
    for user in (users.viewer, users.district, users.city):
        request.user = user
        # when
        sortable = model_admin.get_sortable_by(request)
        # then
        assert "name" in sortable
        assert "phone" not in sortable and "id_number" not in sortable


def test_every_admin_refuses_ordering_on_masked_columns(users):
    request = RequestFactory().get("/")
    request.user = users.city
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, DeclaredLookupsMixin):
            continue
        for name in model_admin.get_sortable_by(request):
            path = model_admin.column_order_path(name)
            assert path is None or not touches_masked(model, path), (model, name, path)


def test_search_on_masked_fields_is_dropped_for_everyone_but_superusers(users, make_user):
    model_admin = PersonAdminShowingPhone(Person, admin.site)
    request = RequestFactory().get("/")
    for user in (users.viewer, users.district, users.city):
        request.user = user
        assert model_admin.get_search_fields(request) == ["name"]
    request.user = make_user(is_superuser=True)
    assert "phone" in model_admin.get_search_fields(request)


def test_viewer_cannot_find_an_account_by_its_phone(users, client):
    # given
    users.other_district.phone = "13907181234"
    users.other_district.save()
    client.force_login(users.viewer)
    # when
    response = client.get(reverse("admin:accounts_user_changelist") + "?q=13907181234")
    # then
    assert response.status_code == 200
    assert users.other_district not in list(response.context["cl"].result_list)


def test_admin_search_with_too_many_terms_is_a_message_not_a_500(users, client, other_person):
    # given
    client.force_login(users.city)
    terms = " ".join(["王"] * 1100)
    # when
    response = client.get(reverse(PERSON_CHANGELIST), {"q": terms})
    # then
    assert response.status_code == 200
    assert "搜索词过多" in response.content.decode()
    assert list(response.context["cl"].result_list) == []


def test_admin_search_too_long_is_a_message(users, client):
    client.force_login(users.city)
    response = client.get(reverse(PERSON_CHANGELIST), {"q": "王" * (SEARCH_MAX_LENGTH + 1)})
    assert response.status_code == 200
    assert "搜索内容过长" in response.content.decode()


def test_admin_search_within_limits_still_finds(users, client, other_person):
    client.force_login(users.city)
    terms = " ".join(["王"] * SEARCH_MAX_TERMS)
    response = client.get(reverse(PERSON_CHANGELIST), {"q": terms})
    assert response.status_code == 200
    assert other_person in list(response.context["cl"].result_list)


# --- API ---------------------------------------------------------------------------------------------------


def api_views():
    """Every DRF view class routed under /api/."""
    found = {}

    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, prefix + str(pattern.pattern))
            elif isinstance(pattern, URLPattern):
                cls = getattr(pattern.callback, "cls", None)
                if cls is not None and issubclass(cls, GenericAPIView) and prefix.startswith("api/"):
                    found[cls] = getattr(pattern.callback, "actions", None) or {}

    walk(get_resolver().url_patterns)
    return found


def test_api_never_sorts_by_an_account_phone(users, api_client):
    # given: phones sorting the other way from the usernames
    for number, user in enumerate([users.city, users.district, users.other_district, users.street]):
        user.phone = f"1390718{9999 - number:04d}"
        user.save()
    client = api_client(users.city)
    default = [row["id"] for row in client.get("/api/v1/accounts/users/").json()["results"]]
    # when
    response = client.get("/api/v1/accounts/users/?ordering=phone")
    # then: the ordering is ignored, as for any field not declared
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == default


def test_every_api_view_declares_its_ordering_and_none_is_masked(users):
    """Sweep: with the backends each API view really uses, no ordering reaches a masked field, and a view
    declaring none sorts by nothing (DRF's default is every serializer field, ``phone`` included)."""
    request = RequestFactory().get("/")
    request.user = users.city
    for cls in api_views():
        view = cls()
        view.request, view.format_kwarg, view.action, view.kwargs = request, None, "list", {}
        assert getattr(cls, "ordering_fields", None) != "__all__", cls
        if cls.queryset is None:
            continue
        for backend in cls.filter_backends:
            if not issubclass(backend, rest_filters.OrderingFilter):
                continue
            assert issubclass(backend, OrderingFilter), (cls, backend)
            for name, _label in backend().get_valid_fields(cls.queryset, view, {"request": request}):
                assert not touches_masked(cls.queryset.model, name), (cls, name)


def test_every_api_filter_leaves_masked_fields_alone(users):
    from django_filters.rest_framework import DjangoFilterBackend

    for cls in api_views():
        if cls.queryset is None:
            continue
        view = cls()
        filterset_class = DjangoFilterBackend().get_filterset_class(view, cls.queryset)
        if filterset_class is None:
            continue
        for name, flt in filterset_class.base_filters.items():
            assert not touches_masked(cls.queryset.model, flt.field_name or name), (cls, name)


def test_api_search_with_too_many_terms_is_a_chinese_400(users, api_client):
    client = api_client(users.city)
    response = client.get("/api/v1/cadres/people/", {"search": " ".join(["a"] * 1900)})
    assert response.status_code == 400
    assert "搜索词过多" in response.json()["search"][0]


def test_api_search_too_long_is_a_chinese_400(users, api_client):
    client = api_client(users.city)
    response = client.get("/api/v1/organizations/federations/", {"search": "水" * (SEARCH_MAX_LENGTH + 1)})
    assert response.status_code == 400
    assert "搜索内容过长" in response.json()["search"][0]


def test_api_search_within_limits_still_finds(users, api_client, other_person):
    client = api_client(users.city)
    response = client.get("/api/v1/cadres/people/", {"search": "王 委员"})
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [other_person.pk]


def test_api_search_never_matches_a_masked_field(users, api_client, other_person, monkeypatch):
    """Even a viewset that declared ``phone`` as a search field would not search it for a non-superuser."""
    from cadres.api.views import PersonViewSet

    monkeypatch.setattr(PersonViewSet, "search_fields", ["name", "phone", "id_number"])
    client = api_client(users.viewer)
    response = client.get("/api/v1/cadres/people/", {"search": "18671234567"})
    assert response.status_code == 200
    assert response.json()["results"] == []
