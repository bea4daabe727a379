"""List query counts for people and posts, the post summary, the admin's masking, the pages."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadres.choices import Appointment, Position
from cadres.models import Person, PersonalDataAccess
from cadres.personal_data import with_full_access
from cadres.resources import PersonResource
from tests.cadres.factories import PersonFactory, PostFactory

PEOPLE = "/api/v1/cadres/people/"
POSTS = "/api/v1/cadres/posts/"


def counted(client, url, rows):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, {"page_size": 500})
    assert response.status_code == 200
    assert response.json()["count"] == rows
    return len(ctx.captured_queries)


def test_people_list_query_count_does_not_grow(tree, users, api_client):
    client = api_client(users.district)
    PostFactory(federation=tree.s1c1)
    before = counted(client, PEOPLE, 1)
    for _ in range(8):
        person = PersonFactory(federation=tree.s1c1)
        PostFactory(person=person, federation=tree.s1c1)
        PostFactory(person=person, federation=tree.s1v1)
    assert counted(client, PEOPLE, 9) == before


def test_posts_list_query_count_does_not_grow(tree, users, api_client):
    client = api_client(users.viewer)
    PostFactory(federation=tree.s1c1)
    before = counted(client, POSTS, 1)
    for fed in (tree.s1c1, tree.s2c1, tree.s3c1, tree.s1, tree.d2):
        PostFactory(federation=fed)
        PostFactory(federation=fed, position=Position.VICE_CHAIR_FULLTIME)
    assert counted(client, POSTS, 11) == before


def test_post_filters_and_summary(tree, users, api_client):
    PostFactory(
        federation=tree.s1c1,
        position=Position.VICE_CHAIR_PARTTIME,
        appointment=Appointment.APPOINTED,
        team_name="舞蹈队",
        team_women_count=30,
    )
    PostFactory(
        federation=tree.s2c1,
        position=Position.VICE_CHAIR_PARTTIME,
        appointment=Appointment.APPOINTED,
        team_name="合唱团",
        team_women_count=25,
        ended_on=datetime.date(2019, 1, 1),
    )
    PostFactory(federation=tree.s1v1, position=Position.EXEC_MEMBER)
    client = api_client(users.district)
    rows = client.get(f"{POSTS}summary/", {"sitting": "true", "level": "COMMUNITY"}).json()["results"]
    assert rows == [{"level": "COMMUNITY", "position": "VICE_CHAIR_PARTTIME", "appointment": "APPOINTED", "count": 1}]
    assert client.get(POSTS, {"ancestor": tree.s1.pk}).json()["count"] == 2
    assert client.get(POSTS, {"sitting_on": "2020-01-01", "level": "COMMUNITY"}).json()["count"] == 1


def test_admin_masks_personal_data_outside_the_edit_scope(tree, users, client):
    # given
    person = PersonFactory(federation=tree.s1c1, phone="13812345678")
    PostFactory(person=person, federation=tree.s1c1, position=Position.CHAIR)
    url = f"/admin/cadres/person/{person.pk}/change/"
    # when: the city viewer
    client.force_login(users.viewer)
    page = client.get(url).content.decode()
    # then
    assert "138****5678" in page and "13812345678" not in page
    assert not PersonalDataAccess.objects.exists()
    # the district editor sees it in full, and the read is recorded
    client.force_login(users.district)
    assert "13812345678" in client.get(url).content.decode()
    assert PersonalDataAccess.objects.filter(user=users.district, person=person).count() == 1
    # the change list masks for everyone
    assert "13812345678" not in client.get("/admin/cadres/person/").content.decode()


def test_admin_inline_posts_and_autocomplete(tree, users, client):
    person = PersonFactory(federation=tree.s1c1)
    PostFactory(person=person, federation=tree.s1c1, position=Position.CHAIR)
    client.force_login(users.district)
    page = client.get(f"/admin/cadres/person/{person.pk}/change/").content.decode()
    assert "posts-TOTAL_FORMS" in page
    found = client.get(
        "/admin/autocomplete/", {"app_label": "cadres", "model_name": "post", "field_name": "person", "term": ""}
    )
    assert found.status_code == 200
    assert [row["id"] for row in found.json()["results"]] == [str(person.pk)]


def test_export_masks_for_a_viewer_and_records_full_exports(tree, users):
    # given
    person = PersonFactory(federation=tree.s1c1, phone="13812345678")
    people = Person.objects.select_related("federation")
    # when
    masked = PersonResource(user=users.viewer).export(with_full_access(people.visible_to(users.viewer), users.viewer))
    full = PersonResource(user=users.district).export(
        with_full_access(people.visible_to(users.district), users.district)
    )
    # then
    assert masked.dict[0]["手机号"] == "138****5678"
    assert full.dict[0]["手机号"] == "13812345678"
    assert list(PersonalDataAccess.objects.values_list("user", "person")) == [(users.district.pk, person.pk)]


def test_home_page_shows_the_gap_list_to_district_staff(tree, users, client):
    client.force_login(users.district)
    page = client.get("/").content.decode()
    assert "问题清单" in page and "人员联管" in page
    assert "每个街道（乡镇）妇联必须有主席" in page


def test_gap_and_rotation_pages(tree, users, client):
    client.force_login(users.street)
    assert "水果湖街妇联" in client.get("/cadres/gaps/").content.decode()
    assert client.get("/cadres/rotation/", {"month": "2017-05"}).status_code == 200
    assert client.get("/cadres/gaps/", {"federation": tree.s3.pk}).status_code == 404


def test_admin_history_masks_personal_data_for_a_viewer(tree, users, client, api_client):
    person = PersonFactory(federation=tree.s1c1, phone="13812345678")
    person.phone = "13987654321"
    person.save()
    client.force_login(users.viewer)
    page = client.get(f"/admin/cadres/person/{person.pk}/history/").content.decode()
    assert "13987654321" not in page and "13812345678" not in page
    assert "139****4321" in page
