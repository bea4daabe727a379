"""Lost updates (issue 14 item 10): optimistic locking on every editable model, in the admin and the API.

A record's version is its latest change-log row (django-simple-history's ``history_id``; 0 for a record
that has none yet). The admin's change form carries the version it was loaded with; the API answers it as
``ETag`` and ``version``, and a PUT/PATCH naming an older one (``If-Match`` or ``version``) is a 409.
"""

from html.parser import HTMLParser

import pytest
from django.contrib import admin
from django.contrib.admin.utils import flatten_fieldsets
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from core.concurrency import VERSION_FIELD, current_version
from organizations.models import MemberUnit
from tests.permissions.registry import all_resources
from tests.permissions.test_generated import _snapshot, owner_of

RESOURCES = [r for r in all_resources() if r.writable]
IDS = [r.id for r in RESOURCES]


# --- helpers -----------------------------------------------------------------------------------------


class _FormParser(HTMLParser):
    """What a browser would post back from the admin's change form (text, hidden, checked boxes and
    radios, selected options, textareas; no files, no buttons)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data, self._select, self._options, self._textarea, self._in_form = [], None, [], None, False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and attrs.get("method", "").lower() == "post" and "_form" in (attrs.get("id") or ""):
            self._in_form = True
        if not self._in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind in ("checkbox", "radio") else "")))
        elif tag == "select" and name:
            self._select, self._options = (name, "multiple" in attrs), []
        elif tag == "option" and self._select is not None:
            self._options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False
        elif tag == "select" and self._select is not None:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self.data.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            name, text = self._textarea
            self.data.append((name, text[1:] if text.startswith("\n") else text))
            self._textarea = None


def form_data(response):
    parser = _FormParser()
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value)
    return data


def change_url(obj):
    opts = obj._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/change/"


def api_url(resource, obj):
    return f"{resource.url}{obj.pk}/"


# --- the admin ---------------------------------------------------------------------------------------


def test_admin_second_tab_is_refused_naming_who_changed_what_and_keeps_the_input(tree, users, client, make_unit):
    # given: a member unit open in two tabs
    unit = make_unit(tree.s1, address="旧地址")
    users.district.last_name, users.district.first_name = "张", "三"
    users.district.save()
    client.force_login(users.district)
    first, second = form_data(client.get(change_url(unit))), form_data(client.get(change_url(unit)))
    # when: the first tab renames it, the second changes the address
    first["name"] = ["第一个标签页的名称"]
    assert client.post(change_url(unit), first).status_code == 302
    second["address"] = ["第二个标签页的地址"]
    response = client.post(change_url(unit), second)
    # then: the second save is refused with a message naming who changed what, nothing lost
    assert response.status_code == 200
    text = response.content.decode()
    assert "张三 于 " in text and "修改了：单位名称" in text and "您的修改未保存，请核对后重新提交。" in text
    unit.refresh_from_db()
    assert (unit.name, unit.address) == ("第一个标签页的名称", "旧地址")
    again = form_data(response)
    assert again["address"] == ["第二个标签页的地址"]  # the user's input stays in the form
    # and once reviewed, the re-rendered form saves (it now carries the version it was checked against)
    again["name"] = ["第一个标签页的名称"]
    assert client.post(change_url(unit), again).status_code == 302
    unit.refresh_from_db()
    assert (unit.name, unit.address) == ("第一个标签页的名称", "第二个标签页的地址")


def test_admin_saves_that_change_nothing_in_between_are_not_conflicts(tree, users, client, make_unit):
    unit = make_unit(tree.s1)
    client.force_login(users.district)
    data = form_data(client.get(change_url(unit)))
    unit.save()  # a change-log row without a change (e.g. an archive action that found nothing to do)
    data["address"] = ["新地址"]
    assert client.post(change_url(unit), data).status_code == 302
    unit.refresh_from_db()
    assert unit.address == "新地址"


@pytest.mark.parametrize("resource", RESOURCES, ids=IDS)
def test_admin_refuses_a_stale_save_for_every_model(resource, tree, users, client, api_client):
    # given: the change form of a record, loaded before someone else changes it through the API
    obj = resource.make(owner_of(resource, tree))
    if admin.site._registry.get(type(obj)) is None:
        pytest.skip("no admin for this model")
    client.force_login(users.district)
    loaded = client.get(change_url(obj))
    assert loaded.status_code == 200
    stale = form_data(loaded)
    assert stale[VERSION_FIELD] == [str(current_version(obj))]
    changed = api_client(users.city).patch(api_url(resource, obj), resource.update, format="json")
    assert changed.status_code == 200, changed.json()
    after_api = _snapshot(obj)
    # when: the stale form is saved
    response = client.post(change_url(obj), stale)
    # then: refused, naming the change, and the API's change is kept
    assert response.status_code == 200
    assert "您的修改未保存，请核对后重新提交。" in response.content.decode()
    assert _snapshot(obj) == after_api


def test_every_admin_of_a_model_with_a_change_log_carries_the_version(tree, make_user):
    request = RequestFactory().get("/")
    request.user = make_user(federation=tree.city, is_superuser=True)
    checked = 0
    for model, model_admin in admin.site._registry.items():
        if getattr(model._meta, "simple_history_manager_attribute", None) is None:
            continue
        obj = model(pk=10**9)
        form = model_admin.get_form(request, obj, fields=None)
        assert VERSION_FIELD in form.base_fields, model
        if model_admin.has_change_permission(request, obj):  # (a few check the row, which is not saved)
            assert VERSION_FIELD in flatten_fieldsets(model_admin.get_fieldsets(request, obj)), model
        checked += 1
    assert checked >= 25


def test_admin_locks_the_row_before_comparing(tree, users, client, make_unit):
    unit = make_unit(tree.s1)
    client.force_login(users.district)
    data = form_data(client.get(change_url(unit)))
    with CaptureQueriesContext(connection) as queries:
        assert client.post(change_url(unit), data).status_code == 302
    if connection.features.has_select_for_update:
        assert any("FOR UPDATE" in q["sql"] for q in queries.captured_queries)


# --- the API -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource", RESOURCES, ids=IDS)
def test_api_refuses_a_stale_write_for_every_resource(resource, tree, users, api_client):
    # given: a record read by one client, then changed by another
    obj = resource.make(owner_of(resource, tree))
    client = api_client(users.district)
    read = client.get(api_url(resource, obj))
    assert read.status_code == 200
    version = read.json()["version"]
    assert read["ETag"] == f'"{version}"'
    changed = api_client(users.city).patch(api_url(resource, obj), resource.update, format="json")
    assert changed.status_code == 200, changed.json()
    assert changed.json()["version"] != version
    after = _snapshot(obj)
    # when / then: a write naming the old version is a 409, with what changed and who, and changes nothing
    for headers, body in (({"HTTP_IF_MATCH": f'"{version}"'}, {}), ({}, {"version": version})):
        response = client.patch(api_url(resource, obj), {**resource.update, **body}, format="json", **headers)
        assert response.status_code == 409, response.content
        payload = response.json()
        assert "您的修改未保存" in payload["detail"]
        assert payload["version"] == changed.json()["version"]
        assert payload["changes"] and payload["changes"][0]["user"] == users.city.username
        assert payload["changed_fields"]
        assert _snapshot(obj) == after
    # a write naming the current version (or none at all, as before) is accepted
    current = changed["ETag"]
    response = client.patch(api_url(resource, obj), resource.update, format="json", HTTP_IF_MATCH=current)
    assert response.status_code == 200, response.content
    assert client.patch(api_url(resource, obj), resource.update, format="json").status_code == 200


def test_api_stale_put_is_refused_and_the_version_is_read_only(tree, users, api_client, make_unit):
    unit = make_unit(tree.s1, address="旧地址")
    client = api_client(users.district)
    url = f"/api/v1/organizations/member-units/{unit.pk}/"
    body = client.get(url).json()
    assert api_client(users.city).patch(url, {"name": "别人改的名称"}, format="json").status_code == 200
    put = {k: body[k] for k in ("unit_type", "name", "credit_code", "federation", "joined_on", "women_count")}
    put["address"] = "我的地址"
    response = client.put(url, {**put, "version": body["version"]}, format="json")
    assert response.status_code == 409
    assert "单位名称" in response.json()["changed_fields"]
    unit.refresh_from_db()
    assert (unit.name, unit.address) == ("别人改的名称", "旧地址")
    # the body's version is read only: it never changes the record's version
    fresh = client.get(url).json()
    response = client.put(url, {**put, "name": fresh["name"], "version": fresh["version"]}, format="json")
    assert response.status_code == 200
    assert response.json()["version"] > fresh["version"]
    assert response["ETag"] == f'"{response.json()["version"]}"'


def test_api_bad_if_match_is_a_400_and_star_matches_any(tree, users, api_client, make_unit):
    unit = make_unit(tree.s1)
    client = api_client(users.district)
    url = f"/api/v1/organizations/member-units/{unit.pk}/"
    bad = client.patch(url, {"women_count": 3}, format="json", HTTP_IF_MATCH="abc")
    assert bad.status_code == 400 and "If-Match" in str(bad.json())
    bad = client.patch(url, {"women_count": 3, "version": "x"}, format="json")
    assert bad.status_code == 400 and "version" in bad.json()
    assert client.patch(url, {"women_count": 3}, format="json", HTTP_IF_MATCH="*").status_code == 200


def test_records_without_a_change_log_have_version_0_and_are_still_protected(tree, users, api_client):
    MemberUnit.objects.bulk_create([MemberUnit(name="批量导入单位", unit_type="ENTERPRISE", federation=tree.s1,
                                               joined_on="2017-05-01")])  # fmt: skip
    unit = MemberUnit.objects.get(name="批量导入单位")
    assert not unit.history.exists()
    client = api_client(users.district)
    url = f"/api/v1/organizations/member-units/{unit.pk}/"
    read = client.get(url)
    assert read.json()["version"] == 0 and read["ETag"] == '"0"'
    assert api_client(users.city).patch(url, {"women_count": 7}, format="json").status_code == 200
    response = client.patch(url, {"women_count": 9}, format="json", HTTP_IF_MATCH='"0"')
    assert response.status_code == 409
    unit.refresh_from_db()
    assert unit.women_count == 7


def test_version_is_read_only_in_the_schema(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    components = schema["components"]["schemas"]
    assert components["MemberUnit"]["properties"]["version"]["readOnly"] is True
    assert "version" not in components["MemberUnitRequest"]["properties"]
    assert components["MemberUnit"]["properties"]["version"]["nullable"] is True  # null in lists


@pytest.mark.django_db(transaction=True)
def test_two_writers_of_the_same_version_at_once_one_wins_one_is_told(tree, users, make_unit):
    """Lock, then compare: two PATCHes naming the same version at the same moment cannot both pass (the
    second waits for the first's row lock, then sees the new version). PostgreSQL only: SQLite has no row
    locks and serialises writers anyway."""
    if not connection.features.has_select_for_update:
        pytest.skip("row locks need PostgreSQL")
    import threading

    from django.db import connections
    from rest_framework.test import APIClient

    unit = make_unit(tree.s1)
    url = f"/api/v1/organizations/member-units/{unit.pk}/"
    version = current_version(unit)
    barrier, statuses = threading.Barrier(2), []
    clients = [APIClient(), APIClient()]
    for client in clients:  # each loads the middleware here, not in the race
        client.force_authenticate(users.district)
        assert client.get(url).status_code == 200

    def write(client, count):
        try:
            barrier.wait(timeout=30)
            response = client.patch(url, {"women_count": count}, format="json", HTTP_IF_MATCH=f'"{version}"')
            statuses.append(response.status_code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=args) for args in zip(clients, (11, 22), strict=True)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [200, 409]
    unit.refresh_from_db()
    assert unit.women_count in (11, 22)
