"""core.dates: "today" is the day in Wuhan, and month arithmetic holds at the month's and the year's edges."""

import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest

from core import dates

D = datetime.date
SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = datetime.UTC


def clock(*args, tz=SHANGHAI):
    """A fixed ``timezone.now()`` (aware, as Django answers with USE_TZ)."""
    return mock.patch("django.utils.timezone.now", return_value=datetime.datetime(*args, tzinfo=tz).astimezone(UTC))


def test_at_half_past_midnight_in_wuhan_today_is_already_the_new_day_while_utc_is_still_yesterday():
    # given: 2024-03-01 00:30 in Wuhan is 2024-02-29 16:30 UTC
    with clock(2024, 3, 1, 0, 30):
        # when / then
        assert dates.today() == D(2024, 3, 1)
        assert dates.this_month() == D(2024, 3, 1)
        assert dates.previous_month() == D(2024, 2, 1)


def test_on_new_years_day_after_midnight_last_month_is_last_years_december():
    with clock(2025, 1, 1, 0, 30):
        assert dates.today() == D(2025, 1, 1)
        assert dates.previous_month() == D(2024, 12, 1)


def test_late_on_the_last_day_of_the_month_is_still_that_month():
    with clock(2024, 1, 31, 23, 59):
        assert dates.this_month() == D(2024, 1, 1)
        assert dates.previous_month() == D(2023, 12, 1)


@pytest.mark.parametrize(
    ("day", "previous", "following", "end"),
    [
        (D(2024, 5, 1), D(2024, 4, 1), D(2024, 6, 1), D(2024, 5, 31)),  # the 1st
        (D(2024, 5, 15), D(2024, 4, 1), D(2024, 6, 1), D(2024, 5, 31)),  # mid-month (the old snapshot helper said May)
        (D(2024, 5, 31), D(2024, 4, 1), D(2024, 6, 1), D(2024, 5, 31)),
        (D(2024, 1, 1), D(2023, 12, 1), D(2024, 2, 1), D(2024, 1, 31)),  # January
        (D(2024, 12, 31), D(2024, 11, 1), D(2025, 1, 1), D(2024, 12, 31)),  # December
        (D(2024, 2, 10), D(2024, 1, 1), D(2024, 3, 1), D(2024, 2, 29)),  # leap year
        (D(2023, 2, 10), D(2023, 1, 1), D(2023, 3, 1), D(2023, 2, 28)),
    ],
)
def test_previous_next_and_last_day_of_a_month(day, previous, following, end):
    assert dates.month_start(day) == D(day.year, day.month, 1)
    assert dates.previous_month(day) == previous
    assert dates.next_month(day) == following
    assert dates.month_end(day) == end


@pytest.mark.parametrize(
    ("count", "expected"),
    [
        (0, D(2024, 3, 1)),
        (-2, D(2024, 1, 1)),
        (-3, D(2023, 12, 1)),
        (-11, D(2023, 4, 1)),
        (-27, D(2021, 12, 1)),
        (10, D(2025, 1, 1)),
    ],
)
def test_add_months_crosses_years(count, expected):
    assert dates.add_months(D(2024, 3, 31), count) == expected


def test_an_aware_instant_counts_in_the_month_it_is_in_wuhan():
    # 2024-04-30 17:00 UTC is 2024-05-01 01:00 in Wuhan
    instant = datetime.datetime(2024, 4, 30, 17, 0, tzinfo=UTC)
    assert dates.local_day(instant) == D(2024, 5, 1)
    assert dates.month_start(instant) == D(2024, 5, 1)
    assert dates.previous_month(instant) == D(2024, 4, 1)


def test_month_bounds_are_local_midnights():
    start, end = dates.month_bounds(D(2024, 12, 20))
    assert start == datetime.datetime(2024, 12, 1, tzinfo=SHANGHAI)
    assert end == datetime.datetime(2025, 1, 1, tzinfo=SHANGHAI)
    assert start.astimezone(UTC) == datetime.datetime(2024, 11, 30, 16, 0, tzinfo=UTC)


def test_months_lists_every_month_of_a_span_across_new_year():
    assert list(dates.months(D(2024, 11, 15), D(2025, 2, 3))) == [
        D(2024, 11, 1),
        D(2024, 12, 1),
        D(2025, 1, 1),
        D(2025, 2, 1),
    ]
    assert list(dates.months(D(2025, 2, 3), D(2024, 11, 15))) == []


@pytest.mark.parametrize("text", ["2024-5", "24-05", "2024-13", "2024-05-01", "五月", "", "abcd-ef"])
def test_parse_month_refuses_anything_but_yyyy_mm(text):
    with pytest.raises(ValueError):
        dates.parse_month(text)


def test_parse_month():
    assert dates.parse_month("2024-05") == D(2024, 5, 1)
