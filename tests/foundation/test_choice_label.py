"""``ChoiceLabelField`` answers what ``get_<field>_display()`` answers, for every choice, in both languages."""

import pytest
from django.utils import translation
from rest_framework import serializers

from activities.models import CoOrganizer
from cadres.models import Post
from core.api.serializers import ChoiceLabelField
from organizations.models import Federation


def serializer_for(model, field_name):
    class Labels(serializers.ModelSerializer):
        label = ChoiceLabelField(field_name)

        class Meta:
            fields = ["label"]

    Labels.Meta.model = model
    return Labels


@pytest.mark.parametrize(("model", "field_name"), [(Federation, "level"), (Post, "position"), (CoOrganizer, "sector")])
@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_every_choice_reads_as_django_displays_it(model, field_name, language):
    serializer = serializer_for(model, field_name)
    choices = [value for value, _label in model._meta.get_field(field_name).flatchoices]
    assert choices
    with translation.override(language):
        for value in [*choices, "not-a-choice", ""]:
            instance = model(**{field_name: value})
            expected = getattr(instance, f"get_{field_name}_display")()
            assert serializer(instance).data["label"] == expected


def test_the_label_follows_the_language():
    serializer = serializer_for(Federation, "level")
    instance = Federation(level=Federation._meta.get_field("level").flatchoices[0][0])
    with translation.override("zh-hans"):
        chinese = serializer(instance).data["label"]
    with translation.override("en"):
        english = serializer(instance).data["label"]
    assert chinese != english  # a table kept for one language is not served in the other


def test_none_stays_none():
    serializer = serializer_for(CoOrganizer, "sector")
    assert serializer(CoOrganizer(sector=None)).data["label"] is None
