"""Filters shared by the API and the pages."""

import datetime

import django_filters
from django.utils.translation import gettext_lazy as _

from core.api.filters import ScopedFilterSet, SubtreeFilter
from core.dates import month_bounds, parse_month
from core.scope import subtree_q

from .choices import RegistrationStatus, SocialOrgField, TeamKind
from .models import Activity, ActivityKind, ActivityReach, SocialOrganization, Team
from .services import TZ


class ReachedFilter(SubtreeFilter):
    """``reached``: activities that reached the chosen federation's subtree (owner, co-organiser or
    radiated), each once."""

    def filter(self, qs, value):
        if not value:
            return qs
        return qs.filter(pk__in=ActivityReach.objects.filter(subtree_q("federation", value)).values("activity_id"))


class ActivityFilterSet(ScopedFilterSet):
    reached = ReachedFilter(field_name="federation", label=_("覆盖到的组织（含全部下级，联办和辐射也算）"))
    kind = django_filters.ModelMultipleChoiceFilter(queryset=ActivityKind.objects.all(), label=_("类型"))
    kind_code = django_filters.CharFilter(field_name="kind__code", label=_("类型编码"))
    date_from = django_filters.DateFilter(method="filter_date_from", label=_("开始日期不早于"))
    date_to = django_filters.DateFilter(method="filter_date_to", label=_("开始日期不晚于"))
    month = django_filters.CharFilter(method="filter_month", label=_("月份（YYYY-MM）"))
    venue = django_filters.NumberFilter(field_name="venue", label=_("阵地"))
    cross_sector = django_filters.BooleanFilter(field_name="is_cross_sector", label=_("跨界混搭"))
    organizer_federation = django_filters.NumberFilter(
        field_name="co_organizers__federation", distinct=True, label=_("联办妇联")
    )
    organizer_member_unit = django_filters.NumberFilter(
        field_name="co_organizers__member_unit", distinct=True, label=_("联办成员单位")
    )
    organizer_social_organization = django_filters.NumberFilter(
        field_name="co_organizers__social_organization", distinct=True, label=_("联办社会组织")
    )
    organizer_team = django_filters.NumberFilter(field_name="co_organizers__team", distinct=True, label=_("联办团队"))
    organizer_party_organization = django_filters.NumberFilter(
        field_name="co_organizers__party_organization", distinct=True, label=_("联办党组织")
    )

    class Meta:
        model = Activity
        fields = ["federation"]

    # Day bounds in Asia/Shanghai as a range on ``start`` (an index), not a per-row date cast.
    def filter_date_from(self, qs, name, value):
        return qs.filter(start__gte=datetime.datetime.combine(value, datetime.time.min, tzinfo=TZ))

    def filter_date_to(self, qs, name, value):
        following = value + datetime.timedelta(days=1)
        return qs.filter(start__lt=datetime.datetime.combine(following, datetime.time.min, tzinfo=TZ))

    def filter_month(self, qs, name, value):
        try:
            start, end = month_bounds(parse_month(value))
        except ValueError:
            return qs.none()
        return qs.filter(start__gte=start, start__lt=end)


class SocialOrganizationFilterSet(ScopedFilterSet):
    field = django_filters.MultipleChoiceFilter(choices=SocialOrgField.choices, label=_("服务领域"))
    registration_status = django_filters.MultipleChoiceFilter(choices=RegistrationStatus.choices, label=_("登记状态"))
    introduced_by = django_filters.NumberFilter(field_name="introduced_by", distinct=True, label=_("引进的阵地"))

    class Meta:
        model = SocialOrganization
        fields = ["cultivated_by"]


class TeamFilterSet(ScopedFilterSet):
    kind = django_filters.MultipleChoiceFilter(choices=TeamKind.choices, label=_("类型"))

    class Meta:
        model = Team
        fields = ["federation", "is_brand"]
