"""The partners that run activities with a federation: women's social organisations and teams."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BaseModel, NaturallyNamed
from core.phones import PhoneField

from ..choices import RegistrationStatus, SocialOrgField, TeamKind


class SocialOrganization(NaturallyNamed, BaseModel):
    """A women's social organisation (女性社会组织), e.g. 晓茶会 (tea) or 巧妇靓家 (handicraft). A regional
    federation cultivates (培育) it; a city demonstration Women's Home may bring it in (引进). The reform
    asks every regional federation to cultivate at least one and every demonstration home to bring in
    at least one."""

    scope_path = "cultivated_by"

    name = models.CharField(_("名称"), max_length=100)
    field = models.CharField(_("服务领域"), max_length=20, choices=SocialOrgField.choices, db_index=True)
    registration_status = models.CharField(
        _("登记状态"), max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.INCUBATING
    )
    registration_number = models.CharField(_("登记证号"), max_length=40, blank=True)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    cultivated_by = models.ForeignKey(
        "organizations.Federation",
        on_delete=models.PROTECT,
        related_name="cultivated_social_organizations",
        verbose_name=_("培育妇联"),
    )
    introduced_by = models.ManyToManyField(
        "venues.Venue",
        blank=True,
        related_name="introduced_social_organizations",
        verbose_name=_("引进的示范妇女之家"),
        help_text=_("引进该组织的市级示范妇女之家"),
    )
    contact_person = models.CharField(_("联系人"), max_length=50, blank=True)
    phone = PhoneField(_("联系电话"), max_length=30, blank=True)
    member_count = models.PositiveIntegerField(_("成员人数"), default=0)
    description = models.TextField(_("简介"), blank=True)
    women_organization = models.OneToOneField(
        "organizations.WomenOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="social_organization",
        verbose_name=_("妇女组织名录记录"),
        help_text=_("该组织在“1+N”妇女组织名录中的记录（如有）"),
    )

    history = HistoricalRecords(excluded_fields=["sort_key"])

    class Meta:
        verbose_name = _("女性社会组织")
        verbose_name_plural = _("女性社会组织")
        ordering = ["sort_key", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cultivated_by", "name"],
                name="social_org_unique_name_per_federation",
                violation_error_message=_("该妇联已培育同名的社会组织。"),
            ),
        ]

    def __str__(self):
        return self.name


class Team(NaturallyNamed, BaseModel):
    """A culture, sports or brand team (文体团队、品牌队伍) of women in a community, e.g. one of the
    100-plus teams of 百步亭社区. A team may co-organise activities; its leader may be appointed a
    part-time vice chair when it has at least 20 women."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("类型"), max_length=20, choices=TeamKind.choices, default=TeamKind.OTHER, db_index=True)
    federation = models.ForeignKey(
        "organizations.Federation", on_delete=models.PROTECT, related_name="teams", verbose_name=_("所属妇联")
    )
    leader = models.ForeignKey(
        "cadres.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="led_teams",
        verbose_name=_("负责人（干部）"),
    )
    leader_name = models.CharField(_("负责人"), max_length=50, blank=True)
    leader_phone = PhoneField(_("负责人电话"), max_length=30, blank=True)
    women_count = models.PositiveIntegerField(_("女性人数"), default=0)
    is_brand = models.BooleanField(_("品牌队伍"), default=False)
    founded_on = models.DateField(_("成立日期"), null=True, blank=True)
    women_organization = models.OneToOneField(
        "organizations.WomenOrganization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="team",
        verbose_name=_("妇女组织名录记录"),
        help_text=_("该团队在“1+N”妇女组织名录中的记录（如有）"),
    )

    history = HistoricalRecords(excluded_fields=["sort_key"])

    class Meta:
        verbose_name = _("团队")
        verbose_name_plural = _("团队")
        ordering = ["federation", "sort_key", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["federation", "name"],
                name="team_unique_name_per_federation",
                violation_error_message=_("该妇联下已有同名团队。"),
            ),
        ]

    def __str__(self):
        return self.name
