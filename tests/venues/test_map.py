"""The venues map page: districts with their coverage and the located homes of the user's part of the tree,
demonstration homes marked, each with its cluster and the clusters' outlines, in a fixed number of queries; the
page loads only this site's scripts. The same data as JSON for the dashboard's panel, narrowed to a federation."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from venues import geo
from venues.models import ClusterMembership, Venue

URL = reverse("venues:map")
DATA_URL = reverse("venues:map-data")


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
    assert sorted((name, demo) for _lng, _lat, name, _pk, demo, _cluster in data["homes"]) == [
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


def test_homes_carry_their_cluster_and_each_cluster_is_outlined(located, cluster, users, client):
    # given: the three homes of 东亭片区 located (a triangle), 永宁's home in no cluster
    Venue.objects.filter(pk=located.cuiliu.pk).update(longitude="114.350", latitude="30.560")
    client.force_login(users.city)
    # when
    data = client.get(URL).context["map_data"]
    # then
    clusters = {home[2]: home[5] for home in data["homes"]}
    assert clusters == {
        "东亭社区妇女之家": cluster.pk,
        "翠柳村妇女之家": cluster.pk,
        "中南社区妇女之家": cluster.pk,
        "永宁社区妇女之家": None,
    }
    assert data["clusters"] == [{"id": cluster.pk, "outline": [[114.33, 30.55], [114.352, 30.553], [114.35, 30.56]]}]


def test_the_convex_hull_leaves_inner_points_out():
    square = [(0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0)]
    assert geo.convex_hull([*square, (0.5, 0.5), (0.5, 0.0), (1.0, 1.0)]) == square
    assert geo.convex_hull([(1.0, 1.0), (0.0, 0.0), (1.0, 1.0)]) == [(0.0, 0.0), (1.0, 1.0)]


def test_the_panel_data_is_narrowed_to_a_federation_in_view(located, tree, users, client):
    client.force_login(users.city)
    # when: the dashboard of 武昌区's street 水果湖街 asks for its panel
    response = client.get(DATA_URL, {"federation": tree.s1.pk})
    # then: its district, and only its own located homes
    assert response.status_code == 200
    data = response.json()
    assert [row["name"] for row in data["districts"]] == ["武昌区"]
    assert [home[2] for home in data["homes"]] == ["东亭社区妇女之家"]
    # the whole city without a federation; a federation out of view reads as missing
    assert len(client.get(DATA_URL).json()["homes"]) == 3
    client.force_login(users.district)
    assert client.get(DATA_URL, {"federation": tree.d2.pk}).status_code == 404
    assert client.get(DATA_URL, {"federation": "x"}).status_code == 404
    client.logout()
    assert client.get(DATA_URL).status_code == 302


def test_the_panel_data_takes_a_fixed_number_of_queries(located, cluster, users, client, make_venue, tree):
    client.force_login(users.city)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(DATA_URL, {"federation": tree.d1.pk}).status_code == 200
        return len(queries)

    small = count()
    for i in range(5):
        venue = make_venue(tree.s1c1, name=f"东亭第{i}妇女之家", code=f"MAP{i}")
        Venue.objects.filter(pk=venue.pk).update(longitude=f"{114.34 + i / 1000}", latitude="30.55")
        ClusterMembership.objects.create(cluster=cluster, venue=venue)
    assert count() == small


def test_the_page_carries_names_as_utf8_and_escapes_markup(located, users, client):
    Venue.objects.filter(pk=located.dongting.pk).update(name="东亭</script><b>之家")
    client.force_login(users.city)
    body = client.get(URL).content.decode()
    data = body[body.index('id="venue-map-data"') :]
    assert "永宁社区妇女之家" in data  # not \\u6c38…: half the bytes
    assert "</script><b>" not in body and "东亭\\u003C/script\\u003E\\u003Cb\\u003E之家" in data


def test_no_base_map_by_default_and_the_tile_url_reaches_the_map_when_set(located, users, client, settings):
    from wuhan_fulian.settings import tile_origins

    client.force_login(users.district)
    # by default: no tiles, and the pages allow images from this site only
    assert "data-tiles=" not in client.get(URL).content.decode()
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"] == ["'self'", "data:", "blob:"]
    # when: the city's 天地图 service is set
    settings.MAP_TILE_URL = "https://t0.tianditu.gov.cn/DataServer?T=vec_w&x={x}&y={y}&l={z}"
    body = client.get(URL).content.decode()
    # then: the map page carries it (the script draws the tiles) and its host is what img-src adds
    assert 'data-tiles="https://t0.tianditu.gov.cn/DataServer?T=vec_w&amp;x={x}&amp;y={y}&amp;l={z}"' in body
    assert tile_origins(settings.MAP_TILE_URL) == ["https://t0.tianditu.gov.cn"]
    assert tile_origins("/tiles/{z}/{x}/{y}.png") == []
