from decimal import ROUND_HALF_UP

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.serializers import ChoiceLabelField, ScopedModelSerializer

from .. import geo
from ..models import (
    ClusterMembership,
    CommunityCentre,
    ConsultationRequest,
    OnlineService,
    Upgrade,
    UpgradePhoto,
    Venue,
    VenueCluster,
)
from ..services import consultation_due_days

CHECKLIST = [
    "has_place",
    "has_facilities",
    "has_plan",
    "has_rules",
    "has_activities",
    "has_results",
    "unified_name",
    "unified_sign",
    "unified_image",
]


class PlaceSerializer(ScopedModelSerializer):
    """A record with a place (a venue, a community centre): WGS84 longitude and latitude, rounded to the six
    decimals kept, and the datum they were given in; GCJ-02 is converted before the model checks the point
    (range, both or neither, inside the district)."""

    longitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        rounding=ROUND_HALF_UP,
        required=False,
        allow_null=True,
        help_text=_("经度（WGS84/CGCS2000；GCJ-02 坐标请同时传 coordinate_system=gcj02）"),
    )
    latitude = serializers.DecimalField(
        max_digits=8, decimal_places=6, rounding=ROUND_HALF_UP, required=False, allow_null=True, help_text=_("纬度")
    )
    coordinate_system = serializers.ChoiceField(
        choices=[(geo.WGS84, "WGS84/CGCS2000"), (geo.GCJ02, "GCJ-02")],
        default=geo.WGS84,
        write_only=True,
        help_text=_("所传经纬度的坐标系：wgs84（天地图、GPS，默认）或 gcj02（高德、腾讯、微信），保存时换算为 WGS84"),
    )

    def validate(self, attrs):
        system = attrs.pop("coordinate_system", geo.WGS84)
        lng, lat = attrs.get("longitude"), attrs.get("latitude")
        if system == geo.GCJ02 and lng is not None and lat is not None:
            attrs["longitude"], attrs["latitude"] = geo.as_decimals(*geo.gcj02_to_wgs84(float(lng), float(lat)))
        return super().validate(attrs)


class VenueSerializer(PlaceSerializer):
    kind_display = ChoiceLabelField("kind")
    sharing_mode_display = ChoiceLabelField("sharing_mode")
    federation_name = serializers.CharField(source="federation.name", read_only=True)
    provider_unit_name = serializers.CharField(source="provider_unit.name", read_only=True, default=None)
    liuyou_met = serializers.IntegerField(read_only=True, help_text=_("“六有”达标项数（0–6）"))
    santongyi_met = serializers.IntegerField(read_only=True, help_text=_("“三统一”达标项数（0–3）"))
    cluster = serializers.SerializerMethodField(help_text=_("所属片区"))
    cluster_name = serializers.SerializerMethodField()
    is_demonstration = serializers.SerializerMethodField(help_text=_("是否为市级示范妇女之家"))

    class Meta:
        model = Venue
        fields = [
            "id",
            "name",
            "code",
            "kind",
            "kind_display",
            "federation",
            "federation_name",
            "sharing_mode",
            "sharing_mode_display",
            "provider_name",
            "provider_unit",
            "provider_unit_name",
            "address",
            "longitude",
            "latitude",
            "coordinate_system",
            "area_m2",
            "opening_hours",
            "phone",
            "opened_on",
            *CHECKLIST,
            "liuyou_met",
            "santongyi_met",
            "star_rating",
            "description",
            "cluster",
            "cluster_name",
            "is_demonstration",
            "archived_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["archived_at", "created_at", "updated_at"]

    def _membership(self, obj):
        if hasattr(obj, "cluster_ref"):
            return None
        if not hasattr(obj, "_membership_cache"):
            obj._membership_cache = obj.cluster_memberships.select_related("cluster").first()
        return obj._membership_cache

    def get_cluster(self, obj) -> int | None:
        if hasattr(obj, "cluster_ref"):
            return obj.cluster_ref
        membership = self._membership(obj)
        return membership.cluster_id if membership else None

    def get_cluster_name(self, obj) -> str | None:
        if hasattr(obj, "cluster_ref"):
            return obj.cluster_name
        membership = self._membership(obj)
        return membership.cluster.name if membership else None

    def get_is_demonstration(self, obj) -> bool:
        if hasattr(obj, "cluster_ref"):
            return bool(obj.is_demonstration)
        membership = self._membership(obj)
        return bool(membership and membership.is_demonstration)


class CommunityCentreSerializer(PlaceSerializer):
    """A community's (village's) centre, where its reach is measured from: one per community."""

    federation_name = serializers.CharField(source="federation.name", read_only=True)
    longitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        rounding=ROUND_HALF_UP,
        help_text=_("经度（WGS84/CGCS2000；GCJ-02 坐标请同时传 coordinate_system=gcj02）"),
    )
    latitude = serializers.DecimalField(max_digits=8, decimal_places=6, rounding=ROUND_HALF_UP, help_text=_("纬度"))

    class Meta:
        model = CommunityCentre
        fields = [
            "id",
            "federation",
            "federation_name",
            "longitude",
            "latitude",
            "coordinate_system",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class ClusterMemberSerializer(serializers.ModelSerializer):
    """A home as listed inside its cluster, with its standards."""

    venue_name = serializers.CharField(source="venue.name", read_only=True)
    venue_code = serializers.CharField(source="venue.code", read_only=True)
    federation = serializers.IntegerField(source="venue.federation_id", read_only=True)
    federation_name = serializers.CharField(source="venue.federation.name", read_only=True)
    star_rating = serializers.IntegerField(source="venue.star_rating", read_only=True)
    liuyou_met = serializers.IntegerField(source="venue.liuyou_met", read_only=True)
    santongyi_met = serializers.IntegerField(source="venue.santongyi_met", read_only=True)

    class Meta:
        model = ClusterMembership
        fields = [
            "id",
            "venue",
            "venue_name",
            "venue_code",
            "federation",
            "federation_name",
            "is_demonstration",
            "designated_on",
            "star_rating",
            "liuyou_met",
            "santongyi_met",
        ]


class VenueClusterSerializer(ScopedModelSerializer):
    district_name = serializers.CharField(source="district.name", read_only=True)
    member_count = serializers.SerializerMethodField()
    demonstration_home = serializers.SerializerMethodField(help_text=_("市级示范妇女之家（妇女之家 id）"))
    members = ClusterMemberSerializer(source="memberships", many=True, read_only=True)

    class Meta:
        model = VenueCluster
        fields = [
            "id",
            "name",
            "code",
            "district",
            "district_name",
            "description",
            "member_count",
            "demonstration_home",
            "members",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_member_count(self, obj) -> int:
        return len(obj.memberships.all())

    def get_demonstration_home(self, obj) -> int | None:
        return next((m.venue_id for m in obj.memberships.all() if m.is_demonstration), None)


class ClusterMembershipSerializer(ScopedModelSerializer):
    cluster_name = serializers.CharField(source="cluster.name", read_only=True)
    venue_name = serializers.CharField(source="venue.name", read_only=True)

    class Meta:
        model = ClusterMembership
        fields = ["id", "cluster", "cluster_name", "venue", "venue_name", "is_demonstration", "designated_on"]


class UpgradePhotoSerializer(ScopedModelSerializer):
    class Meta:
        model = UpgradePhoto
        fields = ["id", "upgrade", "image", "caption", "created_at"]
        read_only_fields = ["created_at"]


class UpgradeSerializer(ScopedModelSerializer):
    venue_name = serializers.CharField(source="venue.name", read_only=True)
    item_list = serializers.ListField(child=serializers.CharField(), read_only=True)
    photos = UpgradePhotoSerializer(many=True, read_only=True)

    class Meta:
        model = Upgrade
        fields = [
            "id",
            "venue",
            "venue_name",
            "upgraded_on",
            "items",
            "item_list",
            "spend",
            "stars_before",
            "stars_after",
            "notes",
            "photos",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class OnlineServiceSerializer(ScopedModelSerializer):
    section_display = ChoiceLabelField("section")
    federation_name = serializers.CharField(source="federation.name", read_only=True)

    class Meta:
        model = OnlineService
        fields = [
            "id",
            "section",
            "section_display",
            "name",
            "federation",
            "federation_name",
            "url",
            "wechat_path",
            "description",
            "is_active",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]


class ConsultationRequestSerializer(ScopedModelSerializer):
    category_display = ChoiceLabelField("category")
    federation_name = serializers.CharField(source="federation.name", read_only=True)
    answered_in_time = serializers.SerializerMethodField(help_text=_("是否在时限内答复"))

    class Meta:
        model = ConsultationRequest
        fields = [
            "id",
            "federation",
            "federation_name",
            "service",
            "channel",
            "category",
            "category_display",
            "received_on",
            "answered_on",
            "answered_in_time",
            "summary",
            "answer",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["created_at", "updated_at"]

    def get_answered_in_time(self, obj) -> bool:
        if obj.answered_on is None or obj.received_on is None:
            return False
        return (obj.answered_on - obj.received_on).days <= consultation_due_days()


class PrecisionSerializer(serializers.Serializer):
    federation = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()
    logged = serializers.IntegerField()
    answered = serializers.IntegerField()
    answered_in_time = serializers.IntegerField()
    due_days = serializers.IntegerField()
    ratio = serializers.FloatField(allow_null=True)
