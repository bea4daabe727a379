"""District staff in the admin: find a community by part of its name, correct its contact, see the change in
its history; a community of another district cannot be opened."""

import re


def test_district_staff_edits_a_communitys_contact_and_sees_it_in_the_history(visit):
    # given: 武昌区's staff at the admin's sign-in page
    staff = visit()
    page = staff.page
    staff.goto("/admin/")
    page.fill("#id_username", "wuchang")
    page.fill("#id_password", "Fulian-demo-2017")
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
    staff.shot("admin-index")
    # when: she types part of the name in the federations' search box
    staff.goto("/admin/organizations/federation/")
    page.fill("#searchbar", "东亭")
    page.press("#searchbar", "Enter")
    page.wait_for_url(re.compile(r"q=%E4%B8%9C%E4%BA%AD"))
    staff.shot("admin-search")
    found = page.locator("#result_list tbody tr").all_inner_texts()
    page.click("#result_list a:text-is('东亭社区妇联')")
    page.wait_for_selector("#id_contact_person")
    staff.shot("admin-change")
    page.fill("#id_contact_person", "周晓岚")
    page.fill("#id_phone", "027-87654321")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")
    saved = page.inner_text(".messagelist")
    staff.shot("admin-saved")
    page.click("#result_list a:text-is('东亭社区妇联')")
    page.click(".object-tools a.historylink")
    page.wait_for_url(re.compile(r"/history/"))
    staff.shot("admin-history")
    history = page.locator("#change-history tbody tr").all_inner_texts()
    page.click("#change-history tbody tr a")
    page.wait_for_selector("#id_contact_person")
    staff.shot("admin-history-version")
    version = (page.input_value("#id_contact_person"), page.input_value("#id_phone"))
    # then: one match; saved; her entry (newest, with the field diff) above the loaded record's baseline
    assert len(found) == 1 and "东亭社区妇联" in found[0]
    assert "成功修改" in saved
    assert len(history) == 2 and "wuchang" in history[0] and "已修改" in history[0] and "周晓岚" in history[0]
    assert "初始记录" in history[1]
    assert version == ("周晓岚", "027-87654321")


def test_district_staff_cannot_open_a_community_of_another_district(visit):
    # given: a community of 硚口区, as the city office sees it
    city = visit("city")
    other = city.api("/api/v1/organizations/federations/?search=硚口区&level=DISTRICT")["results"][0]
    community = city.api(f"/api/v1/organizations/federations/?ancestor={other['id']}&level=COMMUNITY")["results"][0]
    staff = visit("wuchang")
    # when
    opened = staff.goto(f"/admin/organizations/federation/{community['id']}/change/")
    landed, message = staff.page.url, staff.page.inner_text(".messagelist")
    staff.goto(f"/admin/organizations/federation/?q={community['name']}")
    listed = staff.page.inner_text("#changelist")
    api = staff.page.request.get(f"{staff.site.url}/api/v1/organizations/federations/{community['id']}/")
    # then: the admin sends her back to the list saying there is no such record; her list and the API agree
    assert opened.status == 200 and landed == f"{staff.site.url}/admin/organizations/federation/"
    assert "不存在" in message
    assert community["name"] not in listed and "0 条结果" in listed
    assert api.status == 404
