from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationsConfig(AppConfig):
    name = "organizations"
    verbose_name = _("组织联建")

    def ready(self):
        from core.archiving import protect_many_to_many
        from core.gaps import register

        from . import services, signals  # noqa: F401  (signals connects the cluster member check)

        register("organizations", services.gaps)
        protect_many_to_many(self.get_model("Federation"))
