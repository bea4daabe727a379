"""What the product needs on an empty database comes from the apps' data migrations, not from the demo: the
activity kinds the demo draws from, the standard survey it answers and the indicator settings; loading them
again adds nothing."""

import importlib

from django.apps import apps

from activities.models import ActivityKind
from demo.activities_data import KIND_WEIGHTS
from demo.evaluations import TEMPLATE_NAME
from evaluations.choices import QuestionKind
from evaluations.models import IndicatorSetting, SurveyQuestion, SurveyTemplate


def test_a_migrated_database_has_the_reference_data_the_demo_builds_on(db):
    # then: no seed has run
    assert set(KIND_WEIGHTS) <= set(ActivityKind.objects.values_list("code", flat=True))
    template = SurveyTemplate.objects.get(name=TEMPLATE_NAME)
    assert set(template.questions.values_list("kind", flat=True)) == set(QuestionKind.values)
    assert IndicatorSetting.objects.count() == 5


def test_the_reference_data_migrations_add_nothing_when_run_again(db):
    # given
    before = (ActivityKind.objects.count(), SurveyQuestion.objects.count(), IndicatorSetting.objects.count())
    # when
    importlib.import_module("activities.migrations.0002_activity_kinds").load_kinds(apps, None)
    importlib.import_module("evaluations.migrations.0003_default_settings_and_template").create(apps, None)
    # then
    assert (ActivityKind.objects.count(), SurveyQuestion.objects.count(), IndicatorSetting.objects.count()) == before
