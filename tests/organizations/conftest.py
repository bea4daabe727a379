"""Fixtures for pillar 1: member units, women's organisations and a seeded Wuhan tree (once per module)."""

import os
from datetime import date
from unittest import mock

import pytest
from django.db import transaction

from organizations.choices import MemberUnitType, WomenOrganizationType
from organizations.models import MemberUnit, WomenOrganization
from organizations.validators import credit_code_check_char


def credit_code(body17="91420106MA4KXXXX0"):
    body17 = body17.replace("X", "1")
    return body17 + credit_code_check_char(body17)


@pytest.fixture
def make_unit(db):
    counter = iter(range(1, 10_000))

    def make(federation, **kwargs):
        n = next(counter)
        values = {
            "unit_type": MemberUnitType.ENTERPRISE,
            "name": f"测试单位{n}",
            "federation": federation,
            "joined_on": date(2017, 4, 20),
        }
        values.update(kwargs)
        unit = MemberUnit(**values)
        unit.full_clean()
        unit.save()
        return unit

    return make


@pytest.fixture
def make_org(db):
    counter = iter(range(1, 10_000))

    def make(federation, **kwargs):
        values = {
            "org_type": WomenOrganizationType.CULTURE_SPORTS_TEAM,
            "name": f"舞蹈队{next(counter)}",
            "founded_on": date(2017, 3, 1),
            "federation": federation,
        }
        values.update(kwargs)
        org = WomenOrganization(**values)
        org.full_clean()
        org.save()
        return org

    return make


class _Ctx:
    def __init__(self, scale="demo"):
        from demo.context import SeedContext

        self.inner = SeedContext(scale=scale, seed=20170518, stdout=None)
        self.lines = []

    def __getattr__(self, name):
        return getattr(self.inner, name)

    def log(self, message):
        self.lines.append(message)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """The demo Wuhan data set, loaded once for a module and rolled back after it."""
    from demo.pillars import organizations as seed

    # A session-wide Playwright browser (tests/e2e) leaves an asyncio loop marked running in this thread;
    # Django would then refuse these plain synchronous queries.
    with (
        mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        ctx = _Ctx()
        seed(ctx)
        yield ctx
        transaction.set_rollback(True)
