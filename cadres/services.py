"""Domain operations across the cadre models: the team-rule gap list, the 四个一 completeness, the
述职评议 satisfaction counts, the 会改联 totals and the post counts. Each answers in a fixed number of
queries whatever the subtree's size."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Count, F, Max, Min, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import dates
from core.dates import month_end, month_start, next_month
from core.gaps import Gap
from core.scope import subtree_q
from organizations.choices import COMMUNITY_LEVELS, STREET_LEVELS
from organizations.models import Federation

from .choices import EXECUTIVE_POSITIONS, VICE_CHAIR_POSITIONS, Appointment, Gender, Position, Verdict
from .models import Post, RotationCheck, WomenRating
from .models.rotation import ROTATION_LEVELS, ROTATION_POSITIONS

if TYPE_CHECKING:
    from .models import Election

PILLAR = "cadres"
STREET_EXEC_MIN = 21
COMMUNITY_EXEC_MIN = 11
TEAM_WOMEN_MIN = 20

# Lazy: read in the language of each request (a module-level gettext froze them in Chinese at import).
RULES = {
    "street_has_chair": gettext_lazy("每个街道（乡镇）妇联必须有主席"),
    "street_exec_min": gettext_lazy("街道（乡镇）妇联执委会不少于21人"),
    "community_exec_min": gettext_lazy("社区（村）妇联执委会不少于11人"),
    "woman_in_two_committees": gettext_lazy("每个社区（村）两委中至少有一名妇女"),
    "chair_in_two_committees": gettext_lazy("社区（村）妇联主席必须是两委成员"),
    "parttime_vice_chair_team": gettext_lazy("聘任的兼职副主席须带领不少于20名妇女的团队"),
    "term_expired": gettext_lazy("任期届满须按时换届"),
}


def sitting_q(as_of: datetime.date, prefix: str = "") -> Q:
    """Posts held on ``as_of``: begun, and not yet left."""
    return Q(**{f"{prefix}term_start__lte": as_of}) & (
        Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": as_of})
    )


def _gap(rule: str, federation: dict[str, Any], missing: str, **extra: Any) -> Gap:
    return Gap(
        rule=rule,
        rule_label=str(RULES[rule]),
        federation_id=federation["id"],
        federation_name=federation["name"],
        missing=missing,
        pillar=PILLAR,
        fix_url=f"/admin/cadres/post/?federation__id__exact={federation['id']}",
        extra=extra,
    )


def gaps(root: Federation, as_of: datetime.date | None = None) -> list[Gap]:
    """Breaches of the team rules (DOMAIN.md section 2) in ``root``'s subtree on ``as_of``: three queries."""
    as_of = as_of or dates.today()
    federations = list(
        Federation.objects.filter(
            subtree_q("", root), level__in=[*STREET_LEVELS, *COMMUNITY_LEVELS], archived_at__isnull=True
        )
        .order_by("tree_id", "lft")
        .values("id", "name", "level")
    )
    sitting = Post.objects.filter(subtree_q("federation", root), sitting_q(as_of))
    executive = Q(position__in=EXECUTIVE_POSITIONS)
    chair = Q(position=Position.CHAIR)
    stats = {
        row["federation_id"]: row
        for row in sitting.order_by()
        .values("federation_id")
        .annotate(
            executive=Count("id", filter=executive),
            chairs=Count("id", filter=chair),
            chairs_in_two=Count("id", filter=chair & Q(in_two_committees=True)),
            women_in_two=Count("id", filter=Q(in_two_committees=True, person__gender=Gender.FEMALE)),
            latest_term_end=Max("term_end", filter=executive),
            term_number=Max("term_number", filter=executive),
        )
    }
    chair_names = dict(sitting.filter(chair).values_list("federation_id", "person__name"))
    small_teams = (
        sitting.filter(
            position=Position.VICE_CHAIR_PARTTIME,
            appointment=Appointment.APPOINTED,
            team_women_count__lt=TEAM_WOMEN_MIN,
        )
        .order_by("federation__tree_id", "federation__lft", "id")
        .values("id", "federation_id", "person__name", "team_name", "team_women_count")
    )
    teams_by_federation: dict[int, list[dict[str, Any]]] = {}
    for post in small_teams:
        teams_by_federation.setdefault(post["federation_id"], []).append(post)

    found: list[Gap] = []
    for federation in federations:
        row = stats.get(federation["id"], {})
        is_street = federation["level"] in STREET_LEVELS
        size = row.get("executive", 0)
        if is_street and not row.get("chairs"):
            found.append(_gap("street_has_chair", federation, _("无在任主席")))
        minimum = STREET_EXEC_MIN if is_street else COMMUNITY_EXEC_MIN
        if size < minimum:
            rule = "street_exec_min" if is_street else "community_exec_min"
            found.append(
                _gap(
                    rule,
                    federation,
                    _("执委会 %(size)d 人，少 %(short)d 人") % {"size": size, "short": minimum - size},
                    size=size,
                )
            )
        if not is_street:
            if not row.get("women_in_two"):
                found.append(_gap("woman_in_two_committees", federation, _("两委中没有妇联女干部")))
            if not row.get("chairs"):
                found.append(_gap("chair_in_two_committees", federation, _("无在任主席")))
            elif not row.get("chairs_in_two"):
                found.append(
                    _gap(
                        "chair_in_two_committees",
                        federation,
                        _("主席%(name)s不是两委成员") % {"name": chair_names.get(federation["id"], "")},
                    )
                )
        for post in teams_by_federation.get(federation["id"], []):
            count = post["team_women_count"]
            found.append(
                _gap(
                    "parttime_vice_chair_team",
                    federation,
                    _("兼职副主席%(name)s所带团队“%(team)s”%(count)d 名妇女，少 %(short)d 人")
                    % {
                        "name": post["person__name"],
                        "team": post["team_name"],
                        "count": count,
                        "short": TEAM_WOMEN_MIN - count,
                    },
                    post_id=post["id"],
                )
            )
        latest = row.get("latest_term_end")
        if latest is not None and latest < as_of:
            found.append(
                _gap(
                    "term_expired",
                    federation,
                    _("第%(term)d届任期已于%(date)s届满，未换届")
                    % {"term": row["term_number"], "date": latest.isoformat()},
                    term_end=latest.isoformat(),
                )
            )
    return found


# --- "四个一" completeness -----------------------------------------------------------------------------


def rotation_deadline(month: datetime.date) -> datetime.date:
    """The day by which a month's 四个一 must be filed: ``ROTATION_CHECK_DEADLINE_DAY`` of the next month."""
    return next_month(month).replace(day=min(settings.ROTATION_CHECK_DEADLINE_DAY, 28))


def expected_rotation_posts(root: Federation, month: datetime.date) -> QuerySet[Post]:
    """The posts that owe a 四个一 record for ``month``: street chairs and vice chairs in office that month."""
    month = month_start(month)
    return Post.objects.filter(
        subtree_q("federation", root),
        federation__level__in=ROTATION_LEVELS,
        position__in=ROTATION_POSITIONS,
        term_start__lte=month_end(month),
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=month))


def rotation_completeness(root: Federation, month: datetime.date) -> dict[str, Any]:
    """Expected, filed, on time and missing 四个一 records in ``root``'s subtree for ``month``: two queries."""
    month = month_start(month)
    deadline = rotation_deadline(month)
    cutoff = datetime.datetime.combine(
        deadline + datetime.timedelta(days=1), datetime.time.min, tzinfo=ZoneInfo(settings.TIME_ZONE)
    )
    expected = list(
        expected_rotation_posts(root, month)
        .order_by("federation__tree_id", "federation__lft", "position", "id")
        .values("id", "person__name", "position", "federation_id", "federation__name")
    )
    checks = dict(
        RotationCheck.objects.filter(post__in=expected_rotation_posts(root, month).values("pk"), month=month)
        .annotate(on_time=Q(filed_at__lt=cutoff))
        .values_list("post_id", "on_time")
    )
    missing = [
        {
            "post": post["id"],
            "person_name": post["person__name"],
            "position": post["position"],
            "federation": post["federation_id"],
            "federation_name": post["federation__name"],
        }
        for post in expected
        if post["id"] not in checks
    ]
    on_time = sum(1 for value in checks.values() if value)
    return {
        "month": month.strftime("%Y-%m"),
        "deadline": deadline.isoformat(),
        "expected": len(expected),
        "filed": len(checks),
        "on_time": on_time,
        "late": len(checks) - on_time,
        "missing_count": len(missing),
        "missing": missing,
    }


# --- 述职评议 satisfaction -------------------------------------------------------------------------------


def satisfaction(
    root: Federation,
    year: int | None = None,
    period: str | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> dict[str, int]:
    """Women's verdicts on duty reports in ``root``'s subtree, for the satisfaction indicator (满意度):
    ``{"satisfied", "basically_satisfied", "total"}`` in one query. Narrow by the report's ``year`` and
    ``period`` (YEAR/H1/H2) or by its filing date (``start`` ≤ filed_on ≤ ``end``)."""
    ratings = WomenRating.objects.filter(subtree_q("report__post__federation", root))
    if year is not None:
        ratings = ratings.filter(report__year=year)
    if period:
        ratings = ratings.filter(report__period=period)
    if start is not None:
        ratings = ratings.filter(report__filed_on__gte=start)
    if end is not None:
        ratings = ratings.filter(report__filed_on__lte=end)
    totals = ratings.aggregate(
        satisfied=Count("id", filter=Q(verdict=Verdict.SATISFIED)),
        basically_satisfied=Count("id", filter=Q(verdict=Verdict.BASICALLY_SATISFIED)),
        total=Count("id"),
    )
    return {key: totals[key] or 0 for key in ("satisfied", "basically_satisfied", "total")}


# --- 会改联 totals and post counts --------------------------------------------------------------------


def election_totals(elections: QuerySet[Election]) -> dict[str, Any]:
    """Totals over an Election queryset (already scoped and filtered): two queries."""
    totals = elections.order_by().aggregate(
        elections=Count("id"),
        villages=Count("federation", distinct=True, filter=Q(federation__is_brigade=False)),
        brigades=Count("federation", distinct=True, filter=Q(federation__is_brigade=True)),
        first_held_on=Min("held_on"),
        last_held_on=Max("held_on"),
        representatives=Sum("representatives"),
        chairs=Sum("chairs"),
        vice_chairs=Sum("vice_chairs"),
        exec_members=Sum("exec_members"),
    )
    for key in ("representatives", "chairs", "vice_chairs", "exec_members"):
        totals[key] = totals[key] or 0
    first, last = totals["first_held_on"], totals["last_held_on"]
    totals["days"] = (last - first).days + 1 if first and last else 0
    posts = Post.objects.filter(election__in=elections.order_by().values("pk")).aggregate(
        chairs=Count("id", filter=Q(position=Position.CHAIR)),
        vice_chairs=Count("id", filter=Q(position__in=VICE_CHAIR_POSITIONS)),
        exec_members=Count("id", filter=Q(position=Position.EXEC_MEMBER)),
        representatives=Count("id", filter=Q(position=Position.REPRESENTATIVE)),
    )
    totals["posts"] = posts
    for key in ("first_held_on", "last_held_on"):
        totals[key] = totals[key].isoformat() if totals[key] else None
    return totals


def post_counts(posts: QuerySet[Post]) -> list[dict[str, Any]]:
    """Counts of a Post queryset by federation level, position and appointment: one query."""
    rows = (
        posts.order_by()
        .values(level=F("federation__level"), pos=F("position"), how=F("appointment"))
        .annotate(count=Count("id"))
        .order_by("level", "pos", "how")
    )
    return [
        {"level": row["level"], "position": row["pos"], "appointment": row["how"], "count": row["count"]}
        for row in rows
    ]
