from django.db import models
from django.utils.translation import gettext_lazy as _


class Position(models.TextChoices):
    CHAIR = "CHAIR", _("主席")
    VICE_CHAIR_FULLTIME = "VICE_CHAIR_FULLTIME", _("专职副主席")
    VICE_CHAIR_PARTTIME = "VICE_CHAIR_PARTTIME", _("兼职副主席")
    EXEC_MEMBER = "EXEC_MEMBER", _("执委")
    REPRESENTATIVE = "REPRESENTATIVE", _("妇女代表")


# The executive committee (执委会) counted by the "≥21 / ≥11" rule: chair + vice chairs + members.
EXECUTIVE_POSITIONS = (
    Position.CHAIR,
    Position.VICE_CHAIR_FULLTIME,
    Position.VICE_CHAIR_PARTTIME,
    Position.EXEC_MEMBER,
)
VICE_CHAIR_POSITIONS = (Position.VICE_CHAIR_FULLTIME, Position.VICE_CHAIR_PARTTIME)


class Gender(models.TextChoices):
    FEMALE = "F", _("女")
    MALE = "M", _("男")


class Education(models.TextChoices):
    PRIMARY = "PRIMARY", _("小学及以下")
    JUNIOR = "JUNIOR", _("初中")
    SENIOR = "SENIOR", _("高中/中专")
    COLLEGE = "COLLEGE", _("大专")
    BACHELOR = "BACHELOR", _("本科")
    POSTGRADUATE = "POSTGRADUATE", _("研究生")


class Sector(models.TextChoices):
    """Where a cadre works: "体制内带体制外" wants vice chairs and 执委 from every sector."""

    PARTY_GOV = "PARTY_GOV", _("党政机关")
    PUBLIC_INSTITUTION = "PUBLIC_INSTITUTION", _("事业单位")
    STATE_ENTERPRISE = "STATE_ENTERPRISE", _("国有企业")
    PRIVATE_ENTERPRISE = "PRIVATE_ENTERPRISE", _("非公企业")
    NEW_SOCIAL_ORG = "NEW_SOCIAL_ORG", _("社会组织")
    COMMUNITY_WORKER = "COMMUNITY_WORKER", _("社区（村）工作者")
    FARMER = "FARMER", _("农民")
    SELF_EMPLOYED = "SELF_EMPLOYED", _("个体/自由职业")
    RETIRED = "RETIRED", _("离退休")
    OTHER = "OTHER", _("其他")


class Appointment(models.TextChoices):
    ELECTED = "ELECTED", _("选举产生")
    APPOINTED = "APPOINTED", _("聘任")


class PartyOrganizationType(models.TextChoices):
    WORKING_COMMITTEE = "WORKING_COMMITTEE", _("党工委")
    COMMITTEE = "COMMITTEE", _("党委")
    GENERAL_BRANCH = "GENERAL_BRANCH", _("党总支")
    BRANCH = "BRANCH", _("党支部")


class ReportingLine(models.TextChoices):
    """The two lines a street or community chair answers to (联管)."""

    PARTY = "PARTY", _("同级党组织")
    FEDERATION = "FEDERATION", _("上级妇联")


class ReportPeriod(models.TextChoices):
    YEAR = "YEAR", _("全年")
    H1 = "H1", _("上半年")
    H2 = "H2", _("下半年")


class ReviewRating(models.TextChoices):
    EXCELLENT = "EXCELLENT", _("优秀")
    GOOD = "GOOD", _("良好")
    PASS = "PASS", _("合格")
    FAIL = "FAIL", _("不合格")


class Verdict(models.TextChoices):
    """A woman's verdict in the 述职评议, read by the satisfaction indicator (满意度)."""

    SATISFIED = "SATISFIED", _("满意")
    BASICALLY_SATISFIED = "BASICALLY_SATISFIED", _("基本满意")
    UNSATISFIED = "UNSATISFIED", _("不满意")


class ElectionKind(models.TextChoices):
    CONVERSION = "CONVERSION", _("会改联（妇代会改建妇联）")
    RE_ELECTION = "RE_ELECTION", _("换届选举")


class ImportStatus(models.TextChoices):
    PENDING = "PENDING", _("排队中")
    RUNNING = "RUNNING", _("导入中")
    PREVIEWED = "PREVIEWED", _("预览完成")
    DONE = "DONE", _("已导入")
    FAILED = "FAILED", _("有错误，未导入")


class TrainingTopic(models.TextChoices):
    """The kept list of training topics (培训同步管理)."""

    POLITICAL_THEORY = "POLITICAL_THEORY", _("政治理论")
    RIGHTS = "RIGHTS", _("妇女儿童权益")
    FAMILY_EDUCATION = "FAMILY_EDUCATION", _("家庭教育")
    MASS_WORK = "MASS_WORK", _("群众工作方法")
    DIGITAL = "DIGITAL", _("信息化")
    OTHER = "OTHER", _("其他")


class AttendanceStatus(models.TextChoices):
    PRESENT = "PRESENT", _("出席")
    LATE = "LATE", _("迟到")
    ABSENT = "ABSENT", _("缺席")
