from django import forms
from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.utils.translation import gettext_lazy as _

from accounts import review as shared
from accounts.review_admin import ReviewActionsMixin
from core.admin import ScopedAdmin, ScopedInline, add_inline
from core.admin_imports import ScopedExportMixin
from core.archiving import ArchiveAdminMixin, ArchivedListFilter
from core.masking import mask_id_number, mask_phone
from core.scope import is_editable
from organizations.models import WomenOrganization

from . import review, training
from .models import (
    DutyReport,
    DutyReportReview,
    Election,
    ImportJob,
    PartyOrganization,
    Person,
    PersonalDataAccess,
    Post,
    RotationCheck,
    TrainingAttendance,
    TrainingCourse,
    TrainingEnrolment,
    TrainingSession,
    WomenOrganizationLeader,
    WomenRating,
)
from .personal_data import MASKS, PERSONAL_FIELDS, record_reads, with_full_access
from .resources import PersonResource


class PostInlineForm(forms.ModelForm):
    """Short column headers for the posts table (the full names stay in each header's help text), so that the
    eleven columns fit a 1366 px screen and no header wraps one character per line."""

    class Meta:
        labels = {
            "federation": _("妇联"),
            "term_number": _("届次"),
            "term_start": _("任期开始"),
            "term_end": _("届满"),
            "ended_on": _("离任"),
            "appointment": _("产生方式"),
            "in_two_committees": _("两委"),
            "in_party_committee": _("党组织班子"),
            "team_name": _("所带团队"),
            "team_women_count": _("团队女性"),
        }
        help_texts = {
            "in_two_committees": _("两委成员：社区（村）党组织和居（村）委会"),
            "in_party_committee": _("同级党组织班子成员，如街道党工委委员"),
            "team_women_count": _("团队女性人数"),
        }


class PostInline(ScopedInline):
    model = Post
    form = PostInlineForm
    fk_name = "person"
    fields = [
        "federation",
        "position",
        "term_number",
        "term_start",
        "term_end",
        "ended_on",
        "appointment",
        "in_two_committees",
        "in_party_committee",
        "team_name",
        "team_women_count",
    ]
    autocomplete_fields = ["federation"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("federation")


@admin.register(Person)
class PersonAdmin(ArchiveAdminMixin, ScopedExportMixin, ScopedAdmin):
    """Exports here; imports through the one people importer (cadres.importer: the /cadres/import/ page
    and the API, an async job with a row-by-row report), linked from the list's tools."""

    resource_classes = [PersonResource]
    change_list_template = "admin/cadres/person/change_list.html"
    list_display = ["name", "gender", "birth_year", "masked_phone", "federation", "sector", "in_system"]
    list_filter = [ArchivedListFilter, "gender", "in_system", "sector", "education", "public_profile"]
    search_fields = ["name"]
    readonly_fields = ["archived_at"]
    autocomplete_fields = ["federation"]
    list_select_related = ["federation"]
    inlines = [PostInline]
    show_full_result_count = False  # no second COUNT over every person in scope
    count_limit = 10_000  # and the list's own count stops here (110,000 people at the city scale)

    @admin.display(description=_("手机号"))
    def masked_phone(self, person):
        return mask_phone(person.phone)

    @admin.display(description=_("身份证号"))
    def masked_id_number(self, person):
        return mask_id_number(person.id_number)

    def _full(self, request, obj):
        # once per request and person (``ScopedAdmin._scope_check``): the fields, the read-only fields, the
        # form and the access log each ask (6 identical EXISTS queries on a change form)
        return obj is not None and self._scope_check(request, is_editable, obj)

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if obj is not None and not self._full(request, obj):
            fields = [f"masked_{name}" if name in PERSONAL_FIELDS else name for name in fields]
        return fields

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and not self._full(request, obj):
            readonly += [f"masked_{name}" for name in PERSONAL_FIELDS]
        return readonly

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Below her posts, her training record (培训记录), read-only and as far as the viewer may see it: the
        courses she is enrolled in, the sessions she attended or missed, her hours this year and where she
        stands against the training rules (cadres.training.record: three queries whatever her record)."""
        person = self.get_object(request, unquote(object_id))  # None when missing or out of scope: Django's 302
        if person is not None:
            extra_context = {**(extra_context or {}), "training": training.record(person, request.user)}
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            if person is not None and self._full(request, person):
                shown = {name for name in PERSONAL_FIELDS if getattr(person, name)}
                if shown:
                    record_reads(request.user, {person.pk: shown}, request.get_full_path())
        return response

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        records = list(historical_records)
        if not records:
            return
        person = Person.objects.filter(pk=records[0].id).first()
        full = person is not None and is_editable(request.user, person)
        labels = {str(Person._meta.get_field(name).verbose_name): name for name in PERSONAL_FIELDS}
        shown = set()
        for record in records:
            for change in getattr(record, "history_delta_changes", None) or []:
                name = labels.get(str(change["field"])) or (
                    change["field"] if change["field"] in PERSONAL_FIELDS else None
                )
                if name is None:
                    continue
                if full:
                    shown.add(name)
                else:
                    change["old"], change["new"] = MASKS[name](change["old"]), MASKS[name](change["new"])
        if shown:
            record_reads(request.user, {person.pk: shown}, request.get_full_path())

    def get_export_queryset(self, request):
        return with_full_access(super().get_export_queryset(request), request.user)


@admin.register(Post)
class PostAdmin(ScopedAdmin):
    list_display = [
        "person",
        "federation",
        "position",
        "term_number",
        "term_start",
        "term_end",
        "ended_on",
        "appointment",
        "in_two_committees",
    ]
    list_filter = ["position", "appointment", "in_two_committees", "in_party_committee", "federation__level"]
    extra_lookups = ["federation__id__exact"]  # the gap list's link to a federation's posts
    search_fields = ["person__name", "federation__name"]
    autocomplete_fields = ["person", "federation", "election"]
    list_select_related = ["person", "federation"]
    date_hierarchy = "term_start"  # drawn from the calendar (change_list.html), not MIN/MAX/DISTINCT over the rows
    date_hierarchy_since = 2000
    show_full_result_count = False
    count_limit = 10_000  # 127,000 posts at the city scale


@admin.register(PartyOrganization)
class PartyOrganizationAdmin(ScopedAdmin):
    list_display = ["name", "org_type", "federation", "secretary", "contact"]
    list_filter = ["org_type"]
    search_fields = ["name", "federation__name", "secretary"]
    autocomplete_fields = ["federation"]
    list_select_related = ["federation"]


class DutyReportReviewInline(ScopedInline):
    model = DutyReportReview
    fields = ["line", "party_organization", "reviewer_federation", "received_on", "reviewer", "rating", "comment"]
    autocomplete_fields = ["party_organization", "reviewer_federation"]


REVIEW_FIELDS = ["created_by", "review_state", "review_reason", "reviewed_by", "reviewed_at"]


class ReviewedAdmin(ReviewActionsMixin, ScopedAdmin):
    """A record reviewed by the federation one level up (cadres/review.py): who filed it is stamped on add,
    editing a returned one resubmits it, and its reviewers approve or return the selected ones (all or none)."""

    place_related = ("post__person", "post__federation")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        else:
            shared.resubmit_if_returned(obj)
        super().save_model(request, obj, form, change)

    def review_ids(self, request, ids, action, reason):
        return review.review(request.user, self.model, ids, action, reason)

    def place_of(self, record):
        return record.post.federation


@admin.register(DutyReport)
class DutyReportAdmin(ReviewedAdmin):
    list_display = ["post", "year", "period", "filed_on", "party_organization", "upper_federation", "review_state"]
    list_filter = ["year", "period", "review_state"]
    search_fields = ["post__person__name", "post__federation__name"]
    autocomplete_fields = ["post"]
    readonly_fields = ["party_organization", "upper_federation", *REVIEW_FIELDS]
    list_select_related = ["post__person", "post__federation", "party_organization", "upper_federation"]
    inlines = [DutyReportReviewInline]


@admin.register(DutyReportReview)
class DutyReportReviewAdmin(ScopedAdmin):
    list_display = ["report", "line", "reviewer", "received_on", "rating"]
    list_filter = ["line", "rating"]
    search_fields = ["report__post__person__name", "reviewer"]
    autocomplete_fields = ["report", "party_organization", "reviewer_federation"]
    list_select_related = ["report__post__person"]


@admin.register(WomenRating)
class WomenRatingAdmin(ScopedAdmin):
    list_display = ["report", "score", "verdict", "respondent"]
    list_filter = ["verdict"]
    search_fields = ["report__post__person__name", "respondent"]
    autocomplete_fields = ["report"]
    list_select_related = ["report__post__person"]


@admin.register(RotationCheck)
class RotationCheckAdmin(ReviewedAdmin):
    list_display = [
        "post",
        "month",
        "visited_community",
        "visited",
        "exchange_held",
        "activity_held",
        "looked_back",
        "filed_at",
        "review_state",
    ]
    list_filter = ["month", "visited", "exchange_held", "activity_held", "looked_back", "review_state"]
    search_fields = ["post__person__name"]
    autocomplete_fields = ["post", "visited_community"]
    readonly_fields = REVIEW_FIELDS
    list_select_related = ["post__person", "visited_community"]


@admin.register(Election)
class ElectionAdmin(ScopedAdmin):
    list_display = [
        "federation",
        "kind",
        "term_number",
        "held_on",
        "representatives",
        "chairs",
        "vice_chairs",
        "exec_members",
    ]
    list_filter = ["kind", "federation__is_brigade"]
    search_fields = ["federation__name"]
    autocomplete_fields = ["federation"]
    list_select_related = ["federation"]
    date_hierarchy = "held_on"


@admin.register(PersonalDataAccess)
class PersonalDataAccessAdmin(ScopedAdmin):
    list_display = ["created_at", "user", "person", "fields", "request_id", "path"]
    search_fields = ["person__name", "user__username", "request_id"]
    list_select_related = ["user", "person"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ImportJob)
class ImportJobAdmin(ScopedAdmin):
    list_display = ["created_at", "user", "federation", "dry_run", "status", "total_rows", "processed_rows"]
    list_filter = ["status", "dry_run"]
    list_select_related = ["user", "federation"]
    readonly_fields = [
        "federation",
        "user",
        "file",
        "dry_run",
        "status",
        "total_rows",
        "processed_rows",
        "created_people",
        "created_posts",
        "report",
        "finished_at",
    ]

    def has_add_permission(self, request):
        return False


class WomenOrganizationLeaderInline(ScopedInline):
    """The leader on the women's organisation's admin page (organizations.admin knows nothing of people)."""

    model = WomenOrganizationLeader
    fields = ["person", "since"]
    autocomplete_fields = ["person"]
    max_num = 1
    verbose_name = verbose_name_plural = _("负责人")


add_inline(WomenOrganization, WomenOrganizationLeaderInline)


@admin.register(WomenOrganizationLeader)
class WomenOrganizationLeaderAdmin(ScopedAdmin):
    list_display = ["organization", "person", "since"]
    search_fields = ["organization__name", "person__name"]
    autocomplete_fields = ["organization", "person"]
    list_select_related = ["organization", "person"]


# --- training (培训同步管理) ---------------------------------------------------------------------------------


class TrainingSessionInline(ScopedInline):
    model = TrainingSession
    fields = ["held_on", "subject", "hours"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("course")  # each row's scope goes through it


@admin.register(TrainingCourse)
class TrainingCourseAdmin(ScopedAdmin):
    list_display = ["title", "topic", "federation", "organiser_party", "starts_on", "ends_on", "hours", "online"]
    list_filter = ["topic", "online", "federation__level"]
    search_fields = ["title", "federation__name"]
    autocomplete_fields = ["federation", "organiser_party"]
    list_select_related = ["federation", "organiser_party"]
    date_hierarchy = "starts_on"
    inlines = [TrainingSessionInline]


@admin.register(TrainingSession)
class TrainingSessionAdmin(ScopedAdmin):
    list_display = ["course", "held_on", "subject", "hours"]
    search_fields = ["course__title", "subject"]
    autocomplete_fields = ["course"]
    list_select_related = ["course"]
    date_hierarchy = "held_on"


@admin.register(TrainingEnrolment)
class TrainingEnrolmentAdmin(ScopedAdmin):
    """The gap list's "报名培训" link opens the add form with ``?person=<id>``."""

    list_display = ["person", "course", "created_at"]
    search_fields = ["person__name", "course__title"]
    autocomplete_fields = ["course", "person"]
    list_select_related = ["person", "course"]


@admin.register(TrainingAttendance)
class TrainingAttendanceAdmin(ScopedAdmin):
    list_display = ["person", "session", "status", "hours_credited", "certificate_number"]
    list_filter = ["status"]
    search_fields = ["person__name", "session__course__title", "certificate_number"]
    autocomplete_fields = ["session", "person"]
    list_select_related = ["person", "session__course"]
