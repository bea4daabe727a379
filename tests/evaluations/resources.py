"""The evaluations API resources, for the generated permission tests (tests/permissions). Survey templates,
indicator settings (city-wide) and snapshots (derived, read-only) are not scoped viewsets and are tested
in tests/evaluations/test_api.py."""

import datetime
import itertools

from django.utils import timezone

from evaluations.models import IndicatorSetting, IndicatorSnapshot, Survey, SurveyResponse, SurveyTemplate
from tests.permissions.registry import CITY_WIDE, AdminModel, Resource

_numbers = itertools.count()


def _template():
    return SurveyTemplate.objects.get_or_create(name="权限测试问卷")[0]


def _survey(federation):
    return Survey.objects.create(
        template=_template(),
        federation=federation,
        title=f"满意度测评{next(_numbers)}",
        opens_on="2024-03-01",
        closes_on="2024-03-31",
    )


RESOURCES = [
    Resource(
        url="/api/v1/evaluations/surveys/",
        make=_survey,
        update={"title": "新的测评标题"},
        create=lambda tree: {
            "title": "东亭社区满意度测评",
            "template": _template().pk,
            "federation": tree.s1c1.pk,
            "opens_on": "2024-04-01",
            "closes_on": "2024-04-30",
        },
    ),
]


def _response(federation):
    return SurveyResponse.objects.create(
        survey=_survey(federation), federation=federation, device_key=f"d{next(_numbers)}", satisfaction="SATISFIED"
    )


def _snapshot(federation):
    return IndicatorSnapshot.objects.create(
        federation=federation,
        month=datetime.date(2024, 3, 1),
        indicator="COVERAGE",
        value=0.5,
        numerator=1,
        denominator=2,
        computed_at=timezone.now(),
    )


ADMINS = [
    AdminModel(SurveyTemplate, unscoped=CITY_WIDE),
    AdminModel(Survey, make=_survey),
    AdminModel(SurveyResponse, make=_response),
    AdminModel(IndicatorSetting, unscoped=CITY_WIDE),
    AdminModel(IndicatorSnapshot, make=_snapshot),
]
