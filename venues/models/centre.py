"""Community centres: the point a community's (village's) reach is measured from."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BaseModel
from organizations.choices import COMMUNITY_LEVELS

from .venue import latitude_field, location_errors, longitude_field


class CommunityCentre(BaseModel):
    """The centre of a community or village (e.g. its residents' committee, or the middle of its built-up
    area), in WGS84/CGCS2000: where the walk to the Women's Homes of its cluster is measured from (the reach
    gap, ``venues.reach``). Kept apart from the community's own home, which may stand at its edge, and by the
    venues pillar, which is the one that measures reach."""

    federation = models.OneToOneField(
        "organizations.Federation",
        on_delete=models.CASCADE,
        related_name="centre",
        verbose_name=_("社区（村）妇联"),
        limit_choices_to={"level__in": COMMUNITY_LEVELS},
    )
    longitude = longitude_field(help_text=_("WGS84/CGCS2000 坐标（天地图）"))
    latitude = latitude_field()

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("社区（村）中心点")
        verbose_name_plural = _("社区（村）中心点")
        ordering = ["federation__lft"]
        indexes = [models.Index(fields=["latitude", "longitude"], name="venues_centre_lat_lng")]

    def __str__(self):
        return f"{self.federation} ({self.longitude}, {self.latitude})"

    def clean(self):
        super().clean()
        if not getattr(self, "federation_id", None):
            return
        if self.federation.level not in COMMUNITY_LEVELS:
            raise ValidationError({"federation": _("只有社区（村）妇联可以设中心点。")})
        errors = location_errors(self.federation, self.longitude, self.latitude)
        if errors:
            raise ValidationError(errors)
