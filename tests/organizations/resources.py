"""The pillar-1 API resources, declared for the generated permission tests (tests/permissions)."""

from datetime import date

from organizations.choices import JointBuildMode, MemberUnitType, WomenOrganizationType
from organizations.models import JointBuildingCluster, MemberUnit, WomenOrganization
from tests.permissions.registry import Resource

_counter = iter(range(10**6))


def _unit(street):
    return MemberUnit.objects.create(
        unit_type=MemberUnitType.ENTERPRISE, name=f"权限测试单位{next(_counter)}", federation=street,
        joined_on=date(2017, 5, 1),
    )  # fmt: skip


def _org(community):
    return WomenOrganization.objects.create(
        org_type=WomenOrganizationType.CULTURE_SPORTS_TEAM, name=f"权限测试舞蹈队{next(_counter)}",
        founded_on=date(2017, 5, 1), federation=community,
    )  # fmt: skip


def _cluster(street):
    cluster = JointBuildingCluster.objects.create(
        name=f"权限测试片区{next(_counter)}", mode=JointBuildMode.TERRITORIAL, core=street
    )
    cluster.members.add(*street.children.all())
    return cluster


RESOURCES = [
    Resource(
        url="/api/v1/organizations/member-units/",
        make=_unit,
        owner="street",
        update={"women_count": 42},
        create=lambda tree: {
            "unit_type": MemberUnitType.PUBLIC_INSTITUTION,
            "name": "水果湖小学",
            "federation": tree.s1.pk,
            "joined_on": "2017-05-02",
        },  # fmt: skip
    ),
    Resource(
        url="/api/v1/organizations/women-organizations/",
        make=_org,
        update={"member_count": 21},
        create=lambda tree: {
            "org_type": WomenOrganizationType.WOMEN_GROUP,
            "name": "东亭一组",
            "federation": tree.s1c1.pk,
            "founded_on": "2017-06-01",
        },  # fmt: skip
    ),
    Resource(
        url="/api/v1/organizations/clusters/",
        make=_cluster,
        owner="street",
        update={"description": "纵向纳入全部社区"},
        create=lambda tree: {
            "name": "东亭片区",
            "mode": JointBuildMode.CLUSTER,
            "core": tree.s1c1.pk,
            "members": [tree.s1v1.pk],
        },  # fmt: skip
    ),
]
