"""Venue locations: WGS84 stored, GCJ-02 converted on input (round trip within 1 m), ranges checked, and a point
outside the district of the federation that runs the venue refused in Chinese (API 400, admin form error)."""

from decimal import Decimal

import pytest
from django.forms.models import model_to_dict
from django.urls import reverse

from venues import geo
from venues.admin import VenueAdminForm
from venues.models import Venue

API = "/api/v1/venues/venues/"
# 水果湖 (武昌区), where the test tree's 东亭 lies; 宝丰 (硚口区); 天安门 (Beijing).
SHUIGUOHU = (114.352, 30.553)
QIAOKOU = (114.265, 30.575)
BEIJING = (116.397, 39.909)


@pytest.mark.parametrize(
    "point", [SHUIGUOHU, QIAOKOU, (114.0, 30.3), (114.9, 31.3), (116.397, 39.909), (87.6, 43.8), (121.47, 31.23)]
)
def test_gcj02_round_trip_is_within_one_metre(point):
    # given a WGS84 point and its GCJ-02 image, which lies hundreds of metres away
    gcj = geo.wgs84_to_gcj02(*point)
    assert geo.haversine_m(*point, *gcj) > 100
    # when converted back
    back = geo.gcj02_to_wgs84(*gcj)
    # then
    assert geo.haversine_m(*point, *back) < 1.0
    assert geo.haversine_m(*gcj, *geo.wgs84_to_gcj02(*back)) < 1.0


def test_outside_china_the_datums_agree():
    assert geo.gcj02_to_wgs84(2.35, 48.85) == (2.35, 48.85)


def test_haversine_and_its_bounding_box():
    # one degree of latitude is about 111.2 km
    assert geo.haversine_m(114.0, 30.0, 114.0, 31.0) == pytest.approx(111_195, rel=1e-3)
    min_lng, max_lng, min_lat, max_lat = geo.bounding_box(114.0, 30.0, 1500)
    assert geo.haversine_m(114.0, 30.0, max_lng, 30.0) == pytest.approx(1500, rel=1e-3)
    assert geo.haversine_m(114.0, 30.0, 114.0, min_lat) == pytest.approx(1500, rel=1e-3)


def test_point_in_polygon_with_a_hole():
    outer, hole = [[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 2]]
    geometry = {"type": "Polygon", "coordinates": [outer, hole]}
    feature = {"id": "X", "properties": {"name": "试验区"}, "geometry": geometry}
    district = geo.parse_districts({"features": [feature]})["X"]
    assert district.contains(3, 3)
    assert not district.contains(1.5, 1.5)  # in the hole
    assert not district.contains(5, 1)


def test_the_vendored_outline_knows_wuhans_thirteen_districts():
    names = {d.name for d in geo.districts().values()}
    assert len(names) == 13 and {"武昌区", "硚口区", "新洲区"} <= names
    assert geo.district_at(*SHUIGUOHU).name == "武昌区"
    assert geo.district_at(*QIAOKOU).name == "硚口区"
    assert geo.district_at(*BEIJING) is None
    # by division code, else by the federation's name
    assert geo.district_for("420104", "").name == "硚口区"
    assert geo.district_for("D1", "武昌区妇联").name == "武昌区"
    assert geo.district_for("420191", "东湖新技术开发区妇联") is None
    for district in geo.districts().values():
        assert district.contains(*geo.interior_point(district, seed=3))


def test_api_stores_typed_wgs84_coordinates(tree, users, api_client):
    # when
    payload = {"name": "东亭之家", "code": "LOC-1", "kind": "WOMENS_HOME", "federation": tree.s1c1.pk}
    payload |= {"address": "武昌区东亭路 1 号", "longitude": "114.352", "latitude": "30.553"}
    response = api_client(users.street).post(API, payload, format="json")
    # then
    assert response.status_code == 201, response.json()
    venue = Venue.objects.get(code="LOC-1")
    assert (venue.longitude, venue.latitude) == (Decimal("114.352000"), Decimal("30.553000"))
    assert response.json()["longitude"] == "114.352000"
    assert "coordinate_system" not in response.json()


def test_api_converts_gcj02_to_wgs84(tree, users, api_client):
    # given a point clicked on a consumer map (GCJ-02)
    gcj = geo.wgs84_to_gcj02(*SHUIGUOHU)
    payload = {"name": "东亭之家", "code": "LOC-2", "kind": "WOMENS_HOME", "federation": tree.s1c1.pk}
    payload |= {"longitude": f"{gcj[0]:.6f}", "latitude": f"{gcj[1]:.6f}", "coordinate_system": "gcj02"}
    # when
    response = api_client(users.street).post(API, payload, format="json")
    # then it is stored as WGS84, within a metre of the true point
    assert response.status_code == 201, response.json()
    venue = Venue.objects.get(code="LOC-2")
    assert geo.haversine_m(float(venue.longitude), float(venue.latitude), *SHUIGUOHU) < 1.0


@pytest.mark.parametrize(
    "point, field, words",
    [
        ({"longitude": "181", "latitude": "30.5"}, "longitude", "经度应在 -180 到 180 之间"),
        ({"longitude": "114.3", "latitude": "-91"}, "latitude", "纬度应在 -90 到 90 之间"),
        ({"longitude": "114.352"}, "latitude", "经度和纬度须同时填写"),
        ({"longitude": f"{QIAOKOU[0]}", "latitude": f"{QIAOKOU[1]}"}, "longitude", "不在武昌区妇联范围内"),
        ({"longitude": f"{BEIJING[0]}", "latitude": f"{BEIJING[1]}"}, "longitude", "不在武昌区妇联范围内"),
        ({"longitude": "东经114度", "latitude": "30.5"}, "longitude", "数"),
    ],
)
def test_api_refuses_bad_coordinates_in_chinese(tree, users, api_client, point, field, words):
    payload = {"name": "东亭之家", "code": "LOC-3", "kind": "WOMENS_HOME", "federation": tree.s1c1.pk} | point
    # when
    response = api_client(users.street).post(API, payload, format="json")
    # then
    assert response.status_code == 400
    assert words in " ".join(response.json()[field])
    assert not Venue.objects.filter(code="LOC-3").exists()


def test_api_moving_a_home_outside_its_district_is_400_and_changes_nothing(homes, users, api_client):
    url = f"{API}{homes.yongning.pk}/"  # 永宁, in 硚口 (D2)
    client = api_client(users.city)
    assert client.patch(url, {"longitude": QIAOKOU[0], "latitude": QIAOKOU[1]}, format="json").status_code == 200
    # when
    response = client.patch(url, {"longitude": SHUIGUOHU[0], "latitude": SHUIGUOHU[1]}, format="json")
    # then
    assert response.status_code == 400
    assert "不在硚口区妇联范围内" in response.json()["longitude"][0]
    homes.yongning.refresh_from_db()
    assert float(homes.yongning.longitude) == QIAOKOU[0]


def admin_form(venue, **changes):
    data = {k: v for k, v in model_to_dict(venue).items() if v is not None}
    data.update(changes)
    return VenueAdminForm(data=data, instance=venue)


def test_admin_form_converts_gcj02_and_refuses_a_point_outside_the_district(homes):
    gcj = geo.wgs84_to_gcj02(*SHUIGUOHU)
    # when: a GCJ-02 point typed into the form
    form = admin_form(homes.dongting, longitude=f"{gcj[0]:.6f}", latitude=f"{gcj[1]:.6f}", coordinate_system="gcj02")
    # then
    assert form.is_valid(), form.errors
    venue = form.save()
    assert geo.haversine_m(float(venue.longitude), float(venue.latitude), *SHUIGUOHU) < 1.0
    # when: a point in 硚口 for 东亭 (武昌)
    form = admin_form(homes.dongting, longitude=str(QIAOKOU[0]), latitude=str(QIAOKOU[1]), coordinate_system="wgs84")
    # then
    assert not form.is_valid()
    assert "不在武昌区妇联范围内" in form.errors["longitude"][0]


def test_the_admin_forms_offer_the_map_picker_beside_the_typed_coordinates(homes, users, client):
    client.force_login(users.district)
    for url in (
        reverse("admin:venues_venue_change", args=[homes.dongting.pk]),
        reverse("admin:venues_communitycentre_add"),
    ):
        body = client.get(url).content.decode()
        assert 'class="venue-picker"' in body, url
        assert "/static/venues/admin_picker.js" in body and "/static/vendor/echarts/echarts.min.js" in body
        assert "wuhan-districts.geojson" in body and 'name="longitude"' in body


def test_the_picker_posts_nothing_of_its_own(homes):
    # a click only fills the two fields; whatever else a browser sends under the picker's name is ignored
    form = admin_form(homes.dongting, longitude="114.350000", latitude="30.550000", map_point="x" * 500)
    assert form.is_valid(), form.errors
    venue = form.save()
    assert (str(venue.longitude), str(venue.latitude)) == ("114.350000", "30.550000")
