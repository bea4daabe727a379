"""What is near a point (the public directory's "near me"): the nearest Women's Homes and community centres,
found in the database as the reach gap finds its homes (``venues.reach``): a bounding box on the indexed
coordinates first, then the haversine, nearest first. One query each, whatever the city's size.

The point arrives in a query string and leaves with the answer: nothing here stores or logs it. It is rounded
to ``PRECISION`` decimals (≈100 m) before anything is computed, so one answer serves everyone in the same
100 m square (a browser's cache, an ETag) and the page never shows more precision than it used."""

from __future__ import annotations

import math
from dataclasses import dataclass

from django.db.models import F, QuerySet, Value

from . import geo
from .choices import VenueKind
from .models import CommunityCentre, Venue
from .reach import haversine

PRECISION = 3  # decimals of a degree kept from the visitor's position: ≈110 m north-south, ≈95 m east-west
RADIUS_M = 5_000.0  # how far "near" reaches: a short ride; beyond it the directory's district list serves better
HOME_LIMIT = 10
CENTRE_LIMIT = 5


class BadPoint(ValueError):
    """The query's point is missing a coordinate, not a number or out of range."""


@dataclass(frozen=True)
class Point:
    """A visitor's position in WGS84, rounded to ``PRECISION`` decimals."""

    lng: float
    lat: float


def parse_point(lng: str, lat: str, system: str = geo.WGS84) -> Point:
    """The WGS84 point of a query's ``lng``/``lat`` in ``system`` (a browser's position is WGS84 by the W3C
    Geolocation specification; a link from a consumer map may say ``gcj02``), rounded; ``BadPoint`` for
    anything else."""
    if system not in (geo.WGS84, geo.GCJ02):
        raise BadPoint(system)
    try:
        x, y = float(lng), float(lat)
    except (TypeError, ValueError) as exc:
        raise BadPoint(lng, lat) from exc
    if not (math.isfinite(x) and math.isfinite(y) and -180 <= x <= 180 and -90 <= y <= 90):
        raise BadPoint(lng, lat)
    x, y = geo.to_wgs84(x, y, system)
    return Point(round(x, PRECISION), round(y, PRECISION))


def _near(queryset: QuerySet, point: Point, radius_m: float) -> QuerySet:
    """``queryset``'s rows within ``radius_m`` of ``point``, annotated with ``distance`` (metres), nearest
    first. The box is compared on the raw columns so that the (latitude, longitude) index serves it."""
    min_lng, max_lng, min_lat, max_lat = geo.bounding_box(point.lng, point.lat, radius_m)
    min_lng_d, min_lat_d = geo.as_decimals(min_lng, min_lat)
    max_lng_d, max_lat_d = geo.as_decimals(max_lng, max_lat)
    return (
        queryset.filter(latitude__range=(min_lat_d, max_lat_d), longitude__range=(min_lng_d, max_lng_d))
        .annotate(distance=haversine(Value(point.lng), Value(point.lat), F("longitude"), F("latitude")))
        .filter(distance__lte=radius_m)
        .order_by("distance", "pk")
    )


def nearest_homes(point: Point, radius_m: float = RADIUS_M, limit: int = HOME_LIMIT) -> list[Venue]:
    """The open Women's Homes of live federations nearest to ``point``, each with ``distance``."""
    homes = Venue.objects.filter(
        kind=VenueKind.WOMENS_HOME, archived_at__isnull=True, federation__archived_at__isnull=True
    ).select_related("federation")
    return list(_near(homes, point, radius_m)[:limit])


def nearest_centres(point: Point, radius_m: float = RADIUS_M, limit: int = CENTRE_LIMIT) -> list[CommunityCentre]:
    """The communities (villages) of live federations whose centre is nearest to ``point``, each with
    ``distance`` and its street (``federation.parent``)."""
    centres = CommunityCentre.objects.filter(federation__archived_at__isnull=True).select_related(
        "federation", "federation__parent"
    )
    return list(_near(centres, point, radius_m)[:limit])
