"""The home page's recent changes (wuhan_fulian/home.py) are kept between requests and brought up to date from
what the change logs received since: they always equal a search from scratch, a record that moved out of the
subtree leaves them, and each log is searched among its newest rows only."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from activities.models import ActivityKind
from tests.activities.conftest import log_activity
from wuhan_fulian import home

pytestmark = pytest.mark.django_db(transaction=True)


def edit(record, user, **values):
    for field, value in values.items():
        setattr(record, field, value)
    record._history_user = user
    record.save()


def from_scratch(user, root):
    cache.clear()
    return home.recent_changes(user, root)


def names(changes):
    return [change["name"] for change in changes]


@pytest.fixture
def kind():
    found = ActivityKind.objects.order_by("order").first()
    if found is None:  # flushed by an earlier transactional test
        found = ActivityKind.objects.create(code="talk", name="宣讲", order=1)
    return found


def test_kept_changes_take_in_new_log_rows_and_equal_a_search_from_scratch(tree, users, kind):
    # given: the street's list kept after a first request
    edit(tree.s1c1, users.street, contact_person="周晓岚")
    first = home.recent_changes(users.street, tree.s1)
    assert "东亭社区妇联" in names(first)
    # when: activities are logged (a flow: the data generation stays, the kept list is brought up to date)
    for title in ("翠柳踏青", "东亭宣讲", "中南义诊"):
        where = tree.s2c1 if title == "中南义诊" else tree.s1v1
        log_activity(where, kind, timezone.now(), title=title)
    with CaptureQueriesContext(connection) as queries:
        kept = home.recent_changes(users.street, tree.s1)
    # then: the new ones in the street are first, the other street's is not there, and it is what a search from
    # scratch finds
    assert names(kept)[:2] == ["东亭宣讲", "翠柳踏青"]
    assert "中南义诊" not in names(kept)
    assert kept == from_scratch(users.street, tree.s1)
    # only the activity change log was searched again, above the id seen last time
    searched = [q["sql"] for q in queries.captured_queries if '"history_id" >' in q["sql"]]
    assert len(searched) == 1
    assert "activities_historicalactivity" in searched[0]
    assert "organizations_historicalfederation" not in searched[0]


def test_a_record_that_moved_out_of_the_subtree_leaves_the_kept_changes(tree, users):
    # given: a change to 东亭 in 水果湖街's kept list
    edit(tree.s1c1, users.street, contact_person="周晓岚")
    assert "东亭社区妇联" in names(home.recent_changes(users.street, tree.s1))
    # when: 东亭 moves to 中南路街 (a state write: the kept list is dropped)
    tree.s1c1.refresh_from_db()
    tree.s1c1.parent = tree.s2
    tree.s1c1._history_user = users.district
    tree.s1c1.save()
    tree.s1.refresh_from_db()
    tree.s2.refresh_from_db()
    # then
    assert "东亭社区妇联" not in names(home.recent_changes(users.street, tree.s1))
    assert "东亭社区妇联" in names(home.recent_changes(users.district, tree.s2))


def test_a_kept_row_whose_record_is_gone_from_the_subtree_is_not_shown(tree, users, kind, monkeypatch):
    # given: an activity's change kept in the street's list
    activity = log_activity(tree.s1v1, kind, timezone.now(), title="翠柳踏青")
    assert "翠柳踏青" in names(home.recent_changes(users.street, tree.s1))
    # when: its log row points elsewhere without a state write (as a flow table's update would)
    history = activity.history.model
    history.objects.filter(id=activity.pk).update(federation_id=tree.s2c1.pk)
    # then: it is not shown, and the kept list is searched again next time
    assert "翠柳踏青" not in names(home.recent_changes(users.street, tree.s1))
    assert "翠柳踏青" in names(home.recent_changes(users.district, tree.s2))


def test_below_the_city_each_log_is_searched_among_its_newest_rows(tree, users, kind, monkeypatch):
    # given: a change in 水果湖街, then three in another street
    edit(tree.s1c1, users.street, contact_person="周晓岚")
    for title in ("中南一", "中南二", "中南三"):
        log_activity(tree.s2c1, kind, timezone.now(), title=title)
    # when: the window is the newest two rows of each log
    monkeypatch.setattr(home, "CHANGE_WINDOW", 2)
    found = names(from_scratch(users.street, tree.s1))
    # then: the federation log's newest two rows include 东亭's change; the activity log's do not reach 水果湖街
    assert "东亭社区妇联" in found
    assert not {"中南一", "中南二", "中南三"} & set(found)
