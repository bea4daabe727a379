from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenuesConfig(AppConfig):
    name = "venues"
    verbose_name = _("阵地联用")

    def ready(self):
        from core.archiving import protect_many_to_many
        from core.gaps import register

        from . import services

        register("venues", services.gaps)
        protect_many_to_many(self.get_model("Venue"))
