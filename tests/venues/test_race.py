"""Two simultaneous writes of a cluster's demonstration home on PostgreSQL: the database keeps exactly one."""

import threading

import pytest
from django.db import IntegrityError, connection, connections

from venues.models import ClusterMembership, VenueCluster

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the race needs a database with real concurrency"),
]


def _run(workers):
    threads = [threading.Thread(target=work) for work in workers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)


@pytest.fixture
def open_cluster(tree, homes):
    """A cluster without its demonstration home yet: 翠柳村 and 中南社区."""
    cluster = VenueCluster.objects.create(name="待定片区", code="PQ-RACE", district=tree.d1)
    ClusterMembership.objects.create(cluster=cluster, venue=homes.cuiliu)
    ClusterMembership.objects.create(cluster=cluster, venue=homes.zhongnan)
    return cluster


def test_two_validated_writes_leave_one_demonstration_home(open_cluster, homes):
    # given: both writers pass the model's rules before either has saved
    barrier = threading.Barrier(2)
    outcomes = []

    def writer(venue):
        def work():
            try:
                membership = ClusterMembership.objects.get(venue=venue)
                membership.is_demonstration = True
                membership.full_clean()
                barrier.wait(timeout=30)
                membership.save()
                outcomes.append("saved")
            except IntegrityError:
                outcomes.append("refused")
            finally:
                connections.close_all()

        return work

    # when
    _run([writer(homes.cuiliu), writer(homes.zhongnan)])
    # then
    assert sorted(outcomes) == ["refused", "saved"]
    assert ClusterMembership.objects.filter(cluster=open_cluster, is_demonstration=True).count() == 1


def test_two_simultaneous_api_requests_leave_one_demonstration_home(open_cluster, homes, users, api_client):
    # given
    barrier = threading.Barrier(2)
    responses = []
    memberships = list(ClusterMembership.objects.filter(cluster=open_cluster).order_by("id"))

    def writer(membership):
        def work():
            try:
                client = api_client(users.district)
                barrier.wait(timeout=30)
                responses.append(
                    client.patch(
                        f"/api/v1/venues/memberships/{membership.pk}/", {"is_demonstration": True}, format="json"
                    )
                )
            finally:
                connections.close_all()

        return work

    # when
    _run([writer(m) for m in memberships])
    # then: one wins, the other gets a clear Chinese 400, and the database holds one
    codes = sorted(r.status_code for r in responses)
    assert codes == [200, 400], [r.content for r in responses]
    loser = next(r for r in responses if r.status_code == 400)
    assert "该片区已有市级示范妇女之家" in str(loser.json())
    assert ClusterMembership.objects.filter(cluster=open_cluster, is_demonstration=True).count() == 1
