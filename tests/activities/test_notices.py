"""Manual reminders and notices in the admin: the subject is picked by autocomplete (no internal key typed),
and staff send a short notice to every chair under a federation of their own, which lands on the chairs' home
pages and goes through the pluggable senders. Scope-checked; refusals in Chinese; every row has history."""

import pytest
from django.test import Client

from accounts.models import Role
from activities.choices import ReminderKind
from activities.models import Reminder
from cadres.models import Person

NOTICE = "/admin/activities/reminder/notice/"
ADD = "/admin/activities/reminder/add/"
SENT = []


def fake_sms(reminder):
    SENT.append((reminder.recipient_federation_id, reminder.text))
    return True


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def chairs(tree, users, make_user):
    """Chairs in 东亭 (武昌, users.chair) and 翠柳村 (武昌), and in 永宁 (硚口); 中南社区's chair account is off."""
    make_user(Role.COMMUNITY_CHAIR, tree.s1v1, username="cuiliu")
    make_user(Role.COMMUNITY_CHAIR, tree.s3c1, username="yongning")
    make_user(Role.COMMUNITY_CHAIR, tree.s2c1, username="zhongnan", is_active=False)
    return users


def test_staff_send_a_notice_to_every_chair_under_her_district(tree, chairs, settings):
    settings.REMINDER_BACKENDS = ["tests.activities.test_notices.fake_sms"]
    SENT.clear()
    staff = signed_in(chairs.district)
    # the form offers the federation by autocomplete, and the list links to it
    assert 'data-ajax--url="/admin/autocomplete/"' in staff.get(NOTICE).content.decode()
    assert f'href="{NOTICE}"' in staff.get("/admin/activities/reminder/").content.decode()
    # when
    response = staff.post(NOTICE, {"federation": tree.d1.pk, "text": "周五下午三点到区妇联开会。"})
    # then: one notice per federation with an active chair in 武昌, none for 硚口 or the inactive account
    assert response.status_code == 302
    notices = Reminder.objects.filter(kind=ReminderKind.NOTICE)
    assert sorted(n.recipient_federation_id for n in notices) == sorted([tree.s1c1.pk, tree.s1v1.pk])
    assert len({n.subject_key for n in notices}) == 1 and notices[0].subject_key.startswith("notice:")
    assert all(n.history.filter(history_type="+", history_user=chairs.district).exists() for n in notices)
    assert sorted(SENT) == sorted(
        [(tree.s1c1.pk, "周五下午三点到区妇联开会。"), (tree.s1v1.pk, "周五下午三点到区妇联开会。")]
    )
    assert {n.delivered_via for n in notices} == {"fake_sms"}
    # the chair sees it on her home page
    assert "周五下午三点到区妇联开会。" in signed_in(chairs.chair).get("/").content.decode()


def test_a_notice_outside_her_scope_or_empty_is_refused_in_chinese_and_sends_nothing(tree, chairs):
    staff = signed_in(chairs.district)
    cases = [
        ({"federation": tree.d2.pk, "text": "开会"}, "请选择您负责范围内的组织。"),
        ({"federation": tree.s1c1.pk, "text": "   "}, "请填写通知内容。"),
        ({"federation": tree.s1c1.pk, "text": "长" * 201}, "201"),
        ({"federation": tree.s2.pk, "text": "开会"}, "没有主席账号"),  # 中南路街: its only chair account is off
        ({"federation": "abc", "text": "开会"}, "请选择您负责范围内的组织。"),
    ]
    for data, message in cases:
        response = staff.post(NOTICE, data)
        assert response.status_code == 400, data
        assert message in response.content.decode(), data
    assert not Reminder.objects.exists()


def test_chairs_and_viewers_cannot_send_notices(tree, chairs):
    assert signed_in(chairs.chair).get(NOTICE).status_code == 302  # not staff: the admin's sign-in page
    assert signed_in(chairs.viewer).post(NOTICE, {"federation": tree.d1.pk, "text": "x"}).status_code == 403
    assert not Reminder.objects.exists()


def test_a_manual_reminder_names_its_subject_by_autocomplete_not_by_key(tree, chairs):
    person = Person.objects.create(federation=tree.s1c1, name="李红")
    stranger = Person.objects.create(federation=tree.s3c1, name="张敏")
    staff = signed_in(chairs.district)
    form = staff.get(ADD).content.decode()
    assert 'name="subject_person"' in form and 'name="subject_federation"' in form
    assert 'name="subject_key"' not in form and "federation:12" not in form
    base = {"recipient_federation": tree.s1c1.pk, "kind": ReminderKind.NOTICE, "month": "2024-06-01", "text": "请补登"}
    # when: a person in her district
    assert staff.post(ADD, {**base, "subject_person": person.pk}).status_code == 302
    assert Reminder.objects.get().subject_key == f"person:{person.pk}"
    # a federation as subject; and none: the recipient itself
    staff.post(ADD, {**base, "subject_federation": tree.s1v1.pk, "text": "二"})
    staff.post(ADD, {**base, "month": "2024-07-01"})
    keys = set(Reminder.objects.values_list("subject_key", flat=True))
    assert keys == {f"person:{person.pk}", f"federation:{tree.s1v1.pk}", f"federation:{tree.s1c1.pk}"}
    # a person of 硚口 cannot be named (as if she did not exist); both at once is refused
    refused = staff.post(ADD, {**base, "subject_person": stranger.pk, "month": "2024-08-01"})
    both = staff.post(
        ADD, {**base, "subject_person": person.pk, "subject_federation": tree.s1c1.pk, "month": "2024-09-01"}
    )
    assert "选择一个有效的选项" in refused.content.decode()
    assert "提醒对象只能选一个" in both.content.decode()
    assert Reminder.objects.count() == 3
    # the change form shows the stored subject picked
    change = staff.get(
        f"/admin/activities/reminder/{Reminder.objects.get(subject_key__startswith='person').pk}/change/"
    )
    assert f'<option value="{person.pk}" selected>李红</option>' in change.content.decode()
