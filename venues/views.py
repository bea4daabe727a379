"""Pages for people who are not admins: clusters with their homes, and each venue."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, render

from core.scope import narrow_filterset

from . import services
from .choices import LIUYOU_FIELDS, SANTONGYI_FIELDS
from .filters import VenueFilterSet
from .models import ClusterMembership, Venue, VenueCluster

PAGE_SIZE = 50


def _checklist(venue):
    fields = LIUYOU_FIELDS + SANTONGYI_FIELDS
    return [(Venue._meta.get_field(name).verbose_name, getattr(venue, name)) for name in fields]


@login_required
def venue_list(request):
    queryset = Venue.objects.visible_to(request.user).select_related("federation").with_cluster()
    if "archived" not in request.GET:
        queryset = queryset.filter(archived_at__isnull=True)
    # Choices among what she sees: an id outside her view is ignored exactly like a missing one.
    filterset = narrow_filterset(VenueFilterSet(request.GET, queryset=queryset, request=request), request.user)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "venues/venue_list.html", {"filter": filterset, "page": page})


@login_required
def cluster_list(request):
    queryset = (
        VenueCluster.objects.visible_to(request.user)
        .select_related("district")
        .annotate(member_count=Count("memberships"))
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=ClusterMembership.objects.filter(is_demonstration=True).select_related("venue"),
                to_attr="demonstration",
            )
        )
        .order_by("district__lft", "name")
    )
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "venues/cluster_list.html", {"page": page})


@login_required
def cluster_detail(request, pk):
    cluster = get_object_or_404(VenueCluster.objects.visible_to(request.user).select_related("district"), pk=pk)
    memberships = (
        ClusterMembership.objects.filter(cluster=cluster)
        .select_related("venue__federation")
        .order_by("-is_demonstration", "venue__name")
    )
    homes = [{"membership": m, "venue": m.venue, "checklist": _checklist(m.venue)} for m in memberships]
    return render(
        request,
        "venues/cluster_detail.html",
        {"cluster": cluster, "homes": homes, "has_demonstration": any(m.is_demonstration for m in memberships)},
    )


@login_required
def venue_detail(request, pk):
    venue = get_object_or_404(
        Venue.objects.visible_to(request.user).select_related("federation", "provider_unit"), pk=pk
    )
    membership = services.membership_of(venue)
    context = {
        "venue": venue,
        "membership": membership,
        "checklist": _checklist(venue),
        "communities": services.served_communities(venue),
        "activities": services.activities_at(venue),
        "activities_linked": services.activity_model() is not None,
        "upgrades": venue.upgrades.prefetch_related("photos")[:20],
    }
    return render(request, "venues/venue_detail.html", context)
