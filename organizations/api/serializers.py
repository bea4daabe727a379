from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.serializers import ChoiceLabelField, ScopedModelSerializer

from ..models import Federation, JointBuildingCluster, MemberUnit, MemberUnitMembership, WomenOrganization
from ..validators import validate_credit_code


class FederationSerializer(ScopedModelSerializer):
    level_display = ChoiceLabelField("level")
    parent_name = serializers.CharField(source="parent.name", read_only=True, default=None, allow_null=True)
    depth = serializers.IntegerField(source="mptt_level", read_only=True)
    member_unit_count = serializers.IntegerField(
        read_only=True, default=None, allow_null=True, help_text=_("现有成员单位数（列表与详情）")
    )
    women_organization_count = serializers.IntegerField(
        read_only=True, default=None, allow_null=True, help_text=_("妇女组织数（列表与详情）")
    )

    class Meta:
        model = Federation
        fields = [
            "id",
            "name",
            "code",
            "level",
            "level_display",
            "parent",
            "parent_name",
            "depth",
            "address",
            "contact_person",
            "phone",
            "regionalized_on",
            "is_brigade",
            "name_is_generated",
            "member_unit_count",
            "women_organization_count",
            "archived_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["archived_at", "created_at", "updated_at", "name_is_generated"]


class MemberUnitMembershipSerializer(serializers.ModelSerializer):
    federation_name = serializers.CharField(source="federation.name", read_only=True)

    class Meta:
        model = MemberUnitMembership
        fields = ["id", "federation", "federation_name", "joined_on", "left_on"]
        read_only_fields = fields


class MemberUnitSerializer(ScopedModelSerializer):
    unit_type_display = ChoiceLabelField("unit_type")
    federation_name = serializers.CharField(source="federation.name", read_only=True)
    memberships = MemberUnitMembershipSerializer(many=True, read_only=True)

    class Meta:
        model = MemberUnit
        fields = [
            "id",
            "unit_type",
            "unit_type_display",
            "name",
            "credit_code",
            "address",
            "contact_person",
            "phone",
            "federation",
            "federation_name",
            "joined_on",
            "left_on",
            "is_party_building_member",
            "women_count",
            "memberships",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]
        # Uniqueness is the model's rule, whose message names the federation the unit already belongs to.
        extra_kwargs = {"credit_code": {"validators": [validate_credit_code]}}


class WomenOrganizationSerializer(ScopedModelSerializer):
    org_type_display = ChoiceLabelField("org_type")
    federation_name = serializers.CharField(source="federation.name", read_only=True)
    host_unit_name = serializers.CharField(source="host_unit.name", read_only=True, default=None, allow_null=True)

    class Meta:
        model = WomenOrganization
        fields = [
            "id",
            "org_type",
            "org_type_display",
            "name",
            "founded_on",
            "federation",
            "federation_name",
            "host_unit",
            "host_unit_name",
            "member_count",
            "status",
            "dissolved_on",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class JointBuildingMemberSerializer(serializers.ModelSerializer):
    class Meta:
        model = Federation
        fields = ["id", "name", "code", "level"]
        read_only_fields = fields


class JointBuildingClusterSerializer(ScopedModelSerializer):
    mode_display = ChoiceLabelField("mode")
    core_name = serializers.CharField(source="core.name", read_only=True)
    lead_company_name = serializers.CharField(source="lead_company.name", read_only=True, default=None, allow_null=True)
    member_details = JointBuildingMemberSerializer(source="members", many=True, read_only=True)

    class Meta:
        model = JointBuildingCluster
        fields = [
            "id",
            "name",
            "mode",
            "mode_display",
            "core",
            "core_name",
            "members",
            "member_details",
            "lead_company",
            "lead_company_name",
            "started_on",
            "description",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def validate(self, attrs):
        instance = self.instance
        if "members" in attrs:
            members = list(attrs["members"])
        else:
            members = list(instance.members.all()) if instance is not None else []
        # The model's clean() checks the members about to be saved (an update), not the stored ones.
        if instance is not None:
            instance._pending_members = members
        try:
            attrs = super().validate(attrs)
        finally:
            if instance is not None:
                instance.__dict__.pop("_pending_members", None)
        if instance is None and members:
            errors = JointBuildingCluster.member_errors(attrs["core"], members)
            if errors:
                raise serializers.ValidationError({"members": errors})
        return attrs


class RegionalCoverageFigureSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    regionalized = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True, help_text=_("已完成比例（0–1），无此层级时为空"))


class RegionalCoverageChildSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    code = serializers.CharField()
    level = serializers.CharField()
    streets = RegionalCoverageFigureSerializer()
    communities_villages = RegionalCoverageFigureSerializer()


class RegionalCoverageSerializer(serializers.Serializer):
    federation = serializers.IntegerField()
    federation_name = serializers.CharField()
    as_of = serializers.DateField()
    streets = RegionalCoverageFigureSerializer(help_text=_("街道（乡镇）"))
    communities_villages = RegionalCoverageFigureSerializer(help_text=_("社区（村）"))
    levels = serializers.DictField(child=RegionalCoverageFigureSerializer())
    children = RegionalCoverageChildSerializer(many=True)
