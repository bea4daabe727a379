import copy

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.serializers import ChoiceLabelField, ScopedModelSerializer
from core.masking import mask_phone

from ..auth import token_expires
from ..models import Message, User


class UserSerializer(ScopedModelSerializer):
    password = serializers.CharField(write_only=True, required=False, style={"input_type": "password"})
    role_display = ChoiceLabelField("role")

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

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if data.get("phone") and (request is None or not request.user.sees_phone_of(instance)):
            data["phone"] = mask_phone(data["phone"])
        return data

    def validate(self, attrs):
        attrs = super().validate(attrs)
        request = self.context["request"]
        target = copy.copy(self.instance) if self.instance is not None else User()
        for name in ("role", "federation", "view_federation", "is_active"):
            if name in attrs:
                setattr(target, name, attrs[name])
        before = (
            User.objects.select_related("federation", "view_federation").get(pk=self.instance.pk)
            if self.instance
            else None
        )
        error = request.user.account_change_error(target, before)
        if error:
            herself = before is not None and before.pk == request.user.pk
            field = "is_active" if herself and not target.is_active else "role"
            raise serializers.ValidationError({field: [error]})
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


class OwnTokenSerializer(serializers.Serializer):
    """One of one's own API tokens, never its key: its first characters, when issued, when it expires."""

    prefix = serializers.SerializerMethodField()
    created = serializers.DateTimeField()
    expires = serializers.SerializerMethodField()

    def get_prefix(self, token) -> str:
        return token.key[:6] + "…"

    def get_expires(self, token) -> str:
        return serializers.DateTimeField().to_representation(token_expires(token))


class PasswordChangeSerializer(serializers.Serializer):
    old_password = serializers.CharField(style={"input_type": "password"})
    new_password = serializers.CharField(style={"input_type": "password"})

    def validate_old_password(self, value):
        if not self.context["request"].user.check_password(value):
            raise serializers.ValidationError(_("原密码不正确。"))
        return value

    def validate(self, attrs):
        try:
            validate_password(attrs["new_password"], self.context["request"].user)
        except DjangoValidationError as exc:
            raise serializers.ValidationError({"new_password": list(exc.messages)}) from exc
        return attrs


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(style={"input_type": "password"})


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()


class MeSerializer(serializers.ModelSerializer):
    role_display = ChoiceLabelField("role")
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


class MessageSerializer(serializers.ModelSerializer):
    kind_display = ChoiceLabelField("kind")
    is_read = serializers.BooleanField(read_only=True)

    class Meta:
        model = Message
        fields = ["id", "kind", "kind_display", "title", "body", "link", "created_at", "read_at", "is_read"]
        read_only_fields = fields


class ReadAllSerializer(serializers.Serializer):
    marked = serializers.IntegerField(help_text=_("标为已读的条数"))
    unread = serializers.IntegerField(help_text=_("剩余未读条数"))
