"""OpenAPI: every operation also documents the errors it can answer (400/401/403/404/409/429), so that
clients and the schemathesis fuzzing see the real contract."""

from drf_spectacular.openapi import AutoSchema as BaseAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from .tags import API_TAGS


class ErrorDetailSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="中文错误说明")


class FieldErrorsSerializer(serializers.Serializer):
    """A 400 answer: each field (or ``non_field_errors``) with its messages."""

    non_field_errors = serializers.ListField(child=serializers.CharField(), required=False)

    class Meta:
        ref_name = "FieldErrors"


ERROR_RESPONSES = {
    "400": OpenApiResponse(description="输入有误：按字段列出错误"),
    "401": OpenApiResponse(ErrorDetailSerializer, description="未登录"),
    "403": OpenApiResponse(ErrorDetailSerializer, description="无权限或超出管辖范围"),
    "404": OpenApiResponse(ErrorDetailSerializer, description="不存在或不在查看范围内"),
    "409": OpenApiResponse(ErrorDetailSerializer, description="与已有记录冲突，或仍被引用而不能删除"),
    "429": OpenApiResponse(ErrorDetailSerializer, description="请求过于频繁"),
}


class AutoSchema(BaseAutoSchema):
    def get_tags(self):
        tags = super().get_tags()
        # the default tag is the first segment after SCHEMA_PATH_PREFIX; explicit @extend_schema tags stay
        return [API_TAGS[tag][0] if tag in API_TAGS else tag for tag in tags]

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code, response in ERROR_RESPONSES.items():
            if code in responses:
                continue
            if code == "400":
                # free-form: {"field": ["message", ...], ...}
                responses[code] = {
                    "description": response.description,
                    "content": {"application/json": {"schema": {"type": "object", "additionalProperties": True}}},
                }
            else:
                responses[code] = self._get_response_for_code(response, code)
        return responses
