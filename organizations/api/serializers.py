from rest_framework import serializers

from wuhan_fulian.api.serializers import ScopedModelSerializer

from ..models import Federation


class FederationSerializer(ScopedModelSerializer):
    level_display = serializers.CharField(source="get_level_display", read_only=True)
    parent_name = serializers.CharField(source="parent.name", read_only=True, default=None)
    depth = serializers.IntegerField(source="mptt_level", read_only=True)

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
            "archived_at",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["archived_at", "created_at", "updated_at"]
