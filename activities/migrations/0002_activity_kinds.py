from django.db import migrations

# A copy, not an import: a migration must not change when the app's code does.
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


def load_kinds(apps, schema_editor):
    ActivityKind = apps.get_model("activities", "ActivityKind")
    existing = set(ActivityKind.objects.values_list("code", flat=True))
    ActivityKind.objects.bulk_create(
        [
            ActivityKind(code=code, name=name, order=(index + 1) * 10)
            for index, (code, name) in enumerate(DEFAULT_ACTIVITY_KINDS)
            if code not in existing
        ]
    )


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(load_kinds, migrations.RunPython.noop)]
