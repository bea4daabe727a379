import django_filters
from django.utils.translation import gettext_lazy as _

from core.api.filters import ScopedFilterSet, visible_federations

from .choices import JointBuildMode, Level, MemberUnitType, WomenOrganizationStatus, WomenOrganizationType
from .models import Federation, JointBuildingCluster, MemberUnit, WomenOrganization


class FederationFilterSet(ScopedFilterSet):
    level = django_filters.MultipleChoiceFilter(choices=Level.choices, label=_("层级"))
    parent = django_filters.ModelMultipleChoiceFilter(queryset=visible_federations, label=_("直接上级"))
    archived = django_filters.BooleanFilter(
        field_name="archived_at", lookup_expr="isnull", exclude=True, label=_("已归档")
    )

    class Meta:
        model = Federation
        fields = ["level", "parent", "ancestor", "code", "archived"]


class RegionalizedFilterMixin(django_filters.FilterSet):
    regionalized = django_filters.BooleanFilter(
        field_name="regionalized_on", lookup_expr="isnull", exclude=True, label=_("已完成区域化建设")
    )
    regionalized_by = django_filters.DateFilter(
        field_name="regionalized_on", lookup_expr="lte", label=_("在此日期前完成区域化建设")
    )


class FederationFullFilterSet(FederationFilterSet, RegionalizedFilterMixin):
    class Meta(FederationFilterSet.Meta):
        fields = [
            *FederationFilterSet.Meta.fields,
            "regionalized",
            "regionalized_by",
            "is_brigade",
            "name_is_generated",
        ]


class MemberUnitFilterSet(ScopedFilterSet):
    federation = django_filters.ModelMultipleChoiceFilter(queryset=visible_federations, label=_("所加入的妇联"))
    unit_type = django_filters.MultipleChoiceFilter(choices=MemberUnitType.choices, label=_("单位类型"))
    current = django_filters.BooleanFilter(field_name="left_on", lookup_expr="isnull", label=_("目前仍为成员"))
    joined_after = django_filters.DateFilter(field_name="joined_on", lookup_expr="gte", label=_("加入日期起"))
    joined_before = django_filters.DateFilter(field_name="joined_on", lookup_expr="lte", label=_("加入日期止"))

    class Meta:
        model = MemberUnit
        fields = ["ancestor", "federation", "unit_type", "current", "is_party_building_member", "credit_code"]


class WomenOrganizationFilterSet(ScopedFilterSet):
    federation = django_filters.ModelMultipleChoiceFilter(queryset=visible_federations, label=_("所属妇联"))
    org_type = django_filters.MultipleChoiceFilter(choices=WomenOrganizationType.choices, label=_("组织类型"))
    status = django_filters.MultipleChoiceFilter(choices=WomenOrganizationStatus.choices, label=_("状态"))
    founded_after = django_filters.DateFilter(field_name="founded_on", lookup_expr="gte", label=_("成立日期起"))
    founded_before = django_filters.DateFilter(field_name="founded_on", lookup_expr="lte", label=_("成立日期止"))

    class Meta:
        model = WomenOrganization
        fields = ["ancestor", "federation", "org_type", "status", "host_unit"]


class JointBuildingClusterFilterSet(ScopedFilterSet):
    mode = django_filters.MultipleChoiceFilter(choices=JointBuildMode.choices, label=_("联建模式"))
    member = django_filters.ModelChoiceFilter(field_name="members", queryset=visible_federations, label=_("辐射妇联"))

    class Meta:
        model = JointBuildingCluster
        fields = ["ancestor", "mode", "core", "member"]
