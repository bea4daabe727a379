from datetime import date

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.viewsets import ScopedModelViewSet
from core.archiving import ArchiveViewSetMixin
from core.scope import resolve_federation

from .. import services
from ..filters import (
    FederationFullFilterSet,
    JointBuildingClusterFilterSet,
    MemberUnitFilterSet,
    WomenOrganizationFilterSet,
)
from ..models import Federation, JointBuildingCluster, MemberUnit, MemberUnitMembership, WomenOrganization
from .serializers import (
    FederationSerializer,
    JointBuildingClusterSerializer,
    MemberUnitSerializer,
    RegionalCoverageSerializer,
    WomenOrganizationSerializer,
)


class FederationViewSet(ArchiveViewSetMixin, ScopedModelViewSet):
    queryset = Federation.objects.select_related("parent")
    serializer_class = FederationSerializer
    filterset_class = FederationFullFilterSet
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code", "lft", "created_at", "regionalized_on"]

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset.with_counts() if self.action in ("list", "retrieve") else queryset


class MemberUnitViewSet(ScopedModelViewSet):
    queryset = MemberUnit.objects.select_related("federation").prefetch_related(
        Prefetch("memberships", queryset=MemberUnitMembership.objects.select_related("federation"))
    )
    serializer_class = MemberUnitSerializer
    filterset_class = MemberUnitFilterSet
    search_fields = ["name", "credit_code"]
    ordering_fields = ["name", "joined_on", "women_count", "created_at"]


class WomenOrganizationViewSet(ScopedModelViewSet):
    queryset = WomenOrganization.objects.select_related("federation", "host_unit")
    serializer_class = WomenOrganizationSerializer
    filterset_class = WomenOrganizationFilterSet
    search_fields = ["name"]
    ordering_fields = ["name", "founded_on", "member_count", "created_at"]


class JointBuildingClusterViewSet(ScopedModelViewSet):
    queryset = JointBuildingCluster.objects.select_related("core__parent", "lead_company__federation").prefetch_related(
        "members"
    )
    serializer_class = JointBuildingClusterSerializer
    filterset_class = JointBuildingClusterFilterSet
    search_fields = ["name"]
    ordering_fields = ["name", "started_on", "created_at"]


def parse_date(value, field):
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValidationError({field: [_("日期格式应为 YYYY-MM-DD。")]}) from exc


class CoverageView(APIView):
    """Regionalisation coverage (区域化建设覆盖率) of a federation's subtree on a date: streets/townships and
    communities/villages, total, regionalised and share, per level and for each direct child."""

    @extend_schema(
        parameters=[
            OpenApiParameter("federation", OpenApiTypes.INT, description="妇联 id（默认：本人可见范围的顶层）"),
            OpenApiParameter("as_of", OpenApiTypes.DATE, description="截至日期 YYYY-MM-DD（默认：今天）"),
        ],
        responses={
            200: RegionalCoverageSerializer,
            400: OpenApiResponse(description="参数错误"),
            404: OpenApiResponse(),
        },
    )
    def get(self, request):
        as_of = parse_date(request.query_params["as_of"], "as_of") if request.query_params.get("as_of") else None
        as_of = as_of or timezone.localdate()
        root = resolve_federation(request)
        data = {
            "federation": root.pk,
            "federation_name": root.name,
            "as_of": as_of,
            **services.coverage(root, as_of),
            "children": services.coverage_by_child(root, as_of),
        }
        return Response(RegionalCoverageSerializer(data).data)
