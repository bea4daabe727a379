"""The five indicators for any federation's subtree and any period, in a fixed number of queries.

Flows (survey answers, duty-report ratings, activities) come from the kept subtree totals, the federation's
own row per month (the active communities from the per-federation summary); states (regionalisation,
sitting cadres, homes) and consultations are subqueries of one statement, each restricted to the subtree by
its MPTT range. Nothing loops over federations, so
the count of queries is the same for a community and for the whole city (see the tests).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeAlias

from django.db.models import DateField, ExpressionWrapper, F, Q, Sum
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from core import dates, freshness
from core.scope import default_root, visible_federation
from organizations.choices import COMMUNITY_LEVELS, STREET_LEVELS

from . import rollups, sources
from .api.serializers import PeriodQuerySerializer
from .choices import Indicator
from .indicators import SPECS, counted_components, param
from .models.indicators import COUNTERS, IndicatorSetting, MonthlyStat, SubtreeMonthlyStat
from .subqueries import Count, scalar, under

if TYPE_CHECKING:
    from django.db import models
    from django.db.models.expressions import Expression

    from core.scope import AnyUser

# One measure: {"key", "numerator", "denominator"} (``measure``).
Measure: TypeAlias = "dict[str, Any]"
# The indicator settings by code (``load_settings``).
Settings: TypeAlias = "Mapping[str, SettingView]"


@dataclass(frozen=True)
class Period:
    """Whole months: from the first day of ``start``'s month to the last day of ``end``'s month."""

    start: datetime.date
    end: datetime.date

    @classmethod
    def of(cls, date_from: datetime.date, date_to: datetime.date) -> Period:
        return cls(dates.month_start(date_from), dates.month_end(date_to))

    @classmethod
    def last_twelve_months(cls, today: datetime.date | None = None) -> Period:
        today = today or dates.today()
        return cls.of(dates.add_months(today, -11), today)

    @property
    def first_month(self) -> datetime.date:
        return self.start

    @property
    def last_month(self) -> datetime.date:
        return self.end.replace(day=1)

    @property
    def month_count(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    def months(self) -> Iterator[datetime.date]:
        return dates.months(self.start, self.end)

    @property
    def as_of(self) -> datetime.date:
        """States (regionalised, sitting) are read at the period's end, or today for a period still running."""
        return min(self.end, timezone.localdate())

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "as_of": self.as_of.isoformat(),
            "months": self.month_count,
        }


def report_scope(
    user: AnyUser, query: Mapping[str, Any], lenient: bool = False
) -> tuple[models.Model, Period, dict[str, Any] | None]:
    """``(root, period, errors)`` of a report asked for with ``?federation=&from=&to=`` (the dashboard page,
    its export and the indicator endpoints read this one function). The federation: her view root by
    default, 404 out of her view. Bad parameters: a DRF 400, or with ``lenient`` (a page) the default
    federation and the last twelve months with the errors to show."""
    params = PeriodQuerySerializer(data=query)
    if not params.is_valid():
        if not lenient:
            raise ValidationError(params.errors)
        return default_root(user), Period.last_twelve_months(), params.errors
    data = params.validated_data
    period = Period.of(data["from"], data["to"]) if data.get("from") else Period.last_twelve_months()
    return visible_federation(user, data.get("federation")), period, None


@dataclass(frozen=True)
class SettingView:
    code: str
    weight: float
    target: float
    enabled: bool
    params: dict[str, Any]


def load_settings() -> dict[str, SettingView]:
    """The city-wide settings (one query), the built-in defaults standing in for a missing row."""
    stored = {row.indicator: row for row in IndicatorSetting.objects.all()}
    result: dict[str, SettingView] = {}
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


def ratio(numerator: float, denominator: float) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def _alive(prefix: str, as_of: datetime.date) -> Q:
    """Federations not archived by ``as_of``."""
    end = timezone.make_aware(datetime.datetime.combine(as_of, datetime.time.max))
    return Q(**{f"{prefix}archived_at__isnull": True}) | Q(**{f"{prefix}archived_at__gt": end})


# --- raw figures: one query each ---------------------------------------------------------------------


def state_annotations(period: Period, within_days: int, root: models.Model | None = None) -> dict[str, Expression]:
    """The states read at the period's end, each a subquery over the outer federation's subtree (over
    ``root``'s, its numbers written in, when given):
    regionalised streets and communities, member units, sitting committee members and their public
    profiles, Women's Homes; and the period's consultations. Other pillars' parts only once they exist."""
    as_of = period.as_of
    federation = sources.federation()
    alive = federation.objects.filter(_alive("", as_of))
    done = Q(regionalized_on__lte=as_of)
    count = Count(F("id"))
    annotations = {
        "streets": scalar(alive.filter(level__in=STREET_LEVELS), "", count, root=root),
        "streets_done": scalar(alive.filter(done, level__in=STREET_LEVELS), "", count, root=root),
        "communities": scalar(alive.filter(level__in=COMMUNITY_LEVELS), "", count, root=root),
        "communities_done": scalar(alive.filter(done, level__in=COMMUNITY_LEVELS), "", count, root=root),
    }
    unit = sources.member_unit()
    if unit is not None:
        current = unit.objects.filter(joined_on__lte=as_of).filter(Q(left_on__isnull=True) | Q(left_on__gt=as_of))
        annotations["units"] = scalar(current, "federation", count, root=root)
        annotations["party_units"] = scalar(
            current.filter(is_party_building_member=True), "federation", count, root=root
        )
    post = sources.post()
    if post is not None:
        sitting = post.objects.filter(position__in=sources.EXECUTIVE_POSITIONS, term_start__lte=as_of).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=as_of)
        )
        shown = Q(person__public_profile=True) & ~Q(person__photo="") & ~Q(person__phone="")
        annotations["posts"] = scalar(sitting, "federation", count, root=root)
        annotations["public"] = scalar(sitting.filter(shown), "federation", count, root=root)
    request = sources.consultation()
    if request is not None:
        logged = request.objects.filter(received_on__gte=period.start, received_on__lte=period.end)
        deadline = ExpressionWrapper(F("received_on") + datetime.timedelta(days=within_days), output_field=DateField())
        overdue_before = as_of - datetime.timedelta(days=within_days)
        annotations["logged"] = scalar(logged, "federation", count, root=root)
        annotations["decided"] = scalar(
            logged.filter(Q(answered_on__isnull=False) | Q(received_on__lt=overdue_before)),
            "federation",
            count,
            root=root,
        )
        annotations["in_time"] = scalar(
            logged.filter(answered_on__isnull=False, answered_on__lte=deadline), "federation", count, root=root
        )
    venue = sources.venue()
    if venue is not None:
        homes = venue.objects.filter(kind=sources.WOMENS_HOME).filter(
            Q(opened_on__isnull=True) | Q(opened_on__lte=as_of)
        )
        annotations["homes"] = scalar(homes, "federation", count, root=root)
    return annotations


STATE_KEYS = [
    "streets",
    "streets_done",
    "communities",
    "communities_done",
    "units",
    "party_units",
    "posts",
    "public",
    "logged",
    "decided",
    "in_time",
    "homes",
]


def state_counts(root: models.Model, period: Period, within_days: int) -> dict[str, int]:
    """All the states of ``root``'s subtree in one query, kept until the next write (core/freshness.py)."""

    def compute() -> dict[str, int]:
        annotations = state_annotations(period, within_days, root)
        row = (
            sources.federation()
            .objects.filter(pk=root.pk)
            .annotate(**{f"x_{name}": value for name, value in annotations.items()})
            .values(*[f"x_{name}" for name in annotations])
            .get()
        )
        return {name: row.get(f"x_{name}", 0) or 0 for name in STATE_KEYS}

    return freshness.cached("states", (root.pk, period, within_days), compute)


def answer_within(settings: Settings) -> int:
    """The precision indicator's answer window in days, as the settings say."""
    return param(settings[Indicator.PRECISION].params, SPECS[Indicator.PRECISION], "answer_within_days")


def root_state_annotations(
    root: models.Model, period: Period, settings: Settings, prefix: str = "s_"
) -> dict[str, Expression]:
    """``root``'s states as annotations any query over federations can carry: subqueries that do not depend
    on the outer row, so PostgreSQL computes them once whatever the number of rows (the dashboard reads
    them with its table's rows instead of in a query of their own). Read back with ``state_of``."""
    annotations = state_annotations(period, answer_within(settings), root)
    return {f"{prefix}{name}": value for name, value in annotations.items()}


def state_of(row: object, prefix: str = "s_") -> dict[str, int]:
    return {name: getattr(row, f"{prefix}{name}", 0) or 0 for name in STATE_KEYS}


def subtree_flows(root: models.Model, period: Period) -> list[dict[str, Any]]:
    """The kept subtree totals (``SubtreeMonthlyStat``) of ``root`` and of each of its children, one row per
    federation and month of the period (one query reading at most (children + 1) × months rows, whatever
    the size of the subtree): ``federation_id``, ``month`` and the counters. ``root``'s rows are its whole
    subtree's figures, a child's those of the child's subtree."""
    return list(
        SubtreeMonthlyStat.objects.filter(
            federation_id__in=sources.federation().objects.filter(Q(pk=root.pk) | Q(parent_id=root.pk)).values("pk"),
            month__gte=period.first_month,
            month__lte=period.last_month,
        )
        .values("federation_id", "month", *COUNTERS)
        .order_by()
    )


def _totals_of(flows: Iterable[Mapping[str, Any]], federation_id: Any) -> dict[str, int]:
    """One federation's subtree totals over the months of ``flows`` (from ``subtree_flows``)."""
    mine = [row for row in flows if row["federation_id"] == federation_id]
    return {name: sum(row[name] or 0 for row in mine) for name in COUNTERS}


def active_community_count(root: models.Model, period: Period, min_per_month: float) -> int:
    threshold = min_per_month * period.month_count
    return (
        MonthlyStat.objects.filter(
            under("federation", root),
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


# --- the indicators -----------------------------------------------------------------------------------


def measure(key: str, numerator: float, denominator: float) -> Measure:
    return {"key": key, "numerator": numerator, "denominator": denominator}


def raw_measures(
    root: models.Model,
    period: Period,
    settings: Settings,
    flows: list[dict[str, Any]] | None = None,
    state: dict[str, int] | None = None,
) -> tuple[dict[str, list[Measure]], dict[str, int]]:
    """{indicator: [measure, ...]} from the data (a fixed number of queries). With ``flows`` (from
    ``subtree_flows``) the totals come from them instead of a query; with ``state`` (from ``state_of``) the
    states are not read again."""
    if flows is None:
        totals = rollups.subtree_totals(root, period.first_month, period.last_month)
    else:
        totals = _totals_of(flows, root.pk)
    if state is None:
        state = state_counts(root, period, answer_within(settings))
    per_month = param(settings[Indicator.COHESION].params, SPECS[Indicator.COHESION], "min_activities_per_month")
    active = active_community_count(root, period, per_month)
    return {
        Indicator.COVERAGE: [
            measure("streets", state["streets_done"], state["streets"]),
            measure("communities", state["communities_done"], state["communities"]),
            measure("member_units", state["party_units"], state["units"]),
        ],
        Indicator.IDENTITY: [
            measure("survey", totals["name_yes"], totals["name_asked"]),
            measure("profiles", state["public"], state["posts"]),
        ],
        Indicator.COHESION: [
            measure("active_communities", active, state["communities"]),
            measure("activities_per_home", totals["activities"], state["homes"] * period.month_count),
        ],
        Indicator.PRECISION: [measure("consultations", state["in_time"], state["decided"])],
        Indicator.SATISFACTION: [
            measure("survey", totals["sat_satisfied"] + totals["sat_basic"], totals["sat_respondents"]),
            measure("duty_ratings", totals["rating_satisfied"] + totals["rating_basic"], totals["ratings"]),
        ],
    }, totals


def assemble(code: str, measures: Iterable[Measure], setting: SettingView) -> dict[str, Any]:
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


def score(indicators: Iterable[Mapping[str, Any]]) -> float | None:
    """The weighted score out of 100: each enabled indicator's value against its target, capped at 1."""
    weighted = [
        (item["weight"], min(item["value"] / item["target"], 1.0) if item["target"] else 1.0)
        for item in indicators
        if item["enabled"] and item["value"] is not None
    ]
    total = sum(weight for weight, _part in weighted)
    return round(100 * sum(weight * part for weight, part in weighted) / total, 1) if total else None


def compute(
    root: models.Model,
    period: Period,
    settings: Settings | None = None,
    flows: list[dict[str, Any]] | None = None,
    state: dict[str, int] | None = None,
) -> dict[str, Any]:
    """The five indicators for ``root``'s subtree over ``period``: value, numerator, denominator, target and
    whether it is met, with the components behind each."""
    settings = settings or load_settings()
    measures, totals = raw_measures(root, period, settings, flows, state)
    indicators = [assemble(code, measures[code], settings[code]) for code in SPECS]
    return {
        "federation": {"id": root.pk, "name": root.name, "level": root.level},
        "period": period.as_dict(),
        "score": score(indicators),
        "indicators": indicators,
        "totals": totals,
    }
