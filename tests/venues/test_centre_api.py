"""The community centre API (/api/v1/venues/community-centres/): list, detail, create and update in the user's part
of the tree like the venue API (scope, 404 beyond it, history are covered by the generated permission tests,
tests/venues/resources.py); here the place: WGS84 or GCJ-02, inside the community's district, only communities
and villages, one centre each, all in Chinese."""

import pytest

from venues import geo
from venues.models import CommunityCentre

API = "/api/v1/venues/community-centres/"
SHUIGUOHU = (114.352, 30.553)  # 武昌
QIAOKOU = (114.220, 30.580)


def test_a_street_sets_and_moves_its_communitys_centre(tree, users, api_client):
    client = api_client(users.street)
    # when
    created = client.post(API, {"federation": tree.s1c1.pk, "longitude": "114.352", "latitude": "30.553"})
    # then
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["federation_name"], body["longitude"], body["latitude"]) == ("东亭社区妇联", "114.352000", "30.553000")
    # when: moved by a point from a consumer map (GCJ-02)
    gcj = geo.wgs84_to_gcj02(*SHUIGUOHU)
    moved = client.patch(
        f"{API}{body['id']}/",
        {"longitude": f"{gcj[0]:.6f}", "latitude": f"{gcj[1]:.6f}", "coordinate_system": "gcj02"},
        format="json",
    )
    # then: stored in WGS84
    assert moved.status_code == 200, moved.json()
    centre = CommunityCentre.objects.get(pk=body["id"])
    assert geo.haversine_m(float(centre.longitude), float(centre.latitude), *SHUIGUOHU) < 1.0
    assert centre.history.count() == 2
    # and listed by the community's street
    listed = client.get(API, {"ancestor": tree.s1.pk}).json()["results"]
    assert [row["id"] for row in listed] == [body["id"]]


@pytest.mark.parametrize(
    "change, field, words",
    [
        ({"longitude": str(QIAOKOU[0]), "latitude": str(QIAOKOU[1])}, "longitude", "不在武昌区妇联范围内"),
        ({"longitude": "114.352"}, "latitude", "该字段是必填项"),
        ({"longitude": "181", "latitude": "30.5"}, "longitude", "经度应在 -180 到 180 之间"),
    ],
)
def test_bad_places_are_refused_in_chinese(tree, users, api_client, change, field, words):
    response = api_client(users.street).post(API, {"federation": tree.s1c1.pk, **change})
    assert response.status_code == 400
    assert words in " ".join(response.json()[field]), response.json()
    assert not CommunityCentre.objects.exists()


def test_only_a_community_or_village_has_a_centre_and_only_one(tree, users, api_client):
    client = api_client(users.district)
    street = client.post(API, {"federation": tree.s1.pk, "longitude": "114.352", "latitude": "30.553"})
    assert street.status_code == 400  # a street is not among the choices (the model's limit_choices_to)
    assert "不存在" in str(street.json()["federation"])
    first = client.post(API, {"federation": tree.s1c1.pk, "longitude": "114.352", "latitude": "30.553"})
    assert first.status_code == 201
    again = client.post(API, {"federation": tree.s1c1.pk, "longitude": "114.353", "latitude": "30.553"})
    assert again.status_code == 400 and "federation" in again.json()
    assert CommunityCentre.objects.count() == 1
