"""The home page each demo account lands on after signing in, and the navigation it offers."""

import pytest

NAVIGATION = {
    "chair": ["首页", "活动登记", "本月活动", "满意度测评", "数据看板"],
    "viewer": [
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
    "city": [
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
}
NAVIGATION["wuchang"] = NAVIGATION["shuiguohu"] = NAVIGATION["city"]


def sections(page):
    return page.locator("main section.card > h2").all_inner_texts()


def nav(page):
    return page.locator(".site-header nav a").all_inner_texts()


def patch(person, path, data):
    token = next(c["value"] for c in person.page.context.cookies() if c["name"] == "csrftoken")
    response = person.page.request.patch(
        person.site.url + path, data=data, headers={"X-CSRFToken": token, "Referer": person.site.url + "/"}
    )
    assert response.ok, response.text()
    return response.json()


def test_a_chair_on_her_phone_sees_her_reminders_and_the_button_to_log_an_activity(visit):
    # given
    chair = visit("chair", phone=True)
    # when
    chair.goto("/")
    # then
    assert sections(chair.page)[0] == "活动登记与提醒"
    assert "未填报“四个一”轮值考核" in chair.page.inner_text("main section.card >> nth=0")
    assert chair.page.locator("main a.button.primary:text-is('登记活动')").is_visible()
    assert nav(chair.page) == NAVIGATION["chair"]
    assert not {"问题清单", "本辖区最近变更", "五项指标（近 12 个月）"} & set(sections(chair.page))


def test_district_staff_see_their_gaps_and_the_latest_changes_in_their_district(visit):
    # given: she corrects a street's phone through the API; the other district's staff correct one of theirs
    staff = visit("wuchang")
    street = staff.api("/api/v1/organizations/federations/?search=中南路街&level=STREET")["results"][0]
    patch(staff, f"/api/v1/organizations/federations/{street['id']}/", {"contact_person": "陈丽华"})
    other = visit("qiaokou")
    theirs = other.api("/api/v1/organizations/federations/?level=STREET")["results"][0]
    patch(other, f"/api/v1/organizations/federations/{theirs['id']}/", {"contact_person": "王敏"})
    # when
    staff.goto("/")
    changes = staff.page.inner_text(".home-changes")
    staff.page.click(f".home-changes a:text-is('{street['name']}')")
    staff.page.wait_for_url(f"**/admin/organizations/federation/{street['id']}/history/")
    staff.shot("history")
    # then
    assert "wuchang" in changes and street["name"] in changes
    assert theirs["name"] not in changes and "qiaokou" not in changes
    assert "wuchang" in staff.page.inner_text("#change-history")


def test_district_home_lists_the_gaps_of_every_pillar(visit):
    # given
    staff = visit("wuchang")
    gaps = staff.api("/api/v1/evaluations/gaps/?page_size=1")
    # when
    staff.goto("/")
    text = staff.main_text
    # then
    assert "问题清单" in sections(staff.page) and "本辖区最近变更" in sections(staff.page)
    assert f"武昌区妇联辖区内共有 {gaps['count']} 处问题" in text
    assert nav(staff.page) == NAVIGATION["wuchang"]


@pytest.mark.parametrize("username", ["city", "viewer"])
def test_the_city_office_and_viewers_see_the_indicators_with_a_link_to_the_dashboard(visit, username):
    # given
    person = visit(username)
    indicators = person.api("/api/v1/evaluations/dashboard/")["indicators"]
    # when
    person.goto("/")
    cards = person.page.locator(".home-card .home-card-label").all_inner_texts()
    person.page.locator("main a.button.primary:text-is('打开数据看板')").first.click()
    person.page.wait_for_url("**/evaluations/dashboard/")
    # then
    assert cards == ["综合得分", *[item["label"] for item in indicators]]
    assert nav(person.page) == NAVIGATION[username]
