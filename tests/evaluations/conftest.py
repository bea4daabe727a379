"""Fixtures for the evaluation tests: the standard survey template and a survey open today."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from evaluations.choices import QuestionKind
from evaluations.models import Survey, SurveyQuestion, SurveyTemplate


@pytest.fixture(autouse=True)
def clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def template(db):
    template = SurveyTemplate.objects.create(name="测试满意度问卷")
    SurveyQuestion.objects.bulk_create(
        [
            SurveyQuestion(
                template=template, position=1, kind=QuestionKind.SATISFACTION, text="您对本级妇联的工作满意吗？"
            ),
            SurveyQuestion(
                template=template,
                position=2,
                kind=QuestionKind.CAN_NAME_CADRE,
                text="您能说出本级妇联主席或一位执委的名字吗？",
            ),
            SurveyQuestion(
                template=template, position=3, kind=QuestionKind.TEXT, text="您的意见和建议", required=False
            ),
        ]
    )
    return template


@pytest.fixture
def make_survey(template):
    def make(federation, opens_on=None, closes_on=None, **kwargs):
        today = timezone.localdate()
        return Survey.objects.create(
            template=template,
            federation=federation,
            title=kwargs.pop("title", f"{federation.name}满意度测评"),
            opens_on=opens_on or today - datetime.timedelta(days=10),
            closes_on=closes_on or today + datetime.timedelta(days=10),
            **kwargs,
        )

    return make


@pytest.fixture
def survey(tree, make_survey):
    return make_survey(tree.s1c1)


def answer_payload(template, satisfaction="SATISFIED", can_name="yes", text=""):
    by_kind = {q.kind: q for q in template.questions.all()}
    payload = {
        f"q{by_kind[QuestionKind.SATISFACTION].pk}": satisfaction,
        f"q{by_kind[QuestionKind.CAN_NAME_CADRE].pk}": can_name,
    }
    if text:
        payload[f"q{by_kind[QuestionKind.TEXT].pk}"] = text
    return {k: v for k, v in payload.items() if v is not None}
