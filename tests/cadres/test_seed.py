"""The demo data: every figure of the seed article reproduced through the API, and a gap list that names
exactly the deliberate gaps."""

import io
import random
import time

import pytest
from django.utils import timezone

from accounts.models import Role
from cadres.choices import ReportingLine
from cadres.models import (
    DutyReport,
    DutyReportReview,
    Election,
    Person,
    Post,
    RotationCheck,
    TrainingAttendance,
    TrainingCourse,
)
from core.dates import previous_month
from demo import cadres as cadres_seed
from demo import cadres_data as seed_data
from demo import tree as organizations_seed
from demo.context import SeedContext
from organizations.models import Federation

pytestmark = pytest.mark.slow


@pytest.fixture
def seeded(db):
    ctx = SeedContext(scale="demo", seed=20170518, stdout=io.StringIO())
    organizations_seed.seed_trees(ctx)
    started = time.monotonic()
    cadres_seed.seed(ctx)
    ctx.cadres_seconds = time.monotonic() - started
    return ctx


def test_demo_data_reproduces_the_seed_figures_names_only_the_deliberate_gaps_and_is_idempotent(
    seeded, make_user, api_client
):
    # given
    wuhan = Federation.objects.get(code=cadres_seed.WUHAN_CODE)
    client = api_client(make_user(Role.CITY_OFFICE, wuhan))
    # when: the 会改联 totals
    totals = client.get("/api/v1/cadres/elections/summary/", {"kind": "CONVERSION"}).json()
    # then
    assert {
        k: totals[k]
        for k in ("villages", "brigades", "days", "representatives", "chairs", "vice_chairs", "exec_members")
    } == {
        "villages": 1780,
        "brigades": 149,
        "days": 48,
        "representatives": 60623,
        "chairs": 1896,
        "vice_chairs": 6676,
        "exec_members": 11699,
    }
    assert totals["posts"] == {"chairs": 1896, "vice_chairs": 6676, "exec_members": 11699, "representatives": 0}
    # the 406 appointed part-time community vice chairs
    summary = client.get(
        "/api/v1/cadres/posts/summary/",
        {"sitting": "true", "level": "COMMUNITY", "position": "VICE_CHAIR_PARTTIME", "appointment": "APPOINTED"},
    ).json()["results"]
    assert sum(row["count"] for row in summary) == seed_data.APPOINTED_COMMUNITY_VICE_CHAIRS
    # the gap list: exactly the deliberate gaps
    gaps = client.get(
        "/api/v1/evaluations/gaps/", {"pillar": "cadres", "federation": wuhan.pk, "page_size": 500}
    ).json()["results"]
    assert {(gap["rule"], gap["federation_name"]) for gap in gaps} == seed_data.EXPECTED_GAPS
    # training (培训同步管理): every chair and vice chair trained this year but the two deliberate ones
    training_gaps = client.get(
        "/api/v1/evaluations/gaps/", {"pillar": "training", "federation": wuhan.pk, "page_size": 500}
    ).json()["results"]
    assert {(gap["rule"], gap["federation_name"]) for gap in training_gaps} == seed_data.EXPECTED_TRAINING_GAPS
    # every street has a committee, and last month's 四个一 can be counted
    last_month = previous_month().strftime("%Y-%m")
    rotation = client.get("/api/v1/cadres/rotation-checks/completeness/", {"month": last_month}).json()
    assert rotation["expected"] > 600 and rotation["filed"] > 0.9 * rotation["expected"]
    assert DutyReport.objects.count() > 3000
    # the review states agree with cadres 0010's mapping: a report the federation above reviewed is approved
    # as of the day it received it, the others (none here) and every 四个一 check submitted
    reviewed = dict(
        DutyReportReview.objects.filter(line=ReportingLine.FEDERATION).values_list("report_id", "received_on")
    )
    states = DutyReport.objects.values_list("pk", "review_state", "reviewed_at")
    assert {
        pk: (state, timezone.localtime(at).date() if at else None)
        for pk, state, at in states
        if (state, timezone.localtime(at).date() if at else None) != ("approved", reviewed.get(pk))
    } == {}
    assert set(RotationCheck.objects.values_list("review_state", flat=True)) == {"submitted"}
    # (one test, so the city is seeded once) sampled rows obey the models' own rules
    rng = random.Random(1)
    for model in (Person, Post, Election, DutyReport, RotationCheck, TrainingCourse, TrainingAttendance):
        ids = list(model.objects.values_list("pk", flat=True))
        for obj in model.objects.filter(pk__in=rng.sample(ids, min(150, len(ids)))):
            obj.full_clean()
    before = Post.objects.count()
    cadres_seed.seed(seeded)
    assert Post.objects.count() == before
    print(f"cadres seed: {seeded.cadres_seconds:.1f}s, {before} posts")
