"""Reach (服务半径): a community (village) whose centre lies farther than ``VENUE_REACH_KM`` (default 1.5 km,
about a 15-minute walk) from every Women's Home of its cluster is a gap.

- A community's centre is its ``CommunityCentre`` (venues); a community without one is not measured.
- "Its cluster": every cluster holding a home of the community's street (a home of a community of the same
  street federation), so the demonstration home of a cluster that reaches across a street line counts too.
  A community whose street has no clustered home has no cluster to be measured against (the gap list has
  other rules for homes and clusters) and is left out.
- Computed in the database, one query: a bounding box on the indexed coordinates first, then the haversine
  (Django's math functions, which SQLite gets from Django itself and PostgreSQL has built in).
"""

from __future__ import annotations

import math

from django.conf import settings
from django.db.models import CharField, Exists, F, FloatField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import ASin, Cast, Cos, Degrees, Power, Radians, Sin, Sqrt

from core.scope import subtree_q

from .geo import EARTH_RADIUS_M
from .models import CommunityCentre, Venue

DEFAULT_REACH_KM = 1.5


def reach_m() -> float:
    return float(getattr(settings, "VENUE_REACH_KM", DEFAULT_REACH_KM)) * 1000


def _float(expression):
    return Cast(expression, FloatField())


def haversine(lng1, lat1, lng2, lat2):
    """Great-circle metres between two points given as expressions (fields, ``OuterRef``s), in SQL."""
    phi1, phi2 = Radians(_float(lat1)), Radians(_float(lat2))
    half_dphi = (phi2 - phi1) / Value(2.0)
    half_dlambda = (Radians(_float(lng2)) - Radians(_float(lng1))) / Value(2.0)
    a = Power(Sin(half_dphi), 2) + Cos(phi1) * Cos(phi2) * Power(Sin(half_dlambda), 2)
    return Value(2.0 * EARTH_RADIUS_M) * ASin(Sqrt(a), output_field=FloatField())


def cluster_homes_of(centre_ref: str = "federation__parent_id") -> QuerySet[Venue]:
    """The unarchived Women's Homes of every cluster that holds a home of the outer community's street.

    The rows to start from are the street's homes, found through the tree (a handful). Without statistics
    SQLite's planner prefers any index on a condition of the home itself (``archived_at IS NULL``,
    ``latitude IS NOT NULL``, the box) and then joins every home to every centre: 10 s instead of 50 ms on
    the demo data. So such conditions are written on cast values, which no index serves."""
    return Venue.objects.alias(archived=Cast("archived_at", CharField())).filter(
        archived__isnull=True,
        cluster_memberships__cluster__memberships__venue__federation__parent_id=OuterRef(centre_ref),
    )


def out_of_reach(root, radius_m: float | None = None) -> QuerySet[CommunityCentre]:
    """Centres in ``root``'s subtree with no home of their cluster within ``radius_m``, annotated with
    ``nearest_m`` (metres to the nearest home of the cluster); one query. (Not the nearest home's id: SQLite
    refuses an outer column in a scalar subquery's ORDER BY unless it is the selected column.)"""
    radius = reach_m() if radius_m is None else radius_m
    homes = cluster_homes_of()
    dlat = math.degrees(radius / EARTH_RADIUS_M)
    # the box's half-width in longitude grows as 1/cos(latitude) of the centre
    dlng = Degrees(Value(radius / EARTH_RADIUS_M) / Cos(Radians(_float(OuterRef("latitude")))))
    distance = haversine(OuterRef("longitude"), OuterRef("latitude"), F("longitude"), F("latitude"))
    # The box is compared on the cast coordinates (see cluster_homes_of): it spares the trigonometry.
    within = (
        homes.alias(lat=_float("latitude"), lng=_float("longitude"))
        .filter(
            lat__gte=_float(OuterRef("latitude")) - Value(dlat),
            lat__lte=_float(OuterRef("latitude")) + Value(dlat),
            lng__gte=_float(OuterRef("longitude")) - dlng,
            lng__lte=_float(OuterRef("longitude")) + dlng,
        )
        .annotate(distance=distance)
        .filter(distance__lte=radius)
    )
    nearest = homes.annotate(distance=distance).filter(distance__isnull=False).order_by("distance")
    return (
        CommunityCentre.objects.filter(subtree_q("federation", root))
        .filter(Exists(homes), ~Exists(within))
        .annotate(
            nearest_m=Subquery(nearest.values("distance")[:1], output_field=FloatField()),
        )
        .select_related("federation")
        .order_by("federation__lft")
    )
