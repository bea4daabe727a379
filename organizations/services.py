"""Pillar 1 queries used by the API, the evaluations app and the gap list: regionalisation coverage "as of"
a date, new women's organisations, member units as of a date, and the gap provider. Every function answers
in a fixed number of queries whatever the subtree's size (range tests on the MPTT fields)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from core.gaps import Gap
from core.scope import subtree_q

from .choices import COMMUNITY_LEVELS, STREET_LEVELS
from .models import Federation, MemberUnitMembership, WomenOrganization

if TYPE_CHECKING:
    from core.scope import AnyUser

REGIONAL_LEVELS = STREET_LEVELS + COMMUNITY_LEVELS
GROUPS = {"streets": STREET_LEVELS, "communities_villages": COMMUNITY_LEVELS}


def reform_start() -> date:
    """The day the reform year began (the seed's "今年以来")."""
    return date(settings.REFORM_YEAR, 1, 1)


def existing_on(as_of: date, prefix: str = "") -> Q:
    """Federations that still existed on ``as_of`` (not archived before it)."""
    return Q(**{f"{prefix}archived_at__isnull": True}) | Q(**{f"{prefix}archived_at__date__gt": as_of})


def _ratio(done: int, total: int) -> dict[str, Any]:
    return {"total": total, "regionalized": done, "share": round(done / total, 4) if total else None}


def coverage(root: Federation, as_of: date) -> dict[str, Any]:
    """Regionalisation coverage of ``root``'s subtree on ``as_of`` (one query)::

    {"streets": {"total", "regionalized", "share"}, "communities_villages": {...},
     "levels": {"STREET": {...}, "TOWNSHIP": {...}, "COMMUNITY": {...}, "VILLAGE": {...}}}
    """
    done = Q(regionalized_on__lte=as_of)
    aggregates = {}
    for level in REGIONAL_LEVELS:
        aggregates[f"{level}_total"] = Count("id", filter=Q(level=level))
        aggregates[f"{level}_done"] = Count("id", filter=Q(level=level) & done)
    row = (
        Federation.objects.filter(subtree_q("", root), level__in=REGIONAL_LEVELS)
        .filter(existing_on(as_of))
        .aggregate(**aggregates)
    )
    levels = {level: _ratio(row[f"{level}_done"], row[f"{level}_total"]) for level in REGIONAL_LEVELS}
    result: dict[str, Any] = {}
    for group, group_levels in GROUPS.items():
        total = sum(levels[lvl]["total"] for lvl in group_levels)
        result[group] = _ratio(sum(levels[lvl]["regionalized"] for lvl in group_levels), total)
    result["levels"] = {str(level): value for level, value in levels.items()}
    return result


def _subtree_count(levels: Sequence[Any], as_of: date, done: bool = False) -> Coalesce:
    inner = Federation.objects.filter(
        tree_id=OuterRef("tree_id"), lft__gte=OuterRef("lft"), rght__lte=OuterRef("rght"), level__in=levels
    ).filter(existing_on(as_of))
    if done:
        inner = inner.filter(regionalized_on__lte=as_of)
    counted = inner.order_by().values("tree_id").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def coverage_by_child(root: Federation, as_of: date) -> list[dict[str, Any]]:
    """The same figures for each direct child of ``root`` (districts of the city, streets of a district...),
    in one query."""
    children = (
        Federation.objects.filter(parent=root)
        .filter(existing_on(as_of))
        .annotate(
            streets_total=_subtree_count(STREET_LEVELS, as_of),
            streets_done=_subtree_count(STREET_LEVELS, as_of, done=True),
            cv_total=_subtree_count(COMMUNITY_LEVELS, as_of),
            cv_done=_subtree_count(COMMUNITY_LEVELS, as_of, done=True),
        )
        .order_by("lft")
    )
    return [
        {
            "id": child.pk,
            "name": child.name,
            "code": child.code,
            "level": child.level,
            "streets": _ratio(child.streets_done, child.streets_total),
            "communities_villages": _ratio(child.cv_done, child.cv_total),
        }
        for child in children
    ]


def new_women_organizations(root: Federation, since: date | None = None, until: date | None = None) -> int:
    """Women's organisations founded in ``[since, until]`` in ``root``'s subtree (the seed's 5,800+ since
    the reform began). One query."""
    qs = WomenOrganization.objects.filter(subtree_q("federation", root), founded_on__gte=since or reform_start())
    if until is not None:
        qs = qs.filter(founded_on__lte=until)
    return qs.count()


def memberships_on(as_of: date) -> QuerySet[MemberUnitMembership]:
    """Member-unit periods running on ``as_of``."""
    return MemberUnitMembership.objects.filter(joined_on__lte=as_of).filter(
        Q(left_on__isnull=True) | Q(left_on__gt=as_of)
    )


def member_unit_count(federation: Federation, as_of: date | None = None) -> int:
    """Member units of one regional federation on ``as_of`` (default: today's members)."""
    if as_of is None:
        return federation.member_units.filter(left_on__isnull=True).count()
    return memberships_on(as_of).filter(federation=federation).count()


def _fix_url(federation_id: int) -> str:
    return reverse("admin:organizations_federation_change", args=[federation_id])


def gaps(root: Federation, as_of: date) -> list[Gap]:
    """Gap provider for pillar 1 (two queries): streets/townships and communities/villages not yet
    regionalised on ``as_of``; regionalised streets/townships with no member unit on that day."""
    found: list[Gap] = []
    pending = (
        Federation.objects.filter(subtree_q("", root), level__in=REGIONAL_LEVELS)
        .filter(existing_on(as_of))
        .filter(Q(regionalized_on__isnull=True) | Q(regionalized_on__gt=as_of))
        .order_by("tree_id", "lft")
        .values_list("id", "name", "level", "regionalized_on")
    )
    for pk, name, level, done_on in pending:
        missing = _("截至%(date)s尚未完成区域化建设") % {"date": as_of.isoformat()}
        if done_on:
            missing += _("（%(date)s完成）") % {"date": done_on.isoformat()}
        found.append(
            Gap(
                rule="federation_regionalized",
                rule_label=_("街道（乡镇）、社区（村）妇联须完成区域化建设"),
                federation_id=pk,
                federation_name=name,
                missing=missing,
                pillar="organizations",
                fix_url=_fix_url(pk),
                extra={"level": level},
            )
        )
    lonely = (
        Federation.objects.filter(subtree_q("", root), level__in=STREET_LEVELS, regionalized_on__lte=as_of)
        .filter(existing_on(as_of))
        .filter(~Exists(memberships_on(as_of).filter(federation_id=OuterRef("pk"))))
        .order_by("tree_id", "lft")
        .values_list("id", "name", "level")
    )
    for pk, name, level in lonely:
        found.append(
            Gap(
                rule="regional_street_has_member_units",
                rule_label=_("区域化街道（乡镇）妇联须吸纳辖区党政机关、企事业单位等成员单位"),
                federation_id=pk,
                federation_name=name,
                missing=_("没有区域化成员单位"),
                pillar="organizations",
                fix_url=reverse("admin:organizations_memberunit_add") + f"?federation={pk}",
                extra={"level": level},
            )
        )
    return found


def visible_roots(user: AnyUser) -> list[Federation]:
    """The federations a user's tree starts from: her view root, or every city for a superuser."""
    root = getattr(user, "view_root", None)
    if user.is_superuser:
        return list(Federation.objects.filter(parent__isnull=True).order_by("tree_id"))
    return [root] if root is not None else []
