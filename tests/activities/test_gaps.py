"""The gap provider: regional federations that cultivated no social organisation; demonstration homes that
brought in none; a fixed number of queries at any subtree size."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from activities.gaps import RULE_CULTIVATED, RULE_INTRODUCED, gaps
from activities.models import SocialOrganization
from core.gaps import collect
from organizations.choices import Level
from organizations.models import Federation
from venues.models import ClusterMembership, Venue, VenueCluster

AS_OF = datetime.date(2024, 6, 30)


def _regionalise(*federations, on=datetime.date(2017, 9, 1)):
    Federation.objects.filter(pk__in=[f.pk for f in federations]).update(regionalized_on=on)


def test_regional_federations_without_a_social_organization_are_gaps(tree):
    # given: 水果湖街, 东亭 and 翠柳村 are regionalised; 东亭 cultivated one; 中南社区 is not regionalised
    _regionalise(tree.s1, tree.s1c1, tree.s1v1)
    SocialOrganization.objects.create(cultivated_by=tree.s1c1, name="晓茶会", field="TEA")
    # when
    found = [(g.rule, g.federation_id) for g in gaps(tree.city, AS_OF)]
    # then
    assert sorted(found) == sorted([(RULE_CULTIVATED, tree.s1.pk), (RULE_CULTIVATED, tree.s1v1.pk)])


def test_a_social_organization_founded_later_does_not_count_yet(tree):
    _regionalise(tree.s1c1)
    SocialOrganization.objects.create(
        cultivated_by=tree.s1c1, name="初舍", field="GUQIN", founded_on=datetime.date(2025, 1, 1)
    )
    assert [g.federation_id for g in gaps(tree.s1, AS_OF)] == [tree.s1c1.pk]


def _demo_home(federation, code):
    home = Venue.objects.create(federation=federation, name=f"{federation.name}之家", code=code, kind="WOMENS_HOME")
    cluster = VenueCluster.objects.create(name=f"片区{code}", code=f"C-{code}", district=federation.parent.parent)
    ClusterMembership.objects.create(cluster=cluster, venue=home, is_demonstration=True)
    return home


def test_demonstration_homes_that_brought_in_none_are_gaps(tree):
    # given
    with_one = _demo_home(tree.s1c1, "H1")
    without = _demo_home(tree.s2c1, "H2")
    social = SocialOrganization.objects.create(cultivated_by=tree.s1, name="花蒂艺坊", field="FLOWERS")
    social.introduced_by.add(with_one)
    # when
    found = [g for g in gaps(tree.city, AS_OF) if g.rule == RULE_INTRODUCED]
    # then
    assert [(g.federation_id, g.extra["venue"]) for g in found] == [(tree.s2c1.pk, without.pk)]
    assert "尚未引进社会组织" in found[0].missing


def test_the_provider_is_registered_and_its_query_count_is_fixed(tree):
    def count():
        root = Federation.objects.get(pk=tree.city.pk)
        with CaptureQueriesContext(connection) as ctx:
            result = collect(root, AS_OF, pillars=["activities"])
        return len(ctx.captured_queries), len(result)

    _regionalise(tree.s1, tree.s2)
    small = count()
    for index in range(20):
        community = Federation.objects.create(
            name=f"新社区{index}", code=f"GAP{index}", level=Level.COMMUNITY, parent=tree.s3
        )
        _regionalise(community)
    large = count()
    assert large[0] == small[0]
    assert (small[1], large[1]) == (2, 22)
