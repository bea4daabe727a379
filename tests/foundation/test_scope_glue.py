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
