"""会改联: each village (or farm brigade) women's congress became a village federation by election."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core import dates
from core.models import BaseModel
from organizations.choices import Level

from ..choices import ElectionKind


class Election(BaseModel):
    """An election at a village or brigade federation: the 会改联 that turned its women's congress
    (妇代会) into a federation, or a later re-election (换届). It records how many representatives,
    chairs, vice chairs and executive members were elected; the posts it produced point back at it."""

    federation = models.ForeignKey(
        "organizations.Federation", on_delete=models.PROTECT, related_name="elections", verbose_name=_("村妇联")
    )
    kind = models.CharField(_("类型"), max_length=20, choices=ElectionKind.choices, default=ElectionKind.CONVERSION)
    term_number = models.PositiveSmallIntegerField(_("届次"), default=1)
    held_on = models.DateField(_("选举日期"), db_index=True)
    representatives = models.PositiveIntegerField(_("当选妇女代表人数"), default=0)
    chairs = models.PositiveSmallIntegerField(_("当选主席人数"), default=0)
    vice_chairs = models.PositiveSmallIntegerField(_("当选副主席人数"), default=0, help_text=_("专职和兼职"))
    exec_members = models.PositiveSmallIntegerField(_("当选执委人数"), default=0, help_text=_("不含主席、副主席"))
    note = models.CharField(_("备注"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("会改联选举")
        verbose_name_plural = _("会改联选举")
        ordering = ["held_on", "federation_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "term_number"],
                name="cadres_one_election_per_term",
                violation_error_message=_("该村妇联本届已有选举记录。"),
            ),
            models.UniqueConstraint(
                fields=["federation"],
                condition=Q(kind=ElectionKind.CONVERSION),
                name="cadres_one_conversion_per_village",
                violation_error_message=_("该村已完成会改联，不能重复登记。"),
            ),
            models.CheckConstraint(
                condition=Q(chairs__lte=1),
                name="cadres_election_one_chair",
                violation_error_message=_("每村只选举一名主席。"),
            ),
        ]

    def __str__(self):
        return f"{self.federation} · {self.get_kind_display()} {self.held_on:%Y-%m-%d}"

    def clean(self):
        super().clean()
        errors = {}
        if self.federation_id and self.federation.level != Level.VILLAGE:
            errors["federation"] = _("会改联选举只在村（大队）妇联进行。")
        if self.held_on and self.held_on > dates.today():
            errors["held_on"] = _("选举日期不能晚于今天。")
        if self.chairs is not None and self.chairs > 1:
            errors["chairs"] = _("每村只选举一名主席。")
        committee = (self.chairs or 0) + (self.vice_chairs or 0) + (self.exec_members or 0)
        if self.representatives is not None and committee > self.representatives:
            errors["representatives"] = _("执委会成员从妇女代表中选出，人数不能超过代表人数。")
        if errors:
            raise ValidationError(errors)
