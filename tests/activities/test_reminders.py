"""The monthly reminders: communities with no activity last month and cadres with no 四个一 check are
stored once, handed to pluggable senders, and shown on the chair's home page."""

import datetime
import re

from django.urls import reverse

from accounts import inbox
from accounts.models import Message, MessageKind, Role
from activities import notify
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
    message = Message.objects.get(recipient=users.chair, body=own.text)
    # when
    page = client.get(reverse("home")).content.decode()
    # then: hers, not the other communities'
    assert own.text in page
    assert "中南社区妇联没有登记活动" not in page
    assert reverse("activities:create") in page and "登记活动" in page
    # when she marks it read, it is gone (and never off to another site)
    response = client.post(reverse("inbox-read", args=[message.pk]), {"next": "https://evil.example/"})
    assert response.status_code == 302 and response.url == reverse("inbox")
    message.refresh_from_db()
    assert message.read_at is not None
    assert own.text not in client.get(reverse("home")).content.decode()


def test_reading_a_reminder_in_either_place_reads_it_in_both(tree, users, client):
    """One read state, the inbox message's: "知道了" on the home page reads it in the inbox, and opening it in
    the inbox takes it off the home page."""
    # given: two reminders for her community this month
    create_monthly_reminders(JUNE_2)
    Reminder.objects.create(
        recipient_federation=tree.s1c1, kind=ReminderKind.NO_ROTATION_CHECK, month=datetime.date(2024, 5, 1),
        subject_key="e2e", text="东亭社区妇联主席未填报四个一。",
    )  # fmt: skip
    notify.to_inbox(Reminder.objects.filter(subject_key="e2e"))
    client.force_login(users.chair)
    first, second = Message.objects.filter(recipient=users.chair).order_by("pk")
    assert first.body in _home(client) and second.body in _home(client)
    # when: "知道了" on the home page for the first
    client.post(reverse("inbox-read", args=[first.pk]), {"next": "/"})
    # then: read in the inbox too
    assert _inbox_state(client, first) == "read" and _inbox_state(client, second) == "unread"
    # when: she opens the second in the inbox
    assert client.get(reverse("inbox-message", args=[second.pk])).status_code == 200
    # then: gone from the home page as well, and nothing is left unread
    page = _home(client)
    assert first.body not in page and second.body not in page and "暂无未读提醒" in page
    assert Message.objects.filter(recipient=users.chair, read_at__isnull=True).count() == 0


def test_another_person_reading_leaves_hers_unread(tree, users, make_user, client):
    # given: two accounts of the same community, each with her own message of the reminder
    colleague = make_user(Role.COMMUNITY_CHAIR, tree.s1c1, username="dongting-2")
    create_monthly_reminders(JUNE_2)
    text = Reminder.objects.get(recipient_federation=tree.s1c1).text
    client.force_login(colleague)
    # when: her colleague reads it
    client.post(reverse("inbox-read", args=[Message.objects.get(recipient=colleague).pk]), {"next": "/"})
    # then: still unread for the chair, on her home page
    client.force_login(users.chair)
    assert text in _home(client)


def test_she_cannot_mark_another_person_s_reminder(tree, users, client):
    (other,) = inbox.post([users.street], MessageKind.REMINDER, "上月未报“四个一”轮值考核", "水果湖街妇联主席未填报。")
    client.force_login(users.chair)
    assert client.post(reverse("inbox-read", args=[other.pk])).status_code == 404
    assert client.get(reverse("inbox-read", args=[other.pk])).status_code == 405
    other.refresh_from_db()
    assert other.read_at is None


def test_a_reminder_added_in_the_admin_reaches_her_inbox_and_home(tree, users, client):
    client.force_login(users.street)
    response = client.post(
        "/admin/activities/reminder/add/",
        {"recipient_federation": tree.s1c1.pk, "kind": ReminderKind.NO_ACTIVITY, "month": "2024-05-01",
         "text": "请补登五月的活动。"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Message.objects.filter(recipient=users.chair, body="请补登五月的活动。").count() == 1
    client.force_login(users.chair)
    assert "请补登五月的活动。" in _home(client)


def _home(client):
    return client.get(reverse("home")).content.decode()


def _inbox_state(client, message):
    page = client.get(reverse("inbox")).content.decode()
    url = reverse("inbox-message", args=[message.pk])
    item = re.search(r'<li class="(read|unread)">\s*<a href="' + re.escape(url) + '"', page)
    return item.group(1)


def test_the_home_page_shows_five_and_counts_the_rest(tree, users, client):
    inbox.post_many(
        [Message(recipient=users.chair, kind=MessageKind.NOTICE, title="通知", body=f"第{n}次通知。") for n in range(7)]
    )
    client.force_login(users.chair)
    page = _home(client)
    assert "第6次通知。" in page and "第2次通知。" in page and "第1次通知。" not in page
    assert "还有 2 条未读提醒" in page
