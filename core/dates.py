"""Days and months in the federation's time zone (``settings.TIME_ZONE``, Asia/Shanghai): the one place for
"today" and for month arithmetic.

"Today" is the local day, never the server clock's: a server on UTC is still on yesterday from 00:00 to
08:00 in Wuhan. A month is named by its first day (``date(2024, 5, 1)``); every function accepts any day of
the month, or a datetime (an aware one is read in local time first).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator

from django.utils import timezone


def today() -> datetime.date:
    """Today in the federation's time zone."""
    return timezone.localdate()


def local_day(value: datetime.date) -> datetime.date:
    """The local calendar day of a date or datetime (an aware datetime is converted to local time first)."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def month_start(value: datetime.date) -> datetime.date:
    """The first day of the month of ``value``."""
    return local_day(value).replace(day=1)


def this_month() -> datetime.date:
    """The first day of the running month (local time)."""
    return month_start(today())


def add_months(value: datetime.date, count: int) -> datetime.date:
    """The first day of the month ``count`` months after the month of ``value`` (before it when negative)."""
    day = local_day(value)
    index = day.year * 12 + day.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def previous_month(value: datetime.date | None = None) -> datetime.date:
    """The first day of the month before the month of ``value`` (default: before the running month)."""
    return add_months(today() if value is None else value, -1)


def next_month(value: datetime.date) -> datetime.date:
    """The first day of the month after the month of ``value``."""
    return add_months(value, 1)


def month_end(value: datetime.date) -> datetime.date:
    """The last day of the month of ``value``."""
    return next_month(value) - datetime.timedelta(days=1)


def month_bounds(value: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """The first instant of the month of ``value`` and of the month after, as aware local datetimes (for
    ``start <= instant < end`` filters)."""
    zone = timezone.get_default_timezone()
    first, following = month_start(value), next_month(value)
    return (
        datetime.datetime.combine(first, datetime.time.min, tzinfo=zone),
        datetime.datetime.combine(following, datetime.time.min, tzinfo=zone),
    )


def months(first: datetime.date, last: datetime.date) -> Iterator[datetime.date]:
    """The first days of the months from the month of ``first`` to the month of ``last``, both included."""
    month, stop = month_start(first), month_start(last)
    while month <= stop:
        yield month
        month = next_month(month)


def parse_month(text: object) -> datetime.date:
    """'2024-05' → date(2024, 5, 1); ValueError on anything else."""
    year, _dash, month = str(text).partition("-")
    if len(year) != 4 or len(month) != 2 or not (year.isdigit() and month.isdigit()):
        raise ValueError(text)
    return datetime.date(int(year), int(month), 1)
