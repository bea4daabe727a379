"""The data behind the venues map and the dashboard's map panel: Wuhan's districts with their coverage
(communities and villages running a Women's Home), the located homes (demonstration homes marked, each with its
cluster) and each cluster's outline (the convex hull of its homes), all within what the user sees and, for the
dashboard, within the federation it shows. Two queries whatever the city's size."""

from __future__ import annotations

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Exists, F, Func, OuterRef, Subquery

from core.scope import subtree_q
from organizations.choices import COMMUNITY_LEVELS, DISTRICT_LEVELS
from organizations.models import Federation

from . import geo
from .choices import VenueKind
from .models import ClusterMembership, Venue


class UnicodeJSONEncoder(DjangoJSONEncoder):
    """JSON with Chinese as UTF-8 rather than ``\\uXXXX`` escapes: a home's name then weighs 3 bytes a
    character instead of 6, a third of the map's data at the city scale (1,288 names)."""

    def __init__(self, *args, **kwargs):
        kwargs["ensure_ascii"] = False
        super().__init__(*args, **kwargs)


def _districts(user, root: Federation | None) -> list[dict]:
    in_district = Federation.objects.filter(
        tree_id=OuterRef("tree_id"),
        lft__gt=OuterRef("lft"),
        rght__lt=OuterRef("rght"),
        level__in=COMMUNITY_LEVELS,
        archived_at__isnull=True,
    )
    with_home = in_district.filter(
        Exists(Venue.objects.filter(federation=OuterRef("pk"), kind=VenueKind.WOMENS_HOME, archived_at=None))
    )
    count = Func(F("pk"), function="COUNT")
    districts = Federation.objects.visible_to(user).filter(level__in=DISTRICT_LEVELS, archived_at__isnull=True)
    if root is not None:
        # the districts above, at or below the root: a street's panel shows its own district
        districts = districts.filter(tree_id=root.tree_id, lft__lte=root.rght, rght__gte=root.lft)
    districts = districts.annotate(
        communities=Subquery(in_district.order_by().annotate(n=count).values("n")[:1]),
        covered=Subquery(with_home.order_by().annotate(n=count).values("n")[:1]),
    ).order_by("lft")
    rows = []
    for district in districts:
        share = round(100 * district.covered / district.communities, 1) if district.communities else None
        rows.append(
            {
                "id": district.pk,
                "name": district.name.removesuffix("妇联"),
                "value": share,
                "communities": district.communities or 0,
                "covered": district.covered or 0,
            }
        )
    return rows


def map_data(user, root: Federation | None = None) -> dict:
    """``districts`` (id, name, coverage %), ``homes`` as ``[lng, lat, name, id, demonstration, cluster id]``
    and ``clusters`` as ``{"id", "outline": [[lng, lat], …]}`` (clusters with two or more located homes in
    view; the outline is drawn, not named, so the cluster's name would only weigh on the page)."""
    homes = Venue.objects.visible_to(user).filter(
        kind=VenueKind.WOMENS_HOME, archived_at__isnull=True, latitude__isnull=False
    )
    if root is not None:
        homes = homes.filter(subtree_q("federation", root))
    rows = (
        homes.annotate(
            demonstration=Exists(ClusterMembership.objects.filter(venue=OuterRef("pk"), is_demonstration=True)),
            cluster=F("cluster_memberships__cluster_id"),
        )
        .order_by("pk")
        .values_list("pk", "name", "longitude", "latitude", "demonstration", "cluster")
    )
    points: list[list] = []
    members: dict[int, list[tuple[float, float]]] = {}
    for pk, name, lng, lat, demonstration, cluster in rows:
        point = (float(lng), float(lat))
        points.append([*point, name, pk, demonstration, cluster])
        if cluster is not None:
            members.setdefault(cluster, []).append(point)
    clusters = [
        {"id": pk, "outline": [list(p) for p in geo.convex_hull(located)]}
        for pk, located in sorted(members.items())
        if len(set(located)) >= 2
    ]
    return {"districts": _districts(user, root), "homes": points, "clusters": clusters}
