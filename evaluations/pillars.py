"""Each pillar's headline figures for a federation and each of its children (the dashboard's 各支柱主要数据 and
its drill-down page): the 会改联 totals (妇女代表 / 主席 / 副主席 / 执委), the appointed part-time vice chairs
and the teams they lead, member units, women's organisations, joint-building clusters and venues.

One query per source model, whatever the number of children: each source is grouped by the ``lft`` of the
federation it belongs to, and the groups are placed into the child whose MPTT range holds them."""

import bisect
from dataclasses import dataclass

from django.apps import apps
from django.db.models import Count, F, Q, Sum
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cadres.choices import Appointment, ElectionKind, Position
from cadres.models import Election, Post
from cadres.services import sitting_q
from core import freshness
from core.scope import subtree_q
from organizations.choices import WomenOrganizationStatus
from organizations.models import JointBuildingCluster, MemberUnit, WomenOrganization
from venues.models import Venue

from . import sources


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str = ""


PILLARS = [
    (
        "organizations",
        [
            Figure("member_units", _("区域化成员单位"), _("个")),
            Figure("women_organizations", _("妇女组织"), _("个")),
            Figure("women_members", _("妇女组织成员"), _("人")),
            Figure("joint_clusters", _("联建片区"), _("个")),
        ],
    ),
    (
        "cadres",
        [
            Figure("elections", _("会改联选举"), _("场")),
            Figure("representatives", _("当选妇女代表"), _("人")),
            Figure("chairs", _("当选主席"), _("人")),
            Figure("vice_chairs", _("当选副主席"), _("人")),
            Figure("exec_members", _("当选执委"), _("人")),
            Figure("appointed_vice_chairs", _("在任聘任兼职副主席"), _("人")),
            Figure("teams", _("所带团队"), _("支")),
            Figure("team_women", _("团队女性"), _("人")),
        ],
    ),
    (
        "venues",
        [
            Figure("venues", _("阵地"), _("个")),
            Figure("homes", _("妇女之家"), _("个")),
        ],
    ),
]
KEYS = [figure.key for _pillar, figures in PILLARS for figure in figures]


def _sources(as_of):
    """(queryset, path to its federation, {figure key: aggregate}) for each source model."""
    return [
        (
            MemberUnit.objects.filter(Q(left_on__isnull=True) | Q(left_on__gt=as_of), joined_on__lte=as_of),
            "federation",
            {"member_units": Count("id")},
        ),
        (
            WomenOrganization.objects.filter(status=WomenOrganizationStatus.ACTIVE, founded_on__lte=as_of),
            "federation",
            {"women_organizations": Count("id"), "women_members": Sum("member_count")},
        ),
        (JointBuildingCluster.objects.all(), "core", {"joint_clusters": Count("id")}),
        (
            Election.objects.filter(kind=ElectionKind.CONVERSION, held_on__lte=as_of),
            "federation",
            {
                "elections": Count("id"),
                "representatives": Sum("representatives"),
                "chairs": Sum("chairs"),
                "vice_chairs": Sum("vice_chairs"),
                "exec_members": Sum("exec_members"),
            },
        ),
        (
            Post.objects.filter(
                sitting_q(as_of), position=Position.VICE_CHAIR_PARTTIME, appointment=Appointment.APPOINTED
            ),
            "federation",
            {
                "appointed_vice_chairs": Count("id"),
                "teams": Count("id", filter=~Q(team_name="")),
                "team_women": Sum("team_women_count"),
            },
        ),
        (
            Venue.objects.filter(archived_at__isnull=True).filter(Q(opened_on__isnull=True) | Q(opened_on__lte=as_of)),
            "federation",
            {"venues": Count("id"), "homes": Count("id", filter=Q(kind=sources.WOMENS_HOME))},
        ),
    ]


def build(root, as_of):
    """``{"total": {key: n}, "children": [{"id", "name", "level_label", key: n …}], "pillars": [...]}`` for
    ``root`` and its (not archived) children in natural name order: 7 queries, kept until the next write
    (core/freshness.py: all states)."""
    key = (root.pk, as_of, translation.get_language())
    return freshness.cached("pillars", key, lambda: _build(root, as_of))


def _build(root, as_of):
    children = list(
        sources.federation()
        .objects.filter(parent_id=root.pk, archived_at__isnull=True)
        .only("id", "name", "sort_key", "level", "lft", "rght")
        .order_by("lft")
    )
    starts = [child.lft for child in children]
    total = dict.fromkeys(KEYS, 0)
    per_child = {child.pk: dict.fromkeys(KEYS, 0) for child in children}
    for queryset, path, aggregates in _sources(as_of):
        # x_: the figures' names clash with the models' own fields (Election.representatives …)
        named = {f"x_{key}": aggregate for key, aggregate in aggregates.items()}
        rows = queryset.filter(subtree_q(path, root)).order_by().values(owner_lft=F(f"{path}__lft")).annotate(**named)
        for row in rows:
            i = bisect.bisect_right(starts, row["owner_lft"]) - 1
            child = children[i] if i >= 0 and row["owner_lft"] <= children[i].rght else None
            for key in aggregates:
                value = row[f"x_{key}"] or 0
                total[key] += value
                if child is not None:
                    per_child[child.pk][key] += value
    ordered = sorted(children, key=lambda child: (child.sort_key, child.pk))
    return {
        "total": total,
        "children": [
            {
                "id": child.pk,
                "name": child.name,
                "level_label": child.get_level_display(),
                **per_child[child.pk],
                "values": [per_child[child.pk][key] for key in KEYS],
            }
            for child in ordered
        ],
        "pillars": [
            {
                "pillar": pillar,
                "label": _pillar_label(pillar),
                "figures": [{"key": f.key, "label": f.label, "unit": f.unit, "value": total[f.key]} for f in figures],
            }
            for pillar, figures in PILLARS
        ],
        "total_values": [total[key] for key in KEYS],
    }


def _pillar_label(pillar):
    return apps.get_app_config(pillar).verbose_name
