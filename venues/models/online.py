"""The online Women's Home (网上妇女之家) and its rights-consultation requests."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BaseModel, NaturallyNamed

from ..choices import ConsultationCategory, ConsultationChannel, OnlineSection
from ..managers import OnlineServiceManager
from ..validators import not_in_future


class OnlineService(NaturallyNamed, BaseModel):
    """A service of the online Women's Home (网上妇女之家) on the 武汉妇女网 site or the 武汉女性 WeChat account,
    in one of its four sections (rights consultation, social-organisation service centre, family-tradition
    hall, parents' school), with the federation responsible for it. Everyone sees the services of the
    federations above her (the city's online Women's Home) and of her own subtree; she edits her subtree's."""

    section = models.CharField(_("板块"), max_length=30, choices=OnlineSection.choices, db_index=True)
    name = models.CharField(_("服务名称"), max_length=100)
    federation = models.ForeignKey(
        "organizations.Federation", on_delete=models.PROTECT, related_name="online_services", verbose_name=_("负责妇联")
    )
    url = models.URLField(_("网址"), blank=True)
    wechat_path = models.CharField(
        _("微信路径"), max_length=200, blank=True, help_text=_("如：武汉女性公众号 › 服务 › 维权")
    )
    description = models.TextField(_("服务说明"), blank=True)
    is_active = models.BooleanField(_("在线"), default=True)

    objects = OnlineServiceManager()
    history = HistoricalRecords(excluded_fields=["sort_key"])

    class Meta:
        verbose_name = _("网上妇女之家服务")
        verbose_name_plural = _("网上妇女之家服务")
        ordering = ["section", "sort_key", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["section", "name"],
                name="online_service_unique_name_per_section",
                violation_error_message=_("该板块已有同名服务。"),
            ),
        ]

    def __str__(self):
        return f"{self.get_section_display()} · {self.name}"

    def clean(self):
        super().clean()
        if not (self.url or self.wechat_path):
            raise ValidationError({"url": _("请填写网址或微信路径。")})


class ConsultationRequest(BaseModel):
    """A rights-consultation request (维权咨询) logged with a federation: when it came in, its category, and
    when it was answered. Needs answered in time over needs logged is the precision indicator (精准度)."""

    federation = models.ForeignKey(
        "organizations.Federation",
        on_delete=models.PROTECT,
        related_name="consultation_requests",
        verbose_name=_("受理妇联"),
    )
    service = models.ForeignKey(
        OnlineService,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
        verbose_name=_("网上服务"),
        limit_choices_to={"section": OnlineSection.RIGHTS_CONSULTATION},
    )
    channel = models.CharField(
        _("来源渠道"), max_length=20, choices=ConsultationChannel.choices, default=ConsultationChannel.ONLINE
    )
    category = models.CharField(_("类别"), max_length=30, choices=ConsultationCategory.choices, db_index=True)
    received_on = models.DateField(_("受理日期"), validators=[not_in_future], db_index=True)
    answered_on = models.DateField(_("答复日期"), null=True, blank=True, validators=[not_in_future])
    summary = models.TextField(_("诉求摘要"), help_text=_("不记录个人身份信息"))
    answer = models.TextField(_("答复内容"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("维权咨询")
        verbose_name_plural = _("维权咨询")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("received_on")),
                name="consultation_answered_after_received",
                violation_error_message=_("答复日期不能早于受理日期。"),
            ),
        ]

    def __str__(self):
        return f"{self.get_category_display()} {self.received_on}"

    def clean(self):
        super().clean()
        errors = {}
        if self.received_on and self.answered_on and self.answered_on < self.received_on:
            errors["answered_on"] = _("答复日期不能早于受理日期。")
        if self.service_id and self.service.section != OnlineSection.RIGHTS_CONSULTATION:
            errors["service"] = _("只能关联“网上维权咨询服务”板块的服务。")
        if self.answered_on and not self.answer:
            errors["answer"] = _("已答复的咨询请填写答复内容。")
        if errors:
            raise ValidationError(errors)
