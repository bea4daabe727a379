"""会改联 elections: one per village or brigade, counts that add up, totals over a subtree."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from cadres.choices import Position
from cadres.models import Election
from organizations.choices import Level
from organizations.models import Federation
from tests.cadres.factories import PostFactory

URL = "/api/v1/cadres/elections/"


def election(village, day, **counts):
    values = {"representatives": 30, "chairs": 1, "vice_chairs": 3, "exec_members": 6, **counts}
    return Election.objects.create(federation=village, held_on=day, **values)


def good(village):
    return {
        "federation": village.pk,
        "held_on": "2017-03-01",
        "representatives": 31,
        "chairs": 1,
        "vice_chairs": 3,
        "exec_members": 6,
    }


def test_an_election_is_recorded_for_a_village(tree, users, api_client):
    response = api_client(users.district).post(URL, good(tree.s1v1), format="json")
    assert response.status_code == 201, response.json()
    assert response.json()["kind"] == "CONVERSION"


@pytest.mark.parametrize(
    "change, field",
    [
        ({"federation": "s1c1"}, "federation"),
        ({"held_on": "2999-01-01"}, "held_on"),
        ({"chairs": 2}, "chairs"),
        ({"representatives": 5}, "representatives"),
    ],
)
def test_bad_elections_are_400_in_chinese(tree, users, api_client, change, field):
    payload = good(tree.s1v1)
    if change.get("federation"):
        change = {"federation": getattr(tree, change["federation"]).pk}
    response = api_client(users.district).post(URL, {**payload, **change}, format="json")
    assert response.status_code == 400
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(response.json()[field]))
    assert not Election.objects.exists()


def test_a_village_converts_once(tree, users, api_client):
    election(tree.s1v1, datetime.date(2017, 3, 1))
    response = api_client(users.district).post(URL, {**good(tree.s1v1), "term_number": 2}, format="json")
    assert response.status_code == 400
    assert "会改联" in str(response.json())


def test_summary_adds_up_villages_brigades_days_and_people(tree, users, api_client):
    # given: a village and a brigade, 48 days apart inclusive
    brigade = Federation.objects.create(name="大队", code="B1", level=Level.VILLAGE, parent=tree.s3, is_brigade=True)
    first = election(tree.s1v1, datetime.date(2017, 3, 1), representatives=40, vice_chairs=4, exec_members=7)
    election(brigade, datetime.date(2017, 4, 17), representatives=20, chairs=0, vice_chairs=2, exec_members=5)
    PostFactory(federation=tree.s1v1, position=Position.CHAIR, election=first)
    PostFactory(federation=tree.s1v1, position=Position.VICE_CHAIR_PARTTIME, election=first)
    # when
    with CaptureQueriesContext(connection) as queries:
        body = api_client(users.city).get(f"{URL}summary/", {"kind": "CONVERSION"}).json()
    # then
    assert {
        k: body[k] for k in ("villages", "brigades", "days", "representatives", "chairs", "vice_chairs", "exec_members")
    } == {
        "villages": 1,
        "brigades": 1,
        "days": 48,
        "representatives": 60,
        "chairs": 1,
        "vice_chairs": 6,
        "exec_members": 12,
    }
    assert body["posts"]["chairs"] == 1 and body["posts"]["vice_chairs"] == 1
    assert len(queries.captured_queries) <= 5
    # scoped: 武昌 sees only its village
    district = api_client(users.district).get(f"{URL}summary/").json()
    assert (district["villages"], district["brigades"], district["representatives"]) == (1, 0, 40)
    assert api_client(users.city).get(f"{URL}summary/", {"is_brigade": "true"}).json()["brigades"] == 1


def test_a_post_from_an_election_belongs_to_its_village(tree, users, api_client):
    vote = election(tree.s1v1, datetime.date(2017, 3, 1))
    person = PostFactory(federation=tree.s1c1).person_id
    response = api_client(users.district).post(
        "/api/v1/cadres/posts/",
        {
            "person": person,
            "federation": tree.s1c1.pk,
            "position": "EXEC_MEMBER",
            "term_start": "2017-03-01",
            "election": vote.pk,
        },
        format="json",
    )
    assert response.status_code == 400
    assert "同一妇联" in str(response.json()["election"])


def test_election_list_query_count_does_not_grow(tree, users, api_client):
    def count(rows):
        client = api_client(User.objects.get(pk=users.district.pk))  # fresh MPTT numbers of her root
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(URL, {"page_size": 500})
        assert response.json()["count"] == rows
        return len(ctx.captured_queries)

    election(tree.s1v1, datetime.date(2017, 3, 1))
    before = count(1)
    for i in range(5):
        village = Federation.objects.create(name=f"新村{i}", code=f"NV{i}", level=Level.VILLAGE, parent=tree.s1)
        election(village, datetime.date(2017, 3, 2 + i))
    assert count(6) == before
