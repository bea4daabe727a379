"""Survey operations: storing one anonymous response with its answers, and the results of a survey."""

from django.db import IntegrityError, transaction
from django.db.models import Count, Q

from .choices import QuestionKind, Satisfaction
from .models import SurveyAnswer, SurveyResponse


class AlreadyAnswered(Exception):
    """This device has already answered this survey."""


def submit_response(survey, device_key, answers):
    """Store one response and its answers at once; ``answers`` as from ``SurveyAnswerForm.answers()``.

    The unique (survey, device_key) constraint settles two submissions racing from the same phone.
    """
    summary = {"satisfaction": "", "can_name": None}
    for question, value in answers:
        if question.kind == QuestionKind.SATISFACTION:
            summary["satisfaction"] = value["satisfaction"]
        elif question.kind == QuestionKind.CAN_NAME_CADRE:
            summary["can_name"] = value["yes"]
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(
                survey=survey, federation_id=survey.federation_id, device_key=device_key, **summary
            )
            SurveyAnswer.objects.bulk_create(
                [SurveyAnswer(response=response, question=question, **value) for question, value in answers]
            )
    except IntegrityError as exc:
        if SurveyResponse.objects.filter(survey=survey, device_key=device_key).exists():
            raise AlreadyAnswered from exc
        raise
    return response


def results(survey):
    """Per question: the count of each satisfaction level or yes/no, and the latest texts (3 queries)."""
    questions = list(survey.template.questions.all())
    counts = {
        row["question_id"]: row
        for row in SurveyAnswer.objects.filter(response__survey=survey)
        .values("question_id")
        .annotate(
            # Named apart from the answer's own "yes" and "satisfaction" fields.
            n_answered=Count("id"),
            n_satisfied=Count("id", filter=Q(satisfaction=Satisfaction.SATISFIED)),
            n_basic=Count("id", filter=Q(satisfaction=Satisfaction.BASIC)),
            n_unsatisfied=Count("id", filter=Q(satisfaction=Satisfaction.UNSATISFIED)),
            n_yes=Count("id", filter=Q(yes=True)),
            n_no=Count("id", filter=Q(yes=False)),
        )
    }
    text_ids = [q.pk for q in questions if q.kind == QuestionKind.TEXT]
    texts = {}
    if text_ids:
        for answer in (
            SurveyAnswer.objects.filter(response__survey=survey, question_id__in=text_ids)
            .exclude(text="")
            .order_by("-response__submitted_at")[:50]
        ):
            texts.setdefault(answer.question_id, []).append(answer.text)
    rows = []
    for question in questions:
        row = counts.get(question.pk, {})
        item = {
            "question": question.pk,
            "position": question.position,
            "kind": question.kind,
            "text": question.text,
            "answered": row.get("n_answered", 0),
        }
        if question.kind == QuestionKind.SATISFACTION:
            item.update({key: row.get(f"n_{key}", 0) for key in ("satisfied", "basic", "unsatisfied")})
        elif question.kind in (QuestionKind.CAN_NAME_CADRE, QuestionKind.YES_NO):
            item.update({key: row.get(f"n_{key}", 0) for key in ("yes", "no")})
        else:
            item["latest"] = texts.get(question.pk, [])[:20]
        rows.append(item)
    return rows


SURVEY_COUNTERS = [
    "responses",
    "sat_respondents",
    "sat_satisfied",
    "sat_basic",
    "sat_unsatisfied",
    "name_asked",
    "name_yes",
]


def subtree_results(root, period):
    """Survey results of ``root``'s subtree and of each child's subtree over ``period``, from the monthly
    table (one query): answers, each satisfaction level, and who could name a cadre."""
    from django.db.models import F
    from django.db.models import Q as Where

    from . import sources
    from .models import MonthlyStat
    from .services import ratio
    from .subqueries import Total, scalar

    months = MonthlyStat.objects.filter(month__gte=period.first_month, month__lte=period.last_month)
    nodes = (
        sources.federation()
        .objects.filter(Where(pk=root.pk) | Where(parent_id=root.pk))
        .annotate(**{f"x_{name}": scalar(months, "federation", Total(F(name))) for name in SURVEY_COUNTERS})
        .order_by("lft")
    )
    rows = []
    for node in nodes:
        counts = {name: getattr(node, f"x_{name}") or 0 for name in SURVEY_COUNTERS}
        rows.append(
            {
                "id": node.pk,
                "name": node.name,
                "level": node.level,
                **counts,
                "satisfaction": ratio(counts["sat_satisfied"] + counts["sat_basic"], counts["sat_respondents"]),
                "can_name": ratio(counts["name_yes"], counts["name_asked"]),
            }
        )
    total = next(row for row in rows if row["id"] == root.pk)
    return {"totals": total, "children": [row for row in rows if row["id"] != root.pk]}
