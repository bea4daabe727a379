"""Gaps of pillar 4: regional federations that cultivated no social organisation, demonstration homes
that brought in none. Two queries whatever the subtree's size."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from core.gaps import Gap
from core.scope import subtree_q
from organizations.choices import COMMUNITY_LEVELS, STREET_LEVELS
from organizations.models import Federation
from venues.models import Venue

from .models import SocialOrganization

PILLAR = "activities"
RULE_CULTIVATED = "federation_cultivates_social_org"
RULE_INTRODUCED = "demo_home_introduces_social_org"


def rule_labels():
    return {
        RULE_CULTIVATED: _("每个区域化妇联至少培育一家社会组织"),
        RULE_INTRODUCED: _("每个市级示范妇女之家至少引进一个社会组织"),
    }


def _add_url(**params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return f"{reverse('admin:activities_socialorganization_add')}?{query}"


def gaps(root, as_of):
    labels = rule_labels()
    found = []
    cultivated = SocialOrganization.objects.filter(cultivated_by=OuterRef("pk")).exclude(founded_on__gt=as_of)
    regional = Federation.objects.filter(
        subtree_q("", root),
        level__in=(*STREET_LEVELS, *COMMUNITY_LEVELS),
        archived_at__isnull=True,
        regionalized_on__isnull=False,
        regionalized_on__lte=as_of,
    )
    for federation in regional.filter(~Exists(cultivated)).order_by("tree_id", "lft").values("id", "name"):
        found.append(
            Gap(
                rule=RULE_CULTIVATED,
                rule_label=labels[RULE_CULTIVATED],
                federation_id=federation["id"],
                federation_name=federation["name"],
                missing=_("尚未培育社会组织"),
                pillar=PILLAR,
                fix_url=_add_url(cultivated_by=federation["id"]),
            )
        )
    found.extend(_demo_homes_without_social_org(root, as_of, labels))
    return found


def _demo_homes_without_social_org(root, as_of, labels):
    introduced = SocialOrganization.introduced_by.through.objects.filter(venue_id=OuterRef("pk"))
    homes = (
        Venue.objects.filter(subtree_q("federation", root), cluster_memberships__is_demonstration=True)
        .filter(~Exists(introduced))
        .order_by("federation__tree_id", "federation__lft", "sort_key", "name")
        .values("id", "name", "federation_id", "federation__name")
    )
    return [
        Gap(
            rule=RULE_INTRODUCED,
            rule_label=labels[RULE_INTRODUCED],
            federation_id=home["federation_id"],
            federation_name=home["federation__name"],
            missing=_("示范妇女之家“%(name)s”尚未引进社会组织") % {"name": home["name"]},
            pillar=PILLAR,
            fix_url=reverse("admin:activities_socialorganization_changelist"),
            extra={"venue": home["id"], "venue_name": home["name"]},
        )
        for home in homes
    ]
