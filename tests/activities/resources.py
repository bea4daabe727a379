"""The activities API resources, for the generated permission tests (tests/permissions)."""

import itertools

from activities.models import ActivityKind, SocialOrganization, Team
from tests.permissions.registry import Resource

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
