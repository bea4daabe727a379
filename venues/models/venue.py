"""Venues (阵地): the places where federations meet women, owned or shared."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BaseModel, NaturallyNamed
from core.phones import PhoneField
from core.scope import federation_in
from organizations.choices import DISTRICT_LEVELS

from .. import geo
from ..choices import LIUYOU_FIELDS, SANTONGYI_FIELDS, SharingMode, VenueKind
from ..managers import VenueManager

MAX_STARS = 5


def longitude_field(**options) -> models.DecimalField:
    """A WGS84/CGCS2000 longitude, six decimals (≈0.1 m), -180 to 180 (a venue's, a community centre's)."""
    message = _("经度应在 -180 到 180 之间。")
    validators = [MinValueValidator(-180, message=message), MaxValueValidator(180, message=message)]
    return models.DecimalField(_("经度"), max_digits=9, decimal_places=6, validators=validators, **options)


def latitude_field(**options) -> models.DecimalField:
    """A WGS84/CGCS2000 latitude, six decimals, -90 to 90."""
    message = _("纬度应在 -90 到 90 之间。")
    validators = [MinValueValidator(-90, message=message), MaxValueValidator(90, message=message)]
    return models.DecimalField(_("纬度"), max_digits=8, decimal_places=6, validators=validators, **options)


class Venue(NaturallyNamed, BaseModel):
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
    # WGS84/CGCS2000 (天地图's datum), six decimals (≈0.1 m). GCJ-02 from consumer maps is converted on input
    # (venues/geo.py); both or neither, inside the district of the federation that runs the venue.
    longitude = longitude_field(
        null=True,
        blank=True,
        help_text=_("WGS84/CGCS2000 坐标（天地图）；高德、腾讯等地图的 GCJ-02 坐标请选择坐标系后自动换算"),
    )
    latitude = latitude_field(null=True, blank=True)
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
    history = HistoricalRecords(excluded_fields=["sort_key"])

    class Meta:
        verbose_name = _("阵地")
        verbose_name_plural = _("阵地")
        ordering = ["federation__tree_id", "federation__lft", "sort_key", "name"]
        indexes = [
            models.Index(fields=["latitude", "longitude"], name="venues_venue_lat_lng"),
            models.Index(fields=["federation", "sort_key"], name="venue_natural_order"),
        ]
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
            models.CheckConstraint(
                condition=Q(longitude__isnull=True, latitude__isnull=True)
                | Q(longitude__gte=-180, longitude__lte=180, latitude__gte=-90, latitude__lte=90),
                name="venue_location_both_in_range",
                violation_error_message=_("经度和纬度须同时填写，且经度在 -180 到 180、纬度在 -90 到 90 之间。"),
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
        errors.update(self._location_errors())
        if errors:
            raise ValidationError(errors)

    def _location_errors(self) -> dict:
        return location_errors(
            self.federation if getattr(self, "federation_id", None) else None, self.longitude, self.latitude
        )


def location_errors(federation, longitude, latitude) -> dict:
    """Errors of a point given for a record of ``federation``: both coordinates or neither, and inside the
    federation's district (the vendored outline; a functional zone has none: inside the city)."""
    if longitude is None and latitude is None:
        return {}
    if longitude is None or latitude is None:
        missing = "longitude" if longitude is None else "latitude"
        return {missing: _("经度和纬度须同时填写。")}
    lng, lat = float(longitude), float(latitude)
    if not (-180 <= lng <= 180 and -90 <= lat <= 90) or federation is None:
        return {}  # the field validators say what is wrong
    district = (
        federation.get_ancestors(include_self=True).filter(level__in=DISTRICT_LEVELS).only("code", "name").first()
    )
    if district is None:
        return {}
    outline = geo.district_for(district.code, district.name)
    inside = outline.contains(lng, lat) if outline is not None else geo.in_city(lng, lat)
    if inside:
        return {}
    return {
        "longitude": _("坐标（经度 %(lng)s，纬度 %(lat)s）不在%(district)s范围内，请检查坐标或坐标系。")
        % {"lng": f"{lng:.6f}", "lat": f"{lat:.6f}", "district": district.name}
    }
