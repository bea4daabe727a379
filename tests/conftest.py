"""Fixtures every app's tests compose: a small hand-made tree, one user per role, API clients.

The tree (codes in brackets):

    武汉市妇联 [C]
    ├── 武昌区妇联 [D1]
    │   ├── 水果湖街妇联 [S1]
    │   │   ├── 东亭社区妇联 [S1C1]
    │   │   │   └── 一网格妇女小组 [S1C1G1]
    │   │   └── 翠柳村妇联 [S1V1]   (VILLAGE)
    │   └── 中南路街妇联 [S2]
    │       └── 中南社区妇联 [S2C1]
    └── 硚口区妇联 [D2]
        └── 宝丰街妇联 [S3]
            └── 永宁社区妇联 [S3C1]
"""

import os
from types import SimpleNamespace

import pytest
from rest_framework.test import APIClient

from accounts.models import Role
from organizations.choices import Level
from organizations.models import Federation
from tests.factories import UserFactory

PASSWORD = "Secret-pass-2017"

# Playwright's sync API (tests/e2e) keeps an asyncio loop marked running in this process for the whole
# session; Django would then refuse every later ORM call as "async unsafe". The tests run no async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def tree(db):
    def add(name, code, level, parent=None):
        return Federation.objects.create(name=name, code=code, level=level, parent=parent)

    city = add("武汉市妇联", "C", Level.CITY)
    d1 = add("武昌区妇联", "D1", Level.DISTRICT, city)
    d2 = add("硚口区妇联", "D2", Level.DISTRICT, city)
    s1 = add("水果湖街妇联", "S1", Level.STREET, d1)
    s2 = add("中南路街妇联", "S2", Level.STREET, d1)
    s3 = add("宝丰街妇联", "S3", Level.STREET, d2)
    s1c1 = add("东亭社区妇联", "S1C1", Level.COMMUNITY, s1)
    s1v1 = add("翠柳村妇联", "S1V1", Level.VILLAGE, s1)
    s2c1 = add("中南社区妇联", "S2C1", Level.COMMUNITY, s2)
    s3c1 = add("永宁社区妇联", "S3C1", Level.COMMUNITY, s3)
    s1c1g1 = add("一网格妇女小组", "S1C1G1", Level.GRID_GROUP, s1c1)
    nodes = SimpleNamespace(
        city=city, d1=d1, d2=d2, s1=s1, s2=s2, s3=s3, s1c1=s1c1, s1v1=s1v1, s2c1=s2c1, s3c1=s3c1, s1c1g1=s1c1g1
    )
    for node in vars(nodes).values():
        node.refresh_from_db()
    return nodes


@pytest.fixture
def make_user(db):
    def make(role=Role.DISTRICT_STAFF, federation=None, **kwargs):
        return UserFactory(role=role, federation=federation, **kwargs)

    return make


@pytest.fixture
def users(tree, make_user):
    """One user per role. ``district`` edits 武昌 (D1); ``other_district`` edits 硚口 (D2)."""
    return SimpleNamespace(
        city=make_user(Role.CITY_OFFICE, tree.city, username="city"),
        district=make_user(Role.DISTRICT_STAFF, tree.d1, username="wuchang"),
        other_district=make_user(Role.DISTRICT_STAFF, tree.d2, username="qiaokou"),
        street=make_user(Role.STREET_STAFF, tree.s1, username="shuiguohu"),
        chair=make_user(Role.COMMUNITY_CHAIR, tree.s1c1, username="dongting"),
        viewer=make_user(Role.VIEWER, tree.d1, username="viewer", view_federation=tree.city),
    )


@pytest.fixture
def api_client():
    """``api_client(user)``: a DRF client authenticated as ``user`` (or anonymous with None)."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user=user)
        return client

    return make


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts and ends in the site's language: a request in English (LocaleMiddleware) leaves the
    thread's language active after it, which would leak into the next test's non-request code."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fresh_figures():
    """Figures cached by an earlier test (core/freshness.py) are not this test's: its database may repeat the
    data generation with other rows."""
    from core import freshness

    freshness.forget()
