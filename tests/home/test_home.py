"""The home page per role and the navigation: each role sees its own sections and only the pages it may use."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from organizations.models import Federation
from wuhan_fulian.context_processors import NAV_ITEMS
from wuhan_fulian.home import recent_changes


def nav_labels(page):
    nav = re.search(r'<nav aria-label="主导航">(.*?)</nav>', page, re.S).group(1)
    return re.findall(r">([^<]+)</a>", nav)


def section_titles(page):
    return re.findall(r'<section class="card">\s*<h2>([^<]+)</h2>', page)


def edit(federation, user, **values):
    for field, value in values.items():
        setattr(federation, field, value)
    federation._history_user = user
    federation.save()


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("chair", ["首页", "活动登记", "本月活动", "满意度测评", "数据看板"]),
        (
            "viewer",
            [
                "首页",
                "组织树",
                "阵地",
                "队伍缺口",
                "四个一",
                "干部培训",
                "满意度测评",
                "数据看板",
                "管理后台",
                "API 文档",
            ],
        ),
        (
            "district",
            [
                "首页",
                "组织树",
                "阵地",
                "活动登记",
                "活动审核",
                "队伍缺口",
                "四个一",
                "干部培训",
                "导入人员",
                "满意度测评",
                "数据看板",
                "管理后台",
                "API 文档",
            ],
        ),
    ],
)
def test_navigation_shows_what_the_role_may_use(tree, users, client, who, expected):
    # given
    user = getattr(users, who)
    client.force_login(user)
    # when
    labels = nav_labels(client.get("/").content.decode())
    links = re.findall(r'<nav aria-label="主导航">.*?</nav>', client.get("/").content.decode(), re.S)[0]
    statuses = {url: client.get(url).status_code for url in re.findall(r'href="([^"]+)"', links)}
    # then: the expected items, each one opens for her (the admin's index and the API docs included)
    assert labels == expected
    assert set(statuses.values()) == {200}, statuses


def test_hidden_pages_refuse_the_roles_they_are_hidden_from(tree, users, client):
    # when
    client.force_login(users.viewer)
    viewer_activities = client.get("/activities/").status_code
    client.force_login(users.chair)
    chair_admin = client.get("/admin/")
    # then
    assert viewer_activities == 403
    assert chair_admin.status_code == 302 and chair_admin.url.startswith("/admin/login/")


def test_navigation_names_only_pages_that_exist():
    assert len({name for _label, name, _who in NAV_ITEMS}) == len(NAV_ITEMS)


def test_a_chair_sees_her_reminders_and_the_button_to_log_an_activity(tree, users, client):
    # given
    client.force_login(users.chair)
    # when
    page = client.get("/").content.decode()
    # then
    assert section_titles(page)[0] == "活动登记与提醒"
    assert 'href="/activities/new/"' in page
    assert "问题清单" not in page and "本辖区最近变更" not in page and "五项指标" not in page


def test_district_staff_see_their_gaps_and_the_changes_in_their_district(tree, users, client):
    # given: a change in her district, one in the other district
    edit(tree.s1c1, users.district, contact_person="周晓岚")
    edit(tree.s3c1, users.other_district, contact_person="李芳")
    client.force_login(users.district)
    # when
    page = client.get("/").content.decode()
    # then
    assert {"问题清单", "本辖区最近变更"} <= set(section_titles(page))
    assert "武昌区妇联辖区内共有" in page and "人员联管" in page
    changes = re.search(r'<ol class="home-changes">(.*?)</ol>', page, re.S).group(1)
    assert "wuchang" in changes and "东亭社区妇联" in changes and "已修改" in changes
    assert f'href="/admin/organizations/federation/{tree.s1c1.pk}/history/"' in changes
    assert "永宁社区妇联" not in changes and "qiaokou" not in changes
    assert "五项指标" not in page


def test_the_city_office_sees_the_indicators_with_a_link_to_the_dashboard(tree, users, client):
    # given
    client.force_login(users.city)
    # when
    page = client.get("/").content.decode()
    # then
    assert section_titles(page)[0] == "五项指标（近 12 个月）"
    cards = re.search(r'<ul class="home-cards">(.*?)</ul>', page, re.S).group(1)
    assert [label in cards for label in ["覆盖率", "身份辨识度", "粘合度", "精准度", "满意度"]] == [True] * 5
    assert 'href="/evaluations/dashboard/"' in page
    assert "问题清单" in page and "本辖区最近变更" in page


def test_a_viewer_sees_indicators_and_gaps_but_no_change_log(tree, users, client):
    client.force_login(users.viewer)
    titles = section_titles(client.get("/").content.decode())
    assert "五项指标（近 12 个月）" in titles and "问题清单" in titles
    assert "本辖区最近变更" not in titles and "活动登记与提醒" not in titles


def test_recent_changes_are_newest_first_and_cost_the_same_for_more_rows(tree, users):
    # given
    edit(tree.s1, users.district, phone="027-1")
    with CaptureQueriesContext(connection) as few:
        recent_changes(users.district, tree.d1)
    for number in range(20):
        edit(Federation.objects.get(pk=tree.s2.pk), users.district, phone=f"027-{number}")
    edit(Federation.objects.get(pk=tree.s1c1.pk), users.street, contact_person="周晓岚")
    # when
    with CaptureQueriesContext(connection) as many:
        changes = recent_changes(users.district, tree.d1)
    # then: the latest first, at most eight, and a fixed number of queries
    assert [change["name"] for change in changes[:2]] == ["东亭社区妇联", "中南路街妇联"]
    assert changes[0]["who"] == "shuiguohu"
    assert len(changes) == 8
    assert len(many) <= len(few) + 2
