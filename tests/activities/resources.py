"""The activities API resources, for the generated permission tests (tests/permissions)."""

import datetime
import io
import itertools

from django.core.files.base import ContentFile
from PIL import Image

from activities.models import Activity, ActivityKind, ActivityPhoto, Reminder, SocialOrganization, Team
from tests.permissions.registry import CITY_WIDE, AdminModel, FileCase, Resource

from .conftest import at, log_activity

_numbers = itertools.count()


def _activity(federation):
    return log_activity(federation, ActivityKind.objects.get(code="OUTING"), at(2024, 5, 10))


def _social_organization(federation):
    return SocialOrganization.objects.create(cultivated_by=federation, name=f"社会组织{next(_numbers)}", field="TEA")


def _team(federation):
    return Team.objects.create(federation=federation, name=f"团队{next(_numbers)}", kind="DANCE", women_count=20)


RESOURCES = [
    Resource(
        url="/api/v1/activities/activities/",
        make=_activity,
        update={"title": "新的活动名称"},
        create=lambda tree: {
            "federation": tree.s1c1.pk,
            "kind": ActivityKind.objects.get(code="RED_SONG").pk,
            "start": "2024-05-10T09:00:00+08:00",
            "end": "2024-05-10T11:00:00+08:00",
            "participants": 30,
            "women_participants": 25,
        },
    ),
    Resource(
        url="/api/v1/activities/social-organizations/",
        make=_social_organization,
        update={"member_count": 12},
        create=lambda tree: {"name": "花蒂艺坊", "field": "FLOWERS", "cultivated_by": tree.s1.pk},
    ),
    Resource(
        url="/api/v1/activities/teams/",
        make=_team,
        update={"women_count": 33},
        create=lambda tree: {"name": "新舞蹈队", "kind": "DANCE", "federation": tree.s1c1.pk, "women_count": 21},
    ),
]


def _reminder(federation):
    return Reminder.objects.create(
        recipient_federation=federation,
        kind="NO_ACTIVITY",
        month=datetime.date(2024, 4, 1),
        subject_key=f"federation:{federation.pk}",
        text=f"上月未登记活动{next(_numbers)}",
    )


def _photo(federation):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, format="JPEG")
    photo = ActivityPhoto(activity=_activity(federation), caption="合影", width=8, height=8)
    for name in ("image", "display", "thumbnail"):
        getattr(photo, name).save(f"{name}.jpg", ContentFile(buffer.getvalue()), save=False)
    photo.save()
    return photo


ADMINS = [
    AdminModel(ActivityKind, unscoped=CITY_WIDE),
    AdminModel(SocialOrganization, make=_social_organization),
    AdminModel(Team, make=_team),
    AdminModel(Activity, make=_activity),
    AdminModel(Reminder, make=_reminder),
]

FILES = [FileCase(ActivityPhoto, name, make=_photo) for name in ("image", "display", "thumbnail")]
