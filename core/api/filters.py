"""The API's filter, search and ordering backends (REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"]): the same rules
as the admin, from ``core.lookups``.

- ``?search=``: at most ``SEARCH_MAX_TERMS`` terms and ``SEARCH_MAX_LENGTH`` characters (a Chinese 400
  beyond), never on a masked field.
- ``?ordering=``: only the fields a view declares in ``ordering_fields`` (none when it declares none; no
  ``__all__``), never a masked field.
- django-filter: a filter reaching a masked field is dropped for everyone but a superuser.
- ``ScopedFilterSet``: every app's filter set; it has ``ancestor`` (rows in a federation's subtree) built from
  ``Meta.model.scope_path``, choosing among the federations the user may view.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as django_filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import filters
from rest_framework.exceptions import ValidationError

from core.lookups import SearchTooComplex, allowed_paths, may_use_masked, search_terms, touches_masked
from core.naturalsort import has_sort_key
from core.scope import narrow_filterset, subtree_q, tree_model


class SearchFilter(filters.SearchFilter):
    def get_search_fields(self, view: Any, request: Any) -> list[str]:
        fields = super().get_search_fields(view, request) or []
        queryset = getattr(view, "queryset", None)
        if queryset is None:
            return fields
        return allowed_paths(queryset.model, fields, request.user)

    def get_search_terms(self, request: Any) -> list[str]:
        value = request.query_params.get(self.search_param, "")
        try:
            return search_terms(value)
        except SearchTooComplex as error:
            raise ValidationError({self.search_param: error.messages}) from error


class OrderingFilter(filters.OrderingFilter):
    def get_valid_fields(self, queryset: QuerySet, view: Any, context: dict | None = None) -> list:
        declared = getattr(view, "ordering_fields", None)
        if declared == "__all__":
            raise ImproperlyConfigured(f"{type(view).__name__}: ordering_fields = '__all__' is not allowed.")
        if declared is None:
            return []
        request = (context or {}).get("request") or getattr(view, "request", None)
        fields = super().get_valid_fields(queryset, view, context or {})
        user = getattr(request, "user", None)
        return [
            (name, label) for name, label in fields if may_use_masked(user) or not touches_masked(queryset.model, name)
        ]

    def get_ordering(self, request: Any, queryset: QuerySet, view: Any) -> Any:
        """``?ordering=name`` of a model keeping its name's natural key (``sort_key``, core/naturalsort.py) sorts
        by that key, then the name: 第二 before 第十, 2 before 10."""
        ordering = super().get_ordering(request, queryset, view)
        if not ordering or not has_sort_key(queryset.model):
            return ordering
        natural: list[str] = []
        for term in ordering:
            if term.lstrip("-") == "name":
                natural.append(term.replace("name", "sort_key"))
            natural.append(term)
        return natural


class DjangoFilterBackend(django_filters.DjangoFilterBackend):
    def get_filterset(self, request: Any, queryset: QuerySet, view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        if filterset is not None:
            # An id outside the user's view answers like a missing one (core.scope).
            narrow_filterset(filterset, request.user)
        if filterset is not None and not may_use_masked(request.user):
            for name, flt in list(filterset.filters.items()):
                if touches_masked(queryset.model, flt.field_name or name):
                    del filterset.filters[name]
        return filterset


def visible_federations(request: HttpRequest | None) -> QuerySet:
    """The federations a filter may choose among: those the request's user may view (all without a request,
    e.g. when the schema is generated)."""
    manager = tree_model()._default_manager
    return manager.all() if request is None else manager.visible_to(request.user)


@extend_schema_field(OpenApiTypes.INT)
class SubtreeFilter(django_filters.ModelChoiceFilter):
    """``ancestor``: rows whose federation (at ``field_name``; ``"self"`` for the tree itself) lies in the
    chosen federation's subtree, as a range on the MPTT fields (NetBox TreeNodeMultipleChoiceFilter), never a
    Python loop. An id outside the user's view is refused like a missing one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", visible_federations)
        kwargs.setdefault("label", _("所属上级（含全部下级）"))
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        if not value:
            return qs
        path = "" if self.field_name in ("", "self") else self.field_name
        return qs.filter(subtree_q(path, value))


class ScopedFilterSet(django_filters.FilterSet):
    """The base of every app's filter set: ``?ancestor=<federation id>`` comes with it, built from the model's
    ``scope_path`` (declare ``ancestor`` yourself only for another meaning, e.g. a cluster's homes). Models
    without a scope path (city-wide configuration) get none."""

    @classmethod
    def get_filters(cls) -> dict:
        model = cls._meta.model
        path = getattr(model, "scope_path", None) if model is not None else None
        if path is not None and "ancestor" not in cls.declared_filters:
            cls.declared_filters = {**cls.declared_filters, "ancestor": SubtreeFilter(field_name=path or "self")}
        return super().get_filters()
