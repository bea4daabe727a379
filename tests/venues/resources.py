"""The venues API resources, for the generated permission tests (tests/permissions)."""

import io
import itertools
from datetime import date

from django.core.files.base import ContentFile
from PIL import Image

from organizations.choices import DISTRICT_LEVELS
from tests.permissions.registry import AdminModel, FileCase, ImportCase, Resource
from venues.models import (
    ClusterMembership,
    CommunityCentre,
    ConsultationRequest,
    OnlineService,
    Upgrade,
    UpgradePhoto,
    Venue,
    VenueCluster,
)
from venues.resources import ClusterMembershipResource, VenueClusterResource, VenueResource

_numbers = itertools.count()


def _venue(federation, **kwargs):
    n = next(_numbers)
    return Venue.objects.create(
        federation=federation, name=f"妇女之家{n}", code=f"R{n:05d}", kind="WOMENS_HOME", **kwargs
    )


def _district_of(federation):
    return federation.get_ancestors(include_self=True).filter(level__in=DISTRICT_LEVELS).get()


def _cluster(district):
    n = next(_numbers)
    return VenueCluster.objects.create(name=f"片区{n}", code=f"RP{n:05d}", district=district)


def _centre(federation):
    """A community's centre point (one per community: a second call moves it)."""
    centre, _created = CommunityCentre.objects.update_or_create(
        federation=federation, defaults={"longitude": "114.3500", "latitude": "30.5600"}
    )
    return centre


def _membership(federation, is_demonstration=False):
    venue = _venue(federation)
    return ClusterMembership.objects.create(
        cluster=_cluster(_district_of(federation)), venue=venue, is_demonstration=is_demonstration
    )


def _upgrade(federation):
    venue = _membership(federation, is_demonstration=True).venue
    return Upgrade.objects.create(
        venue=venue, upgraded_on=date(2017, 9, 1), items="更换标牌", stars_before=2, stars_after=4
    )


def _photo(federation):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, format="PNG")
    photo = UpgradePhoto(upgrade=_upgrade(federation), caption="升级后")
    photo.image.save("after.png", ContentFile(buffer.getvalue()), save=False)
    photo.save()
    return photo


def _membership_payload(tree):
    # an existing community: adding one to the tree would leave the fixture users' scope numbers stale
    return {"cluster": _cluster(tree.d1).pk, "venue": _venue(tree.s2c1).pk}


def _upgrade_payload(tree):
    venue = _membership(tree.s2c1, is_demonstration=True).venue
    return {"venue": venue.pk, "upgraded_on": "2017-10-01", "items": "添置图书角", "stars_before": 3, "stars_after": 4}


RESOURCES = [
    Resource(
        url="/api/v1/venues/venues/",
        make=_venue,
        update={"name": "新名称"},
        create=lambda tree: {"name": "新妇女之家", "code": "RNEW", "kind": "WOMENS_HOME", "federation": tree.s1c1.pk},
    ),
    Resource(
        url="/api/v1/venues/clusters/",
        make=_cluster,
        owner="district",
        update={"name": "新片区名"},
        create=lambda tree: {"name": "新建片区", "code": "RPNEW", "district": tree.d1.pk},
    ),
    Resource(
        url="/api/v1/venues/memberships/",
        make=_membership,
        update={"designated_on": "2017-06-01"},
        create=_membership_payload,
    ),
    Resource(
        url="/api/v1/venues/upgrades/",
        make=_upgrade,
        update={"notes": "验收合格"},
        create=_upgrade_payload,
    ),
    Resource(url="/api/v1/venues/upgrade-photos/", make=_photo, update={"caption": "升级前"}),
    Resource(
        url="/api/v1/venues/online-services/",
        make=lambda fed: OnlineService.objects.create(
            section="PARENTS_SCHOOL",
            name=f"家长课堂{next(_numbers)}",
            federation=fed,
            wechat_path="武汉女性 › 家长学校",
        ),
        update={"description": "每周更新"},
        create=lambda tree: {
            "section": "PARENTS_SCHOOL",
            "name": "社区微课",
            "federation": tree.s1c1.pk,
            "url": "https://example.org/",
        },
    ),
    Resource(
        url="/api/v1/venues/consultations/",
        make=lambda fed: ConsultationRequest.objects.create(
            federation=fed, category="EMPLOYMENT", received_on=date(2017, 6, 1), summary="求职咨询"
        ),
        update={"answer": "已答复"},
        create=lambda tree: {
            "federation": tree.s1c1.pk,
            "category": "OTHER",
            "received_on": "2017-06-02",
            "summary": "咨询",
        },
    ),
    Resource(
        url="/api/v1/venues/community-centres/",
        make=_centre,
        update={"longitude": "114.351000", "latitude": "30.561000"},
        # a community with no centre yet (one per community); 114.33, 30.55 lies in its district, 武昌
        create=lambda tree: {"federation": tree.s2c1.pk, "longitude": "114.330000", "latitude": "30.550000"},
    ),
]


def _secret_venue(federation):
    venue = _venue(federation)
    venue.address = f"宝丰路秘密{next(_numbers)}号"
    venue.save()
    return venue


def _secret_cluster(district):
    cluster = _cluster(district)
    cluster.description = f"片区说明秘密{next(_numbers)}"
    cluster.save()
    return cluster


def _own_cluster_code(tree):
    return VenueCluster.objects.get_or_create(code="RPOWN", defaults={"name": "武昌导入片区", "district": tree.d1})[
        0
    ].code


def _consultation_service(federation):
    return OnlineService.objects.create(
        section="RIGHTS_CONSULTATION",
        name=f"维权咨询{next(_numbers)}",
        federation=federation,
        wechat_path="武汉女性 › 维权",
    )


ADMINS = [
    AdminModel(Venue, make=_venue),
    AdminModel(VenueCluster, make=_cluster, owner="district"),
    AdminModel(ClusterMembership, make=_membership),
    AdminModel(Upgrade, make=_upgrade),
    # consultations link only to the rights-consultation section (limit_choices_to): autocomplete lists those
    AdminModel(OnlineService, make=_consultation_service),
    AdminModel(ConsultationRequest, make=RESOURCES[6].make),
    AdminModel(CommunityCentre, make=_centre),
]

IMPORTS = [
    ImportCase(
        Venue,
        resource=VenueResource,
        make=_secret_venue,
        row=lambda venue, tree: {
            "编码": venue.code,
            "名称": "导入改名之家",
            "类型": venue.kind,
            "运营妇联编码": tree.s1c1.code,
            "使用方式": venue.sharing_mode,
        },
        secrets=lambda venue: [venue.name, venue.address],
        ident=lambda venue: venue.code,
    ),
    ImportCase(
        VenueCluster,
        resource=VenueClusterResource,
        make=_secret_cluster,
        owner="district",
        row=lambda cluster, tree: {"编码": cluster.code, "片区名称": "导入改名片区", "所在区编码": tree.d1.code},
        secrets=lambda cluster: [cluster.name, cluster.description],
        ident=lambda cluster: cluster.code,
    ),
    ImportCase(
        ClusterMembership,
        resource=ClusterMembershipResource,
        make=_membership,
        row=lambda membership, tree: {
            "片区编码": _own_cluster_code(tree),
            "妇女之家编码": membership.venue.code,
            "市级示范妇女之家": "否",
        },
        secrets=lambda membership: [membership.venue.name, membership.cluster.code],
        ident=lambda membership: membership.venue.code,
    ),
]

FILES = [FileCase(UpgradePhoto, "image", make=_photo)]
