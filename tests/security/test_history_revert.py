"""Any record can be restored to an earlier version from its history in the admin (simple_history's revert
form), scoped like any change: a person and a venue here, a federation in tests/foundation/test_admin_scope.py."""

from django.urls import reverse

from tests.cadres.factories import PersonFactory
from venues.models import Venue


def revert(client, url, **overrides):
    form = client.get(url)
    assert form.status_code == 200
    data = {
        k: v for k, v in form.context["adminform"].form.initial.items() if v is not None and not hasattr(v, "field")
    }
    data.update(overrides)
    return client.post(url, data)


def test_a_person_is_restored_to_an_earlier_version(tree, users, client):
    # given: a person whose occupation and phone were changed twice
    person = PersonFactory(federation=tree.s1c1, name="陈恢复", occupation="东亭社区居委会主任", phone="13800000001")
    person.occupation = "误填的单位"
    person.phone = "13800000002"
    person.save()
    earlier = person.history.earliest("history_date")
    client.force_login(users.district)
    url = reverse("admin:cadres_person_simple_history", args=[person.pk, earlier.history_id])
    # when
    response = revert(client, url, federation=tree.s1c1.pk)
    # then
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    person.refresh_from_db()
    assert (person.occupation, person.phone) == ("东亭社区居委会主任", "13800000001")
    latest = person.history.latest("history_date")
    assert latest.history_user == users.district
    assert person.history.count() == 3


def test_an_archived_person_comes_back_by_reverting_to_before_the_archiving(tree, users, client, api_client):
    person = PersonFactory(federation=tree.s1c1, name="陈归档")
    api_client(users.district).post(f"/api/v1/cadres/people/{person.pk}/archive/")
    before = person.history.earliest("history_date")
    client.force_login(users.district)
    url = reverse("admin:cadres_person_simple_history", args=[person.pk, before.history_id])
    assert revert(client, url, federation=tree.s1c1.pk).status_code == 302
    person.refresh_from_db()
    assert person.archived_at is None


def test_a_venue_is_restored_to_an_earlier_version(tree, users, client, make_venue):
    venue = make_venue(tree.s1c1, name="东亭社区妇女之家", opening_hours="9:00-17:00", star_rating=3)
    venue.opening_hours = "关闭"
    venue.star_rating = 1
    venue.save()
    earlier = venue.history.earliest("history_date")
    client.force_login(users.district)
    url = reverse("admin:venues_venue_simple_history", args=[venue.pk, earlier.history_id])
    # when
    response = revert(client, url, federation=tree.s1c1.pk)
    # then
    assert response.status_code == 302
    venue = Venue.objects.get(pk=venue.pk)
    assert (venue.opening_hours, venue.star_rating) == ("9:00-17:00", 3)
    assert venue.history.latest("history_date").history_user == users.district


def test_another_districts_person_cannot_be_reverted(tree, users, client):
    person = PersonFactory(federation=tree.s3c1, name="硚口人", occupation="甲")
    person.occupation = "乙"
    person.save()
    earlier = person.history.earliest("history_date")
    client.force_login(users.district)
    url = reverse("admin:cadres_person_simple_history", args=[person.pk, earlier.history_id])
    # out of her view: like a missing record (tests/permissions/test_channels.py checks every admin)
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "x", "federation": tree.s3c1.pk, "occupation": "甲"}).status_code == 404
    person.refresh_from_db()
    assert person.occupation == "乙"


def test_a_viewer_sees_the_history_of_a_record_in_her_view_but_cannot_revert_it(tree, users, client):
    person = PersonFactory(federation=tree.s1c1, name="东亭人", occupation="甲")
    person.occupation = "乙"
    person.save()
    earlier = person.history.earliest("history_date")
    client.force_login(users.viewer)
    assert client.get(reverse("admin:cadres_person_history", args=[person.pk])).status_code == 200
    url = reverse("admin:cadres_person_simple_history", args=[person.pk, earlier.history_id])
    response = client.post(url, {"name": "东亭人", "federation": tree.s1c1.pk, "occupation": "甲"})
    assert response.status_code == 403
    person.refresh_from_db()
    assert person.occupation == "乙"
