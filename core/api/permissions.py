"""The API's permission: reads within the view scope, writes by writers within the edit scope."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rest_framework.permissions import SAFE_METHODS, BasePermission

from core.messages import NOT_YOURS_TO_CHANGE
from core.scope import is_editable

if TYPE_CHECKING:
    from django.db import models
    from rest_framework.request import Request
    from rest_framework.views import APIView


class ScopedPermission(BasePermission):
    """Signed-in users read within their view scope; writers (not viewers) change within their edit scope.

    Rows outside the view scope never reach here: the viewset's queryset hides them from reads and writes
    alike (404, as for a missing id). A write to a visible row outside the edit scope answers 403.
    """

    message = NOT_YOURS_TO_CHANGE

    def has_permission(self, request: Request, view: APIView) -> bool:
        user = request.user
        if not (user and user.is_authenticated):
            return False
        if request.method in SAFE_METHODS:
            return True
        return bool(getattr(user, "can_edit", False))

    def has_object_permission(self, request: Request, view: APIView, obj: models.Model) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return is_editable(request.user, obj)
