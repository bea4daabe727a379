"""Querysets: clusters and memberships are edited by their district, but seen by anyone who sees one of
their homes, so a street sees the cluster its communities belong to."""

from django.apps import apps
from django.db.models import Exists, F, OuterRef, Q

from core.scope import ScopedManager, ScopedQuerySet, subtree_q


def _view_root(user):
    if user is None or not user.is_authenticated or not user.is_active or user.is_superuser:
        return None
    return getattr(user, "view_root", None)


class VenueQuerySet(ScopedQuerySet):
    def with_cluster(self):
        """Each venue's cluster and demonstration flag, by a join (a home is in one cluster at most)."""
        return self.annotate(
            cluster_ref=F("cluster_memberships__cluster_id"),
            cluster_name=F("cluster_memberships__cluster__name"),
            is_demonstration=F("cluster_memberships__is_demonstration"),
        )

    def demonstration_homes(self):
        return self.filter(cluster_memberships__is_demonstration=True)


class VenueClusterQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        root = _view_root(user)
        if root is None:
            return super().visible_to(user)
        membership = apps.get_model("venues", "ClusterMembership")
        has_home_in_view = membership.objects.filter(subtree_q("venue__federation", root), cluster=OuterRef("pk"))
        return self.filter(subtree_q("district", root) | Q(Exists(has_home_in_view)))

    def in_subtree(self, root):
        """Clusters of ``root``'s district(s), or with a home in ``root``'s subtree."""
        membership = apps.get_model("venues", "ClusterMembership")
        has_home = membership.objects.filter(subtree_q("venue__federation", root), cluster=OuterRef("pk"))
        return self.filter(subtree_q("district", root) | Q(Exists(has_home)))


class ClusterMembershipQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        root = _view_root(user)
        if root is None:
            return super().visible_to(user)
        return self.filter(subtree_q("cluster__district", root) | subtree_q("venue__federation", root))


class OnlineServiceQuerySet(ScopedQuerySet):
    def visible_to(self, user):
        """The services of the user's subtree and of the federations above her: a district sees the city's
        online Women's Home as well as its own services."""
        root = _view_root(user)
        if root is None:
            return super().visible_to(user)
        above = Q(federation__tree_id=root.tree_id, federation__lft__lt=root.lft, federation__rght__gt=root.rght)
        return self.filter(subtree_q("federation", root) | above)


VenueManager = ScopedManager.from_queryset(VenueQuerySet)
OnlineServiceManager = ScopedManager.from_queryset(OnlineServiceQuerySet)
VenueClusterManager = ScopedManager.from_queryset(VenueClusterQuerySet)
ClusterMembershipManager = ScopedManager.from_queryset(ClusterMembershipQuerySet)
