"""Upgrades (提档升级) of the demonstration homes."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.images import GatedImageField
from core.models import BaseModel

from ..validators import not_in_future
from .venue import MAX_STARS

STAR_VALIDATORS = [
    MinValueValidator(0, message=_("星级应在 0 到 5 之间。")),
    MaxValueValidator(MAX_STARS, message=_("星级应在 0 到 5 之间。")),
]


class Upgrade(BaseModel):
    """A dated upgrade (提档升级) of a city-level demonstration Women's Home: what was improved, what it cost,
    and its star rating before and after."""

    scope_path = "venue__federation"

    venue = models.ForeignKey(
        "venues.Venue", on_delete=models.PROTECT, related_name="upgrades", verbose_name=_("示范妇女之家")
    )
    upgraded_on = models.DateField(_("升级日期"), validators=[not_in_future])
    items = models.TextField(_("升级内容"), help_text=_("每行一项，如：更换标牌、添置图书角"))
    spend = models.DecimalField(
        _("投入金额（元）"),
        max_digits=12,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0, message=_("投入金额不能为负数。"))],
    )
    stars_before = models.PositiveSmallIntegerField(_("升级前星级"), default=0, validators=STAR_VALIDATORS)
    stars_after = models.PositiveSmallIntegerField(_("升级后星级"), default=0, validators=STAR_VALIDATORS)
    notes = models.TextField(_("备注"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("提档升级")
        verbose_name_plural = _("提档升级")
        ordering = ["-upgraded_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(spend__gte=0),
                name="upgrade_spend_not_negative",
                violation_error_message=_("投入金额不能为负数。"),
            ),
            models.CheckConstraint(
                condition=Q(stars_before__lte=MAX_STARS, stars_after__lte=MAX_STARS, stars_before__gte=0),
                name="upgrade_stars_0_5",
                violation_error_message=_("星级应在 0 到 5 之间。"),
            ),
            models.CheckConstraint(
                condition=Q(stars_after__gte=F("stars_before")),
                name="upgrade_does_not_lower_stars",
                violation_error_message=_("升级后星级不能低于升级前星级。"),
            ),
        ]

    def __str__(self):
        return f"{self.venue} {self.upgraded_on}"

    @property
    def item_list(self):
        return [line.strip() for line in self.items.splitlines() if line.strip()]

    def clean(self):
        super().clean()
        if self.venue_id and not self.venue.cluster_memberships.filter(is_demonstration=True).exists():
            raise ValidationError({"venue": _("提档升级只记录在市级示范妇女之家。")})
        if not self.item_list:
            raise ValidationError({"items": _("请至少填写一项升级内容。")})


class UpgradePhoto(BaseModel):
    """A photo documenting an upgrade (before, during or after)."""

    scope_path = "upgrade__venue__federation"

    upgrade = models.ForeignKey(Upgrade, on_delete=models.CASCADE, related_name="photos", verbose_name=_("提档升级"))
    image = GatedImageField(_("照片"), folder="venues/upgrades/%Y/%m")
    caption = models.CharField(_("说明"), max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("升级照片")
        verbose_name_plural = _("升级照片")
        ordering = ["upgrade", "id"]
        indexes = [models.Index(fields=["image"], name="venues_upgradephoto_image")]  # the media view's lookup

    def __str__(self):
        return self.caption or self.image.name
