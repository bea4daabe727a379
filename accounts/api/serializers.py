from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from wuhan_fulian.api.serializers import ScopedModelSerializer

from ..models import User


class UserSerializer(ScopedModelSerializer):
    password = serializers.CharField(write_only=True, required=False, style={"input_type": "password"})
    role_display = serializers.CharField(source="get_role_display", read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "first_name",
            "last_name",
            "email",
            "phone",
            "role",
            "role_display",
            "federation",
            "view_federation",
            "is_active",
            "password",
            "date_joined",
            "last_login",
        ]
        read_only_fields = ["date_joined", "last_login"]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        request = self.context["request"]
        role = attrs.get("role", getattr(self.instance, "role", None))
        federation = attrs.get("federation", getattr(self.instance, "federation", None))
        if not request.user.may_manage(role, federation):
            raise serializers.ValidationError({"role": _("只能在本人管辖范围内创建账号，且角色不能高于本人。")})
        if attrs.get("password"):
            validate_password(attrs["password"])
        elif self.instance is None:
            raise serializers.ValidationError({"password": _("新账号必须设置密码。")})
        return attrs

    def create(self, validated_data):
        password = validated_data.pop("password")
        user = User(**validated_data)
        user.set_password(password)
        user.save()
        return user

    def update(self, instance, validated_data):
        password = validated_data.pop("password", None)
        instance = super().update(instance, validated_data)
        if password:
            instance.set_password(password)
            instance.save(update_fields=["password"])
        return instance


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class MeSerializer(serializers.ModelSerializer):
    role_display = serializers.CharField(source="get_role_display", read_only=True)
    federation_name = serializers.CharField(source="federation.name", read_only=True, default=None)
    can_edit = serializers.BooleanField(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "role",
            "role_display",
            "federation",
            "federation_name",
            "view_federation",
            "can_edit",
        ]
