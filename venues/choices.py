from django.db import models
from django.utils.translation import gettext_lazy as _


class VenueKind(models.TextChoices):
    WOMENS_HOME = "WOMENS_HOME", _("妇女之家")
    WOMEN_CORNER = "WOMEN_CORNER", _("女性活动角")
    SQUARE_HOME = "SQUARE_HOME", _("广场妇女之家")
    MICRO_HOME = "MICRO_HOME", _("妇女微家")
    THEMED_HOME = "THEMED_HOME", _("特色妇女之家")
    ENTERPRISE_LOUNGE = "ENTERPRISE_LOUNGE", _("企业妇女之家（休息间）")
    BUILDING_HOME = "BUILDING_HOME", _("楼宇妇女之家")
    SERVICE_CENTER = "SERVICE_CENTER", _("女性社会组织服务中心")


class SharingMode(models.TextChoices):
    OWNED = "OWNED", _("为我所有")
    CO_BUILT_SHARED = "CO_BUILT_SHARED", _("共建共用")
    OTHER_BUILT_SHARED = "OTHER_BUILT_SHARED", _("他建共用")


class OnlineSection(models.TextChoices):
    RIGHTS_CONSULTATION = "RIGHTS_CONSULTATION", _("网上维权咨询服务")
    SOCIAL_ORG_CENTER = "SOCIAL_ORG_CENTER", _("网上社会组织服务中心")
    FAMILY_TRADITION_HALL = "FAMILY_TRADITION_HALL", _("网上家风馆")
    PARENTS_SCHOOL = "PARENTS_SCHOOL", _("网上家长学校")


class ConsultationCategory(models.TextChoices):
    MARRIAGE_FAMILY = "MARRIAGE_FAMILY", _("婚姻家庭")
    DOMESTIC_VIOLENCE = "DOMESTIC_VIOLENCE", _("家庭暴力")
    EMPLOYMENT = "EMPLOYMENT", _("劳动就业")
    PROPERTY = "PROPERTY", _("财产权益")
    CHILDREN = "CHILDREN", _("未成年人保护")
    PERSONAL = "PERSONAL", _("人身权利")
    OTHER = "OTHER", _("其他")


class ConsultationChannel(models.TextChoices):
    ONLINE = "ONLINE", _("网上咨询")
    HOTLINE = "HOTLINE", _("热线电话")
    VISIT = "VISIT", _("来访")


# The standards checklist: "六有" and "三统一" (field name, label). Stars are rated separately.
LIUYOU_FIELDS = ("has_place", "has_facilities", "has_plan", "has_rules", "has_activities", "has_results")
SANTONGYI_FIELDS = ("unified_name", "unified_sign", "unified_image")
