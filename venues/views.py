"""Pages for people who are not admins: clusters with their homes, and each venue."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import Count, Exists, F, Func, OuterRef, Prefetch, Subquery
from django.urls import reverse
from django.views.generic import TemplateView

from core.views import ScopedDetailView, ScopedListView
from organizations.choices import COMMUNITY_LEVELS, DISTRICT_LEVELS
from organizations.models import Federation

from . import services
from .choices import LIUYOU_FIELDS, SANTONGYI_FIELDS, VenueKind
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
    """Wuhan's districts coloured by coverage (communities and villages running a Women's Home) and the homes
    as points, demonstration homes marked; all of it the user's part of the tree, drawn by the vendored
    ECharts on the vendored district outline (no request leaves the site). Two queries."""

    template_name = "venues/map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        in_district = Federation.objects.filter(
            tree_id=OuterRef("tree_id"),
            lft__gt=OuterRef("lft"),
            rght__lt=OuterRef("rght"),
            level__in=COMMUNITY_LEVELS,
            archived_at__isnull=True,
        )
        with_home = in_district.filter(
            Exists(Venue.objects.filter(federation=OuterRef("pk"), kind=VenueKind.WOMENS_HOME, archived_at=None))
        )
        count = Func(F("pk"), function="COUNT")
        districts = (
            Federation.objects.visible_to(user)
            .filter(level__in=DISTRICT_LEVELS, archived_at__isnull=True)
            .annotate(
                communities=Subquery(in_district.order_by().annotate(n=count).values("n")[:1]),
                covered=Subquery(with_home.order_by().annotate(n=count).values("n")[:1]),
            )
            .order_by("lft")
        )
        rows = []
        for district in districts:
            share = round(100 * district.covered / district.communities, 1) if district.communities else None
            rows.append(
                {
                    "id": district.pk,
                    "name": district.name.removesuffix("妇联"),
                    "value": share,
                    "communities": district.communities or 0,
                    "covered": district.covered or 0,
                }
            )
        homes = (
            Venue.objects.visible_to(user)
            .filter(kind=VenueKind.WOMENS_HOME, archived_at__isnull=True, latitude__isnull=False)
            .annotate(
                demonstration=Exists(ClusterMembership.objects.filter(venue=OuterRef("pk"), is_demonstration=True))
            )
            .order_by("pk")
            .values_list("pk", "name", "longitude", "latitude", "demonstration")
        )
        context["map_data"] = {
            "districts": rows,
            "homes": [[float(lng), float(lat), name, pk, demo] for pk, name, lng, lat, demo in homes],
            "venues_url": reverse("venues:list"),
        }
        return context
