"""The evaluations API resources, for the generated permission tests (tests/permissions). Survey templates,
indicator settings (city-wide) and snapshots (derived, read-only) are not scoped viewsets and are tested
in tests/evaluations/test_api.py."""

import itertools

from evaluations.models import Survey, SurveyTemplate
from tests.permissions.registry import Resource

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
