"""Small builders of other pillars' records for the indicator tests (through the ORM, as their seeds do)."""

import datetime
from itertools import count

from django.apps import apps
from django.utils import timezone

from evaluations.models import SurveyResponse

_seq = count(1)


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def response(survey, day, satisfaction="", can_name=None):
    return SurveyResponse.objects.create(
        survey=survey,
        federation_id=survey.federation_id,
        submitted_at=at(day),
        device_key=f"device-{next(_seq)}",
        satisfaction=satisfaction,
        can_name=can_name,
    )


def person(federation, public=False, photo="", phone=""):
    model = apps.get_model("cadres", "Person")
    return model.objects.create(
        federation=federation, name=f"干部{next(_seq)}", public_profile=public, photo=photo, phone=phone
    )


def post(person_, federation, position="EXEC_MEMBER", start=datetime.date(2022, 1, 1), ended_on=None):
    model = apps.get_model("cadres", "Post")
    return model.objects.create(
        person=person_, federation=federation, position=position, term_start=start, ended_on=ended_on
    )


def duty_report(chair_post, filed_on):
    party = apps.get_model("cadres", "PartyOrganization").objects.get_or_create(
        federation=chair_post.federation, defaults={"name": "党工委", "org_type": "WORKING_COMMITTEE"}
    )[0]
    model = apps.get_model("cadres", "DutyReport")
    return model.objects.create(
        post=chair_post,
        year=filed_on.year,
        filed_on=filed_on,
        party_organization=party,
        upper_federation_id=chair_post.federation.parent_id,
    )


def rating(report, score):
    return apps.get_model("cadres", "WomenRating").objects.create(report=report, score=score)


def home(federation, kind="WOMENS_HOME"):
    model = apps.get_model("venues", "Venue")
    n = next(_seq)
    return model.objects.create(name=f"妇女之家{n}", code=f"V{n}", kind=kind, federation=federation)


def consultation(federation, received_on, answered_on=None):
    model = apps.get_model("venues", "ConsultationRequest")
    return model.objects.create(
        federation=federation,
        category="MARRIAGE_FAMILY",
        received_on=received_on,
        answered_on=answered_on,
        summary="咨询",
        answer="已答复" if answered_on else "",
    )


def regionalise(federation, day):
    apps.get_model("organizations", "Federation").objects.filter(pk=federation.pk).update(regionalized_on=day)


def activity(federation, day, participants=20, women=15):
    kind = apps.get_model("activities", "ActivityKind").objects.order_by("order").first()
    return apps.get_model("activities", "Activity").objects.create(
        federation=federation,
        kind=kind,
        start=at(day),
        end=at(day, 12),
        participants=participants,
        women_participants=women,
    )
