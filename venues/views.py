"""Pages for people who are not admins: clusters with their homes, and each venue."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Prefetch
from django.http import HttpRequest, JsonResponse
from django.urls import reverse
from django.utils.html import json_script
from django.views.decorators.http import require_GET
from django.views.generic import TemplateView

from core.scope import visible_federation
from core.views import ScopedDetailView, ScopedListView

from . import maps, services
from .choices import LIUYOU_FIELDS, SANTONGYI_FIELDS
from .filters import VenueFilterSet
from .models import ClusterMembership, Venue, VenueCluster

PAGE_SIZE = 50


def _checklist(venue):
    fields = LIUYOU_FIELDS + SANTONGYI_FIELDS
    return [(Venue._meta.get_field(name).verbose_name, getattr(venue, name)) for name in fields]


class VenueList(ScopedListView):
    template_name = "venues/venue_list.html"
    filterset_class = VenueFilterSet
    paginate_by = PAGE_SIZE
    queryset = Venue.objects.select_related("federation").with_cluster()

    def get_queryset(self):
        queryset = super().get_queryset()
        return queryset if "archived" in self.request.GET else queryset.filter(archived_at__isnull=True)


class ClusterList(ScopedListView):
    template_name = "venues/cluster_list.html"
    paginate_by = PAGE_SIZE
    queryset = (
        VenueCluster.objects.select_related("district")
        .annotate(member_count=Count("memberships"))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=ClusterMembership.objects.filter(is_demonstration=True).select_related("venue"),
                to_attr="demonstration",
            )
        )
        .order_by("district__lft", "sort_key", "name")
    )


class ClusterDetail(ScopedDetailView):
    template_name = "venues/cluster_detail.html"
    queryset = VenueCluster.objects.select_related("district")
    context_object_name = "cluster"

    def get_context_data(self, **kwargs):
        memberships = (
            ClusterMembership.objects.filter(cluster=self.object)
            .select_related("venue__federation")
            .order_by("-is_demonstration", "venue__name")
        )
        homes = [{"membership": m, "venue": m.venue, "checklist": _checklist(m.venue)} for m in memberships]
        has_demonstration = any(m.is_demonstration for m in memberships)
        return super().get_context_data(homes=homes, has_demonstration=has_demonstration, **kwargs)


class VenueDetail(ScopedDetailView):
    template_name = "venues/venue_detail.html"
    queryset = Venue.objects.select_related("federation", "provider_unit")
    context_object_name = "venue"

    def get_context_data(self, **kwargs):
        venue = self.object
        return super().get_context_data(
            membership=services.membership_of(venue),
            checklist=_checklist(venue),
            communities=services.served_communities(venue),
            activities=services.activities_at(venue),
            upgrades=venue.upgrades.prefetch_related("photos")[:20],
            **kwargs,
        )


class VenueMap(LoginRequiredMixin, TemplateView):
    """Wuhan's districts coloured by coverage (communities and villages running a Women's Home), the homes as
    points coloured by cluster with each cluster outlined, demonstration homes marked; all of it the user's part
    of the tree, drawn by the vendored ECharts on the vendored district outline (no request leaves the site)."""

    template_name = "venues/map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["map_data"] = data = {**maps.map_data(self.request.user), "venues_url": reverse("venues:list")}
        context["map_script"] = json_script(data, "venue-map-data", encoder=maps.UnicodeJSONEncoder)
        return context


@login_required
@require_GET
def map_data(request: HttpRequest) -> JsonResponse:
    """The map's data as JSON for a panel on another page (the dashboard): ``?federation=`` narrows it to that
    federation (one the user sees; 404 otherwise, as everywhere)."""
    root = visible_federation(request.user, request.GET.get("federation"))
    return JsonResponse(maps.map_data(request.user, root), encoder=maps.UnicodeJSONEncoder)
