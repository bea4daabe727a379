"""The team rules (DOMAIN.md section 2) as a gap list: each rule, the endpoint's scope, fixed query counts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from cadres import services
from cadres.choices import Appointment, Gender, Position
from core import gaps as registry
from organizations.choices import Level
from organizations.models import Federation
from tests.cadres.factories import PersonFactory, PostFactory

URL = "/api/v1/evaluations/gaps/"
OLD_URL = "/api/v1/cadres/gaps/"
CADRES = {"pillar": "cadres"}
AS_OF = datetime.date(2018, 1, 1)


@pytest.fixture
def complete(tree, staff):
    """Every street and community/village of the small tree meets every rule."""
    for street in (tree.s1, tree.s2, tree.s3):
        staff(street, 22)
    for place in (tree.s1c1, tree.s1v1, tree.s2c1, tree.s3c1):
        staff(place, 11)


def rules(found):
    return {(gap.rule, gap.federation_name) for gap in found}


def test_a_complete_tree_has_no_gaps(tree, complete):
    assert services.gaps(tree.city, AS_OF) == []


def test_an_empty_tree_names_every_missing_piece(tree):
    found = rules(services.gaps(tree.s1, AS_OF))
    assert found == {
        ("street_has_chair", "水果湖街妇联"),
        ("street_exec_min", "水果湖街妇联"),
        ("community_exec_min", "东亭社区妇联"),
        ("community_exec_min", "翠柳村妇联"),
        ("woman_in_two_committees", "东亭社区妇联"),
        ("woman_in_two_committees", "翠柳村妇联"),
        ("chair_in_two_committees", "东亭社区妇联"),
        ("chair_in_two_committees", "翠柳村妇联"),
    }


def test_street_without_a_sitting_chair(tree, complete):
    chair = tree.s2.cadre_posts.get(position=Position.CHAIR)
    chair.ended_on = datetime.date(2017, 6, 30)
    chair.save()
    assert rules(services.gaps(tree.city, AS_OF)) == {("street_has_chair", "中南路街妇联")}
    # on a date when she still sat, no gap
    assert services.gaps(tree.city, datetime.date(2017, 6, 1)) == []


def test_executive_committee_minimums(tree, complete):
    for post in tree.s3.cadre_posts.filter(position=Position.EXEC_MEMBER)[:2]:
        post.delete()
    for post in tree.s2c1.cadre_posts.filter(position=Position.EXEC_MEMBER)[:2]:
        post.delete()
    found = services.gaps(tree.city, AS_OF)
    assert rules(found) == {("street_exec_min", "宝丰街妇联"), ("community_exec_min", "中南社区妇联")}
    assert {gap.missing for gap in found} == {"执委会 20 人，少 1 人", "执委会 9 人，少 2 人"}


def test_representatives_do_not_count_for_the_committee(tree, complete):
    tree.s3c1.cadre_posts.filter(position=Position.EXEC_MEMBER).first().delete()
    PostFactory(federation=tree.s3c1, position=Position.REPRESENTATIVE)
    assert rules(services.gaps(tree.city, AS_OF)) == {("community_exec_min", "永宁社区妇联")}


def test_chair_not_in_the_two_committees_but_another_woman_is(tree, complete):
    tree.s1c1.cadre_posts.filter(position=Position.CHAIR).update(in_two_committees=False)
    PostFactory(federation=tree.s1c1, position=Position.EXEC_MEMBER, in_two_committees=True)
    found = services.gaps(tree.city, AS_OF)
    assert rules(found) == {("chair_in_two_committees", "东亭社区妇联")}
    assert "不是两委成员" in found[0].missing


def test_only_a_man_in_the_two_committees_is_not_enough(tree, complete):
    tree.s1v1.cadre_posts.filter(position=Position.CHAIR).update(in_two_committees=False)
    man = PersonFactory(federation=tree.s1v1, gender=Gender.MALE)
    PostFactory(person=man, federation=tree.s1v1, position=Position.EXEC_MEMBER, in_two_committees=True)
    assert rules(services.gaps(tree.city, AS_OF)) == {
        ("chair_in_two_committees", "翠柳村妇联"),
        ("woman_in_two_committees", "翠柳村妇联"),
    }


def test_appointed_part_time_vice_chair_with_a_small_team(tree, complete):
    PostFactory(
        federation=tree.s2c1,
        position=Position.VICE_CHAIR_PARTTIME,
        appointment=Appointment.APPOINTED,
        team_name="舞蹈队",
        team_women_count=19,
    )
    PostFactory(
        federation=tree.s2c1,
        position=Position.VICE_CHAIR_PARTTIME,
        appointment=Appointment.APPOINTED,
        team_name="合唱团",
        team_women_count=20,
    )
    found = services.gaps(tree.city, AS_OF)
    assert rules(found) == {("parttime_vice_chair_team", "中南社区妇联")}
    assert "19 名妇女，少 1 人" in found[0].missing


def test_term_expired_without_a_new_election(tree, complete):
    # the default term (5 years from 2017-03-01) ends on 2022-02-28
    assert services.gaps(tree.s3, datetime.date(2022, 2, 28)) == []
    found = services.gaps(tree.s3, datetime.date(2022, 3, 1))
    assert rules(found) == {("term_expired", "宝丰街妇联"), ("term_expired", "永宁社区妇联")}
    assert "2022-02-28" in found[0].missing
    # 永宁 elected its new committee: its gap goes
    tree.s3c1.cadre_posts.update(ended_on=datetime.date(2022, 2, 28))
    for _ in range(11):
        PostFactory(
            federation=tree.s3c1,
            term_number=2,
            term_start=datetime.date(2022, 3, 1),
            position=Position.EXEC_MEMBER,
            in_two_committees=True,
        )
    PostFactory(
        federation=tree.s3c1,
        term_number=2,
        term_start=datetime.date(2022, 3, 1),
        position=Position.CHAIR,
        in_two_committees=True,
    )
    assert rules(services.gaps(tree.s3, datetime.date(2022, 3, 1))) == {("term_expired", "宝丰街妇联")}


def test_the_provider_is_registered():
    assert registry.providers()["cadres"] is services.gaps


def test_gap_endpoint_lists_breaches_of_the_asked_subtree(tree, users, api_client, complete):
    tree.s1.cadre_posts.filter(position=Position.CHAIR).update(ended_on=datetime.date(2017, 12, 31))
    client = api_client(users.district)
    body = client.get(URL, {**CADRES, "federation": tree.d1.pk, "as_of": "2018-01-01"}).json()
    assert body["count"] == 1
    assert body["results"][0]["rule"] == "street_has_chair"
    assert body["results"][0]["federation_id"] == tree.s1.pk
    assert body["results"][0]["rule_label"] == "每个街道（乡镇）妇联必须有主席"
    assert client.get(URL, {**CADRES, "federation": tree.s2.pk, "as_of": "2018-01-01"}).json()["count"] == 0
    # default: the user's own subtree
    assert client.get(URL, {**CADRES, "as_of": "2018-01-01"}).json()["federation"]["id"] == tree.d1.pk


def test_the_old_cadres_gap_address_redirects_to_the_one_gap_list(tree, users, api_client, complete):
    # given: a client built against the old address
    tree.s1.cadre_posts.filter(position=Position.CHAIR).update(ended_on=datetime.date(2017, 12, 31))
    client = api_client(users.district)
    # when
    response = client.get(OLD_URL, {"federation": tree.d1.pk, "as_of": "2018-01-01", "rule": "street_has_chair"})
    # then: a permanent redirect keeping every parameter, the pillar fixed to cadres
    assert response.status_code == 301
    path, _sep, query = response["Location"].partition("?")
    assert path == URL
    assert dict(item.split("=") for item in query.split("&")) == {
        "federation": str(tree.d1.pk),
        "as_of": "2018-01-01",
        "rule": "street_has_chair",
        "pillar": "cadres",
    }
    followed = client.get(response["Location"]).json()
    assert [(gap["pillar"], gap["rule"], gap["federation_id"]) for gap in followed["results"]] == [
        ("cadres", "street_has_chair", tree.s1.pk)
    ]
    # a pillar asked for on the old address is still cadres
    moved = client.get(OLD_URL, {"pillar": "venues"})
    assert "pillar=cadres" in moved["Location"] and "venues" not in moved["Location"]


def test_gap_endpoint_is_404_outside_the_view_and_400_for_a_bad_date(tree, users, api_client):
    client = api_client(users.district)
    assert client.get(URL, {**CADRES, "federation": tree.d2.pk}).status_code == 404
    assert client.get(URL, {**CADRES, "federation": "abc"}).status_code == 400
    response = client.get(URL, {**CADRES, "federation": tree.d1.pk, "as_of": "2018-13-01"})
    assert response.status_code == 400
    assert "日期" in str(response.json()["as_of"])
    assert api_client().get(URL, CADRES).status_code in (401, 403)
    assert api_client().get(OLD_URL, follow=True).status_code in (401, 403)


def test_viewer_of_the_city_sees_every_district(tree, users, api_client):
    assert api_client(users.viewer).get(URL, {**CADRES, "federation": tree.d2.pk}).status_code == 200


def grow(tree, streets):
    """Add ``streets`` streets, each with two communities and full committees (but no chairs in 两委)."""
    for i in range(streets):
        street = Federation.objects.create(name=f"扩展街{i}", code=f"GX{i}", level=Level.STREET, parent=tree.d2)
        for n in range(21):
            PostFactory(federation=street, position=Position.CHAIR if n == 0 else Position.EXEC_MEMBER)
        for j in range(2):
            place = Federation.objects.create(
                name=f"扩展社区{i}-{j}", code=f"GX{i}-{j}", level=Level.COMMUNITY, parent=street
            )
            PostFactory(
                federation=place,
                position=Position.VICE_CHAIR_PARTTIME,
                appointment=Appointment.APPOINTED,
                team_name="队",
                team_women_count=5,
            )


def test_gaps_take_the_same_number_of_queries_at_two_tree_sizes(tree, users, api_client):
    def count():
        # a fresh user: her view root's MPTT numbers moved when the tree grew
        client = api_client(User.objects.get(pk=users.city.pk))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, {**CADRES, "federation": tree.city.pk, "as_of": "2018-01-01"})
        assert response.status_code == 200
        return len(ctx.captured_queries), response.json()["count"]

    grow(tree, 1)
    small, small_gaps = count()
    grow_more = 4
    for i in range(grow_more):
        street = Federation.objects.create(name=f"更多街{i}", code=f"GY{i}", level=Level.STREET, parent=tree.d1)
        place = Federation.objects.create(name=f"更多社区{i}", code=f"GY{i}C", level=Level.COMMUNITY, parent=street)
        PostFactory(
            federation=place,
            position=Position.VICE_CHAIR_PARTTIME,
            appointment=Appointment.APPOINTED,
            team_name="队",
            team_women_count=5,
        )
    large, large_gaps = count()
    assert large_gaps > small_gaps
    assert large == small
    with CaptureQueriesContext(connection) as ctx:
        services.gaps(tree.city, AS_OF)
    assert len(ctx.captured_queries) == 4
