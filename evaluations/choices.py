from django.db import models
from django.utils.translation import gettext_lazy as _


class QuestionKind(models.TextChoices):
    SATISFACTION = "SATISFACTION", _("满意度（满意／基本满意／不满意）")
    CAN_NAME_CADRE = "CAN_NAME_CADRE", _("能否说出本级妇联主席或执委（是／否）")
    YES_NO = "YES_NO", _("是／否")
    TEXT = "TEXT", _("文字意见")


class Satisfaction(models.TextChoices):
    SATISFIED = "SATISFIED", _("满意")
    BASIC = "BASIC", _("基本满意")
    UNSATISFIED = "UNSATISFIED", _("不满意")


class Indicator(models.TextChoices):
    """The five indicators the reform is judged by (DOMAIN.md section 5)."""

    COVERAGE = "COVERAGE", _("覆盖率")
    IDENTITY = "IDENTITY", _("身份辨识度")
    COHESION = "COHESION", _("粘合度")
    PRECISION = "PRECISION", _("精准度")
    SATISFACTION = "SATISFACTION", _("满意度")


class SurveyTarget(models.TextChoices):
    FEDERATION = "FEDERATION", _("妇联组织")
    VENUE = "VENUE", _("阵地（妇女之家）")
    ACTIVITY = "ACTIVITY", _("活动")
