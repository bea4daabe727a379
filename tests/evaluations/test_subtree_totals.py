"""Kept subtree totals (core/counters/subtree.py, ``SubtreeMonthlyStat``): on a random tree after random
writes, deletes and moves of federations they equal a recomputation (the framework's, and a naive count
from the raw rows walking each record's parent chain); twenty concurrent writers lose no count and do not
deadlock; the rebuild and the reconciliation repair them."""

import datetime
import io
import itertools
import threading
from collections import Counter

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from activities.models import Activity, ActivityKind
from core import counters
from evaluations import rollups
from evaluations.models import SubtreeMonthlyStat, SurveyResponse
from organizations.models import Federation

from . import builders as b

D = datetime.date
MONTHS = [D(2024, 1, 1), D(2024, 2, 1), D(2024, 3, 1)]
NAMES = itertools.count()
DEVICES = itertools.count()


def naive(federations):
    """{(federation, month): Counter(activities, activity_women, responses)} straight from the raw rows:
    each row counted at its federation and every federation up its parent chain."""
    parent = dict(Federation.objects.values_list("pk", "parent_id"))
    result = {}

    def add(federation, month, **values):
        node = federation
        while node is not None:
            if node in federations:
                result.setdefault((node, month), Counter()).update(values)
            node = parent[node]

    for federation, start, women in Activity.objects.values_list("federation_id", "start", "women_participants"):
        add(federation, dates_month(start), activities=1, activity_women=women)
    for federation, moment, flagged in SurveyResponse.objects.values_list("federation_id", "submitted_at", "flagged"):
        add(federation, dates_month(moment), responses=0 if flagged else 1)
    return result


def dates_month(moment):
    from django.utils import timezone

    return timezone.localtime(moment).date().replace(day=1)


def kept_as_counters(federations):
    return {
        (row["federation_id"], row["month"]): Counter(
            {name: row[name] for name in ("activities", "activity_women", "responses")}
        )
        for row in SubtreeMonthlyStat.objects.filter(federation_id__in=federations).values(
            "federation_id", "month", "activities", "activity_women", "responses"
        )
    }


def same(left, right):
    """Equal once keys whose counters are all zero are left out."""

    def clean(totals):
        return {key: +values for key, values in totals.items() if any(values.values())}

    return clean(left) == clean(right)


pick = st.integers(min_value=0, max_value=200)
OPERATIONS = st.one_of(
    st.tuples(st.just("node"), pick),
    st.tuples(st.just("activity"), pick, st.sampled_from(MONTHS), st.integers(0, 30)),
    st.tuples(st.just("activity_move"), pick, pick, st.sampled_from(MONTHS)),
    st.tuples(st.just("activity_delete"), pick),
    st.tuples(st.just("response"), pick, st.sampled_from(MONTHS), st.booleans()),
    st.tuples(st.just("response_delete"), pick),
    st.tuples(st.just("move"), pick, pick),
)


def nth(items, index):
    items = list(items)
    return items[index % len(items)] if items else None


def run(operation, root, kind, survey):
    name, *args = operation
    nodes = list(Federation.objects.filter(tree_id=root.tree_id).order_by("pk"))
    if name == "node":
        Federation.objects.create(
            name=f"节点{next(NAMES)}", code=f"N{next(NAMES)}", level="COMMUNITY", parent=nth(nodes, args[0])
        )
    elif name == "activity":
        b.activity(nth(nodes, args[0]), args[1].replace(day=5), participants=30, women=args[2])
    elif name == "activity_move" and (activity := nth(Activity.objects.order_by("pk"), args[0])):
        activity.federation = nth(nodes, args[1])
        activity.start = activity.end = b.at(args[2].replace(day=9))
        activity.save()
    elif name == "activity_delete" and (activity := nth(Activity.objects.order_by("pk"), args[0])):
        activity.delete()
    elif name == "response":
        SurveyResponse.objects.create(
            survey=survey, federation=nth(nodes, args[0]), submitted_at=b.at(args[1].replace(day=7)),
            device_key=f"device-{next(DEVICES)}", satisfaction="SATISFIED", flagged=args[2],
        )  # fmt: skip
    elif name == "response_delete" and (response := nth(SurveyResponse.objects.order_by("pk"), args[0])):
        response.delete()
    elif name == "move":
        movable = [node for node in nodes if node.parent_id is not None]
        node = nth(movable, args[0])
        if node is None:
            return
        node = Federation.objects.get(pk=node.pk)
        targets = [n for n in nodes if not (n.tree_id == node.tree_id and node.lft <= n.lft <= node.rght)]
        target = nth(targets, args[1])
        if target is not None and target.pk != node.parent_id:
            node.parent = target
            node.save()


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(OPERATIONS, min_size=1, max_size=14))
def test_the_subtree_totals_equal_a_recomputation_on_a_random_tree_after_any_writes(world, make_survey, operations):
    with transaction.atomic():
        kind = ActivityKind.objects.order_by("order").first()
        survey = make_survey(world.s1c1, opens_on=D(2024, 1, 1), closes_on=D(2024, 12, 31))
        for operation in operations:
            run(operation, world.city, kind, survey)
        federations = set(Federation.objects.values_list("pk", flat=True))
        drifts = counters.compare(rollups.SUBTREE)
        kept, true = kept_as_counters(federations), naive(federations)
        transaction.set_rollback(True)
    assert drifts == []
    assert same(kept, true)


def test_a_moved_street_takes_its_totals_to_its_new_district(world):
    # given: an activity in a community of 水果湖街 (under 武昌区)
    b.activity(world.s1c1, D(2024, 2, 5), women=7)
    february = D(2024, 2, 1)

    def activities(federation):
        row = SubtreeMonthlyStat.objects.filter(federation=federation, month=february).first()
        return row.activities if row else 0

    assert [activities(world.d1), activities(world.d2), activities(world.city)] == [1, 0, 1]
    # when: the street moves to 硚口区
    street = Federation.objects.get(pk=world.s1.pk)
    street.parent = world.d2
    street.save()
    # then
    assert [activities(world.d1), activities(world.d2), activities(world.city)] == [0, 1, 1]
    assert counters.compare(rollups.SUBTREE) == []


def test_the_rebuild_and_the_repair_restore_the_subtree_totals(world):
    # given: totals wrecked behind the signals' back
    b.activity(world.s1c1, D(2024, 2, 5))
    right = counters.kept(rollups.SUBTREE)
    SubtreeMonthlyStat.objects.update(activities=99)
    assert counters.compare(rollups.SUBTREE) != []
    # when / then: the rebuild command
    call_command("rebuild_evaluation_stats", stdout=io.StringIO())
    assert counters.kept(rollups.SUBTREE) == right
    # when / then: drift in a base total is repaired there and in the subtree total alike
    from evaluations.models import MonthlyStat

    MonthlyStat.objects.filter(federation=world.s1c1).update(activities=5)
    Activity.objects.filter(federation=world.s1c1).update(women_participants=3)  # source changed silently
    counters.reconcile(repair=True)
    assert all(counters.compare(definition) == [] for definition in counters.registered())


# --- twenty concurrent writers (PostgreSQL row locks) ----------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's; SQLite serialises writers")
def test_twenty_concurrent_writers_lose_no_count_and_do_not_deadlock(tree, template):
    # given: twenty communities under the tree's streets, all sharing the district and city rows
    ActivityKind.objects.get_or_create(code="OUTING", defaults={"name": "外出活动"})
    streets = [tree.s1, tree.s2, tree.s3]
    places = [
        Federation.objects.create(name=f"并发社区{i}", code=f"CC{i}", level="COMMUNITY", parent=streets[i % 3])
        for i in range(20)
    ]
    from evaluations.models import Survey

    survey = Survey.objects.create(
        template=template, federation=tree.city, title="并发测评", opens_on=D(2024, 1, 1), closes_on=D(2024, 12, 31)
    )
    barrier, errors = threading.Barrier(20), []

    def write(i):
        try:
            for round_ in range(3):
                with transaction.atomic():
                    barrier.wait(timeout=60) if round_ == 0 else None
                    b.activity(places[i], D(2024, 5, 1 + round_), participants=30, women=i)
                with transaction.atomic():
                    SurveyResponse.objects.create(
                        survey=survey, federation=places[(i + round_) % 20], submitted_at=b.at(D(2024, 5, 3)),
                        device_key=f"cc-{i}-{round_}", satisfaction="BASIC",
                    )  # fmt: skip
            with transaction.atomic():  # and one of hers deleted again
                Activity.objects.filter(federation=places[i]).order_by("pk").first().delete()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    # when
    threads = [threading.Thread(target=write, args=(i,)) for i in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    # then: no error (a deadlock would be one), and every count is there
    assert errors == []
    city = SubtreeMonthlyStat.objects.get(federation=tree.city, month=D(2024, 5, 1))
    assert (city.activities, city.responses, city.sat_basic) == (40, 60, 60)
    assert city.activity_women == 2 * sum(range(20))
    assert all(counters.compare(definition) == [] for definition in counters.registered())


def test_the_dashboard_reads_one_row_per_child_and_month_whatever_the_subtree(world):
    from evaluations import services
    from evaluations.models import MonthlyStat

    # given: twenty more communities, and activities in every community of the city in two months
    for i in range(20):
        Federation.objects.create(name=f"新社区{i}", code=f"NC{i}", level="COMMUNITY", parent=world.s1)
    communities = list(Federation.objects.filter(level="COMMUNITY"))
    for place in communities:
        b.activity(place, D(2024, 2, 5))
        b.activity(place, D(2024, 3, 5))
    period = services.Period.of(D(2024, 1, 1), D(2024, 12, 31))
    rows = {world.city.pk, *Federation.objects.filter(parent=world.city).values_list("pk", flat=True)}
    # when
    flows = services.subtree_flows(world.city, period)
    # then: only the city's and its districts' rows, at most one per month each, where the per-federation
    # table holds more; and they sum right
    assert {row["federation_id"] for row in flows} <= rows
    assert len(flows) <= len(rows) * period.month_count
    assert len(flows) < MonthlyStat.objects.filter(month__year=2024).count()
    city = [row for row in flows if row["federation_id"] == world.city.pk]
    assert sum(row["activities"] for row in city) == 2 * len(communities)
