from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo data set (Saleor's ``populatedb`` shape): ``manage.py seed_wuhan`` and ``setup_demo``, and the
    generators of every pillar's demo rows. No models; the apps keep only the reference data the product needs
    on an empty database, as data migrations."""

    name = "demo"
    verbose_name = _("演示数据")
