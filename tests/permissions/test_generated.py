"""Permission tests generated for every declared API resource and its admin (NetBox APIViewTestCases).

Users come from the ``users`` fixture: ``district`` edits 武昌 (D1), ``other_district`` edits 硚口 (D2),
``viewer`` views the whole city and edits nothing. Records are made in 东亭社区 (S1C1, inside D1), or in
水果湖街 (S1) for street-level records.
"""

import pytest
from django.contrib import admin
from django.urls import get_resolver
from rest_framework.routers import DefaultRouter

from core.api.viewsets import ScopedModelViewSet
from tests.permissions.registry import all_resources

RESOURCES = all_resources()
IDS = [r.id for r in RESOURCES]


def owner_of(resource, tree):
    return {"community": tree.s1c1, "street": tree.s1, "district": tree.d1}[resource.owner]


def _snapshot(obj):
    obj.refresh_from_db()
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname != "updated_at"}


def _declared_routes():
    """Every list route of a ScopedModelViewSet registered in an app router."""
    routes = set()
    for app in ["accounts", "organizations", "cadres", "venues", "activities", "evaluations"]:
        module = __import__(f"{app}.api.urls", fromlist=["router"])
        router = getattr(module, "router", None)
        if not isinstance(router, DefaultRouter):
            continue
        for prefix, viewset, _basename in router.registry:
            if issubclass(viewset, ScopedModelViewSet):
                routes.add(f"/api/v1/{app}/{prefix}/")
    return routes


def test_every_scoped_api_resource_is_declared():
    declared = {r.url for r in RESOURCES}
    missing = _declared_routes() - declared
    assert not missing, f"declare these in tests/<app>/resources.py: {sorted(missing)}"
    assert get_resolver() is not None


@pytest.mark.parametrize("resource", RESOURCES, ids=IDS)
def test_anonymous_is_refused(resource, tree, api_client):
    obj = resource.make(owner_of(resource, tree))
    assert api_client().get(resource.url).status_code in (401, 403)
    assert api_client().get(f"{resource.url}{obj.pk}/").status_code in (401, 403)
    assert api_client().patch(f"{resource.url}{obj.pk}/", resource.update, format="json").status_code in (401, 403)


@pytest.mark.parametrize("resource", RESOURCES, ids=IDS)
def test_in_scope_user_reads_and_writes(resource, tree, users, api_client):
    # given
    obj = resource.make(owner_of(resource, tree))
    client = api_client(users.district)
    # when / then: read
    listed = client.get(resource.url, {"page_size": 500})
    assert listed.status_code == 200
    assert obj.pk in {row["id"] for row in listed.json()["results"]}
    assert client.get(f"{resource.url}{obj.pk}/").status_code == 200
    assert client.get(f"{resource.url}{obj.pk}/history/").status_code == 200
    # write
    if resource.writable:
        response = client.patch(f"{resource.url}{obj.pk}/", resource.update, format="json")
        assert response.status_code == 200, response.json()
        obj.refresh_from_db()
        for key, value in resource.update.items():
            stored = getattr(obj, f"{key}_id", None) if hasattr(obj, f"{key}_id") else getattr(obj, key)
            assert str(stored) == str(value)
    if resource.create is not None:
        response = client.post(resource.url, resource.create(tree), format="json")
        assert response.status_code == 201, response.json()


@pytest.mark.parametrize("resource", RESOURCES, ids=IDS)
def test_out_of_scope_user_gets_404_on_read_and_write_like_a_missing_id(resource, tree, users, api_client):
    # given
    obj = resource.make(owner_of(resource, tree))
    before = _snapshot(obj)
    missing = type(obj)._default_manager.order_by("-pk").values_list("pk", flat=True).first() + 100_000
    client = api_client(users.other_district)
    # when / then: reads
    listed = client.get(resource.url, {"page_size": 500}).json()["results"]
    assert obj.pk not in {row["id"] for row in listed}
    assert client.get(f"{resource.url}{obj.pk}/").status_code == 404
    assert client.get(f"{resource.url}{obj.pk}/history/").status_code == 404
    # writes: the same answer as for an id that does not exist (issue 14 item 12)
    for method in ("patch", "put", "delete"):
        out_of_scope = getattr(client, method)(f"{resource.url}{obj.pk}/", resource.update, format="json")
        absent = getattr(client, method)(f"{resource.url}{missing}/", resource.update, format="json")
        assert absent.status_code == 404
        assert (out_of_scope.status_code, out_of_scope.json()) == (absent.status_code, absent.json()), method
    assert _snapshot(obj) == before


@pytest.mark.parametrize("resource", RESOURCES, ids=IDS)
def test_viewer_reads_but_cannot_write(resource, tree, users, api_client):
    obj = resource.make(owner_of(resource, tree))
    before = _snapshot(obj)
    client = api_client(users.viewer)
    assert client.get(f"{resource.url}{obj.pk}/").status_code == 200
    assert client.patch(f"{resource.url}{obj.pk}/", resource.update, format="json").status_code == 403
    assert client.delete(f"{resource.url}{obj.pk}/").status_code == 403
    assert _snapshot(obj) == before


@pytest.mark.parametrize("resource", RESOURCES, ids=IDS)
def test_admin_is_scoped_the_same_way(resource, tree, users, client):
    # given
    obj = resource.make(owner_of(resource, tree))
    model_admin = admin.site._registry.get(type(obj))
    if model_admin is None:
        pytest.skip("no admin for this model")
    opts = obj._meta
    change = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"
    changelist = f"/admin/{opts.app_label}/{opts.model_name}/"
    # in scope
    client.force_login(users.district)
    assert client.get(changelist).status_code == 200
    assert client.get(change).status_code == 200
    # out of scope: the admin says it does not exist
    client.force_login(users.other_district)
    assert client.get(change).status_code == 302
    assert client.post(change, {}).status_code in (302, 403)
    delete = f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/delete/"
    assert client.post(delete, {"post": "yes"}).status_code in (302, 403)
    assert type(obj)._default_manager.filter(pk=obj.pk).exists()
