"""The monthly summary table (``MonthlyStat``) kept current record by record.

Each counted model has a ``Tracker``: what a row contributes to which (federation, month) counters. On
save the tracker adds the new contribution and takes away the old one (remembered when the row was
loaded, or read back once before saving); on delete it takes the contribution away. The counters change
inside the same transaction as the row, so a rollback undoes both, and a figure read a moment later
already includes the change. ``QuerySet.update()`` and ``bulk_create`` bypass signals: bulk loaders call
``rebuild()`` once afterwards (the seed does), which is also the repair tool
(``manage.py rebuild_evaluation_stats``); nothing rebuilds nightly.
"""

from collections import Counter, defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.db.models.signals import post_delete, post_init, post_save, pre_save

from core import bulk
from core.dates import month_start

from . import sources
from .choices import Satisfaction
from .models import SurveyResponse
from .models.indicators import COUNTERS, MonthlyStat
from .surveys import count_flagged, counted_filter

MISSING = object()


def month_of(value):
    return None if value is None else month_start(value)


def apply(deltas):
    """Add ``{(federation_id, month): Counter}`` to the table: one UPDATE per row touched (an INSERT the
    first time a federation has data in a month)."""
    for (federation_id, month), counters in deltas.items():
        counters = {name: value for name, value in counters.items() if value}
        if not counters or federation_id is None or month is None:
            continue
        changes = {name: F(name) + value for name, value in counters.items()}
        rows = MonthlyStat.objects.filter(federation_id=federation_id, month=month)
        if rows.update(**changes):
            continue
        try:
            with transaction.atomic():
                MonthlyStat.objects.create(federation_id=federation_id, month=month, **counters)
        except IntegrityError:  # another writer created the row first
            rows.update(**changes)


def difference(new, old):
    result = defaultdict(Counter)
    for key, counters in new.items():
        result[key].update(counters)
    for key, counters in old.items():
        result[key].subtract(counters)
    return result


class Tracker:
    """Keeps the counters of one model current through its signals."""

    def __init__(self, label, fields, contribute, track_create=True):
        self.label = label
        self.fields = tuple(fields)
        self.contribute = contribute
        self.track_create = track_create
        self.model = None

    def connect(self):
        self.model = sources.model(self.label)
        if self.model is None:
            return False
        uid = f"evaluations-{self.label}"
        post_init.connect(self._loaded, sender=self.model, weak=False, dispatch_uid=f"{uid}-init")
        pre_save.connect(self._saving, sender=self.model, weak=False, dispatch_uid=f"{uid}-pre")
        post_save.connect(self._saved, sender=self.model, weak=False, dispatch_uid=f"{uid}-post")
        post_delete.connect(self._deleted, sender=self.model, weak=False, dispatch_uid=f"{uid}-delete")
        return True

    def values(self, instance):
        return {name: instance.__dict__.get(name, MISSING) for name in self.fields}

    def _loaded(self, sender, instance, **kwargs):
        instance._evaluations_stored = self.values(instance) if instance.pk is not None else None

    def _saving(self, sender, instance, raw=False, **kwargs):
        stored = getattr(instance, "_evaluations_stored", None)
        if instance.pk is None or instance._state.adding:
            return
        if stored is None or MISSING in stored.values():
            row = self.model._base_manager.filter(pk=instance.pk).values(*self.fields).first()
            instance._evaluations_stored = row

    def _saved(self, sender, instance, created, **kwargs):
        new = self.values(instance)
        old = None if created else getattr(instance, "_evaluations_stored", None)
        instance._evaluations_stored = new
        if old == new or (old is None and not self.track_create):
            return
        apply(difference(self.contribute(new), self.contribute(old) if old else {}))

    def _deleted(self, sender, instance, **kwargs):
        old = getattr(instance, "_evaluations_stored", None) or self.values(instance)
        if MISSING not in old.values():
            apply(difference({}, self.contribute(old)))


# --- what each record contributes ------------------------------------------------------------------


def survey_counters(satisfaction, can_name, responses=1):
    return Counter(
        responses=responses,
        sat_respondents=int(bool(satisfaction)),
        sat_satisfied=int(satisfaction == Satisfaction.SATISFIED),
        sat_basic=int(satisfaction == Satisfaction.BASIC),
        sat_unsatisfied=int(satisfaction == Satisfaction.UNSATISFIED),
        name_asked=int(can_name is not None),
        name_yes=int(can_name is True),
    )


def response_contribution(values):
    """A counted answer adds to every survey counter; a flagged one only to ``flagged_responses`` (and to
    the rest too when ``SURVEY_COUNT_FLAGGED``). Confirming or flagging it in the admin moves it over."""
    key = (values["federation_id"], month_of(values["submitted_at"]))
    flagged = bool(values["flagged"])
    counters = (
        survey_counters(values["satisfaction"], values["can_name"]) if not flagged or count_flagged() else Counter()
    )
    counters["flagged_responses"] = int(flagged)
    return {key: counters}


# The cadres app spells the middle verdict BASICALLY_SATISFIED; both spellings count as 基本满意.
RATING_VERDICTS = {
    "SATISFIED": "rating_satisfied",
    "BASICALLY_SATISFIED": "rating_basic",
    "BASIC": "rating_basic",
    "UNSATISFIED": "rating_unsatisfied",
}


def _report_key(report_id):
    """A duty report's (federation, month): the chair's federation and the month she reported in."""
    row = sources.duty_report().objects.filter(pk=report_id).values("post__federation_id", "filed_on").first()
    return (row["post__federation_id"], month_of(row["filed_on"])) if row else (None, None)


def rating_contribution(values):
    counters = Counter(ratings=1)
    if values["verdict"] in RATING_VERDICTS:
        counters[RATING_VERDICTS[values["verdict"]]] = 1
    return {_report_key(values["report_id"]): counters}


def report_contribution(values):
    """A report's ratings, under the report's (federation, month): moved when the report is re-dated."""
    federation_id = sources.post().objects.filter(pk=values["post_id"]).values_list("federation_id", flat=True).first()
    ratings = sources.women_rating().objects.filter(report_id=values["id"]).aggregate(**_rating_aggregates())
    return {(federation_id, month_of(values["filed_on"])): Counter({k: v or 0 for k, v in ratings.items()})}


def _rating_aggregates(prefix=""):
    return {
        "ratings": Count("id"),
        **{
            counter: Count("id", filter=Q(verdict__in=[v for v, c in RATING_VERDICTS.items() if c == counter]))
            for counter in ("rating_satisfied", "rating_basic", "rating_unsatisfied")
        },
    }


def activity_contribution(values):
    key = (values["federation_id"], month_of(values["start"]))
    return {
        key: Counter(
            activities=1,
            activity_women=values["women_participants"] or 0,
            activity_participants=values["participants"] or 0,
        )
    }


TRACKERS = [
    Tracker(
        "evaluations.SurveyResponse",
        ["federation_id", "submitted_at", "satisfaction", "can_name", "flagged"],
        response_contribution,
    ),
    Tracker("cadres.WomenRating", ["report_id", "verdict"], rating_contribution),
    Tracker("cadres.DutyReport", ["id", "post_id", "filed_on"], report_contribution, track_create=False),
    Tracker(
        "activities.Activity",
        ["federation_id", "start", "participants", "women_participants"],
        activity_contribution,
    ),
]


def connect_trackers():
    return [tracker.label for tracker in TRACKERS if tracker.connect()]


# --- full rebuild (after bulk loads; a repair tool, never scheduled) -------------------------------


def _survey_rows():
    counted = counted_filter()
    rows = (
        SurveyResponse.objects.annotate(m=TruncMonth("submitted_at"))
        .values("federation_id", "m")
        .annotate(
            responses=Count("id", filter=counted),
            sat_respondents=Count("id", filter=counted & ~Q(satisfaction="")),
            sat_satisfied=Count("id", filter=counted & Q(satisfaction=Satisfaction.SATISFIED)),
            sat_basic=Count("id", filter=counted & Q(satisfaction=Satisfaction.BASIC)),
            sat_unsatisfied=Count("id", filter=counted & Q(satisfaction=Satisfaction.UNSATISFIED)),
            name_asked=Count("id", filter=counted & Q(can_name__isnull=False)),
            name_yes=Count("id", filter=counted & Q(can_name=True)),
            flagged_responses=Count("id", filter=Q(flagged=True)),
        )
        .order_by()
    )
    for row in rows:
        yield row.pop("federation_id"), row.pop("m"), row


def _rating_rows():
    rating = sources.women_rating()
    if rating is None:
        return
    rows = (
        rating.objects.annotate(fed=F("report__post__federation_id"), m=TruncMonth("report__filed_on"))
        .values("fed", "m")
        .annotate(**_rating_aggregates())
        .order_by()
    )
    for row in rows:
        yield row.pop("fed"), row.pop("m"), row


def _activity_rows():
    activity = sources.activity()
    if activity is None:
        return
    rows = (
        activity.objects.annotate(m=TruncMonth("start"))
        .values("federation_id", "m")
        .annotate(
            activities=Count("id"),
            activity_women=Sum("women_participants"),
            activity_participants=Sum("participants"),
        )
        .order_by()
    )
    for row in rows:
        yield row.pop("federation_id"), row.pop("m"), row


ROW_SOURCES = [_survey_rows, _rating_rows, _activity_rows]


def rebuild():
    """Recompute the whole table from the source rows (one GROUP BY per source). Returns the row count."""
    totals = defaultdict(Counter)
    for source in ROW_SOURCES:
        for federation_id, month, counters in source() or ():
            totals[(federation_id, month_of(month))].update({k: v or 0 for k, v in counters.items()})
    rows = [
        (fed, month, *[counters.get(name, 0) for name in COUNTERS])
        for (fed, month), counters in totals.items()
        if fed is not None and month is not None
    ]
    with transaction.atomic():
        MonthlyStat.objects.all().delete()
        bulk.insert(MonthlyStat, ["federation", "month", *COUNTERS], rows)
    return len(totals)


def subtree_totals(root, first_month, last_month):
    """The counters summed over ``root``'s subtree and the months (one query)."""
    from .subqueries import under

    result = MonthlyStat.objects.filter(
        under("federation", root), month__gte=first_month, month__lte=last_month
    ).aggregate(**{name: Sum(name) for name in COUNTERS})
    return {name: value or 0 for name, value in result.items()}
