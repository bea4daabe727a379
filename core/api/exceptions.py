"""API errors in the user's language, and never a 500 for a rule the database enforces."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, OperationalError
from django.db.models import ProtectedError, RestrictedError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import status
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback


def describe_dependents(objects: Iterable[Any], limit: int = 5) -> str:
    """Name what still points at a record, e.g. 用户“zhang”、妇联组织“江岸区妇联” 等 12 条记录."""
    objects = list(objects)
    text = "、".join(f"{obj._meta.verbose_name}“{obj}”" for obj in objects[:limit])
    if len(objects) > limit:
        text += _(" 等 %(count)d 条记录") % {"count": len(objects)}
    return text


def not_found(context: Mapping[str, Any]) -> NotFound:
    """A 404 in the user's language naming what was looked for (Django's own text is English: "No Person
    matches the given query.")."""
    view = context.get("view")
    queryset = getattr(view, "queryset", None)
    if queryset is not None:
        return NotFound(_("%(model)s不存在，或不在您的管辖范围内。") % {"model": queryset.model._meta.verbose_name})
    return NotFound(_("未找到。"))


def exception_handler(exc: Exception, context: Mapping[str, Any]) -> Response | None:
    from core.db import is_statement_timeout
    from core.middleware import suspicious_message

    if isinstance(exc, SuspiciousOperation):
        # Too many parameters, a body too big (Django's DATA_UPLOAD_* limits): the client's request.
        return Response({"detail": suspicious_message(exc)}, status=status.HTTP_400_BAD_REQUEST)
    if isinstance(exc, OperationalError) and is_statement_timeout(exc):
        set_rollback()
        return Response(
            {"detail": _("查询超时：数据量太大或条件太宽，请缩小范围（加筛选条件、减少搜索词）后重试。")},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
        )
    if isinstance(exc, Http404):
        exc = not_found(context)
    if isinstance(exc, DjangoValidationError):
        exc = ValidationError(exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages})
    if isinstance(exc, (ProtectedError, RestrictedError)):
        set_rollback()
        dependents = exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        return Response(
            {
                "detail": _("无法删除：以下记录仍引用它：%(dependents)s。")
                % {"dependents": describe_dependents(dependents)}
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, IntegrityError):
        set_rollback()
        return Response({"detail": _("保存失败：数据与已有记录冲突，请检查后重试。")}, status=status.HTTP_409_CONFLICT)
    return drf_exception_handler(exc, context)
