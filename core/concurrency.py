"""Optimistic locking: no save silently drops a change made since the record was read (issue 14 item 10).

**The version** of a record is the id of its latest django-simple-history row, 0 when it has none (rows
loaded by COPY or ``bulk_create``). Every ORM save writes such a row in the same transaction, and history
ids only grow (PostgreSQL sequences and Django's SQLite ``AUTOINCREMENT`` never reuse one), so the version
changes whenever the record is saved and never returns to an old value. No column and no migration is
needed, and the stale-save message can say who changed what and when from the same rows. (django-concurrency
would add a version column, hence a migration, to all 28 models, and still needs the change log to name
the editor.)

**A stale save** names an older version. The row is locked first (``SELECT … FOR UPDATE``, inside the
caller's transaction), then the versions compared, so two saves of the same version cannot both pass.
If the record's content is the same as at the version named (saves that changed nothing, or a change
undone), nothing would be lost and the save goes through. Otherwise it is refused, naming each later
change's author, time and fields: the admin re-renders the form with the user's input and the current
version (so a re-submit after review saves); the API answers 409.

**What bypasses the change log** (``QuerySet.update()``, bulk loaders) does not bump the version. The
project's uses, all checked: import-job progress and status (``cadres.importer``/``tasks``: read-only in
the admin, not in the API's writable fields), activity counters (``activities.counts``, a separate table),
the derived cross-sector flag (``activities.services.refresh_derived``: read-only everywhere, and
recomputed right after an activity save that wrote a history row), indicator rollups (a separate table),
MPTT's tree numbers (not in the change log, never user-edited), and the venues import clearing
``ClusterMembership.is_demonstration`` before its rows are saved (every cleared membership is a row of the
file, saved with history in the same transaction). A future ``update()`` of a user-edited field should
call ``bump_versions()`` afterwards.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict

from django import forms
from django.core.exceptions import ValidationError
from django.db import router, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import serializers, status
from rest_framework.exceptions import APIException
from simple_history.utils import bulk_update_with_history

if TYPE_CHECKING:
    from django.db import models
    from rest_framework.request import Request

# A change form's fieldsets: (name, {"fields": [...], ...}) pairs.
Fieldsets: TypeAlias = "Sequence[tuple[str | None, dict[str, Any]]]"

VERSION_FIELD = "_version"
MAX_LISTED_CHANGES = 5


def history_manager(instance_or_model: models.Model | type[models.Model]) -> Any:
    model: Any = instance_or_model if isinstance(instance_or_model, type) else type(instance_or_model)
    attribute = getattr(model._meta, "simple_history_manager_attribute", None)
    if attribute is None:
        return None
    if isinstance(instance_or_model, type):
        return getattr(model, attribute)
    return getattr(instance_or_model, attribute)


def has_versions(model: type[models.Model]) -> bool:
    return getattr(model._meta, "simple_history_manager_attribute", None) is not None


def current_version(instance: models.Model) -> int | None:
    """The id of the record's latest change-log row; 0 without one; None for models without a log."""
    history = history_manager(instance) if instance.pk is not None else None
    if history is None:
        return None
    # Grouped by the record on purpose: a bare MAX (or ORDER BY … LIMIT 1) lets PostgreSQL walk the change
    # log's primary key backwards and filter the record's rows out of it (497 ms on a million activities'
    # log); grouped, it reads the record's few rows by its id index (0.2 ms).
    pk_name = type(instance)._meta.pk.attname
    latest = history.order_by().values(pk_name).annotate(latest=Max("history_id")).values_list("latest", flat=True)
    return next(iter(latest), None) or 0


def lock(instance: models.Model) -> None:
    """Lock the record's row until the end of the current transaction (nothing to do outside one)."""
    model = type(instance)
    using = router.db_for_write(model)
    if transaction.get_connection(using).in_atomic_block:
        list(model._base_manager.using(using).select_for_update().filter(pk=instance.pk).values_list("pk"))


def bump_versions(queryset: models.QuerySet) -> None:
    """After a ``QuerySet.update()`` of fields users edit: write a change-log row for each record."""
    objs = list(queryset)
    if objs:
        fields = [f.name for f in queryset.model._meta.concrete_fields if not f.primary_key]
        bulk_update_with_history(objs, queryset.model, fields)


def _changed(new: Any, old: Any) -> list[str] | None:
    """The fields that differ between two change-log rows (fields users edit, many-to-many included;
    stamps such as ``updated_at`` are not editable and so not compared)."""
    try:
        return new.diff_against(old).changed_fields
    except Exception:  # a row the change log cannot compare: say nothing about it
        return None


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


def _who(user: Any) -> str:
    if user is None:
        return _("系统")
    name = f"{user.last_name}{user.first_name}".strip()
    return name or user.get_username()


class Change(TypedDict):
    """One later change of a record, as a ``Conflict`` lists it."""

    user: str | None  # the username, None for a change made by the system
    name: str  # the name shown
    at: datetime.datetime
    fields: list[str]  # labels of the fields it changed


@dataclass
class Conflict:
    """A save naming an older version of a record whose content has changed since."""

    model: type[models.Model]
    version: int | None
    changes: list[Change] = field(default_factory=list)  # oldest first
    fields: list[str] = field(default_factory=list)  # labels of the fields that differ from the version named

    @property
    def message(self) -> str:
        parts: list[str] = []
        for change in self.changes:
            when = timezone.localtime(change["at"]).strftime("%Y-%m-%d %H:%M")
            if change["fields"]:
                parts.append(_("%(who)s 于 %(when)s 修改了：%(fields)s") % {
                    "who": change["name"], "when": when, "fields": "、".join(change["fields"])
                })  # fmt: skip
            else:
                parts.append(_("%(who)s 于 %(when)s 修改了此记录") % {"who": change["name"], "when": when})
        if not parts:
            parts.append(_("此记录在您打开后已被修改"))
        return "；".join(parts) + _("。您的修改未保存，请核对后重新提交。")

    def as_json(self) -> dict[str, Any]:
        return {
            "detail": self.message,
            "version": self.version,
            "changed_fields": self.fields,
            "changes": [{**change, "at": change["at"].isoformat()} for change in self.changes],
        }


def find_conflict(instance: models.Model, loaded: int | None) -> Conflict | None:
    """Lock the record and compare: a ``Conflict`` when ``loaded`` is stale, else None (also when no
    version was named, or the model keeps no change log)."""
    history = history_manager(instance) if instance.pk is not None else None
    if history is None or loaded is None:
        return None
    lock(instance)
    current = current_version(instance)
    if current == loaded:
        return None
    model = type(instance)
    base = history.filter(history_id=loaded).first() if loaded else None
    newer = list(
        history.filter(history_id__gt=loaded)
        .select_related("history_user")
        .order_by("-history_id")[: MAX_LISTED_CHANGES + 1]
    )
    if base is not None and newer:
        differing = _changed(newer[0], base)
        if differing == []:
            return None  # the same content as when it was read: nothing would be lost
    else:
        differing = None
    changes: list[Change] = []
    seen: list[str] = []
    for record in reversed(newer):
        previous = record.prev_record
        names = _changed(record, previous) if previous is not None else None
        if names == []:
            continue  # a save that changed nothing
        labels = [_label(model, name) for name in names or []]
        seen.extend(label for label in labels if label not in seen)
        user = record.history_user
        changes.append(
            {"user": user.get_username() if user else None, "name": _who(user), "at": record.history_date,
             "fields": labels}
        )  # fmt: skip
    fields = [_label(model, name) for name in differing] if differing else seen
    return Conflict(model=model, version=current, changes=changes[-MAX_LISTED_CHANGES:], fields=fields)


# --- the admin ---------------------------------------------------------------------------------------

if TYPE_CHECKING:
    from django.forms import ModelForm as _FormBase  # what the mixin is mixed into (``versioned_form``)
else:
    _FormBase = object


class VersionedFormMixin(_FormBase):
    """A change form that carries the version it was loaded with (hidden ``_version``) and refuses to
    save over a later change. The check runs in ``clean()``, inside the admin's transaction."""

    data: Any  # the bound form's QueryDict (an annotation only: Django's form sets it)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if VERSION_FIELD in self.fields and not self.is_bound and self.instance.pk is not None:
            self.initial[VERSION_FIELD] = current_version(self.instance)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        loaded = cleaned.get(VERSION_FIELD)
        if self.instance.pk is not None and loaded is not None:
            conflict = find_conflict(self.instance, loaded)
            if conflict is not None:
                # Re-rendered with the user's input and the version it was checked against: after review,
                # submitting again saves.
                self.data = self.data.copy()
                self.data[self.add_prefix(VERSION_FIELD)] = str(conflict.version)
                raise ValidationError(conflict.message, code="stale")
        return cleaned


def versioned_form(form_class: type[forms.BaseForm]) -> type[forms.BaseForm]:
    if VERSION_FIELD in form_class.base_fields:
        return form_class
    version = forms.IntegerField(
        widget=forms.HiddenInput,
        required=False,
        min_value=0,
        error_messages={"invalid": _("版本号无效，请重新打开此页面。")},
    )
    return type(form_class.__name__, (VersionedFormMixin, form_class), {VERSION_FIELD: version})


def with_version_fieldset(fieldsets: Fieldsets) -> list[tuple[str | None, dict[str, Any]]]:
    """Add the hidden version to the last fieldset (Django renders a row of only hidden fields hidden)."""
    fieldsets = list(fieldsets)
    if not fieldsets:
        return [(None, {"fields": [VERSION_FIELD]})]
    name, options = fieldsets[-1]
    fieldsets[-1] = (name, {**options, "fields": [*options.get("fields", ()), VERSION_FIELD]})
    return fieldsets


# --- the API -----------------------------------------------------------------------------------------


def parse_if_match(value: str) -> list[int] | None:
    """The versions an ``If-Match`` header names (``"12"``, ``W/"12"``, a list); None for ``*``.
    Raises ValueError when it names something else."""
    versions: list[int] = []
    for token in value.split(","):
        token = token.strip()
        if token == "*":
            return None
        if token.startswith("W/"):
            token = token[2:]
        token = token.strip('"')
        if not token.isdigit() or len(token) > 18:
            raise ValueError(token)
        versions.append(int(token))
    if not versions:
        raise ValueError(value)
    return versions


def parse_version(value: object) -> int:
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        if value < 0:
            raise ValueError(value)
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) <= 18:
        return int(value.strip())
    raise ValueError(value)


def find_conflict_any(instance: models.Model, versions: Sequence[int] | None) -> Conflict | None:
    """For If-Match lists: no conflict if any named version is current, else the conflict of the newest."""
    if not versions:
        return None
    lock(instance)
    if current_version(instance) in versions:
        return None
    return find_conflict(instance, max(versions))


class StaleVersion(APIException):
    """409: the record changed since the version the client named. The body keeps numbers as numbers."""

    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"

    def __init__(self, conflict: Conflict) -> None:
        super().__init__(conflict.message)
        self.detail = conflict.as_json()


def check_version(request: Request, instance: models.Model) -> None:
    """Inside the write's transaction: lock the record and refuse (409) a PUT/PATCH whose ``If-Match`` or
    body ``version`` names a stale version. A malformed one is a 400; neither given, nothing to check."""
    errors: dict[str, list[str]] = {}
    header_versions: list[int] | None = None
    body_version: int | None = None
    header = request.headers.get("If-Match")
    if header is not None:
        try:
            header_versions = parse_if_match(header)
        except ValueError:
            errors["If-Match"] = [_('If-Match 请求头应为读取时响应中的 ETag，例如 "12"。')]
    data = request.data
    if hasattr(data, "get") and data.get("version") is not None:
        try:
            body_version = parse_version(data.get("version"))
        except (TypeError, ValueError):
            errors["version"] = [_("版本号应为读取时响应中的 version（非负整数）。")]
    if errors:
        raise serializers.ValidationError(errors)
    conflict = find_conflict_any(instance, header_versions)
    if conflict is None and body_version is not None:
        conflict = find_conflict(instance, body_version)
    if conflict is not None:
        raise StaleVersion(conflict)
