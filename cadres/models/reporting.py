"""Dual reporting (联管): a chair's duty report (述职) to her Party organisation and to the federation one
level up, each line's review, and the women's scored ratings of the report (述职评议)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import dates
from core.models import BaseModel
from organizations.choices import COMMUNITY_LEVELS, STREET_LEVELS

from ..choices import Position, ReportingLine, ReportPeriod, ReviewRating, Verdict
from .reviewed import Reviewed

DUAL_MANAGED_LEVELS = (*STREET_LEVELS, *COMMUNITY_LEVELS)


class DutyReport(Reviewed, BaseModel):
    """A street or community chair's report on her work (述职) for one period, addressed to both lines
    that manage her: the same-level Party organisation and the federation one level up. Filed once per
    period."""

    scope_path = "post__federation"

    post = models.ForeignKey(
        "cadres.Post", on_delete=models.PROTECT, related_name="duty_reports", verbose_name=_("述职主席（任职）")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    period = models.CharField(_("述职期间"), max_length=4, choices=ReportPeriod.choices, default=ReportPeriod.YEAR)
    filed_on = models.DateField(_("述职日期"))
    summary = models.TextField(_("述职内容"), blank=True)
    party_organization = models.ForeignKey(
        "cadres.PartyOrganization",
        on_delete=models.PROTECT,
        related_name="duty_reports",
        verbose_name=_("报送同级党组织"),
        blank=True,
    )
    upper_federation = models.ForeignKey(
        "organizations.Federation",
        on_delete=models.PROTECT,
        related_name="received_duty_reports",
        verbose_name=_("报送上级妇联"),
        blank=True,
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("述职报告")
        verbose_name_plural = _("述职报告")
        ordering = ["-year", "period", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["post", "year", "period"],
                name="cadres_one_duty_report_per_period",
                violation_error_message=_("该主席本期已述职，不能重复提交。"),
            ),
        ]

    def __str__(self):
        return _("%(person)s %(year)s年%(period)s述职") % {
            "person": self.post.person,
            "year": self.year,
            "period": self.get_period_display(),
        }

    def address_both_lines(self):
        """Address the report to the chair's two lines: her federation's Party organisation and parent."""
        federation = self.post.federation
        self.upper_federation_id = federation.parent_id
        party = federation.party_organizations.first()
        self.party_organization_id = party.pk if party else None

    def save(self, *args, **kwargs):
        if self.post_id and (self.party_organization_id is None or self.upper_federation_id is None):
            self.address_both_lines()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        if not self.post_id:
            return
        post = self.post
        federation = post.federation
        errors = {}
        if post.position != Position.CHAIR or federation.level not in DUAL_MANAGED_LEVELS:
            errors["post"] = _("只有街道（乡镇）和社区（村）妇联主席向两条线述职。")
        elif federation.parent_id is None:
            errors["post"] = _("该妇联没有上级妇联。")
        else:
            self.address_both_lines()
            if self.party_organization_id is None:
                errors["party_organization"] = _("该妇联尚未登记同级党组织，请先登记后再述职。")
        if self.filed_on and self.filed_on > dates.today():
            errors["filed_on"] = _("述职日期不能晚于今天。")
        if self.year and self.period:
            others = DutyReport.objects.filter(post_id=self.post_id, year=self.year).exclude(pk=self.pk)
            clash = (
                others.exclude(period=ReportPeriod.YEAR)
                if self.period == ReportPeriod.YEAR
                else others.filter(period=ReportPeriod.YEAR)
            )
            if clash.exists():
                errors["period"] = _("同一年度不能既按全年又按半年述职。")
        if errors:
            raise ValidationError(errors)


class DutyReportReview(BaseModel):
    """One line's review of a duty report: the Party organisation's or the upper federation's (received
    on, reviewer, comment, rating). A review by anyone but the chair's own two lines is refused."""

    scope_path = "report__post__federation"

    report = models.ForeignKey(DutyReport, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("述职报告"))
    line = models.CharField(_("管理方"), max_length=20, choices=ReportingLine.choices)
    party_organization = models.ForeignKey(
        "cadres.PartyOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duty_report_reviews",
        verbose_name=_("审阅党组织"),
    )
    reviewer_federation = models.ForeignKey(
        "organizations.Federation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duty_report_reviews",
        verbose_name=_("审阅妇联"),
    )
    received_on = models.DateField(_("收到日期"))
    reviewer = models.CharField(_("审阅人"), max_length=50)
    comment = models.TextField(_("审阅意见"), blank=True)
    rating = models.CharField(_("评定等次"), max_length=20, choices=ReviewRating.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("述职审阅")
        verbose_name_plural = _("述职审阅")
        ordering = ["report_id", "line"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "line"],
                name="cadres_one_review_per_line",
                violation_error_message=_("该管理方已审阅此述职报告。"),
            ),
        ]

    def __str__(self):
        return _("%(report)s · %(line)s审阅") % {"report": self.report, "line": self.get_line_display()}

    def clean(self):
        super().clean()
        if not self.report_id:
            return
        report = self.report
        errors = {}
        if self.line == ReportingLine.PARTY:
            if self.reviewer_federation_id:
                errors["reviewer_federation"] = _("党组织审阅不填写审阅妇联。")
            if self.party_organization_id != report.party_organization_id:
                errors["party_organization"] = _("审阅党组织不是该主席的同级党组织，不能审阅此述职。")
        elif self.line == ReportingLine.FEDERATION:
            if self.party_organization_id:
                errors["party_organization"] = _("上级妇联审阅不填写审阅党组织。")
            if self.reviewer_federation_id != report.upper_federation_id:
                errors["reviewer_federation"] = _("审阅妇联不是该主席的上级妇联，不能审阅此述职。")
        if self.received_on:
            if self.received_on > dates.today():
                errors["received_on"] = _("收到日期不能晚于今天。")
            elif report.filed_on and self.received_on < report.filed_on:
                errors["received_on"] = _("收到日期不能早于述职日期。")
        if errors:
            raise ValidationError(errors)


def verdict_for_score(score):
    if score >= 85:
        return Verdict.SATISFIED
    if score >= 60:
        return Verdict.BASICALLY_SATISFIED
    return Verdict.UNSATISFIED


class WomenRating(BaseModel):
    """One woman's scored rating of a duty report (述职评议): a score out of 100 and her verdict
    (满意 / 基本满意 / 不满意), which feeds the satisfaction indicator (满意度)."""

    scope_path = "report__post__federation"

    report = models.ForeignKey(DutyReport, on_delete=models.PROTECT, related_name="ratings", verbose_name=_("述职报告"))
    score = models.PositiveSmallIntegerField(_("评分"), help_text=_("0–100 分"))
    verdict = models.CharField(
        _("评议结果"),
        max_length=20,
        choices=Verdict.choices,
        blank=True,
        help_text=_("留空则按评分：85分以上满意，60分以上基本满意"),
    )
    respondent = models.CharField(_("评议人"), max_length=50, blank=True, help_text=_("可匿名"))
    comment = models.CharField(_("意见建议"), max_length=500, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("述职评议")
        verbose_name_plural = _("述职评议")
        ordering = ["report_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__lte=100),
                name="cadres_rating_score_max_100",
                violation_error_message=_("评分不能超过100分。"),
            ),
        ]

    def __str__(self):
        return _("%(report)s · %(score)s分") % {"report": self.report, "score": self.score}

    def clean(self):
        super().clean()
        if self.score is not None and self.score > 100:
            raise ValidationError({"score": _("评分不能超过100分。")})
        if self.score is not None and not self.verdict:
            self.verdict = verdict_for_score(self.score)

    def save(self, *args, **kwargs):
        if self.score is not None and not self.verdict:
            self.verdict = verdict_for_score(self.score)
        super().save(*args, **kwargs)
