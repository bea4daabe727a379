"""Archiving instead of deleting: federations, people and venues that other records point to are kept, hidden
from the default lists and dropdowns, and restorable. The model has ``archived_at``; these pieces give it the
``archived`` filter, the API actions ``POST .../<id>/archive/`` and ``.../restore/`` and the admin actions."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import django_filters
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied as AdminPermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.messages import NOT_YOURS_TO_CHANGE
from core.scope import is_editable

# What the mixins are mixed into, for the type checker: a ScopedModelViewSet, a ModelAdmin.
if TYPE_CHECKING:
    from django.contrib.admin import ModelAdmin as _AdminBase
    from django.db import models
    from django.http import HttpRequest
    from django.utils.functional import Promise
    from rest_framework.request import Request
    from rest_framework.viewsets import ModelViewSet as _ViewSetBase
else:
    _ViewSetBase = _AdminBase = object

ARCHIVED_PARAM = "archived"


class ArchivedFilter(django_filters.BooleanFilter):
    """``?archived=true`` lists only archived records, ``false`` only records in use; without it the API
    lists records in use (``ArchiveViewSetMixin``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("field_name", "archived_at")
        kwargs.setdefault("lookup_expr", "isnull")
        kwargs.setdefault("exclude", True)
        kwargs.setdefault("label", _("已归档"))
        super().__init__(*args, **kwargs)


class ArchiveViewSetMixin(_ViewSetBase):
    """For a ``ScopedModelViewSet`` of a model with ``archived_at``: lists hide archived records unless
    ``?archived=`` asks for them (a record is still readable by its id), and two write actions, scoped like
    every write, archive and restore a record."""

    def get_queryset(self) -> models.QuerySet:
        queryset = super().get_queryset()
        if self.action == "list" and ARCHIVED_PARAM not in self.request.query_params:
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset

    def _set_archived(self, value: datetime.datetime | None) -> Response:
        # Writes find the row anywhere (403 outside the edit scope, not 404), as ScopedModelViewSet does.
        instance = self.get_object()
        if not is_editable(self.request.user, instance):
            raise PermissionDenied(NOT_YOURS_TO_CHANGE)
        with transaction.atomic():
            instance.archived_at = value
            instance.save(update_fields=["archived_at", "updated_at"])
        return Response(self.get_serializer(self.get_object()).data)

    @extend_schema(
        request=None,
        responses={200: OpenApiResponse(description="已归档"), 403: OpenApiResponse(), 404: OpenApiResponse()},
    )
    @action(detail=True, methods=["post"])
    def archive(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Archive this record: kept with its history, hidden from lists and dropdowns, restorable."""
        return self._set_archived(self.get_object().archived_at or timezone.now())

    @extend_schema(
        request=None,
        responses={200: OpenApiResponse(description="已恢复"), 403: OpenApiResponse(), 404: OpenApiResponse()},
    )
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """Bring an archived record back into use."""
        return self._set_archived(None)


class ArchivedListFilter(admin.SimpleListFilter):
    title = _("状态")
    parameter_name = ARCHIVED_PARAM

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, Promise]]:
        return [("no", _("在用")), ("yes", _("已归档"))]

    def queryset(self, request: HttpRequest, queryset: models.QuerySet) -> models.QuerySet:
        if self.value() in ("yes", "no"):
            return queryset.filter(archived_at__isnull=self.value() == "no")
        return queryset


class ArchiveAdminMixin(_AdminBase):
    """Admin actions to archive and restore, the status filter, and autocomplete dropdowns (the choices other
    forms offer) without archived records."""

    actions = ["archive_selected", "restore_selected"]

    def _set_archived(
        self, request: HttpRequest, queryset: models.QuerySet, value: datetime.datetime | None, message: Promise
    ) -> None:
        count = 0
        with transaction.atomic():
            for obj in queryset.select_for_update():
                if not self.has_change_permission(request, obj):
                    raise AdminPermissionDenied
                if (obj.archived_at is None) != (value is None):
                    obj.archived_at = value
                    obj.save(update_fields=["archived_at", "updated_at"])
                    count += 1
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("归档所选记录（保留数据，可恢复）"), permissions=["change"])
    def archive_selected(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        self._set_archived(request, queryset, timezone.now(), _("已归档 %(count)d 条记录。"))

    @admin.action(description=_("恢复所选已归档记录"), permissions=["change"])
    def restore_selected(self, request: HttpRequest, queryset: models.QuerySet) -> None:
        self._set_archived(request, queryset, None, _("已恢复 %(count)d 条记录。"))

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> tuple[Any, Any, Any, list[Any]]:
        # Records linking these in a many-to-many field protect them too (see refuse_deleting_linked).
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        linked = [link for obj in objs for link in many_to_many_links(obj)]
        protected = [*protected, *(f"{link._meta.verbose_name}: {link}" for link in linked)]
        return to_delete, model_count, perms_needed, protected

    def get_search_results(
        self, request: HttpRequest, queryset: models.QuerySet, search_term: str
    ) -> tuple[models.QuerySet, bool]:
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.path.endswith("/autocomplete/"):
            queryset = queryset.filter(archived_at__isnull=True)
        return queryset, may_have_duplicates


def many_to_many_links(instance: models.Model) -> list[models.Model]:
    """Records that list ``instance`` in a many-to-many field (e.g. an activity radiated to a community, a
    social organisation brought in by a venue). Deleting would silently drop these links, so they protect
    the record as a PROTECT foreign key does. One query per such field."""
    linked: list[models.Model] = []
    for relation in instance._meta.related_objects:
        if relation.many_to_many and relation.field.remote_field.through._meta.auto_created:
            linked.extend(relation.related_model._base_manager.filter(**{relation.field.name: instance})[:50])
    return linked


def refuse_deleting_linked(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    """``pre_delete`` receiver: refuse (ProtectedError, so the API answers 409 naming them) while other
    records still list ``instance`` in a many-to-many field."""
    from django.db.models import ProtectedError

    linked = many_to_many_links(instance)
    if linked:
        raise ProtectedError(_("仍有记录引用该对象，无法删除。"), set(linked))


def protect_many_to_many(model: type[models.Model]) -> None:
    from django.db.models.signals import pre_delete

    pre_delete.connect(refuse_deleting_linked, sender=model, dispatch_uid=f"protect-m2m-{model._meta.label}")
