"""The scope glue in core/: which federation a request asks for, and the words of the scope rules."""

import pytest
from django.http import Http404
from django.test import RequestFactory
from rest_framework.request import Request

from core import messages
from core.scope import resolve_federation, visible_federation


def _get(user, **params):
    request = RequestFactory().get("/", params)
    request.user = user
    return request


def test_without_a_federation_the_request_gets_her_view_root(tree, users):
    assert resolve_federation(_get(users.district)) == tree.d1
    assert resolve_federation(_get(users.viewer)) == tree.city  # a viewer's view is wider than her home
    assert resolve_federation(_get(users.chair), default=users.chair.federation) == tree.s1c1


def test_a_superuser_without_a_federation_starts_at_the_top(tree, make_user):
    admin = make_user(federation=None, is_superuser=True, username="root")
    assert resolve_federation(_get(admin)) == tree.city


def test_a_visible_federation_is_answered_also_through_drf_query_params(tree, users):
    assert resolve_federation(_get(users.district, federation=tree.s1.pk)) == tree.s1
    drf = Request(_get(users.district, root=tree.s1c1.pk))
    drf.user = users.district
    assert resolve_federation(drf, param="root") == tree.s1c1


@pytest.mark.parametrize("asked", ["other_district", "missing", "not_a_number"])
def test_out_of_view_reads_like_missing(tree, users, asked):
    value = {"other_district": tree.d2.pk, "missing": 987654, "not_a_number": "d1"}[asked]
    with pytest.raises(Http404) as raised:
        resolve_federation(_get(users.district, federation=value))
    assert str(raised.value) == str(messages.FEDERATION_NOT_VISIBLE)


def test_visible_federation_takes_an_id_or_nothing(tree, users):
    assert visible_federation(users.street, tree.s1c1.pk) == tree.s1c1
    assert visible_federation(users.street, None) == tree.s1
    with pytest.raises(Http404):
        visible_federation(users.street, tree.d1.pk)  # her district is above her: out of view


def test_the_scope_refusal_is_one_message_everywhere(tree, users, api_client):
    from core.api.permissions import ScopedPermission
    from core.api.viewsets import OUT_OF_SCOPE

    assert ScopedPermission.message is messages.NOT_YOURS_TO_CHANGE is OUT_OF_SCOPE
    # a viewer sees 武昌 but may not change it: the API answers the shared words
    response = api_client(users.viewer).patch(
        f"/api/v1/organizations/federations/{tree.d1.pk}/", {"phone": "02712345678"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == str(messages.NOT_YOURS_TO_CHANGE)


def _filtersets():
    import importlib

    from django_filters import FilterSet

    found = []
    for app in ("organizations", "cadres", "venues", "activities", "evaluations"):
        module = importlib.import_module(f"{app}.filters")
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type) and issubclass(value, FilterSet) and value.__module__ == module.__name__
        ]
    return found


def test_every_app_filterset_is_scoped_and_its_ancestor_follows_the_scope_path():
    from core.api.filters import ScopedFilterSet, SubtreeFilter

    checked = 0
    for filterset in _filtersets():
        model = filterset._meta.model
        if model is None:
            continue  # a mixin
        assert issubclass(filterset, ScopedFilterSet), filterset.__name__
        if getattr(model, "scope_path", None) is None:
            assert "ancestor" not in filterset.base_filters
            continue
        ancestor = filterset.base_filters["ancestor"]
        if type(ancestor) is SubtreeFilter and filterset.__name__ != "ClusterMembershipFilterSet":
            assert ancestor.field_name == (model.scope_path or "self"), filterset.__name__
            checked += 1
    assert checked >= 20


def test_a_scoped_filterset_builds_ancestor_from_the_scope_path(tree, users):
    from cadres.models import DutyReportReview
    from core.api.filters import ScopedFilterSet

    class ReviewFilterSet(ScopedFilterSet):
        class Meta:
            model = DutyReportReview
            fields = ["ancestor", "line"]

    flt = ReviewFilterSet.base_filters["ancestor"]
    assert flt.field_name == "report__post__federation"
    request = _get(users.district)
    inside = ReviewFilterSet({"ancestor": tree.s1.pk}, queryset=DutyReportReview.objects.all(), request=request)
    assert inside.is_valid()
    outside = ReviewFilterSet({"ancestor": tree.d2.pk}, queryset=DutyReportReview.objects.all(), request=request)
    assert not outside.is_valid() and "ancestor" in outside.errors  # out of view: like a missing id


def test_scoped_pages_show_her_rows_and_404_outside(tree, users, client):
    from venues.models import Venue

    mine = Venue.objects.create(federation=tree.s1c1, name="东亭之家", code="V-MINE", kind="WOMENS_HOME")
    theirs = Venue.objects.create(federation=tree.s3c1, name="永宁之家", code="V-THEIRS", kind="WOMENS_HOME")
    client.force_login(users.district)
    listed = client.get("/venues/", {"page": "not-a-number"})
    assert listed.status_code == 200
    assert "东亭之家" in listed.content.decode() and "永宁之家" not in listed.content.decode()
    assert client.get(f"/venues/{mine.pk}/").status_code == 200
    assert client.get(f"/venues/{theirs.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/venues/{mine.pk}/").status_code == 302  # to the login page
