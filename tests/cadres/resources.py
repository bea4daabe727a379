"""The cadre API resources, declared for the generated permission tests (tests/permissions)."""

import datetime

from cadres.choices import Position, ReportingLine, ReviewRating
from cadres.models import DutyReport, DutyReportReview, Election, RotationCheck, WomenRating
from organizations.choices import Level
from tests.cadres.factories import PartyOrganizationFactory, PersonFactory, PostFactory
from tests.permissions.registry import Resource


def _report(fed):
    PartyOrganizationFactory(federation=fed)
    chair = PostFactory(federation=fed, position=Position.CHAIR)
    return DutyReport.objects.create(post=chair, year=2017, filed_on=datetime.date(2017, 12, 20))


def _review(fed):
    report = _report(fed)
    return DutyReportReview.objects.create(
        report=report,
        line=ReportingLine.FEDERATION,
        reviewer_federation=fed.parent,
        received_on=datetime.date(2017, 12, 21),
        reviewer="区妇联",
        rating=ReviewRating.GOOD,
    )


def _rotation(street):
    chair = PostFactory(federation=street, position=Position.CHAIR)
    return RotationCheck.objects.create(post=chair, month=datetime.date(2017, 5, 1), looked_back=True)


def _election(fed):
    village = fed.parent.children.filter(level=Level.VILLAGE).first()
    return Election.objects.create(
        federation=village,
        held_on=datetime.date(2017, 4, 1),
        representatives=30,
        chairs=1,
        vice_chairs=3,
        exec_members=7,
    )


RESOURCES = [
    Resource(
        url="/api/v1/cadres/people/", make=lambda fed: PersonFactory(federation=fed), update={"occupation": "社区"}
    ),
    Resource(url="/api/v1/cadres/posts/", make=lambda fed: PostFactory(federation=fed), update={"note": "补记"}),
    Resource(
        url="/api/v1/cadres/party-organizations/",
        make=lambda fed: PartyOrganizationFactory(federation=fed),
        update={"secretary": "新书记"},
    ),
    Resource(url="/api/v1/cadres/duty-reports/", make=_report, update={"summary": "全年工作"}),
    Resource(url="/api/v1/cadres/duty-report-reviews/", make=_review, update={"comment": "同意"}),
    Resource(
        url="/api/v1/cadres/women-ratings/",
        make=lambda fed: WomenRating.objects.create(report=_report(fed), score=88),
        update={"respondent": "居民甲"},
    ),
    Resource(
        url="/api/v1/cadres/rotation-checks/", make=_rotation, update={"problems_found": "场地不足"}, owner="street"
    ),
    Resource(url="/api/v1/cadres/elections/", make=_election, update={"note": "补记"}),
]
