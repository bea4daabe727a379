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


class MemberUnitType(models.TextChoices):
    """The kinds of unit that join a regional federation (区域化成员单位)."""

    PARTY_GOV_ORGAN = "PARTY_GOV_ORGAN", _("党政机关")
    ENTERPRISE = "ENTERPRISE", _("企业")
    PUBLIC_INSTITUTION = "PUBLIC_INSTITUTION", _("事业单位")
    NEW_ECONOMIC_ORG = "NEW_ECONOMIC_ORG", _("新经济组织")
    NEW_SOCIAL_ORG = "NEW_SOCIAL_ORG", _("新社会组织")
    INDUSTRIAL_PARK = "INDUSTRIAL_PARK", _("工业园区")
    INDUSTRY_MARKET = "INDUSTRY_MARKET", _("行业市场（商会）")
    COMMERCIAL_BUILDING = "COMMERCIAL_BUILDING", _("商务楼宇")


class WomenOrganizationType(models.TextChoices):
    """The "N" of "1+N": women's organisations attached to a regional federation."""

    ENTERPRISE_FEDERATION = "ENTERPRISE_FEDERATION", _("企业妇联")
    WOMEN_COMMITTEE = "WOMEN_COMMITTEE", _("妇委会")
    WOMEN_WORK_COMMITTEE = "WOMEN_WORK_COMMITTEE", _("妇工委")
    WOMEN_SOCIAL_ORG = "WOMEN_SOCIAL_ORG", _("女性社会组织")
    CULTURE_SPORTS_TEAM = "CULTURE_SPORTS_TEAM", _("文体团队")
    JINGUO_CIVILIZED_POST = "JINGUO_CIVILIZED_POST", _("巾帼文明岗")
    JINGUO_AGRI_BASE = "JINGUO_AGRI_BASE", _("巾帼农业示范基地")
    WOMEN_GROUP = "WOMEN_GROUP", _("妇女小组")
    FREELANCE_GROUP = "FREELANCE_GROUP", _("自由职业妇女组织")
    BUILDING_ALLIANCE = "BUILDING_ALLIANCE", _("楼宇妇女联盟")


class WomenOrganizationStatus(models.TextChoices):
    ACTIVE = "ACTIVE", _("正常")
    DORMANT = "DORMANT", _("停止活动")
    DISSOLVED = "DISSOLVED", _("已撤销")


class JointBuildMode(models.TextChoices):
    """How a joint-building cluster (联建片区) is organised."""

    TERRITORIAL = "TERRITORIAL", _("地域联建")
    CLUSTER = "CLUSTER", _("片区联建")
    ENTERPRISE_COMMUNITY = "ENTERPRISE_COMMUNITY", _("企社联建")


# Member units join a street's or a community's regional federation.
MEMBER_UNIT_LEVELS = STREET_LEVELS + COMMUNITY_LEVELS
