from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accounts.review_admin import ReviewActionsMixin
from core import dates
from core.admin import ScopedAdmin, ScopedInline
from core.api.pagination import KnownCountPaginator
from core.dates import month_bounds, parse_month
from core.scope import subtree_q
from organizations.choices import DISTRICT_LEVELS, STREET_LEVELS
from organizations.models import Federation

from . import counts, notices, notify, review
from .models import Activity, ActivityKind, ActivityPhoto, CoOrganizer, Reminder, SocialOrganization, Team
from .services import CoOrganizerRow, check_links, save_activity


def _lookup_fields(*names, model):
    """Autocomplete where the related model's admin can search, a raw id box otherwise (the other apps'
    admins may not be registered yet)."""
    autocomplete, raw = [], []
    for name in names:
        related = model._meta.get_field(name).related_model
        related_admin = admin.site._registry.get(related)
        (autocomplete if related_admin and related_admin.search_fields else raw).append(name)
    return autocomplete, raw


SUBTREE_TITLE = _("所属区域（含下级）")


def subtree_filter(path, title=SUBTREE_TITLE):
    """A list filter by district or street subtree: a range on the MPTT fields, not a list of ids."""

    class SubtreeListFilter(admin.SimpleListFilter):
        parameter_name = "subtree"

        def lookups(self, request, model_admin):
            federations = Federation.objects.visible_to(request.user).filter(
                level__in=(*DISTRICT_LEVELS, *STREET_LEVELS)
            )
            return [(f.pk, f.name) for f in federations.order_by("tree_id", "lft")]

        def queryset(self, request, queryset):
            if not self.value() or not str(self.value()).isdigit():
                return queryset
            root = Federation.objects.visible_to(request.user).filter(pk=self.value()).first()
            return queryset.filter(subtree_q(path, root)) if root else queryset.none()

    SubtreeListFilter.title = title
    return SubtreeListFilter


class MonthListFilter(admin.SimpleListFilter):
    title = _("月份")
    parameter_name = "month"

    def lookups(self, request, model_admin):
        month = dates.this_month()
        choices = []
        for _i in range(12):
            choices.append((f"{month:%Y-%m}", _("%(year)d年%(month)d月") % {"year": month.year, "month": month.month}))
            month = dates.previous_month(month)
        return choices

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        try:
            start, end = month_bounds(parse_month(self.value()))
        except ValueError:
            return queryset.none()
        return queryset.filter(start__gte=start, start__lt=end)


def co_organizer_rows(formset):
    """The co-organisers an inline formset asks for (rows marked for deletion left out)."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None)
        if data and not formset._should_delete_form(form):
            rows.append(CoOrganizerRow.from_fields(data))
    return rows


class CoOrganizerFormSet(BaseInlineFormSet):
    """The co-organisers checked by the rules every channel shares (services.check_links)."""

    user = None  # the request's, set by CoOrganizerInline.get_formset

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        try:
            check_links(self.user, self.instance, None, co_organizer_rows(self))
        except ValidationError as exc:
            raise ValidationError(exc.messages) from exc


class ActivityAdminForm(forms.ModelForm):
    """The radiated communities checked by the rules every channel shares (services.check_links)."""

    user = None  # the request's, set by ActivityAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        try:
            check_links(self.user, self.instance, cleaned.get("radiated_to"), None)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                self.add_error(name if name in self.fields else None, messages)
        return cleaned


class CoOrganizerInline(ScopedInline):
    model = CoOrganizer
    choice_scope = "link"  # a co-organiser may be anywhere she sees, as in the web form and the API
    fields = ["role", "federation", "member_unit", "social_organization", "team", "party_organization", "sector"]
    readonly_fields = ["sector"]
    autocomplete_fields, raw_id_fields = _lookup_fields(
        "federation", "member_unit", "social_organization", "team", "party_organization", model=CoOrganizer
    )
    formset = CoOrganizerFormSet

    def get_formset(self, request, obj=None, **kwargs):
        return type("CoOrganizerFormSet", (super().get_formset(request, obj, **kwargs),), {"user": request.user})


class ActivityPhotoInline(ScopedInline):
    model = ActivityPhoto
    fields = ["preview", "caption", "order"]
    readonly_fields = ["preview"]

    def has_add_permission(self, request, obj=None):
        return False  # photos are checked and resized on upload: the web form or the API

    @admin.display(description=_("照片"))
    def preview(self, photo):
        if not photo.thumbnail:
            return "-"
        return format_html('<img src="{}" alt="" width="80">', photo.thumbnail.url)


@admin.register(ActivityKind)
class ActivityKindAdmin(ScopedAdmin):
    list_display = ["name", "code", "order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name", "code"]


@admin.register(SocialOrganization)
class SocialOrganizationAdmin(ScopedAdmin):
    list_display = ["name", "field", "registration_status", "cultivated_by", "member_count"]
    list_filter = [subtree_filter("cultivated_by"), "field", "registration_status"]
    search_fields = ["name", "contact_person"]
    list_select_related = ["cultivated_by"]
    autocomplete_fields, raw_id_fields = _lookup_fields(
        "cultivated_by", "introduced_by", "women_organization", model=SocialOrganization
    )


@admin.register(Team)
class TeamAdmin(ScopedAdmin):
    list_display = ["name", "kind", "federation", "leader_name", "women_count", "is_brand"]
    list_filter = [subtree_filter("federation"), "kind", "is_brand"]
    search_fields = ["name", "leader_name"]
    list_select_related = ["federation"]
    autocomplete_fields, raw_id_fields = _lookup_fields("federation", "leader", "women_organization", model=Team)


@admin.register(Activity)
class ActivityAdmin(ReviewActionsMixin, ScopedAdmin):
    list_display = [
        "__str__",
        "kind",
        "federation",
        "start",
        "participants",
        "women_participants",
        "is_cross_sector",
        "review_state",
    ]
    list_filter = [subtree_filter("federation"), "kind", MonthListFilter, "is_cross_sector", "review_state"]
    search_fields = ["title", "description"]
    list_select_related = ["kind", "federation"]
    readonly_fields = ["is_cross_sector", "created_by", "review_state", "review_reason", "reviewed_by", "reviewed_at"]
    autocomplete_fields, raw_id_fields = _lookup_fields("federation", "kind", "venue", "radiated_to", model=Activity)
    form = ActivityAdminForm
    inlines = [CoOrganizerInline, ActivityPhotoInline]
    show_full_result_count = False  # a COUNT(*) over a million rows on every page is not needed

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        """Unfiltered (only a page or an ordering asked), the count comes from the per-federation counters."""
        known = counts.subtree_total(request.user) if not set(request.GET) - {"p", "o"} else None
        return KnownCountPaginator(
            queryset, per_page, known_count=known, orphans=orphans, allow_empty_first_page=allow_empty_first_page
        )

    # The activity, its radiated communities and its co-organisers are written together by
    # services.save_activity (the web form's and the API's write too) once the inlines are read.
    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def save_model(self, request, obj, form, change):
        pass

    place_related = ("federation",)
    review_texts = {
        "approve": _("通过所选活动"),
        "return": _("退回所选活动（须填原因）"),
        "return_title": _("退回所选活动"),
        "return_intro": _("退回以下活动给登记的社区（村），请填写退回原因："),
        "out_of_scope": _("所选活动中有不在您审核范围内的，未做任何更改。"),
        "approved": _("已通过 %(n)d 条活动。"),
        "returned": _("已退回 %(n)d 条活动。"),
    }

    def review_ids(self, request, ids, action, reason):
        return review.review(request.user, ids, action, reason)

    def place_of(self, activity):
        return activity.federation

    def save_related(self, request, form, formsets, change):
        co_formset = next((formset for formset in formsets if formset.model is CoOrganizer), None)
        write = save_activity(
            request.user,
            form.instance,
            radiated_to=form.cleaned_data.get("radiated_to") if "radiated_to" in form.cleaned_data else None,
            co_organizers=co_organizer_rows(co_formset) if co_formset is not None else None,
        )
        if co_formset is not None:  # what the admin's change message reads from a saved formset
            co_formset.new_objects = write.added
            co_formset.changed_objects = [(co, ["role"]) for co in write.changed]
            co_formset.deleted_objects = write.removed
        for formset in formsets:
            if formset is not co_formset:
                self.save_formset(request, form, formset, change=change)


@admin.register(Reminder)
class ReminderAdmin(ScopedAdmin):
    list_display = ["text", "kind", "recipient_federation", "month", "created_at"]
    list_filter = [subtree_filter("recipient_federation"), "kind", "month"]
    search_fields = ["text"]
    list_select_related = ["recipient_federation"]
    readonly_fields = ["subject_key", "created_at", "delivered_via"]
    autocomplete_fields, raw_id_fields = _lookup_fields("recipient_federation", "recipient_user", model=Reminder)
    form = notices.ReminderForm
    change_list_template = "admin/activities/reminder/change_list.html"
    fields = [
        "recipient_federation",
        "recipient_user",
        "kind",
        "month",
        "subject_federation",
        "subject_person",
        "text",
        "subject_key",
        "created_at",
        "delivered_via",
    ]

    def get_form(self, request, obj=None, change=False, **kwargs):
        # the subject pickers are not model fields: the form scopes them itself, so it needs the request
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"request": request, "admin_site": self.admin_site})

    def save_model(self, request, obj, form, change):
        """A reminder added here reaches the inboxes of those it is for, as the monthly job's do: the home page
        shows her inbox's unread reminders. A later edit of the text leaves the messages already posted."""
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if not change:
                notify.to_inbox([obj], sender=request.user)

    def get_urls(self):
        notice = self.admin_site.admin_view(self.notice_view)
        return [path("notice/", notice, name="activities_reminder_notice"), *super().get_urls()]

    def notice_view(self, request):
        """发送通知: a short notice to every chair under a federation of the sender's edit subtree."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = notices.NoticeForm(request.POST or None, request=request, admin_site=self.admin_site)
        if request.method == "POST" and form.is_valid():
            created = notices.send_notice(form.targets, form.cleaned_data["text"], request.user)
            self.message_user(
                request,
                _("已向“%(root)s”下 %(n)d 个组织的主席发送通知，将显示在她们的首页。")
                % {"root": form.cleaned_data["federation"].name, "n": len(created)},
                messages.SUCCESS,
            )
            return redirect(f"{reverse('admin:activities_reminder_changelist')}?kind=NOTICE")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("发送通知"),
            "form": form,
            "media": self.media + form.media,
            "adminform_errors": form.errors,
        }
        return TemplateResponse(
            request, "admin/activities/reminder/notice.html", context, status=400 if form.errors else 200
        )
