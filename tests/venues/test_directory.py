"""The public directory: no sign-in, district → street → community or a search; a community's homes, its
cluster's demonstration home and only the sitting chair and vice chairs who consented to 亮身份 (never a phone
number of theirs); a withdrawn consent is gone at once; ETag/Cache-Control; rate limited; fixed query counts."""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cadres.choices import Position
from cadres.models import Person, Post
from core import dates
from venues.models import ClusterMembership, Venue

PERSONAL_PHONE = "13800138000"
VENUE_PHONE = "027-87654321"


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


def page(federation):
    return reverse("directory:place", args=[federation.pk])


def seat(federation, name, position, public=True, ended_on=None):
    person = Person.objects.create(federation=federation, name=name, phone=PERSONAL_PHONE, public_profile=public)
    Post.objects.create(
        person=person,
        federation=federation,
        position=position,
        term_start=dates.today() - datetime.timedelta(days=400),
        ended_on=ended_on,
    )
    return person


@pytest.fixture
def cadres(tree):
    return {
        "chair": seat(tree.s1c1, "王芳", Position.CHAIR),
        "vice": seat(tree.s1c1, "陈静", Position.VICE_CHAIR_PARTTIME),
        "not_consenting": seat(tree.s1c1, "李娟", Position.VICE_CHAIR_FULLTIME, public=False),
        "left": seat(tree.s1c1, "张敏", Position.VICE_CHAIR_FULLTIME, ended_on=dates.today() - datetime.timedelta(1)),
        "member": seat(tree.s1c1, "赵丽", Position.EXEC_MEMBER),
        "elsewhere": seat(tree.s1v1, "孙红", Position.CHAIR),
    }


@pytest.fixture
def directory(tree, homes, cluster, cadres):
    Venue.objects.filter(pk=homes.dongting.pk).update(
        address="武昌区东亭路 8 号", opening_hours="周一至周日 9:00-20:00", phone=VENUE_PHONE
    )
    Venue.objects.filter(pk=homes.dongting.pk).update(description="心理疏导、法律咨询")
    Venue.objects.filter(pk=homes.cuiliu.pk).update(address="翠柳村村委会二楼")
    return tree


def test_anyone_browses_district_street_community(directory, client):
    index = client.get(reverse("directory:index"))
    assert index.status_code == 200
    assert "武昌区妇联" in index.content.decode() and "硚口区妇联" in index.content.decode()
    street_list = client.get(page(directory.d1)).content.decode()
    assert "水果湖街妇联" in street_list and "中南路街妇联" in street_list and "宝丰街妇联" not in street_list
    communities = client.get(page(directory.s1)).content.decode()
    assert "东亭社区妇联" in communities and "翠柳村妇联" in communities


def test_search_finds_streets_and_communities_and_refuses_a_long_query_in_chinese(directory, client):
    found = client.get(reverse("directory:index"), {"q": "水果湖"})
    assert found.status_code == 200
    assert page(directory.s1) in found.content.decode()
    # no people: a cadre's name finds nothing
    assert "没有找到" in client.get(reverse("directory:index"), {"q": "王芳"}).content.decode()
    long = client.get(reverse("directory:index"), {"q": "长" * 31})
    assert long.status_code == 400
    assert "搜索词不能超过 30 个字" in long.content.decode()


def test_a_community_shows_its_homes_its_demonstration_home_and_only_consenting_sitting_leaders(directory, client):
    # when
    body = client.get(page(directory.s1c1)).content.decode()
    # then
    assert "东亭社区妇女之家" in body and "武昌区东亭路 8 号" in body and "周一至周日 9:00-20:00" in body
    assert "心理疏导、法律咨询" in body and VENUE_PHONE in body
    assert "王芳" in body and "陈静" in body
    assert body.index("王芳") < body.index("陈静")  # the chair first
    for hidden in ("李娟", "张敏", "赵丽", "孙红", PERSONAL_PHONE):
        assert hidden not in body
    # 翠柳村's page names its cluster's demonstration home, 东亭's
    other = client.get(page(directory.s1v1)).content.decode()
    assert "翠柳村村委会二楼" in other and "片区市级示范妇女之家" in other and "东亭社区妇女之家" in other
    assert "孙红" in other and "王芳" not in other


def test_a_withdrawn_consent_disappears_at_once(directory, cadres, client):
    first = client.get(page(directory.s1c1))
    assert "陈静" in first.content.decode()
    etag = first["ETag"]
    assert client.get(page(directory.s1c1), headers={"If-None-Match": etag}).status_code == 304
    # when she withdraws her consent (a recorded change)
    person = cadres["vice"]
    person.public_profile = False
    person.save()
    # then her name is gone from the next answer, even for a client holding the old copy
    again = client.get(page(directory.s1c1), headers={"If-None-Match": etag})
    assert again.status_code == 200
    assert "陈静" not in again.content.decode() and "王芳" in again.content.decode()
    assert person.history.first().public_profile is False


def test_answers_are_cacheable_and_revalidated(directory, client):
    response = client.get(page(directory.s1c1))
    assert response["ETag"].startswith('"')
    assert set(response["Cache-Control"].replace(" ", "").split(",")) == {"public", "max-age=0", "must-revalidate"}
    assert "Set-Cookie" not in response.headers  # nothing per visitor: a shared cache may keep it


def test_the_directory_is_rate_limited(directory, client, settings):
    settings.DIRECTORY_RATE = "3/minute"
    for _ in range(3):
        assert client.get(page(directory.s1c1)).status_code == 200
    limited = client.get(page(directory.s1c1))
    assert limited.status_code == 429
    assert "请求过于频繁" in limited.content.decode()
    assert int(limited["Retry-After"]) > 0


def test_unknown_or_unbrowsable_places_are_404(directory, client):
    assert client.get(page(directory.city)).status_code == 404
    assert client.get(page(directory.s1c1g1)).status_code == 404
    assert client.get(reverse("directory:place", args=[999999])).status_code == 404


def test_photos_only_of_consenting_sitting_leaders(directory, cadres, client):
    for person in cadres.values():
        person.photo.save(f"p{person.pk}.png", ContentFile(b"\x89PNG\r\n\x1a\n" + b"0" * 20), save=True)
    shown = client.get(reverse("directory:photo", args=[cadres["chair"].pk]))
    assert shown.status_code == 200 and shown["Content-Type"] == "image/png"
    for key in ("not_consenting", "left", "member"):
        assert client.get(reverse("directory:photo", args=[cadres[key].pk])).status_code == 404
    photo_url = reverse("directory:photo", args=[cadres["chair"].pk])
    assert f'src="{photo_url}"' in client.get(page(directory.s1c1)).content.decode()


def test_query_counts_do_not_grow(directory, cluster, client, make_venue):
    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = {name: count(url) for name, url in [("community", page(directory.s1c1)), ("street", page(directory.s1))]}
    small["search"] = count(reverse("directory:index") + "?q=社区")
    # more homes, more leaders, more communities
    for i in range(4):
        make_venue(directory.s1c1, name=f"东亭第{i}妇女之家", code=f"EXTRA{i}")
        seat(directory.s1c1, f"副主席{i}", Position.VICE_CHAIR_PARTTIME)
    ClusterMembership.objects.filter(venue__federation=directory.s2c1).update(is_demonstration=False)
    large = {name: count(url) for name, url in [("community", page(directory.s1c1)), ("street", page(directory.s1))]}
    large["search"] = count(reverse("directory:index") + "?q=社区")
    assert large == small
    assert small["community"] <= 6
