"""The month page at any size: a calendar of per-day counts (one GROUP BY), totals, and the activities a
page at a time, narrowed to a day or a type; bad filters are Chinese messages, never a 500."""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from activities.views import MONTH_PAGE_SIZE

from .conftest import TZ, at, log_activity

URL = reverse("activities:month")


def month_of(client, federation, **params):
    return client.get(URL, {"federation": federation.pk, "month": "2024-05", **params})


def items(response):
    return response.content.decode().count('class="act-item act-item-plain"')


def calendar_counts(response):
    """{day: count} as the calendar shows them."""
    text = response.content.decode()
    return {int(day): int(count) for day, count in re.findall(r'&day=(\d+)[^"]*">\d+<span class="count">(\d+)<', text)}


def log_many(federation, kind, count, first=0):
    for index in range(first, first + count):
        log_activity(federation, kind, at(2024, 5, 1 + index % 28, 8 + index % 10), title=f"活动{index}")


def test_a_big_month_is_paged_with_a_fixed_size_and_query_count(tree, users, client, kinds):
    client.force_login(users.city)
    log_many(tree.s1c1, kinds["OUTING"], MONTH_PAGE_SIZE + 30)
    with CaptureQueriesContext(connection) as small_queries:
        small = month_of(client, tree.city)
    assert small.status_code == 200
    assert items(small) == MONTH_PAGE_SIZE
    assert "1 / 2" in small.content.decode()
    log_many(tree.s2c1, kinds["OUTING"], 3 * MONTH_PAGE_SIZE, first=100)
    with CaptureQueriesContext(connection) as large_queries:
        large = month_of(client, tree.city)
    assert items(large) == MONTH_PAGE_SIZE
    assert "1 / 5" in large.content.decode()
    assert len(large_queries) == len(small_queries)
    # Four times the activities, the same page: the HTML does not grow with the month.
    assert len(large.content) < 60_000
    assert abs(len(large.content) - len(small.content)) < 2_000
    # The calendar still counts every activity of the month.
    assert sum(calendar_counts(large).values()) == 4 * MONTH_PAGE_SIZE + 30
    last = month_of(client, tree.city, page=5)
    assert items(last) == 4 * MONTH_PAGE_SIZE + 30 - 4 * MONTH_PAGE_SIZE


def test_the_calendar_counts_an_activity_once_on_its_local_day(tree, users, client, kinds):
    client.force_login(users.street)
    # Co-organised by two communities of the street: two reach rows in her subtree, one activity.
    log_activity(tree.s1c1, kinds["OUTING"], at(2024, 5, 3), co_organizers=[(tree.s1v1, "CO_HOST")])
    # 00:30 on 2 May in Wuhan is still 1 May in UTC: it belongs to the 2nd.
    log_activity(tree.s1v1, kinds["OUTING"], datetime.datetime(2024, 5, 2, 0, 30, tzinfo=TZ))
    log_activity(tree.s2c1, kinds["OUTING"], at(2024, 5, 3))  # another street: not hers
    response = month_of(client, tree.s1)
    assert calendar_counts(response) == {2: 1, 3: 1}
    assert items(response) == 2


def test_a_day_or_a_type_narrows_the_list(tree, users, client, kinds):
    client.force_login(users.city)
    log_activity(tree.s1c1, kinds["OUTING"], at(2024, 5, 3), title="三号出游")
    log_activity(tree.s1c1, kinds["SKILLS_TRAINING"], at(2024, 5, 3), title="三号培训")
    log_activity(tree.s3c1, kinds["OUTING"], at(2024, 5, 4), title="四号出游")
    day = month_of(client, tree.city, day=3).content.decode()
    assert "三号出游" in day and "三号培训" in day and "四号出游" not in day
    kind = month_of(client, tree.city, kind=kinds["OUTING"].pk).content.decode()
    assert "三号出游" in kind and "四号出游" in kind and "三号培训" not in kind
    both = month_of(client, tree.city, day=3, kind=kinds["OUTING"].pk).content.decode()
    assert "三号出游" in both and "三号培训" not in both and "四号出游" not in both
    # The calendar and the totals stay the month's whatever the list shows.
    assert calendar_counts(month_of(client, tree.city, day=3)) == {3: 2, 4: 1}


def test_bad_filters_are_chinese_messages_not_errors(tree, users, client, kinds):
    client.force_login(users.chair)
    log_activity(tree.s1c1, kinds["OUTING"], at(2024, 5, 3), title="东亭出游")
    for params, message in (
        ({"day": "32"}, "日期应为本月的某一天（1–31）。"),
        ({"day": "abc"}, "日期应为本月的某一天（1–31）。"),
        ({"kind": "99999"}, "没有这个活动类型。"),
        ({"kind": "9" * 30}, "没有这个活动类型。"),
        ({"page": "x"}, None),
    ):
        response = month_of(client, tree.s1c1, **params)
        assert response.status_code == 200, params
        text = response.content.decode()
        assert "东亭出游" in text, params  # the filter is left off
        if message:
            assert message in text, params
