from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework import serializers

from core.api.serializers import ScopedModelSerializer
from organizations.choices import COMMUNITY_LEVELS

from ..models import Activity, ActivityKind, ActivityPhoto, CoOrganizer, SocialOrganization, Team
from ..models.activity import TARGET_FIELDS
from ..services import refresh_derived


class ActivityKindSerializer(ScopedModelSerializer):
    class Meta:
        model = ActivityKind
        fields = ["id", "code", "name", "order", "is_active"]


class CoOrganizerSerializer(ScopedModelSerializer):
    """One co-organiser: set exactly one of federation, member_unit, social_organization, team,
    party_organization, each narrowed to what the user may see."""

    name = serializers.SerializerMethodField()
    sector_display = serializers.CharField(source="get_sector_display", read_only=True)

    class Meta:
        model = CoOrganizer
        fields = ["id", "role", *TARGET_FIELDS, "sector", "sector_display", "name"]
        read_only_fields = ["sector"]

    def get_name(self, obj) -> str:
        return str(obj.target) if obj.kind else ""


class ActivityPhotoSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActivityPhoto
        fields = ["id", "image", "display", "thumbnail", "width", "height", "caption", "order"]
        read_only_fields = fields


class ActivitySerializer(ScopedModelSerializer):
    federation_name = serializers.CharField(source="federation.name", read_only=True)
    kind_name = serializers.CharField(source="kind.name", read_only=True)
    venue_name = serializers.CharField(source="venue.name", read_only=True, default=None)
    co_organizers = CoOrganizerSerializer(many=True, required=False)
    photos = ActivityPhotoSerializer(many=True, read_only=True)
    created_by = serializers.CharField(source="created_by.username", read_only=True, default=None)

    class Meta:
        model = Activity
        fields = [
            "id",
            "federation",
            "federation_name",
            "title",
            "kind",
            "kind_name",
            "start",
            "end",
            "venue",
            "venue_name",
            "description",
            "participants",
            "women_participants",
            "radiated_to",
            "is_cross_sector",
            "co_organizers",
            "photos",
            "created_by",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["is_cross_sector", "created_at", "updated_at"]

    def validate_radiated_to(self, value):
        outside = [federation.name for federation in value if federation.level not in COMMUNITY_LEVELS]
        if outside:
            raise serializers.ValidationError(
                _("只能辐射到社区（村）妇联：%(names)s 不是社区（村）。") % {"names": "、".join(outside)}
            )
        return value

    def validate(self, attrs):
        co_organizers = attrs.pop("co_organizers", None)
        attrs = super().validate(attrs)
        if co_organizers is not None:
            keys = [_key(row) for row in co_organizers]
            if len(keys) != len(set(keys)):
                raise serializers.ValidationError({"co_organizers": [_("同一联办单位不能重复添加。")]})
            attrs["co_organizers"] = co_organizers
        return attrs

    @transaction.atomic
    def create(self, validated_data):
        co_organizers = validated_data.pop("co_organizers", [])
        radiated = validated_data.pop("radiated_to", [])
        request = self.context.get("request")
        activity = Activity.objects.create(created_by=getattr(request, "user", None), **validated_data)
        # A new activity has no links yet: add them without reading the (empty) existing ones first.
        if radiated:
            activity.radiated_to.add(*radiated)
        for row in co_organizers:
            CoOrganizer.objects.create(activity=activity, **row)
        refresh_derived(activity)
        return activity

    @transaction.atomic
    def update(self, instance, validated_data):
        co_organizers = validated_data.pop("co_organizers", None)
        activity = super().update(instance, validated_data)
        if co_organizers is not None:
            _replace_co_organizers(activity, co_organizers)
        refresh_derived(activity)
        return activity


def _key(row):
    for name in TARGET_FIELDS:
        target = row.get(name) if isinstance(row, dict) else getattr(row, name)
        if target is not None:
            return name, target.pk
    return None


def _replace_co_organizers(activity, rows):
    """Keep the co-organisers that stay (their role updated), delete the others, add the new ones."""
    wanted = {_key(row): row for row in rows}
    for co in activity.co_organizers.select_related(*TARGET_FIELDS):
        row = wanted.pop(_key(co), None)
        if row is None:
            co.delete()
        elif row.get("role") and row["role"] != co.role:
            co.role = row["role"]
            co.save()
    for row in wanted.values():
        CoOrganizer.objects.create(activity=activity, **row)


class SocialOrganizationSerializer(ScopedModelSerializer):
    cultivated_by_name = serializers.CharField(source="cultivated_by.name", read_only=True)

    class Meta:
        model = SocialOrganization
        fields = [
            "id",
            "name",
            "field",
            "registration_status",
            "registration_number",
            "founded_on",
            "cultivated_by",
            "cultivated_by_name",
            "introduced_by",
            "contact_person",
            "phone",
            "member_count",
            "description",
            "women_organization",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class TeamSerializer(ScopedModelSerializer):
    federation_name = serializers.CharField(source="federation.name", read_only=True)

    class Meta:
        model = Team
        fields = [
            "id",
            "name",
            "kind",
            "federation",
            "federation_name",
            "leader",
            "leader_name",
            "leader_phone",
            "women_count",
            "is_brand",
            "founded_on",
            "women_organization",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class SummaryKindSerializer(serializers.Serializer):
    kind = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    count = serializers.IntegerField()
    participants = serializers.IntegerField()
    women_participants = serializers.IntegerField()
    cross_sector_count = serializers.IntegerField()


class SummarySerializer(serializers.Serializer):
    federation = serializers.IntegerField()
    federation_name = serializers.CharField()
    month = serializers.CharField()
    count = serializers.IntegerField(help_text="活动数（每个活动只计一次）")
    participants = serializers.IntegerField(help_text="参与人次")
    women_participants = serializers.IntegerField(help_text="女性参与人次")
    cross_sector_count = serializers.IntegerField(help_text="跨界混搭活动数")
    by_kind = SummaryKindSerializer(many=True)
