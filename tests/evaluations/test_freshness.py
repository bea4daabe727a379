"""Cached states, gaps and trained shares (core/freshness.py) stay live: every committed write to a state
table, by any path (save, QuerySet.update, bulk_create, raw SQL), moves the data generation and is in the
next read; a flow write (an activity, a survey answer) moves nothing; an uncommitted write is seen by its
own transaction and never cached; no cached computation reads a flow table."""

import datetime
import importlib
import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cadres import training
from core import freshness
from core import gaps as gap_registry
from evaluations import dashboard, pillars, services
from organizations.models import Federation

from . import builders as b

D = datetime.date
PERIOD = services.Period.of(D(2024, 1, 1), D(2024, 12, 31))

pytestmark = pytest.mark.django_db(transaction=True)


def homes(root):
    return dashboard.build(root, PERIOD)["totals"]["homes"]


@pytest.mark.parametrize(
    ("sql", "table"),
    [
        ('INSERT INTO "cadres_post" ("person_id") VALUES (%s)', "cadres_post"),
        ('UPDATE "organizations_federation" SET "name" = %s', "organizations_federation"),
        ('DELETE FROM "venues_venue" WHERE "id" IN (%s)', "venues_venue"),
        ("INSERT OR IGNORE INTO venues_venue (id) VALUES (1)", "venues_venue"),
        ('  update cadres_person set phone = ""', "cadres_person"),
        ('SELECT "id" FROM "cadres_post"', None),
        ('WITH x AS (SELECT 1) SELECT * FROM "cadres_post"', None),
    ],
)
def test_the_written_table_is_read_from_the_statement(sql, table):
    assert freshness.written_table(sql) == table


def test_history_sessions_and_activities_are_flows_and_records_are_not():
    assert freshness.is_flow("activities_activity")
    assert freshness.is_flow("cadres_historicalpost")
    assert freshness.is_flow("django_session")
    assert not freshness.is_flow("cadres_post")
    assert not freshness.is_flow("venues_venue")
    assert not freshness.is_flow("organizations_federation")


def test_a_cached_dashboard_reads_fewer_queries_and_every_write_path_is_in_the_next_read(world):
    root = world.city
    with CaptureQueriesContext(connection) as cold:
        assert homes(root) == 2
    with CaptureQueriesContext(connection) as warm:
        assert homes(root) == 2
    assert len(warm) < len(cold)
    # a model's save()
    b.home(world.s3c1)
    assert homes(root) == 3
    # QuerySet.update(): no signal, still seen
    from venues.models import Venue

    Venue.objects.filter(federation=world.s3c1, kind="WOMEN_CORNER").update(kind="WOMENS_HOME")
    assert homes(root) == 4
    # bulk_create
    Venue.objects.bulk_create([Venue(name="妇女之家甲", code="VX1", kind="WOMENS_HOME", federation=world.s2c1)])
    assert homes(root) == 5
    # raw SQL
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM venues_venue WHERE code = %s", ["VX1"])
    assert homes(root) == 4
    # a federation regionalised by update(): the coverage figures and the indicator states follow
    before = services.state_counts(root, PERIOD, 7)["communities_done"]
    Federation.objects.filter(pk=world.s3c1.pk).update(regionalized_on=D(2024, 2, 1))
    assert services.state_counts(root, PERIOD, 7)["communities_done"] == before + 1


def test_flow_writes_do_not_move_the_generation_and_state_writes_do(world):
    from django.apps import apps

    from activities.models import ActivityKind

    if not ActivityKind.objects.exists():  # flushed by an earlier transactional test
        importlib.import_module("activities.migrations.0002_activity_kinds").load_kinds(apps, None)
    start = freshness.generation()
    b.activity(world.s1c1, D(2024, 5, 1))
    b.response(world.s1c1.surveys.first(), D(2024, 5, 2), "SATISFIED", True)
    assert freshness.generation() == start
    b.person(world.s1c1)
    assert freshness.generation() > start


def test_an_uncommitted_write_is_read_by_its_transaction_and_never_cached(world):
    root = world.city
    assert homes(root) == 2
    start = freshness.generation()
    with pytest.raises(RuntimeError), transaction.atomic():
        b.home(world.s3c1)
        assert homes(root) == 3  # her own write, computed without the cache
        assert freshness.generation() == start  # moved only by a commit
        raise RuntimeError("rolled back")
    assert freshness.generation() == start
    assert homes(root) == 2  # the rolled-back figure was not stored
    with transaction.atomic():
        b.home(world.s3c1)
    assert freshness.generation() == start + 1
    assert homes(root) == 3


def test_gaps_and_the_trained_share_are_live(world):
    root = world.city
    found = {(gap.rule, gap.federation_id) for gap in gap_registry.collect(root, D(2024, 12, 31))}
    assert ("street_has_recent_survey", world.s2.pk) in found
    from evaluations.models import Survey

    Survey.objects.filter(federation=world.s1c1).update(federation=world.s2)
    found = {(gap.rule, gap.federation_id) for gap in gap_registry.collect(root, D(2024, 12, 31))}
    assert ("street_has_recent_survey", world.s2.pk) not in found
    shares = {row["federation"]: row["cadres"] for row in training.trained_share(root, D(2024, 12, 31))}
    b.post(b.person(world.s3), world.s3, "VICE_CHAIR_FULLTIME")
    after = {row["federation"]: row["cadres"] for row in training.trained_share(root, D(2024, 12, 31))}
    assert after[world.d2.pk] == shares.get(world.d2.pk, 0) + 1


TABLE = re.compile(r'(?:FROM|JOIN)\s+"?([a-z_]+)"?', re.IGNORECASE)


def test_no_cached_computation_reads_a_flow_table(world, monkeypatch):
    """Every figure ``freshness.cached`` keeps is computed here (the dashboard and the indicators of the
    city, a district and a street; the gaps; the trained share) and the SQL it ran is read for tables: a flow
    table among them would be served stale after a flow write, which does not move the generation."""
    read = {}
    original = freshness.cached

    def recording(name, key, compute, timeout=freshness.TIMEOUT):
        def watched():
            with CaptureQueriesContext(connection) as queries:
                value = compute()
            read.setdefault(name, set()).update(table for query in queries for table in TABLE.findall(query["sql"]))
            return value

        return original(name, key, watched, timeout)

    monkeypatch.setattr(freshness, "cached", recording)
    for root in (world.city, world.d1, world.s1):
        dashboard.build(root, PERIOD)
        services.compute(root, PERIOD)
        training.trained_share(root, D(2024, 12, 31))
        pillars.build(root, D(2024, 12, 31))
        for pillar in gap_registry.providers():
            gap_registry.collect(root, D(2024, 12, 31), pillars=[pillar])
    assert {"dashboard_rows", "states", "gaps", "gap_counts", "trained_share", "pillars"} <= set(read)
    assert all(tables for tables in read.values())
    flows = {
        name: sorted(t for t in tables if freshness.is_flow(t) and t != freshness.GENERATION_TABLE)
        for name, tables in read.items()
    }
    assert {name: tables for name, tables in flows.items() if tables} == {}
