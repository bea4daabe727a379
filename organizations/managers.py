"""The federation tree's manager: mptt's tree queries and the scope restriction in one (NetBox utilities/mptt.py)."""

from mptt.managers import TreeManager
from mptt.querysets import TreeQuerySet

from wuhan_fulian.scope import ScopedQuerySet


class FederationQuerySet(TreeQuerySet, ScopedQuerySet):
    def active(self):
        return self.filter(archived_at__isnull=True)


class FederationManager(TreeManager.from_queryset(FederationQuerySet)):
    pass
