"""The cluster and venue pages: scoped, demonstration home first with each home's standards, and the
communities and activities of a venue."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from venues import services
from venues.models import Upgrade


@pytest.fixture
def browser(client):
    def login(user):
        client.force_login(user)
        return client

    return login


def test_anonymous_is_sent_to_login(cluster, client):
    response = client.get(f"/venues/clusters/{cluster.pk}/")
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_cluster_page_shows_the_demonstration_home_first_with_standards(cluster, homes, users, browser):
    # given
    homes.zhongnan.has_place = homes.zhongnan.unified_sign = True
    homes.zhongnan.star_rating = 4
    homes.zhongnan.save()
    # when
    response = browser(users.district).get(f"/venues/clusters/{cluster.pk}/")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("市级示范妇女之家") < html.index("东亭社区妇女之家") < html.index("中南社区妇女之家")
    assert html.index("东亭社区妇女之家") < html.index("翠柳村妇女之家")
    assert "六有 1/6 · 三统一 1/3" in html
    assert "有场所" in html and "统一形象" in html


def test_cluster_page_outside_the_scope_is_404(cluster, users, browser):
    assert browser(users.other_district).get(f"/venues/clusters/{cluster.pk}/").status_code == 404


def test_cluster_page_warns_when_there_is_no_demonstration_home(cluster, users, browser):
    cluster.memberships.update(is_demonstration=False)
    assert (
        "该片区尚无市级示范妇女之家" in browser(users.district).get(f"/venues/clusters/{cluster.pk}/").content.decode()
    )


def test_demonstration_home_page_lists_every_community_of_its_cluster(cluster, homes, users, browser):
    # given
    Upgrade.objects.create(
        venue=homes.dongting, upgraded_on=date(2017, 9, 1), items="更换统一标牌", stars_before=3, stars_after=5
    )
    # when
    html = browser(users.street).get(f"/venues/{homes.dongting.pk}/").content.decode()
    # then
    for community in ("东亭社区妇联", "翠柳村妇联", "中南社区妇联"):
        assert community in html
    assert "面向片区内所有妇女群众开放" in html
    assert "更换统一标牌" in html


def test_an_ordinary_home_serves_its_own_community(cluster, homes, users, browser):
    html = browser(users.district).get(f"/venues/{homes.cuiliu.pk}/").content.decode()
    assert "翠柳村妇联" in html and "中南社区妇联" not in html


def test_venue_page_lists_the_activities_held_there(cluster, homes, users, browser):
    from activities.models import Activity, ActivityKind

    kind = ActivityKind.objects.first() or ActivityKind.objects.create(name="亲子茶艺")
    start = timezone.now() - timedelta(days=3)
    html = browser(users.district).get(f"/venues/{homes.dongting.pk}/").content.decode()
    assert "暂无活动记录" in html
    Activity.objects.create(
        federation=homes.dongting.federation,
        kind=kind,
        title="亲子茶艺培训",
        start=start,
        end=start + timedelta(hours=2),
        venue=homes.dongting,
    )
    html = browser(users.district).get(f"/venues/{homes.dongting.pk}/").content.decode()
    assert "亲子茶艺培训" in html and "暂无活动记录" not in html
    # venues knows activities only through its registry, filled in by ActivitiesConfig.ready()
    assert [a.title for a in services.activities_at(homes.dongting)] == ["亲子茶艺培训"]


def test_lists_are_scoped_and_their_queries_fixed(cluster, homes, users, browser, make_venue, tree):
    client = browser(users.district)
    html = client.get("/venues/").content.decode()
    assert "东亭社区妇女之家" in html and "永宁社区妇女之家" not in html
    with CaptureQueriesContext(connection) as small:
        client.get("/venues/clusters/")
    for i in range(5):
        make_venue(tree.s2c1, name=f"加{i}")
    with CaptureQueriesContext(connection) as large:
        client.get("/venues/")
    with CaptureQueriesContext(connection) as venues_small:
        client.get("/venues/?kind=WOMENS_HOME")
    assert len(large) == len(venues_small)
    assert "东亭片区" in client.get("/venues/clusters/").content.decode()
    assert len(small) < 15
