"""The activities held at a venue, registered with venues (``venues.services.register_held_at``) in
``ActivitiesConfig.ready()``: venues lies below activities and shows them without importing it."""

from .models import Activity


def held_at(venue, limit):
    return list(Activity.objects.filter(venue=venue).order_by("-start", "-id")[:limit])
