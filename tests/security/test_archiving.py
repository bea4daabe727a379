"""No data lost by deletion: federations and people are archived (hidden from default lists and dropdowns,
kept with their history, restorable) through the API and the admin; archiving is scoped like any write."""

import pytest
from django.urls import reverse

from cadres.models import Person
from organizations.models import Federation
from tests.cadres.factories import PersonFactory
from venues.models import Venue

PEOPLE = "/api/v1/cadres/people/"
FEDERATIONS = "/api/v1/organizations/federations/"


@pytest.fixture
def person(tree):
    return PersonFactory(federation=tree.s1c1, name="归档测试人")


def ids(response):
    assert response.status_code == 200, response.content[:300]
    return {row["id"] for row in response.json()["results"]}


def test_archiving_a_person_hides_her_from_the_list_and_keeps_her(tree, users, api_client, person):
    client = api_client(users.district)
    # when
    response = client.post(f"{PEOPLE}{person.pk}/archive/")
    # then: kept, readable by id, listed only when asked for
    assert response.status_code == 200, response.content
    assert response.json()["archived_at"]
    person.refresh_from_db()
    assert person.archived_at is not None
    assert person.pk not in ids(client.get(PEOPLE))
    assert person.pk in ids(client.get(PEOPLE, {"archived": "true"}))
    assert person.pk not in ids(client.get(PEOPLE, {"archived": "false"}))
    assert client.get(f"{PEOPLE}{person.pk}/").status_code == 200
    assert person.history.count() == 2


def test_restoring_a_person_brings_her_back(tree, users, api_client, person):
    client = api_client(users.district)
    client.post(f"{PEOPLE}{person.pk}/archive/")
    # when
    response = client.post(f"{PEOPLE}{person.pk}/restore/")
    # then
    assert response.status_code == 200
    assert response.json()["archived_at"] is None
    assert person.pk in ids(client.get(PEOPLE))


@pytest.mark.parametrize("who", ["other_district", "viewer", "chair_of_another_community"])
def test_archiving_out_of_scope_is_refused_and_changes_nothing(tree, users, api_client, person, make_user, who):
    from accounts.models import Role

    user = make_user(Role.COMMUNITY_CHAIR, tree.s2c1) if who == "chair_of_another_community" else getattr(users, who)
    # when
    archive = api_client(user).post(f"{PEOPLE}{person.pk}/archive/")
    # then: 404 outside her view (as for a missing id), 403 for the viewer who sees it
    assert archive.status_code == (403 if who == "viewer" else 404)
    person.refresh_from_db()
    assert person.archived_at is None


def test_anonymous_cannot_archive(tree, api_client, person):
    assert api_client().post(f"{PEOPLE}{person.pk}/archive/").status_code in (401, 403)
    person.refresh_from_db()
    assert person.archived_at is None


def test_archiving_a_federation_hides_it_from_the_list_and_restores(tree, users, api_client):
    client = api_client(users.district)
    # when
    assert client.post(f"{FEDERATIONS}{tree.s2c1.pk}/archive/").status_code == 200
    # then
    assert tree.s2c1.pk not in ids(client.get(FEDERATIONS, {"page_size": 100}))
    assert ids(client.get(FEDERATIONS, {"archived": "true"})) == {tree.s2c1.pk}
    # when restored
    assert client.post(f"{FEDERATIONS}{tree.s2c1.pk}/restore/").status_code == 200
    assert tree.s2c1.pk in ids(client.get(FEDERATIONS, {"page_size": 100}))
    assert Federation.objects.get(pk=tree.s2c1.pk).archived_at is None


def test_archiving_another_districts_federation_is_404(tree, users, api_client):
    assert api_client(users.district).post(f"{FEDERATIONS}{tree.s3.pk}/archive/").status_code == 404
    assert Federation.objects.get(pk=tree.s3.pk).archived_at is None


def test_admin_actions_archive_and_restore_people(tree, users, client, person):
    client.force_login(users.district)
    url = reverse("admin:cadres_person_changelist")
    # when
    response = client.post(url, {"action": "archive_selected", "_selected_action": [person.pk]}, follow=True)
    # then
    assert response.status_code == 200
    assert "已归档 1 条记录" in response.content.decode()
    person.refresh_from_db()
    assert person.archived_at is not None
    listed = client.get(url, {"archived": "yes"})
    assert "归档测试人" in listed.content.decode()
    # when restored
    client.post(url, {"action": "restore_selected", "_selected_action": [person.pk]})
    person.refresh_from_db()
    assert person.archived_at is None


def test_admin_action_outside_the_edit_scope_changes_nothing(tree, users, client):
    stranger = PersonFactory(federation=tree.s3c1, name="硚口人")
    client.force_login(users.district)
    client.post(
        reverse("admin:cadres_person_changelist"), {"action": "archive_selected", "_selected_action": [stranger.pk]}
    )
    stranger.refresh_from_db()
    assert stranger.archived_at is None


def test_archived_people_are_not_offered_in_autocomplete(tree, users, client, person):
    PersonFactory(federation=tree.s1c1, name="归档测试人二")
    Person.objects.filter(pk=person.pk).update(archived_at="2020-01-01T00:00:00Z")
    client.force_login(users.district)
    # when: the dropdown of a post's person
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "cadres", "model_name": "post", "field_name": "person", "term": "归档测试人"},
    )
    # then
    assert response.status_code == 200
    assert [row["text"] for row in response.json()["results"]] == ["归档测试人二"]


def test_admin_archived_filter_for_federations(tree, users, client):
    Federation.objects.filter(pk=tree.s2c1.pk).update(archived_at="2020-01-01T00:00:00Z")
    client.force_login(users.district)
    response = client.get(reverse("admin:organizations_federation_changelist"), {"archived": "yes"})
    assert response.status_code == 200
    assert list(response.context["cl"].queryset) == [Federation.objects.get(pk=tree.s2c1.pk)]


VENUES = "/api/v1/venues/venues/"


def test_archiving_a_venue_hides_it_from_lists_pages_and_the_activity_form(tree, users, api_client, client, homes):
    api = api_client(users.district)
    # when
    response = api.post(f"{VENUES}{homes.cuiliu.pk}/archive/")
    # then: hidden from the API list, the venue page and the activity form's venue search; kept and restorable
    assert response.status_code == 200
    assert response.json()["archived_at"]
    assert homes.cuiliu.pk not in ids(api.get(VENUES))
    assert ids(api.get(VENUES, {"archived": "true"})) == {homes.cuiliu.pk}
    client.force_login(users.district)
    assert "翠柳村妇女之家" not in client.get("/venues/").content.decode()
    assert "翠柳村妇女之家" in client.get("/venues/", {"archived": "true"}).content.decode()
    chair_client = api_client(users.street)
    assert chair_client.get(f"{VENUES}{homes.cuiliu.pk}/").status_code == 200
    client.force_login(users.street)
    found = client.get("/activities/search/", {"type": "venue", "q": "妇女之家"}).json()
    labels = {row["label"] for row in found["results"]}
    assert "东亭社区妇女之家" in labels and "翠柳村妇女之家" not in labels
    # when restored
    assert api.post(f"{VENUES}{homes.cuiliu.pk}/restore/").status_code == 200
    assert homes.cuiliu.pk in ids(api.get(VENUES))


def test_archiving_another_districts_venue_is_404(tree, users, api_client, homes):
    assert api_client(users.district).post(f"{VENUES}{homes.yongning.pk}/archive/").status_code == 404
    homes.yongning.refresh_from_db()
    assert homes.yongning.archived_at is None


def test_admin_actions_archive_venues(tree, users, client, homes):
    client.force_login(users.district)
    url = reverse("admin:venues_venue_changelist")
    client.post(url, {"action": "archive_selected", "_selected_action": [homes.cuiliu.pk, homes.dongting.pk]})
    assert list(client.get(url, {"archived": "yes"}).context["cl"].queryset.order_by("code")) == [
        homes.dongting,
        homes.cuiliu,
    ]
    homes.yongning.refresh_from_db()
    assert homes.yongning.archived_at is None


def test_archived_federations_leave_the_tree_page(tree, users, client):
    Federation.objects.filter(pk=tree.s2c1.pk).update(archived_at="2020-01-01T00:00:00Z")
    client.force_login(users.district)
    children = client.get("/organizations/tree/children/", {"parent": tree.s2.pk}).json()["children"]
    assert children[str(tree.s2.pk)] == []
    assert client.get("/organizations/tree/search/", {"q": "中南社区"}).json()["results"] == []


def test_archived_venues_are_not_offered_in_autocomplete(tree, users, client, homes):
    Venue.objects.filter(pk=homes.cuiliu.pk).update(archived_at="2020-01-01T00:00:00Z")
    client.force_login(users.district)
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": "venues", "model_name": "upgrade", "field_name": "venue", "term": "妇女之家"},
    )
    assert response.status_code == 200
    assert "翠柳村妇女之家" not in {row["text"] for row in response.json()["results"]}
    assert "东亭社区妇女之家" in {row["text"] for row in response.json()["results"]}
