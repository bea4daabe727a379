"""The pillar-1 API: scope (404 outside the view for reads and writes, 403 on a visible record one may not
change, nothing changed), bad input (400 in Chinese, nothing saved), filters and pinned query counts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.choices import JointBuildMode, MemberUnitType, WomenOrganizationType
from organizations.models import JointBuildingCluster, MemberUnit, WomenOrganization

from .conftest import credit_code

API = "/api/v1/organizations/"


def unit_payload(federation, **extra):
    return {
        "unit_type": MemberUnitType.ENTERPRISE,
        "name": "武汉甲科技有限公司",
        "federation": federation.pk,
        "joined_on": "2017-05-01",
        "women_count": 30,
        **extra,
    }


# ---------------------------------------------------------------------------------------------- member units


def test_district_staff_lists_only_her_districts_member_units(tree, users, api_client, make_unit):
    # given
    mine = make_unit(tree.s1)
    make_unit(tree.s3)
    # when
    response = api_client(users.district).get(API + "member-units/")
    # then
    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [mine.pk]


def test_reading_a_member_unit_of_another_district_is_404(tree, users, api_client, make_unit):
    other = make_unit(tree.s3)
    assert api_client(users.district).get(f"{API}member-units/{other.pk}/").status_code == 404


def test_changing_a_member_unit_of_another_district_is_404_and_changes_nothing(tree, users, api_client, make_unit):
    # given
    other = make_unit(tree.s3, women_count=3)
    # when
    response = api_client(users.district).patch(f"{API}member-units/{other.pk}/", {"women_count": 99}, format="json")
    # then: as for a missing id
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.women_count == 3


def test_creating_a_member_unit_in_scope_records_its_first_period(tree, users, api_client):
    # when
    response = api_client(users.street).post(API + "member-units/", unit_payload(tree.s1), format="json")
    # then
    assert response.status_code == 201, response.json()
    assert response.json()["memberships"][0]["federation"] == tree.s1.pk


def test_creating_a_member_unit_under_another_district_is_refused(tree, users, api_client):
    response = api_client(users.district).post(API + "member-units/", unit_payload(tree.s3), format="json")
    assert response.status_code == 400
    assert "federation" in response.json()
    assert not MemberUnit.objects.exists()


def test_a_viewer_cannot_create_a_member_unit(tree, users, api_client):
    response = api_client(users.viewer).post(API + "member-units/", unit_payload(tree.s1), format="json")
    assert response.status_code == 403
    assert not MemberUnit.objects.exists()


@pytest.mark.parametrize(
    ("extra", "field", "message"),
    [
        ({"credit_code": "91350100M000100Y44"}, "credit_code", "校验位"),
        ({"left_on": "2017-04-01"}, "left_on", "退出日期不能早于加入日期"),
    ],
)
def test_bad_member_unit_input_is_400_in_chinese(tree, users, api_client, extra, field, message):
    response = api_client(users.district).post(API + "member-units/", unit_payload(tree.s1, **extra), format="json")
    assert response.status_code == 400
    assert message in str(response.json()[field])
    assert not MemberUnit.objects.exists()


def test_joining_a_second_federation_at_once_is_400(tree, users, api_client, make_unit):
    # given
    code = credit_code()
    make_unit(tree.s1, credit_code=code)
    # when
    response = api_client(users.district).post(
        API + "member-units/", unit_payload(tree.s2, credit_code=code), format="json"
    )
    # then
    assert response.status_code == 400
    assert "同一时间只能加入一个区域化妇联" in str(response.json())
    assert MemberUnit.objects.count() == 1


def test_member_units_filter_by_subtree_and_current(tree, users, api_client, make_unit):
    # given
    a = make_unit(tree.s1)
    make_unit(tree.s2)
    make_unit(tree.s1, left_on=date(2017, 9, 1))
    # when
    response = api_client(users.city).get(API + "member-units/", {"ancestor": tree.s1.pk, "current": "true"})
    # then
    assert [row["id"] for row in response.json()["results"]] == [a.pk]


def test_member_unit_list_query_count_does_not_grow(tree, users, api_client, make_unit):
    client = api_client(users.city)
    make_unit(tree.s1)
    with CaptureQueriesContext(connection) as few:
        client.get(API + "member-units/")
    for federation in (tree.s1, tree.s2, tree.s3c1, tree.s1c1):
        for _ in range(3):
            make_unit(federation)
    with CaptureQueriesContext(connection) as many:
        response = client.get(API + "member-units/")
    assert response.json()["count"] == 13
    assert len(many) == len(few)


# ---------------------------------------------------------------------------------------------- women's organisations


def org_payload(federation, **extra):
    return {
        "org_type": WomenOrganizationType.CULTURE_SPORTS_TEAM,
        "name": "东亭社区广场舞队",
        "founded_on": "2017-05-01",
        "federation": federation.pk,
        "member_count": 25,
        **extra,
    }


def test_women_organisations_are_scoped(tree, users, api_client, make_org):
    # given
    mine = make_org(tree.s1c1)
    other = make_org(tree.s3c1)
    client = api_client(users.district)
    # then
    assert [row["id"] for row in client.get(API + "women-organizations/").json()["results"]] == [mine.pk]
    assert client.get(f"{API}women-organizations/{other.pk}/").status_code == 404
    response = client.patch(f"{API}women-organizations/{other.pk}/", {"member_count": 1}, format="json")
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.member_count != 1


def test_creating_a_women_organisation_and_a_bad_one(tree, users, api_client):
    client = api_client(users.chair)
    assert client.post(API + "women-organizations/", org_payload(tree.s1c1), format="json").status_code == 201
    bad = client.post(
        API + "women-organizations/", org_payload(tree.s1c1, name="另一队", founded_on="2999-01-01"), format="json"
    )
    assert bad.status_code == 400
    assert "成立日期不能晚于今天" in str(bad.json()["founded_on"])
    assert WomenOrganization.objects.count() == 1


def test_new_women_organisations_since_a_date_are_counted_per_subtree(tree, users, api_client, make_org):
    # given
    make_org(tree.s1c1, founded_on=date(2016, 6, 1))
    make_org(tree.s1c1, founded_on=date(2017, 6, 1))
    make_org(tree.s2c1, founded_on=date(2017, 7, 1))
    make_org(tree.s3c1, founded_on=date(2017, 8, 1))
    client = api_client(users.city)
    # when
    d1 = client.get(API + "women-organizations/", {"ancestor": tree.d1.pk, "founded_after": "2017-01-01"}).json()
    city = client.get(API + "women-organizations/", {"founded_after": "2017-01-01"}).json()
    # then
    assert d1["count"] == 2
    assert city["count"] == 3


def test_women_organisation_list_query_count_does_not_grow(tree, users, api_client, make_org, make_unit):
    client = api_client(users.city)
    make_org(tree.s1c1)
    with CaptureQueriesContext(connection) as few:
        client.get(API + "women-organizations/")
    unit = make_unit(tree.s1)
    for federation in (tree.s1, tree.s2c1, tree.s3c1):
        for _ in range(3):
            make_org(federation, host_unit=unit if federation == tree.s1 else None)
    with CaptureQueriesContext(connection) as many:
        client.get(API + "women-organizations/")
    assert len(many) == len(few)


# ---------------------------------------------------------------------------------------------- clusters


def test_creating_a_cluster_with_a_member_outside_the_street_is_400_and_saves_nothing(tree, users, api_client):
    # given: the city office (sees everything), a core community of 水果湖街, a member of 中南路街
    payload = {
        "name": "东亭片区",
        "mode": JointBuildMode.CLUSTER,
        "core": tree.s1c1.pk,
        "members": [tree.s1v1.pk, tree.s2c1.pk],
    }
    # when
    response = api_client(users.city).post(API + "clusters/", payload, format="json")
    # then
    assert response.status_code == 400
    assert "不在核心妇联" in str(response.json()["members"])
    assert not JointBuildingCluster.objects.exists()


def test_creating_and_updating_a_cluster_in_scope(tree, users, api_client):
    client = api_client(users.district)
    payload = {"name": "东亭片区", "mode": JointBuildMode.CLUSTER, "core": tree.s1c1.pk, "members": [tree.s1v1.pk]}
    created = client.post(API + "clusters/", payload, format="json")
    assert created.status_code == 201, created.json()
    url = f"{API}clusters/{created.json()['id']}/"
    # moving the core to 中南路街 while the members stay in 水果湖街 is refused
    moved = client.patch(url, {"core": tree.s2c1.pk}, format="json")
    assert moved.status_code == 400
    assert "翠柳村妇联" in str(moved.json()["members"])
    # moving the core and the members together is fine
    both = client.patch(url, {"core": tree.s1.pk, "members": [tree.s2c1.pk, tree.s1c1.pk]}, format="json")
    assert both.status_code == 200, both.json()
    assert {m["id"] for m in both.json()["member_details"]} == {tree.s2c1.pk, tree.s1c1.pk}


def test_clusters_of_another_district_are_hidden_and_locked(tree, users, api_client):
    other = JointBuildingCluster.objects.create(name="宝丰片区", mode=JointBuildMode.CLUSTER, core=tree.s3)
    client = api_client(users.district)
    assert client.get(f"{API}clusters/{other.pk}/").status_code == 404
    assert client.patch(f"{API}clusters/{other.pk}/", {"name": "改"}, format="json").status_code == 404
    other.refresh_from_db()
    assert other.name == "宝丰片区"
    assert client.get(API + "clusters/").json()["count"] == 0


def test_cluster_list_query_count_does_not_grow(tree, users, api_client):
    client = api_client(users.city)
    first = JointBuildingCluster.objects.create(name="一", mode=JointBuildMode.CLUSTER, core=tree.s1c1)
    first.members.add(tree.s1v1)
    with CaptureQueriesContext(connection) as few:
        client.get(API + "clusters/")
    for i, (core, member) in enumerate([(tree.s1, tree.s2c1), (tree.s2, tree.s1c1), (tree.s3, tree.s3c1)]):
        extra = JointBuildingCluster.objects.create(name=f"片{i}", mode=JointBuildMode.CLUSTER, core=core)
        extra.members.add(member)
    with CaptureQueriesContext(connection) as many:
        assert client.get(API + "clusters/").json()["count"] == 4
    assert len(many) == len(few)


# ---------------------------------------------------------------------------------------------- federations


def test_federation_list_shows_member_unit_and_organisation_counts_in_fixed_queries(
    tree, users, api_client, make_unit, make_org
):
    client = api_client(users.city)
    with CaptureQueriesContext(connection) as few:
        client.get(API + "federations/", {"page_size": 100})
    make_unit(tree.s1)
    make_unit(tree.s1)
    make_unit(tree.s1, left_on=date(2017, 9, 1))
    make_org(tree.s1)
    with CaptureQueriesContext(connection) as many:
        rows = client.get(API + "federations/", {"page_size": 100}).json()["results"]
    s1 = next(row for row in rows if row["id"] == tree.s1.pk)
    assert (s1["member_unit_count"], s1["women_organization_count"]) == (2, 1)
    assert len(many) == len(few)


def test_federations_filter_by_regionalisation(tree, users, api_client):
    tree.s1.regionalized_on = date(2017, 5, 1)
    tree.s1.save()
    rows = api_client(users.city).get(API + "federations/", {"regionalized": "true"}).json()["results"]
    assert [row["code"] for row in rows] == ["S1"]
