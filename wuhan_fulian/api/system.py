"""Operations endpoints for the city office: prove that a worker picks up tasks, and read a task's state."""

from celery.result import AsyncResult
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from core.tasks import ping
from wuhan_fulian import celery_app


class TaskStateSerializer(serializers.Serializer):
    id = serializers.CharField()
    state = serializers.CharField()
    result = serializers.JSONField(allow_null=True)


def _city_office_only(request):
    if not request.user.is_city_office:
        raise PermissionDenied(_("只有市妇联工作人员可以使用运维接口。"))


class PingTaskView(APIView):
    """Enqueue a ``ping`` task on the default queue; a worker answers it."""

    @extend_schema(request=None, responses={202: TaskStateSerializer, 403: OpenApiResponse(description="Forbidden")})
    def post(self, request):
        _city_office_only(request)
        result = ping.delay(request.request_id if hasattr(request, "request_id") else "ping")
        return Response({"id": result.id, "state": result.state, "result": None}, status=202)


class TaskStateView(APIView):
    """The state and result of a task by id."""

    @extend_schema(responses={200: TaskStateSerializer, 403: OpenApiResponse(description="Forbidden")})
    def get(self, request, task_id):
        _city_office_only(request)
        result = AsyncResult(task_id, app=celery_app)
        value = result.result if result.successful() else None
        return Response({"id": task_id, "state": result.state, "result": value})
