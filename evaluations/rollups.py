"""The monthly summary table (``MonthlyStat``): three kept totals (``core.counters``) per federation and
month, each owning its columns: the survey answers, the women's ratings of duty reports and the activities;
and the same summed over each federation's whole subtree (``SubtreeMonthlyStat``, a ``SubtreeTotal`` of
the three), which the dashboard and the indicators read.

Each is kept current on every save and delete of its records (and a duty report's re-dating moves its
ratings) in the write's own transaction, so a figure read a moment later already includes the change. Bulk
loaders call ``rebuild()`` once afterwards (the seed does), which is also ``manage.py
rebuild_evaluation_stats``; the nightly reconciliation (``manage.py reconcile_counters``) finds and repairs
what ``QuerySet.update()`` or ``bulk_create`` left wrong.
"""

from django.db.models import DateField, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from activities import review
from core import counters
from core.counters import rows, total

from . import sources
from .choices import Satisfaction
from .models.indicators import COUNTERS, MonthlyStat, SubtreeMonthlyStat
from .surveys import counted_filter

# The cadres app spells the middle verdict BASICALLY_SATISFIED; both spellings count as 基本满意.
RATING_VERDICTS = {
    "SATISFIED": "rating_satisfied",
    "BASICALLY_SATISFIED": "rating_basic",
    "BASIC": "rating_basic",
    "UNSATISFIED": "rating_unsatisfied",
}


def month_of_moment(path):
    """The month (its first day) of a moment, in the project's time zone whoever writes it."""
    return TruncMonth(path, output_field=DateField(), tzinfo=timezone.get_default_timezone())


def survey_values():
    """A counted answer adds to every survey counter; a flagged one only to ``flagged_responses`` (and to
    the rest too when ``SURVEY_COUNT_FLAGGED``). Confirming or flagging it in the admin moves it over."""
    counted = counted_filter()
    return {
        "responses": rows(counted),
        "sat_respondents": rows(counted & ~Q(satisfaction="")),
        "sat_satisfied": rows(counted & Q(satisfaction=Satisfaction.SATISFIED)),
        "sat_basic": rows(counted & Q(satisfaction=Satisfaction.BASIC)),
        "sat_unsatisfied": rows(counted & Q(satisfaction=Satisfaction.UNSATISFIED)),
        "name_asked": rows(counted & Q(can_name__isnull=False)),
        "name_yes": rows(counted & Q(can_name=True)),
        "flagged_responses": rows(Q(flagged=True)),
    }


SURVEYS = counters.KeptTotal(
    name="evaluations.monthly_surveys",
    source="evaluations.SurveyResponse",
    table="evaluations.MonthlyStat",
    keys={"federation": "federation_id", "month": month_of_moment("submitted_at")},
    values=survey_values,
)

# A duty report's ratings count under the chair's federation and the month she reported in: re-dating the
# report (or moving the post) moves them.
RATINGS = counters.KeptTotal(
    name="evaluations.monthly_ratings",
    source="cadres.WomenRating",
    table="evaluations.MonthlyStat",
    keys={"federation": "report__post__federation_id", "month": TruncMonth("report__filed_on")},
    values={
        "ratings": rows(),
        **{
            column: rows(Q(verdict__in=[verdict for verdict, c in RATING_VERDICTS.items() if c == column]))
            for column in ("rating_satisfied", "rating_basic", "rating_unsatisfied")
        },
    },
    follows=("report", "report__post"),
)


def activity_values():
    """An activity counts when its review state is one the indicators count (``activities.review``: 已上报
    and 已通过, or only 已通过 under ``INDICATORS_COUNT=approved``); a draft or a returned one does not, and
    approving, returning or resubmitting it moves it in or out. Changing the setting needs a rebuild
    (``manage.py reconcile_counters --repair``), as for ``SURVEY_COUNT_FLAGGED``."""
    counted = review.counted_q()
    return {
        "activities": rows(counted),
        "activity_women": total("women_participants", counted),
        "activity_participants": total("participants", counted),
    }


ACTIVITIES = counters.KeptTotal(
    name="evaluations.monthly_activities",
    source="activities.Activity",
    table="evaluations.MonthlyStat",
    keys={"federation": "federation_id", "month": month_of_moment("start")},
    values=activity_values,
)

KEPT_TOTALS = [SURVEYS, RATINGS, ACTIVITIES]

SUBTREE_NAME = "evaluations.monthly_subtree"


def subtree_total(bases):
    """The three totals summed over each federation's whole subtree (``SubtreeMonthlyStat``): one row per
    federation and month holding its own records' counts and those of every federation under it."""
    return counters.SubtreeTotal(
        name=SUBTREE_NAME, bases=tuple(bases), table="evaluations.SubtreeMonthlyStat", node="federation"
    )


SUBTREE = subtree_total(KEPT_TOTALS)


def tracked():
    """The totals whose source app is installed (a pillar not there yet is simply not counted), and their
    subtree total."""
    bases = [definition for definition in KEPT_TOTALS if sources.model(definition.source) is not None]
    return [*bases, SUBTREE if len(bases) == len(KEPT_TOTALS) else subtree_total(bases)]


def connect_trackers():
    definitions = tracked()
    for definition in definitions:
        counters.register(definition)
    return [definition.name for definition in definitions]


def rebuild():
    """Recompute both tables from the source rows (one INSERT … SELECT … GROUP BY per total, spread over
    the ancestors for the subtree table). Returns the row count of the per-federation table."""
    counters.rebuild(*tracked())
    return MonthlyStat.objects.count()


def subtree_totals(root, first_month, last_month):
    """The counters summed over ``root``'s subtree and the months (one query over its kept subtree rows: one
    per month)."""
    result = SubtreeMonthlyStat.objects.filter(
        federation=root, month__gte=first_month, month__lte=last_month
    ).aggregate(**{name: Sum(name) for name in COUNTERS})
    return {name: value or 0 for name, value in result.items()}
