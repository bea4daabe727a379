"""Clusters (片区): the city's community Women's Homes grouped around one demonstration home each."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.models import BaseModel, NaturallyNamed
from core.scope import federation_in, subtree_q
from organizations.choices import COMMUNITY_LEVELS, DISTRICT_LEVELS

from ..choices import VenueKind
from ..managers import ClusterMembershipManager, VenueClusterManager


class VenueCluster(NaturallyNamed, BaseModel):
    """A cluster (片区) of about five neighbouring community/village Women's Homes within one district. One
    of them is the city-level demonstration home (市级示范妇女之家), upgraded and open to every woman of the
    cluster: the "small core" serving the "big periphery"."""

    scope_path = "district"

    name = models.CharField(_("片区名称"), max_length=100)
    code = models.CharField(_("编码"), max_length=40, unique=True, help_text=_("片区的唯一编码，用于导入导出"))
    district = models.ForeignKey(
        "organizations.Federation",
        on_delete=models.PROTECT,
        related_name="venue_clusters",
        verbose_name=_("所在区"),
        limit_choices_to={"level__in": DISTRICT_LEVELS},
    )
    description = models.TextField(_("说明"), blank=True)

    objects = VenueClusterManager()
    history = HistoricalRecords(excluded_fields=["sort_key"])

    class Meta:
        verbose_name = _("妇女之家片区")
        verbose_name_plural = _("妇女之家片区")
        ordering = ["district__lft", "sort_key", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "name"],
                name="venue_cluster_unique_name_per_district",
                violation_error_message=_("该区已有同名片区。"),
            ),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if not self.district_id:
            return
        if self.district.level not in DISTRICT_LEVELS:
            raise ValidationError({"district": _("片区必须设在区妇联或功能区妇联之下。")})
        if self.pk:
            outside = (
                ClusterMembership.objects.filter(cluster_id=self.pk)
                .exclude(subtree_q("venue__federation", self.district))
                .values_list("venue__name", flat=True)[:3]
            )
            if outside:
                raise ValidationError(
                    {
                        "district": _("片区内的妇女之家（%(names)s）不在该区，不能改为该区。")
                        % {"names": "、".join(outside)}
                    }
                )


class ClusterMembership(BaseModel):
    """A Women's Home's place in a cluster, and whether it is the cluster's demonstration home. The database
    itself allows a home in one cluster at most and at most one demonstration home per cluster."""

    scope_path = "cluster__district"

    # A cluster with homes is not deleted (409 / the admin's protected page naming them): take the homes
    # out first, so no membership disappears silently.
    cluster = models.ForeignKey(
        VenueCluster, on_delete=models.PROTECT, related_name="memberships", verbose_name=_("片区")
    )
    venue = models.ForeignKey(
        "venues.Venue",
        on_delete=models.PROTECT,
        related_name="cluster_memberships",
        verbose_name=_("妇女之家"),
        limit_choices_to={"kind": VenueKind.WOMENS_HOME},
    )
    is_demonstration = models.BooleanField(_("市级示范妇女之家"), default=False)
    designated_on = models.DateField(_("命名日期"), null=True, blank=True)

    objects = ClusterMembershipManager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("妇女之家片区成员")
        verbose_name_plural = _("妇女之家片区成员")
        ordering = ["cluster", "-is_demonstration", "venue__sort_key", "venue__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["venue"],
                name="venue_in_one_cluster_at_most",
                violation_error_message=_("该妇女之家已编入其他片区，一个妇女之家只能属于一个片区。"),
            ),
            models.UniqueConstraint(
                fields=["cluster"],
                condition=Q(is_demonstration=True),
                name="one_demonstration_home_per_cluster",
                violation_error_message=_("该片区已有市级示范妇女之家，每个片区只能有一个。"),
            ),
        ]

    def __str__(self):
        return f"{self.cluster} · {self.venue}"

    def clean(self):
        super().clean()
        if not (self.cluster_id and self.venue_id):
            return
        errors = {}
        venue, district = self.venue, self.cluster.district
        if venue.kind != VenueKind.WOMENS_HOME:
            errors["venue"] = _("只有社区（村）“妇女之家”可以编入片区。")
        elif venue.federation.level not in COMMUNITY_LEVELS:
            errors["venue"] = _("只有社区（村）妇联运营的妇女之家可以编入片区。")
        elif not federation_in(district, venue.federation):
            errors["venue"] = _("“%(venue)s”不在“%(district)s”，片区内的妇女之家必须同在一个区。") % {
                "venue": venue.name,
                "district": district.name,
            }
        if errors:
            raise ValidationError(errors)
