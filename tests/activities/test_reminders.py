"""The monthly reminders: communities with no activity last month and cadres with no 四个一 check are
stored once, handed to pluggable senders, and shown on the chair's home page."""

import datetime

from django.urls import reverse

from activities.choices import ReminderKind
from activities.models import Reminder
from activities.reminders import create_monthly_reminders
from cadres.models import Person, Post, RotationCheck

from .conftest import at

JUNE_2 = datetime.date(2024, 6, 2)
DELIVERED = []


def fake_sms(reminder):
    DELIVERED.append(reminder.text)
    return True


def broken_email(reminder):
    raise RuntimeError("gateway down")


def test_communities_without_an_activity_last_month_get_a_reminder(tree, make_activity):
    # given: in May only 东亭 logged (翠柳村 only appeared as co-organiser: not her own activity)
    make_activity(tree.s1c1, start=at(2024, 5, 20), co_organizers=[(tree.s1v1, "CO_HOST")])
    make_activity(tree.s2c1, start=at(2024, 4, 20))
    # when
    result = create_monthly_reminders(JUNE_2)
    # then
    reminded = set(
        Reminder.objects.filter(kind=ReminderKind.NO_ACTIVITY).values_list("recipient_federation", flat=True)
    )
    assert reminded == {tree.s1v1.pk, tree.s2c1.pk, tree.s3c1.pk}
    assert result["created"] == 3
    text = Reminder.objects.get(recipient_federation=tree.s2c1).text
    assert text == "2024年5月，中南社区妇联没有登记活动，请及时登记。"


def test_reminders_are_created_once_per_month(tree):
    create_monthly_reminders(JUNE_2)
    again = create_monthly_reminders(JUNE_2)
    assert again["created"] == 0
    assert Reminder.objects.count() == 4  # the four communities and villages of the small tree


def test_cadres_without_a_rotation_check_get_a_reminder(tree):
    # given: the chair of 水果湖街 filed nothing for May; her vice chair did
    chair = Post.objects.create(
        person=Person.objects.create(federation=tree.s1, name="李红"),
        federation=tree.s1,
        position="CHAIR",
        term_start=datetime.date(2022, 1, 1),
    )
    vice = Post.objects.create(
        person=Person.objects.create(federation=tree.s1, name="王芳"),
        federation=tree.s1,
        position="VICE_CHAIR_FULLTIME",
        term_start=datetime.date(2022, 1, 1),
    )
    RotationCheck.objects.create(post=vice, month=datetime.date(2024, 5, 1), visited=True)
    # when
    create_monthly_reminders(JUNE_2)
    # then
    rotation = Reminder.objects.filter(kind=ReminderKind.NO_ROTATION_CHECK)
    assert [(r.recipient_federation_id, r.subject_key) for r in rotation] == [(tree.s1.pk, f"post:{chair.pk}")]
    assert "李红" in rotation[0].text and "四个一" in rotation[0].text


def test_senders_are_pluggable_and_one_failing_does_not_stop_the_job(tree, settings):
    # given
    settings.REMINDER_BACKENDS = [
        "tests.activities.test_reminders.broken_email",
        "tests.activities.test_reminders.fake_sms",
    ]
    DELIVERED.clear()
    # when
    create_monthly_reminders(JUNE_2)
    # then
    assert len(DELIVERED) == 4
    assert set(Reminder.objects.values_list("delivered_via", flat=True)) == {"fake_sms"}


def test_the_job_is_scheduled_monthly_on_the_reminders_queue():
    from activities.schedules import BEAT_SCHEDULE
    from activities.tasks import send_monthly_reminders
    from wuhan_fulian.celery import collect_beat_schedule

    entry = collect_beat_schedule()["activities-monthly-reminders"]
    assert entry == BEAT_SCHEDULE["activities-monthly-reminders"]
    assert entry["task"] == send_monthly_reminders.name
    assert entry["options"] == {"queue": "reminders"}
    assert entry["schedule"].day_of_month == {2}


def test_the_task_runs(tree):
    from activities.tasks import send_monthly_reminders

    result = send_monthly_reminders.delay().get()
    assert result["created"] == Reminder.objects.count() >= 3


def test_the_chair_sees_her_unread_reminders_and_the_button_on_her_home_page(tree, users, client):
    # given
    create_monthly_reminders(JUNE_2)
    client.force_login(users.chair)
    own = Reminder.objects.get(recipient_federation=tree.s1c1)
    # when
    page = client.get(reverse("home")).content.decode()
    # then: hers, not the other communities'
    assert own.text in page
    assert "中南社区妇联没有登记活动" not in page
    assert reverse("activities:create") in page and "登记活动" in page
    # when she marks it read, it is gone
    response = client.post(reverse("activities:reminder-read", args=[own.pk]), {"next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == reverse("home")
    own.refresh_from_db()
    assert own.read_at is not None
    assert own.text not in client.get(reverse("home")).content.decode()


def test_she_cannot_mark_another_community_s_reminder(tree, users, client):
    create_monthly_reminders(JUNE_2)
    other = Reminder.objects.get(recipient_federation=tree.s3c1)
    client.force_login(users.chair)
    assert client.post(reverse("activities:reminder-read", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.read_at is None
