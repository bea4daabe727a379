"""Dual reporting (联管): duty reports once per period to both lines, reviews by those lines only, and the
women's ratings that feed the satisfaction indicator."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cadres import services
from cadres.choices import Position, ReportingLine, Verdict
from cadres.models import DutyReport, DutyReportReview, WomenRating
from tests.cadres.factories import PartyOrganizationFactory, PostFactory

REPORTS = "/api/v1/cadres/duty-reports/"
REVIEWS = "/api/v1/cadres/duty-report-reviews/"
RATINGS = "/api/v1/cadres/women-ratings/"


@pytest.fixture
def party(tree):
    return PartyOrganizationFactory(federation=tree.s1c1, name="东亭社区党委")


@pytest.fixture
def report(chair, party):
    return DutyReport.objects.create(post=chair, year=2017, filed_on=datetime.date(2017, 12, 20))


def test_a_report_is_addressed_to_both_lines(tree, users, api_client, chair, party):
    # when
    response = api_client(users.district).post(
        REPORTS, {"post": chair.pk, "year": 2017, "period": "YEAR", "filed_on": "2017-12-20"}, format="json"
    )
    # then
    assert response.status_code == 201, response.json()
    assert response.json()["party_organization"] == party.pk
    assert response.json()["upper_federation"] == tree.s1.pk


def test_a_report_is_filed_once_per_period(tree, users, api_client, report):
    client = api_client(users.district)
    payload = {"post": report.post_id, "year": 2017, "period": "YEAR", "filed_on": "2017-12-21"}
    response = client.post(REPORTS, payload, format="json")
    assert response.status_code == 400
    assert "重复" in str(response.json())
    response = client.post(REPORTS, {**payload, "period": "H1"}, format="json")
    assert response.status_code == 400
    assert "全年" in str(response.json()["period"])
    assert DutyReport.objects.count() == 1


def test_only_street_and_community_chairs_report(tree, users, api_client, party):
    member = PostFactory(federation=tree.s1c1, position=Position.EXEC_MEMBER)
    response = api_client(users.district).post(
        REPORTS, {"post": member.pk, "year": 2017, "filed_on": "2017-12-20"}, format="json"
    )
    assert response.status_code == 400
    assert "主席" in str(response.json()["post"])


def test_a_report_needs_the_party_organisation_registered(tree, users, api_client, chair):
    response = api_client(users.district).post(
        REPORTS, {"post": chair.pk, "year": 2017, "filed_on": "2017-12-20"}, format="json"
    )
    assert response.status_code == 400
    assert "党组织" in str(response.json()["party_organization"])


def test_each_line_reviews_once(tree, users, api_client, report, party):
    client = api_client(users.district)
    base = {"report": report.pk, "received_on": "2017-12-22", "reviewer": "王书记", "rating": "GOOD"}
    party_review = {**base, "line": ReportingLine.PARTY, "party_organization": party.pk}
    upper_review = {**base, "line": ReportingLine.FEDERATION, "reviewer_federation": tree.s1.pk}
    assert client.post(REVIEWS, party_review, format="json").status_code == 201
    assert client.post(REVIEWS, upper_review, format="json").status_code == 201
    again = client.post(REVIEWS, party_review, format="json")
    assert again.status_code == 400
    assert "已审阅" in str(again.json())
    data = client.get(f"{REPORTS}{report.pk}/").json()
    assert {r["line"] for r in data["reviews"]} == {"PARTY", "FEDERATION"}


@pytest.mark.parametrize(
    "line, field, other",
    [
        (ReportingLine.FEDERATION, "reviewer_federation", "d1"),  # the district is not her upper federation
        (ReportingLine.FEDERATION, "reviewer_federation", "s2"),
        (ReportingLine.PARTY, "party_organization", "other_party"),
    ],
)
def test_a_review_by_a_line_that_is_not_hers_is_rejected(tree, users, api_client, report, line, field, other):
    # given
    if other == "other_party":
        value = PartyOrganizationFactory(federation=tree.s1v1).pk
    else:
        value = getattr(tree, other).pk
    payload = {
        "report": report.pk,
        "line": line,
        field: value,
        "received_on": "2017-12-22",
        "reviewer": "某人",
        "rating": "GOOD",
    }
    # when
    response = api_client(users.district).post(REVIEWS, payload, format="json")
    # then
    assert response.status_code == 400
    assert "不能审阅" in str(response.json()[field])
    assert not DutyReportReview.objects.exists()


def test_ratings_default_their_verdict_from_the_score(tree, users, api_client, report):
    client = api_client(users.district)
    for score in (95, 70, 40):
        assert client.post(RATINGS, {"report": report.pk, "score": score}, format="json").status_code == 201
    assert list(WomenRating.objects.order_by("-score").values_list("verdict", flat=True)) == [
        Verdict.SATISFIED,
        Verdict.BASICALLY_SATISFIED,
        Verdict.UNSATISFIED,
    ]
    too_high = client.post(RATINGS, {"report": report.pk, "score": 101}, format="json")
    assert too_high.status_code == 400
    data = client.get(f"{REPORTS}{report.pk}/").json()
    assert (data["ratings_count"], data["ratings_satisfied"], data["ratings_basically_satisfied"]) == (3, 1, 1)


def test_satisfaction_per_subtree_and_period_in_one_query(tree, report):
    # given
    WomenRating.objects.bulk_create(
        [WomenRating(report=report, score=s, verdict=services_verdict(s)) for s in (90, 90, 70, 50)]
    )
    # when
    with CaptureQueriesContext(connection) as queries:
        result = services.satisfaction(tree.d1, year=2017)
    # then
    assert result == {"satisfied": 2, "basically_satisfied": 1, "total": 4}
    assert len(queries.captured_queries) == 1
    assert services.satisfaction(tree.d2, year=2017)["total"] == 0
    assert services.satisfaction(tree.d1, year=2018)["total"] == 0
    assert services.satisfaction(tree.s1c1, period="YEAR")["total"] == 4


def services_verdict(score):
    from cadres.models.reporting import verdict_for_score

    return verdict_for_score(score)


def test_satisfaction_endpoint_is_scoped(tree, users, api_client, report):
    WomenRating.objects.create(report=report, score=90)
    client = api_client(users.district)
    response = client.get(f"{REPORTS}satisfaction/", {"federation": tree.d1.pk, "year": 2017})
    assert response.json()["total"] == 1
    assert client.get(f"{REPORTS}satisfaction/", {"federation": tree.d2.pk}).status_code == 404


def test_duty_report_list_query_count_does_not_grow(tree, users, api_client, party):
    client = api_client(users.district)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(REPORTS, {"page_size": 500}).status_code == 200
        return len(ctx.captured_queries)

    def add(n):
        for i in range(n):
            chair = PostFactory(
                federation=tree.s1c1,
                position=Position.CHAIR,
                ended_on=datetime.date(2017 + i, 12, 31),
                term_start=datetime.date(2017, 1, 1),
            )
            report = DutyReport.objects.create(post=chair, year=2017 + i, filed_on=datetime.date(2017 + i, 12, 31))
            WomenRating.objects.create(report=report, score=80)

    add(2)
    before = count()
    add(5)
    assert count() == before
