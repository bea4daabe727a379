"""Venues (阵地): the places where federations meet women, owned or shared."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BaseModel
from core.phones import PhoneField
from core.scope import federation_in

from ..choices import LIUYOU_FIELDS, SANTONGYI_FIELDS, SharingMode, VenueKind
from ..managers import VenueManager

MAX_STARS = 5


class Venue(BaseModel):
    """A venue (阵地) run by one federation: a community Women's Home (妇女之家), a women's corner in a park or
    enterprise, a square home, a micro home, a themed home (晓茶会), an enterprise lounge (斗鱼 "小姐姐之家"),
    a building home (长城汇 "她联盟") or the city's women's social-organisation service centre. The space is
    the federation's own (为我所有) or shared with the unit that provides it (共建共用 / 他建共用). Its
    standards are the "六有" and "三统一" checklist and a star rating."""

    name = models.CharField(_("名称"), max_length=100)
    code = models.CharField(_("编码"), max_length=40, unique=True, help_text=_("阵地的唯一编码，用于导入导出"))
    kind = models.CharField(_("类型"), max_length=20, choices=VenueKind.choices, db_index=True)
    federation = models.ForeignKey(
        "organizations.Federation", on_delete=models.PROTECT, related_name="venues", verbose_name=_("运营妇联")
    )
    sharing_mode = models.CharField(
        _("使用方式"), max_length=20, choices=SharingMode.choices, default=SharingMode.OWNED
    )
    provider_name = models.CharField(
        _("场地提供方"), max_length=100, blank=True, help_text=_("共建或他建时提供场地的单位或设施，如党群服务中心")
    )
    provider_unit = models.ForeignKey(
        "organizations.MemberUnit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="provided_venues",
        verbose_name=_("提供场地的成员单位"),
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    area_m2 = models.DecimalField(
        _("面积（平方米）"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0, message=_("面积不能为负数。"))],
    )
    opening_hours = models.CharField(_("开放时间"), max_length=100, blank=True)
    phone = PhoneField(_("联系电话"), max_length=30, blank=True)
    opened_on = models.DateField(_("启用日期"), null=True, blank=True)
    has_place = models.BooleanField(_("有场所"), default=False)
    has_facilities = models.BooleanField(_("有设施"), default=False)
    has_plan = models.BooleanField(_("有计划"), default=False)
    has_rules = models.BooleanField(_("有制度"), default=False)
    has_activities = models.BooleanField(_("有活动"), default=False)
    has_results = models.BooleanField(_("有成效"), default=False)
    unified_name = models.BooleanField(_("统一名称"), default=False)
    unified_sign = models.BooleanField(_("统一标牌"), default=False)
    unified_image = models.BooleanField(_("统一形象"), default=False)
    star_rating = models.PositiveSmallIntegerField(
        _("星级"),
        default=0,
        validators=[
            MinValueValidator(0, message=_("星级应在 0 到 5 之间。")),
            MaxValueValidator(MAX_STARS, message=_("星级应在 0 到 5 之间。")),
        ],
    )
    description = models.TextField(_("简介"), blank=True)
    archived_at = models.DateTimeField(
        _("归档时间"), null=True, blank=True, db_index=True, help_text=_("已归档的阵地保留全部记录，可随时恢复")
    )

    objects = VenueManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("阵地")
        verbose_name_plural = _("阵地")
        ordering = ["federation__tree_id", "federation__lft", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(area_m2__gte=0) | Q(area_m2__isnull=True),
                name="venue_area_not_negative",
                violation_error_message=_("面积不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(star_rating__gte=0, star_rating__lte=MAX_STARS),
                name="venue_star_rating_0_5",
                violation_error_message=_("星级应在 0 到 5 之间。"),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def liuyou_met(self):
        """How many of the "六有" the venue meets (0–6)."""
        return sum(bool(getattr(self, name)) for name in LIUYOU_FIELDS)

    @property
    def santongyi_met(self):
        """How many of the "三统一" the venue meets (0–3)."""
        return sum(bool(getattr(self, name)) for name in SANTONGYI_FIELDS)

    def clean(self):
        super().clean()
        errors = {}
        if self.sharing_mode in (SharingMode.CO_BUILT_SHARED, SharingMode.OTHER_BUILT_SHARED) and not (
            self.provider_name or getattr(self, "provider_unit_id", None)
        ):
            errors["provider_name"] = _("共建共用或他建共用的阵地须写明场地提供方。")
        if self.pk and self.federation_id:
            membership = self.cluster_memberships.select_related("cluster__district").only("cluster__district").first()
            if membership is not None:
                if self.kind != VenueKind.WOMENS_HOME:
                    errors["kind"] = _("该阵地已编入片区，类型必须为“妇女之家”。")
                district = membership.cluster.district
                if not federation_in(district, self.federation):
                    errors["federation"] = _("该阵地已编入“%(district)s”的片区，运营妇联必须在该区内。") % {
                        "district": district.name
                    }
        if errors:
            raise ValidationError(errors)
