"""Scope: everyone sees and edits only their own part of the federation tree.

Every scoped model names the path from itself to the federation that owns it in ``scope_path``
("" for ``Federation`` itself, "federation" for most records, "activity__federation" for a row that
belongs to an activity). ``None`` marks city-wide configuration that every user may read and only the
city office may change. The filter is a range test on the owner's MPTT fields (one join, no subquery),
so it costs the same at any tree size.

This one queryset is used by the API base viewset, the admin, the web forms and the exports.

Three rules beyond the range test (issue 14):

- Linking never widens scope. ``linkable_by`` is what a user may pick in a foreign key or many-to-many
  field: rows of models marked ``link_scope = "edit"`` (people, whose phone and ID number a link would
  otherwise expose) only inside her edit subtree, everything else inside her view subtree. A row outside
  is refused with the same words as a missing id (the choice simply is not there).
- Out of scope is missing. Writes look a row up in the view subtree (404 outside it, as for a missing id)
  and answer 403 only for a row the user sees but may not change; filters choose only among visible rows;
  a message names another record's federation only when the acting user may view it (``visible_name``).
- Writes are checked on the tree as it is. Saving a federation renumbers lft/rght (MPTT orders siblings by
  name), so the numbers loaded with the user's roots at the start of the request may be stale after her
  own write. ``is_editable``/``is_visible`` therefore compare against the roots' numbers as stored now,
  read in the same statement (one query), and ``is_editable_after_write`` takes the tree lock first when
  the record is part of the tree.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any, TypeAlias

from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest

from core.locks import tree_lock
from core.messages import FEDERATION_NOT_VISIBLE
from core.naturalsort import has_sort_key, stored_key

if TYPE_CHECKING:
    from django.contrib.auth.base_user import AbstractBaseUser
    from django.contrib.auth.models import AnonymousUser
    from django_filters import FilterSet

# Who asks: a signed-in user (the project's ``accounts.User``, which core does not import: its
# ``view_root``/``edit_root``/``is_city_office`` are read with getattr or as plain attributes), Django's
# anonymous user, or nobody (a task, an import run from the shell).
AnyUser: TypeAlias = "AbstractBaseUser | AnonymousUser"

TREE_LOCK = "federation-tree"


def subtree_q(path: str, root: models.Model) -> Q:
    """The rows under ``root`` (itself included): ``lft`` between the root's ``lft`` and ``rght``, which in a
    nested set is the same as ``lft >= root.lft AND rght <= root.rght``. One range on one column is what
    PostgreSQL's histogram estimates well: the two ranges on two columns it took as independent, a quarter of
    the tree, and walked the city's activities by start date for a community chair's list of 20 (102 ms; by
    the one range it reads her 5 federations' rows: 0.4 ms)."""
    prefix = f"{path}__" if path else ""
    return Q(**{f"{prefix}tree_id": root.tree_id, f"{prefix}lft__gte": root.lft, f"{prefix}lft__lte": root.rght})


def subtree_ids(root: models.Model, limit: int) -> list[int] | None:
    """The ids of ``root``'s subtree (root included) when it holds at most ``limit`` nodes, else None (one
    query). A filter by this list is planned from the rows' own statistics on the foreign key: PostgreSQL
    takes the range of ``subtree_q`` for thousands of federations where a street has 180, and then walks a
    whole table."""
    ids = list(
        type(root)._default_manager.filter(subtree_q("", root)).order_by().values_list("pk", flat=True)[: limit + 1]
    )
    return ids if len(ids) <= limit else None


def current_subtree_q(path: str, root: models.Model) -> Q:
    """``subtree_q`` against ``root``'s lft/rght as stored now (a correlated EXISTS in the same statement),
    not the numbers loaded earlier: right even after this transaction has renumbered the tree."""
    prefix = f"{path}__" if path else ""
    current = type(root)._default_manager.filter(
        pk=root.pk,
        tree_id=OuterRef(f"{prefix}tree_id"),
        lft__lte=OuterRef(f"{prefix}lft"),
        rght__gte=OuterRef(f"{prefix}rght"),
    )
    return Q(Exists(current))


class ScopedQuerySet(models.QuerySet):
    def _restrict(self, user: AnyUser | None, root: models.Model | None, current: bool = False) -> ScopedQuerySet:
        if user is None or not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        path = getattr(self.model, "scope_path", "federation")
        if path is None:
            return self if root is not None or user.is_city_office else self.none()
        if root is None:
            return self.none()
        return self.filter(current_subtree_q(path, root) if current else subtree_q(path, root))

    def visible_to(self, user: AnyUser | None, current: bool = False) -> ScopedQuerySet:
        """Rows in the user's view subtree (wider than the edit subtree for viewers and the city office).
        ``current``: compare against the tree as stored now (after a write in this transaction)."""
        return self._restrict(user, getattr(user, "view_root", None), current)

    def editable_by(self, user: AnyUser | None, current: bool = False) -> ScopedQuerySet:
        """Rows in the user's edit subtree; none for a viewer. City-wide config: the city office only."""
        if getattr(self.model, "scope_path", "federation") is None and not (
            getattr(user, "is_superuser", False) or getattr(user, "is_city_office", False)
        ):
            return self.none()
        return self._restrict(user, getattr(user, "edit_root", None), current)

    def linkable_by(self, user: AnyUser | None) -> ScopedQuerySet:
        """Rows the user may pick in a foreign key or many-to-many field: the edit subtree for models marked
        ``link_scope = "edit"`` (a link must not widen who may unmask a person), else the view subtree."""
        if getattr(self.model, "link_scope", "view") == "edit":
            return self.editable_by(user)
        return self.visible_to(user)

    def restrict(self, user: AnyUser | None, action: str = "view") -> ScopedQuerySet:
        return self.visible_to(user) if action == "view" else self.editable_by(user)

    def bulk_create(self, objs: Iterable[models.Model], *args: Any, **kwargs: Any) -> list[models.Model]:
        """``bulk_create`` skips ``save()``: a model keeping its name's natural key (``sort_key``,
        core.models.NaturallyNamed) gets it here, so rows created in bulk sort like saved ones."""
        objs = list(objs)
        if has_sort_key(self.model):
            for obj in objs:
                obj.sort_key = stored_key(obj.name)
        return super().bulk_create(objs, *args, **kwargs)


ScopedManager = models.Manager.from_queryset(ScopedQuerySet)


def addressed_to(queryset: models.QuerySet, user: AnyUser | None, path: str = "recipient") -> models.QuerySet:
    """Personal rows (an inbox's messages): only those addressed to ``user`` herself, whatever her role or
    tree (a superuser too); none for an anonymous visitor. Another person's row is then missing (404)."""
    if user is None or not user.is_authenticated:
        return queryset.none()
    return queryset.filter(**{f"{path}_id": user.pk})


def is_editable(user: AnyUser | None, obj: models.Model) -> bool:
    """Whether ``user`` may change ``obj`` as it is stored now, against the tree as stored now (one query)."""
    manager = type(obj)._default_manager
    return manager.editable_by(user, current=True).filter(pk=obj.pk).exists()


def is_visible(user: AnyUser | None, obj: models.Model) -> bool:
    """Whether ``user`` may view ``obj`` (a read: no write of hers has renumbered the tree since her roots
    were loaded)."""
    manager = type(obj)._default_manager
    return manager.visible_to(user).filter(pk=obj.pk).exists()


def is_editable_after_write(user: AnyUser | None, obj: models.Model) -> bool:
    """``is_editable`` for the check after a save, inside its transaction. A tree record (a federation)
    is checked under the tree lock its save took, so no other writer renumbers the tree in between; for
    any other record the one statement of ``is_editable`` reads a consistent tree."""
    if getattr(type(obj), "_mptt_meta", None) is not None:
        with tree_lock(TREE_LOCK):
            return is_editable(user, obj)
    return is_editable(user, obj)


def federation_in(root: models.Model | None, federation: models.Model | None) -> bool:
    """Whether ``federation`` lies in ``root``'s subtree, from the loaded MPTT fields (no query)."""
    return (
        root is not None
        and federation is not None
        and federation.tree_id == root.tree_id
        and root.lft <= federation.lft
        and federation.rght <= root.rght
    )


# --- who is acting: messages name other records' federations only when she may view them ---------------

_acting_user: ContextVar[AnyUser | None] = ContextVar("acting_user", default=None)


@contextmanager
def acting_as(user: AnyUser | None) -> Iterator[AnyUser | None]:
    """Run model validation on behalf of ``user`` outside a request (imports, tasks, tests)."""
    token = _acting_user.set(user)
    try:
        yield user
    finally:
        _acting_user.reset(token)


def acting_user() -> AnyUser | None:
    """The user a model's ``clean()`` runs for: ``acting_as``'s, else the request's (simple-history keeps
    the current request; DRF sets its authenticated user on it). None when nobody is known."""
    user = _acting_user.get()
    if user is None:
        from simple_history.models import HistoricalRecords

        request = getattr(HistoricalRecords.context, "request", None)
        user = getattr(request, "user", None)
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return user


def visible_name(federation: models.Model | None, user: AnyUser | None = None) -> str | None:
    """``federation``'s name if the acting user may view it, else None: a message about another record
    (a unit already a member elsewhere) must not name what lies outside her view."""
    user = user if user is not None else acting_user()
    if federation is None or user is None or not user.is_active:
        return None
    if user.is_superuser or federation_in(getattr(user, "view_root", None), federation):
        return federation.name
    return None


def narrow_filterset(filterset: FilterSet, user: AnyUser | None) -> FilterSet:
    """Every model-choice filter of ``filterset`` chooses among the rows ``user`` may view, so an id
    outside her view answers exactly like a missing one ("选择一个有效的选项", 400) instead of an empty 200.
    Filters whose queryset is already a callable of the request are the author's (and scoped there)."""
    for flt in filterset.filters.values():
        queryset = getattr(flt, "queryset", None)
        if isinstance(queryset, models.QuerySet) and hasattr(queryset, "visible_to"):
            flt.queryset = queryset.visible_to(user)
    return filterset


# --- which federation did the request ask for ------------------------------------------------------------


def tree_model() -> type[models.Model]:
    """The federation tree's model, read from the user model's ``federation`` link (core imports no app)."""
    return get_user_model()._meta.get_field("federation").related_model


def default_root(user: AnyUser | None) -> models.Model:
    """Where a page or report starts when no federation is asked for: the user's view root, else (a
    superuser without a federation) the first top of the tree. 404 when there is none."""
    root = getattr(user, "view_root", None)
    if root is None and getattr(user, "is_superuser", False):
        root = tree_model()._default_manager.filter(parent__isnull=True).order_by("tree_id").first()
    if root is None:
        raise Http404(FEDERATION_NOT_VISIBLE)
    return root


def visible_federation(
    user: AnyUser | None, federation_id: int | str | None, default: models.Model | None = None
) -> models.Model:
    """The federation ``federation_id`` names if ``user`` may view it. Out of her view reads exactly like a
    missing id, and so does an id that is not a number: 404 (``FEDERATION_NOT_VISIBLE``). No id: ``default``
    when given, else ``default_root(user)``."""
    if federation_id is None or federation_id == "":
        return default if default is not None else default_root(user)
    text = str(federation_id).strip()
    if not text.isdigit():
        raise Http404(FEDERATION_NOT_VISIBLE)
    root = tree_model()._default_manager.visible_to(user).filter(pk=int(text)).first()
    if root is None:
        raise Http404(FEDERATION_NOT_VISIBLE)
    return root


def resolve_federation(
    request: HttpRequest, param: str = "federation", default: models.Model | None = None
) -> models.Model:
    """The federation ``?<param>=`` asks for (a page's ``GET`` or the API's ``query_params``), if the user may
    view it; without the parameter ``default`` or her view root. 404 for an id out of view, like a missing
    one (DRF turns ``Http404`` into its JSON 404)."""
    query = getattr(request, "query_params", None) or request.GET
    return visible_federation(request.user, query.get(param), default)
