"""A first ("+") history row for every tracked record that has none (rows loaded in bulk before seeds and
imports wrote them), so the first edit of any record shows a field diff. Batched by id range, one
INSERT … SELECT per batch (``core.history``); running it on a database that has them all writes nothing. Lives
in the top app so every app's tables exist when it runs."""

from django.db import migrations

from core.history import write_baselines


def forwards(apps, schema_editor):
    write_baselines(apps, using=schema_editor.connection.alias)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0005_response_flags_against_ballot_stuffing"),
        ("accounts", "0004_api_token_proxy"),
        ("activities", "0006_activityphoto_gated_images"),
        ("cadres", "0007_women_organization_leader"),
        ("organizations", "0006_women_organization_leader_moved_to_cadres"),
        ("venues", "0006_upgradephoto_random_name_reencoded"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True)]
