"""The venues gap provider: a cluster without its demonstration home, a demonstration home whose community
has not regionalised; in a fixed number of queries."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.gaps import providers
from organizations.models import Federation
from venues.models import ClusterMembership, VenueCluster
from venues.services import gaps

AS_OF = date(2017, 12, 31)


def rules(found):
    return sorted((gap.rule, gap.federation_name) for gap in found)


def test_the_provider_is_registered():
    assert providers()["venues"] is gaps


def test_a_cluster_without_its_demonstration_home_is_a_gap(tree, cluster, homes):
    # given: regionalised communities, and the cluster loses its demonstration home
    Federation.objects.filter(level__in=["COMMUNITY", "VILLAGE"]).update(regionalized_on=date(2017, 5, 1))
    ClusterMembership.objects.filter(cluster=cluster).update(is_demonstration=False)
    # when
    found = gaps(tree.city, AS_OF)
    # then
    assert rules(found) == [("cluster_has_demonstration_home", "武昌区妇联")]
    assert found[0].pillar == "venues"
    assert found[0].fix_url == f"/venues/clusters/{cluster.pk}/"


def test_a_demonstration_home_in_an_unregionalised_community_is_a_gap(tree, cluster):
    # given: 东亭 regionalises only next year
    Federation.objects.filter(pk=tree.s1c1.pk).update(regionalized_on=date(2018, 3, 1))
    # then
    assert rules(gaps(tree.d1, AS_OF)) == [("demonstration_home_community_regionalized", "东亭社区妇联")]
    assert gaps(tree.d1, date(2018, 3, 1)) == []


def test_gaps_are_limited_to_the_subtree(tree, cluster):
    ClusterMembership.objects.filter(cluster=cluster).update(is_demonstration=False)
    Federation.objects.filter(pk=tree.s1c1.pk).update(regionalized_on=date(2017, 5, 1))
    assert gaps(tree.d2, AS_OF) == []


def test_the_query_count_does_not_grow_with_the_clusters(tree, homes, make_venue):
    def add_clusters(count, start):
        for i in range(start, start + count):
            community = Federation.objects.create(name=f"社区{i}", code=f"GC{i}", level="COMMUNITY", parent=tree.s2)
            venue = make_venue(community)
            empty = VenueCluster.objects.create(name=f"空片区{i}", code=f"GE{i}", district=tree.d1)
            full = VenueCluster.objects.create(name=f"片区{i}", code=f"GF{i}", district=tree.d1)
            ClusterMembership.objects.create(cluster=full, venue=venue, is_demonstration=True)
            assert empty.pk

    add_clusters(2, 0)
    with CaptureQueriesContext(connection) as small:
        few = gaps(tree.city, AS_OF)
    add_clusters(6, 10)
    with CaptureQueriesContext(connection) as large:
        many = gaps(tree.city, AS_OF)
    assert len(many) > len(few)
    assert len(large) == len(small)
