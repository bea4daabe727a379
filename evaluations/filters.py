import django_filters
from django.utils.translation import gettext_lazy as _

from core.api.filters import ScopedFilterSet

from .choices import Indicator
from .models import IndicatorSnapshot, Survey


class SurveyFilterSet(ScopedFilterSet):
    open_on = django_filters.DateFilter(method="filter_open_on", label=_("在该日期开放"))

    class Meta:
        model = Survey
        fields = ["federation", "ancestor", "template", "venue", "activity", "open_on"]

    def filter_open_on(self, queryset, name, value):
        return queryset.filter(opens_on__lte=value, closes_on__gte=value)


class SnapshotFilterSet(ScopedFilterSet):
    indicator = django_filters.MultipleChoiceFilter(choices=Indicator.choices, label=_("指标"))
    month_from = django_filters.DateFilter(field_name="month", lookup_expr="gte", label=_("起始月份（当月第一天）"))
    month_to = django_filters.DateFilter(field_name="month", lookup_expr="lte", label=_("截止月份（当月第一天）"))

    class Meta:
        model = IndicatorSnapshot
        fields = ["federation", "ancestor", "indicator", "month_from", "month_to"]
