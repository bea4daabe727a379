"""The dashboard's figures for one federation: its five indicators, a row per child (coverage, homes,
clusters, activities, satisfaction, gaps) and the monthly series, all in a fixed number of queries.
The page, its JSON endpoint and the Excel export all read this one function, so they always agree."""

import bisect
from collections import Counter
from dataclasses import dataclass

from django.db.models import F, Q
from django.utils import translation

from cadres import training
from core import freshness
from core import gaps as gap_registry
from organizations.choices import COMMUNITY_LEVELS, STREET_LEVELS, Level

from . import services, sources
from .choices import Indicator
from .indicators import SPECS, counted_components
from .subqueries import Count, CountDistinct, scalar


def row_annotations(period, settings):
    """The states of each row's subtree, as subqueries of the one query that reads the rows. (The period's
    flows come from the kept subtree totals instead, see ``place_flows``.)"""
    federation = sources.federation()
    as_of = period.as_of
    alive = federation.objects.filter(services._alive("", as_of))
    done = Q(regionalized_on__lte=as_of)
    annotations = {
        "streets": scalar(alive.filter(level__in=STREET_LEVELS), "", Count(F("id"))),
        "streets_done": scalar(alive.filter(done, level__in=STREET_LEVELS), "", Count(F("id"))),
        "communities": scalar(alive.filter(level__in=COMMUNITY_LEVELS), "", Count(F("id"))),
        "communities_done": scalar(alive.filter(done, level__in=COMMUNITY_LEVELS), "", Count(F("id"))),
    }
    venue, membership = sources.venue(), sources.cluster_membership()
    if venue is not None:
        homes = venue.objects.filter(kind=sources.WOMENS_HOME).filter(
            Q(opened_on__isnull=True) | Q(opened_on__lte=as_of)
        )
        annotations["homes"] = scalar(homes, "federation", Count(F("id")))
    if membership is not None:
        members = membership.objects.all()
        annotations["clusters"] = scalar(members, "venue__federation", CountDistinct(F("cluster_id")))
        annotations["demo_homes"] = scalar(members.filter(is_demonstration=True), "venue__federation", Count(F("id")))
    # Prefixed: Federation already has relations named "activities", "venues" ...
    return {f"x_{name}": value for name, value in annotations.items()}


ROW_FIELDS = [
    "streets",
    "streets_done",
    "communities",
    "communities_done",
    "homes",
    "clusters",
    "demo_homes",
    "activities",
    "activity_women",
]


def place_flows(nodes, root, flows, settings):
    """Each row's flows over the period from the kept subtree totals (``services.subtree_flows``: the root's
    and each child's own subtree rows). {row id: {"activities", "activity_women", "sat_good", "sat_all"}},
    satisfaction counting the components the settings count."""
    counted = counted_components(SPECS[Indicator.SATISFACTION], settings[Indicator.SATISFACTION].params)
    placed = {node.pk: Counter() for node in nodes}
    for row in flows:
        if row["federation_id"] not in placed:
            continue
        placed[row["federation_id"]].update(
            Counter(
                activities=row["activities"] or 0,
                activity_women=row["activity_women"] or 0,
                sat_good=("survey" in counted) * ((row["sat_satisfied"] or 0) + (row["sat_basic"] or 0))
                + ("duty_ratings" in counted) * ((row["rating_satisfied"] or 0) + (row["rating_basic"] or 0)),
                sat_all=("survey" in counted) * (row["sat_respondents"] or 0)
                + ("duty_ratings" in counted) * (row["ratings"] or 0),
            )
        )
    return placed


def _row(federation, period, flows):
    good, total = flows["sat_good"], flows["sat_all"]
    row = {
        "id": federation.pk,
        "name": federation.name,
        "level": federation.level,
        "level_label": federation.get_level_display(),
    }
    row.update(federation.states)
    row["activities"], row["activity_women"] = flows["activities"], flows["activity_women"]
    row["streets_share"] = services.ratio(row["streets_done"], row["streets"])
    row["communities_share"] = services.ratio(row["communities_done"], row["communities"])
    row["satisfaction"] = services.ratio(good, total)
    row["satisfaction_numerator"], row["satisfaction_denominator"] = good, total
    row["activities_per_month"] = round(row["activities"] / period.month_count, 1)
    return row


def monthly_series(root, period, settings, flows):
    """The root's subtree month by month, from its kept subtree rows among ``flows``."""
    counted = counted_components(SPECS[Indicator.SATISFACTION], settings[Indicator.SATISFACTION].params)
    rows = {}
    for item in flows:
        if item["federation_id"] == root.pk:
            rows[item["month"]] = {
                "activities": item["activities"],
                "activity_women": item["activity_women"],
                "sat_good": item["sat_satisfied"] + item["sat_basic"],
                "sat_all": item["sat_respondents"],
                "rating_good": item["rating_satisfied"] + item["rating_basic"],
                "rating_all": item["ratings"],
                "responses": item["responses"],
            }
    series = []
    for month in period.months():
        row = rows.get(month, {})
        good = (row.get("sat_good") or 0) * ("survey" in counted) + (row.get("rating_good") or 0) * (
            "duty_ratings" in counted
        )
        total = (row.get("sat_all") or 0) * ("survey" in counted) + (row.get("rating_all") or 0) * (
            "duty_ratings" in counted
        )
        series.append(
            {
                "month": month.strftime("%Y-%m"),
                "activities": row.get("activities") or 0,
                "activity_women": row.get("activity_women") or 0,
                "responses": row.get("responses") or 0,
                "satisfaction_numerator": good,
                "satisfaction_denominator": total,
                "satisfaction": services.ratio(good, total),
            }
        )
    return series


def gap_counts(root, as_of, rows):
    """Gaps of the whole subtree: the total, by rule, and per child; kept until the next write, like the
    gaps themselves (core/freshness.py)."""
    ranges = [(row["id"], row["lft"], row["rght"]) for row in rows]
    key = (root.pk, as_of, translation.get_language(), ranges)
    return freshness.cached("gap_counts", key, lambda: _gap_counts(root, as_of, rows))


def _gap_counts(root, as_of, rows):
    """(One query to place the gaps, beside the gap rules' own.)"""
    found = gap_registry.collect(root, as_of)
    by_rule = Counter()
    labels = {}
    for gap in found:
        by_rule[(gap.pillar, gap.rule)] += 1
        labels[(gap.pillar, gap.rule)] = gap.rule_label
    ids = {gap.federation_id for gap in found}
    # Always one query, gaps or none (the root is in the filter so that an empty list still asks): the
    # query count of a dashboard request must not depend on the data. The root's own position lies left
    # of every child's range, so it places nothing.
    positions = dict(sources.federation().objects.filter(Q(pk__in=ids) | Q(pk=root.pk)).values_list("id", "lft"))
    children = sorted(rows, key=lambda row: row["lft"])
    starts = [row["lft"] for row in children]
    per_child = Counter()
    for gap in found:
        lft = positions.get(gap.federation_id)
        if lft is None:
            continue
        index = bisect.bisect_right(starts, lft) - 1
        if index >= 0 and lft <= children[index]["rght"]:
            per_child[children[index]["id"]] += 1
    return {
        "total": len(found),
        "by_rule": [
            {"pillar": pillar, "rule": rule, "rule_label": str(labels[(pillar, rule)]), "count": count}
            for (pillar, rule), count in sorted(by_rule.items(), key=lambda item: -item[1])
        ],
        "per_child": per_child,
    }


def add_trained_share(root, as_of, total, rows):
    """The trained share of chairs and vice chairs (培训同步管理, cadres.training): each child's subtree, and
    the whole subtree on the totals row (a cadre with posts under two children counts in both). One query."""
    shares = training.trained_share(root, as_of, children=rows)
    by_id = {share["federation"]: share for share in shares if not share["own_level"]}
    for row in rows:
        share = by_id.get(row["id"], {})
        row["trained"], row["trained_cadres"] = share.get("trained", 0), share.get("cadres", 0)
        row["trained_share"] = services.ratio(row["trained"], row["trained_cadres"])
    total["trained"] = sum(share["trained"] for share in shares)
    total["trained_cadres"] = sum(share["cadres"] for share in shares)
    total["trained_share"] = services.ratio(total["trained"], total["trained_cadres"])


@dataclass
class Node:
    """A row of the dashboard's table (the root or a child) with its states, as cached."""

    pk: int
    name: str
    level: str
    lft: int
    rght: int
    states: dict  # ROW_FIELDS' states, without the prefix
    root_states: dict  # services.state_of (read on the root's row only)

    def get_level_display(self):
        return str(Level(self.level).label)


def read_nodes(root, period, settings):
    """The root and its children with their states, in one query; kept until the next write
    (core/freshness.py: states only, the flows are read live from the kept totals)."""

    def compute():
        rows = (
            sources.federation()
            .objects.filter(Q(pk=root.pk) | Q(parent_id=root.pk))
            .annotate(**row_annotations(period, settings), **services.root_state_annotations(root, period, settings))
            .order_by("mptt_level", "sort_key", "id")  # the root first, then its children in natural order
        )
        return [
            Node(
                pk=row.pk,
                name=row.name,
                level=row.level,
                lft=row.lft,
                rght=row.rght,
                states={name: getattr(row, f"x_{name}", 0) or 0 for name in ROW_FIELDS},
                root_states=services.state_of(row),
            )
            for row in rows
        ]

    return freshness.cached("dashboard_rows", (root.pk, period, services.answer_within(settings)), compute)


def build(root, period, with_gaps=True):
    settings = services.load_settings()
    flows = services.subtree_flows(root, period)
    nodes = read_nodes(root, period, settings)
    report = services.compute(root, period, settings=settings, flows=flows, state=nodes[0].root_states)
    placed = place_flows(nodes, root, flows, settings)
    ancestors = list(root.get_ancestors(include_self=True).values("id", "name", "level"))
    rows = []
    total = None
    for node in nodes:
        row = _row(node, period, placed[node.pk])
        row["lft"], row["rght"] = node.lft, node.rght
        if node.pk == root.pk:
            total = row
        else:
            rows.append(row)
    gaps = {"total": None, "by_rule": [], "per_child": {}}
    if with_gaps:
        gaps = gap_counts(root, period.as_of, rows)
    add_trained_share(root, period.as_of, total, rows)
    for row in [total, *rows]:
        row["gaps"] = gaps["per_child"].get(row["id"], 0) if row is not total else gaps["total"]
        row.pop("lft"), row.pop("rght")
    return {
        "federation": report["federation"],
        "breadcrumbs": ancestors,
        "period": report["period"],
        "score": report["score"],
        "indicators": report["indicators"],
        "totals": total,
        "children": rows,
        "months": monthly_series(root, period, settings, flows),
        "gaps": {"total": gaps["total"], "by_rule": gaps["by_rule"]},
    }
