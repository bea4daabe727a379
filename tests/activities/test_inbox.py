"""The message centre (issue 19 item 3): reminders, review results and notices land in one inbox per person;
the header shows her unread count (one query per page); opening a message marks it read, and so does "全部标为
已读"; the API lists and marks her own; another person's message is missing (404); senders are pluggable and
each delivery is recorded."""

import logging

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts import inbox
from accounts.models import Message, MessageDelivery, MessageKind, Role
from activities import review
from activities.reminders import create_monthly_reminders

from .conftest import at, log_activity

pytestmark = pytest.mark.django_db

NOTICE = "/admin/activities/reminder/notice/"
SENT = []


def fake_sms(message):
    SENT.append((message.recipient.username, message.title))
    return True


def broken(message):
    raise RuntimeError("gateway down")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def inbox_queries(queries):
    return [q["sql"] for q in queries.captured_queries if "accounts_message" in q["sql"]]


@pytest.fixture
def chairs(tree, users, make_user):
    """Chairs of 东亭 (users.chair) and 翠柳村 under 水果湖街 (S1); of 中南 (S2, another street) and 永宁 (S3,
    another district); a second, inactive chair account in 翠柳村; a street staff account in 东亭's street."""
    return {
        "dongting": users.chair,
        "cuiliu": make_user(Role.COMMUNITY_CHAIR, tree.s1v1, username="cuiliu"),
        "cuiliu_off": make_user(Role.COMMUNITY_CHAIR, tree.s1v1, username="cuiliu-off", is_active=False),
        "zhongnan": make_user(Role.COMMUNITY_CHAIR, tree.s2c1, username="zhongnan"),
        "yongning": make_user(Role.COMMUNITY_CHAIR, tree.s3c1, username="yongning"),
    }


def test_a_street_notice_reaches_exactly_the_chairs_under_it(tree, users, chairs, settings, make_user):
    settings.MESSAGE_SENDERS = ["tests.activities.test_inbox.fake_sms"]
    SENT.clear()
    street_colleague = make_user(Role.STREET_STAFF, tree.s1, username="shuiguohu-2")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
        response = signed_in(users.street).post(NOTICE, {"federation": tree.s1.pk, "text": "周五到街道开会。"})
    assert response.status_code == 302
    got = Message.objects.filter(kind=MessageKind.NOTICE)
    assert sorted(m.recipient.username for m in got) == ["cuiliu", "dongting"]
    assert {(m.title, m.body) for m in got} == {("水果湖街妇联的通知", "周五到街道开会。")}
    # not other streets' chairs, not the inactive account, not staff (the sender, her colleague, the district)
    for user in [chairs["zhongnan"], chairs["yongning"], chairs["cuiliu_off"], users.street, street_colleague]:
        assert not Message.objects.filter(recipient=user).exists(), user
    # each delivered once through the configured sender, and recorded
    assert sorted(SENT) == [("cuiliu", "水果湖街妇联的通知"), ("dongting", "水果湖街妇联的通知")]
    assert sorted(MessageDelivery.objects.values_list("message__recipient__username", "sender")) == [
        ("cuiliu", "fake_sms"),
        ("dongting", "fake_sms"),
    ]


def test_a_returned_activity_lands_in_the_logging_chairs_inbox_with_its_reason(tree, users, chairs, kinds):
    kind = next(iter(kinds.values()))
    mine = log_activity(tree.s1c1, kind, at(2024, 5, 6), created_by=users.chair)
    theirs = log_activity(tree.s1v1, kind, at(2024, 5, 7), created_by=chairs["cuiliu"])
    review.review(users.street, [mine.pk], review.RETURN, "请补充活动照片")
    review.review(users.street, [theirs.pk], review.APPROVE)
    returned = Message.objects.get(recipient=users.chair)
    assert returned.kind == MessageKind.REVIEW
    assert returned.title == f"活动被退回：{mine}"
    assert "请补充活动照片" in returned.body
    assert returned.link == f"/activities/{mine.pk}/edit/"
    approved = Message.objects.get(recipient=chairs["cuiliu"])
    assert approved.title == f"活动已通过：{theirs}" and approved.body == ""
    # the chair reads it in her inbox and opens it
    chair = signed_in(users.chair)
    assert "请补充活动照片" in chair.get("/inbox/").content.decode()
    page = chair.get(f"/inbox/{returned.pk}/").content.decode()
    assert "请补充活动照片" in page and f'href="/activities/{mine.pk}/edit/"' in page
    # the reviewer herself gets nothing
    assert not Message.objects.filter(recipient=users.street).exists()


def test_monthly_reminders_land_in_the_inbox_of_each_account_of_the_community(tree, users, chairs):
    create_monthly_reminders()
    mine = Message.objects.filter(recipient=users.chair, kind=MessageKind.REMINDER)
    assert [m.title for m in mine] == ["上月未登记活动"]
    assert "东亭社区妇联没有登记活动" in mine[0].body and mine[0].link == "/activities/new/"
    assert not Message.objects.filter(recipient=chairs["cuiliu_off"]).exists()
    create_monthly_reminders()  # once per month: a second run posts nothing
    assert Message.objects.filter(recipient=users.chair, kind=MessageKind.REMINDER).count() == 1


def test_unread_count_in_the_header_opening_marks_read_and_mark_all(tree, users):
    for n in range(3):
        inbox.post([users.chair], MessageKind.NOTICE, f"通知{n}", "内容")
    inbox.post([users.street], MessageKind.NOTICE, "别人的", "")
    first = Message.objects.filter(recipient=users.chair).order_by("pk").first()
    chair = signed_in(users.chair)
    assert '<span class="inbox-count" aria-label="3 条未读">3</span>' in chair.get("/").content.decode()
    chair.get(f"/inbox/{first.pk}/")
    first.refresh_from_db()
    opened_at = first.read_at
    assert opened_at is not None
    assert ">2</span>" in chair.get("/").content.decode()
    chair.get(f"/inbox/{first.pk}/")  # a second open keeps the first time
    first.refresh_from_db()
    assert first.read_at == opened_at
    response = chair.post("/inbox/read-all/", follow=True)
    assert "已将 2 条消息标为已读。" in response.content.decode()
    assert "inbox-count" not in chair.get("/").content.decode()
    assert Message.objects.filter(recipient=users.street, read_at__isnull=True).count() == 1  # hers untouched
    assert chair.get("/inbox/read-all/").status_code == 405


@pytest.mark.parametrize("path", ["/", "/inbox/", "/activities/"])
def test_the_header_count_is_one_query_per_page(users, path):
    inbox.post([users.chair], MessageKind.NOTICE, "通知", "")
    with CaptureQueriesContext(connection) as queries:
        response = signed_in(users.chair).get(path)
    assert response.status_code == 200
    # the home page's reminders are a list of her unread messages (their total a window over the rows), not a count
    counts = [sql for sql in inbox_queries(queries) if sql.upper().startswith("SELECT COUNT(")]
    assert len(counts) == 1, counts


def test_another_persons_message_is_missing_on_the_web_and_in_the_api(users, api_client):
    theirs = inbox.post([users.street], MessageKind.NOTICE, "街道内部通知", "")[0]
    assert signed_in(users.chair).get(f"/inbox/{theirs.pk}/").status_code == 404
    assert signed_in(users.city).get(f"/inbox/{theirs.pk}/").status_code == 404  # the city office too
    assert "街道内部通知" not in signed_in(users.chair).get("/inbox/").content.decode()
    client = api_client(users.chair)
    assert client.get(f"/api/v1/accounts/messages/{theirs.pk}/").status_code == 404
    assert client.post(f"/api/v1/accounts/messages/{theirs.pk}/read/").status_code == 404
    assert client.get("/api/v1/accounts/messages/").json()["results"] == []
    assert signed_in(users.chair).get("/inbox/abc/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_api_lists_her_messages_paged_and_marks_them_read(users, api_client):
    for n in range(5):
        inbox.post([users.viewer], MessageKind.REMINDER, f"提醒{n}", "")
    client = api_client(users.viewer)  # a read-only account reads her own messages too
    page = client.get("/api/v1/accounts/messages/?page_size=2").json()
    assert page["count"] == 5 and [m["title"] for m in page["results"]] == ["提醒4", "提醒3"] and page["next"]
    one = page["results"][0]["id"]
    marked = client.post(f"/api/v1/accounts/messages/{one}/read/")
    assert marked.status_code == 200 and marked.json()["is_read"] is True
    assert client.get("/api/v1/accounts/messages/?unread=1").json()["count"] == 4
    assert client.post("/api/v1/accounts/messages/read-all/").json() == {"marked": 4, "unread": 0}
    assert api_client(None).get("/api/v1/accounts/messages/").status_code in (401, 403)


def test_inbox_page_queries_do_not_grow(users):
    def measure():
        client = signed_in(users.chair)
        client.get("/inbox/")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/inbox/")
        assert response.status_code == 200
        return len(queries), response.content.decode()

    inbox.post([users.chair], MessageKind.NOTICE, "第一条", "")
    small, _page = measure()
    for n in range(44):
        inbox.post([users.chair], MessageKind.NOTICE, f"更多{n}", "")
    large, page = measure()
    assert small == large
    assert page.count('class="unread"') == 20 and "下一页" in page  # a page of 20, more behind it
    second = signed_in(users.chair).get("/inbox/?page=3").content.decode()
    assert "第一条" in second and "下一页" not in second
    assert signed_in(users.chair).get("/inbox/?page=x").status_code == 200  # bad input: the first page


def test_senders_record_deliveries_and_a_failing_one_stops_nothing(users, settings, caplog):
    settings.MESSAGE_SENDERS = ["tests.activities.test_inbox.broken", "accounts.senders.email"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    users.chair.email = "chair@example.org"
    users.chair.save()
    with caplog.at_level(logging.ERROR), pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.db.transaction.on_commit", lambda fn, *a, **k: fn())
        inbox.post([users.chair, users.street], MessageKind.NOTICE, "开会", "周五")
    # the broken sender is logged; e-mail reaches who has an address, and only that delivery is recorded
    assert "gateway down" in caplog.text
    assert [(m.to, m.subject) for m in mail.outbox] == [(["chair@example.org"], "开会")]
    assert list(MessageDelivery.objects.values_list("message__recipient", "sender")) == [(users.chair.pk, "email")]
    # a retry delivers nothing twice
    assert inbox.deliver(list(Message.objects.values_list("pk", flat=True))) == 0
    assert len(mail.outbox) == 1
