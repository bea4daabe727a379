import datetime

import factory

from cadres.choices import Appointment, Gender, PartyOrganizationType, Position
from cadres.models import PartyOrganization, Person, Post
from cadres.validators import id_check_digit

TERM_START = datetime.date(2017, 3, 1)


def make_id_number(serial, birth="19800101", region="420106"):
    """A valid 18-digit resident ID number (female: even 17th digit)."""
    first17 = f"{region}{birth}{serial % 1000:03d}"[:17]
    if int(first17[16]) % 2:
        first17 = first17[:16] + str(int(first17[16]) - 1)
    return first17 + id_check_digit(first17)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"干部{n}")
    gender = Gender.FEMALE
    birth_year = 1980
    phone = factory.Sequence(lambda n: f"138{n:08d}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    person = factory.SubFactory(PersonFactory, federation=factory.SelfAttribute("..federation"))
    position = Position.EXEC_MEMBER
    term_start = TERM_START
    appointment = Appointment.ELECTED


class PartyOrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyOrganization

    name = factory.LazyAttribute(lambda o: f"{o.federation.name}党组织")
    org_type = PartyOrganizationType.BRANCH
    secretary = "王书记"
