"""The five indicator settings and the standard survey template, so the city office has rows to edit."""

from django.db import migrations

SETTINGS = [
    ("COVERAGE", "20", "0.8", "截至期末，已完成区域化建设的街道（乡镇）和社区（村）妇联 ÷ 全部街道（乡镇）和社区（村）妇联。"),
    ("IDENTITY", "20", "0.6", "能说出本级妇联主席或执委的受访者 ÷ 回答该题的受访者；公开亮身份的在任执委会成员占比另列。"),
    ("COHESION", "20", "0.6", "期内月均开展活动不少于设定次数（默认 2 次）的社区（村）÷ 全部社区（村）。"),
    ("PRECISION", "20", "0.9", "期内受理的维权咨询中，在设定天数（默认 7 天）内答复的 ÷ 已答复或已超期的。"),
    ("SATISFACTION", "20", "0.9", "（满意 + 基本满意）÷ 作答人次，满意度测评与述职评议合并计算。"),
]

QUESTIONS = [
    (1, "SATISFACTION", "您对本级妇联组织的工作满意吗？", True),
    (2, "CAN_NAME_CADRE", "您能说出本级妇联主席或一位执委的名字吗？", True),
    (3, "YES_NO", "过去一年，您参加过妇联组织的活动吗？", False),
    (4, "TEXT", "您对妇联工作还有什么意见和建议？", False),
]

TEMPLATE_NAME = "妇女群众满意度测评"


def create(apps, schema_editor):
    setting = apps.get_model("evaluations", "IndicatorSetting")
    for code, weight, target, note in SETTINGS:
        setting.objects.get_or_create(indicator=code, defaults={"weight": weight, "target": target, "note": note})
    template_model = apps.get_model("evaluations", "SurveyTemplate")
    question = apps.get_model("evaluations", "SurveyQuestion")
    template, created = template_model.objects.get_or_create(
        name=TEMPLATE_NAME, defaults={"description": "成效联评：以区域内妇女群众的满意度为目标。"}
    )
    if created:
        for position, kind, text, required in QUESTIONS:
            question.objects.create(template=template, position=position, kind=kind, text=text, required=required)


def remove(apps, schema_editor):
    apps.get_model("evaluations", "IndicatorSetting").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("evaluations", "0002_indicators_and_venue_surveys")]

    operations = [migrations.RunPython(create, remove)]
