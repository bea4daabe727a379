"""Satisfaction surveys (满意度测评): templates of questions, surveys opened for a federation, a venue or an
activity, and the anonymous answers women give on their phones."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext
from simple_history.models import HistoricalRecords

from core.models import BaseModel, NaturallyNamed

from ..choices import QuestionKind, Satisfaction, SurveyTarget

# Questions whose answer feeds an indicator: at most one of each per template, so each response counts once.
INDICATOR_KINDS = (QuestionKind.SATISFACTION, QuestionKind.CAN_NAME_CADRE)


def new_token():
    return secrets.token_urlsafe(12)


class SurveyTemplate(NaturallyNamed, BaseModel):
    """A questionnaire the city office designs once (e.g. "妇女群众满意度测评") and every federation reuses:
    the satisfaction question on the 满意/基本满意/不满意 scale, "can you name your federation chair or an
    executive member?", free text and any others."""

    scope_path = None

    name = models.CharField(_("名称"), max_length=100, unique=True)
    description = models.TextField(_("说明"), blank=True)
    is_active = models.BooleanField(_("可用"), default=True)

    history = HistoricalRecords(excluded_fields=["sort_key"])

    class Meta:
        verbose_name = _("问卷模板")
        verbose_name_plural = _("问卷模板")
        ordering = ["sort_key", "name"]

    def __str__(self):
        return self.name


class SurveyQuestion(BaseModel):
    """One question of a template, shown in ``position`` order."""

    scope_path = None

    template = models.ForeignKey(
        SurveyTemplate, on_delete=models.CASCADE, related_name="questions", verbose_name=_("问卷模板")
    )
    position = models.PositiveSmallIntegerField(_("序号"), default=1)
    kind = models.CharField(_("题型"), max_length=20, choices=QuestionKind.choices)
    text = models.CharField(_("题目"), max_length=200)
    required = models.BooleanField(_("必答"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("问卷题目")
        verbose_name_plural = _("问卷题目")
        ordering = ["template", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"],
                name="surveyquestion_unique_position",
                violation_error_message=_("同一问卷模板中题目序号不能重复。"),
            ),
            models.UniqueConstraint(
                fields=["template", "kind"],
                condition=models.Q(kind__in=INDICATOR_KINDS),
                name="surveyquestion_one_indicator_question_per_kind",
                violation_error_message=_("每个问卷模板最多一道满意度题和一道“能否说出妇联主席或执委”题。"),
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.text}"


class Survey(BaseModel):
    """A survey opened for a federation, one of its venues or one of its activities, answered through a
    public link (and its QR code) between ``opens_on`` and ``closes_on``. ``federation`` always names the
    owner, so a venue's or an activity's survey rolls up the tree with its federation."""

    template = models.ForeignKey(
        SurveyTemplate, on_delete=models.PROTECT, related_name="surveys", verbose_name=_("问卷模板")
    )
    federation = models.ForeignKey(
        "organizations.Federation",
        on_delete=models.PROTECT,
        related_name="surveys",
        verbose_name=_("所属妇联"),
        blank=True,
        help_text=_("为阵地或活动开展测评时可留空，自动取其所属妇联"),
    )
    venue = models.ForeignKey(
        "venues.Venue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("阵地"),
        help_text=_("为某个妇女之家等阵地开展测评时填写"),
    )
    activity = models.ForeignKey(
        "activities.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="surveys",
        verbose_name=_("活动"),
        help_text=_("为某次活动开展测评时填写"),
    )
    title = models.CharField(_("标题"), max_length=120)
    intro = models.TextField(_("开头语"), blank=True)
    token = models.CharField(_("公开链接口令"), max_length=32, unique=True, default=new_token, editable=False)
    opens_on = models.DateField(_("开始日期"))
    closes_on = models.DateField(_("结束日期"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("满意度测评")
        verbose_name_plural = _("满意度测评")
        ordering = ["-opens_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("opens_on")),
                name="survey_closes_after_opening",
                violation_error_message=_("结束日期不能早于开始日期。"),
            ),
            models.CheckConstraint(
                condition=models.Q(venue__isnull=True) | models.Q(activity__isnull=True),
                name="survey_one_target",
                violation_error_message=_("一次测评只能针对一个阵地或一次活动，不能同时选择。"),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def target_kind(self):
        if getattr(self, "activity_id", None):
            return SurveyTarget.ACTIVITY
        if getattr(self, "venue_id", None):
            return SurveyTarget.VENUE
        return SurveyTarget.FEDERATION

    def state_on(self, day):
        """ "open", "not_open" or "closed" on ``day`` (a local date)."""
        if day < self.opens_on:
            return "not_open"
        if day > self.closes_on:
            return "closed"
        return "open"

    def is_open(self, day=None):
        return self.state_on(day or timezone.localdate()) == "open"

    def fill_owner(self):
        """A venue's or an activity's survey belongs to the federation that runs it."""
        for target in ("activity", "venue"):
            if getattr(self, f"{target}_id", None) and not self.federation_id:
                self.federation_id = getattr(self, target).federation_id

    def save(self, *args, **kwargs):
        self.fill_owner()
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.fill_owner()
        errors = {}
        if getattr(self, "venue_id", None) and getattr(self, "activity_id", None):
            errors["activity"] = _("一次测评只能针对一个阵地或一次活动，不能同时选择。")
        if not self.federation_id:
            errors["federation"] = _("请选择所属妇联，或选择要测评的阵地或活动。")
        for target in ("activity", "venue"):
            if getattr(self, f"{target}_id", None) and getattr(self, target).federation_id != self.federation_id:
                errors[target] = _("测评所属妇联必须是该%(what)s的所属妇联。") % {
                    "what": _("活动") if target == "activity" else _("阵地")
                }
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            errors["closes_on"] = _("结束日期不能早于开始日期。")
        if self.template_id and not self._state.adding:
            stored = Survey.objects.filter(pk=self.pk).values("template_id", "federation_id").first()
            has_answers = self.responses.exists()
            if stored and has_answers and stored["template_id"] != self.template_id:
                errors["template"] = _("已有答卷的测评不能更换问卷模板。")
            if stored and has_answers and stored["federation_id"] != self.federation_id:
                errors["federation"] = _("已有答卷的测评不能更换所属妇联。")
        elif self.template_id and not self.template.is_active:
            errors["template"] = _("该问卷模板已停用。")
        if errors:
            raise ValidationError(errors)


class FlagReason(models.TextChoices):
    """Why an answer was flagged (stored, left out of the figures until staff confirm it)."""

    ADDRESS = "address", _("同一网络地址当日答卷超过上限")
    DEVICE = "device", _("同一设备标识重复提交")
    FINGERPRINT = "fingerprint", _("同一浏览器特征当日答卷超过上限")
    NO_SIGNAL = "no_signal", _("缺少设备标识（页面脚本未运行）")
    STAFF = "staff", _("工作人员标记")


class SurveyResponse(BaseModel):
    """One woman's anonymous answer sheet. No name, phone or address is asked or kept; ``device_key`` is a
    keyed hash of a random id in a signed cookie, different for every survey, so it only stops a second
    answer from the same phone and cannot link one woman's answers across surveys.

    The two answers that feed indicators are copied here (``satisfaction``, ``can_name``) so rollups never
    join the answers table. Responses are written once and never edited, so they keep no change history
    (an anonymous sheet has no "who changed it"); removing spam is a delete."""

    scope_path = "federation"

    survey = models.ForeignKey(Survey, on_delete=models.PROTECT, related_name="responses", verbose_name=_("测评"))
    federation = models.ForeignKey(
        "organizations.Federation",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("所属妇联"),
        editable=False,
    )
    submitted_at = models.DateTimeField(_("提交时间"), default=timezone.now, db_index=True)
    device_key = models.CharField(_("设备标识（摘要）"), max_length=64, editable=False)
    satisfaction = models.CharField(_("满意度"), max_length=12, choices=Satisfaction.choices, blank=True)
    can_name = models.BooleanField(_("能说出妇联主席或执委"), null=True, blank=True)
    # Ballot stuffing: an answer beyond a limit is kept but flagged, and left out of the figures (unless
    # SURVEY_COUNT_FLAGGED) until staff confirm it. The signals are keyed hashes per survey, like device_key:
    # nothing personal is kept and a phone cannot be followed from one survey to another.
    flagged = models.BooleanField(_("已标记"), default=False, db_default=False)
    flag_reason = models.CharField(_("标记原因"), max_length=100, blank=True, default="", db_default="")
    address_key = models.CharField(
        _("网络地址（摘要）"), max_length=64, blank=True, default="", db_default="", editable=False
    )
    device_token_key = models.CharField(
        _("浏览器存储标识（摘要）"), max_length=64, blank=True, default="", db_default="", editable=False
    )
    fingerprint_key = models.CharField(
        _("浏览器特征（摘要）"), max_length=64, blank=True, default="", db_default="", editable=False
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("审核人"),
        editable=False,
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("答卷")
        verbose_name_plural = _("答卷")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "device_key"],
                name="surveyresponse_one_per_device",
                violation_error_message=_("这台设备已经提交过本问卷。"),
            ),
        ]
        indexes = [
            models.Index(fields=["federation", "submitted_at"], name="surveyresponse_fed_time"),
            # The limits count today's answers of one survey by signal; seeded rows carry no signal.
            models.Index(
                fields=["survey", "address_key", "submitted_at"],
                condition=~models.Q(address_key=""),
                name="surveyresponse_address",
            ),
            models.Index(
                fields=["survey", "fingerprint_key", "submitted_at"],
                condition=~models.Q(fingerprint_key=""),
                name="surveyresponse_fingerprint",
            ),
            models.Index(
                fields=["survey", "device_token_key"],
                condition=~models.Q(device_token_key=""),
                name="surveyresponse_device_token",
            ),
            models.Index(fields=["survey"], condition=models.Q(flagged=True), name="surveyresponse_flagged"),
        ]

    def __str__(self):
        return f"{self.survey} #{self.pk}"

    def flag_reasons(self):
        """The reasons in Chinese, e.g. "同一网络地址当日答卷超过上限；同一设备标识重复提交"."""
        labels = dict(FlagReason.choices)
        return pgettext("list separator", "；").join(
            str(labels.get(code, code)) for code in self.flag_reason.split(",") if code
        )

    def save(self, *args, **kwargs):
        if self.survey_id and not self.federation_id:
            self.federation_id = self.survey.federation_id
        super().save(*args, **kwargs)


class SurveyAnswer(BaseModel):
    """The answer to one question of a response: a satisfaction level, yes/no, or text."""

    scope_path = "response__federation"

    response = models.ForeignKey(
        SurveyResponse, on_delete=models.CASCADE, related_name="answers", verbose_name=_("答卷")
    )
    question = models.ForeignKey(
        SurveyQuestion, on_delete=models.PROTECT, related_name="answers", verbose_name=_("题目")
    )
    satisfaction = models.CharField(_("满意度"), max_length=12, choices=Satisfaction.choices, blank=True)
    yes = models.BooleanField(_("是／否"), null=True, blank=True)
    text = models.TextField(_("文字"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("答案")
        verbose_name_plural = _("答案")
        ordering = ["response", "question__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"],
                name="surveyanswer_one_per_question",
                violation_error_message=_("同一题目只能回答一次。"),
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.display_value()}"

    def display_value(self):
        if self.satisfaction:
            return self.get_satisfaction_display()
        if self.yes is not None:
            return _("是") if self.yes else _("否")
        return self.text
