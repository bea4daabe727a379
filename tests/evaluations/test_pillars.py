"""The dashboard's 各支柱主要数据: each pillar's headline figures (the 会改联 totals, appointed vice chairs and
their teams, member units, women's organisations, venues) on the dashboard, and a page that breaks them down by
child with drill-down; scoped, and in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cadres.models import Election, Post
from evaluations import pillars
from organizations.models import Federation, WomenOrganization

from . import builders as b

D = datetime.date
YEAR = {"from": "2024-01-01", "to": "2024-12-31"}
PAGE = "/evaluations/dashboard/pillars/"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def figures(world):
    # 会改联 in 翠柳村 (武昌) and 永宁 … a village of 硚口; one appointed part-time vice chair leading a team in 东亭,
    # one who left; women's organisations in 东亭 and 永宁
    Election.objects.create(
        federation=world.s1v1, held_on=D(2024, 3, 1), representatives=40, chairs=1, vice_chairs=3, exec_members=7
    )
    village = Federation.objects.create(name="宝丰村妇联", code="S3V1", level="VILLAGE", parent=world.s3)
    Election.objects.create(
        federation=village, held_on=D(2024, 4, 1), representatives=25, chairs=1, vice_chairs=2, exec_members=5
    )
    for federation, ended_on in ((world.s1c1, None), (world.s1c1, D(2024, 2, 1))):
        post = b.post(b.person(federation), federation, "VICE_CHAIR_PARTTIME", ended_on=ended_on)
        Post.objects.filter(pk=post.pk).update(appointment="APPOINTED", team_name="广场舞队", team_women_count=12)
    for federation in (world.s1c1, world.s3c1):
        WomenOrganization.objects.create(
            org_type="CULTURE_SPORTS_TEAM", name=f"{federation.name}巾帼志愿队", founded_on=D(2023, 1, 1),
            federation=federation, member_count=30,
        )  # fmt: skip
    return world


def test_the_city_totals_and_each_districts_share(figures):
    data = pillars.build(figures.city, D(2024, 12, 31))
    rows = {row["name"]: row for row in data["children"]}
    # then: the 会改联 totals add both villages; the district rows split them
    assert (data["total"]["elections"], data["total"]["representatives"], data["total"]["vice_chairs"]) == (2, 65, 5)
    assert (rows["武昌区妇联"]["representatives"], rows["硚口区妇联"]["representatives"]) == (40, 25)
    # the vice chair who left is not counted; her team is not either
    assert (data["total"]["appointed_vice_chairs"], data["total"]["teams"], data["total"]["team_women"]) == (1, 1, 12)
    assert data["total"]["women_organizations"] == 2 and rows["硚口区妇联"]["women_organizations"] == 1
    assert data["total"]["homes"] == 2 and data["total"]["venues"] == 3
    labels = [p["label"] for p in data["pillars"]]
    assert labels == ["组织联建", "人员联管", "阵地联用"]


def test_the_dashboard_shows_the_headline_figures_and_links_the_breakdown(figures, users):
    body = signed_in(users.city).get("/evaluations/dashboard/", YEAR).content.decode()
    assert "各支柱主要数据" in body and "当选妇女代表" in body and "在任聘任兼职副主席" in body
    assert "<dd>65<small>人</small></dd>" in body
    assert f'href="{PAGE}?federation={figures.city.pk}&amp;from=2024-01-01&amp;to=2024-12-31"' in body


def test_the_breakdown_page_drills_down_and_is_scoped(figures, users):
    client = signed_in(users.city)
    city = client.get(PAGE, {"federation": figures.city.pk, **YEAR})
    assert city.status_code == 200
    body = city.content.decode()
    assert f'href="?federation={figures.d1.pk}&amp;from=2024-01-01&amp;to=2024-12-31">武昌区妇联</a>' in body
    district = client.get(PAGE, {"federation": figures.d1.pk, **YEAR}).content.decode()
    assert "水果湖街妇联" in district and "宝丰街妇联" not in district
    # 武昌's staff: 硚口 looks exactly like a federation that does not exist
    staff = signed_in(users.district)
    assert staff.get(PAGE, {"federation": figures.d2.pk}).status_code == 404
    assert staff.get(PAGE, {"federation": 999999}).status_code == 404
    assert Client().get(PAGE).status_code == 302


def test_the_breakdown_takes_the_same_number_of_queries_whatever_the_children(figures, users):
    def count():
        with CaptureQueriesContext(connection) as queries:
            pillars.build(figures.city, D(2024, 12, 31))
        return len(queries)

    before = count()
    for n in range(5):
        district = Federation.objects.create(
            name=f"第{n + 3}区妇联", code=f"DX{n}", level="DISTRICT", parent=figures.city
        )
        b.home(Federation.objects.create(name=f"第{n}街妇联", code=f"SX{n}", level="STREET", parent=district))
    figures.city.refresh_from_db()
    assert count() == before
