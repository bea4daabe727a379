"""Base viewset: scope enforced once for every resource (NetBox netbox/api/viewsets)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import transaction
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from core.concurrency import check_version
from core.messages import NOT_YOURS_TO_CHANGE
from core.scope import is_editable_after_write

from .serializers import HistoryRecordSerializer, history_rows

if TYPE_CHECKING:
    from django.db import models
    from rest_framework.request import Request
    from rest_framework.serializers import BaseSerializer

    from core.scope import ScopedQuerySet

OUT_OF_SCOPE = NOT_YOURS_TO_CHANGE  # the name other modules import


class ScopedModelViewSet(viewsets.ModelViewSet):
    """Reads and writes find rows only in the user's view subtree: a row outside it answers 404, exactly
    like a missing id (NetBox). A write to a row she sees but may not change (a viewer, the city office's
    wider view) is a 403. Every write is re-checked after it is saved, inside its transaction and against
    the tree as stored then (a federation's save renumbers lft/rght), so nothing is left behind when the
    result falls out of scope."""

    def get_queryset(self) -> ScopedQuerySet:
        return super().get_queryset().visible_to(self.request.user)

    def _check_saved(self, instance: models.Model) -> None:
        if not is_editable_after_write(self.request.user, instance):
            raise PermissionDenied(OUT_OF_SCOPE)

    def perform_create(self, serializer: BaseSerializer) -> None:
        with transaction.atomic():
            self._check_saved(serializer.save())

    def perform_update(self, serializer: BaseSerializer) -> None:
        """Optimistic locking (core.concurrency): a PUT/PATCH naming the version it was read at
        (``If-Match`` with the ETag of the GET, or ``version`` in the body) is refused with a 409 naming who
        changed what since, when that version is no longer current. Without either it is accepted, as
        before (last write wins)."""
        with transaction.atomic():
            check_version(self.request, serializer.instance)
            self._check_saved(serializer.save())

    def finalize_response(self, request: Request, response: Response, *args: Any, **kwargs: Any) -> Response:
        # The version of a single record as its ETag (the GET, the answer to a write, and the 409).
        data = getattr(response, "data", None)
        if isinstance(data, dict) and isinstance(data.get("version"), int) and not isinstance(data["version"], bool):
            response["ETag"] = f'"{data["version"]}"'
        return super().finalize_response(request, response, *args, **kwargs)

    def perform_destroy(self, instance: models.Model) -> None:
        with transaction.atomic():
            instance.delete()

    @extend_schema(responses={200: HistoryRecordSerializer(many=True), 404: OpenApiResponse(description="Not found")})
    @action(detail=True, methods=["get"], url_path="history")
    def history(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The change log of this record: who changed what, when, before and after."""
        instance = self.get_object()
        return Response(HistoryRecordSerializer(history_rows(instance), many=True).data)
