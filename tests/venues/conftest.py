"""Venues fixtures on the shared small tree: one Women's Home per community/village, and a cluster in
武昌 (D1) of 东亭 (S1C1, the demonstration home), 翠柳村 (S1V1) and 中南社区 (S2C1)."""

from types import SimpleNamespace

import pytest

from venues.choices import VenueKind
from venues.models import ClusterMembership, Venue, VenueCluster


@pytest.fixture
def make_venue(db):
    counter = {"n": 0}

    def make(federation, kind=VenueKind.WOMENS_HOME, **kwargs):
        counter["n"] += 1
        kwargs.setdefault("name", f"{federation.name[:-2]}妇女之家{counter['n']}")
        kwargs.setdefault("code", f"V{counter['n']:04d}")
        venue = Venue(federation=federation, kind=kind, **kwargs)
        venue.full_clean()
        venue.save()
        return venue

    return make


@pytest.fixture
def homes(tree, make_venue):
    return SimpleNamespace(
        dongting=make_venue(tree.s1c1, name="东亭社区妇女之家", code="H-S1C1"),
        cuiliu=make_venue(tree.s1v1, name="翠柳村妇女之家", code="H-S1V1"),
        zhongnan=make_venue(tree.s2c1, name="中南社区妇女之家", code="H-S2C1"),
        yongning=make_venue(tree.s3c1, name="永宁社区妇女之家", code="H-S3C1"),
    )


@pytest.fixture
def cluster(tree, homes):
    """武昌's cluster: 东亭 (demonstration), 翠柳村, 中南社区."""
    cluster = VenueCluster.objects.create(name="东亭片区", code="PQ-D1-1", district=tree.d1)
    ClusterMembership.objects.create(cluster=cluster, venue=homes.dongting, is_demonstration=True)
    ClusterMembership.objects.create(cluster=cluster, venue=homes.cuiliu)
    ClusterMembership.objects.create(cluster=cluster, venue=homes.zhongnan)
    return cluster
