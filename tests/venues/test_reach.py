"""The reach gap on a hand-made geometry in 武昌: homes A (东亭, the demonstration home), B (翠柳村, 1.11 km north
of A) and C (中南, 1.92 km west of A) form one cluster; each community's centre is placed where the answer is
known. Computed in the database in one query."""

import math

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.gaps import collect
from venues import geo
from venues.models import CommunityCentre, Venue
from venues.reach import out_of_reach
from venues.services import reach_gaps

A, B, C = (114.350, 30.550), (114.350, 30.560), (114.330, 30.550)
KM_LAT = 1 / 111.195  # degrees of latitude per km
KM_LNG = 1 / (111.195 * math.cos(math.radians(30.55)))


def place(venue, point):
    Venue.objects.filter(pk=venue.pk).update(longitude=point[0], latitude=point[1])


def centre(federation, point):
    return CommunityCentre.objects.create(
        federation=federation, longitude=f"{point[0]:.6f}", latitude=f"{point[1]:.6f}"
    )


@pytest.fixture
def geometry(tree, homes, cluster):
    place(homes.dongting, A)
    place(homes.cuiliu, B)
    place(homes.zhongnan, C)
    # 东亭: 0.56 km from A
    centre(tree.s1c1, (A[0], A[1] + 0.5 * KM_LAT))
    # 翠柳村: 2.2 km north of B, its nearest
    centre(tree.s1v1, (B[0], B[1] + 2.2 * KM_LAT))
    # 中南: 1.2 km west and 1.2 km south of C, inside C's 1.5 km box but 1.70 km away on the ground
    centre(tree.s2c1, (C[0] - 1.2 * KM_LNG, C[1] - 1.2 * KM_LAT))
    # 永宁 (硚口): far from everything, but its street's home is in no cluster: not measured
    centre(tree.s3c1, (114.265, 30.575))
    return tree


def by_name(gaps):
    return {gap.federation_name: gap for gap in gaps if gap.rule == "community_within_reach_of_home"}


def test_communities_beyond_the_reach_of_every_home_of_their_cluster(geometry, homes):
    # when
    with CaptureQueriesContext(connection) as queries:
        gaps = by_name(reach_gaps(geometry.city))
    # then: one query, the two far communities, with their distance to the nearest home
    assert len(queries) == 1
    assert set(gaps) == {"翠柳村妇联", "中南社区妇联"}
    assert gaps["翠柳村妇联"].extra["distance_m"] == pytest.approx(2200, abs=5)
    assert gaps["中南社区妇联"].extra["distance_m"] == pytest.approx(1697, abs=5)
    assert "2.2 公里" in gaps["翠柳村妇联"].missing and "1.5 公里" in gaps["翠柳村妇联"].missing
    centre_id = gaps["中南社区妇联"].extra["centre_id"]
    assert CommunityCentre.objects.get(pk=centre_id).federation == geometry.s2c1
    assert gaps["中南社区妇联"].fix_url.endswith(f"/communitycentre/{centre_id}/change/")
    # the distances agree with the Python haversine
    far = {c.federation.name: c.nearest_m for c in out_of_reach(geometry.city)}
    expected = geo.haversine_m(C[0], C[1], C[0] - 1.2 * KM_LNG, C[1] - 1.2 * KM_LAT)
    assert far["中南社区妇联"] == pytest.approx(expected, abs=1)


def test_the_reach_is_a_setting_and_the_gap_is_in_the_gap_list(geometry, settings):
    assert set(by_name(collect(geometry.city, timezone.localdate(), ["venues"]))) == {"翠柳村妇联", "中南社区妇联"}
    settings.VENUE_REACH_KM = 2
    assert set(by_name(reach_gaps(geometry.city))) == {"翠柳村妇联"}
    settings.VENUE_REACH_KM = 3
    assert by_name(reach_gaps(geometry.city)) == {}


def test_scope_and_archived_homes(geometry, homes):
    # a street sees only its own communities
    assert set(by_name(reach_gaps(geometry.s1))) == {"翠柳村妇联"}
    # an archived home reaches no one: 翠柳村's nearest is then A, 3.3 km off
    Venue.objects.filter(pk=homes.cuiliu.pk).update(archived_at=timezone.now())
    gap = by_name(reach_gaps(geometry.city))["翠柳村妇联"]
    assert gap.extra["distance_m"] == pytest.approx(geo.haversine_m(*A, B[0], B[1] + 2.2 * KM_LAT), abs=5)


def test_a_home_placed_near_the_far_community_closes_its_gap(geometry, homes):
    place(homes.cuiliu, (B[0], B[1] + 1.0 * KM_LAT))  # now 1.2 km from 翠柳村's centre
    assert set(by_name(reach_gaps(geometry.city))) == {"中南社区妇联"}


def test_the_query_count_does_not_grow_with_the_tree(geometry, make_venue, cluster):
    from organizations.choices import Level
    from organizations.models import Federation
    from venues.models import ClusterMembership

    with CaptureQueriesContext(connection) as small:
        reach_gaps(geometry.city)
    for i in range(5):
        community = Federation.objects.create(
            name=f"新{i}社区妇联", code=f"N{i}", level=Level.COMMUNITY, parent=geometry.s1
        )
        home = make_venue(community, name=f"新{i}社区妇女之家", code=f"NH{i}")
        place(home, (A[0] + i * 0.01, A[1]))
        ClusterMembership.objects.create(cluster=cluster, venue=home)
        centre(community, (A[0] + i * 0.01, A[1] + 3 * KM_LAT))
    geometry.city.refresh_from_db()  # the tree grew: its root's bounds moved
    with CaptureQueriesContext(connection) as large:
        gaps = reach_gaps(geometry.city)
    assert len(large) == len(small) == 1
    found = {name: gap.extra["distance_m"] for name, gap in by_name(gaps).items()}
    assert len(found) == 2 + 5, sorted(found.items())
    assert found["新0社区妇联"] == pytest.approx(geo.haversine_m(B[0], B[1], A[0], A[1] + 3 * KM_LAT), abs=5)
