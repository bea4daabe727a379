from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("活动联办")

    def ready(self):
        from core.gaps import register
        from core.sections import register_section

        from . import counts, gaps
        from .home import reminders_section

        counts.connect()
        register("activities", gaps.gaps)
        register_section(10, reminders_section)
