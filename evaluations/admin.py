from urllib.parse import urlencode

from django.contrib import admin, messages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedAdmin, ScopedInline

from .api.serializers import response_count
from .models import (
    FlagReason,
    IndicatorSetting,
    IndicatorSnapshot,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
    SurveyTemplate,
)


class SurveyQuestionInline(ScopedInline):
    model = SurveyQuestion
    fields = ["position", "kind", "text", "required"]


@admin.register(SurveyTemplate)
class SurveyTemplateAdmin(ScopedAdmin):
    list_display = ["name", "is_active", "updated_at"]
    list_filter = ["is_active"]
    search_fields = ["name"]
    inlines = [SurveyQuestionInline]


@admin.register(Survey)
class SurveyAdmin(ScopedAdmin):
    list_display = ["title", "federation", "template", "opens_on", "closes_on", "answers", "poster_link"]
    list_filter = ["template", "opens_on"]
    list_select_related = ["federation", "template"]
    search_fields = ["title", "federation__name"]
    # The activity and venue too: as plain selects they listed every activity in scope (58 MB, 107 s for the
    # city office's change form at the city scale).
    autocomplete_fields = ["federation", "template", "venue", "activity"]
    date_hierarchy = "opens_on"
    readonly_fields = ["answers"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(response_count=response_count(), flagged_count=response_count(flagged=True))
        )

    @admin.display(description=_("答卷"))
    def answers(self, obj):
        """ "5 份（已标记 3 份）", the flagged part a link to those answers with their reasons."""
        if obj is None or obj.pk is None:
            return "—"
        total = getattr(obj, "response_count", None)
        flagged = getattr(obj, "flagged_count", None)
        if total is None or flagged is None:
            total, flagged = obj.responses.count(), obj.responses.filter(flagged=True).count()
        link = reverse("admin:evaluations_surveyresponse_changelist")
        answers = format_html(
            '<a href="{}?{}">{}</a>',
            link,
            urlencode({"survey": obj.pk}),
            ngettext("%(n)s 份", "%(n)s 份", total) % {"n": total},
        )
        if not flagged:
            return answers
        return format_html(
            gettext("{answers}（{flagged}）"),
            answers=answers,
            flagged=format_html(
                '<a href="{}?{}">{}</a>',
                link,
                urlencode({"survey": obj.pk, "flagged__exact": 1}),
                ngettext("已标记 %(n)s 份", "已标记 %(n)s 份", flagged) % {"n": flagged},
            ),
        )

    @admin.display(description=_("二维码海报"))
    def poster_link(self, obj):
        return format_html('<a href="{}">{}</a>', reverse("evaluations:poster", args=[obj.pk]), _("打印"))


class SurveyAnswerInline(ScopedInline):
    model = SurveyAnswer
    fields = ["question", "satisfaction", "yes", "text"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class SurveyIdFilter(admin.SimpleListFilter):
    """``?survey=<id>``: the answers of one survey (the link from the survey's "答卷" column). Only the chosen
    survey is listed as a choice (there are thousands); Django applies a filter only when it has one."""

    title = _("测评")
    parameter_name = "survey"

    def lookups(self, request, model_admin):
        value = request.GET.get(self.parameter_name, "")
        if not value.isdigit():
            return [(value, _("无此测评"))] if value else []
        survey = Survey.objects.visible_to(request.user).filter(pk=int(value)).values_list("title", flat=True)
        return [(value, survey.first() or _("无此测评"))]

    def queryset(self, request, queryset):
        value = self.value()
        if not value:
            return queryset
        return queryset.filter(survey_id=int(value)) if str(value).isdigit() else queryset.none()


@admin.register(SurveyResponse)
class SurveyResponseAdmin(ScopedAdmin):
    """Responses are anonymous and never edited; an editor may delete spam, and confirm a flagged answer
    (it then counts) or flag one (it then stops counting)."""

    list_display = ["id", "survey", "federation", "submitted_at", "satisfaction", "can_name", "flagged", "reasons"]
    list_filter = [SurveyIdFilter, "flagged", "satisfaction", "can_name", "submitted_at"]
    list_select_related = ["survey", "federation"]
    search_fields = ["survey__title"]
    readonly_fields = [
        "survey",
        "federation",
        "submitted_at",
        "satisfaction",
        "can_name",
        "flagged",
        "reasons",
        "reviewed_by",
        "reviewed_at",
    ]
    fields = readonly_fields
    inlines = [SurveyAnswerInline]
    date_hierarchy = "submitted_at"
    show_full_result_count = False  # a second COUNT(*) over every response (660,000 at the city scale)
    count_limit = 10_000  # and the first counts at most this many: narrow by date or filter for more
    actions = ["confirm_responses", "flag_responses"]

    @admin.display(description=_("标记原因"))
    def reasons(self, obj):
        return obj.flag_reasons() or "—"

    def has_review_permission(self, request):
        return ScopedAdmin.has_change_permission(self, request)

    def _review(self, request, queryset, flagged):
        """Set ``flagged`` on the selected answers in the user's edit scope, one save each so the kept
        counters follow."""
        changed = 0
        with transaction.atomic():
            for response in queryset.editable_by(request.user).filter(flagged=not flagged).select_for_update():
                response.flagged = flagged
                if flagged and FlagReason.STAFF not in response.flag_reason.split(","):
                    response.flag_reason = ",".join(filter(None, [response.flag_reason, FlagReason.STAFF]))
                response.reviewed_by = request.user
                response.reviewed_at = timezone.now()
                response.save(update_fields=["flagged", "flag_reason", "reviewed_by", "reviewed_at", "updated_at"])
                changed += 1
        return changed

    @admin.action(description=_("确认有效（计入统计）"), permissions=["review"])
    def confirm_responses(self, request, queryset):
        changed = self._review(request, queryset, flagged=False)
        self.message_user(
            request,
            ngettext("已确认 %(n)d 份答卷，已计入统计。", "已确认 %(n)d 份答卷，已计入统计。", changed)
            % {"n": changed},
            messages.SUCCESS,
        )

    @admin.action(description=_("标记为可疑（不计入统计）"), permissions=["review"])
    def flag_responses(self, request, queryset):
        changed = self._review(request, queryset, flagged=True)
        self.message_user(
            request,
            ngettext("已标记 %(n)d 份答卷，不再计入统计。", "已标记 %(n)d 份答卷，不再计入统计。", changed)
            % {"n": changed},
            messages.SUCCESS,
        )

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
