"""Filters shared by the API and the pages."""

import django_filters
from django.utils.translation import gettext_lazy as _

from core.api.filters import ScopedFilterSet, SubtreeFilter, visible_federations
from core.archiving import ArchivedFilter

from .choices import ConsultationCategory, OnlineSection, SharingMode, VenueKind
from .models import ClusterMembership, CommunityCentre, ConsultationRequest, OnlineService, Upgrade, Venue, VenueCluster


def visible_clusters(request):
    if request is None:
        return VenueCluster.objects.all()
    return VenueCluster.objects.visible_to(request.user)


class VenueFilterSet(ScopedFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=VenueKind.choices, label=_("类型"))
    sharing_mode = django_filters.MultipleChoiceFilter(choices=SharingMode.choices, label=_("使用方式"))
    cluster = django_filters.ModelChoiceFilter(
        field_name="cluster_memberships__cluster", queryset=visible_clusters, label=_("片区")
    )
    is_demonstration = django_filters.BooleanFilter(
        field_name="cluster_memberships__is_demonstration", label=_("市级示范妇女之家")
    )
    in_cluster = django_filters.BooleanFilter(
        field_name="cluster_memberships", lookup_expr="isnull", exclude=True, label=_("已编入片区")
    )
    star_rating = django_filters.MultipleChoiceFilter(choices=[(n, str(n)) for n in range(6)], label=_("星级"))
    min_stars = django_filters.NumberFilter(field_name="star_rating", lookup_expr="gte", label=_("最低星级"))
    archived = ArchivedFilter()

    class Meta:
        model = Venue
        fields = ["kind", "sharing_mode", "federation", "ancestor", "cluster", "is_demonstration", "code", "archived"]


class CommunityCentreFilterSet(ScopedFilterSet):
    class Meta:
        model = CommunityCentre
        fields = ["federation", "ancestor"]


class ClusterAncestorFilter(django_filters.ModelChoiceFilter):
    """Clusters of a district, or with a home in the chosen federation's subtree (a street's clusters)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", visible_federations)
        kwargs.setdefault("label", _("所属上级（含全部下级）"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        return qs.in_subtree(value) if value else qs


class VenueClusterFilterSet(ScopedFilterSet):
    ancestor = ClusterAncestorFilter(field_name="district")

    class Meta:
        model = VenueCluster
        fields = ["district", "ancestor", "code"]


class ClusterMembershipFilterSet(ScopedFilterSet):
    ancestor = SubtreeFilter(field_name="venue__federation")

    class Meta:
        model = ClusterMembership
        fields = ["cluster", "venue", "is_demonstration", "ancestor"]


class UpgradeFilterSet(ScopedFilterSet):
    upgraded_after = django_filters.DateFilter(field_name="upgraded_on", lookup_expr="gte", label=_("升级日期起"))
    upgraded_before = django_filters.DateFilter(field_name="upgraded_on", lookup_expr="lte", label=_("升级日期止"))

    class Meta:
        model = Upgrade
        fields = ["venue", "ancestor"]


class OnlineServiceFilterSet(ScopedFilterSet):
    section = django_filters.MultipleChoiceFilter(choices=OnlineSection.choices, label=_("板块"))

    class Meta:
        model = OnlineService
        fields = ["section", "federation", "ancestor", "is_active"]


class ConsultationFilterSet(ScopedFilterSet):
    category = django_filters.MultipleChoiceFilter(choices=ConsultationCategory.choices, label=_("类别"))
    received_after = django_filters.DateFilter(field_name="received_on", lookup_expr="gte", label=_("受理日期起"))
    received_before = django_filters.DateFilter(field_name="received_on", lookup_expr="lte", label=_("受理日期止"))
    answered = django_filters.BooleanFilter(
        field_name="answered_on", lookup_expr="isnull", exclude=True, label=_("已答复")
    )

    class Meta:
        model = ConsultationRequest
        fields = ["category", "federation", "service", "channel", "ancestor", "answered"]
