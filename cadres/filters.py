import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.api.filters import ScopedFilterSet
from core.archiving import ArchivedFilter
from organizations.choices import Level

from .choices import (
    Appointment,
    AttendanceStatus,
    ElectionKind,
    PartyOrganizationType,
    Position,
    ReportPeriod,
    TrainingTopic,
)
from .models import (
    DutyReport,
    DutyReportReview,
    Election,
    PartyOrganization,
    Person,
    Post,
    RotationCheck,
    TrainingAttendance,
    TrainingCourse,
    TrainingEnrolment,
    TrainingSession,
    WomenOrganizationLeader,
    WomenRating,
)


class PersonFilterSet(ScopedFilterSet):
    archived = ArchivedFilter()

    class Meta:
        model = Person
        fields = ["ancestor", "federation", "gender", "in_system", "sector", "education", "public_profile", "archived"]


class PostFilterSet(ScopedFilterSet):
    position = django_filters.MultipleChoiceFilter(choices=Position.choices, label=_("职务"))
    appointment = django_filters.ChoiceFilter(choices=Appointment.choices, label=_("产生方式"))
    level = django_filters.MultipleChoiceFilter(field_name="federation__level", choices=Level.choices, label=_("层级"))
    sitting = django_filters.BooleanFilter(field_name="ended_on", lookup_expr="isnull", label=_("在任"))
    sitting_on = django_filters.DateFilter(method="filter_sitting_on", label=_("某日在任"))

    class Meta:
        model = Post
        fields = [
            "ancestor",
            "federation",
            "person",
            "position",
            "appointment",
            "term_number",
            "in_two_committees",
            "in_party_committee",
            "election",
            "level",
            "sitting",
            "sitting_on",
        ]

    def filter_sitting_on(self, queryset, name, value):
        return queryset.filter(Q(term_start__lte=value) & (Q(ended_on__isnull=True) | Q(ended_on__gt=value)))


class PartyOrganizationFilterSet(ScopedFilterSet):
    org_type = django_filters.ChoiceFilter(choices=PartyOrganizationType.choices, label=_("类型"))

    class Meta:
        model = PartyOrganization
        fields = ["ancestor", "federation", "org_type"]


class DutyReportFilterSet(ScopedFilterSet):
    period = django_filters.ChoiceFilter(choices=ReportPeriod.choices, label=_("述职期间"))
    federation = django_filters.NumberFilter(field_name="post__federation", label=_("妇联"))

    class Meta:
        model = DutyReport
        fields = ["ancestor", "federation", "post", "year", "period", "upper_federation", "party_organization"]


class DutyReportReviewFilterSet(ScopedFilterSet):
    class Meta:
        model = DutyReportReview
        fields = ["ancestor", "report", "line", "rating"]


class WomenRatingFilterSet(ScopedFilterSet):
    year = django_filters.NumberFilter(field_name="report__year", label=_("年度"))

    class Meta:
        model = WomenRating
        fields = ["ancestor", "report", "verdict", "year"]


class RotationCheckFilterSet(ScopedFilterSet):
    month = django_filters.DateFilter(field_name="month", label=_("月份"))
    year = django_filters.NumberFilter(field_name="month__year", label=_("年度"), min_value=1949, max_value=2100)

    class Meta:
        model = RotationCheck
        fields = ["ancestor", "post", "month", "year", "visited_community"]


class ElectionFilterSet(ScopedFilterSet):
    kind = django_filters.ChoiceFilter(choices=ElectionKind.choices, label=_("类型"))
    is_brigade = django_filters.BooleanFilter(field_name="federation__is_brigade", label=_("农场大队"))
    held_from = django_filters.DateFilter(field_name="held_on", lookup_expr="gte", label=_("选举日期起"))
    held_to = django_filters.DateFilter(field_name="held_on", lookup_expr="lte", label=_("选举日期止"))

    class Meta:
        model = Election
        fields = ["ancestor", "federation", "kind", "term_number", "is_brigade", "held_from", "held_to"]


class WomenOrganizationLeaderFilterSet(ScopedFilterSet):
    class Meta:
        model = WomenOrganizationLeader
        fields = ["ancestor", "organization", "person"]


class TrainingCourseFilterSet(ScopedFilterSet):
    topic = django_filters.ChoiceFilter(choices=TrainingTopic.choices, label=_("培训主题"))
    year = django_filters.NumberFilter(field_name="starts_on__year", label=_("年度"), min_value=1949, max_value=2100)

    class Meta:
        model = TrainingCourse
        fields = ["ancestor", "federation", "organiser_party", "topic", "online", "year"]


class TrainingSessionFilterSet(ScopedFilterSet):
    class Meta:
        model = TrainingSession
        fields = ["ancestor", "course", "held_on"]


class TrainingEnrolmentFilterSet(ScopedFilterSet):
    class Meta:
        model = TrainingEnrolment
        fields = ["ancestor", "course", "person"]


class TrainingAttendanceFilterSet(ScopedFilterSet):
    status = django_filters.ChoiceFilter(choices=AttendanceStatus.choices, label=_("出勤"))
    course = django_filters.NumberFilter(field_name="session__course", label=_("培训班"))
    year = django_filters.NumberFilter(
        field_name="session__held_on__year", label=_("年度"), min_value=1949, max_value=2100
    )

    class Meta:
        model = TrainingAttendance
        fields = ["ancestor", "session", "course", "person", "status", "year"]
