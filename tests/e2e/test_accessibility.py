"""Accessibility basics: axe-core finds no serious or critical violation on the main pages, every form field has a
label, and the pages work from the keyboard alone (sign in, skip to the content, fill in a form)."""

import datetime
import json
from zoneinfo import ZoneInfo

import pytest

from .conftest import DEMO_PASSWORD, SCREENSHOTS

# Every visible form control and the name a screen reader announces for it (empty: no label).
UNLABELLED = """() => [...document.querySelectorAll("main input, main select, main textarea")]
  .filter(el => el.type !== "hidden" && el.checkVisibility())
  .filter(el => !(el.labels && el.labels.length) && !el.getAttribute("aria-label")
                && !el.getAttribute("aria-labelledby") && !el.closest("label"))
  .map(el => el.outerHTML.slice(0, 120))"""


def open_survey_path(city):
    today = datetime.datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    survey = city.api(f"/api/v1/evaluations/surveys/?open_on={today}&page_size=1")["results"][0]
    return "/" + survey["public_url"].split("://", 1)[1].split("/", 1)[1]


PAGES = [
    ("login", None, False, "/login/"),
    ("chair home", "chair", True, "/"),
    ("activity form", "chair", True, "/activities/new/"),
    ("activity list", "chair", True, "/activities/"),
    ("district home", "wuchang", False, "/"),
    ("city home", "city", False, "/"),
    ("dashboard", "city", False, "/evaluations/dashboard/"),
    ("dashboard on a phone", "city", True, "/evaluations/dashboard/"),
    ("survey list", "shuiguohu", False, "/evaluations/surveys/"),
    ("tree", "wuchang", False, "/organizations/tree/"),
    ("survey", None, True, "survey"),
    ("directory near me", None, True, "/directory/near/?lng=114.352&lat=30.553"),
]


def test_axe_finds_no_serious_violation_and_every_field_is_labelled(visit):
    # given
    survey_path = open_survey_path(visit("city"))
    report = {}
    unlabelled = {}
    # when
    people = {}
    for name, username, phone, path in PAGES:
        person = people.get((username, phone)) or people.setdefault((username, phone), visit(username, phone=phone))
        response = person.goto(survey_path if path == "survey" else path)
        assert response.ok, (name, response.status)
        if name.startswith("dashboard"):
            person.page.locator('#chart-coverage svg path[fill="#c0392b"]').first.wait_for()
        serious, everything = person.axe()
        report[name] = {"serious": serious, "minor": [(v["id"], v["impact"]) for v in everything if v not in serious]}
        unlabelled[name] = person.page.evaluate(UNLABELLED)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "axe-report.json").write_text(json.dumps(report, ensure_ascii=False, indent=2))
    # then
    assert {name: found["serious"] for name, found in report.items() if found["serious"]} == {}
    assert {name: fields for name, fields in unlabelled.items() if fields} == {}


def test_signing_in_and_skipping_to_the_content_by_keyboard_alone(visit):
    # given: the sign-in page puts the cursor in the user name
    person = visit()
    page = person.page
    person.goto("/login/")
    first_field = page.evaluate("document.activeElement.name")
    # when: she types, Tabs to the password, presses Enter
    page.keyboard.type("wuchang")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{person.site.url}/")
    # and on the home page, the first Tab offers to skip the navigation
    page.keyboard.press("Tab")
    skip = page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    page.wait_for_function("document.activeElement.id === 'main'")
    page.keyboard.press("Tab")
    after_skip = page.evaluate("!!document.activeElement.closest('main')")
    person.shot("signed-in")
    # then
    assert first_field == "username"
    assert "您好，武昌区妇联" in person.main_text
    assert skip == "跳到正文" and after_skip


@pytest.mark.parametrize("path", ["/activities/new/", "/"])
def test_every_control_is_reached_by_tab_with_a_visible_focus(visit, path):
    # given
    chair = visit("chair", phone=True)
    page = chair.page
    chair.goto(path)
    controls = page.evaluate(
        """() => (window.__controls = [...document.querySelectorAll(
            "main a[href], main button, main input, main select, main textarea")]
          .filter(el => el.type !== "hidden" && !el.disabled && el.checkVisibility())).length"""
    )
    # when: Tab through the whole page (search boxes add their suggestions on the way), noting each focused
    # control and whether its focus shows, until the focus leaves the content
    reached, invisible, entered = set(), [], False
    for _step in range(300):
        page.keyboard.press("Tab")
        index, shows, in_main = page.evaluate(
            # (a date field's calendar button is a part of the field: the browser draws its ring itself)
            """() => { const el = document.activeElement; const style = getComputedStyle(el);
              const ring = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
              const ownPart = !el.matches(":focus");
              return [window.__controls.indexOf(el), ring || style.boxShadow !== "none" || ownPart,
                      !!el.closest("main")]; }"""
        )
        if entered and not in_main:
            break
        entered = entered or in_main
        if index >= 0:
            reached.add(index)
            if not shows:
                invisible.append(index)
    # then: every control of the page was reached, and its focus ring showed
    assert reached == set(range(controls)), sorted(set(range(controls)) - reached)
    assert invisible == []
