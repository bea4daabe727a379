"""Fixtures for the activities tests: kinds (loaded by the migration), partners in the small tree, and a
helper that logs an activity the way the services do."""

import datetime
import importlib
import io
import itertools
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from PIL import Image

from activities.models import Activity, ActivityKind, CoOrganizer, SocialOrganization, Team
from activities.services import refresh_derived
from cadres.models import PartyOrganization
from organizations.models import MemberUnit
from venues.models import Venue

TZ = ZoneInfo("Asia/Shanghai")
_numbers = itertools.count()


def at(year, month, day, hour=9):
    return datetime.datetime(year, month, day, hour, tzinfo=TZ)


@pytest.fixture
def kinds(db):
    """The activity kinds the data migration writes; a transactional test that ran before this one (a live
    server, concurrent writers) flushed them, so they are written again when missing."""
    if not ActivityKind.objects.exists():
        importlib.import_module("activities.migrations.0002_activity_kinds").load_kinds(apps, None)
    return {kind.code: kind for kind in ActivityKind.objects.all()}


@pytest.fixture
def partners(tree):
    """A member unit, a Party branch, a team and a social organisation in 东亭社区 (S1C1, 武昌), and the same
    in 永宁社区 (S3C1, 硚口) for the out-of-scope cases; a venue in each."""

    def unit(fed, name, unit_type="PARTY_GOV_ORGAN"):
        return MemberUnit.objects.create(
            federation=fed, name=name, unit_type=unit_type, joined_on=datetime.date(2017, 5, 1)
        )

    return SimpleNamespace(
        unit=unit(tree.s1c1, "武昌区招商局"),
        enterprise=unit(tree.s1c1, "长城汇物业公司", "ENTERPRISE"),
        party=PartyOrganization.objects.create(federation=tree.s1c1, name="东亭社区党支部", org_type="BRANCH"),
        team=Team.objects.create(federation=tree.s1c1, name="东亭舞蹈队", kind="DANCE", women_count=25),
        social=SocialOrganization.objects.create(cultivated_by=tree.s1c1, name="晓茶会", field="TEA"),
        venue=Venue.objects.create(federation=tree.s1c1, name="东亭社区妇女之家", code="V-S1C1", kind="WOMENS_HOME"),
        other_unit=unit(tree.s3c1, "汉正街服饰商会", "INDUSTRY_MARKET"),
        other_team=Team.objects.create(federation=tree.s3c1, name="永宁合唱队", kind="CHOIR", women_count=30),
        other_venue=Venue.objects.create(
            federation=tree.s3c1, name="永宁社区妇女之家", code="V-S3C1", kind="WOMENS_HOME"
        ),
    )


def log_activity(federation, kind, start, co_organizers=(), radiated=(), participants=30, women=20, **extra):
    """An activity with its co-organisers, derived fields refreshed (as the form and API do)."""
    activity = Activity.objects.create(
        federation=federation,
        kind=kind,
        start=start,
        end=start + datetime.timedelta(hours=2),
        participants=participants,
        women_participants=women,
        **extra,
    )
    activity.radiated_to.set(radiated)
    for target, role in co_organizers:
        field = {
            "Federation": "federation",
            "MemberUnit": "member_unit",
            "SocialOrganization": "social_organization",
            "Team": "team",
            "PartyOrganization": "party_organization",
        }[type(target).__name__]
        CoOrganizer.objects.create(activity=activity, role=role, **{field: target})
    refresh_derived(activity)
    activity.refresh_from_db()
    return activity


@pytest.fixture
def make_activity(kinds):
    def make(federation, kind="OUTING", start=None, **kwargs):
        return log_activity(federation, kinds[kind], start or at(2024, 5, 10), **kwargs)

    return make


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def image_bytes(fmt="JPEG", size=(640, 480), color=(200, 30, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


def unique(prefix):
    return f"{prefix}{next(_numbers)}"
