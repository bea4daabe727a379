"""Factories shared by every app's tests. Each app may add its own in tests/<app>/factories.py."""

import factory

from accounts.models import Role, User
from organizations.choices import Level
from organizations.models import Federation


class FederationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Federation

    level = Level.STREET
    name = factory.Sequence(lambda n: f"组织{n}")
    code = factory.Sequence(lambda n: f"T{n:08d}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    role = Role.DISTRICT_STAFF
    password = factory.PostGenerationMethodCall("set_password", "Secret-pass-2017")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
