"""Activities per federation (``ActivityCount``), a kept total (``core.counters``): on create a federation's
counter goes up by one, on delete down by one, and a move to another federation does both, in the
activity's own transaction. Bulk loaders call ``rebuild()`` afterwards (the seed's writer does); the nightly
reconciliation finds what ``QuerySet.update()`` or ``bulk_create`` left wrong.

``subtree_total()`` answers the activity list's count when no filter narrows it (the API's pagination asks
the view for a known count first).
"""

from django.db.models import Sum

from core import counters
from core.scope import subtree_q

from .models import ActivityCount

PER_FEDERATION = counters.KeptTotal(
    name="activities.per_federation",
    source="activities.Activity",
    table="activities.ActivityCount",
    keys={"federation": "federation_id"},
    values={"activities": counters.rows()},
)


def connect():
    counters.register(PER_FEDERATION)


def rebuild():
    """Recount every federation from the activities (one INSERT … SELECT … GROUP BY). Returns the number of
    federations."""
    counters.rebuild(PER_FEDERATION)
    return ActivityCount.objects.count()


def subtree_total_of(root=None):
    """How many activities ``root``'s subtree holds (every tree's with None): one SUM over the counters."""
    counts = (
        ActivityCount.objects.all() if root is None else ActivityCount.objects.filter(subtree_q("federation", root))
    )
    return counts.aggregate(total=Sum("activities"))["total"] or 0


def subtree_total(user):
    """How many activities ``user`` sees (the list's unfiltered count), or None when her scope is not a
    subtree the counters answer for."""
    if user.is_superuser:
        return subtree_total_of(None)
    root = getattr(user, "view_root", None)
    return None if root is None else subtree_total_of(root)
