"""The "四个一" monthly rotation check: one per cadre per month, no future months, completeness per subtree."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cadres import services
from cadres.choices import Position
from cadres.models import RotationCheck
from organizations.choices import Level
from organizations.models import Federation
from tests.cadres.factories import PostFactory

URL = "/api/v1/cadres/rotation-checks/"
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def street_chair(tree):
    return PostFactory(federation=tree.s1, position=Position.CHAIR)


def payload(post, community, month="2017-05"):
    return {
        "post": post.pk,
        "month": month,
        "visited": True,
        "visited_community": community.pk,
        "exchange_held": True,
        "activity_held": True,
        "looked_back": True,
        "problems_found": "场地不足",
    }


def test_a_street_cadre_files_her_month(tree, users, api_client, street_chair):
    response = api_client(users.street).post(URL, payload(street_chair, tree.s1c1), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["month"] == "2017-05"
    assert response.json()["items_done"] == 4
    assert RotationCheck.objects.get().month == datetime.date(2017, 5, 1)


def test_the_same_month_twice_is_refused(tree, users, api_client, street_chair):
    client = api_client(users.street)
    assert client.post(URL, payload(street_chair, tree.s1c1), format="json").status_code == 201
    again = client.post(URL, payload(street_chair, tree.s1v1, month="2017-05-20"), format="json")
    assert again.status_code == 400
    assert "重复填报" in str(again.json())
    assert RotationCheck.objects.count() == 1


def test_a_future_month_is_refused(tree, users, api_client, street_chair):
    next_month = (timezone.localdate().replace(day=28) + datetime.timedelta(days=5)).strftime("%Y-%m")
    response = api_client(users.street).post(URL, payload(street_chair, tree.s1c1, next_month), format="json")
    assert response.status_code == 400
    assert "未来" in str(response.json()["month"])
    assert not RotationCheck.objects.exists()


def test_the_community_must_be_one_of_her_street(tree, users, api_client, street_chair):
    response = api_client(users.district).post(URL, payload(street_chair, tree.s2c1), format="json")
    assert response.status_code == 400
    assert "本街道" in str(response.json()["visited_community"])


def test_only_street_chairs_and_vice_chairs_file(tree, users, api_client):
    member = PostFactory(federation=tree.s1c1, position=Position.CHAIR)
    response = api_client(users.district).post(URL, payload(member, tree.s1c1), format="json")
    assert response.status_code == 400
    assert "街道" in str(response.json()["post"])


def test_a_month_before_her_term_is_refused(tree, users, api_client, street_chair):
    response = api_client(users.street).post(URL, payload(street_chair, tree.s1c1, "2016-05"), format="json")
    assert response.status_code == 400
    assert "任职期间" in str(response.json()["month"])


def test_completeness_counts_expected_filed_on_time_and_missing(tree, settings):
    # given: three street cadres in 水果湖街, one in 中南路街
    settings.ROTATION_CHECK_DEADLINE_DAY = 5
    chair = PostFactory(federation=tree.s1, position=Position.CHAIR)
    vice = PostFactory(federation=tree.s1, position=Position.VICE_CHAIR_FULLTIME)
    late = PostFactory(federation=tree.s1, position=Position.VICE_CHAIR_PARTTIME)
    PostFactory(federation=tree.s1, position=Position.EXEC_MEMBER)  # members do not rotate
    PostFactory(federation=tree.s1, position=Position.VICE_CHAIR_PARTTIME, ended_on=datetime.date(2017, 4, 30))
    other = PostFactory(federation=tree.s2, position=Position.CHAIR)
    may = datetime.date(2017, 5, 1)
    RotationCheck.objects.create(post=chair, month=may, filed_at=datetime.datetime(2017, 6, 5, 23, 0, tzinfo=SHANGHAI))
    RotationCheck.objects.create(post=late, month=may, filed_at=datetime.datetime(2017, 6, 6, 0, 30, tzinfo=SHANGHAI))
    RotationCheck.objects.create(post=other, month=may, filed_at=datetime.datetime(2017, 6, 1, tzinfo=SHANGHAI))
    # when
    with CaptureQueriesContext(connection) as queries:
        result = services.rotation_completeness(tree.s1, may)
    # then
    assert len(queries.captured_queries) == 2
    assert (result["expected"], result["filed"], result["on_time"], result["late"]) == (3, 2, 1, 1)
    assert result["deadline"] == "2017-06-05"
    assert [row["post"] for row in result["missing"]] == [vice.pk]
    assert services.rotation_completeness(tree.d1, may)["expected"] == 4


def test_completeness_endpoint_is_scoped(tree, users, api_client, street_chair):
    client = api_client(users.street)
    response = client.get(f"{URL}completeness/", {"federation": tree.s1.pk, "month": "2017-05"})
    assert response.status_code == 200
    assert response.json()["missing_count"] == 1
    assert client.get(f"{URL}completeness/", {"federation": tree.s3.pk}).status_code == 404
    assert client.get(f"{URL}completeness/", {"month": "五月"}).status_code == 400


def test_completeness_query_count_does_not_grow_with_the_tree(tree):
    def count(expected):
        tree.city.refresh_from_db()
        with CaptureQueriesContext(connection) as ctx:
            result = services.rotation_completeness(tree.city, datetime.date(2017, 5, 1))
        assert result["expected"] == expected
        return len(ctx.captured_queries)

    PostFactory(federation=tree.s1, position=Position.CHAIR)
    before = count(1)
    for i in range(6):
        street = Federation.objects.create(name=f"新街{i}", code=f"NS{i}", level=Level.STREET, parent=tree.d2)
        post = PostFactory(federation=street, position=Position.CHAIR)
        RotationCheck.objects.create(post=post, month=datetime.date(2017, 5, 1))
    assert count(7) == before


def test_rotation_list_query_count_does_not_grow(tree, users, api_client, street_chair):
    client = api_client(users.district)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL, {"page_size": 500}).status_code == 200
        return len(ctx.captured_queries)

    RotationCheck.objects.create(post=street_chair, month=datetime.date(2017, 3, 1), visited_community=tree.s1c1)
    before = count()
    for month in range(4, 10):
        RotationCheck.objects.create(
            post=street_chair, month=datetime.date(2017, month, 1), visited_community=tree.s1v1
        )
    assert count() == before


def test_at_one_in_the_morning_on_the_first_the_new_month_is_here(tree, users, api_client, street_chair):
    # given: 2024-06-01 01:00 in Wuhan, still 2024-05-31 on a UTC clock
    now = datetime.datetime(2024, 6, 1, 1, 0, tzinfo=SHANGHAI)
    client = api_client(users.street)
    with mock.patch("django.utils.timezone.now", return_value=now.astimezone(datetime.UTC)):
        # when: the completeness page opens on its default month, and she files June's check at once
        completeness = client.get(f"{URL}completeness/", {"federation": tree.s1.pk})
        filed = client.post(URL, payload(street_chair, tree.s1c1, "2024-06"), format="json")
        july = client.post(URL, payload(street_chair, tree.s1c1, "2024-07"), format="json")
    # then: "last month" is May (not April), June is not a future month, July still is
    assert completeness.status_code == 200
    assert completeness.json()["month"] == "2024-05"
    assert filed.status_code == 201, filed.json()
    assert july.status_code == 400 and "未来" in str(july.json()["month"])
