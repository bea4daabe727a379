from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("活动联办")

    def ready(self):
        from core.gaps import register
        from core.sections import register_section
        from venues.services import register_held_at

        from . import counts, gaps, venue_activities
        from .home import reminders_section, returned_section, review_section

        counts.connect()
        register("activities", gaps.gaps)
        register_section(9, returned_section)
        register_section(10, reminders_section)
        register_section(11, review_section)
        register_held_at(venue_activities.held_at)
