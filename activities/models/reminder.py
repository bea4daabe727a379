"""Reminders shown to a chair on her home page (and, later, sent by SMS or email)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BaseModel

from ..choices import ReminderKind


class Reminder(BaseModel):
    """A reminder for a federation (and optionally one user in it): the community logged no activity last
    month, or a cadre filed no "四个一" rotation check. Created by the monthly reminder job, once per
    subject and month, and posted to the inbox of each person it is for (``notify.to_inbox``): whether she
    has read it is her message's read state, shown on her home page and in her inbox alike."""

    scope_path = "recipient_federation"

    recipient_federation = models.ForeignKey(
        "organizations.Federation", on_delete=models.PROTECT, related_name="reminders", verbose_name=_("接收妇联")
    )
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name=_("接收人"),
    )
    kind = models.CharField(_("类型"), max_length=30, choices=ReminderKind.choices, db_index=True)
    month = models.DateField(_("所属月份"), help_text=_("提醒针对的月份（该月1日）"))
    subject_key = models.CharField(_("提醒对象"), max_length=60, help_text=_("由所选提醒对象生成，无需填写"))
    text = models.TextField(_("内容"))
    delivered_via = models.CharField(_("已发送渠道"), max_length=100, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("提醒")
        verbose_name_plural = _("提醒")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient_federation", "kind", "month", "subject_key"],
                name="reminder_once_per_subject_month",
                violation_error_message=_("该提醒已存在。"),
            ),
        ]

    def __str__(self):
        return self.text[:40]
