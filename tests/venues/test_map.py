"""The venues map page: districts with their coverage and the located homes of the user's part of the tree,
demonstration homes marked, in a fixed number of queries; the page loads only this site's scripts."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from venues.models import ClusterMembership, Venue

URL = reverse("venues:map")


@pytest.fixture
def located(homes, cluster):
    Venue.objects.filter(pk=homes.dongting.pk).update(longitude="114.352", latitude="30.553")
    Venue.objects.filter(pk=homes.zhongnan.pk).update(longitude="114.330", latitude="30.550")
    Venue.objects.filter(pk=homes.yongning.pk).update(longitude="114.265", latitude="30.575")
    return homes


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_map_data_is_the_users_part_of_the_tree(located, users, client):
    # when
    client.force_login(users.district)
    with CaptureQueriesContext(connection) as small:
        response = client.get(URL)
    data = response.context["map_data"]
    # then: 武昌 only, 3 communities of which 3 run a home (东亭, 翠柳村, 中南): 100 %; 硚口 is not hers
    assert data["districts"] == [
        {"id": users.district.federation_id, "name": "武昌区", "value": 100.0, "communities": 3, "covered": 3}
    ]
    assert sorted((name, demo) for _lng, _lat, name, _pk, demo in data["homes"]) == [
        ("东亭社区妇女之家", True),
        ("中南社区妇女之家", False),
    ]  # 翠柳村's home has no location yet; 永宁 is in 硚口
    body = response.content.decode()
    assert 'src="/static/vendor/echarts/echarts.min.js"' in body and "wuhan-districts.geojson" in body
    assert "http://" not in body.replace("xmlns='http://www.w3.org", "") and "https://" not in body
    # more homes: the same number of queries
    Venue.objects.filter(pk=located.cuiliu.pk).update(longitude="114.35", latitude="30.56")
    ClusterMembership.objects.filter(venue=located.zhongnan).update(is_demonstration=False)
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(URL).context["map_data"]["homes"]) == 3
    assert len(large) == len(small)


def test_the_city_sees_every_district(located, users, client):
    client.force_login(users.city)
    data = client.get(URL).context["map_data"]
    assert {row["name"]: row["value"] for row in data["districts"]} == {"武昌区": 100.0, "硚口区": 100.0}
    assert len(data["homes"]) == 3
