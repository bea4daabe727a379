"""activities 0011: a reminder's read state moves to the inbox. What the old column said is carried over before
it goes: a reminder marked read marks its messages read, and one that never reached an inbox is posted there,
read or unread as it was (a notice to the chairs only)."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("activities", "0010_natural_name_order"), ("accounts", "0005_inbox_messages")]
AFTER = [("activities", "0011_reminder_read_in_inbox")]
READ_AT = datetime.datetime(2024, 6, 3, 9, 0, tzinfo=datetime.UTC)


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_read_reminders_stay_read_and_unposted_ones_reach_the_inbox():
    try:
        old = _migrate(BEFORE)
        community = old.get_model("organizations", "Federation").objects.create(
            name="迁移社区妇联", code="MIGR1", level="COMMUNITY", lft=1, rght=2, tree_id=991, mptt_level=0
        )
        users = old.get_model("accounts", "User").objects
        chair = users.create(username="mig-chair", role="community_chair", federation=community)
        viewer = users.create(username="mig-viewer", role="viewer", federation=community)
        reminders = old.get_model("activities", "Reminder").objects
        messages = old.get_model("accounts", "Message").objects
        common = {"recipient_federation": community, "month": datetime.date(2024, 5, 1)}
        # read on the home page, posted to both inboxes (unread there)
        reminders.create(kind="NO_ACTIVITY", subject_key="a", text="五月没有登记活动。", read_at=READ_AT, **common)
        for user in (chair, viewer):
            messages.create(recipient=user, kind="reminder", title="上月未登记活动", body="五月没有登记活动。")
        # stored before the inbox: one unread, one read, and an unread notice
        reminders.create(kind="NO_ROTATION_CHECK", subject_key="b", text="未填报四个一。", **common)
        reminders.create(kind="NO_ROTATION_CHECK", subject_key="c", text="早已读过。", read_at=READ_AT, **common)
        reminders.create(kind="NOTICE", subject_key="d", text="周五开会。", **common)

        new = _migrate(AFTER)
        rows = new.get_model("accounts", "Message").objects.order_by("recipient__username", "body")
        found = {(m.recipient.username, m.kind, m.body): m.read_at for m in rows}
        assert found == {
            ("mig-chair", "reminder", "五月没有登记活动。"): READ_AT,
            ("mig-viewer", "reminder", "五月没有登记活动。"): READ_AT,
            ("mig-chair", "reminder", "未填报四个一。"): None,
            ("mig-viewer", "reminder", "未填报四个一。"): None,
            ("mig-chair", "reminder", "早已读过。"): READ_AT,
            ("mig-viewer", "reminder", "早已读过。"): READ_AT,
            ("mig-chair", "notice", "周五开会。"): None,
        }
        assert "read_at" not in {f.name for f in new.get_model("activities", "Reminder")._meta.get_fields()}
    finally:
        _latest()
