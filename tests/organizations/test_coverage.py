"""Regionalisation coverage "as of" a date, on the hand-made tree and through the API, and the gap list."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.gaps import providers
from organizations import services

URL = "/api/v1/organizations/coverage/"


def regionalise(tree):
    """水果湖街 on 4-20, 中南路街 on 6-01, 宝丰街 never; 东亭社区 on 5-10, 翠柳村 on 9-01."""
    for node, day in ((tree.s1, date(2017, 4, 20)), (tree.s2, date(2017, 6, 1)), (tree.s1c1, date(2017, 5, 10)),
                      (tree.s1v1, date(2017, 9, 1))):  # fmt: skip
        node.regionalized_on = day
        node.save()


def test_coverage_of_the_city_on_a_date(tree):
    # given
    regionalise(tree)
    # when
    may = services.coverage(tree.city, date(2017, 5, 18))
    year_end = services.coverage(tree.city, date(2017, 12, 31))
    # then: 3 streets, 4 communities/villages
    assert may["streets"] == {"total": 3, "regionalized": 1, "share": 0.3333}
    assert may["communities_villages"] == {"total": 4, "regionalized": 1, "share": 0.25}
    assert year_end["streets"]["regionalized"] == 2
    assert year_end["communities_villages"] == {"total": 4, "regionalized": 2, "share": 0.5}
    assert year_end["levels"]["VILLAGE"] == {"total": 1, "regionalized": 1, "share": 1.0}


def test_coverage_of_a_subtree_and_of_each_child(tree):
    regionalise(tree)
    wuchang = services.coverage(tree.d1, date(2017, 12, 31))
    assert wuchang["streets"] == {"total": 2, "regionalized": 2, "share": 1.0}
    children = services.coverage_by_child(tree.city, date(2017, 5, 18))
    assert {c["code"]: (c["streets"]["regionalized"], c["streets"]["total"]) for c in children} == {
        "D1": (1, 2),
        "D2": (0, 1),
    }


def test_an_archived_federation_leaves_the_coverage_after_its_archiving(tree):
    from django.utils import timezone

    tree.s3.archived_at = timezone.make_aware(timezone.datetime(2017, 7, 1, 12))
    tree.s3.save()
    assert services.coverage(tree.city, date(2017, 6, 1))["streets"]["total"] == 3
    assert services.coverage(tree.city, date(2017, 8, 1))["streets"]["total"] == 2


def test_coverage_takes_a_fixed_number_of_queries(tree):
    with CaptureQueriesContext(connection) as queries:
        services.coverage(tree.city, date(2017, 12, 31))
        services.coverage_by_child(tree.city, date(2017, 12, 31))
    assert len(queries) == 2


def test_coverage_api_for_a_visible_federation(tree, users, api_client):
    # given
    regionalise(tree)
    # when
    response = api_client(users.district).get(URL, {"federation": tree.d1.pk, "as_of": "2017-05-18"})
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["streets"] == {"total": 2, "regionalized": 1, "share": 0.5}
    assert {c["code"] for c in body["children"]} == {"S1", "S2"}


def test_coverage_api_defaults_to_the_users_root(tree, users, api_client):
    body = api_client(users.street).get(URL, {"as_of": "2017-12-31"}).json()
    assert body["federation"] == tree.s1.pk


def test_coverage_api_for_a_federation_out_of_sight_is_404(tree, users, api_client):
    assert api_client(users.district).get(URL, {"federation": tree.d2.pk}).status_code == 404
    assert api_client(users.district).get(URL, {"federation": tree.city.pk}).status_code == 404


def test_coverage_api_with_a_bad_date_is_400_in_chinese(tree, users, api_client):
    response = api_client(users.city).get(URL, {"federation": tree.city.pk, "as_of": "2017-13-01"})
    assert response.status_code == 400
    assert "日期格式" in str(response.json()["as_of"])


def test_coverage_api_needs_a_login(tree, api_client):
    assert api_client().get(URL).status_code in (401, 403)


def test_the_gap_provider_lists_unregionalised_federations_and_lonely_streets(tree, make_unit):
    # given: 水果湖街 done with one member unit, 中南路街 done without one, 宝丰街 not done
    regionalise(tree)
    make_unit(tree.s1, joined_on=date(2017, 5, 1))
    provider = providers()["organizations"]
    # when
    with CaptureQueriesContext(connection) as queries:
        gaps = provider(tree.city, date(2017, 12, 31))
    # then
    pending = {g.federation_name for g in gaps if g.rule == "federation_regionalized"}
    lonely = {g.federation_name for g in gaps if g.rule == "regional_street_has_member_units"}
    assert pending == {"宝丰街妇联", "中南社区妇联", "永宁社区妇联"}
    assert lonely == {"中南路街妇联"}
    assert all(g.pillar == "organizations" and g.fix_url for g in gaps)
    assert len(queries) == 2


def test_member_units_as_of_a_date_follow_the_membership_history(tree, make_unit):
    unit = make_unit(tree.s1, joined_on=date(2017, 5, 1))
    unit.federation, unit.joined_on = tree.s2, date(2018, 1, 1)
    unit.save()
    assert services.member_unit_count(tree.s1, date(2017, 6, 1)) == 1
    assert services.member_unit_count(tree.s1, date(2018, 6, 1)) == 0
    assert services.member_unit_count(tree.s2, date(2018, 6, 1)) == 1
    assert services.member_unit_count(tree.s2) == 1
