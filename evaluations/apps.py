from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("成效联评")

    def ready(self):
        from core.gaps import register
        from core.sections import register_section

        from . import gaps, home, rollups

        # Other pillars' models are looked up here, after every app has loaded; a pillar not there yet
        # is simply not tracked.
        rollups.connect_trackers()
        register("evaluations", gaps.provider)
        register_section(40, home.surveys_section)
