"""The federation tree's manager: mptt's tree queries and the scope restriction in one (NetBox utilities/mptt.py)."""

from mptt.managers import TreeManager
from mptt.querysets import TreeQuerySet

from core.scope import ScopedQuerySet


class FederationQuerySet(TreeQuerySet, ScopedQuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)

    def with_counts(self):
        """``member_unit_count`` (current members) and ``women_organization_count`` per row, as two
        subqueries of the same query (mptt ``add_related_count``, NetBox dcim/api/views.py)."""
        from .models import MemberUnit, WomenOrganization

        manager = self.model._tree_manager
        queryset = manager.add_related_count(
            self, MemberUnit, "federation", "member_unit_count", extra_filters={"left_on__isnull": True}
        )
        return manager.add_related_count(queryset, WomenOrganization, "federation", "women_organization_count")


class FederationManager(TreeManager.from_queryset(FederationQuerySet)):
    pass
