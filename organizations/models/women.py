"""Women's organisations (the "N" of "1+N")."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BaseModel, NaturallyNamed
from core.scope import federation_in

from ..choices import Level, WomenOrganizationStatus, WomenOrganizationType


class WomenOrganization(NaturallyNamed, BaseModel):
    """A women's organisation (妇女组织) attached to a regional federation: an enterprise's own 妇联, a
    chamber of commerce's 妇委会, a park's 妇工委, a women's social organisation, a culture or sports team,
    a 巾帼文明岗, a 巾帼农业示范基地, a women's group, a group of freelance women or a building alliance.
    The seed counts the ones founded since the reform began (5,800+). Its leader (负责人), a person, is kept
    by the cadres pillar (``cadres.WomenOrganizationLeader``): organizations knows nothing of people."""

    org_type = models.CharField(_("组织类型"), max_length=30, choices=WomenOrganizationType.choices, db_index=True)
    name = models.CharField(_("组织名称"), max_length=150, db_index=True)
    founded_on = models.DateField(_("成立日期"), db_index=True)
    federation = models.ForeignKey(
        "organizations.Federation",
        on_delete=models.PROTECT,
        related_name="women_organizations",
        verbose_name=_("所属妇联"),
    )
    host_unit = models.ForeignKey(
        "organizations.MemberUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="women_organizations",
        verbose_name=_("依托成员单位"),
    )
    member_count = models.PositiveIntegerField(_("成员人数"), default=0)
    status = models.CharField(
        _("状态"), max_length=20, choices=WomenOrganizationStatus.choices, default=WomenOrganizationStatus.ACTIVE
    )
    dissolved_on = models.DateField(_("撤销日期"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["sort_key"])

    class Meta:
        verbose_name = _("妇女组织")
        verbose_name_plural = _("妇女组织")
        ordering = ["federation_id", "sort_key", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "name"],
                name="women_org_unique_name_per_federation",
                violation_error_message=_("该妇联下已有同名妇女组织。"),
            ),
            models.CheckConstraint(
                condition=models.Q(dissolved_on__isnull=True) | models.Q(dissolved_on__gte=models.F("founded_on")),
                name="women_org_dissolved_after_founded",
                violation_error_message=_("撤销日期不能早于成立日期。"),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        errors = {}
        if self.founded_on and self.founded_on > timezone.localdate():
            errors["founded_on"] = _("成立日期不能晚于今天。")
        if self.founded_on and self.dissolved_on and self.dissolved_on < self.founded_on:
            errors["dissolved_on"] = _("撤销日期不能早于成立日期。")
        if self.status == WomenOrganizationStatus.DISSOLVED and not self.dissolved_on:
            errors["dissolved_on"] = _("已撤销的组织须填写撤销日期。")
        if self.dissolved_on and self.status != WomenOrganizationStatus.DISSOLVED:
            errors["status"] = _("填写了撤销日期的组织，状态应为“已撤销”。")
        federation = self.federation if self.federation_id else None
        if federation is not None and federation.level == Level.CITY:
            errors["federation"] = _("妇女组织应挂靠在区、街道（乡镇）、社区（村）或网格妇联下。")
        if federation is not None and self.host_unit_id:
            unit_fed = self.host_unit.federation
            if not (federation_in(unit_fed, federation) or federation_in(federation, unit_fed)):
                errors["host_unit"] = _("依托的成员单位“%(unit)s”属于“%(fed)s”，不在本妇联的上下级范围内。") % {
                    "unit": self.host_unit.name,
                    "fed": unit_fed.name,
                }
        if errors:
            raise ValidationError(errors)
