"""The survey answers' admin list over a big table: it counts at most ``count_limit`` rows (then says "more
than"), and its date drill-down comes from the calendar, not from every row in scope."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import dates
from evaluations.admin import SurveyResponseAdmin
from evaluations.models import Survey
from tests.evaluations import builders as b
from tests.pages.world import template

URL = reverse("admin:evaluations_surveyresponse_changelist")


def survey_at(federation):
    today = dates.today()
    return Survey.objects.create(
        template=template(),
        federation=federation,
        title="满意度测评",
        opens_on=today - datetime.timedelta(days=30),
        closes_on=today + datetime.timedelta(days=10),
    )


def test_the_count_stops_at_the_limit_and_says_more_than(tree, users, client, monkeypatch):
    monkeypatch.setattr(SurveyResponseAdmin, "count_limit", 5)
    monkeypatch.setattr(SurveyResponseAdmin, "list_per_page", 2)
    survey = survey_at(tree.s1c1)
    other = survey_at(tree.s3c1)
    today = dates.today()
    for index in range(4):
        b.response(survey, today - datetime.timedelta(days=index))
    b.response(other, today)  # 硚口: not the district's
    client.force_login(users.district)
    under = client.get(URL).content.decode()
    assert "4 答卷" in under and "超过" not in under
    for index in range(4, 9):
        b.response(survey, today - datetime.timedelta(days=index))
    with CaptureQueriesContext(connection) as queries:
        over = client.get(URL).content.decode()
    assert "超过 5 答卷" in over
    counts = [q["sql"] for q in queries if "COUNT(" in q["sql"].upper() and "surveyresponse" in q["sql"]]
    assert len(counts) == 1 and "LIMIT 6" in counts[0]
    # A filter that leaves fewer rows counts them exactly.
    narrowed = client.get(URL, {"submitted_at__year": today.year, "submitted_at__month": today.month,
                                "submitted_at__day": today.day}).content.decode()  # fmt: skip
    assert "1 答卷" in narrowed


def test_the_date_drill_down_is_the_calendar_without_reading_the_rows(tree, users, client, settings):
    settings.REFORM_YEAR = 2017
    b.response(survey_at(tree.s1c1), dates.today())
    client.force_login(users.district)
    with CaptureQueriesContext(connection) as queries:
        years = client.get(URL).content.decode()
    assert all("MIN(" not in q["sql"].upper() and "DISTINCT" not in q["sql"].upper() for q in queries)
    today = dates.today()
    for year in range(2017, today.year + 1):
        assert f"submitted_at__year={year}" in years
    assert f"submitted_at__year={today.year + 1}" not in years
    months = client.get(URL, {"submitted_at__year": 2017}).content.decode()
    assert "submitted_at__month=12" in months and "submitted_at__month=1&" in months
    days = client.get(URL, {"submitted_at__year": 2017, "submitted_at__month": 2}).content.decode()
    assert "submitted_at__day=28" in days and "submitted_at__day=29" not in days
    # A date that does not exist is Django's "bad filter" answer, not a 500.
    bad = client.get(URL, {"submitted_at__year": 2017, "submitted_at__month": 2, "submitted_at__day": 30})
    assert bad.status_code in (200, 302)
