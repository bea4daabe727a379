"""Fixtures for the evaluation tests: the standard survey template and a survey open today."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from evaluations.choices import QuestionKind
from evaluations.models import Survey, SurveyQuestion, SurveyTemplate

from . import builders as b

D = datetime.date


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


@pytest.fixture
def world(tree, make_survey):
    """武昌 (D1): 水果湖街 S1 (东亭社区 S1C1, 翠柳村 S1V1), 中南路街 S2 (中南社区 S2C1);
    硚口 (D2): 宝丰街 S3 (永宁社区 S3C1)."""
    # coverage: streets S1 and S3 regionalised in 2024, community S1C1 too; S2C1 only in 2025 (after the period)
    b.regionalise(tree.s1, D(2024, 3, 1))
    b.regionalise(tree.s3, D(2024, 6, 1))
    b.regionalise(tree.s1c1, D(2024, 5, 1))
    b.regionalise(tree.s2c1, D(2025, 2, 1))
    # surveys: 东亭 4 answers, 永宁 2 answers; one answer of 2023 (outside the period)
    dongting = make_survey(tree.s1c1, opens_on=D(2024, 1, 1), closes_on=D(2024, 12, 31))
    yongning = make_survey(tree.s3c1, opens_on=D(2024, 1, 1), closes_on=D(2024, 12, 31))
    b.response(dongting, D(2024, 4, 2), "SATISFIED", True)
    b.response(dongting, D(2024, 4, 3), "BASIC", True)
    b.response(dongting, D(2024, 5, 9), "UNSATISFIED", False)
    b.response(dongting, D(2024, 5, 9), "SATISFIED", None)
    b.response(yongning, D(2024, 7, 1), "BASIC", True)
    b.response(yongning, D(2024, 7, 1), "UNSATISFIED", False)
    b.response(dongting, D(2023, 12, 31), "UNSATISFIED", False)
    # cadres: S1's chair shows photo and phone; S1C1's member is public without a photo; S3's chair is not
    # public; S2's former member left in 2023
    chair = b.post(b.person(tree.s1, True, "cadres/photos/a.jpg", "13800000001"), tree.s1, "CHAIR")
    b.post(b.person(tree.s1c1, True, "", "13800000002"), tree.s1c1)
    b.post(b.person(tree.s3), tree.s3, "CHAIR")
    b.post(b.person(tree.s2), tree.s2, start=D(2020, 1, 1), ended_on=D(2023, 6, 30))
    b.post(b.person(tree.s2, True, "p.jpg", "13800000003"), tree.s2, "REPRESENTATIVE")  # not on the committee
    # 述职评议 of S1's chair in June 2024: 90 (满意), 70 (基本满意), 50 (不满意)
    report = b.duty_report(chair, D(2024, 6, 15))
    for score in (90, 70, 50):
        b.rating(report, score)
    # homes: 东亭 and 中南; a women's corner does not count
    b.home(tree.s1c1)
    b.home(tree.s2c1)
    b.home(tree.s3c1, kind="WOMEN_CORNER")
    # consultations (answer within 7 days): 东亭 one in time, one late, one overdue unanswered, one not yet due;
    # 永宁 one in time
    b.consultation(tree.s1c1, D(2024, 3, 1), D(2024, 3, 5))
    b.consultation(tree.s1c1, D(2024, 3, 1), D(2024, 3, 20))
    b.consultation(tree.s1c1, D(2024, 6, 1))
    b.consultation(tree.s1c1, D(2024, 12, 28))
    b.consultation(tree.s3c1, D(2024, 8, 1), D(2024, 8, 8))
    return tree
