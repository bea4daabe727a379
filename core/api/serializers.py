"""Base serializer: related choices narrowed to the user's scope, and the model's own rules applied.

DRF does not call ``Model.clean()``; calling ``full_clean()`` here keeps one set of rules for the admin,
the web forms, the imports and the API.
"""

from __future__ import annotations

import copy
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils.hashable import make_hashable
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers
from rest_framework.fields import SkipField  # noqa: F401  (re-exported for subclasses)
from rest_framework.relations import ManyRelatedField, RelatedField

from core.concurrency import current_version, has_versions
from core.images import GatedImageField, GatedImageFormField

if TYPE_CHECKING:
    from core.scope import AnyUser


def _narrow(field: Any, user: AnyUser | None) -> None:
    """Choices narrowed to what the user may link (core.scope ``linkable_by``): a row outside is
    refused with the same words as a missing id."""
    target = field.child_relation if isinstance(field, ManyRelatedField) else field
    queryset = getattr(target, "queryset", None)
    if queryset is not None and hasattr(queryset, "linkable_by"):
        target.queryset = queryset.linkable_by(user)


def _reads_json(request: Any) -> bool:
    """A GET answered in JSON: no related field's choices are offered or checked, only the linked ids written
    out, so they need not be narrowed (about 3 ms a list: the narrowed querysets are built for every field).
    The browsable API's HTML forms, OPTIONS and every write still narrow them."""
    renderer = getattr(request, "accepted_renderer", None)
    return request.method in ("GET", "HEAD") and getattr(renderer, "format", None) == "json"


class GatedImageSerializerField(serializers.ImageField):
    """An image upload checked by the shared gate (core.images) before Django's own check."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("_DjangoImageField", GatedImageFormField)
        super().__init__(**kwargs)


@extend_schema_field(OpenApiTypes.STR)
class ChoiceLabelField(serializers.Field):
    """The label of a model field's choice, what ``get_<field>_display()`` answers, read only.

    The labels come from a table built once per model field and language. ``get_<field>_display()`` builds the
    whole choice table again on every call, translating and hashing each lazy label, and DRF inspects a
    method's signature before calling it on every row. A list of 50 activities spent about 1.5 ms a
    co-organiser on its sector's label."""

    _tables: dict[tuple[str, str, str | None], dict[Any, str]] = {}

    def __init__(self, field_name: str, **kwargs: Any) -> None:
        kwargs.update(read_only=True, source=field_name)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> Any:
        model = self.parent.Meta.model
        key = (model._meta.label, self.source, get_language())
        table = self._tables.get(key)
        if table is None:
            choices = model._meta.get_field(self.source).flatchoices
            table = self._tables[key] = {make_hashable(choice): str(label) for choice, label in choices}
        return table.get(make_hashable(value), value)


VERSION_HELP = "版本号：单条记录的响应中给出（列表中为 null）；修改时以 If-Match 或 version 回传"


@extend_schema_field(OpenApiTypes.INT)
class VersionField(serializers.Field):
    """The record's version for optimistic locking (core.concurrency), read only. Given for a single
    record (GET, and the answer to POST/PUT/PATCH; also its ``ETag``); null in lists and nested records,
    where it would cost a query per row. Send it back as ``If-Match`` or ``version`` to be told (409) when
    someone else changed the record since."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.update(read_only=True, source="*", allow_null=True)
        kwargs.setdefault("help_text", VERSION_HELP)
        super().__init__(**kwargs)

    def to_representation(self, instance: models.Model) -> int | None:
        serializer = self.parent
        if serializer is None or serializer.parent is not None or serializer.instance is not instance:
            return None
        return current_version(instance)


class ScopedModelSerializer(serializers.ModelSerializer):
    serializer_field_mapping = {
        **serializers.ModelSerializer.serializer_field_mapping,
        GatedImageField: GatedImageSerializerField,
    }

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        request = self.context.get("request")
        if request is not None and not _reads_json(request):
            for field in fields.values():
                if isinstance(field, (RelatedField, ManyRelatedField)) and not field.read_only:
                    _narrow(field, request.user)
        if has_versions(self.Meta.model) and "version" not in fields:
            fields["version"] = VersionField()
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        model = self.Meta.model
        instance = copy.copy(self.instance) if self.instance is not None else model()
        many_to_many = {f.name for f in model._meta.many_to_many}
        for name, value in attrs.items():
            if name not in many_to_many and not isinstance(getattr(model, name, None), property):
                setattr(instance, name, value)
        # Validate what this serializer can set; fields it does not expose are not the client's to fix.
        writable = {field.source for field in self.fields.values() if not field.read_only} | set(attrs)
        exclude = [f.name for f in model._meta.fields if f.name not in writable]
        try:
            instance.full_clean(exclude=exclude, validate_unique=True)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(serializers.as_serializer_error(exc)) from exc
        return attrs


class HistoryRecordSerializer(serializers.Serializer):
    history_id = serializers.IntegerField()
    history_date = serializers.DateTimeField()
    history_type = serializers.CharField(help_text="+ 新建, ~ 修改, - 删除")
    history_user = serializers.CharField(allow_null=True)
    request_id = serializers.CharField(allow_null=True, required=False)
    changes = serializers.ListField(child=serializers.DictField())


def history_rows(instance: models.Model, limit: int = 200) -> list[dict[str, Any]]:
    """The change log of one record: who, when, and each field's value before and after."""
    records = list(
        instance.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1]
    )
    rows: list[dict[str, Any]] = []
    for index, record in enumerate(records[:limit]):
        previous = records[index + 1] if index + 1 < len(records) else None
        changes: list[dict[str, Any]] = []
        if previous is not None:
            delta = record.diff_against(previous)
            changes = [{"field": c.field, "old": _plain(c.old), "new": _plain(c.new)} for c in delta.changes]
        elif record.history_type == "+":
            changes = [
                {"field": f.attname, "old": None, "new": _plain(getattr(record, f.attname))}
                for f in record.instance_type._meta.concrete_fields
                if hasattr(record, f.attname) and f.attname not in ("id",)
            ]
        rows.append(
            {
                "history_id": record.history_id,
                "history_date": record.history_date,
                "history_type": record.history_type,
                "history_user": record.history_user.username if record.history_user else None,
                "changes": changes,
            }
        )
    return rows


def _plain(value: object) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)
