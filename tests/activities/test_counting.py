"""Counting once per federation up the tree, the monthly summary and its query count, and the statistics
the evaluations app reads."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.services import summary, with_activity_stats
from core.dates import month_bounds
from organizations.choices import Level
from organizations.models import Federation

from .conftest import at

MAY = month_bounds(datetime.date(2024, 5, 1))


def test_an_activity_counts_once_for_every_ancestor_however_many_co_organizers_share_it(tree, partners, make_activity):
    # given: 东亭社区 runs it with 翠柳村 (same street), its own team and Party branch, and radiates to 中南社区
    make_activity(
        tree.s1c1,
        co_organizers=[(tree.s1v1, "CO_HOST"), (partners.team, "CO_HOST"), (partners.party, "SUPPORTER")],
        radiated=[tree.s2c1],
        participants=40,
        women=35,
    )
    # when / then: once at the street, the district and the city; once at each federation reached
    for federation in (tree.s1c1, tree.s1v1, tree.s1, tree.s2, tree.s2c1, tree.d1, tree.city):
        totals = summary(federation, *MAY)
        assert (totals["count"], totals["participants"], totals["women_participants"]) == (1, 40, 35), federation
    # and not where it did not go
    assert summary(tree.d2, *MAY)["count"] == 0
    assert summary(tree.s3, *MAY)["count"] == 0


def test_summary_counts_by_kind_and_cross_sector_within_the_month(tree, partners, make_activity):
    make_activity(tree.s1c1, "RED_SONG", co_organizers=[(tree.s1c1, "LEAD"), (partners.unit, "CO_HOST")])
    make_activity(tree.s1v1, "RED_SONG", participants=10, women=10)
    make_activity(tree.s1c1, "OUTING", participants=5, women=2)
    make_activity(tree.s1c1, "OUTING", start=at(2024, 6, 1, 0))  # June, Shanghai time: not in May
    make_activity(tree.s1c1, "OUTING", start=at(2024, 4, 30, 23))  # April
    # when
    totals = summary(tree.s1, *MAY)
    # then
    assert totals["count"] == 3
    assert totals["participants"] == 45
    assert totals["women_participants"] == 32
    assert totals["cross_sector_count"] == 1
    assert [(row["code"], row["count"]) for row in totals["by_kind"]] == [("RED_SONG", 2), ("OUTING", 1)]


def _grow(tree, kinds_factory, size):
    """``size`` more communities under 水果湖街, each with an activity co-organised with its neighbour."""
    previous = tree.s1c1
    for index in range(size):
        community = Federation.objects.create(
            name=f"新社区{size}-{index}", code=f"GROW{size}-{index}", level=Level.COMMUNITY, parent=tree.s1
        )
        kinds_factory(community, "OUTING" if index % 2 else "RED_SONG", co_organizers=[(previous, "CO_HOST")])
        previous = community


def test_summary_query_count_does_not_grow_with_the_subtree(tree, make_activity):
    def count():
        root = Federation.objects.get(pk=tree.city.pk)
        with CaptureQueriesContext(connection) as ctx:
            summary(root, *MAY)
        return len(ctx.captured_queries)

    _grow(tree, make_activity, 3)
    small = count()
    _grow(tree, make_activity, 30)
    assert count() == small == 2  # grouped by kind, the totals added up from the groups; the kinds
    assert summary(Federation.objects.get(pk=tree.city.pk), *MAY)["count"] == 33


def test_with_activity_stats_answers_every_federation_in_one_query(tree, partners, make_activity):
    # given
    make_activity(tree.s1c1, co_organizers=[(tree.s1v1, "CO_HOST")], participants=12, women=10)
    make_activity(tree.s2c1, participants=8, women=8)
    make_activity(tree.s3c1, participants=99, women=50)
    # when
    with CaptureQueriesContext(connection) as ctx:
        rows = {
            f.code: (f.activity_count, f.participant_total, f.women_total)
            for f in with_activity_stats(Federation.objects.filter(parent=tree.d1), *MAY)
        }
    # then
    assert len(ctx.captured_queries) == 1
    assert rows == {"S1": (1, 12, 10), "S2": (1, 8, 8)}
