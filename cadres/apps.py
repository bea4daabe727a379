from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CadresConfig(AppConfig):
    name = "cadres"
    verbose_name = _("人员联管")

    def ready(self):
        from core.gaps import register
        from core.sections import register_section

        from . import review, services, training

        register("cadres", services.gaps)
        # its own key, so the team-rule list (?pillar=cadres) stays as it was; the gaps say pillar "cadres"
        register(training.REGISTRY_KEY, training.gaps)
        register_section(9, review.returned_section)
