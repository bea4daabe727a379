"""Moving the women's organisation's leader from organizations (a link up to cadres) to cadres (a link down):
the data goes over and comes back (cadres 0007 copies, organizations 0006 removes the old field)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("cadres", "0006_importjob_private_file"), ("organizations", "0005_federation_name_trigram")]
AFTER = [
    ("cadres", "0007_women_organization_leader"),
    ("organizations", "0006_women_organization_leader_moved_to_cadres"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def _latest():
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_leaders_move_to_cadres_and_back():
    try:
        old = _migrate(BEFORE)
        federation = old.get_model("organizations", "Federation").objects.create(
            name="迁移测试妇联", code="MIG1", level="COMMUNITY", lft=1, rght=2, tree_id=990, mptt_level=0
        )
        person = old.get_model("cadres", "Person").objects.create(federation=federation, name="李负责")
        organizations = old.get_model("organizations", "WomenOrganization").objects
        common = {"federation": federation, "org_type": "ENTERPRISE_FEDERATION", "founded_on": "2020-01-01"}
        led = organizations.create(name="巾帼志愿队", leader=person, **common)
        unled = organizations.create(name="广场舞队", **common)

        new = _migrate(AFTER)
        links = new.get_model("cadres", "WomenOrganizationLeader").objects.values_list("organization_id", "person_id")
        assert list(links) == [(led.pk, person.pk)]

        back = _migrate(BEFORE)
        organizations = back.get_model("organizations", "WomenOrganization").objects
        assert organizations.get(pk=led.pk).leader_id == person.pk
        assert organizations.get(pk=unled.pk).leader_id is None
    finally:
        _latest()
