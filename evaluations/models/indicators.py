"""The indicator framework: city-wide settings of the five indicators, the monthly summary table that keeps
the rollups live, and the monthly snapshots kept for trends."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BaseModel

from ..choices import Indicator


class IndicatorSetting(BaseModel):
    """How one of the five indicators (覆盖率, 身份辨识度, 粘合度, 精准度, 满意度) is judged city-wide: its weight in
    the overall score, its target, whether it is in use, and the parameters of its formula (which components
    count, thresholds). The city office changes these in the admin; no release is needed. DOMAIN.md calls
    the formulas a proposal, so none of this is hard-coded."""

    scope_path = None

    indicator = models.CharField(_("指标"), max_length=20, choices=Indicator.choices, unique=True)
    weight = models.DecimalField(
        _("权重"), max_digits=6, decimal_places=2, default=Decimal("20"), validators=[MinValueValidator(0)]
    )
    target = models.DecimalField(
        _("目标值"),
        max_digits=8,
        decimal_places=4,
        validators=[MinValueValidator(0)],
        help_text=_("比例类指标填 0–1 之间的小数，如 0.9 表示 90%"),
    )
    enabled = models.BooleanField(_("启用"), default=True)
    params = models.JSONField(
        _("计算参数"), default=dict, blank=True, help_text=_('如 {"components": [...], "answer_within_days": 7}')
    )
    note = models.TextField(_("口径说明"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("指标设置")
        verbose_name_plural = _("指标设置")
        ordering = ["id"]

    def __str__(self):
        return self.get_indicator_display()

    def clean(self):
        super().clean()
        from ..indicators import validate_params

        errors = {}
        if self.target is not None and self.target > 1:
            errors["target"] = _("比例类指标的目标值应在 0 到 1 之间。")
        if self.indicator:
            try:
                validate_params(self.indicator, self.params or {})
            except ValidationError as exc:
                errors["params"] = exc.messages
        if errors:
            raise ValidationError(errors)


class MonthlyCounters(BaseModel):
    """The counters of one federation and month (the columns of ``MonthlyStat`` and ``SubtreeMonthlyStat``)."""

    federation = models.ForeignKey(
        "organizations.Federation", on_delete=models.CASCADE, related_name="+", verbose_name=_("妇联组织")
    )
    month = models.DateField(_("月份"), help_text=_("当月第一天"))
    responses = models.IntegerField(_("答卷数"), default=0)
    sat_respondents = models.IntegerField(_("回答满意度的答卷"), default=0)
    sat_satisfied = models.IntegerField(_("满意"), default=0)
    sat_basic = models.IntegerField(_("基本满意"), default=0)
    sat_unsatisfied = models.IntegerField(_("不满意"), default=0)
    name_asked = models.IntegerField(_("回答能否说出主席或执委的答卷"), default=0)
    name_yes = models.IntegerField(_("能说出主席或执委"), default=0)
    flagged_responses = models.IntegerField(_("已标记的答卷"), default=0)
    ratings = models.IntegerField(_("述职评议人次"), default=0)
    rating_satisfied = models.IntegerField(_("述职评议满意"), default=0)
    rating_basic = models.IntegerField(_("述职评议基本满意"), default=0)
    rating_unsatisfied = models.IntegerField(_("述职评议不满意"), default=0)
    activities = models.IntegerField(_("活动数"), default=0)
    activity_women = models.IntegerField(_("参加活动妇女人次"), default=0)
    activity_participants = models.IntegerField(_("参加活动总人次"), default=0)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.federation_id} {self.month:%Y-%m}"


class MonthlyStat(MonthlyCounters):
    """The running counters of one federation (its own records, not its subtree's) in one month. Kept
    current on every save and delete of the records they count. Derived data: no history, and it goes with
    its federation."""

    class Meta:
        verbose_name = _("月度统计")
        verbose_name_plural = _("月度统计")
        ordering = ["federation_id", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "month"],
                name="monthlystat_unique_federation_month",
                violation_error_message=_("该组织该月已有统计。"),
            ),
        ]
        # The active communities of a period read (month, federation, activities) of every community in the
        # months: an index-only scan on PostgreSQL (52 -> ~15 ms at the city root), where the month index
        # alone visited a heap page per row.
        indexes = [
            models.Index(fields=["month", "federation"], include=["activities"], name="monthlystat_month_federation")
        ]


class SubtreeMonthlyStat(MonthlyCounters):
    """The same counters summed over a federation's whole subtree (itself and every federation under it) in
    one month, kept current with ``MonthlyStat`` in the same transaction (``core.counters.SubtreeTotal``):
    a dashboard reads one row per child and month instead of every federation's."""

    class Meta:
        verbose_name = _("下级合计月度统计")
        verbose_name_plural = _("下级合计月度统计")
        ordering = ["federation_id", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "month"],
                name="subtreemonthlystat_unique_federation_month",
                violation_error_message=_("该组织该月已有统计。"),
            ),
        ]


COUNTERS = [
    field.name
    for field in MonthlyStat._meta.concrete_fields
    if isinstance(field, models.IntegerField) and not field.primary_key and not field.is_relation
]


class IndicatorSnapshot(BaseModel):
    """An indicator's value for one federation's subtree in one month, stored by the nightly job so trends
    can be drawn and compared after the data have moved on. Recomputed (not appended) on every run."""

    federation = models.ForeignKey(
        "organizations.Federation", on_delete=models.CASCADE, related_name="+", verbose_name=_("妇联组织")
    )
    month = models.DateField(_("月份"), help_text=_("当月第一天"))
    indicator = models.CharField(_("指标"), max_length=20, choices=Indicator.choices)
    value = models.FloatField(_("指标值"), null=True, blank=True)
    numerator = models.BigIntegerField(_("分子"), default=0)
    denominator = models.BigIntegerField(_("分母"), default=0)
    target = models.FloatField(_("目标值"), null=True, blank=True)
    meets_target = models.BooleanField(_("达标"), null=True, blank=True)
    computed_at = models.DateTimeField(_("计算时间"))

    class Meta:
        verbose_name = _("指标快照")
        verbose_name_plural = _("指标快照")
        ordering = ["federation_id", "-month", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "month", "indicator"],
                name="indicatorsnapshot_unique",
                violation_error_message=_("该组织该月已有此指标的快照。"),
            ),
        ]
        indexes = [models.Index(fields=["month", "indicator"], name="indicatorsnapshot_month")]

    def __str__(self):
        return f"{self.federation_id} {self.month:%Y-%m} {self.get_indicator_display()}"
