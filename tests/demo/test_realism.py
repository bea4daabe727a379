"""The demo data reads like a real year (issue 17 item 13): no activity in the future, dates spread over each
month, the running month only up to now, well-formed and seasonal titles, and a plausible share of
committee members who show their profile (亮身份) with a photo, so the identity indicator is not 0."""

import collections
import datetime
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.db.models import Q

from activities.models import Activity
from cadres.choices import Position
from cadres.models import Person, Post
from demo import activities as activities_seed
from demo import avatars
from demo import cadres as cadres_seed
from demo.activities_data import TITLES
from demo.context import SeedContext
from evaluations.services import Period, state_counts
from organizations.choices import Level
from organizations.models import Federation

TZ = ZoneInfo("Asia/Shanghai")
# The moment the issue saw: the seed run on the morning of the 1st.
FIRST_MORNING = datetime.datetime(2026, 12, 1, 10, 0, tzinfo=TZ)
MID_MONTH = datetime.datetime(2026, 11, 16, 10, 0, tzinfo=TZ)
SEASONAL = {"端午": {5, 6}, "中秋": {9, 10}, "元宵": {1, 2, 3}, "金秋": {9, 10, 11}, "踏青": {3, 4, 5}, "六一": {5, 6}}


@pytest.fixture
def city(db, settings, tmp_path):
    """A city with two streets of 20 communities each."""
    settings.MEDIA_ROOT = tmp_path / "media"
    root = Federation.objects.create(name="武汉市妇联", code="C", level=Level.CITY)
    district = Federation.objects.create(name="武昌区妇联", code="D1", level=Level.DISTRICT, parent=root)
    for s in range(2):
        street = Federation.objects.create(name=f"街道{s}街妇联", code=f"S{s}", level=Level.STREET, parent=district)
        for c in range(20):
            Federation.objects.create(
                name=f"第{s}{c:02d}社区妇联", code=f"S{s}C{c:02d}", level=Level.COMMUNITY, parent=street
            )
    return root


def _seed_activities(moment):
    with time_machine.travel(moment, tick=False):
        activities_seed.seed(SeedContext(scale="demo", seed=1, stdout=io.StringIO()))


def test_no_activity_in_the_future_and_the_running_month_only_up_to_now(city):
    # when: the seed runs on the morning of the 1st
    _seed_activities(FIRST_MORNING)
    # then: nothing starts or ends after that moment
    assert Activity.objects.exists()
    assert not Activity.objects.filter(Q(start__gt=FIRST_MORNING) | Q(end__gt=FIRST_MORNING)).exists()
    # and the running month holds about a day's share, not a month's activities piled on the 1st
    december = Activity.objects.filter(start__gte=datetime.datetime(2026, 12, 1, tzinfo=TZ)).count()
    november = Activity.objects.filter(
        start__gte=datetime.datetime(2026, 11, 1, tzinfo=TZ), start__lt=datetime.datetime(2026, 12, 1, tzinfo=TZ)
    ).count()
    assert november >= 40
    assert december <= november / 10


def test_dates_are_spread_over_each_month(city):
    _seed_activities(MID_MONTH)
    starts = [timezone_local(start) for start in Activity.objects.values_list("start", flat=True)]
    assert max(starts) <= MID_MONTH
    by_month = collections.defaultdict(collections.Counter)
    for start in starts:
        by_month[start.year, start.month][start.day] += 1
    full_months = [month for month in by_month if month != (2026, 11)]
    assert len(full_months) == 11
    for month in full_months:
        days = by_month[month]
        total = sum(days.values())
        assert len(days) >= 15, (month, days)  # about 80 activities over at least half the days
        assert max(days.values()) <= max(8, total * 0.12), (month, days)  # no day takes the month
    # the running month: its first half only, spread as well
    assert max(by_month[2026, 11]) <= 16 and len(by_month[2026, 11]) >= 8


def timezone_local(value):
    return value.astimezone(TZ)


def test_titles_are_well_formed_and_in_season(city):
    _seed_activities(MID_MONTH)
    known = {entry if isinstance(entry, str) else entry[0] for entries in TITLES.values() for entry in entries}
    stems = set(Federation.objects.values_list("name", flat=True))
    stems = {name.removesuffix("妇联") for name in stems}
    with_place = 0
    for title, start in Activity.objects.values_list("title", "start"):
        month = timezone_local(start).month
        assert title.count("“") == title.count("”"), title
        base = next((title.removeprefix(stem) for stem in stems if title.startswith(stem)), title)
        assert not re.search(r"(.)\1", base), title  # no stutter such as “家风展展”
        assert not base.startswith(("社区", "村")), title
        with_place += base != title
        assert base in known, title
        for word, months in SEASONAL.items():
            if word in base:
                assert month in months, (title, month)
    total = Activity.objects.count()
    assert 0.2 * total < with_place < 0.5 * total


def test_a_plausible_share_of_committee_members_show_their_profile_with_a_photo(city):
    # when
    with time_machine.travel(MID_MONTH, tick=False):
        cadres_seed.seed(SeedContext(scale="demo", seed=1, stdout=io.StringIO()))
    # then: among the sitting committee members, a share between a third and two thirds agreed (亮身份)
    sitting = Post.objects.filter(ended_on__isnull=True, position__in=list(Position.values)).exclude(
        position=Position.REPRESENTATIVE
    )
    people = Person.objects.filter(posts__in=sitting).distinct()
    public = people.filter(public_profile=True)
    assert 0.33 < public.count() / people.count() < 0.67
    # chairs more often than ordinary members
    chairs = people.filter(posts__in=sitting.filter(position=Position.CHAIR)).distinct()
    members = people.filter(posts__in=sitting.filter(position=Position.EXEC_MEMBER)).distinct()
    assert chairs.filter(public_profile=True).count() / chairs.count() > members.filter(
        public_profile=True
    ).count() / max(1, members.count())
    # most who agreed have a photo, each a file of its own that exists; nobody else has one
    with_photo = public.exclude(photo="")
    assert 0.8 < with_photo.count() / public.count() < 1
    assert not people.filter(public_profile=False).exclude(photo="").exists()
    names = list(with_photo.values_list("photo", flat=True))
    assert len(set(names)) == len(names)
    assert all(default_storage.exists(name) for name in names)
    # and the identity indicator's profile part counts them: not 0 of all
    with time_machine.travel(MID_MONTH, tick=False):
        state = state_counts(city, Period.last_twelve_months(), 30)
    assert 0.25 < state["public"] / state["posts"] < 0.67


def test_setup_demo_restores_missing_portraits(city):
    with time_machine.travel(MID_MONTH, tick=False):
        cadres_seed.seed(SeedContext(scale="demo", seed=1, stdout=io.StringIO()))
    name = Person.objects.exclude(photo="").values_list("photo", flat=True).first()
    default_storage.delete(name)
    # when
    written = avatars.restore()
    # then
    assert written == 1 and default_storage.exists(name)
