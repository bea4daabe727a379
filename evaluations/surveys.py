"""Survey operations: storing one anonymous response with its answers, and the results of a survey."""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from .choices import QuestionKind, Satisfaction
from .models import FlagReason, Survey, SurveyAnswer, SurveyResponse


class AlreadyAnswered(Exception):
    """This device has already answered this survey."""


def count_flagged():
    """Whether flagged answers count in the figures anyway (``SURVEY_COUNT_FLAGGED``, off by default)."""
    return bool(getattr(settings, "SURVEY_COUNT_FLAGGED", False))


def counted_filter(prefix=""):
    """The answers that count in the figures: not flagged, unless the setting counts them too."""
    return Q() if count_flagged() else Q(**{f"{prefix}flagged": False})


def flag_reasons(survey, signals, now=None):
    """Why an answer with these signal keys would be flagged ([] when it counts). Today's answers of the
    survey are counted whether or not they were flagged themselves."""
    now = now or timezone.now()
    day_start = timezone.make_aware(datetime.datetime.combine(timezone.localdate(now), datetime.time.min))
    today = SurveyResponse.objects.filter(survey=survey, submitted_at__gte=day_start)
    reasons = []
    if not (signals["device_token_key"] and signals["fingerprint_key"]):
        reasons.append(FlagReason.NO_SIGNAL)
    limit = getattr(settings, "SURVEY_ADDRESS_DAILY_LIMIT", 10)
    if signals["address_key"] and today.filter(address_key=signals["address_key"]).count() >= limit:
        reasons.append(FlagReason.ADDRESS)
    token = signals["device_token_key"]
    if token and SurveyResponse.objects.filter(survey=survey, device_token_key=token).exists():
        reasons.append(FlagReason.DEVICE)
    limit = getattr(settings, "SURVEY_FINGERPRINT_DAILY_LIMIT", 5)
    if signals["fingerprint_key"] and today.filter(fingerprint_key=signals["fingerprint_key"]).count() >= limit:
        reasons.append(FlagReason.FINGERPRINT)
    return reasons


def submit_response(survey, device_key, answers, signals=None):
    """Store one response and its answers at once; ``answers`` as from ``SurveyAnswerForm.answers()``.

    The unique (survey, device_key) constraint settles two submissions racing from the same phone. With
    ``signals`` (from ``throttle.signals``, the public page always passes them) the answer is checked
    against the survey's limits with the survey row locked, so two answers racing cannot both pass a
    limit; one beyond a limit is stored flagged, and nothing tells the answerer.
    """
    summary = {"satisfaction": "", "can_name": None}
    for question, value in answers:
        if question.kind == QuestionKind.SATISFACTION:
            summary["satisfaction"] = value["satisfaction"]
        elif question.kind == QuestionKind.CAN_NAME_CADRE:
            summary["can_name"] = value["yes"]
    try:
        with transaction.atomic():
            if signals is not None:
                Survey.objects.select_for_update().filter(pk=survey.pk).values_list("pk", flat=True).get()
                reasons = flag_reasons(survey, signals)
                summary.update(signals, flagged=bool(reasons), flag_reason=",".join(reasons))
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
    """Per question: the count of each satisfaction level or yes/no, and the latest texts (3 queries).
    Flagged answers are left out (unless ``SURVEY_COUNT_FLAGGED``) and counted apart as ``flagged``."""
    questions = list(survey.template.questions.all())
    counted = counted_filter("response__")
    counts = {
        row["question_id"]: row
        for row in SurveyAnswer.objects.filter(response__survey=survey)
        .values("question_id")
        .annotate(
            # Named apart from the answer's own "yes" and "satisfaction" fields.
            n_answered=Count("id", filter=counted),
            n_satisfied=Count("id", filter=counted & Q(satisfaction=Satisfaction.SATISFIED)),
            n_basic=Count("id", filter=counted & Q(satisfaction=Satisfaction.BASIC)),
            n_unsatisfied=Count("id", filter=counted & Q(satisfaction=Satisfaction.UNSATISFIED)),
            n_yes=Count("id", filter=counted & Q(yes=True)),
            n_no=Count("id", filter=counted & Q(yes=False)),
            n_flagged=Count("id", filter=Q(response__flagged=True)),
        )
    }
    text_ids = [q.pk for q in questions if q.kind == QuestionKind.TEXT]
    texts = {}
    if text_ids:
        for answer in (
            SurveyAnswer.objects.filter(counted, response__survey=survey, question_id__in=text_ids)
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
            "flagged": row.get("n_flagged", 0),
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
    "flagged_responses",
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
