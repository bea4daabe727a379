from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api.viewsets import ScopedModelViewSet
from core.dates import month_bounds, parse_month
from core.scope import visible_federation

from .. import counts, idempotency, review
from ..filters import ActivityFilterSet, SocialOrganizationFilterSet, TeamFilterSet
from ..models import Activity, ActivityKind, CoOrganizer, SocialOrganization, Team
from ..models.activity import TARGET_FIELDS
from ..photos import check_photo_count, check_photos, save_photos
from ..services import summary
from .serializers import (
    ActivityKindSerializer,
    ActivityPhotoSerializer,
    ActivitySerializer,
    ReviewSerializer,
    SocialOrganizationSerializer,
    SummarySerializer,
    TeamSerializer,
)

PHOTO_UPLOAD_SCHEMA = {
    "type": "object",
    "properties": {"photos": {"type": "array", "items": {"type": "string", "format": "binary"}}},
}


class ActivityKindViewSet(viewsets.ReadOnlyModelViewSet):
    """The activity kinds: city-wide reference data, read by every signed-in user (the city office edits
    them in the admin)."""

    queryset = ActivityKind.objects.filter(is_active=True)
    serializer_class = ActivityKindSerializer
    permission_classes = [IsAuthenticated]
    pagination_class = None
    search_fields = ["name", "code"]


class ActivityViewSet(ScopedModelViewSet):
    queryset = Activity.objects.select_related("federation", "kind", "venue", "created_by").prefetch_related(
        "radiated_to",
        "photos",
        Prefetch("co_organizers", queryset=CoOrganizer.objects.select_related(*TARGET_FIELDS)),
    )
    serializer_class = ActivitySerializer
    filterset_class = ActivityFilterSet
    search_fields = ["title", "description"]
    ordering_fields = ["start", "participants", "created_at"]
    # Query parameters that do not narrow the list: with only these, its count comes from the counters.
    UNNARROWED = frozenset({"page", "page_size", "ordering", "format"})

    @extend_schema(
        parameters=[
            OpenApiParameter(
                idempotency.HEADER,
                str,
                OpenApiParameter.HEADER,
                description="提交标识（8–64 位字母、数字、-、_）：同一登记人重复提交只创建一次，返回 200 与原活动",
            )
        ],
        responses={201: ActivitySerializer, 200: ActivitySerializer, 400: OpenApiResponse()},
    )
    def create(self, request, *args, **kwargs):
        """Create an activity. With an ``Idempotency-Key`` header (or ``client_key`` in the body) a replay of
        the same submission, even a concurrent one, answers 200 with the activity the first one created."""
        try:
            body_key = request.data.get("client_key") if hasattr(request.data, "get") else None
            key = idempotency.clean_key(request.headers.get(idempotency.HEADER) or body_key)
        except DjangoValidationError as exc:
            raise ValidationError({"client_key": exc.messages}) from None
        found = idempotency.existing(request.user, key)
        if found is None:
            serializer = self.get_serializer(data=request.data)
            serializer.is_valid(raise_exception=True)

            def write():
                with transaction.atomic():
                    activity = serializer.save(client_key=key)
                    self._check_saved(activity)
                return activity

            found, created = idempotency.create_once(request.user, key, write)
            if created:
                headers = self.get_success_headers(serializer.data)
                return Response(serializer.data, status=status.HTTP_201_CREATED, headers=headers)
        # A replay: the one already created (even if it has left her view since: she created it).
        activity = self.get_queryset().filter(pk=found.pk).first() or found
        return Response(self.get_serializer(activity).data, status=status.HTTP_200_OK)

    def known_count(self, queryset):
        """The count of the whole visible list from the per-federation counters (exact: kept current in
        the same transaction as every activity), instead of counting a million rows for each page; None
        (count the rows) when a filter or a search narrows the list."""
        if self.action != "list" or set(self.request.query_params) - self.UNNARROWED:
            return None
        return counts.subtree_total(self.request.user)

    @extend_schema(
        request={"multipart/form-data": PHOTO_UPLOAD_SCHEMA},
        responses={
            201: ActivityPhotoSerializer(many=True),
            400: OpenApiResponse(description="不是图片、过大或超过 9 张"),
        },
    )
    @action(detail=True, methods=["post"], url_path="photos", parser_classes=[MultiPartParser])
    def photos(self, request, *args, **kwargs):
        """Add photos (JPEG, PNG or WebP, at most nine per activity, each under MAX_PHOTO_BYTES)."""
        activity = self.get_object()
        files = request.FILES.getlist("photos")
        if not files:
            raise ValidationError({"photos": [_("请选择要上传的照片。")]})
        try:  # the counts first: nothing is opened when there are too many
            check_photo_count(activity.photos.count(), len(files))
            checked, errors = check_photos(files)
        except DjangoValidationError as exc:
            raise ValidationError({"photos": exc.messages}) from None
        if errors:
            raise ValidationError({"photos": errors})
        last = activity.photos.order_by("-order").values_list("order", flat=True).first()
        stored = save_photos(activity, checked, (last or 0) + 1)
        return Response(ActivityPhotoSerializer(stored, many=True).data, status=status.HTTP_201_CREATED)

    def _review(self, request, action):
        if not review.is_reviewer(request.user):
            raise PermissionDenied(_("只有上级妇联的工作人员可以审核活动。"))
        body = ReviewSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            (activity,) = review.review(
                request.user, [self.kwargs["pk"]], action, body.validated_data.get("reason", "")
            )
        except LookupError:
            raise NotFound() from None
        except DjangoValidationError as exc:
            raise ValidationError(exc.message_dict) from None
        activity = self.get_queryset().get(pk=activity.pk)
        return Response(self.get_serializer(activity).data)

    @extend_schema(request=None, responses={200: ActivitySerializer, 403: OpenApiResponse(), 404: OpenApiResponse()})
    @action(detail=True, methods=["post"], url_path="approve")
    def approve(self, request, *args, **kwargs):
        """Approve (通过) a submitted activity: the federation one level up (REVIEW_LEVELS); 404 outside it."""
        return self._review(request, review.APPROVE)

    @extend_schema(
        request=ReviewSerializer,
        responses={200: ActivitySerializer, 400: OpenApiResponse(description="未填退回原因"), 404: OpenApiResponse()},
    )
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, *args, **kwargs):
        """Return (退回) an activity to the chair with a reason (required)."""
        return self._review(request, review.RETURN)


class SocialOrganizationViewSet(ScopedModelViewSet):
    queryset = SocialOrganization.objects.select_related("cultivated_by").prefetch_related("introduced_by")
    serializer_class = SocialOrganizationSerializer
    filterset_class = SocialOrganizationFilterSet
    search_fields = ["name", "contact_person"]
    ordering_fields = ["name", "founded_on", "member_count"]


class TeamViewSet(ScopedModelViewSet):
    queryset = Team.objects.select_related("federation", "leader")
    serializer_class = TeamSerializer
    filterset_class = TeamFilterSet
    search_fields = ["name", "leader_name"]
    ordering_fields = ["name", "women_count"]


class SummaryView(APIView):
    """Monthly summary of the activities that reached a federation's subtree, each counted once."""

    @extend_schema(
        parameters=[
            OpenApiParameter("federation", int, required=True, description="妇联组织 id"),
            OpenApiParameter("month", str, required=True, description="月份，YYYY-MM"),
        ],
        responses={200: SummarySerializer, 400: OpenApiResponse(description="参数错误"), 404: OpenApiResponse()},
    )
    def get(self, request):
        errors = {}
        federation_id = request.query_params.get("federation", "")
        if not federation_id.isdigit():
            errors["federation"] = [_("请指定妇联组织（federation=<id>）。")]
        try:
            month = parse_month(request.query_params.get("month", ""))
        except ValueError:
            errors["month"] = [_("月份格式应为 YYYY-MM，例如 2024-05。")]
        if errors:
            raise serializers.ValidationError(errors)
        federation = visible_federation(request.user, federation_id)
        start, end = month_bounds(month)
        data = summary(federation, start, end)
        data.update(federation=federation.pk, federation_name=federation.name, month=f"{month:%Y-%m}")
        return Response(SummarySerializer(data).data)
