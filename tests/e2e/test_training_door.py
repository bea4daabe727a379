"""The street federation's organiser takes attendance at the door of her training session on her phone
(375×812): from the training page she opens the course and its session's sign-in page, ticks present, late and
absent, is told in Chinese that an absence needs a reason (nothing is saved), gives it and saves; the stored
attendance and the credited hours are read back from the database. The page never scrolls sideways."""

import json
import sqlite3
from decimal import Decimal

import pytest

from tests.e2e.conftest import _manage

# The given: a course of 水果湖街妇联 starting today, one 3-hour session, three of its communities' sitting
# chairs enrolled (the demo's own courses were all held before today and their attendance is taken).
SESSION = """
import json
from decimal import Decimal
from accounts.models import User
from cadres.models import Post, TrainingCourse, TrainingEnrolment, TrainingSession
from core import dates
street = User.objects.get(username="shuiguohu").federation
today = dates.today()
course = TrainingCourse.objects.create(
    federation=street, title=f"{today.year}年水果湖街妇联执委履职能力培训班", topic="MASS_WORK",
    starts_on=today, ends_on=today, hours=Decimal("3"), place="水果湖街党群服务中心",
)
session = TrainingSession.objects.create(course=course, held_on=today, subject="群众工作方法", hours=Decimal("3"))
posts = list(
    Post.objects.filter(federation__parent=street, position="CHAIR", ended_on__isnull=True)
    .select_related("person").order_by("federation__lft")[:3]
)
for post in posts:
    TrainingEnrolment.objects.create(course=course, person=post.person)
print(json.dumps({"session": session.pk, "title": course.title, "people": [p.person.pk for p in posts]}))
"""


@pytest.fixture
def door(demo_site):
    made = json.loads(_manage(demo_site.env, "shell", "-c", SESSION).stdout.strip().splitlines()[-1])
    assert len(made["people"]) == 3, made
    return made


def stored(demo_site, session):
    """{person id: (status, reason, hours credited)} of the session, read from the site's database."""
    path = demo_site.env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT person_id, status, absence_reason, hours_credited FROM cadres_trainingattendance"
            " WHERE session_id = ?",
            (session,),
        ).fetchall()
    return {person: (status, reason, Decimal(str(hours))) for person, status, reason, hours in rows}


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= 375")


def test_the_organiser_ticks_attendance_at_the_door_on_her_phone(visit, demo_site, door):
    present, late, absent = door["people"]
    organiser = visit("shuiguohu", phone=True)
    page = organiser.page
    # given: her training page lists the course; its page links the session's sign-in
    organiser.goto("/cadres/training/")
    overview_fits = fits_the_screen(page)
    page.click(f"main a:text-is('{door['title']}')")
    page.wait_for_url("**/cadres/training/courses/*/")
    page.click("main a:text-is('签到')")
    page.wait_for_url(f"**/cadres/training/sessions/{door['session']}/attendance/")
    organiser.shot("sign-in")
    empty_fits = fits_the_screen(page)
    # when: she ticks the three, forgetting the absent one's reason
    page.check(f"#person-{present} input[value=PRESENT]")
    page.check(f"#person-{late} input[value=LATE]")
    page.check(f"#person-{absent} input[value=ABSENT]")
    page.click("button.primary[type=submit]")
    page.wait_for_selector("p.error[role=alert]")
    organiser.shot("no-reason")
    refused = page.inner_text("main")
    row_error = page.inner_text(f"#person-{absent} p.error")
    kept = [page.is_checked(f"#person-{pk} input[value={value}]") for pk, value in door_ticks(door)]
    saved_after_refusal = stored(demo_site, door["session"])
    error_fits = fits_the_screen(page)
    # and gives the reason and saves again
    page.fill(f"#person-{absent} input[name=reason-{absent}]", "社区值班")
    page.click("button.primary[type=submit]")
    page.wait_for_url(f"**/cadres/training/sessions/{door['session']}/attendance/")
    page.wait_for_selector("ul.messages")
    organiser.shot("saved")
    saved_page = page.inner_text("main")
    ticked = [page.is_checked(f"#person-{pk} input[value={value}]") for pk, value in door_ticks(door)]
    saved_fits = fits_the_screen(page)
    # then: nothing was stored while a row was wrong; then all three, with the hours the rule counts
    assert "缺席须填写原因" in row_error and "未保存任何出勤" in refused
    assert kept == [True, True, True]
    assert saved_after_refusal == {}
    assert "已保存 3 人的出勤" in saved_page
    assert ticked == [True, True, True]
    assert stored(demo_site, door["session"]) == {
        present: ("PRESENT", "", Decimal("3")),
        late: ("LATE", "", Decimal("3")),
        absent: ("ABSENT", "社区值班", Decimal("0")),
    }
    assert overview_fits and empty_fits and error_fits and saved_fits


def door_ticks(door):
    present, late, absent = door["people"]
    return [(present, "PRESENT"), (late, "LATE"), (absent, "ABSENT")]
