from datetime import date

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.viewsets import ScopedModelViewSet
from core.archiving import ArchiveViewSetMixin
from core.scope import visible_federation

from ..filters import (
    ClusterMembershipFilterSet,
    CommunityCentreFilterSet,
    ConsultationFilterSet,
    OnlineServiceFilterSet,
    UpgradeFilterSet,
    VenueClusterFilterSet,
    VenueFilterSet,
)
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
from ..services import consultation_precision, designate_demonstration
from .serializers import (
    ClusterMembershipSerializer,
    CommunityCentreSerializer,
    ConsultationRequestSerializer,
    OnlineServiceSerializer,
    PrecisionSerializer,
    UpgradePhotoSerializer,
    UpgradeSerializer,
    VenueClusterSerializer,
    VenueSerializer,
)


def constraint_message(exc):
    """The Chinese message of the membership constraint a concurrent write ran into."""
    text = str(exc)
    if "one_demonstration_home_per_cluster" in text or "cluster_id" in text:
        return _("该片区已有市级示范妇女之家，每个片区只能有一个。")
    return _("该妇女之家已编入其他片区，一个妇女之家只能属于一个片区。")


class VenueViewSet(ArchiveViewSetMixin, ScopedModelViewSet):
    queryset = Venue.objects.select_related("federation", "provider_unit").with_cluster()
    serializer_class = VenueSerializer
    filterset_class = VenueFilterSet
    search_fields = ["name", "code", "address", "provider_name"]
    ordering_fields = ["name", "code", "star_rating", "area_m2", "created_at"]


class CommunityCentreViewSet(ScopedModelViewSet):
    """Community centres (where the reach gap is measured from), in the user's part of the tree, written as
    venues are: WGS84 or GCJ-02, checked inside the community's district."""

    queryset = CommunityCentre.objects.select_related("federation")
    serializer_class = CommunityCentreSerializer
    filterset_class = CommunityCentreFilterSet
    search_fields = ["federation__name"]
    ordering_fields = ["federation__lft", "created_at"]


class DesignateSerializer(serializers.Serializer):
    venue = serializers.PrimaryKeyRelatedField(queryset=Venue.objects.all(), label=_("妇女之家"))
    designated_on = serializers.DateField(required=False, allow_null=True, label=_("命名日期"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["venue"].queryset = Venue.objects.visible_to(request.user)


class VenueClusterViewSet(ScopedModelViewSet):
    queryset = VenueCluster.objects.select_related("district").prefetch_related(
        Prefetch(
            "memberships",
            queryset=ClusterMembership.objects.select_related("venue__federation").order_by(
                "-is_demonstration", "venue__name"
            ),
        )
    )
    serializer_class = VenueClusterSerializer
    filterset_class = VenueClusterFilterSet
    search_fields = ["name", "code"]
    ordering_fields = ["name", "code", "created_at"]

    @extend_schema(request=DesignateSerializer, responses={200: VenueClusterSerializer})
    @action(detail=True, methods=["post"])
    def designate(self, request, pk=None):
        """Make a home the cluster's demonstration home (adding it to the cluster if needed); the previous
        one keeps its place in the cluster without the title. One transaction."""
        cluster = self.get_object()
        payload = DesignateSerializer(data=request.data, context={"request": request})
        payload.is_valid(raise_exception=True)
        try:
            with transaction.atomic():
                designate_demonstration(
                    cluster, payload.validated_data["venue"], payload.validated_data.get("designated_on")
                )
        except DjangoValidationError as exc:
            raise ValidationError(serializers.as_serializer_error(exc)) from exc
        except IntegrityError as exc:
            raise ValidationError({"venue": [constraint_message(exc)]}) from exc
        return Response(self.get_serializer(self.get_queryset().get(pk=cluster.pk)).data)


class ClusterMembershipViewSet(ScopedModelViewSet):
    """Homes in clusters. Two writers racing for a cluster's demonstration home: the database keeps one and
    the other gets the same 400 as if it had come second."""

    queryset = ClusterMembership.objects.select_related("cluster", "venue")
    serializer_class = ClusterMembershipSerializer
    filterset_class = ClusterMembershipFilterSet

    def _save_guarded(self, save, serializer):
        try:
            with transaction.atomic():
                save(serializer)
        except IntegrityError as exc:
            raise ValidationError({"is_demonstration": [constraint_message(exc)]}) from exc

    def perform_create(self, serializer):
        self._save_guarded(super().perform_create, serializer)

    def perform_update(self, serializer):
        self._save_guarded(super().perform_update, serializer)


class UpgradeViewSet(ScopedModelViewSet):
    queryset = Upgrade.objects.select_related("venue").prefetch_related("photos")
    serializer_class = UpgradeSerializer
    filterset_class = UpgradeFilterSet
    search_fields = ["items", "venue__name"]
    ordering_fields = ["upgraded_on", "spend", "created_at"]


class UpgradePhotoViewSet(ScopedModelViewSet):
    queryset = UpgradePhoto.objects.all()
    serializer_class = UpgradePhotoSerializer
    filterset_fields = ["upgrade"]


class OnlineServiceViewSet(ScopedModelViewSet):
    queryset = OnlineService.objects.select_related("federation")
    serializer_class = OnlineServiceSerializer
    filterset_class = OnlineServiceFilterSet
    search_fields = ["name", "description"]


class ConsultationRequestViewSet(ScopedModelViewSet):
    queryset = ConsultationRequest.objects.select_related("federation")
    serializer_class = ConsultationRequestSerializer
    filterset_class = ConsultationFilterSet
    search_fields = ["summary"]
    ordering_fields = ["received_on", "answered_on", "created_at"]


class PrecisionQuery(serializers.Serializer):
    federation = serializers.IntegerField()
    start = serializers.DateField()
    end = serializers.DateField()

    def validate(self, attrs):
        if attrs["end"] < attrs["start"]:
            raise serializers.ValidationError({"end": _("结束日期不能早于开始日期。")})
        return attrs


class ConsultationPrecisionView(APIView):
    """精准度: rights consultations answered in time ÷ consultations logged, for a federation's subtree."""

    @extend_schema(
        parameters=[
            OpenApiParameter("federation", int, required=True, description="妇联 id（含全部下级）"),
            OpenApiParameter("start", date, required=True, description="受理日期起"),
            OpenApiParameter("end", date, required=True, description="受理日期止"),
        ],
        responses={200: PrecisionSerializer, 404: OpenApiResponse(description="Not found")},
    )
    def get(self, request):
        query = PrecisionQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        root = visible_federation(request.user, params["federation"])
        result = consultation_precision(root, params["start"], params["end"])
        return Response(PrecisionSerializer({**params, "federation": root.pk, **result}).data)
