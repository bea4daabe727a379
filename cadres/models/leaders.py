"""Who leads a women's organisation (the "N" of "1+N"): a person of this pillar.

The link lives here, pointing down to ``organizations.WomenOrganization``, so that organizations (below
cadres) knows nothing of people (issue 15: no model relation points to a higher layer)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BaseModel

from .people import Person


class WomenOrganizationLeader(BaseModel):
    """The leader (负责人) of one women's organisation; an organisation has at most one."""

    scope_path = "organization__federation"

    organization = models.OneToOneField(
        "organizations.WomenOrganization",
        on_delete=models.CASCADE,
        related_name="leader_link",
        verbose_name=_("妇女组织"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="led_women_organizations", verbose_name=_("负责人")
    )
    since = models.DateField(_("任职日期"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("妇女组织负责人")
        verbose_name_plural = _("妇女组织负责人")
        ordering = ["organization_id"]

    def __str__(self):
        return f"{self.organization} · {self.person}"
