"""This pillar's own gaps: streets and townships with no satisfaction survey in the past year."""

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from core.gaps import Gap
from core.scope import subtree_q
from organizations.choices import STREET_LEVELS

from . import sources
from .models import Survey

RULE = "street_has_recent_survey"


def provider(root, as_of):
    """One query: every street/township in ``root``'s subtree without a survey open in the 12 months
    before ``as_of``."""
    since = as_of - datetime.timedelta(days=365)
    recent = Survey.objects.filter(
        federation__tree_id=OuterRef("tree_id"),
        federation__lft__gte=OuterRef("lft"),
        federation__rght__lte=OuterRef("rght"),
        closes_on__gte=since,
        opens_on__lte=as_of,
    )
    streets = (
        sources.federation()
        .objects.filter(subtree_q("", root), level__in=STREET_LEVELS, archived_at__isnull=True)
        .filter(~Exists(recent))
        .values("id", "name")
    )
    add_url = reverse("admin:evaluations_survey_add")
    return [
        Gap(
            rule=RULE,
            rule_label=_("每个街道（乡镇）妇联每年至少开展一次妇女群众满意度测评"),
            federation_id=row["id"],
            federation_name=row["name"],
            missing=_("近一年没有满意度测评"),
            pillar="evaluations",
            fix_url=f"{add_url}?federation={row['id']}",
        )
        for row in streets
    ]
