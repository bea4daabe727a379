"""Training under dual management (培训同步管理): the two gap rules, a cadre's training record and the trained
share per federation. Every function answers in a fixed number of queries whatever the subtree's size.

- ``chair_training_hours``: every sitting chair and vice chair who has served a year or more has at least
  ``CADRE_TRAINING_HOURS_PER_YEAR`` hours credited in the year up to the day asked (exactly N is enough).
- ``new_cadre_training``: every new executive cadre (chair, vice chair, 执委: her first post began less than a
  year ago) is trained within ``NEW_CADRE_TRAINING_MONTHS`` months of taking the post. The last day of the
  window is the day M months after she took the post: only from the next day is it a gap.
"""

import bisect
import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, Q, Subquery, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import dates, freshness
from core.gaps import Gap
from core.scope import subtree_q

from .choices import EXECUTIVE_POSITIONS, Position
from .models import Post, TrainingAttendance, TrainingEnrolment
from .models.people import add_years

PILLAR = "cadres"
REGISTRY_KEY = "training"
LEADER_POSITIONS = (Position.CHAIR, Position.VICE_CHAIR_FULLTIME, Position.VICE_CHAIR_PARTTIME)

# Lazy: read in the language of each request (a module-level gettext froze them in Chinese at import).
RULES = {
    "chair_training_hours": gettext_lazy("主席、副主席每年参加培训不少于规定学时"),
    "new_cadre_training": gettext_lazy("新任干部须在任职后规定月数内参加培训"),
}


def add_months_exact(day, months):
    """``day`` plus ``months`` calendar months (the 31st falls back to the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    last = (datetime.date(year + month // 12, month % 12 + 1, 1) - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))


def hours_required():
    return Decimal(settings.CADRE_TRAINING_HOURS_PER_YEAR)


def year_window(as_of):
    """The year up to ``as_of``: from the day after the same day a year earlier, through ``as_of``."""
    return add_years(as_of, -1) + datetime.timedelta(days=1), as_of


def new_cadre_deadline(first_start):
    return add_months_exact(first_start, settings.NEW_CADRE_TRAINING_MONTHS)


def _sitting_posts(root, as_of, positions):
    """The posts of ``positions`` held in ``root``'s subtree on ``as_of``."""
    return Post.objects.filter(subtree_q("federation", root), position__in=positions, term_start__lte=as_of).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=as_of)
    )


def _first_start():
    """The day her first executive post began (a subquery on the post's person)."""
    first = (
        Post.objects.filter(person_id=OuterRef("person_id"), position__in=EXECUTIVE_POSITIONS)
        .order_by("term_start")
        .values("term_start")[:1]
    )
    return Subquery(first)


def _fmt(hours):
    return f"{hours.normalize():f}" if hours else "0"


def gaps(root, as_of=None):
    """The training gaps in ``root``'s subtree on ``as_of``: three queries."""
    as_of = as_of or dates.today()
    required = hours_required()
    start, end = year_window(as_of)
    year_ago = add_years(as_of, -1)
    # Only the posts that may breach a rule leave the database (at the city root ~46,000 sitting posts
    # made ~0.3 s of Python for a handful of gaps): a chair or vice chair of a year's standing whose year
    # lacks the hours, or a new cadre whose window may be over (a month has 28 days or more, so a window
    # over by ``as_of`` began before ``as_of`` - 28 × months; the exact day is checked below).
    # Every set below is of the people holding a post in the subtree: PostgreSQL hashes a NOT IN list only
    # when it fits in work_mem (4 MB), and over a province's 365,000 executive posts it did not: it read the
    # list again for each post, for over ten minutes. A city's people fit (~1 MB).
    people_here = Post.objects.filter(subtree_q("federation", root)).order_by().values("person_id")
    enough = (
        TrainingAttendance.objects.filter(session__held_on__range=(start, end), person_id__in=people_here)
        .order_by()
        .values("person_id")
        .annotate(total=Sum("hours_credited"))
        .filter(total__gte=required)
        .values("person_id")
    )
    window_over = as_of - datetime.timedelta(days=28 * settings.NEW_CADRE_TRAINING_MONTHS)
    executive = Post.objects.filter(position__in=EXECUTIVE_POSITIONS, person_id__in=people_here).order_by()
    # Set tests (IN), which PostgreSQL hashes once, rather than her first post's day per row.
    old_hands = executive.filter(term_start__lte=year_ago).values("person_id")
    began_early = executive.filter(term_start__lt=window_over).values("person_id")
    sitting = _sitting_posts(root, as_of, EXECUTIVE_POSITIONS).filter(
        (Q(person_id__in=old_hands, position__in=LEADER_POSITIONS) & ~Q(person_id__in=enough))
        | (~Q(person_id__in=old_hands) & Q(person_id__in=began_early))
    )
    candidates = sitting.annotate(first_start=_first_start())
    posts = list(
        candidates.order_by("federation__tree_id", "federation__lft", "position", "id").values(
            "id", "person_id", "person__name", "position", "federation_id", "federation__name", "first_start"
        )
    )
    # Their people by id: a subquery repeated the candidates' search (as long again). Never an empty list,
    # which Django answers without asking: the query count must not depend on the data.
    people = sorted({post["person_id"] for post in posts}) or [0]
    attendance = TrainingAttendance.objects.filter(person_id__in=people)
    year_hours = dict(
        attendance.filter(session__held_on__range=(start, end))
        .order_by()
        .values("person_id")
        .annotate(hours=Sum("hours_credited"))
        .values_list("person_id", "hours")
    )
    earliest_new = min((p["first_start"] for p in posts if p["first_start"] > year_ago), default=None)
    trained_days = {}
    if earliest_new is not None:
        for person_id, held_on in attendance.filter(
            session__held_on__range=(earliest_new, as_of), hours_credited__gt=0
        ).values_list("person_id", "session__held_on"):
            trained_days.setdefault(person_id, []).append(held_on)

    found, seen = [], set()
    for post in posts:
        federation = {"id": post["federation_id"], "name": post["federation__name"]}
        person_id = post["person_id"]
        position = Position(post["position"]).label
        if post["first_start"] <= year_ago:
            hours = year_hours.get(person_id) or Decimal("0")
            if post["position"] in LEADER_POSITIONS and hours < required and (person_id, "hours") not in seen:
                seen.add((person_id, "hours"))
                found.append(
                    _gap(
                        "chair_training_hours",
                        federation,
                        person_id,
                        _("%(position)s%(name)s近一年培训 %(hours)s 学时，少 %(short)s 学时")
                        % {
                            "position": position,
                            "name": post["person__name"],
                            "hours": _fmt(hours),
                            "short": _fmt(required - hours),
                        },
                        post_id=post["id"],
                        hours=str(hours),
                    )
                )
            continue
        deadline = new_cadre_deadline(post["first_start"])
        if deadline >= as_of or (person_id, "new") in seen:
            continue
        if any(post["first_start"] <= day <= deadline for day in trained_days.get(person_id, ())):
            continue
        seen.add((person_id, "new"))
        found.append(
            _gap(
                "new_cadre_training",
                federation,
                person_id,
                _("新任%(position)s%(name)s于%(start)s任职，%(deadline)s前未参加培训")
                % {
                    "position": position,
                    "name": post["person__name"],
                    "start": post["first_start"].isoformat(),
                    "deadline": deadline.isoformat(),
                },
                post_id=post["id"],
                deadline=deadline.isoformat(),
            )
        )
    return found


def _gap(rule, federation, person_id, missing, **extra):
    return Gap(
        rule=rule,
        rule_label=str(RULES[rule]),
        federation_id=federation["id"],
        federation_name=federation["name"],
        missing=missing,
        pillar=PILLAR,
        fix_url=f"/admin/cadres/trainingenrolment/add/?person={person_id}",
        extra={"person": person_id, **extra},
    )


def record(person, user=None, as_of=None):
    """A cadre's training record as ``user`` may see it (every row through ``visible_to``; all rows when no
    user is given): every attendance (newest first), the courses she is enrolled in, her hours in the year up
    to ``as_of`` (today) and where she stands against the two rules. Three queries, whatever her record."""
    as_of = as_of or dates.today()

    def rows(model):
        return (model.objects.visible_to(user) if user is not None else model.objects.all()).filter(person=person)

    attendances = list(
        rows(TrainingAttendance)
        .select_related("session__course__federation", "session__course__organiser_party")
        .order_by("-session__held_on", "-id")
    )
    courses = [
        enrolment.course
        for enrolment in rows(TrainingEnrolment)
        .select_related("course__federation", "course__organiser_party")
        .order_by("-course__starts_on", "-course_id")
    ]
    posts = list(rows(Post).filter(position__in=EXECUTIVE_POSITIONS).values("position", "term_start", "ended_on"))
    start, end = year_window(as_of)
    year = sum((row.hours_credited or 0 for row in attendances if start <= row.session.held_on <= end), Decimal("0"))
    return {
        "attendances": attendances,
        "courses": courses,
        "hours_this_year": year,
        "required": hours_required(),
        "rule": standing(posts, attendances, year, as_of),
    }


def standing(posts, attendances, hours, as_of):
    """Where a cadre stands on ``as_of``, judged as ``gaps`` judges her: ``meets`` is True, False, or None
    when no rule applies yet (not a sitting chair or vice chair of a year's standing; a new cadre still within
    her months); ``text`` says which rule and why."""
    sitting = [
        post for post in posts if post["term_start"] <= as_of and (post["ended_on"] is None or post["ended_on"] > as_of)
    ]
    if not sitting:
        return {"meets": None, "text": _("不在任主席、副主席、执委，不适用培训规则")}
    first_start = min(post["term_start"] for post in posts)
    if first_start <= add_years(as_of, -1):
        if not any(post["position"] in LEADER_POSITIONS for post in sitting):
            return {"meets": None, "text": _("执委不适用年度学时规则")}
        required = hours_required()
        if hours >= required:
            return {"meets": True, "text": _("近一年已满 %(required)s 学时") % {"required": _fmt(required)}}
        return {"meets": False, "text": _("近一年少 %(short)s 学时") % {"short": _fmt(required - hours)}}
    deadline = new_cadre_deadline(first_start)
    values = {"start": first_start.isoformat(), "deadline": deadline.isoformat()}
    if any(first_start <= row.session.held_on <= deadline and (row.hours_credited or 0) > 0 for row in attendances):
        return {"meets": True, "text": _("新任干部（%(start)s任职），已在%(deadline)s前参加培训") % values}
    if deadline >= as_of:
        return {"meets": None, "text": _("新任干部（%(start)s任职），须在%(deadline)s前参加培训") % values}
    return {"meets": False, "text": _("新任干部（%(start)s任职），%(deadline)s前未参加培训") % values}


def trained_share(root, as_of=None, children=None):
    """Sitting chairs and vice chairs under each child of ``root`` (and ``root`` itself): how many, and how
    many have the year's hours. Two queries (one when ``children`` is given)."""
    as_of = as_of or dates.today()
    required = hours_required()
    if children is None:  # else the caller's rows of root's children (id, name, lft, rght)
        children = list(root.get_children().filter(archived_at__isnull=True).values("id", "name", "lft", "rght"))
    children = [{key: child[key] for key in ("id", "name", "lft", "rght")} for child in children]
    key = (root.pk, as_of, required, [tuple(child.values()) for child in children])
    # Kept until the next write (core/freshness.py): the posts and the hours are states, not flows.
    return freshness.cached("trained_share", key, lambda: _trained_share(root, as_of, children, required))


def _trained_share(root, as_of, children, required):
    start, end = year_window(as_of)
    # The year's hours joined and summed per post (a subquery per post re-read the sessions for each row:
    # ~0.5 s at the city root).
    attended = "person__training_attendances"
    rows = list(
        _sitting_posts(root, as_of, LEADER_POSITIONS)
        .order_by()
        .values("id", "person_id", "federation__lft")
        .annotate(
            hours=Sum(f"{attended}__hours_credited", filter=Q(**{f"{attended}__session__held_on__range": (start, end)}))
        )
        .values("person_id", "federation__lft", "hours")
    )
    groups = [{"id": root.pk, "name": root.name, "own": True, "lft": root.lft, "rght": root.lft}]
    groups += sorted(({**child, "own": False} for child in children), key=lambda child: child["lft"])
    starts = [group["lft"] for group in groups[1:]]
    people_by_group = [{} for _group in groups]
    for row in rows:  # each post to its child's subtree (children's lft ranges do not overlap), or to root itself
        lft = row["federation__lft"]
        index = 0
        if lft != root.lft:
            index = bisect.bisect_right(starts, lft)
            if index == 0 or lft > groups[index]["rght"]:
                continue
        people = people_by_group[index]
        people[row["person_id"]] = max(people.get(row["person_id"], Decimal("0")), row["hours"] or Decimal("0"))
    result = []
    for group, people in zip(groups, people_by_group, strict=True):
        cadres = len(people)
        trained = sum(1 for value in people.values() if value >= required)
        result.append(
            {
                "federation": group["id"],
                "federation_name": group["name"],
                "own_level": group["own"],
                "cadres": cadres,
                "trained": trained,
                "share": round(trained / cadres, 4) if cadres else None,
            }
        )
    return [row for row in result if not row["own_level"] or row["cadres"]]
