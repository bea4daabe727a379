"""How many activities each federation holds (its own, not its subtree's), kept current on every save and
delete (``activities/counts.py``), so that the activity list's count for a whole subtree is one SUM over at
most the subtree's federations instead of counting a million rows on every page."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityCount(models.Model):
    """Derived data: no history, and it goes with its federation."""

    federation = models.OneToOneField(
        "organizations.Federation",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("妇联组织"),
    )
    activities = models.IntegerField(_("活动数"), default=0)

    class Meta:
        verbose_name = _("活动计数")
        verbose_name_plural = _("活动计数")

    def __str__(self):
        return f"{self.federation_id}: {self.activities}"
