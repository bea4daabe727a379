"""Training under dual management (培训同步管理): the model rules, the two gap rules at their boundaries, a
cadre's record and the trained share through the API, both lines' view, and fixed query counts."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from cadres import training
from cadres.choices import AttendanceStatus, Position
from cadres.models import TrainingAttendance, TrainingCourse, TrainingEnrolment, TrainingSession
from cadres.models.people import add_years
from core import dates
from core import gaps as registry
from organizations.choices import Level
from organizations.models import Federation
from tests.cadres.factories import PartyOrganizationFactory, PersonFactory, PostFactory

AS_OF = datetime.date(2018, 6, 30)
GAPS = "/api/v1/evaluations/gaps/"


def course(federation, starts_on=datetime.date(2018, 3, 1), days=30, **kwargs):
    defaults = dict(title="妇联干部培训班", topic="POLITICAL_THEORY", hours=Decimal("16"), place="区委党校")
    defaults.update(kwargs)
    return TrainingCourse.objects.create(
        federation=federation, starts_on=starts_on, ends_on=starts_on + datetime.timedelta(days=days), **defaults
    )


def attend(person, held_on, hours, organiser=None, **kwargs):
    """``person`` enrolled in a course of ``organiser`` (her federation's parent) with one session attended."""
    organiser = organiser or person.federation.parent or person.federation
    found = TrainingCourse.objects.filter(federation=organiser, starts_on__lte=held_on, ends_on__gte=held_on).first()
    found = found or course(organiser, starts_on=held_on)
    session, _ = TrainingSession.objects.get_or_create(
        course=found, held_on=held_on, subject=f"{hours} 学时", defaults={"hours": Decimal(hours)}
    )
    TrainingEnrolment.objects.get_or_create(course=found, person=person)
    return TrainingAttendance.objects.create(session=session, person=person, **kwargs)


def training_rules(found):
    return {(gap.rule, gap.extra["person"]) for gap in found}


# --- model rules --------------------------------------------------------------------------------------------


def test_course_rules(tree):
    party = PartyOrganizationFactory(federation=tree.s2)
    bad = TrainingCourse(
        federation=tree.s1,
        organiser_party=party,
        title="x",
        topic="RIGHTS",
        starts_on=datetime.date(2018, 3, 2),
        ends_on=datetime.date(2018, 3, 1),
        hours=Decimal("0"),
    )
    with pytest.raises(ValidationError) as error:
        bad.full_clean()
    assert set(error.value.message_dict) == {"organiser_party", "ends_on", "hours", "place"}
    # the Party organisation at the same level may organise
    good = TrainingCourse(
        federation=tree.s2,
        organiser_party=party,
        title="党工委培训",
        topic="MASS_WORK",
        starts_on=datetime.date(2018, 3, 1),
        ends_on=datetime.date(2018, 3, 1),
        hours=Decimal("4"),
        online=True,
    )
    good.full_clean()
    assert good.organiser_name == party.name


def test_only_sitting_cadres_under_the_organiser_are_enrolled(tree):
    district_course = course(tree.d1)
    no_post = PersonFactory(federation=tree.s1c1)
    with pytest.raises(ValidationError, match="在任干部"):
        TrainingEnrolment(course=district_course, person=no_post).full_clean()
    other_district = PostFactory(federation=tree.s3c1, position=Position.CHAIR).person
    with pytest.raises(ValidationError, match="管理范围"):
        TrainingEnrolment(course=district_course, person=other_district).full_clean()
    chair = PostFactory(federation=tree.s1c1, position=Position.CHAIR).person
    TrainingEnrolment(course=district_course, person=chair).full_clean()


def test_capacity_is_kept(tree):
    small = course(tree.s1, capacity=1)
    first, second = (PostFactory(federation=tree.s1c1).person for _ in range(2))
    TrainingEnrolment.objects.create(course=small, person=first)
    with pytest.raises(ValidationError, match="名额已满"):
        TrainingEnrolment(course=small, person=second).full_clean()


def test_attendance_rules_and_credited_hours(tree):
    chair = PostFactory(federation=tree.s1c1, position=Position.CHAIR).person
    found = course(tree.s1)
    session = TrainingSession.objects.create(course=found, held_on=datetime.date(2018, 3, 5), hours=Decimal("3"))
    with pytest.raises(ValidationError, match="未报名"):
        TrainingAttendance(session=session, person=chair).full_clean()
    TrainingEnrolment.objects.create(course=found, person=chair)
    with pytest.raises(ValidationError) as error:
        TrainingAttendance(session=session, person=chair, hours_credited=Decimal("3.5")).full_clean()
    assert "hours_credited" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        TrainingAttendance(session=session, person=chair, status=AttendanceStatus.ABSENT).full_clean()
    assert "absence_reason" in error.value.message_dict
    late = TrainingAttendance.objects.create(session=session, person=chair, status=AttendanceStatus.LATE)
    assert late.hours_credited == Decimal("3")  # the session's hours when none are given
    late.status, late.absence_reason = AttendanceStatus.ABSENT, "生病"
    late.hours_credited = None
    late.full_clean()
    late.save()
    assert late.hours_credited == Decimal("0")
    assert late.history.count() == 2
    with pytest.raises(ValidationError, match="课次日期"):
        TrainingSession(course=found, held_on=datetime.date(2019, 1, 1), hours=Decimal("2")).full_clean()


# --- the gap rules --------------------------------------------------------------------------------------------


def test_training_is_its_own_gap_provider():
    assert registry.providers()["training"] is training.gaps


def test_chair_with_exactly_the_required_hours_has_no_gap(tree, settings):
    settings.CADRE_TRAINING_HOURS_PER_YEAR = 8
    chair = PostFactory(federation=tree.s1c1, position=Position.CHAIR).person  # since 2017-03-01
    vice = PostFactory(federation=tree.s1c1, position=Position.VICE_CHAIR_PARTTIME).person
    PostFactory(federation=tree.s1c1, position=Position.EXEC_MEMBER)  # 执委 of a year's standing: not this rule
    attend(chair, datetime.date(2018, 3, 5), "5")
    attend(chair, datetime.date(2018, 3, 6), "3")  # exactly 8
    attend(vice, datetime.date(2018, 3, 5), "7.5")
    found = training.gaps(tree.city, AS_OF)
    assert training_rules(found) == {("chair_training_hours", vice.pk)}
    assert found[0].missing == "兼职副主席" + vice.name + "近一年培训 7.5 学时，少 0.5 学时"
    assert found[0].fix_url == f"/admin/cadres/trainingenrolment/add/?person={vice.pk}"
    assert found[0].pillar == "cadres" and found[0].federation_name == "东亭社区妇联"


def test_the_year_is_the_year_up_to_the_day_asked(tree):
    chair = PostFactory(federation=tree.s1c1, position=Position.CHAIR).person
    attend(chair, datetime.date(2017, 6, 30), "8")  # a year before AS_OF: outside the window
    assert training_rules(training.gaps(tree.city, AS_OF)) == {("chair_training_hours", chair.pk)}
    assert training.gaps(tree.city, datetime.date(2018, 6, 29)) == []  # the day before, it still counts


def test_absent_sessions_credit_nothing(tree):
    chair = PostFactory(federation=tree.s1c1, position=Position.CHAIR).person
    attend(chair, datetime.date(2018, 3, 5), "8", status=AttendanceStatus.ABSENT, absence_reason="出差")
    assert training_rules(training.gaps(tree.city, AS_OF)) == {("chair_training_hours", chair.pk)}


def test_new_cadre_who_took_the_post_m_months_ago_today_is_not_yet_a_gap(tree, settings):
    settings.NEW_CADRE_TRAINING_MONTHS = 6
    taken = datetime.date(2017, 12, 31)
    member = PostFactory(federation=tree.s1c1, position=Position.EXEC_MEMBER, term_start=taken).person
    # six months after 31 December is 30 June (the month's last day)
    assert training.new_cadre_deadline(taken) == datetime.date(2018, 6, 30)
    assert training.gaps(tree.city, datetime.date(2018, 6, 30)) == []
    found = training.gaps(tree.city, datetime.date(2018, 7, 1))
    assert training_rules(found) == {("new_cadre_training", member.pk)}
    assert "2018-06-30前未参加培训" in found[0].missing
    # trained on the last day of her window: no gap
    attend(member, datetime.date(2018, 6, 30), "2")
    assert training.gaps(tree.city, datetime.date(2018, 7, 1)) == []


def test_a_window_over_by_one_day_after_the_shortest_months_is_a_gap(tree, settings):
    """The gap query reads only cadres who began at least 28 days × months before the day asked; the
    tightest windows (through February) are still found the day after they close."""
    settings.NEW_CADRE_TRAINING_MONTHS = 1
    late_january = PostFactory(
        federation=tree.s1c1, position=Position.EXEC_MEMBER, term_start=datetime.date(2018, 1, 31)
    ).person
    first_of_february = PostFactory(
        federation=tree.s2c1, position=Position.EXEC_MEMBER, term_start=datetime.date(2018, 2, 1)
    ).person
    assert training.new_cadre_deadline(datetime.date(2018, 1, 31)) == datetime.date(2018, 2, 28)
    assert training_rules(training.gaps(tree.city, datetime.date(2018, 2, 28))) == set()
    assert training_rules(training.gaps(tree.city, datetime.date(2018, 3, 1))) == {
        ("new_cadre_training", late_january.pk)
    }
    assert training_rules(training.gaps(tree.city, datetime.date(2018, 3, 2))) == {
        ("new_cadre_training", late_january.pk),
        ("new_cadre_training", first_of_february.pk),
    }


def test_new_cadre_trained_too_late_is_still_a_gap_and_a_reelected_cadre_is_not_new(tree):
    taken = datetime.date(2017, 10, 1)
    member = PostFactory(federation=tree.s1c1, position=Position.EXEC_MEMBER, term_start=taken).person
    attend(member, datetime.date(2018, 5, 1), "4")  # after 2018-04-01
    assert training_rules(training.gaps(tree.city, AS_OF)) == {("new_cadre_training", member.pk)}
    # a chair whose first post began in 2012 and whose new term began in 2017 is judged by the yearly rule
    old = PersonFactory(federation=tree.s2c1)
    PostFactory(person=old, federation=tree.s2c1, term_start=datetime.date(2012, 3, 1), ended_on=taken)
    PostFactory(person=old, federation=tree.s2c1, position=Position.CHAIR, term_start=taken)
    attend(old, datetime.date(2018, 5, 1), "8")
    assert training_rules(training.gaps(tree.city, AS_OF)) == {("new_cadre_training", member.pk)}


def test_gap_list_scope_and_the_training_filter(tree, users, api_client):
    PostFactory(federation=tree.s1c1, position=Position.CHAIR)
    PostFactory(federation=tree.s3c1, position=Position.CHAIR)
    client = api_client(users.district)
    body = client.get(GAPS, {"pillar": "training", "as_of": "2018-06-30"}).json()
    assert [gap["federation_name"] for gap in body["results"]] == ["东亭社区妇联"]
    assert client.get(GAPS, {"pillar": "training", "federation": tree.d2.pk}).status_code == 404


# --- API: record, summary, both lines -------------------------------------------------------------------------


def test_the_person_record_and_both_lines_see_it(tree, users, api_client):
    post = PostFactory(federation=tree.s1c1, position=Position.CHAIR)
    attend(post.person, datetime.date(2018, 3, 5), "6", organiser=tree.s1, certificate_number="ZS-001")
    url = f"/api/v1/cadres/people/{post.person.pk}/training/"
    for user in (users.chair, users.street, users.district, users.viewer):  # her federation and the lines above
        body = api_client(user).get(url).json()
        assert body["attendances"][0]["certificate_number"] == "ZS-001"
        assert body["hours_required"] == "8" or Decimal(body["hours_required"]) == 8
    assert api_client(users.other_district).get(url).status_code == 404
    listed = api_client(users.district).get("/api/v1/cadres/training-attendances/", {"person": post.person.pk}).json()
    assert listed["count"] == 1 and listed["results"][0]["course_title"] == "妇联干部培训班"


def test_trained_share_per_federation_with_drill_down(tree, users, api_client):
    trained = PostFactory(federation=tree.s1c1, position=Position.CHAIR).person
    attend(trained, datetime.date(2018, 3, 5), "8")
    PostFactory(federation=tree.s2c1, position=Position.CHAIR)
    PostFactory(federation=tree.d1, position=Position.VICE_CHAIR_FULLTIME)
    url = "/api/v1/cadres/training-attendances/summary/"
    body = api_client(users.district).get(url, {"as_of": "2018-06-30"}).json()
    rows = {row["federation_name"]: (row["cadres"], row["trained"]) for row in body["results"]}
    assert rows == {"武昌区妇联": (1, 0), "水果湖街妇联": (1, 1), "中南路街妇联": (1, 0)}
    drill = api_client(users.district).get(url, {"federation": tree.s1.pk, "as_of": "2018-06-30"}).json()
    # the street itself has no chair of its own (left out); a community without cadres shows no share
    assert {row["federation_name"]: row["share"] for row in drill["results"]} == {
        "东亭社区妇联": 1.0,
        "翠柳村妇联": None,
    }
    assert api_client(users.district).get(url, {"federation": tree.d2.pk}).status_code == 404
    assert api_client(users.district).get(url, {"as_of": "2018-13-01"}).status_code == 400


def test_api_refuses_bad_input_in_chinese_and_changes_nothing(tree, users, api_client):
    found = course(tree.s1)
    client = api_client(users.street)
    response = client.post(
        "/api/v1/cadres/training-sessions/", {"course": found.pk, "held_on": "2019-01-01", "hours": "30"}
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"held_on", "hours"}
    outside = course(tree.s3)
    response = client.post(
        "/api/v1/cadres/training-sessions/", {"course": outside.pk, "held_on": "2018-03-02", "hours": "2"}
    )
    assert response.status_code == 400 and "course" in response.json()
    assert TrainingSession.objects.count() == 0


# --- query counts -----------------------------------------------------------------------------------------------


def grow(tree, n, start=0):
    for i in range(start, start + n):
        street = Federation.objects.create(name=f"培训街{i}", code=f"PX{i}", level=Level.STREET, parent=tree.d1)
        place = Federation.objects.create(name=f"培训社区{i}", code=f"PX{i}C", level=Level.COMMUNITY, parent=street)
        for fed in (street, place):
            person = PostFactory(federation=fed, position=Position.CHAIR).person
            attend(person, datetime.date(2018, 3, 5), "4", organiser=tree.d1)
            attend(person, datetime.date(2018, 3, 6), "2", organiser=street)
            PostFactory(federation=fed, position=Position.EXEC_MEMBER, term_start=datetime.date(2017, 10, 1))


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/cadres/training-courses/",
        "/api/v1/cadres/training-sessions/",
        "/api/v1/cadres/training-enrolments/",
        "/api/v1/cadres/training-attendances/",
        "/api/v1/cadres/training-attendances/summary/?as_of=2018-06-30",
        GAPS + "?pillar=training&as_of=2018-06-30",
    ],
)
def test_lists_and_summary_take_the_same_queries_at_two_tree_sizes(tree, users, api_client, url):
    def count():
        client = api_client(User.objects.get(pk=users.city.pk))  # fresh MPTT numbers
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"page_size": 500})
        assert response.status_code == 200
        return len(ctx.captured_queries), response.json()

    grow(tree, 1)
    small, small_body = count()
    grow(tree, 5, start=1)
    big, big_body = count()
    assert small == big
    assert small_body != big_body  # the second tree really is bigger


# --- pages ----------------------------------------------------------------------------------------------------


@pytest.fixture
def door(tree):
    """A street's session with two enrolled cadres."""
    found = course(tree.s1, starts_on=datetime.date(2018, 3, 1))
    session = TrainingSession.objects.create(course=found, held_on=datetime.date(2018, 3, 1), hours=Decimal("3"))
    people = [
        PostFactory(federation=tree.s1c1, position=position).person
        for position in (Position.CHAIR, Position.EXEC_MEMBER)
    ]
    for person in people:
        TrainingEnrolment.objects.create(course=found, person=person)
    return session, people


def test_attendance_is_ticked_at_the_door(client, users, door):
    session, (chair, member) = door
    url = f"/cadres/training/sessions/{session.pk}/attendance/"
    client.force_login(users.street)
    page = client.get(url)
    assert page.status_code == 200 and chair.name in page.content.decode()
    response = client.post(url, {f"status-{chair.pk}": "PRESENT", f"status-{member.pk}": "ABSENT"})
    assert response.status_code == 400  # no reason for the absence: nothing saved
    assert "缺席须填写原因" in response.content.decode()
    assert TrainingAttendance.objects.count() == 0
    response = client.post(
        url, {f"status-{chair.pk}": "PRESENT", f"status-{member.pk}": "ABSENT", f"reason-{member.pk}": "值班"}
    )
    assert response.status_code == 302
    saved = {a.person_id: (a.status, a.hours_credited) for a in TrainingAttendance.objects.all()}
    assert saved == {chair.pk: ("PRESENT", Decimal("3")), member.pk: ("ABSENT", Decimal("0"))}
    # ticked again: corrected, not copied
    client.post(url, {f"status-{member.pk}": "LATE"})
    assert TrainingAttendance.objects.get(person=member).hours_credited == Decimal("3")
    assert TrainingAttendance.objects.count() == 2


def test_attendance_page_is_the_organisers(client, users, door):
    session, _people = door
    url = f"/cadres/training/sessions/{session.pk}/attendance/"
    for user, status in ((users.chair, 404), (users.other_district, 404), (users.viewer, 403), (users.district, 200)):
        client.force_login(user)
        assert client.get(url).status_code == status


def test_overview_drills_down_and_the_person_page_shows_the_record(client, users, door, tree):
    session, (chair, _member) = door
    TrainingAttendance.objects.create(session=session, person=chair, certificate_number="ZS-9")
    client.force_login(users.district)
    page = client.get("/cadres/training/").content.decode()
    assert "水果湖街妇联" in page and f"?federation={tree.s1.pk}" in page and "妇联干部培训班" in page
    assert "东亭社区妇联" in client.get("/cadres/training/", {"federation": tree.s1.pk}).content.decode()
    assert client.get("/cadres/training/", {"federation": tree.d2.pk}).status_code == 404
    for user in (users.chair, users.street, users.viewer):
        client.force_login(user)
        assert "ZS-9" in client.get(f"/cadres/people/{chair.pk}/training/").content.decode()
    client.force_login(users.other_district)
    assert client.get(f"/cadres/people/{chair.pk}/training/").status_code == 404


# --- the person's admin page ------------------------------------------------------------------------------------


def admin_change(client, user, person):
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/admin/cadres/person/{person.pk}/change/")
    return response, len(queries)


def test_the_person_admin_page_shows_her_training_record_read_only(client, users, tree):
    # given: a community chair with 6 hours this year from the street's course (one session missed) and an
    # older course of the district's
    today = dates.today()
    chair = PostFactory(federation=tree.s1c1, position=Position.CHAIR).person
    attend(chair, today - datetime.timedelta(days=30), "6", organiser=tree.s1, certificate_number="ZS-201")
    attend(chair, today - datetime.timedelta(days=29), "2", organiser=tree.s1, status="ABSENT", absence_reason="出差")
    attend(chair, add_years(today, -2), "8", organiser=tree.d1)
    # when: the district office (both lines above her: the street's and the district's) opens her page
    response, _count = admin_change(client, users.district, chair)
    # then: her courses, sessions, hours this year and the rule, with no field to change them
    assert response.status_code == 200
    page = response.content.decode()
    record = page[page.index('id="training-record"') :]
    record = record[: record.index("</div>")]
    assert record.count("妇联干部培训班") == 2 + 3  # two courses, three sessions
    assert "ZS-201" in record and "缺席（出差）" in record
    assert "近一年 6 学时（要求 8 学时）" in record
    assert "未达标：近一年少 2 学时" in record
    assert "<input" not in record and "<select" not in record
    # the street office, one level up, sees the same record
    street, _count = admin_change(client, users.street, chair)
    assert street.status_code == 200 and "ZS-201" in street.content.decode()


def test_the_person_admin_page_says_when_the_rule_is_met_or_not_due(client, users, tree):
    today = dates.today()
    trained = PostFactory(federation=tree.s1c1, position=Position.CHAIR).person
    attend(trained, today - datetime.timedelta(days=10), "8", organiser=tree.s1)
    new = PostFactory(federation=tree.s1c1, position=Position.EXEC_MEMBER, term_start=today).person
    deadline = training.new_cadre_deadline(today)
    assert "达标：近一年已满 8 学时" in admin_change(client, users.district, trained)[0].content.decode()
    page = admin_change(client, users.district, new)[0].content.decode()
    assert f"暂不考核：新任干部（{today.isoformat()}任职），须在{deadline.isoformat()}前参加培训" in page
    assert "暂无报名" in page and "暂无培训记录" in page


def test_the_person_admin_page_takes_the_same_queries_however_long_her_record(client, users, tree):
    today = dates.today()
    short = PostFactory(federation=tree.s1c1, position=Position.CHAIR).person
    attend(short, today - datetime.timedelta(days=40), "4", organiser=tree.s1)
    long = PostFactory(federation=tree.s2c1, position=Position.CHAIR).person
    for organiser, days in ((tree.s2, 40), (tree.s2, 39), (tree.d1, 100), (tree.d1, 99), (tree.s2, 400)):
        attend(long, today - datetime.timedelta(days=days), "4", organiser=organiser, certificate_number=f"Z{days}")
    admin_change(client, users.district, short)  # warm per-process caches
    small = admin_change(client, users.district, short)
    large = admin_change(client, users.district, long)
    assert small[0].status_code == large[0].status_code == 200
    assert large[0].content.decode().count("<td>Z") == 5
    assert small[1] == large[1]


def test_out_of_scope_reads_like_a_missing_person_on_the_admin_page(client, users, tree):
    chair = PostFactory(federation=tree.s1c1, position=Position.CHAIR).person
    attend(chair, dates.today() - datetime.timedelta(days=30), "8", organiser=tree.s1, certificate_number="ZS-7")
    missing = chair.pk + 1000
    client.force_login(users.other_district)

    def answer(pk):
        response = client.get(f"/admin/cadres/person/{pk}/change/")
        assert response.status_code == 302
        assert response.url == reverse("admin:cadres_person_changelist")
        message = [str(m) for m in get_messages(response.wsgi_request)][-1]
        return message.replace(str(pk), "<pk>")

    assert answer(chair.pk) == answer(missing)
    assert "不存在或不在您的查看范围内" in answer(chair.pk)
    assert "ZS-7" not in client.get(f"/admin/cadres/person/{chair.pk}/change/", follow=True).content.decode()


def test_the_street_one_level_up_sees_the_record_and_summary_of_a_party_course(client, users, tree, api_client):
    """Dual management: the community chair is trained by the street's Party working committee (the Party line
    has no account of its own: it organises courses, recorded with the street federation); the street office,
    the federation one level up, sees her record and counts her in its summary."""
    party = PartyOrganizationFactory(federation=tree.s1, name="水果湖街道党工委")
    held_on = dates.today() - datetime.timedelta(days=15)
    by_party = course(tree.s1, starts_on=held_on, days=1, organiser_party=party, title="党工委妇联干部轮训")
    chair = PostFactory(federation=tree.s1c1, position=Position.CHAIR).person
    attend(chair, held_on, "8", organiser=tree.s1)
    assert TrainingAttendance.objects.get(person=chair).session.course == by_party
    PostFactory(federation=tree.s1v1, position=Position.CHAIR)  # the village chair: not trained
    client.force_login(users.street)
    record = client.get(f"/cadres/people/{chair.pk}/training/").content.decode()
    overview = client.get("/cadres/training/").content.decode()
    admin_page = client.get(f"/admin/cadres/person/{chair.pk}/change/").content.decode()
    api = api_client(users.street)
    summary = api.get("/api/v1/cadres/training-attendances/summary/").json()["results"]
    own = api.get(f"/api/v1/cadres/people/{chair.pk}/training/").json()
    assert "水果湖街道党工委" in record and "党工委妇联干部轮训" in record
    assert "党工委妇联干部轮训</a> · 政治理论 · 水果湖街道党工委" in overview
    assert "达标：近一年已满 8 学时" in admin_page and "水果湖街道党工委" in admin_page
    assert {row["federation_name"]: (row["cadres"], row["trained"]) for row in summary} == {
        "东亭社区妇联": (1, 1),
        "翠柳村妇联": (1, 0),
    }
    assert own["meets_rule"] is True and Decimal(str(own["hours_this_year"])) == 8
    # her own federation sees it too; another district does not
    client.force_login(users.chair)
    assert "党工委妇联干部轮训" in client.get(f"/cadres/people/{chair.pk}/training/").content.decode()
    assert api_client(users.other_district).get(f"/api/v1/cadres/people/{chair.pk}/training/").status_code == 404


def test_the_record_judges_her_as_the_gap_list_does(tree, settings):
    settings.CADRE_TRAINING_HOURS_PER_YEAR, settings.NEW_CADRE_TRAINING_MONTHS = 8, 6
    today = dates.today()
    chair = PostFactory(federation=tree.s1c1, position=Position.CHAIR).person
    attend(chair, today - datetime.timedelta(days=20), "8")
    vice = PostFactory(federation=tree.s1c1, position=Position.VICE_CHAIR_FULLTIME).person
    attend(vice, today - datetime.timedelta(days=20), "7")
    late = PostFactory(federation=tree.s2c1, position=Position.EXEC_MEMBER, term_start=today - datetime.timedelta(210))
    due = PostFactory(federation=tree.s2c1, position=Position.EXEC_MEMBER, term_start=today)
    member = PostFactory(federation=tree.s2c1, position=Position.EXEC_MEMBER)  # of a year's standing
    people = {"chair": chair, "vice": vice, "late": late.person, "due": due.person, "member": member.person}
    judged = {name: training.record(person)["rule"]["meets"] for name, person in people.items()}
    assert judged == {"chair": True, "vice": False, "late": False, "due": None, "member": None}
    in_gaps = {gap.extra["person"] for gap in training.gaps(tree.city, today)}
    assert {name for name, meets in judged.items() if meets is False} == {
        name for name, person in people.items() if person.pk in in_gaps
    }
