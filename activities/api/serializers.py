from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from core.api.serializers import ChoiceLabelField, ScopedModelSerializer

from ..models import Activity, ActivityKind, ActivityPhoto, CoOrganizer, SocialOrganization, Team
from ..models.activity import TARGET_FIELDS
from ..services import CoOrganizerRow, check_links, save_activity


class ActivityKindSerializer(ScopedModelSerializer):
    class Meta:
        model = ActivityKind
        fields = ["id", "code", "name", "order", "is_active"]


class CoOrganizerSerializer(ScopedModelSerializer):
    """One co-organiser: set exactly one of federation, member_unit, social_organization, team,
    party_organization, each narrowed to what the user may see."""

    name = serializers.SerializerMethodField()
    sector_display = ChoiceLabelField("sector")

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
    review_state = serializers.CharField(read_only=True)
    review_reason = serializers.CharField(read_only=True)
    reviewed_by = serializers.CharField(source="reviewed_by.username", read_only=True, default=None)
    reviewed_at = serializers.DateTimeField(read_only=True)

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
            "review_state",
            "review_reason",
            "reviewed_by",
            "reviewed_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["is_cross_sector", "created_at", "updated_at"]

    def validate(self, attrs):
        co_organizers = attrs.pop("co_organizers", None)
        attrs = super().validate(attrs)
        rows = None
        if co_organizers is not None:
            try:
                rows = [CoOrganizerRow.from_fields(row) for row in co_organizers]
            except DjangoValidationError as exc:
                raise serializers.ValidationError({"co_organizers": exc.messages}) from exc
        activity = self.instance if self.instance is not None else Activity(federation=attrs.get("federation"))
        try:  # the rules every channel shares, with the same messages
            check_links(self._user(), activity, attrs.get("radiated_to"), rows)
        except DjangoValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        if rows is not None:
            attrs["co_organizers"] = rows
        return attrs

    def _user(self):
        request = self.context.get("request")
        return getattr(request, "user", None)

    def create(self, validated_data):
        return self._write(Activity(), validated_data)

    def update(self, instance, validated_data):
        return self._write(instance, validated_data)

    def _write(self, activity, validated_data):
        co_organizers = validated_data.pop("co_organizers", None)
        radiated = validated_data.pop("radiated_to", None)
        for name, value in validated_data.items():
            setattr(activity, name, value)
        if activity.pk is None and radiated is None:
            radiated = []
        return save_activity(self._user(), activity, radiated_to=radiated, co_organizers=co_organizers).activity


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


class ReviewSerializer(serializers.Serializer):
    """The body of ``return`` (a reason, required) and ``approve`` (none)."""

    reason = serializers.CharField(required=False, allow_blank=True, max_length=200)
