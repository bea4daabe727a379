"""The public directory's "near me": the nearest Women's Homes and communities to a position given in the query
(WGS84 from a browser, GCJ-02 converted), found in the database (a box, then the haversine) in a fixed number of
queries; a bad position is a Chinese 400; the answer is cacheable by the browser only, sends no referrer and
sets no cookie; rate limited like the other public pages; gunicorn's access log leaves the position out."""

import math
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from venues import geo
from venues.models import CommunityCentre, Venue
from venues.nearby import Point, nearest_homes, parse_point
from wuhan_fulian.accesslog import PrivateQueryLogger

KM_LAT = 1 / 111.195
KM_LNG = 1 / (111.195 * math.cos(math.radians(30.55)))
HERE = (114.350, 30.550)  # 武昌, where she stands


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def place(venue, lng, lat):
    Venue.objects.filter(pk=venue.pk).update(longitude=f"{lng:.6f}", latitude=f"{lat:.6f}")


@pytest.fixture
def around(tree, homes):
    """东亭's home 300 m east of her, 翠柳村's 1.2 km north, 中南's 3 km west, 永宁's (硚口) 9 km away; centres
    of 东亭 (100 m south) and 翠柳村 (1.5 km north)."""
    place(homes.dongting, HERE[0] + 0.3 * KM_LNG, HERE[1])
    place(homes.cuiliu, HERE[0], HERE[1] + 1.2 * KM_LAT)
    place(homes.zhongnan, HERE[0] - 3 * KM_LNG, HERE[1])
    place(homes.yongning, 114.265, 30.575)
    CommunityCentre.objects.create(federation=tree.s1c1, longitude=HERE[0], latitude=f"{HERE[1] - 0.1 * KM_LAT:.6f}")
    CommunityCentre.objects.create(federation=tree.s1v1, longitude=HERE[0], latitude=f"{HERE[1] + 1.5 * KM_LAT:.6f}")
    return SimpleNamespace(tree=tree, homes=homes)


def near(client, **query):
    return client.get(reverse("directory:near"), query)


def test_the_nearest_homes_and_communities_nearest_first_with_their_distance(around, client):
    # when
    response = near(client, lng=HERE[0], lat=HERE[1])
    # then
    assert response.status_code == 200
    body = response.content.decode()
    homes = body[body.index("离您最近的妇女之家") : body.index("您附近的社区（村）")]
    assert homes.index("东亭社区妇女之家") < homes.index("翠柳村妇女之家") < homes.index("中南社区妇女之家")
    assert "约 300 米" in homes and "约 1.2 公里" in homes and "约 3.0 公里" in homes
    assert "永宁社区妇女之家" not in body  # 9 km: beyond "near"
    places = body[body.index("您附近的社区（村）") :]
    assert places.index("东亭社区妇联") < places.index("翠柳村妇联")
    assert reverse("directory:place", args=[around.tree.s1c1.pk]) in places


def test_archived_homes_and_homes_without_a_place_are_left_out(around, client):
    Venue.objects.filter(pk=around.homes.dongting.pk).update(archived_at="2026-01-01T00:00:00Z")
    Venue.objects.filter(pk=around.homes.cuiliu.pk).update(longitude=None, latitude=None)
    body = near(client, lng=HERE[0], lat=HERE[1]).content.decode()
    assert "东亭社区妇女之家" not in body and "翠柳村妇女之家" not in body and "中南社区妇女之家" in body


def test_a_gcj02_position_is_converted_before_measuring(around):
    # given: where she stands, as a consumer map (高德, 微信) would give it: ~500 m off in Wuhan
    gcj = geo.wgs84_to_gcj02(*HERE)
    assert geo.haversine_m(*gcj, *HERE) > 300
    # when / then: read as GCJ-02 it is her own point again (to the kept 3 decimals)
    assert parse_point(str(gcj[0]), str(gcj[1]), geo.GCJ02) == Point(*HERE)
    assert parse_point(str(gcj[0]), str(gcj[1])) != Point(*HERE)


def test_the_position_is_rounded_to_about_100_m(around, client):
    assert parse_point("114.35049", "30.55049") == Point(114.350, 30.550)
    # two visitors in the same 100 m square get the same answer (the same ETag)
    first = near(client, lng="114.35012", lat="30.55031")
    second = near(client, lng="114.34981", lat="30.54992")
    assert first["ETag"] == second["ETag"]


@pytest.mark.parametrize(
    "query",
    [
        {"lng": "abc", "lat": "30.5"},
        {"lng": "114.3"},
        {"lng": "200", "lat": "30.5"},
        {"lng": "114.3", "lat": "-91"},
        {"lng": "nan", "lat": "30.5"},
        {"lng": "inf", "lat": "30.5"},
        {"lng": "114.3", "lat": "30.5", "crs": "bd09"},
    ],
)
def test_a_bad_position_is_a_chinese_400(around, client, query):
    response = near(client, **query)
    assert response.status_code == 400
    assert "位置参数无效" in response.content.decode()


def test_far_from_every_home_says_so(around, client):
    body = near(client, lng="116.397", lat="39.909").content.decode()  # Beijing
    assert "公里内没有找到妇女之家" in body


def test_without_a_position_the_page_offers_the_button(around, client):
    response = near(client)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="locate-button"' in body and "不会被保存" in body and "离您最近的妇女之家" not in body
    assert 'id="locate-button"' in client.get(reverse("directory:index")).content.decode()


def test_the_answer_is_kept_by_the_browser_only_sends_no_referrer_and_sets_no_cookie(around, client):
    # when
    response = near(client, lng=HERE[0], lat=HERE[1])
    # then: a shared cache would keep the position in its keys; the browser may keep it a few minutes
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"private", "max-age=300"}
    assert response["Referrer-Policy"] == "no-referrer"
    assert "Set-Cookie" not in response.headers and not response.cookies
    assert near(client, lng=HERE[0], lat=HERE[1], **{}).status_code == 200
    revalidated = client.get(
        reverse("directory:near"), {"lng": HERE[0], "lat": HERE[1]}, headers={"If-None-Match": response["ETag"]}
    )
    assert revalidated.status_code == 304
    # and without a position (nothing private in the address) it is public like the other pages
    assert "public" in near(client)["Cache-Control"]


def test_near_me_is_rate_limited_with_the_other_public_pages(around, client, settings):
    settings.DIRECTORY_RATE = "2/minute"
    assert client.get(reverse("directory:index")).status_code == 200
    assert near(client, lng=HERE[0], lat=HERE[1]).status_code == 200
    limited = near(client, lng=HERE[0], lat=HERE[1])
    assert limited.status_code == 429 and "请求过于频繁" in limited.content.decode()


def test_query_counts_do_not_grow_with_homes(around, client, make_venue):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert near(client, lng=HERE[0], lat=HERE[1]).status_code == 200
        return len(queries)

    small = count()
    for i in range(12):
        venue = make_venue(around.tree.s1c1, name=f"东亭第{i}妇女之家", code=f"NEAR{i}")
        place(venue, HERE[0] + i * 0.1 * KM_LNG, HERE[1])
    cache.clear()
    assert count() == small <= 4
    assert len(nearest_homes(Point(*HERE))) == 10


def test_the_access_log_leaves_the_position_out():
    # given: gunicorn's access log line for a near-me request and for the next page it led to
    logger = PrivateQueryLogger.__new__(PrivateQueryLogger)
    logger.cfg = SimpleNamespace(env_vars=[], access_log_format="")
    response = SimpleNamespace(status="200 OK", headers=[], sent=10)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/directory/near/?lng=114.350&lat=30.550",
        "PATH_INFO": "/directory/near/",
        "QUERY_STRING": "lng=114.350&lat=30.550",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://fulian.example/directory/near/?lng=114.350&lat=30.550",
    }
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    # when
    atoms = logger.atoms(response, request, environ, timedelta(milliseconds=5))
    # then
    assert "114.350" not in repr(atoms)
    assert atoms["r"] == "GET /directory/near/?… HTTP/1.1"
    # other paths keep their query
    environ.update(RAW_URI="/directory/?q=水果湖", PATH_INFO="/directory/", QUERY_STRING="q=水果湖", HTTP_REFERER="-")
    assert logger.atoms(response, SimpleNamespace(headers=[]), environ, timedelta(0))["r"] == (
        "GET /directory/?q=水果湖 HTTP/1.1"
    )
