"""Scope: everyone sees and edits only their own part of the federation tree.

Every scoped model names the path from itself to the federation that owns it in ``scope_path``
("" for ``Federation`` itself, "federation" for most records, "activity__federation" for a row that
belongs to an activity). ``None`` marks city-wide configuration that every user may read and only the
city office may change. The filter is a range test on the owner's MPTT fields (one join, no subquery),
so it costs the same at any tree size.

This one queryset is used by the API base viewset, the admin, the web forms and the exports.
"""

from django.db import models
from django.db.models import Q


def subtree_q(path, root):
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}tree_id": root.tree_id, f"{prefix}lft__gte": root.lft, f"{prefix}rght__lte": root.rght})


class ScopedQuerySet(models.QuerySet):
    def _restrict(self, user, root):
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        path = getattr(self.model, "scope_path", "federation")
        if path is None:
            return self if root is not None or user.is_city_office else self.none()
        if root is None:
            return self.none()
        return self.filter(subtree_q(path, root))

    def visible_to(self, user):
        """Rows in the user's view subtree (wider than the edit subtree for viewers and the city office)."""
        return self._restrict(user, getattr(user, "view_root", None))

    def editable_by(self, user):
        """Rows in the user's edit subtree; none for a viewer. City-wide config: the city office only."""
        if getattr(self.model, "scope_path", "federation") is None and not (
            getattr(user, "is_superuser", False) or getattr(user, "is_city_office", False)
        ):
            return self.none()
        return self._restrict(user, getattr(user, "edit_root", None))

    def restrict(self, user, action="view"):
        return self.visible_to(user) if action == "view" else self.editable_by(user)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def is_editable(user, obj):
    """Whether ``user`` may change ``obj`` as it is stored now (one query)."""
    manager = type(obj)._default_manager
    return manager.editable_by(user).filter(pk=obj.pk).exists()


def is_visible(user, obj):
    manager = type(obj)._default_manager
    return manager.visible_to(user).filter(pk=obj.pk).exists()


def federation_in(root, federation):
    """Whether ``federation`` lies in ``root``'s subtree, from the loaded MPTT fields (no query)."""
    return (
        root is not None
        and federation is not None
        and federation.tree_id == root.tree_id
        and root.lft <= federation.lft
        and federation.rght <= root.rght
    )
