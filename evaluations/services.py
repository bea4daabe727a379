"""The five indicators for any federation's subtree and any period, in a fixed number of queries.

Flows (survey answers, duty-report ratings, activities) come from the monthly summary table, one SUM over
the subtree's rows; states (regionalisation, sitting cadres, homes, consultations) are one aggregate each
over their own tables, restricted to the subtree by its MPTT range. Nothing loops over federations, so
the count of queries is the same for a community and for the whole city (see the tests).
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import Count, DateField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone

from organizations.choices import COMMUNITY_LEVELS, STREET_LEVELS
from wuhan_fulian.scope import subtree_q

from . import rollups, sources
from .choices import Indicator
from .indicators import SPECS, counted_components, param
from .models.indicators import IndicatorSetting, MonthlyStat


@dataclass(frozen=True)
class Period:
    """Whole months: from the first day of ``start``'s month to the last day of ``end``'s month."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def of(cls, date_from, date_to):
        last = calendar.monthrange(date_to.year, date_to.month)[1]
        return cls(date_from.replace(day=1), date_to.replace(day=last))

    @classmethod
    def last_twelve_months(cls, today=None):
        today = today or timezone.localdate()
        start = (today.replace(day=1) - datetime.timedelta(days=330)).replace(day=1)
        return cls.of(start, today)

    @property
    def first_month(self):
        return self.start

    @property
    def last_month(self):
        return self.end.replace(day=1)

    @property
    def month_count(self):
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def months(self):
        year, month = self.start.year, self.start.month
        for _index in range(self.month_count):
            yield datetime.date(year, month, 1)
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)

    @property
    def as_of(self):
        """States (regionalised, sitting) are read at the period's end, or today for a period still running."""
        return min(self.end, timezone.localdate())

    def as_dict(self):
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "months": self.month_count,
        }


@dataclass(frozen=True)
class SettingView:
    code: str
    weight: float
    target: float
    enabled: bool
    params: dict


def load_settings():
    """The city-wide settings (one query), the built-in defaults standing in for a missing row."""
    stored = {row.indicator: row for row in IndicatorSetting.objects.all()}
    result = {}
    for code, spec in SPECS.items():
        row = stored.get(code)
        result[code] = SettingView(
            code=code,
            weight=float(row.weight if row else spec.weight),
            target=float(row.target if row else spec.target),
            enabled=row.enabled if row else True,
            params=(row.params if row else {}) or {},
        )
    return result


def ratio(numerator, denominator):
    return round(numerator / denominator, 4) if denominator else None


def _alive(prefix, as_of):
    """Federations not archived by ``as_of``."""
    end = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time.max))
    return Q(**{f"{prefix}archived_at__isnull": True}) | Q(**{f"{prefix}archived_at__gt": end})


# --- raw figures: one query each ---------------------------------------------------------------------


def federation_counts(root, as_of):
    federation = sources.federation()
    done = Q(regionalized_on__lte=as_of) if sources.has_field(federation, "regionalized_on") else Q(pk__in=[])
    streets, communities = Q(level__in=STREET_LEVELS), Q(level__in=COMMUNITY_LEVELS)
    return (
        federation.objects.filter(subtree_q("", root))
        .filter(_alive("", as_of))
        .aggregate(
            streets=Count("id", filter=streets),
            streets_done=Count("id", filter=streets & done),
            communities=Count("id", filter=communities),
            communities_done=Count("id", filter=communities & done),
        )
    )


def member_unit_counts(root, as_of):
    unit = sources.member_unit()
    if unit is None:
        return {"units": 0, "party_units": 0}
    current = Q(joined_on__lte=as_of) & (Q(left_on__isnull=True) | Q(left_on__gt=as_of))
    return (
        unit.objects.filter(subtree_q("federation", root))
        .filter(current)
        .aggregate(units=Count("id"), party_units=Count("id", filter=Q(is_party_building_member=True)))
    )


def profile_counts(root, as_of):
    post = sources.post()
    if post is None:
        return {"posts": 0, "public": 0}
    sitting = Q(term_start__lte=as_of) & (Q(ended_on__isnull=True) | Q(ended_on__gt=as_of))
    shown = Q(person__public_profile=True) & ~Q(person__photo="") & ~Q(person__phone="")
    return (
        post.objects.filter(subtree_q("federation", root), position__in=sources.EXECUTIVE_POSITIONS)
        .filter(sitting)
        .aggregate(posts=Count("id"), public=Count("id", filter=shown))
    )


def consultation_counts(root, period, within_days):
    request = sources.consultation()
    if request is None:
        return {"logged": 0, "decided": 0, "in_time": 0}
    deadline = ExpressionWrapper(F("received_on") + datetime.timedelta(days=within_days), output_field=DateField())
    overdue_before = period.as_of - datetime.timedelta(days=within_days)
    return request.objects.filter(
        subtree_q("federation", root), received_on__gte=period.start, received_on__lte=period.end
    ).aggregate(
        logged=Count("id"),
        decided=Count("id", filter=Q(answered_on__isnull=False) | Q(received_on__lt=overdue_before)),
        in_time=Count("id", filter=Q(answered_on__isnull=False, answered_on__lte=deadline)),
    )


def active_community_count(root, period, min_per_month):
    threshold = min_per_month * period.month_count
    return (
        MonthlyStat.objects.filter(
            subtree_q("federation", root),
            month__gte=period.first_month,
            month__lte=period.last_month,
            federation__level__in=COMMUNITY_LEVELS,
        )
        .filter(_alive("federation__", period.as_of))
        .values("federation_id")
        .annotate(total=Sum("activities"))
        .filter(total__gte=threshold)
        .count()
    )


def home_count(root, as_of):
    venue = sources.venue()
    if venue is None:
        return 0
    opened = Q(opened_on__isnull=True) | Q(opened_on__lte=as_of)
    return venue.objects.filter(subtree_q("federation", root), kind=sources.WOMENS_HOME).filter(opened).count()


# --- the indicators -----------------------------------------------------------------------------------


def measure(key, numerator, denominator):
    return {"key": key, "numerator": numerator, "denominator": denominator}


def raw_measures(root, period, settings):
    """{indicator: [measure, ...]} from the data (a fixed number of queries)."""
    as_of = period.as_of
    totals = rollups.subtree_totals(root, period.first_month, period.last_month)
    feds = federation_counts(root, as_of)
    units = member_unit_counts(root, as_of)
    profiles = profile_counts(root, as_of)
    within = param(settings[Indicator.PRECISION].params, SPECS[Indicator.PRECISION], "answer_within_days")
    consultations = consultation_counts(root, period, within)
    per_month = param(settings[Indicator.COHESION].params, SPECS[Indicator.COHESION], "min_activities_per_month")
    active = active_community_count(root, period, per_month)
    homes = home_count(root, as_of)
    return {
        Indicator.COVERAGE: [
            measure("streets", feds["streets_done"], feds["streets"]),
            measure("communities", feds["communities_done"], feds["communities"]),
            measure("member_units", units["party_units"], units["units"]),
        ],
        Indicator.IDENTITY: [
            measure("survey", totals["name_yes"], totals["name_asked"]),
            measure("profiles", profiles["public"], profiles["posts"]),
        ],
        Indicator.COHESION: [
            measure("active_communities", active, feds["communities"]),
            measure("activities_per_home", totals["activities"], homes * period.month_count),
        ],
        Indicator.PRECISION: [measure("consultations", consultations["in_time"], consultations["decided"])],
        Indicator.SATISFACTION: [
            measure("survey", totals["sat_satisfied"] + totals["sat_basic"], totals["sat_respondents"]),
            measure("duty_ratings", totals["rating_satisfied"] + totals["rating_basic"], totals["ratings"]),
        ],
    }, totals


def assemble(code, measures, setting):
    spec = SPECS[code]
    counted = counted_components(spec, setting.params)
    labels = {c.key: c for c in spec.components}
    components = []
    numerator = denominator = 0
    for item in measures:
        component = labels[item["key"]]
        is_counted = component.key in counted and component.share
        if is_counted:
            numerator += item["numerator"]
            denominator += item["denominator"]
        components.append(
            {
                **item,
                "label": str(component.label),
                "value": ratio(item["numerator"], item["denominator"]),
                "counted": is_counted,
                "unit": "ratio" if component.share else "rate",
            }
        )
    value = ratio(numerator, denominator)
    target = setting.target
    return {
        "code": code,
        "label": str(Indicator(code).label),
        "value": value,
        "numerator": numerator,
        "denominator": denominator,
        "target": target,
        "meets_target": None if value is None else value >= target,
        "weight": setting.weight,
        "enabled": setting.enabled,
        "note": str(spec.note),
        "components": components,
    }


def score(indicators):
    """The weighted score out of 100: each enabled indicator's value against its target, capped at 1."""
    weighted = [
        (item["weight"], min(item["value"] / item["target"], 1.0) if item["target"] else 1.0)
        for item in indicators
        if item["enabled"] and item["value"] is not None
    ]
    total = sum(weight for weight, _part in weighted)
    return round(100 * sum(weight * part for weight, part in weighted) / total, 1) if total else None


def compute(root, period, settings=None):
    """The five indicators for ``root``'s subtree over ``period``: value, numerator, denominator, target and
    whether it is met, with the components behind each."""
    settings = settings or load_settings()
    measures, totals = raw_measures(root, period, settings)
    indicators = [assemble(code, measures[code], settings[code]) for code in SPECS]
    return {
        "federation": {"id": root.pk, "name": root.name, "level": root.level},
        "period": period.as_dict(),
        "score": score(indicators),
        "indicators": indicators,
        "totals": totals,
    }
