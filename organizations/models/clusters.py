"""Joint-building clusters (联建片区)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BaseModel, NaturallyNamed
from core.scope import federation_in

from ..choices import COMMUNITY_LEVELS, STREET_LEVELS, JointBuildMode, MemberUnitType

CORE_LEVELS = {
    JointBuildMode.TERRITORIAL: STREET_LEVELS,
    JointBuildMode.CLUSTER: STREET_LEVELS + COMMUNITY_LEVELS,
    JointBuildMode.ENTERPRISE_COMMUNITY: STREET_LEVELS + COMMUNITY_LEVELS,
}
LEAD_COMPANY_TYPES = (MemberUnitType.ENTERPRISE, MemberUnitType.NEW_ECONOMIC_ORG)


class JointBuildingCluster(NaturallyNamed, BaseModel):
    """A joint-building cluster (联建片区): a core federation radiating to member federations nearby.
    TERRITORIAL (地域联建): a street takes in its communities; CLUSTER (片区联建): a core community (or
    street) radiates to its neighbours, e.g. 硚口 发展社区 + 井南/双墩/金阳; ENTERPRISE_COMMUNITY (企社联建):
    a village-level group company funds the work, e.g. 汉阳 江堤街 + 江欣苑/江堤/老龙头.
    Members lie in the core's street (community core) or district (street core)."""

    scope_path = "core"

    name = models.CharField(_("片区名称"), max_length=150)
    mode = models.CharField(_("联建模式"), max_length=30, choices=JointBuildMode.choices, db_index=True)
    core = models.ForeignKey(
        "organizations.Federation",
        on_delete=models.PROTECT,
        related_name="core_clusters",
        verbose_name=_("核心妇联"),
    )
    members = models.ManyToManyField(
        "organizations.Federation", related_name="joined_clusters", blank=True, verbose_name=_("辐射妇联")
    )
    lead_company = models.ForeignKey(
        "organizations.MemberUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_clusters",
        verbose_name=_("龙头企业"),
        help_text=_("企社联建时出资带动的村级集团公司（成员单位）"),
    )
    started_on = models.DateField(_("建立日期"), null=True, blank=True)
    description = models.TextField(_("说明"), blank=True)

    history = HistoricalRecords(m2m_fields=[members], excluded_fields=["sort_key"])

    class Meta:
        verbose_name = _("联建片区")
        verbose_name_plural = _("联建片区")
        ordering = ["core_id", "sort_key", "name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["core", "name"],
                name="cluster_unique_name_per_core",
                violation_error_message=_("该核心妇联下已有同名联建片区。"),
            ),
        ]

    def __str__(self):
        return self.name

    def area(self):
        """The federation whose subtree the members must lie in: the core's district for a street core,
        the core's street for a community core."""
        return self.core.parent if self.core_id else None

    def clean(self):
        super().clean()
        errors = {}
        core = self.core if self.core_id else None
        if core is not None and self.mode and core.level not in CORE_LEVELS[self.mode]:
            errors["core"] = _("“%(mode)s”的核心妇联不能是“%(level)s”。") % {
                "mode": self.get_mode_display(),
                "level": core.get_level_display(),
            }
        if self.mode == JointBuildMode.ENTERPRISE_COMMUNITY and not self.lead_company_id:
            errors["lead_company"] = _("企社联建须指定出资带动的龙头企业（成员单位）。")
        if self.lead_company_id and self.mode and self.mode != JointBuildMode.ENTERPRISE_COMMUNITY:
            errors["lead_company"] = _("只有企社联建才设龙头企业。")
        if self.lead_company_id and "lead_company" not in errors:
            company = self.lead_company
            if company.unit_type not in LEAD_COMPANY_TYPES:
                errors["lead_company"] = _("龙头企业须为企业或新经济组织。")
            elif core is not None and not federation_in(self.area(), company.federation):
                errors["lead_company"] = _("龙头企业“%(unit)s”不在核心妇联所在的%(area)s范围内。") % {
                    "unit": company.name,
                    "area": self.area().name,
                }
        if core is not None and "core" not in errors:
            # Forms and serializers set ``_pending_members`` to the members about to be saved.
            members = getattr(self, "_pending_members", None)
            if members is None:
                members = self.members.all() if self.pk else []
            member_errors = self.member_errors(core, members)
            if member_errors:
                errors["members"] = member_errors
        if errors:
            raise ValidationError(errors)

    @staticmethod
    def member_errors(core, members):
        """Messages for members outside the core's street (community core) or district (street core)."""
        area = core.parent
        messages = []
        for member in members:
            if member.pk == core.pk:
                messages.append(_("核心妇联不能同时是辐射妇联。"))
            elif member.level not in COMMUNITY_LEVELS + STREET_LEVELS:
                messages.append(
                    _("“%(name)s”是%(level)s，辐射妇联须为街道（乡镇）或社区（村）妇联。")
                    % {"name": member.name, "level": member.get_level_display()}
                )
            elif not federation_in(area, member):
                messages.append(
                    _("“%(name)s”不在核心妇联“%(core)s”所在的%(area)s范围内。")
                    % {"name": member.name, "core": core.name, "area": area.name}
                )
        return messages
