"""A woman answers the public satisfaction survey on her phone (no account); the same phone cannot answer twice."""

import datetime
from zoneinfo import ZoneInfo


def open_survey(city, name):
    today = datetime.datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    surveys = city.api(f"/api/v1/evaluations/surveys/?open_on={today}&search={name}&page_size=50")["results"]
    return next(survey for survey in surveys if survey["federation_name"] == name)


def answer_everything(page):
    for group in page.locator("fieldset.question").all():
        choices = group.locator("input[type=radio]")
        if choices.count():
            choices.first.check()
        else:
            group.locator("textarea").fill("希望多组织亲子活动，周末开放妇女之家。")


def test_a_woman_answers_once_and_a_second_answer_is_refused_politely(visit):
    # given: the open survey of 东亭社区 and its public link, as the poster's QR code gives it
    survey = open_survey(visit("city"), "东亭社区妇联")
    woman = visit(phone=True)
    page = woman.page
    path = survey["public_url"].split("://", 1)[1].split("/", 1)[1]
    # when: she sends it empty, then answers everything
    first = woman.goto(f"/{path}")
    page.click("button.submit")
    page.wait_for_selector("p.error[role=alert]")
    woman.shot("survey-unanswered")
    unanswered = page.inner_text("main")
    answer_everything(page)
    woman.shot("survey-answered")
    page.click("button.submit")
    page.wait_for_url("**/thanks/")
    woman.shot("survey-thanks")
    thanks = page.inner_text("main")
    # and opens the link again, and tries to post again from the form she kept open in another tab
    again = woman.goto(f"/{path}")
    refused = page.inner_text("main")
    counted = visit("city").api(f"/api/v1/evaluations/surveys/{survey['id']}/")["response_count"]
    # then
    assert first.status == 200 and "本问卷匿名填写" in unanswered
    assert "请回答这道题。" in unanswered
    assert "提交成功" in thanks
    assert again.status == 409 and "您已经提交过了" in refused and "感谢您的参与" in refused
    assert counted == survey["response_count"] + 1


def test_a_second_post_from_the_same_phone_is_refused(visit):
    # given: two tabs of the same phone on the survey
    survey = open_survey(visit("city"), "水果湖街妇联")
    woman = visit(phone=True)
    path = "/" + survey["public_url"].split("://", 1)[1].split("/", 1)[1]
    woman.goto(path)
    second_tab = woman.page.context.new_page()
    second_tab.goto(woman.site.url + path)
    answer_everything(woman.page)
    answer_everything(second_tab)
    # when: she submits in both
    woman.page.click("button.submit")
    woman.page.wait_for_url("**/thanks/")
    with second_tab.expect_response(lambda response: response.request.method == "POST") as posted:
        second_tab.click("button.submit")
    second_tab.wait_for_load_state()
    woman.page = second_tab
    woman.shot("survey-second-post")
    # then
    assert posted.value.status == 409
    assert "您已经提交过了" in second_tab.inner_text("main")
