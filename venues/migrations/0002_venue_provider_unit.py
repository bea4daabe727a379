import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("organizations", "0002_regionalisation_member_units"),
        ("venues", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalvenue",
            name="provider_unit",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="organizations.memberunit",
                verbose_name="提供场地的成员单位",
            ),
        ),
        migrations.AddField(
            model_name="venue",
            name="provider_unit",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="provided_venues",
                to="organizations.memberunit",
                verbose_name="提供场地的成员单位",
            ),
        ),
    ]
