import datetime

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from core import gaps as gap_registry
from core.api.pagination import PageNumberPagination
from core.api.viewsets import ScopedModelViewSet
from core.db import read_from_replica
from core.messages import CITY_OFFICE_ONLY
from core.scope import visible_federation

from .. import dashboard, services
from ..filters import SnapshotFilterSet, SurveyFilterSet
from ..models import IndicatorSetting, IndicatorSnapshot, Survey, SurveyTemplate
from ..surveys import results, subtree_results
from .serializers import (
    DashboardSerializer,
    GapListSerializer,
    GapQuerySerializer,
    IndicatorReportSerializer,
    IndicatorSettingSerializer,
    IndicatorSnapshotSerializer,
    QuestionResultSerializer,
    SurveyResultsSerializer,
    SurveySerializer,
    SurveyTemplateSerializer,
    response_count,
)

ERRORS = {
    400: OpenApiResponse(description="参数有误（如结束日期早于开始日期），返回中文字段错误"),
    403: OpenApiResponse(description="未登录或无权限"),
    404: OpenApiResponse(description="该妇联组织不存在或不在您的查看范围内"),
}
FEDERATION = OpenApiParameter("federation", int, description="妇联组织 id（默认：本人的查看范围）")
DATE_FROM = OpenApiParameter("from", datetime.date, description="开始日期 YYYY-MM-DD（按整月统计）")
DATE_TO = OpenApiParameter("to", datetime.date, description="结束日期 YYYY-MM-DD（按整月统计）")


class CityOfficeWrites(BasePermission):
    """City-wide configuration: every signed-in user reads it, only the city office changes it."""

    message = CITY_OFFICE_ONLY

    def has_permission(self, request, view):
        user = request.user
        if not (user and user.is_authenticated):
            return False
        return request.method in SAFE_METHODS or bool(user.is_active and user.is_city_office)


class SurveyTemplateViewSet(viewsets.ReadOnlyModelViewSet):
    """Survey templates (city-wide): everyone reads; the city office changes them in the admin."""

    queryset = SurveyTemplate.objects.prefetch_related("questions")
    serializer_class = SurveyTemplateSerializer
    permission_classes = [IsAuthenticated]
    search_fields = ["name"]


class SurveyViewSet(ScopedModelViewSet):
    """Surveys opened for a federation, a venue or an activity, with their public link and QR code."""

    queryset = Survey.objects.select_related("federation", "template").annotate(
        response_count=response_count(), flagged_count=response_count(flagged=True)
    )
    serializer_class = SurveySerializer
    filterset_class = SurveyFilterSet
    search_fields = ["title", "federation__name"]
    ordering_fields = ["opens_on", "closes_on", "response_count"]

    @extend_schema(responses={200: QuestionResultSerializer(many=True), 404: ERRORS[404]})
    @action(detail=True, methods=["get"])
    def results(self, request, *args, **kwargs):
        """Per question: the count of each answer, and the latest written comments."""
        return Response(QuestionResultSerializer(results(self.get_object()), many=True).data)


class IndicatorSettingViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin, viewsets.GenericViewSet
):
    """The five indicators' weights, targets and formula parameters (city-wide): everyone reads, the city
    office edits; the next figure read uses the change."""

    queryset = IndicatorSetting.objects.all()
    serializer_class = IndicatorSettingSerializer
    permission_classes = [CityOfficeWrites]
    pagination_class = None


class IndicatorSnapshotViewSet(viewsets.ReadOnlyModelViewSet):
    """Monthly indicator snapshots per federation in the user's view, stored nightly, for trends. Derived
    rows, recomputed (not edited): read-only, no change log."""

    serializer_class = IndicatorSnapshotSerializer
    filterset_class = SnapshotFilterSet
    permission_classes = [IsAuthenticated]
    ordering_fields = ["month", "value"]

    def get_queryset(self):
        return IndicatorSnapshot.objects.visible_to(self.request.user).select_related("federation")


class IndicatorView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[FEDERATION, DATE_FROM, DATE_TO], responses={200: IndicatorReportSerializer, **ERRORS})
    @read_from_replica
    def get(self, request):
        """The five indicators (覆盖率, 身份辨识度, 粘合度, 精准度, 满意度) of a federation's subtree over a period:
        value, numerator, denominator, target and whether it is met, with the components behind each.
        Live figures, in the same number of queries for a community and for the whole city."""
        root, period, _errors = services.report_scope(request.user, request.query_params)
        return Response(IndicatorReportSerializer(services.compute(root, period)).data)


class DashboardView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[FEDERATION, DATE_FROM, DATE_TO], responses={200: DashboardSerializer, **ERRORS})
    @read_from_replica
    def get(self, request):
        """Everything the dashboard shows for one federation: indicators, a row per child (coverage, Women's
        Homes, clusters, activities, satisfaction, gaps), monthly series and the gap count by rule."""
        root, period, _errors = services.report_scope(request.user, request.query_params)
        return Response(DashboardSerializer(dashboard.build(root, period)).data)


class SurveyResultsView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[FEDERATION, DATE_FROM, DATE_TO], responses={200: SurveyResultsSerializer, **ERRORS})
    @read_from_replica
    def get(self, request):
        """Survey results of a federation's subtree and of each of its children over a period: answers,
        满意/基本满意/不满意, and the share who can name their chair or an executive member."""
        root, period, _errors = services.report_scope(request.user, request.query_params)
        body = {
            "federation": {"id": root.pk, "name": root.name, "level": root.level},
            "period": period.as_dict(),
            **subtree_results(root, period),
        }
        return Response(SurveyResultsSerializer(body).data)


class GapView(APIView):
    permission_classes = [IsAuthenticated]
    pagination_class = PageNumberPagination

    @extend_schema(
        parameters=[
            FEDERATION,
            OpenApiParameter("as_of", datetime.date, description="截至日期（默认今天）"),
            OpenApiParameter(
                "pillar", str, description="只看某一支柱：organizations/cadres/venues/activities/evaluations"
            ),
            OpenApiParameter("rule", str, description="只看某条规则（规则编码）"),
            OpenApiParameter("page", int),
            OpenApiParameter("page_size", int),
        ],
        responses={200: GapListSerializer, **ERRORS},
    )
    def get(self, request):
        """Every breach of the reform's rules in a federation's subtree, gathered from all five pillars:
        the rule, the federation, what is missing and a link to fix it."""
        params = GapQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        root = visible_federation(request.user, data.get("federation"))
        as_of = data.get("as_of") or timezone.localdate()
        pillar = data.get("pillar")
        if pillar and pillar not in gap_registry.providers():
            raise ValidationError({"pillar": [_("没有名为“%(name)s”的支柱。") % {"name": pillar}]})
        found = gap_registry.collect(root, as_of, pillars=[pillar] if pillar else None)
        if data.get("rule"):
            found = [gap for gap in found if gap.rule == data["rule"]]
        counts = {}
        for gap in found:
            key = (gap.pillar, gap.rule)
            counts.setdefault(
                key, {"pillar": gap.pillar, "rule": gap.rule, "rule_label": str(gap.rule_label), "count": 0}
            )
            counts[key]["count"] += 1
        paginator = self.pagination_class()
        page = paginator.paginate_queryset([gap.as_dict() for gap in found], request, view=self)
        body = {
            "count": len(found),
            "next": paginator.get_next_link(),
            "previous": paginator.get_previous_link(),
            "federation": {"id": root.pk, "name": root.name, "level": root.level},
            "as_of": as_of,
            "by_rule": sorted(counts.values(), key=lambda item: -item["count"]),
            "results": page,
        }
        return Response(GapListSerializer(body).data, status=status.HTTP_200_OK)
