from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WuhanFulianConfig(AppConfig):
    name = "wuhan_fulian"
    verbose_name = _("平台")

    def ready(self):
        from core import freshness, lookups  # noqa: F401  (lookups registers ``__any``)

        from .observability import register_collector

        register_collector()
        freshness.install()
