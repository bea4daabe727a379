from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.review import ReviewState  # noqa: F401  (shared with duty reports and 四个一 checks)


class CoOrganizerRole(models.TextChoices):
    LEAD = "LEAD", _("主办")
    CO_HOST = "CO_HOST", _("协办")
    SUPPORTER = "SUPPORTER", _("支持")


class CoOrganizerKind(models.TextChoices):
    """What a co-organiser is: exactly one of these references is set on a co-organiser row."""

    FEDERATION = "federation", _("妇联组织")
    MEMBER_UNIT = "member_unit", _("成员单位")
    SOCIAL_ORGANIZATION = "social_organization", _("女性社会组织")
    TEAM = "team", _("团队")
    PARTY_ORGANIZATION = "party_organization", _("党组织")


class Sector(models.TextChoices):
    """The sector (界别) of a co-organiser; two or more sectors make an activity 跨界混搭."""

    WOMEN_FEDERATION = "WOMEN_FEDERATION", _("妇联组织")
    PARTY = "PARTY", _("党组织")
    GOVERNMENT = "GOVERNMENT", _("党政机关")
    PUBLIC_INSTITUTION = "PUBLIC_INSTITUTION", _("事业单位")
    ECONOMIC = "ECONOMIC", _("企业和经济组织")
    SOCIAL = "SOCIAL", _("社会组织")
    GRASSROOTS_TEAM = "GRASSROOTS_TEAM", _("群众团队")


# A member unit's type (organizations.MemberUnitType) → its sector. Unknown types count as economic.
MEMBER_UNIT_SECTORS = {
    "PARTY_GOV_ORGAN": Sector.GOVERNMENT,
    "PUBLIC_INSTITUTION": Sector.PUBLIC_INSTITUTION,
    "ENTERPRISE": Sector.ECONOMIC,
    "NEW_ECONOMIC_ORG": Sector.ECONOMIC,
    "INDUSTRIAL_PARK": Sector.ECONOMIC,
    "INDUSTRY_MARKET": Sector.ECONOMIC,
    "COMMERCIAL_BUILDING": Sector.ECONOMIC,
    "NEW_SOCIAL_ORG": Sector.SOCIAL,
}

KIND_SECTORS = {
    CoOrganizerKind.FEDERATION: Sector.WOMEN_FEDERATION,
    CoOrganizerKind.SOCIAL_ORGANIZATION: Sector.SOCIAL,
    CoOrganizerKind.TEAM: Sector.GRASSROOTS_TEAM,
    CoOrganizerKind.PARTY_ORGANIZATION: Sector.PARTY,
}


class SocialOrgField(models.TextChoices):
    HANDICRAFT = "HANDICRAFT", _("手工")
    TEA = "TEA", _("茶艺")
    FLOWERS = "FLOWERS", _("花艺")
    GUQIN = "GUQIN", _("古琴")
    FAMILY_EDUCATION = "FAMILY_EDUCATION", _("家庭教育")
    READING = "READING", _("阅读")
    CULTURE_SPORTS = "CULTURE_SPORTS", _("文体")
    EMPLOYMENT = "EMPLOYMENT", _("就业创业")
    RIGHTS = "RIGHTS", _("维权服务")
    CARE = "CARE", _("关爱帮扶")
    OTHER = "OTHER", _("其他")


class RegistrationStatus(models.TextChoices):
    REGISTERED = "REGISTERED", _("已登记（民政）")
    FILED = "FILED", _("已备案")
    INCUBATING = "INCUBATING", _("培育中")
    UNREGISTERED = "UNREGISTERED", _("未登记")


class TeamKind(models.TextChoices):
    DANCE = "DANCE", _("舞蹈队")
    CHOIR = "CHOIR", _("合唱队")
    OPERA = "OPERA", _("戏曲队")
    FITNESS = "FITNESS", _("健身队")
    TAICHI = "TAICHI", _("太极队")
    HANDICRAFT = "HANDICRAFT", _("手工队")
    CALLIGRAPHY = "CALLIGRAPHY", _("书画队")
    READING = "READING", _("读书会")
    VOLUNTEER = "VOLUNTEER", _("志愿服务队")
    OTHER = "OTHER", _("其他")


class ReachVia(models.TextChoices):
    OWNER = "OWNER", _("登记单位")
    CO_ORGANIZER = "CO_ORGANIZER", _("联办单位")
    RADIATED = "RADIATED", _("辐射社区")


class ReminderKind(models.TextChoices):
    NO_ACTIVITY = "NO_ACTIVITY", _("上月未登记活动")
    NO_ROTATION_CHECK = "NO_ROTATION_CHECK", _("上月未报“四个一”轮值考核")
    NOTICE = "NOTICE", _("通知")


# The activity kinds loaded with the first migration (code, name); more can be added in the admin.
DEFAULT_ACTIVITY_KINDS = [
    ("PARTY_THEME_DAY", "主题党日"),
    ("RED_SONG", "红歌比赛"),
    ("OUTING", "户外踏青"),
    ("SKILLS_TRAINING", "技能培训"),
    ("PARENT_CHILD", "亲子活动"),
    ("TRADITIONAL_CULTURE", "传统文化"),
    ("FAMILY_TRADITION_EXHIBITION", "家风展"),
    ("VALUES_EXHIBITION", "核心价值观展"),
    ("REPRESENTATIVE_CONGRESS", "妇女代表大会"),
    ("READING_REST", "读书休憩"),
]
