"""Domain operations of the venues pillar: designating demonstration homes, the communities a venue
serves, the activities held there, the consultation precision measure, and the gap list."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from core.gaps import Gap
from core.scope import subtree_q
from organizations.choices import COMMUNITY_LEVELS
from organizations.models import Federation

from .models import ClusterMembership, ConsultationRequest, Venue, VenueCluster

# Days within which a rights consultation counts as answered in time (configurable: not a rule of the seed).
DEFAULT_CONSULTATION_DUE_DAYS = 7


def consultation_due_days() -> int:
    return getattr(settings, "VENUES_CONSULTATION_DUE_DAYS", DEFAULT_CONSULTATION_DUE_DAYS)


@transaction.atomic
def designate_demonstration(
    cluster: VenueCluster, venue: Venue, designated_on: date | None = None
) -> ClusterMembership:
    """Make ``venue`` the demonstration home of ``cluster`` (adding it to the cluster if needed), in one
    transaction: the cluster row is locked so two designations of the same cluster run one after the
    other, and the unique constraint still guards anything that bypasses this function."""
    VenueCluster.objects.select_for_update().filter(pk=cluster.pk).first()
    membership = ClusterMembership.objects.filter(venue=venue).first()
    if membership is None:
        membership = ClusterMembership(cluster=cluster, venue=venue)
    elif membership.cluster_id != cluster.pk:
        raise ValidationError({"venue": _("该妇女之家已编入其他片区，一个妇女之家只能属于一个片区。")})
    membership.is_demonstration = True
    membership.designated_on = designated_on or membership.designated_on
    membership.clean()
    for previous in ClusterMembership.objects.filter(cluster=cluster, is_demonstration=True).exclude(venue=venue):
        previous.is_demonstration = False
        previous.save(update_fields=["is_demonstration", "updated_at"])  # saved, so its history shows it
    membership.full_clean()
    membership.save()
    return membership


def membership_of(venue: Venue) -> ClusterMembership | None:
    return ClusterMembership.objects.select_related("cluster__district").filter(venue=venue).first()


def served_communities(venue: Venue) -> QuerySet[Federation]:
    """The communities (villages) a venue serves: for a demonstration home every community of its cluster
    (it is open to every woman there), otherwise the federation that runs it."""
    membership = membership_of(venue)
    if membership is not None and membership.is_demonstration:
        return Federation.objects.filter(
            venues__cluster_memberships__cluster_id=membership.cluster_id, level__in=COMMUNITY_LEVELS
        ).order_by("lft")
    return Federation.objects.filter(pk=venue.federation_id)


# --- what was held at a venue: filled in by activities (above venues), read here -------------------------

HeldAt = Callable[[Venue, int], Sequence[Any]]
_held_at: list[HeldAt] = []


def register_held_at(provider: HeldAt) -> None:
    """``provider(venue, limit)``: the latest records held at ``venue``, newest first. The activities app
    registers its activities in ``AppConfig.ready()`` (venues lies below activities and imports nothing of
    it); like ``core.gaps``, registering the same provider twice keeps one."""
    if provider not in _held_at:
        _held_at.append(provider)


def activities_at(venue: Venue, limit: int = 20) -> list[Any]:
    """The latest activities held at ``venue`` (every registered provider's, at most ``limit`` each)."""
    held: list[Any] = []
    for provider in _held_at:
        held.extend(provider(venue, limit))
    return held


def consultation_precision(root: Federation, start: date, end: date, due_days: int | None = None) -> dict[str, Any]:
    """精准度 input: rights-consultation needs answered in time ÷ needs logged, for requests received in
    [start, end] by federations in ``root``'s subtree. One query, whatever the subtree's size."""
    due = timedelta(days=due_days if due_days is not None else consultation_due_days())
    in_time = Q(answered_on__isnull=False, answered_on__lte=F("received_on") + due)
    totals = ConsultationRequest.objects.filter(
        subtree_q("federation", root), received_on__gte=start, received_on__lte=end
    ).aggregate(
        logged=Count("id"),
        answered=Count("id", filter=Q(answered_on__isnull=False)),
        in_time=Count("id", filter=in_time),
    )
    logged = totals["logged"]
    return {
        "logged": logged,
        "answered": totals["answered"],
        "answered_in_time": totals["in_time"],
        "due_days": due.days,
        "ratio": (totals["in_time"] / logged) if logged else None,
    }


def gaps(root: Federation, as_of: date) -> list[Gap]:
    """The venues pillar's gaps under ``root`` as of ``as_of``, in two queries. (A demonstration home that
    brought in no social organisation is reported by activities/, where the link lives.)"""
    found: list[Gap] = []
    clusters = (
        VenueCluster.objects.in_subtree(root)
        .select_related("district")
        .annotate(
            demonstration_count=Count(
                "memberships",
                filter=Q(memberships__is_demonstration=True)
                & (Q(memberships__designated_on__isnull=True) | Q(memberships__designated_on__lte=as_of)),
            )
        )
        .filter(demonstration_count=0)
    )
    for cluster in clusters:
        found.append(
            Gap(
                rule="cluster_has_demonstration_home",
                rule_label=_("每个片区必须有一个市级示范妇女之家"),
                federation_id=cluster.district_id,
                federation_name=cluster.district.name,
                missing=_("片区“%(name)s”没有市级示范妇女之家") % {"name": cluster.name},
                pillar="venues",
                fix_url=reverse("venues:cluster", args=[cluster.pk]),
                extra={"cluster_id": cluster.pk},
            )
        )
    demonstrations = ClusterMembership.objects.filter(subtree_q("venue__federation", root), is_demonstration=True)
    unregionalised = demonstrations.filter(
        Q(venue__federation__regionalized_on__isnull=True) | Q(venue__federation__regionalized_on__gt=as_of)
    ).select_related("venue__federation", "cluster")
    for membership in unregionalised:
        federation = membership.venue.federation
        found.append(
            Gap(
                rule="demonstration_home_community_regionalized",
                rule_label=_("市级示范妇女之家所在社区（村）须建立区域化妇联组织"),
                federation_id=federation.pk,
                federation_name=federation.name,
                missing=_("“%(venue)s”所在的%(community)s尚未完成区域化建设")
                % {"venue": membership.venue.name, "community": federation.name},
                pillar="venues",
                fix_url=reverse("venues:venue", args=[membership.venue_id]),
                extra={"venue_id": membership.venue_id, "cluster_id": membership.cluster_id},
            )
        )
    found.extend(reach_gaps(root))
    return found


def reach_gaps(root: Federation) -> list[Gap]:
    """Communities whose centre lies beyond ``VENUE_REACH_KM`` of every home of their cluster (one query)."""
    from .reach import out_of_reach, reach_m

    limit_km = f"{reach_m() / 1000:g}"
    found = []
    for centre in out_of_reach(root):
        community = centre.federation
        found.append(
            Gap(
                rule="community_within_reach_of_home",
                rule_label=_("社区（村）须在片区妇女之家 %(km)s 公里服务半径内") % {"km": limit_km},
                federation_id=community.pk,
                federation_name=community.name,
                missing=_("距最近的片区妇女之家 %(distance)s 公里，超出 %(km)s 公里")
                % {"distance": f"{centre.nearest_m / 1000:.1f}", "km": limit_km},
                pillar="venues",
                fix_url=reverse("admin:venues_communitycentre_change", args=[centre.pk]),
                extra={"distance_m": round(centre.nearest_m), "centre_id": centre.pk},
            )
        )
    return found
