"""Fixtures for the bad-input, deletion and race tests: the shared tree, cadre and venue fixtures."""

import datetime

import pytest
from django.utils import timezone

from activities.models import Activity, ActivityKind
from tests.cadres.conftest import chair, staff  # noqa: F401
from tests.organizations.conftest import make_org, make_unit  # noqa: F401, E402
from tests.venues.conftest import cluster, homes, make_venue  # noqa: F401


@pytest.fixture
def activity(tree):
    """Yesterday's activity of 东亭社区 (S1C1), for the photo tests."""
    start = timezone.now() - datetime.timedelta(days=1)
    kind = ActivityKind.objects.first() or ActivityKind.objects.create(code="OTHER", name="其他")
    return Activity.objects.create(
        federation=tree.s1c1, kind=kind, start=start, end=start + datetime.timedelta(hours=1), title="插花"
    )
