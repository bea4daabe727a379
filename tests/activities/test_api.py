"""The activities API: nested writable co-organisers, scope (404 read, 403 write, nothing changed), filters,
the monthly summary and the list query counts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.models import Activity, ActivityReach, CoOrganizer

from .conftest import at, image_bytes

URL = "/api/v1/activities/activities/"
SUMMARY = "/api/v1/activities/summary/"


def payload(tree, kinds, **changes):
    data = {
        "federation": tree.s1c1.pk,
        "kind": kinds["PARTY_THEME_DAY"].pk,
        "title": "主题党日",
        "start": "2024-05-10T09:00:00+08:00",
        "end": "2024-05-10T11:00:00+08:00",
        "participants": 30,
        "women_participants": 26,
    }
    data.update(changes)
    return data


def test_creating_an_activity_with_nested_co_organizers(tree, users, kinds, partners, api_client):
    # given
    data = payload(
        tree,
        kinds,
        venue=partners.venue.pk,
        radiated_to=[tree.s1v1.pk],
        co_organizers=[
            {"role": "LEAD", "federation": tree.s1c1.pk},
            {"role": "CO_HOST", "party_organization": partners.party.pk},
            {"role": "SUPPORTER", "member_unit": partners.unit.pk},
        ],
    )
    # when: the street's staff logs it for 东亭社区, radiating to 翠柳村 in her street
    response = api_client(users.street).post(URL, data, format="json")
    # then
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["is_cross_sector"] is True
    assert {(row["role"], row["name"], row["sector"]) for row in body["co_organizers"]} == {
        ("LEAD", "东亭社区妇联", "WOMEN_FEDERATION"),
        ("CO_HOST", "东亭社区党支部", "PARTY"),
        ("SUPPORTER", "武昌区招商局", "GOVERNMENT"),
    }
    activity = Activity.objects.get(pk=body["id"])
    assert activity.created_by == users.street
    assert set(ActivityReach.objects.filter(activity=activity).values_list("federation_id", flat=True)) == {
        tree.s1c1.pk,
        tree.s1v1.pk,
    }


def test_updating_co_organizers_keeps_removes_and_adds(tree, users, kinds, partners, api_client, make_activity):
    # given
    activity = make_activity(tree.s1c1, co_organizers=[(partners.team, "LEAD"), (partners.unit, "CO_HOST")])
    kept = activity.co_organizers.get(team=partners.team)
    # when
    response = api_client(users.chair).patch(
        f"{URL}{activity.pk}/",
        {
            "co_organizers": [
                {"role": "CO_HOST", "team": partners.team.pk},
                {"role": "LEAD", "federation": tree.s1c1.pk},
            ]
        },
        format="json",
    )
    # then
    assert response.status_code == 200, response.json()
    rows = set(activity.co_organizers.values_list("id", "role", "team_id", "federation_id"))
    assert (kept.pk, "CO_HOST", partners.team.pk, None) in rows
    assert len(rows) == 2
    activity.refresh_from_db()
    assert activity.is_cross_sector is True  # team + federation


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"end": "2024-05-10T08:00:00+08:00"}, "end"),
        ({"participants": 10, "women_participants": 11}, "women_participants"),
        ({"co_organizers": [{"role": "LEAD"}]}, "co_organizers"),
        ({"co_organizers": [{"role": "LEAD", "federation": 1, "team": 1}]}, "co_organizers"),
        ({"co_organizers": [{"role": "LEAD", "federation": 4}, {"role": "CO_HOST", "federation": 4}]}, "co_organizers"),
        ({"radiated_to": ["S1"]}, "radiated_to"),
    ],
)
def test_bad_input_is_a_400_with_chinese_errors_and_saves_nothing(
    tree, users, kinds, partners, api_client, changes, field
):
    # given: ids resolved in the small tree
    changes = dict(changes)
    if field == "radiated_to":
        changes["radiated_to"] = [tree.s1.pk]
    if "co_organizers" in changes:
        for row in changes["co_organizers"]:
            if "federation" in row:
                row["federation"] = tree.s1c1.pk
            if "team" in row:
                row["team"] = partners.team.pk
    # when
    response = api_client(users.district).post(URL, payload(tree, kinds, **changes), format="json")
    # then
    assert response.status_code == 400
    body = response.json()
    assert field in body, body
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(body[field]))
    assert not Activity.objects.exists()
    assert not CoOrganizer.objects.exists()


def test_a_co_organizer_outside_her_area_is_refused(tree, users, kinds, partners, api_client):
    response = api_client(users.chair).post(
        URL,
        payload(tree, kinds, co_organizers=[{"role": "CO_HOST", "member_unit": partners.other_unit.pk}]),
        format="json",
    )
    assert response.status_code == 400
    assert "co_organizers" in response.json()
    assert not Activity.objects.exists()


def test_an_activity_in_another_community_s_name_is_refused(tree, users, kinds, api_client, make_user):
    # a community chair cannot even see the other community
    response = api_client(users.chair).post(URL, payload(tree, kinds, federation=tree.s2c1.pk), format="json")
    assert response.status_code == 400
    assert "federation" in response.json()
    # a street user who may view the district, but edit only her street: 403
    wide = make_user("street_staff", tree.s1, view_federation=tree.d1)
    response = api_client(wide).post(URL, payload(tree, kinds, federation=tree.s2c1.pk), format="json")
    assert response.status_code == 403
    assert not Activity.objects.exists()


def test_scope_other_district_reads_and_writes_404_like_a_missing_id(tree, users, api_client, make_activity):
    # given
    activity = make_activity(tree.s1c1)
    client = api_client(users.other_district)
    # then
    assert client.get(f"{URL}{activity.pk}/").status_code == 404
    assert client.patch(f"{URL}{activity.pk}/", {"participants": 1}, format="json").status_code == 404
    assert client.post(f"{URL}{activity.pk}/photos/", {}, format="multipart").status_code == 404
    activity.refresh_from_db()
    assert activity.participants == 30


def test_filters(tree, users, kinds, partners, api_client, make_activity):
    # given
    theme = make_activity(tree.s1c1, "PARTY_THEME_DAY", co_organizers=[(partners.party, "CO_HOST")])
    song = make_activity(tree.s1v1, "RED_SONG", start=at(2024, 6, 3), venue=partners.venue)
    outing = make_activity(tree.s2c1, "OUTING", start=at(2024, 7, 1), radiated=[tree.s1c1])
    make_activity(tree.s3c1, "OUTING")
    client = api_client(users.district)

    def ids(**params):
        response = client.get(URL, params)
        assert response.status_code == 200, response.json()
        return {row["id"] for row in response.json()["results"]}

    # then
    assert ids() == {theme.pk, song.pk, outing.pk}
    assert ids(ancestor=tree.s1.pk) == {theme.pk, song.pk}
    assert ids(reached=tree.s1c1.pk) == {theme.pk, outing.pk}
    assert ids(kind=kinds["RED_SONG"].pk) == {song.pk}
    assert ids(kind_code="OUTING") == {outing.pk}
    assert ids(date_from="2024-06-01", date_to="2024-06-30") == {song.pk}
    assert ids(month="2024-05") == {theme.pk}
    assert ids(venue=partners.venue.pk) == {song.pk}
    assert ids(organizer_party_organization=partners.party.pk) == {theme.pk}
    assert ids(cross_sector="false") == {theme.pk, song.pk, outing.pk}


def test_list_query_count_does_not_grow(tree, users, partners, api_client, make_activity):
    client = api_client(users.district)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(URL, {"page_size": 500}).status_code == 200
        return len(ctx.captured_queries)

    make_activity(tree.s1c1, co_organizers=[(partners.team, "LEAD"), (partners.unit, "CO_HOST")])
    before = count()
    for _ in range(15):
        make_activity(
            tree.s1c1,
            co_organizers=[(partners.party, "LEAD"), (partners.social, "CO_HOST"), (tree.s1c1, "CO_HOST")],
            radiated=[tree.s1v1],
            venue=partners.venue,
        )
    assert count() == before


def test_social_organization_and_team_lists_are_scoped_and_filtered(tree, users, partners, api_client):
    client = api_client(users.chair)
    social = client.get("/api/v1/activities/social-organizations/", {"ancestor": tree.s1c1.pk}).json()["results"]
    assert [row["name"] for row in social] == ["晓茶会"]
    teams = client.get("/api/v1/activities/teams/").json()["results"]
    assert [row["name"] for row in teams] == ["东亭舞蹈队"]


# --- summary -----------------------------------------------------------------------------------------


def test_summary_endpoint(tree, users, partners, api_client, make_activity):
    # given
    make_activity(tree.s1c1, "RED_SONG", co_organizers=[(partners.unit, "LEAD"), (tree.s1c1, "CO_HOST")])
    make_activity(tree.s1v1, "OUTING", participants=10, women=9, co_organizers=[(tree.s1c1, "CO_HOST")])
    # when
    response = api_client(users.street).get(SUMMARY, {"federation": tree.s1.pk, "month": "2024-05"})
    # then
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["count"], body["participants"], body["women_participants"], body["cross_sector_count"]) == (
        2,
        40,
        29,
        1,
    )
    assert {row["code"]: row["count"] for row in body["by_kind"]} == {"RED_SONG": 1, "OUTING": 1}
    assert body["federation_name"] == "水果湖街妇联" and body["month"] == "2024-05"


def test_summary_is_404_outside_her_view_and_400_on_bad_input(tree, users, api_client):
    client = api_client(users.chair)
    assert client.get(SUMMARY, {"federation": tree.s3.pk, "month": "2024-05"}).status_code == 404
    bad = client.get(SUMMARY, {"federation": tree.s1c1.pk, "month": "2024-5"})
    assert bad.status_code == 400 and "month" in bad.json()
    assert client.get(SUMMARY, {"month": "2024-05"}).status_code == 400
    assert api_client().get(SUMMARY, {"federation": tree.s1c1.pk, "month": "2024-05"}).status_code in (401, 403)


def test_summary_endpoint_query_count_at_two_sizes(tree, users, api_client, make_activity):
    from organizations.choices import Level
    from organizations.models import Federation

    def count():
        # a fresh user and client each time, as a new request has: the tree numbers moved
        client = api_client(type(users.city).objects.get(pk=users.city.pk))
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(SUMMARY, {"federation": tree.city.pk, "month": "2024-05"})
        assert response.status_code == 200
        return len(ctx.captured_queries), response.json()["count"]

    make_activity(tree.s1c1)
    small, n_small = count()
    for index in range(25):
        community = Federation.objects.create(
            name=f"扩展社区{index}", code=f"EXT{index}", level=Level.COMMUNITY, parent=tree.s2
        )
        make_activity(community, "RED_SONG" if index % 3 else "OUTING", co_organizers=[(tree.s1c1, "CO_HOST")])
    large, n_large = count()
    assert (n_small, n_large) == (1, 26)
    assert large == small


# --- photos through the API ----------------------------------------------------------------------------


def test_photo_upload_through_the_api(tree, users, api_client, make_activity, media):
    from django.core.files.uploadedfile import SimpleUploadedFile

    activity = make_activity(tree.s1c1)
    client = api_client(users.chair)
    good = SimpleUploadedFile("a.jpg", image_bytes(), content_type="image/jpeg")
    bad = SimpleUploadedFile("b.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    # a bad one refuses the batch
    response = client.post(f"{URL}{activity.pk}/photos/", {"photos": [good, bad]}, format="multipart")
    assert response.status_code == 400
    assert activity.photos.count() == 0
    good.seek(0)
    response = client.post(f"{URL}{activity.pk}/photos/", {"photos": [good]}, format="multipart")
    assert response.status_code == 201, response.json()
    assert activity.photos.count() == 1
