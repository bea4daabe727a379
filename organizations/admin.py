from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from mptt.admin import MPTTModelAdmin

from core.admin import ScopedAdmin, ScopedImportExportAdmin, ScopedInline
from core.archiving import ArchiveAdminMixin

from .models import Federation, JointBuildingCluster, MemberUnit, MemberUnitMembership, WomenOrganization
from .resources import MemberUnitResource, WomenOrganizationResource


class RegionalizedFilter(admin.SimpleListFilter):
    title = _("区域化建设")
    parameter_name = "regionalized"

    def lookups(self, request, model_admin):
        return [("yes", _("已完成")), ("no", _("未完成"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.filter(regionalized_on__isnull=False)
        if self.value() == "no":
            return queryset.filter(regionalized_on__isnull=True)
        return queryset


class ArchivedFilter(admin.SimpleListFilter):
    title = _("状态")
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", _("在用")), ("yes", _("已归档"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(archived_at__isnull=self.value() == "no")
        return queryset


class CurrentMemberFilter(admin.SimpleListFilter):
    title = _("成员状态")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("现为成员")), ("no", _("已退出"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(left_on__isnull=self.value() == "yes")
        return queryset


@admin.register(Federation)
class FederationAdmin(ArchiveAdminMixin, ScopedAdmin, MPTTModelAdmin):
    list_display = [
        "name",
        "code",
        "level",
        "parent",
        "regionalized_on",
        "member_unit_count",
        "women_organization_count",
        "contact_person",
        "phone",
    ]
    list_filter = ["level", RegionalizedFilter, ArchivedFilter, "is_brigade", "name_is_generated"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]
    readonly_fields = ["name_is_generated", "archived_at"]
    mptt_level_indent = 16

    def get_queryset(self, request):
        return super().get_queryset(request).with_counts()

    @admin.display(description=_("成员单位"), ordering="member_unit_count")
    def member_unit_count(self, obj):
        return obj.member_unit_count

    @admin.display(description=_("妇女组织"), ordering="women_organization_count")
    def women_organization_count(self, obj):
        return obj.women_organization_count


class MembershipInline(ScopedInline):
    model = MemberUnitMembership
    can_delete = False
    fields = ["federation", "joined_on", "left_on"]
    readonly_fields = fields
    verbose_name_plural = _("加入与退出记录")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MemberUnit)
class MemberUnitAdmin(ScopedImportExportAdmin):
    resource_classes = [MemberUnitResource]
    list_display = [
        "name",
        "unit_type",
        "federation",
        "joined_on",
        "left_on",
        "is_party_building_member",
        "women_count",
    ]
    list_filter = ["unit_type", CurrentMemberFilter, "is_party_building_member"]
    search_fields = ["name", "credit_code"]
    autocomplete_fields = ["federation"]
    list_select_related = ["federation"]
    date_hierarchy = "joined_on"
    inlines = [MembershipInline]


@admin.register(WomenOrganization)
class WomenOrganizationAdmin(ScopedImportExportAdmin):
    resource_classes = [WomenOrganizationResource]
    list_display = ["name", "org_type", "federation", "founded_on", "member_count", "status"]
    list_filter = ["org_type", "status"]
    search_fields = ["name"]
    autocomplete_fields = ["federation", "host_unit"]  # its leader: an inline from cadres
    list_select_related = ["federation"]
    date_hierarchy = "founded_on"


class JointBuildingClusterForm(forms.ModelForm):
    class Meta:
        model = JointBuildingCluster
        fields = ["name", "mode", "core", "members", "lead_company", "started_on", "description"]

    def clean(self):
        cleaned = super().clean()
        # The model's clean() (run next) checks these members rather than the stored ones.
        self.instance._pending_members = list(cleaned.get("members") or [])
        return cleaned


@admin.register(JointBuildingCluster)
class JointBuildingClusterAdmin(ScopedAdmin):
    form = JointBuildingClusterForm
    list_display = ["name", "mode", "core", "lead_company", "started_on"]
    list_filter = ["mode"]
    search_fields = ["name", "core__name"]
    autocomplete_fields = ["core", "members", "lead_company"]
    list_select_related = ["core", "lead_company"]
