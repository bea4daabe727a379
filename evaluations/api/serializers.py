from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from core.api.serializers import ChoiceLabelField, ScopedModelSerializer

from ..choices import SurveyTarget
from ..models import IndicatorSetting, IndicatorSnapshot, Survey, SurveyQuestion, SurveyResponse, SurveyTemplate


def response_count(**conditions):
    """The survey's stored answers (``flagged=True``: those flagged), as a subquery annotation."""
    counts = (
        SurveyResponse.objects.filter(survey_id=OuterRef("pk"), **conditions)
        .order_by()
        .values("survey_id")
        .annotate(n=Count("*"))  # COUNT(*): read from the survey_id index alone (no table rows)
    )
    return Coalesce(Subquery(counts.values("n")[:1]), 0)


class SurveyQuestionSerializer(serializers.ModelSerializer):
    class Meta:
        model = SurveyQuestion
        fields = ["id", "position", "kind", "text", "required"]


class SurveyTemplateSerializer(ScopedModelSerializer):
    questions = SurveyQuestionSerializer(many=True, read_only=True)

    class Meta:
        model = SurveyTemplate
        fields = ["id", "name", "description", "is_active", "questions"]


class SurveySerializer(ScopedModelSerializer):
    federation_name = serializers.CharField(source="federation.name", read_only=True)
    target_kind = serializers.ChoiceField(choices=SurveyTarget.choices, read_only=True)
    state = serializers.SerializerMethodField(help_text="open 进行中 / not_open 未开始 / closed 已结束")
    public_url = serializers.SerializerMethodField()
    qr_svg_url = serializers.SerializerMethodField()
    poster_url = serializers.SerializerMethodField()
    response_count = serializers.SerializerMethodField(help_text="已收到的答卷（含已标记的）")
    flagged_count = serializers.SerializerMethodField(help_text="已标记的答卷（疑似重复刷票，默认不计入统计）")

    class Meta:
        model = Survey
        fields = [
            "id",
            "title",
            "intro",
            "template",
            "federation",
            "federation_name",
            "venue",
            "activity",
            "target_kind",
            "opens_on",
            "closes_on",
            "state",
            "token",
            "public_url",
            "qr_svg_url",
            "poster_url",
            "response_count",
            "flagged_count",
        ]
        read_only_fields = ["token"]

    def _absolute(self, path):
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_response_count(self, obj) -> int:
        count = getattr(obj, "response_count", None)  # annotated on lists; counted after a write
        return obj.responses.count() if count is None else count

    def get_flagged_count(self, obj) -> int:
        count = getattr(obj, "flagged_count", None)
        return obj.responses.filter(flagged=True).count() if count is None else count

    def get_state(self, obj) -> str:
        return obj.state_on(timezone.localdate())

    def get_public_url(self, obj) -> str:
        return self._absolute(reverse("evaluations:answer", args=[obj.token]))

    def get_qr_svg_url(self, obj) -> str:
        return self._absolute(reverse("evaluations:qr-svg", args=[obj.token]))

    def get_poster_url(self, obj) -> str:
        return self._absolute(reverse("evaluations:poster", args=[obj.pk]))


class QuestionResultSerializer(serializers.Serializer):
    question = serializers.IntegerField()
    position = serializers.IntegerField()
    kind = serializers.CharField()
    text = serializers.CharField()
    answered = serializers.IntegerField(help_text="计入统计的作答数")
    flagged = serializers.IntegerField(help_text="已标记、未计入统计的作答数")
    satisfied = serializers.IntegerField(required=False)
    basic = serializers.IntegerField(required=False)
    unsatisfied = serializers.IntegerField(required=False)
    yes = serializers.IntegerField(required=False)
    no = serializers.IntegerField(required=False)
    latest = serializers.ListField(child=serializers.CharField(), required=False)


class IndicatorSettingSerializer(ScopedModelSerializer):
    indicator_label = ChoiceLabelField("indicator")

    class Meta:
        model = IndicatorSetting
        fields = ["id", "indicator", "indicator_label", "weight", "target", "enabled", "params", "note"]


class IndicatorSnapshotSerializer(serializers.ModelSerializer):
    federation_name = serializers.CharField(source="federation.name", read_only=True)

    class Meta:
        model = IndicatorSnapshot
        fields = [
            "id",
            "federation",
            "federation_name",
            "month",
            "indicator",
            "value",
            "numerator",
            "denominator",
            "target",
            "meets_target",
            "computed_at",
        ]


# --- query parameters and non-model answers (documentation and validation) -----------------------------


class PeriodQuerySerializer(serializers.Serializer):
    """?federation=<id>&from=YYYY-MM-DD&to=YYYY-MM-DD; whole months are counted."""

    federation = serializers.IntegerField(required=False, min_value=1, label=_("妇联组织"))
    MAX_MONTHS = 120

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False, label=_("开始日期"))
        fields["to"] = serializers.DateField(required=False, label=_("结束日期"))
        return fields

    def validate(self, attrs):
        start, end = attrs.get("from"), attrs.get("to")
        if start and end and end < start:
            raise serializers.ValidationError({"to": [_("结束日期不能早于开始日期。")]})
        if start and end and (end.year - start.year) * 12 + end.month - start.month >= self.MAX_MONTHS:
            raise serializers.ValidationError({"to": [_("统计期间不能超过 10 年。")]})
        if bool(start) != bool(end):
            raise serializers.ValidationError({"from": [_("开始日期和结束日期须同时填写。")]})
        return attrs


class GapQuerySerializer(serializers.Serializer):
    federation = serializers.IntegerField(required=False, min_value=1, label=_("妇联组织"))
    as_of = serializers.DateField(required=False, label=_("截至日期"))
    pillar = serializers.CharField(required=False, label=_("支柱"))
    rule = serializers.CharField(required=False, label=_("规则"))


class ComponentSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    counted = serializers.BooleanField(help_text="是否计入指标值")
    unit = serializers.ChoiceField(choices=["ratio", "rate"])


class IndicatorValueSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True, help_text="分子 ÷ 分母，无数据时为 null")
    numerator = serializers.IntegerField()
    denominator = serializers.IntegerField()
    target = serializers.FloatField()
    meets_target = serializers.BooleanField(allow_null=True)
    weight = serializers.FloatField()
    enabled = serializers.BooleanField()
    note = serializers.CharField()
    components = ComponentSerializer(many=True)


class EvaluationFederationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()


class EvaluationPeriodSerializer(serializers.Serializer):
    def get_fields(self):
        return {
            "from": serializers.DateField(),
            "to": serializers.DateField(),
            "as_of": serializers.DateField(),
            "months": serializers.IntegerField(),
        }


class IndicatorReportSerializer(serializers.Serializer):
    federation = EvaluationFederationSerializer()
    period = EvaluationPeriodSerializer()
    score = serializers.FloatField(allow_null=True, help_text="按权重合成的得分（满分 100）")
    indicators = IndicatorValueSerializer(many=True)
    totals = serializers.DictField(child=serializers.IntegerField(), help_text="月度统计的合计（答卷、评议、活动等）")


class GapSerializer(serializers.Serializer):
    rule = serializers.CharField()
    rule_label = serializers.CharField()
    federation_id = serializers.IntegerField()
    federation_name = serializers.CharField()
    missing = serializers.CharField()
    pillar = serializers.CharField()
    fix_url = serializers.CharField()
    extra = serializers.DictField(required=False)


class GapCountSerializer(serializers.Serializer):
    pillar = serializers.CharField()
    rule = serializers.CharField()
    rule_label = serializers.CharField()
    count = serializers.IntegerField()


class GapListSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    federation = EvaluationFederationSerializer()
    as_of = serializers.DateField()
    by_rule = GapCountSerializer(many=True)
    results = GapSerializer(many=True)


class DashboardRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()
    level_label = serializers.CharField()
    streets = serializers.IntegerField()
    streets_done = serializers.IntegerField()
    streets_share = serializers.FloatField(allow_null=True)
    communities = serializers.IntegerField()
    communities_done = serializers.IntegerField()
    communities_share = serializers.FloatField(allow_null=True)
    homes = serializers.IntegerField()
    clusters = serializers.IntegerField()
    demo_homes = serializers.IntegerField()
    activities = serializers.IntegerField()
    activity_women = serializers.IntegerField()
    activities_per_month = serializers.FloatField()
    satisfaction = serializers.FloatField(allow_null=True)
    satisfaction_numerator = serializers.IntegerField()
    satisfaction_denominator = serializers.IntegerField()
    gaps = serializers.IntegerField(allow_null=True)
    trained = serializers.IntegerField(help_text="近一年培训学时达标的主席、副主席人数")
    trained_cadres = serializers.IntegerField(help_text="在任主席、副主席人数")
    trained_share = serializers.FloatField(allow_null=True)


class DashboardMonthSerializer(serializers.Serializer):
    month = serializers.CharField()
    activities = serializers.IntegerField()
    activity_women = serializers.IntegerField()
    responses = serializers.IntegerField()
    satisfaction = serializers.FloatField(allow_null=True)
    satisfaction_numerator = serializers.IntegerField()
    satisfaction_denominator = serializers.IntegerField()


class DashboardGapsSerializer(serializers.Serializer):
    total = serializers.IntegerField(allow_null=True)
    by_rule = GapCountSerializer(many=True)


class DashboardSerializer(serializers.Serializer):
    federation = EvaluationFederationSerializer()
    breadcrumbs = EvaluationFederationSerializer(many=True)
    period = EvaluationPeriodSerializer()
    score = serializers.FloatField(allow_null=True)
    indicators = IndicatorValueSerializer(many=True)
    totals = DashboardRowSerializer()
    children = DashboardRowSerializer(many=True)
    months = DashboardMonthSerializer(many=True)
    gaps = DashboardGapsSerializer()


class SurveyResultRowSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    level = serializers.CharField()
    responses = serializers.IntegerField(help_text="答卷数")
    sat_respondents = serializers.IntegerField(help_text="回答满意度题的答卷")
    sat_satisfied = serializers.IntegerField(help_text="满意")
    sat_basic = serializers.IntegerField(help_text="基本满意")
    sat_unsatisfied = serializers.IntegerField(help_text="不满意")
    satisfaction = serializers.FloatField(allow_null=True, help_text="（满意 + 基本满意）÷ 作答")
    name_asked = serializers.IntegerField(help_text="回答“能否说出妇联主席或执委”的答卷")
    name_yes = serializers.IntegerField(help_text="能说出")
    flagged_responses = serializers.IntegerField(help_text="已标记的答卷（默认不计入以上各数）")
    can_name = serializers.FloatField(allow_null=True, help_text="能说出 ÷ 作答")


class SurveyResultsSerializer(serializers.Serializer):
    federation = EvaluationFederationSerializer()
    period = EvaluationPeriodSerializer()
    totals = SurveyResultRowSerializer()
    children = SurveyResultRowSerializer(many=True)
