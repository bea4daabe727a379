"""The demo data: a value for every indicator of every street, idempotent, and the raw inserts it uses."""

import datetime
import io

from django.utils import timezone

from core import bulk
from demo import evaluations as evaluation_seed
from demo.context import SeedContext
from evaluations import services
from evaluations.models import MonthlyStat, SurveyAnswer, SurveyResponse

from . import builders as b


def context():
    return SeedContext(scale="demo", seed=7, stdout=io.StringIO())


def test_the_seed_gives_every_street_and_district_survey_based_values_and_runs_once(tree):
    # given: the other pillars' seeds would have left activities in the past year
    for community in (tree.s1c1, tree.s2c1, tree.s3c1):
        b.activity(community, timezone.localdate() - datetime.timedelta(days=20))
    # when
    ctx = context()
    evaluation_seed.seed(ctx)
    # then: a survey per street with six answers a month for a year, plus the activities' surveys
    assert ctx.counts["survey responses"] >= 3 * 12 * 6
    assert SurveyAnswer.objects.count() >= 2 * SurveyResponse.objects.count()
    period = services.Period.last_twelve_months()
    for federation in (tree.city, tree.d1, tree.d2, tree.s1, tree.s2, tree.s3):
        report = {item["code"]: item for item in services.compute(federation, period)["indicators"]}
        for code in ("IDENTITY", "SATISFACTION", "PRECISION", "COVERAGE"):
            assert report[code]["value"] is not None, (federation.name, code)
    # and the summary table counts what was bulk-inserted
    assert sum(MonthlyStat.objects.values_list("responses", flat=True)) == SurveyResponse.objects.count()
    # when: run again
    again = context()
    evaluation_seed.seed(again)
    # then
    assert "survey responses" not in again.counts
    assert sum(MonthlyStat.objects.values_list("responses", flat=True)) == SurveyResponse.objects.count()


def test_raw_inserts_keep_nulls_empty_strings_booleans_and_dates(survey):
    # given
    first = bulk.next_id(SurveyResponse)
    when = datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=timezone.get_default_timezone())
    rows = [
        (first, survey.pk, survey.federation_id, when, "k1", "", None),
        (first + 1, survey.pk, survey.federation_id, when, "k2", "SATISFIED", False),
    ]
    # when
    bulk.insert(
        SurveyResponse, ["id", "survey", "federation", "submitted_at", "device_key", "satisfaction", "can_name"], rows
    )
    bulk.reset_sequences(SurveyResponse)
    # then
    stored = {r.device_key: r for r in SurveyResponse.objects.all()}
    assert (stored["k1"].satisfaction, stored["k1"].can_name) == ("", None)
    assert (stored["k2"].satisfaction, stored["k2"].can_name) == ("SATISFIED", False)
    assert stored["k1"].submitted_at == when and stored["k1"].created_at is not None
    # and the next ordinary row gets a fresh id
    later = b.response(survey, datetime.date(2024, 5, 7), "BASIC", True)
    assert later.pk == first + 2
