"""The pillar-1 API resources, declared for the generated permission tests (tests/permissions)."""

from datetime import date

from organizations.choices import JointBuildMode, MemberUnitType, WomenOrganizationType
from organizations.models import JointBuildingCluster, MemberUnit, WomenOrganization
from organizations.resources import MemberUnitResource, WomenOrganizationResource
from tests.permissions.registry import AdminModel, ImportCase, Resource

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


def _secret_unit(street):
    unit = _unit(street)
    n = next(_counter)
    unit.address, unit.contact_person = f"宝丰路秘密{n}号", f"联系人秘密{n}"
    unit.save()
    return unit


ADMINS = [
    AdminModel(MemberUnit, make=_unit, owner="street"),
    AdminModel(WomenOrganization, make=_org),
    AdminModel(JointBuildingCluster, make=_cluster, owner="street"),
]

IMPORTS = [
    ImportCase(
        MemberUnit,
        resource=MemberUnitResource,
        make=_secret_unit,
        owner="street",
        row=lambda unit, tree: {
            "编号": unit.pk,
            "单位名称": "导入改名单位",
            "单位类型": unit.unit_type,
            "所加入妇联编码": tree.s1.code,
            "加入日期": "2018-01-01",  # a move needs a later date than the last joining
        },
        secrets=lambda unit: [unit.name, unit.address, unit.contact_person],
        ident=lambda unit: unit.name,
    ),
    ImportCase(
        WomenOrganization,
        resource=WomenOrganizationResource,
        make=_org,
        row=lambda org, tree: {
            "编号": org.pk,
            "组织名称": "导入改名舞蹈队",
            "组织类型": org.org_type,
            "成立日期": "2017-05-01",
            "所属妇联编码": tree.s1c1.code,
        },
        secrets=lambda org: [org.name],
        ident=lambda org: org.name,
    ),
]
