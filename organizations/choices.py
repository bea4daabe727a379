from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    CITY = "CITY", _("市妇联")
    DISTRICT = "DISTRICT", _("区妇联")
    FUNCTIONAL_ZONE = "FUNCTIONAL_ZONE", _("功能区妇联（妇工委）")
    STREET = "STREET", _("街道妇联")
    TOWNSHIP = "TOWNSHIP", _("乡镇妇联")
    COMMUNITY = "COMMUNITY", _("社区妇联")
    VILLAGE = "VILLAGE", _("村妇联")
    GRID_GROUP = "GRID_GROUP", _("网格（楼栋）妇女小组")


# Which levels may stand directly under which. A grid group may nest (百步亭: 妇联分会 → 妇女小组).
ALLOWED_PARENT_LEVELS = {
    Level.CITY: set(),
    Level.DISTRICT: {Level.CITY},
    Level.FUNCTIONAL_ZONE: {Level.CITY},
    Level.STREET: {Level.DISTRICT, Level.FUNCTIONAL_ZONE},
    Level.TOWNSHIP: {Level.DISTRICT, Level.FUNCTIONAL_ZONE},
    Level.COMMUNITY: {Level.STREET, Level.TOWNSHIP},
    Level.VILLAGE: {Level.STREET, Level.TOWNSHIP},
    Level.GRID_GROUP: {Level.COMMUNITY, Level.VILLAGE, Level.GRID_GROUP},
}

STREET_LEVELS = (Level.STREET, Level.TOWNSHIP)
COMMUNITY_LEVELS = (Level.COMMUNITY, Level.VILLAGE)
DISTRICT_LEVELS = (Level.DISTRICT, Level.FUNCTIONAL_ZONE)
