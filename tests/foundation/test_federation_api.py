"""The federation API: scope (404 on read, 403 on write), filters, tree rules, history, query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.choices import Level
from organizations.models import Federation

URL = "/api/v1/organizations/federations/"


def detail(fed):
    return f"{URL}{fed.pk}/"


def test_anonymous_gets_401(tree, api_client):
    # when
    response = api_client().get(URL)
    # then
    assert response.status_code in (401, 403)


def test_district_staff_lists_only_her_district(tree, users, api_client):
    # when
    response = api_client(users.district).get(URL, {"page_size": 100})
    # then
    codes = {row["code"] for row in response.json()["results"]}
    assert codes == {"D1", "S1", "S2", "S1C1", "S1V1", "S2C1", "S1C1G1"}


def test_reading_another_district_is_404(tree, users, api_client):
    response = api_client(users.district).get(detail(tree.s3))
    assert response.status_code == 404
    # in Chinese, naming the kind of record, and the same words whether it is missing or out of scope
    missing = api_client(users.district).get(f"{URL}{10**9}/")
    assert response.json() == missing.json() == {"detail": "妇联组织不存在，或不在您的管辖范围内。"}


def test_writing_another_district_is_404_like_a_missing_id_and_changes_nothing(tree, users, api_client):
    # when
    response = api_client(users.district).patch(detail(tree.s3), {"phone": "027-1234"}, format="json")
    # then
    assert response.status_code == 404
    tree.s3.refresh_from_db()
    assert tree.s3.phone == ""


def test_deleting_another_district_is_404(tree, users, api_client):
    response = api_client(users.district).delete(detail(tree.s3c1))
    assert response.status_code == 404
    assert Federation.objects.filter(pk=tree.s3c1.pk).exists()


def test_in_scope_edit_works_and_is_recorded_with_the_user(tree, users, api_client):
    # when
    response = api_client(users.district).patch(detail(tree.s1), {"phone": "027-8888"}, format="json")
    # then
    assert response.status_code == 200, response.json()
    history = api_client(users.district).get(detail(tree.s1) + "history/").json()
    assert history[0]["history_user"] == "wuchang"
    assert {"field": "phone", "old": "", "new": "027-8888"} in history[0]["changes"]


def test_viewer_sees_the_city_but_cannot_write(tree, users, api_client):
    client = api_client(users.viewer)
    assert client.get(detail(tree.s3)).status_code == 200
    response = client.patch(detail(tree.s1), {"phone": "1"}, format="json")
    assert response.status_code == 403


def test_creating_under_another_district_is_refused(tree, users, api_client):
    # when: the parent is not even visible to her
    response = api_client(users.district).post(
        URL, {"name": "新街道", "code": "N1", "level": Level.STREET, "parent": tree.d2.pk}, format="json"
    )
    # then
    assert response.status_code == 400
    assert "parent" in response.json()
    assert not Federation.objects.filter(code="N1").exists()


def test_creating_in_view_only_part_is_403(tree, users, api_client, make_user):
    # given: a street user who may view the whole district
    user = make_user("street_staff", tree.s1, view_federation=tree.d1)
    # when
    response = api_client(user).post(
        URL, {"name": "新社区", "code": "N2", "level": Level.COMMUNITY, "parent": tree.s2.pk}, format="json"
    )
    # then
    assert response.status_code == 403
    assert not Federation.objects.filter(code="N2").exists()


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"name": "错层级", "code": "B1", "level": Level.STREET, "parent_code": "S1"}, "parent"),
        ({"name": "东亭社区妇联", "code": "B2", "level": Level.COMMUNITY, "parent_code": "S1"}, "non_field_errors"),
        ({"name": "无上级", "code": "B3", "level": Level.STREET, "parent_code": None}, "parent"),
    ],
)
def test_tree_rules_are_enforced_with_chinese_messages(tree, users, api_client, payload, field):
    # given
    payload = dict(payload)
    parent_code = payload.pop("parent_code")
    payload["parent"] = Federation.objects.get(code=parent_code).pk if parent_code else None
    # when
    response = api_client(users.city).post(URL, payload, format="json")
    # then
    assert response.status_code == 400
    body = response.json()
    assert field in body, body
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(body[field]))
    assert not Federation.objects.filter(code=payload["code"]).exists()


def test_moving_a_node_under_its_own_descendant_is_rejected(tree, users, api_client):
    response = api_client(users.city).patch(detail(tree.d1), {"parent": tree.s1.pk}, format="json")
    assert response.status_code == 400
    tree.d1.refresh_from_db()
    assert tree.d1.parent_id == tree.city.pk


def test_filters_level_parent_and_ancestor(tree, users, api_client):
    client = api_client(users.city)
    by_level = client.get(URL, {"level": Level.STREET}).json()["results"]
    assert {r["code"] for r in by_level} == {"S1", "S2", "S3"}
    by_parent = client.get(URL, {"parent": tree.s1.pk}).json()["results"]
    assert {r["code"] for r in by_parent} == {"S1C1", "S1V1"}
    by_ancestor = client.get(URL, {"ancestor": tree.s1.pk}).json()["results"]
    assert {r["code"] for r in by_ancestor} == {"S1", "S1C1", "S1V1", "S1C1G1"}
    by_search = client.get(URL, {"search": "水果湖"}).json()["results"]
    assert [r["code"] for r in by_search] == ["S1"]


def test_federation_list_query_count_does_not_grow(tree, users, api_client):
    client = api_client(users.city)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL, {"page_size": 500}).status_code == 200
        return len(ctx.captured_queries)

    before = count()
    for i in range(30):
        Federation.objects.create(name=f"新社区{i}", code=f"X{i}", level=Level.COMMUNITY, parent=tree.s2)
    assert count() == before
