"""Kept totals (core/counters.py): the activity counts and the monthly summary equal a recomputation from
the source rows after any mix of writes; drift left by writes that bypass the signals is found (log,
metric, command, nightly task) and repaired; the rebuild is the same on every database."""

import datetime
import io
import itertools
import logging
import threading

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from prometheus_client import REGISTRY, generate_latest

from activities import counts
from activities.models import Activity, ActivityCount, ActivityKind
from cadres.models import DutyReport, Post, WomenRating
from core import counters
from evaluations import rollups
from evaluations.models import MonthlyStat, SurveyResponse

from . import builders as b

D = datetime.date


def no_drift():
    return {definition.name: counters.compare(definition) for definition in counters.registered()}


def drifted_keys(results, name):
    return [drift.key for drift in next(r for r in results if r.definition.name == name).drifts]


def test_every_total_is_registered_and_equals_its_recomputation(world):
    # given: the fixture's answers, ratings, and two activities
    b.activity(world.s1c1, D(2024, 2, 2), participants=12, women=10)
    b.activity(world.s2c1, D(2024, 2, 9), participants=8, women=8)
    # then
    names = {definition.name for definition in counters.registered()}
    assert names == {
        "activities.per_federation",
        "evaluations.monthly_surveys",
        "evaluations.monthly_ratings",
        "evaluations.monthly_activities",
        "evaluations.monthly_subtree",
    }
    assert all(drifts == [] for drifts in no_drift().values())
    # the subtree total: the city's and the district's rows hold both activities, each street's its own
    february = D(2024, 2, 1)
    places = (world.city, world.d1, world.s1, world.s2, world.s1c1)
    kept = counters.kept(rollups.SUBTREE, keys=[(f.pk, february) for f in places])
    assert [kept[(f.pk, february)]["activities"] for f in places] == [2, 2, 1, 1, 1]
    assert (world.d2.pk, february) not in kept
    assert kept[(world.city.pk, february)]["activity_women"] == 18
    assert counters.recompute(rollups.ACTIVITIES) == {
        (world.s1c1.pk, D(2024, 2, 1)): {"activities": 1, "activity_women": 10, "activity_participants": 12},
        (world.s2c1.pk, D(2024, 2, 1)): {"activities": 1, "activity_women": 8, "activity_participants": 8},
    }
    assert counters.recompute(rollups.SURVEYS, keys=[(world.s3c1.pk, D(2024, 7, 1))]) == {
        (world.s3c1.pk, D(2024, 7, 1)): {
            "responses": 2,
            "sat_respondents": 2,
            "sat_satisfied": 0,
            "sat_basic": 1,
            "sat_unsatisfied": 1,
            "name_asked": 2,
            "name_yes": 1,
            "flagged_responses": 0,
        }
    }


def test_a_moment_counts_in_its_month_in_shanghai_time(world):
    # given: 00:30 on 1 March in Wuhan is still February in UTC
    Activity.objects.create(
        federation=world.s1c1,
        kind=ActivityKind.objects.order_by("order").first(),
        start=b.at(D(2024, 3, 1), hour=0).replace(minute=30),
        end=b.at(D(2024, 3, 1), hour=2),
    )
    # then: live and recomputed alike
    assert MonthlyStat.objects.get(federation=world.s1c1, month=D(2024, 3, 1)).activities == 1
    assert counters.compare(rollups.ACTIVITIES) == []


def test_an_update_that_bypasses_the_signals_is_found_logged_measured_and_repaired(world, caplog):
    # given: an activity moved with QuerySet.update(), which sends no signal
    activity = b.activity(world.s1c1, D(2024, 3, 5))
    Activity.objects.filter(pk=activity.pk).update(federation=world.s3c1)
    # when
    with caplog.at_level(logging.WARNING, logger="core.counters"):
        results = counters.reconcile()
    # then: both totals fed by activities name the two federations
    assert drifted_keys(results, "activities.per_federation") == [(world.s1c1.pk,), (world.s3c1.pk,)]
    monthly = next(r for r in results if r.definition.name == "evaluations.monthly_activities").drifts
    assert [(d.key, d.kept["activities"], d.true["activities"]) for d in monthly] == [
        ((world.s1c1.pk, D(2024, 3, 1)), 1, 0),
        ((world.s3c1.pk, D(2024, 3, 1)), 0, 1),
    ]
    assert drifted_keys(results, "evaluations.monthly_surveys") == []
    assert "counter drift: activities.per_federation, 2 key(s)" in caplog.text
    assert f"({world.s3c1.pk},)" in caplog.text
    metrics = generate_latest(REGISTRY).decode()
    assert 'wuhan_fulian_counter_drift_keys{counter="activities.per_federation"} 2.0' in metrics
    assert 'wuhan_fulian_counter_drift_keys{counter="evaluations.monthly_surveys"} 0.0' in metrics
    # when: repaired
    counters.reconcile(repair=True)
    # then
    assert all(drifts == [] for drifts in no_drift().values())
    assert counts.subtree_total_of(world.d2) == 1 and counts.subtree_total_of(world.s1) == 0
    assert MonthlyStat.objects.get(federation=world.s3c1, month=D(2024, 3, 1)).activity_participants == 20
    metrics = generate_latest(REGISTRY).decode()
    assert 'wuhan_fulian_counter_drift_keys{counter="activities.per_federation"} 0.0' in metrics
    assert 'wuhan_fulian_counter_drift_found_keys{counter="activities.per_federation"} 2.0' in metrics


def test_a_sample_finds_a_key_the_table_lacks(world):
    # given: a bulk-created activity in a month no counter row holds yet
    Activity.objects.bulk_create(
        [
            Activity(
                federation=world.s2c1,
                kind=ActivityKind.objects.order_by("order").first(),
                start=b.at(D(2023, 1, 5)),
                end=b.at(D(2023, 1, 5), 12),
            )
        ]
    )
    assert not MonthlyStat.objects.filter(federation=world.s2c1, month=D(2023, 1, 1)).exists()
    # then
    assert (world.s2c1.pk, D(2023, 1, 1)) in counters.sample_keys(rollups.ACTIVITIES, 100)
    assert len(counters.sample_keys(rollups.ACTIVITIES, 1)) <= 2
    results = counters.reconcile([rollups.ACTIVITIES], sample=100)
    assert drifted_keys(results, "evaluations.monthly_activities") == [(world.s2c1.pk, D(2023, 1, 1))]


def test_the_command_reports_drift_fails_and_repairs_with_repair(world):
    # given: July's answers of 永宁 made all satisfied behind the counters' back
    SurveyResponse.objects.filter(federation=world.s3c1).update(satisfaction="SATISFIED")
    out = io.StringIO()
    # when / then
    with pytest.raises(CommandError, match="--repair"):
        call_command("reconcile_counters", "--all", stdout=out)
    report = out.getvalue()
    assert "evaluations.monthly_surveys：核对全部键，1 个键有偏差" in report
    assert f"({world.s3c1.pk}, datetime.date(2024, 7, 1))" in report
    assert "sat_satisfied 0→2" in report and "sat_basic 1→0" in report
    assert "activities.per_federation：核对全部键，无偏差" in report
    call_command("reconcile_counters", "--all", "--repair", "--counter", "evaluations.monthly_surveys", stdout=out)
    assert "已按原始记录改写 1 个键" in out.getvalue()
    call_command("reconcile_counters", stdout=io.StringIO())  # a sample, nothing left
    stat = MonthlyStat.objects.get(federation=world.s3c1, month=D(2024, 7, 1))
    assert (stat.sat_satisfied, stat.sat_basic, stat.sat_unsatisfied, stat.responses) == (2, 0, 0, 2)
    with pytest.raises(CommandError, match="没有计数"):
        call_command("reconcile_counters", "--counter", "nothing.here")


def test_the_nightly_task_is_scheduled_and_repairs_when_told(world, settings):
    from wuhan_fulian.celery import app, collect_beat_schedule

    assert "core.reconcile_counters" in app.tasks
    assert {entry["task"] for entry in collect_beat_schedule().values()} >= {"core.reconcile_counters"}
    # given
    WomenRating.objects.filter(score=90).update(verdict="UNSATISFIED")
    settings.COUNTERS_RECONCILE_SAMPLE = 0
    # when: reporting only
    assert counters.reconcile_counters.delay().get()["evaluations.monthly_ratings"] == 1
    assert counters.compare(rollups.RATINGS) != []
    # when: told to repair
    settings.COUNTERS_RECONCILE_REPAIR = True
    assert counters.reconcile_counters.delay().get()["evaluations.monthly_ratings"] == 1
    assert counters.compare(rollups.RATINGS) == []
    assert MonthlyStat.objects.get(federation=world.s1, month=D(2024, 6, 1)).rating_unsatisfied == 2


def test_rebuilding_one_total_leaves_the_others_columns_alone(world):
    # given
    b.activity(world.s1c1, D(2024, 4, 2), participants=5, women=5)
    MonthlyStat.objects.update(activities=99, responses=77)
    # when
    counters.rebuild(rollups.ACTIVITIES)
    # then: the activity columns are right again, the survey column keeps its (wrong) value
    assert counters.compare(rollups.ACTIVITIES) == []
    assert set(MonthlyStat.objects.values_list("responses", flat=True)) == {77}
    # when: the whole table, through the command
    call_command("rebuild_evaluation_stats", stdout=io.StringIO())
    assert all(drifts == [] for drifts in no_drift().values())


def test_a_save_that_changes_nothing_counted_reads_no_counter(world):
    activity = b.activity(world.s1c1, D(2024, 4, 2))
    activity.title = "改名"
    with CaptureQueriesContext(connection) as queries:
        activity.save(update_fields=["title"])
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "kept" not in sql and "activitycount" not in sql and "monthlystat" not in sql  # the row, its history
    activity.participants = 30
    with CaptureQueriesContext(connection) as queries:
        activity.save(update_fields=["participants"])
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "evaluations_monthlystat" in sql and "activities_activitycount" not in sql  # the count did not move


# --- any mix of writes --------------------------------------------------------------------------------


class Abandoned(Exception):
    pass


DEVICES = itertools.count()
MONTHS = [D(2024, month, 1) for month in (1, 2, 3)]
FEDERATIONS = ["s1c1", "s1v1", "s2c1", "s3c1", "s1", "s3"]
fed = st.sampled_from(FEDERATIONS)
month = st.sampled_from(MONTHS)
moment = st.tuples(month, st.sampled_from([(0, 10), (10, 0), (23, 50)]))  # 00:10 is the month before in UTC
pick = st.integers(min_value=0, max_value=50)
satisfaction = st.sampled_from(["", "SATISFIED", "BASIC", "UNSATISFIED"])

OPERATIONS = st.one_of(
    st.tuples(st.just("activity"), fed, moment, st.integers(0, 50), st.integers(0, 50)),
    st.tuples(st.just("activity_edit"), pick, st.one_of(st.none(), fed), st.one_of(st.none(), moment), st.booleans()),
    st.tuples(st.just("activity_people"), pick, st.integers(0, 50)),
    st.tuples(st.just("activity_delete"), pick),
    st.tuples(st.just("activities_delete"), fed),
    st.tuples(st.just("response"), fed, moment, satisfaction, st.sampled_from([None, True, False]), st.booleans()),
    st.tuples(st.just("response_edit"), pick, satisfaction, st.booleans()),
    st.tuples(st.just("response_delete"), pick),
    st.tuples(st.just("rating"), pick, st.integers(0, 100)),
    st.tuples(st.just("rating_edit"), pick, st.sampled_from(["SATISFIED", "BASICALLY_SATISFIED", "UNSATISFIED"])),
    st.tuples(st.just("rating_delete"), pick),
    st.tuples(st.just("report_redate"), pick, month),
    st.tuples(st.just("post_move"), pick, fed),
)


def nth(model, index):
    rows = list((model.objects if isinstance(model, type) else model).order_by("pk"))
    return rows[index % len(rows)] if rows else None


def run(operation, world, kind, survey):
    name, *args = operation
    feds = {code: getattr(world, code) for code in FEDERATIONS}

    def at(when):
        day, (hour, minute) = when
        return b.at(day, hour).replace(minute=minute)

    if name == "activity":
        code, when, participants, women = args
        Activity.objects.create(
            federation=feds[code], kind=kind, start=at(when), end=at(when), participants=participants,
            women_participants=min(women, participants),
        )  # fmt: skip
    elif name == "activity_edit" and (activity := nth(Activity, args[0])):
        code, when, partial = args[1:]
        if partial:  # loaded without the counted fields
            activity = Activity.objects.only("id", "title").get(pk=activity.pk)
        if code:
            activity.federation = feds[code]
        if when:
            activity.start = activity.end = at(when)
        activity.save()
    elif name == "activity_people" and (activity := nth(Activity, args[0])):
        activity.participants = activity.women_participants = args[1]
        activity.save(update_fields=["participants", "women_participants"])
    elif name == "activity_delete" and (activity := nth(Activity, args[0])):
        activity.delete()
    elif name == "activities_delete":
        Activity.objects.filter(federation=feds[args[0]]).delete()
    elif name == "response":
        code, when, answer, can_name, flagged = args
        SurveyResponse.objects.create(
            survey=survey, federation=feds[code], submitted_at=at(when), device_key=f"device-{next(DEVICES)}",
            satisfaction=answer, can_name=can_name, flagged=flagged,
        )  # fmt: skip
    elif name == "response_edit" and (response := nth(SurveyResponse, args[0])):
        response.satisfaction, response.flagged = args[1:]
        response.save()
    elif name == "response_delete" and (response := nth(SurveyResponse, args[0])):
        response.delete()
    elif name == "rating" and (report := nth(DutyReport, args[0])):
        WomenRating.objects.create(report=report, score=args[1])
    elif name == "rating_edit" and (rating := nth(WomenRating, args[0])):
        rating.verdict = args[1]
        rating.save()
    elif name == "rating_delete" and (rating := nth(WomenRating, args[0])):
        rating.delete()
    elif name == "report_redate" and (report := nth(DutyReport, args[0])):
        report.filed_on = args[1].replace(day=20)
        report.save()
    elif name == "post_move" and (post := nth(Post.objects.filter(duty_reports__isnull=False).distinct(), args[0])):
        post.federation = feds[args[1]]
        post.save()


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(st.tuples(OPERATIONS, st.booleans()), min_size=1, max_size=10))
def test_the_kept_totals_equal_a_recomputation_after_any_writes(world, make_survey, operations):
    with transaction.atomic():
        kind = ActivityKind.objects.order_by("order").first()
        survey = make_survey(world.s1c1, opens_on=D(2024, 1, 1), closes_on=D(2024, 12, 31))
        b.duty_report(Post.objects.get(federation=world.s3, position="CHAIR"), D(2024, 2, 10))
        for operation, abandoned in operations:
            try:
                with transaction.atomic():
                    run(operation, world, kind, survey)
                    if abandoned:  # written, then rolled back: the counters go back with it
                        raise Abandoned
            except (Abandoned, IntegrityError):  # IntegrityError: one chair per federation, the move refused
                pass
        drifts = no_drift()
        transaction.set_rollback(True)
    assert drifts == {name: [] for name in drifts}


# --- concurrent writers (PostgreSQL row locks) -----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's; SQLite serialises writers")
def test_concurrent_moves_of_one_activity_lose_no_count(tree):
    # given
    ActivityKind.objects.get_or_create(code="OUTING", defaults={"name": "外出活动"})
    activity = b.activity(tree.s1c1, D(2024, 5, 5))
    targets = [tree.s1c1, tree.s1v1, tree.s2c1, tree.s3c1]
    barrier, errors = threading.Barrier(8), []

    def move(i):
        try:
            with transaction.atomic():
                mine = Activity.objects.get(pk=activity.pk)
                mine.federation = targets[i % 4]
                mine.start = mine.end = b.at(D(2024, 5 + i % 3, 5))
                mine.participants = 20 + i
                barrier.wait(timeout=30)
                mine.save()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    # when
    threads = [threading.Thread(target=move, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    # then
    assert errors == []
    assert all(drifts == [] for drifts in no_drift().values())
    assert sum(ActivityCount.objects.values_list("activities", flat=True)) == 1
