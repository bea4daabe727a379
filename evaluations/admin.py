from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from wuhan_fulian.admin import ScopedAdmin

from .models import (
    IndicatorSetting,
    IndicatorSnapshot,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyTemplate,
)


class SurveyQuestionInline(admin.TabularInline):
    model = SurveyQuestion
    extra = 0
    fields = ["position", "kind", "text", "required"]


@admin.register(SurveyTemplate)
class SurveyTemplateAdmin(ScopedAdmin):
    list_display = ["name", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    inlines = [SurveyQuestionInline]


@admin.register(Survey)
class SurveyAdmin(ScopedAdmin):
    list_display = ["title", "federation", "template", "opens_on", "closes_on", "poster_link"]
    list_filter = ["template", "opens_on"]
    list_select_related = ["federation", "template"]
    search_fields = ["title", "federation__name"]
    autocomplete_fields = ["federation", "template"]
    date_hierarchy = "opens_on"

    @admin.display(description=_("二维码海报"))
    def poster_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("evaluations:poster", args=[obj.pk]), _("打印"))


class SurveyAnswerInline(admin.TabularInline):
    model = SurveyAnswer
    extra = 0
    fields = ["question", "satisfaction", "yes", "text"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ScopedAdmin):
    """Responses are anonymous and never edited; an editor may only delete spam."""

    list_display = ["id", "survey", "federation", "submitted_at", "satisfaction", "can_name"]
    list_filter = ["satisfaction", "can_name", "submitted_at"]
    list_select_related = ["survey", "federation"]
    search_fields = ["survey__title"]
    readonly_fields = ["survey", "federation", "submitted_at", "satisfaction", "can_name"]
    fields = readonly_fields
    inlines = [SurveyAnswerInline]
    date_hierarchy = "submitted_at"
    show_full_result_count = False  # a second COUNT(*) over every response (660,000 at the city scale)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return ScopedAdmin.has_change_permission(self, request, obj)


@admin.register(IndicatorSetting)
class IndicatorSettingAdmin(ScopedAdmin):
    """The city office tunes the five indicators here; the change applies to the next figure read."""

    list_display = ["indicator", "weight", "target", "enabled", "updated_at"]
    list_editable = ["weight", "target", "enabled"]
    fields = ["indicator", "weight", "target", "enabled", "params", "note"]

    def get_readonly_fields(self, request, obj=None):
        return ["indicator"] if obj else []


@admin.register(IndicatorSnapshot)
class IndicatorSnapshotAdmin(ScopedAdmin):
    list_display = ["federation", "month", "indicator", "value", "numerator", "denominator", "meets_target"]
    list_filter = ["indicator", "month", "meets_target"]
    list_select_related = ["federation"]
    search_fields = ["federation__name"]
    date_hierarchy = "month"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
