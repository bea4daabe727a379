"""The venues API: scope (404 outside the view, 403 on a visible record one may not change), rules as Chinese
400s that change nothing, filters, nested cluster members with the demonstration home first, and pinned query
counts."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Role
from venues.choices import ConsultationCategory, OnlineSection, VenueKind
from venues.models import ClusterMembership, ConsultationRequest, OnlineService, Upgrade, Venue, VenueCluster

API = "/api/v1/venues/"


def venue_payload(federation, **extra):
    data = {
        "name": "新妇女之家",
        "code": "NEW-1",
        "kind": VenueKind.WOMENS_HOME,
        "federation": federation.pk,
        "area_m2": "120.50",
        "opening_hours": "周一至周五 9:00-17:30",
        "has_place": True,
        "star_rating": 3,
    }
    data.update(extra)
    return data


def test_anonymous_gets_401(tree, api_client):
    assert api_client().get(f"{API}venues/").status_code in (401, 403)


def test_district_staff_lists_only_her_district(homes, users, api_client):
    # when
    response = api_client(users.district).get(f"{API}venues/")
    # then
    assert response.status_code == 200
    assert {row["code"] for row in response.json()["results"]} == {"H-S1C1", "H-S1V1", "H-S2C1"}


def test_reading_and_writing_another_district_is_404(homes, users, api_client):
    client = api_client(users.district)
    url = f"{API}venues/{homes.yongning.pk}/"
    assert client.get(url).status_code == 404
    # when
    response = client.patch(url, {"star_rating": 5}, format="json")
    # then: as for a missing id
    assert response.status_code == 404
    homes.yongning.refresh_from_db()
    assert homes.yongning.star_rating == 0


def test_creating_a_venue_works_and_is_recorded(tree, users, api_client):
    # when
    response = api_client(users.street).post(f"{API}venues/", venue_payload(tree.s1c1), format="json")
    # then
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["federation_name"], body["liuyou_met"], body["cluster"], body["is_demonstration"]) == (
        "东亭社区妇联",
        1,
        None,
        False,
    )
    history = api_client(users.street).get(f"{API}venues/{body['id']}/history/").json()
    assert history[0]["history_user"] == "shuiguohu"


@pytest.mark.parametrize(
    ("extra", "field", "text"),
    [
        ({"area_m2": "-3"}, "area_m2", "0"),
        ({"star_rating": 6}, "star_rating", "5"),
        ({"sharing_mode": "CO_BUILT_SHARED"}, "provider_name", "场地提供方"),
    ],
)
def test_bad_venue_gets_a_chinese_400_and_nothing_is_saved(tree, users, api_client, extra, field, text):
    # when
    response = api_client(users.district).post(f"{API}venues/", venue_payload(tree.s1c1, **extra), format="json")
    # then
    assert response.status_code == 400
    message = " ".join(response.json()[field])
    assert text in message and any("\u4e00" <= ch <= "\u9fff" for ch in message), message
    assert not Venue.objects.filter(code="NEW-1").exists()


def test_creating_a_venue_in_another_district_is_refused(tree, users, api_client):
    response = api_client(users.district).post(f"{API}venues/", venue_payload(tree.s3c1), format="json")
    assert response.status_code == 400
    assert "federation" in response.json()
    assert not Venue.objects.filter(code="NEW-1").exists()


def test_venue_filters(cluster, homes, users, api_client, tree):
    client = api_client(users.city)

    def codes(**params):
        return {row["code"] for row in client.get(f"{API}venues/", params).json()["results"]}

    assert codes(ancestor=tree.s1.pk) == {"H-S1C1", "H-S1V1"}
    assert codes(cluster=cluster.pk) == {"H-S1C1", "H-S1V1", "H-S2C1"}
    assert codes(is_demonstration="true") == {"H-S1C1"}
    assert codes(in_cluster="false") == {"H-S3C1"}
    row = client.get(f"{API}venues/{homes.dongting.pk}/").json()
    assert (row["cluster"], row["cluster_name"], row["is_demonstration"]) == (cluster.pk, "东亭片区", True)


def test_cluster_lists_its_homes_with_the_demonstration_home_first(cluster, homes, users, api_client):
    # when
    body = api_client(users.district).get(f"{API}clusters/{cluster.pk}/").json()
    # then
    assert body["demonstration_home"] == homes.dongting.pk
    assert body["member_count"] == 3
    assert body["members"][0]["venue"] == homes.dongting.pk
    assert body["members"][0]["is_demonstration"] is True
    assert {"star_rating", "liuyou_met", "santongyi_met"} <= set(body["members"][0])


def test_street_staff_sees_the_cluster_of_her_communities_but_cannot_change_it(cluster, users, api_client):
    client = api_client(users.street)
    assert client.get(f"{API}clusters/{cluster.pk}/").status_code == 200
    response = client.patch(f"{API}clusters/{cluster.pk}/", {"name": "改名"}, format="json")
    assert response.status_code == 403
    cluster.refresh_from_db()
    assert cluster.name == "东亭片区"


def test_other_district_cannot_see_the_cluster(cluster, users, api_client):
    assert api_client(users.other_district).get(f"{API}clusters/{cluster.pk}/").status_code == 404


def test_cluster_ancestor_filter_finds_a_streets_clusters(cluster, users, api_client, tree):
    client = api_client(users.city)
    assert [c["id"] for c in client.get(f"{API}clusters/", {"ancestor": tree.s2.pk}).json()["results"]] == [cluster.pk]
    assert client.get(f"{API}clusters/", {"ancestor": tree.d2.pk}).json()["results"] == []


def test_a_cluster_mixing_districts_gets_a_chinese_400(cluster, homes, users, api_client):
    # when: the city office adds 硚口's 永宁 to 武昌's cluster
    response = api_client(users.city).post(
        f"{API}memberships/", {"cluster": cluster.pk, "venue": homes.yongning.pk}, format="json"
    )
    # then
    assert response.status_code == 400
    assert "必须同在一个区" in str(response.json())
    assert not ClusterMembership.objects.filter(venue=homes.yongning).exists()


def test_a_second_demonstration_home_gets_a_chinese_400(cluster, homes, users, api_client):
    membership = ClusterMembership.objects.get(venue=homes.cuiliu)
    response = api_client(users.district).patch(
        f"{API}memberships/{membership.pk}/", {"is_demonstration": True}, format="json"
    )
    assert response.status_code == 400
    assert "该片区已有市级示范妇女之家" in str(response.json())
    assert ClusterMembership.objects.filter(cluster=cluster, is_demonstration=True).count() == 1


def test_a_home_in_two_clusters_gets_a_chinese_400(cluster, homes, users, api_client, tree):
    other = VenueCluster.objects.create(name="另一片区", code="PQ-2", district=tree.d1)
    response = api_client(users.district).post(
        f"{API}memberships/", {"cluster": other.pk, "venue": homes.cuiliu.pk}, format="json"
    )
    assert response.status_code == 400
    assert "只能属于一个片区" in str(response.json())
    assert ClusterMembership.objects.get(venue=homes.cuiliu).cluster_id == cluster.pk


def test_upgrades_api(cluster, homes, users, api_client):
    client = api_client(users.district)
    payload = {
        "venue": homes.dongting.pk,
        "upgraded_on": "2017-09-01",
        "items": "更换标牌\n添置图书角",
        "spend": "80000",
        "stars_before": 3,
        "stars_after": 5,
    }
    # when
    created = client.post(f"{API}upgrades/", payload, format="json")
    refused = client.post(f"{API}upgrades/", {**payload, "venue": homes.cuiliu.pk}, format="json")
    # then
    assert created.status_code == 201, created.json()
    assert created.json()["item_list"] == ["更换标牌", "添置图书角"]
    assert refused.status_code == 400
    assert "只记录在市级示范妇女之家" in str(refused.json())
    assert Upgrade.objects.count() == 1


def test_online_services_and_consultations(tree, users, api_client):
    city = api_client(users.city)
    created = city.post(
        f"{API}online-services/",
        {
            "section": OnlineSection.RIGHTS_CONSULTATION,
            "name": "网上维权咨询",
            "federation": tree.city.pk,
            "wechat_path": "武汉女性 › 维权",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    district = api_client(users.district)
    response = district.post(
        f"{API}consultations/",
        {
            "federation": tree.s1.pk,
            "service": created.json()["id"],
            "category": ConsultationCategory.EMPLOYMENT,
            "received_on": "2017-06-01",
            "answered_on": "2017-06-03",
            "summary": "求职受歧视",
            "answer": "已提供法律指引",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert response.json()["answered_in_time"] is True
    bad = district.post(
        f"{API}consultations/",
        {
            "federation": tree.s1.pk,
            "category": ConsultationCategory.OTHER,
            "received_on": "2017-06-05",
            "answered_on": "2017-06-01",
            "summary": "x",
            "answer": "y",
        },
        format="json",
    )
    assert bad.status_code == 400
    assert "答复日期不能早于受理日期" in str(bad.json())
    assert ConsultationRequest.objects.count() == 1


def test_precision_counts_answers_in_time_for_a_subtree(tree, users, api_client):
    # given: in 武昌, answered in 2 days, in 20 days, not answered; one in 硚口
    rows = [
        (tree.s1, date(2017, 6, 1), date(2017, 6, 3)),
        (tree.s2, date(2017, 6, 1), date(2017, 6, 21)),
        (tree.d1, date(2017, 6, 2), None),
        (tree.s3, date(2017, 6, 2), date(2017, 6, 2)),
    ]
    for federation, received, answered in rows:
        ConsultationRequest.objects.create(
            federation=federation,
            category="OTHER",
            received_on=received,
            answered_on=answered,
            summary="x",
            answer="y" if answered else "",
        )
    client = api_client(users.district)
    # when
    response = client.get(
        f"{API}consultations/precision/", {"federation": tree.d1.pk, "start": "2017-01-01", "end": "2017-12-31"}
    )
    # then
    assert response.status_code == 200, response.json()
    assert {k: response.json()[k] for k in ("logged", "answered", "answered_in_time")} == {
        "logged": 3,
        "answered": 2,
        "answered_in_time": 1,
    }
    assert response.json()["ratio"] == pytest.approx(1 / 3)
    outside = client.get(
        f"{API}consultations/precision/", {"federation": tree.d2.pk, "start": "2017-01-01", "end": "2017-12-31"}
    )
    assert outside.status_code == 404
    bad = client.get(
        f"{API}consultations/precision/", {"federation": tree.d1.pk, "start": "2017-12-31", "end": "2017-01-01"}
    )
    assert bad.status_code == 400


def _add_homes(tree, make_venue, count, start):
    from organizations.models import Federation

    for i in range(count):
        community = Federation.objects.create(
            name=f"新社区{start + i}", code=f"NC{start + i}", level="COMMUNITY", parent=tree.s2
        )
        venue = make_venue(community)
        cluster = VenueCluster.objects.create(name=f"新片区{start + i}", code=f"NP{start + i}", district=tree.d1)
        ClusterMembership.objects.create(cluster=cluster, venue=venue, is_demonstration=True)
        Upgrade.objects.create(venue=venue, upgraded_on=date(2017, 9, 1), items="标牌", stars_before=1, stars_after=2)
        ConsultationRequest.objects.create(
            federation=community, category="OTHER", received_on=date(2017, 6, 1), summary="x"
        )
        OnlineService.objects.create(
            section=OnlineSection.PARENTS_SCHOOL, name=f"课{start + i}", federation=tree.d1, url="https://example.org/"
        )


@pytest.mark.parametrize(
    "resource", ["venues", "clusters", "memberships", "upgrades", "online-services", "consultations"]
)
def test_list_query_count_does_not_grow_with_rows(tree, users, api_client, make_venue, resource):
    def fresh_client():
        # the tree grows: reload the user so her scope has today's MPTT numbers, as each request would
        return api_client(type(users.city).objects.get(pk=users.city.pk))

    _add_homes(tree, make_venue, 2, 0)
    client = fresh_client()
    with CaptureQueriesContext(connection) as small:
        assert client.get(f"{API}{resource}/").status_code == 200
    _add_homes(tree, make_venue, 6, 10)
    client = fresh_client()
    with CaptureQueriesContext(connection) as large:
        response = client.get(f"{API}{resource}/")
    assert response.json()["count"] >= 8
    assert len(large) == len(small)


def test_viewer_reads_but_cannot_write(cluster, users, api_client, tree):
    client = api_client(users.viewer)
    assert client.get(f"{API}clusters/{cluster.pk}/").status_code == 200
    assert client.post(f"{API}venues/", venue_payload(tree.s1c1), format="json").status_code == 403


def test_community_chair_edits_her_home(homes, users, api_client, make_user, tree):
    chair = make_user(Role.COMMUNITY_CHAIR, tree.s1c1, username="chair2")
    response = api_client(chair).patch(f"{API}venues/{homes.dongting.pk}/", {"has_plan": True}, format="json")
    assert response.status_code == 200
    assert (
        api_client(chair).patch(f"{API}venues/{homes.zhongnan.pk}/", {"has_plan": True}, format="json").status_code
        == 404
    )


def test_designate_moves_the_demonstration_home_in_one_call(cluster, homes, users, api_client):
    # when
    response = api_client(users.district).post(
        f"{API}clusters/{cluster.pk}/designate/",
        {"venue": homes.zhongnan.pk, "designated_on": "2017-06-01"},
        format="json",
    )
    # then
    assert response.status_code == 200, response.json()
    assert response.json()["demonstration_home"] == homes.zhongnan.pk
    assert response.json()["members"][0]["venue"] == homes.zhongnan.pk
    assert ClusterMembership.objects.filter(cluster=cluster, is_demonstration=True).count() == 1


def test_designate_refuses_a_home_of_another_district_or_cluster_and_street_staff(
    cluster, homes, users, api_client, tree
):
    city = api_client(users.city)
    foreign = city.post(f"{API}clusters/{cluster.pk}/designate/", {"venue": homes.yongning.pk}, format="json")
    assert foreign.status_code == 400
    assert "必须同在一个区" in str(foreign.json())
    other = VenueCluster.objects.create(name="二片区", code="PQ-3", district=tree.d1)
    moved = city.post(f"{API}clusters/{other.pk}/designate/", {"venue": homes.cuiliu.pk}, format="json")
    assert moved.status_code == 400
    assert "只能属于一个片区" in str(moved.json())
    street = api_client(users.street).post(
        f"{API}clusters/{cluster.pk}/designate/", {"venue": homes.cuiliu.pk}, format="json"
    )
    assert street.status_code == 403
    assert list(ClusterMembership.objects.filter(is_demonstration=True).values_list("venue", flat=True)) == [
        homes.dongting.pk
    ]
