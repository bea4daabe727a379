from django import forms
from django.contrib import admin
from django.db.models import Count, Q
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import ScopedAdmin, ScopedImportExportAdmin, ScopedInline
from core.archiving import ArchiveAdminMixin, ArchivedListFilter
from core.scope import subtree_q
from organizations.choices import DISTRICT_LEVELS
from organizations.models import Federation, MemberUnit

from . import geo
from .models import (
    ClusterMembership,
    CommunityCentre,
    ConsultationRequest,
    OnlineService,
    Upgrade,
    UpgradePhoto,
    Venue,
    VenueCluster,
)
from .resources import ClusterMembershipResource, VenueClusterResource, VenueResource


class DistrictFilter(admin.SimpleListFilter):
    """区: the districts (and functional zones) the user sees; a row matches when its federation lies in it."""

    title = _("区")
    parameter_name = "district"
    path = "federation"

    def lookups(self, request, model_admin):
        districts = Federation.objects.visible_to(request.user).filter(level__in=DISTRICT_LEVELS).order_by("lft")
        return [(str(d.pk), d.name) for d in districts]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        district = Federation.objects.visible_to(request.user).filter(pk=self.value()).first()
        return queryset.filter(subtree_q(self.path, district)) if district else queryset.none()


class MembershipDistrictFilter(DistrictFilter):
    path = "cluster__district"


class ClusterFilter(admin.SimpleListFilter):
    title = _("片区")
    parameter_name = "cluster"

    def lookups(self, request, model_admin):
        clusters = (
            VenueCluster.objects.visible_to(request.user)
            .select_related("district")
            .order_by("district__lft", "sort_key", "name")
        )
        return [(str(c.pk), f"{c.district.name} · {c.name}") for c in clusters]

    def queryset(self, request, queryset):
        return queryset.filter(cluster_memberships__cluster_id=self.value()) if self.value() else queryset


class ClusterMembershipInline(ScopedInline):
    model = ClusterMembership
    autocomplete_fields = ["venue"]
    fields = ["venue", "is_demonstration", "designated_on"]
    ordering = ["-is_demonstration", "venue__sort_key", "venue__name"]


class MapPickerWidget(forms.Widget):
    """A map of Wuhan's districts (the vendored outline and ECharts, nothing from another host): a click fills
    the form's longitude and latitude (WGS84, the outline's datum) and sets the datum to WGS84; typed
    coordinates still work, and the model checks either the same way. It posts nothing of its own."""

    class Media:
        js = ("vendor/echarts/echarts.min.js", "venues/admin_picker.js")
        css = {"all": ("venues/admin_picker.css",)}

    def render(self, name, value, attrs=None, renderer=None):
        return format_html(
            '<div class="venue-picker" data-geojson="{}" data-hint="{}" role="application" aria-label="{}"></div>',
            static("vendor/wuhan-districts/wuhan-districts.geojson"),
            _("点击地图设置经纬度（可滚轮缩放、拖动）"),
            _("在地图上点选位置"),
        )

    def value_from_datadict(self, data, files, name):
        return None


class CoordinateSystemForm(forms.ModelForm):
    """A form with the datum of the typed coordinates: GCJ-02 (高德, 腾讯, 微信) is converted to WGS84 before
    the model's checks (range, inside the district) see it; or a click on the map fills them."""

    map_point = forms.CharField(label=_("地图选点"), required=False, widget=MapPickerWidget)

    coordinate_system = forms.ChoiceField(
        label=_("坐标系"),
        choices=[(geo.WGS84, _("WGS84/CGCS2000（天地图、GPS）")), (geo.GCJ02, _("GCJ-02（高德、腾讯、微信定位）"))],
        initial=geo.WGS84,
        required=False,
        help_text=_("所填经纬度的坐标系，保存时统一换算为 WGS84"),
    )

    def clean(self):
        cleaned = super().clean()
        lng, lat = cleaned.get("longitude"), cleaned.get("latitude")
        if cleaned.get("coordinate_system") == geo.GCJ02 and lng is not None and lat is not None:
            cleaned["longitude"], cleaned["latitude"] = geo.as_decimals(*geo.gcj02_to_wgs84(float(lng), float(lat)))
        return cleaned


class VenueAdminForm(CoordinateSystemForm):
    class Meta:
        model = Venue
        fields = ["longitude", "latitude"]  # the admin's fieldsets name the rest


class CommunityCentreAdminForm(CoordinateSystemForm):
    class Meta:
        model = CommunityCentre
        fields = ["federation", "longitude", "latitude"]


@admin.register(CommunityCentre)
class CommunityCentreAdmin(ScopedAdmin):
    form = CommunityCentreAdminForm
    list_display = ["federation", "longitude", "latitude"]
    search_fields = ["federation__name"]
    autocomplete_fields = ["federation"]
    list_select_related = ["federation"]
    fields = ["federation", ("longitude", "latitude", "coordinate_system"), "map_point"]


@admin.register(Venue)
class VenueAdmin(ArchiveAdminMixin, ScopedImportExportAdmin):
    form = VenueAdminForm
    resource_classes = [VenueResource]
    list_display = ["name", "code", "kind", "federation", "sharing_mode", "star_rating", "area_m2"]
    list_filter = [ArchivedListFilter, DistrictFilter, ClusterFilter, "kind", "star_rating", "sharing_mode"]
    search_fields = ["name", "code", "address", "provider_name"]
    readonly_fields = ["archived_at"]
    # provider_unit gets autocomplete once organizations registers a searchable MemberUnit admin
    autocomplete_fields = ["federation", "provider_unit"] if admin.site.is_registered(MemberUnit) else ["federation"]
    raw_id_fields = [] if admin.site.is_registered(MemberUnit) else ["provider_unit"]
    list_select_related = ["federation"]
    fieldsets = [
        (None, {"fields": ["name", "code", "kind", "federation", "description"]}),
        (
            _("场地"),
            {
                "fields": [
                    "sharing_mode",
                    "provider_unit",
                    "provider_name",
                    "address",
                    ("longitude", "latitude", "coordinate_system"),
                    "map_point",
                    "area_m2",
                    "opening_hours",
                    "phone",
                    "opened_on",
                ]
            },
        ),
        (
            _("“六有”"),
            {"fields": ["has_place", "has_facilities", "has_plan", "has_rules", "has_activities", "has_results"]},
        ),
        (_("“三统一”与星级"), {"fields": ["unified_name", "unified_sign", "unified_image", "star_rating"]}),
        (_("状态"), {"fields": ["archived_at"]}),
    ]


@admin.register(VenueCluster)
class VenueClusterAdmin(ScopedImportExportAdmin):
    resource_classes = [VenueClusterResource]
    list_display = ["name", "code", "district", "home_count", "demonstration_count"]
    list_filter = [("district", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "code"]
    autocomplete_fields = ["district"]
    list_select_related = ["district"]
    inlines = [ClusterMembershipInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                home_count=Count("memberships"),
                demonstration_count=Count("memberships", filter=Q(memberships__is_demonstration=True)),
            )
        )

    @admin.display(description=_("妇女之家数"), ordering="home_count")
    def home_count(self, obj):
        return obj.home_count

    @admin.display(description=_("示范妇女之家"), boolean=True, ordering="demonstration_count")
    def demonstration_count(self, obj):
        return obj.demonstration_count == 1


@admin.register(ClusterMembership)
class ClusterMembershipAdmin(ScopedImportExportAdmin):
    resource_classes = [ClusterMembershipResource]
    list_display = ["venue", "cluster", "is_demonstration", "designated_on"]
    list_filter = [MembershipDistrictFilter, "is_demonstration"]
    search_fields = ["venue__name", "venue__code", "cluster__name", "cluster__code"]
    autocomplete_fields = ["cluster", "venue"]
    list_select_related = ["venue", "cluster"]


class UpgradePhotoInline(ScopedInline):
    model = UpgradePhoto
    extra = 1
    fields = ["image", "caption"]


@admin.register(Upgrade)
class UpgradeAdmin(ScopedAdmin):
    list_display = ["venue", "upgraded_on", "spend", "stars_before", "stars_after"]
    list_filter = [("upgraded_on", admin.DateFieldListFilter), "stars_after"]
    search_fields = ["venue__name", "items"]
    autocomplete_fields = ["venue"]
    list_select_related = ["venue"]
    date_hierarchy = "upgraded_on"
    inlines = [UpgradePhotoInline]


@admin.register(OnlineService)
class OnlineServiceAdmin(ScopedAdmin):
    list_display = ["name", "section", "federation", "is_active"]
    list_filter = ["section", "is_active"]
    search_fields = ["name", "description"]
    autocomplete_fields = ["federation"]
    list_select_related = ["federation"]


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(ScopedAdmin):
    list_display = ["received_on", "category", "channel", "federation", "answered_on"]
    list_filter = ["category", "channel", ("answered_on", admin.EmptyFieldListFilter)]
    search_fields = ["summary"]
    autocomplete_fields = ["federation", "service"]
    list_select_related = ["federation"]
    date_hierarchy = "received_on"
