"""Domain operations on activities: derived fields, counting once per ancestor, monthly summaries, the
statistics the evaluations app reads. Every function answers in a fixed number of queries."""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from core.scope import subtree_q
from organizations.models import Federation

from .choices import ReachVia
from .models import Activity, ActivityReach, CoOrganizer

TZ = ZoneInfo(settings.TIME_ZONE)


# --- derived fields -----------------------------------------------------------------------------


def reach_for(activity_id, start, owner_id, co_organizer_federation_ids, radiated_ids):
    """The reach rows of one activity: the owner, federation co-organisers, radiated communities (once each)."""
    rows, seen = [], set()
    for via, ids in (
        (ReachVia.OWNER, [owner_id]),
        (ReachVia.CO_ORGANIZER, co_organizer_federation_ids),
        (ReachVia.RADIATED, radiated_ids),
    ):
        for federation_id in ids:
            if federation_id is not None and federation_id not in seen:
                seen.add(federation_id)
                rows.append(ActivityReach(activity_id=activity_id, federation_id=federation_id, start=start, via=via))
    return rows


def is_cross_sector(sectors):
    """跨界混搭: co-organisers from two or more sectors."""
    return len({sector for sector in sectors if sector}) >= 2


@transaction.atomic
def refresh_derived(activity):
    """Recompute the cross-sector flag and the reach rows after an activity or its co-organisers changed."""
    co_organizers = list(CoOrganizer.objects.filter(activity=activity).values_list("sector", "federation_id"))
    radiated = list(activity.radiated_to.values_list("id", flat=True))
    cross = is_cross_sector(sector for sector, _fed in co_organizers)
    if cross != activity.is_cross_sector:
        activity.is_cross_sector = cross
        Activity.objects.filter(pk=activity.pk).update(is_cross_sector=cross)
    ActivityReach.objects.filter(activity=activity).delete()
    ActivityReach.objects.bulk_create(
        reach_for(activity.pk, activity.start, activity.federation_id, [fed for _s, fed in co_organizers], radiated)
    )


# --- counting -----------------------------------------------------------------------------------


def reached_ids(root, start, end):
    """Ids of the activities in [start, end) that reached ``root``'s subtree (a subquery, not a list)."""
    return ActivityReach.objects.filter(subtree_q("federation", root), start__gte=start, start__lt=end).values(
        "activity_id"
    )


def summary(root, start, end):
    """Count, participants, women, cross-sector count and a breakdown by kind of the activities that reached
    ``root``'s subtree in [start, end). Each activity counts once however many of its co-organisers lie in
    the subtree. Two queries at any subtree size."""
    activities = Activity.objects.filter(pk__in=reached_ids(root, start, end)).order_by()
    aggregates = {
        "count": Count("id"),
        "participants": Coalesce(Sum("participants"), 0),
        "women_participants": Coalesce(Sum("women_participants"), 0),
        "cross_sector_count": Count("id", filter=Q(is_cross_sector=True)),
    }
    totals = activities.aggregate(**aggregates)
    by_kind = list(
        activities.values("kind_id", "kind__code", "kind__name", "kind__order")
        .annotate(**aggregates)
        .order_by("kind__order", "kind__code")
    )
    totals["by_kind"] = [
        {
            "kind": row["kind_id"],
            "code": row["kind__code"],
            "name": row["kind__name"],
            **{key: row[key] for key in aggregates},
        }
        for row in by_kind
    ]
    return totals


def _reached_by_outer(start, end):
    """Activity ids in [start, end) reaching the subtree of the federation of the enclosing query."""
    return ActivityReach.objects.filter(
        federation__tree_id=OuterRef(OuterRef("tree_id")),
        federation__lft__gte=OuterRef(OuterRef("lft")),
        federation__lft__lte=OuterRef(OuterRef("rght")),
        start__gte=start,
        start__lt=end,
    ).values("activity_id")


def _activity_aggregate(start, end, expression):
    rows = (
        Activity.objects.filter(pk__in=_reached_by_outer(start, end))
        .order_by()
        .annotate(group=Value(1, output_field=IntegerField()))
        .values("group")
        .annotate(value=expression)
        .values("value")
    )
    return Coalesce(Subquery(rows[:1], output_field=IntegerField()), 0)


def with_activity_stats(federations, start, end):
    """Annotate a Federation queryset with ``activity_count``, ``participant_total`` and ``women_total``:
    the activities in [start, end) that reached each federation's subtree, each counted once. One query,
    whatever the number of federations (for the evaluations app: activities per home, cohesion)."""
    return federations.annotate(
        activity_count=_activity_aggregate(start, end, Count("id")),
        participant_total=_activity_aggregate(start, end, Sum("participants")),
        women_total=_activity_aggregate(start, end, Sum("women_participants")),
    )


def activity_stats(root, start, end):
    """{count, participants, women_participants} for one subtree and period (one query). Participants are
    head counts per activity: the same woman at two activities is counted twice."""
    row = summary(root, start, end)
    return {key: row[key] for key in ("count", "participants", "women_participants", "cross_sector_count")}


def communities_without_activity(root, start, end):
    """Communities and villages under ``root`` (archived ones aside) that logged no activity in [start, end)."""
    from organizations.choices import COMMUNITY_LEVELS

    logged = Activity.objects.filter(
        federation__tree_id=OuterRef("tree_id"),
        federation__lft__gte=OuterRef("lft"),
        federation__lft__lte=OuterRef("rght"),
        start__gte=start,
        start__lt=end,
    )
    return (
        Federation.objects.filter(subtree_q("", root), level__in=COMMUNITY_LEVELS, archived_at__isnull=True)
        .filter(~Exists(logged))
        .order_by("tree_id", "lft")
    )
