"""Domain operations on activities: the one write of an activity with its links, derived fields, counting
once per ancestor, monthly summaries, the statistics the evaluations app reads. Every read answers in a fixed
number of queries."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractDay
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.scope import is_editable_after_write, subtree_q
from organizations.choices import COMMUNITY_LEVELS
from organizations.models import Federation

from . import organizers, review
from .choices import CoOrganizerRole, ReachVia, ReviewState
from .models import Activity, ActivityKind, ActivityReach, CoOrganizer
from .models.activity import TARGET_FIELDS

TZ = ZoneInfo(settings.TIME_ZONE)


# --- derived fields -----------------------------------------------------------------------------


def reach_for(
    activity_id: int,
    start: datetime.datetime,
    owner_id: int | None,
    co_organizer_federation_ids: Iterable[int | None],
    radiated_ids: Iterable[int | None],
) -> list[ActivityReach]:
    """The reach rows of one activity: the owner, federation co-organisers, radiated communities (once each)."""
    rows, seen = [], set()
    for via, ids in (
        (ReachVia.OWNER, [owner_id]),
        (ReachVia.CO_ORGANIZER, co_organizer_federation_ids),
        (ReachVia.RADIATED, radiated_ids),
    ):
        for federation_id in ids:
            if federation_id is not None and federation_id not in seen:
                seen.add(federation_id)
                rows.append(ActivityReach(activity_id=activity_id, federation_id=federation_id, start=start, via=via))
    return rows


def is_cross_sector(sectors: Iterable[str | None]) -> bool:
    """跨界混搭: co-organisers from two or more sectors."""
    return len({sector for sector in sectors if sector}) >= 2


def refresh_derived(activity: Activity, new: "ActivityWrite | None" = None) -> None:
    """Recompute the cross-sector flag and the reach rows after an activity or its co-organisers changed.

    ``new``: the write that has just created ``activity`` with these co-organisers and ``radiated``
    communities, so nothing is read back and there are no reach rows to delete (4 queries fewer on the
    hot path of logging an activity)."""
    with transaction.atomic(savepoint=False):  # inside the caller's transaction when there is one
        if new is None:
            co_organizers = list(CoOrganizer.objects.filter(activity=activity).values_list("sector", "federation_id"))
            radiated = list(activity.radiated_to.values_list("id", flat=True))
        else:
            co_organizers = [(co.sector, co.federation_id) for co in new.added]
            radiated = [federation.pk for federation in new.radiated]
        cross = is_cross_sector(sector for sector, _fed in co_organizers)
        if cross != activity.is_cross_sector:
            activity.is_cross_sector = cross
            Activity.objects.filter(pk=activity.pk).update(is_cross_sector=cross)
        if new is None:
            ActivityReach.objects.filter(activity=activity).delete()
        ActivityReach.objects.bulk_create(
            reach_for(activity.pk, activity.start, activity.federation_id, [fed for _s, fed in co_organizers], radiated)
        )


# --- the one write of an activity ------------------------------------------------------------------
# The web form, the API and the admin each read their input their own way, then hand it here: the same
# checks with the same Chinese messages, the same write in one transaction, the same scope re-check.

OUT_OF_SCOPE = gettext_lazy("您无权修改此范围内的数据。")
DUPLICATE_CO_ORGANIZER = gettext_lazy("同一联办单位不能重复添加。")
CO_ORGANIZER_OUT_OF_SCOPE = gettext_lazy("有联办单位不在您的管辖范围内，请删除后重新选择。")


@dataclass(frozen=True)
class CoOrganizerRow:
    """One co-organiser as a channel read it: what it is (a federation, member unit, social organisation,
    team or Party organisation) and its role."""

    target: models.Model
    role: str = str(CoOrganizerRole.CO_HOST)

    @property
    def kind(self) -> str:
        label = self.target._meta.label
        return next(str(kind) for kind, model in organizers.MODELS.items() if model._meta.label == label)

    @property
    def key(self) -> tuple[str, int]:
        return self.kind, self.target.pk

    @classmethod
    def from_fields(cls, values: dict) -> "CoOrganizerRow":
        """From ``{role, federation | member_unit | ...}`` (a serializer's or an admin inline's row)."""
        targets = [values[name] for name in TARGET_FIELDS if values.get(name) is not None]
        if len(targets) != 1:
            raise ValidationError(
                _("每个联办单位须且只能是妇联、成员单位、社会组织、团队或党组织中的一个。"), code="exactly_one"
            )
        return cls(target=targets[0], role=str(values.get("role") or CoOrganizerRole.CO_HOST))


@dataclass
class ActivityWrite:
    """What ``save_activity`` wrote: the activity and its co-organiser rows added, changed and removed."""

    activity: Activity
    added: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    radiated: list = field(default_factory=list)


def _key_of(co: CoOrganizer) -> tuple[str, int]:
    kind = co.kind
    return kind, getattr(co, f"{kind}_id")


def check_links(
    user: Any,
    activity: Activity,
    radiated_to: Iterable[Federation] | None = None,
    co_organizers: Sequence[CoOrganizerRow] | None = None,
) -> None:
    """The rules on an activity's links, one set for every channel; a ``ValidationError`` by field.

    Radiated federations are communities or villages the user may see. Co-organisers are each named once,
    with a known role, and a new one is one she may pick (``organizers.choices_for``); one already on the
    activity may stay even if it has since left her choices (a member unit that left, an archived one)."""
    errors: dict[str, list] = {}
    if radiated_to is not None:
        radiated = list(radiated_to)
        outside = [federation.name for federation in radiated if federation.level not in COMMUNITY_LEVELS]
        if outside:
            errors.setdefault("radiated_to", []).append(
                _("只能辐射到社区（村）妇联：%(names)s 不是社区（村）。") % {"names": "、".join(outside)}
            )
        kept = set(activity.radiated_to.values_list("pk", flat=True)) if activity.pk else set()
        wanted = {federation.pk for federation in radiated} - kept
        visible = set(Federation.objects.linkable_by(user).filter(pk__in=wanted).values_list("pk", flat=True))
        for pk in sorted(wanted - visible):
            errors.setdefault("radiated_to", []).append(_("辐射社区“%(value)s”不在您的管辖范围内。") % {"value": pk})
    if co_organizers is not None:
        messages = []
        keys = [row.key for row in co_organizers]
        if len(keys) != len(set(keys)):
            messages.append(DUPLICATE_CO_ORGANIZER)
        for row in co_organizers:
            if row.role not in CoOrganizerRole.values:
                messages.append(_("联办单位“%(name)s”的角色无效。") % {"name": row.target})
        kept = {_key_of(co) for co in activity.co_organizers.all()} if activity.pk else set()
        new_by_kind: dict[str, set[int]] = {}
        for kind, pk in set(keys) - kept:
            new_by_kind.setdefault(kind, set()).add(pk)
        for kind, pks in new_by_kind.items():
            if organizers.choices_for(kind, user).filter(pk__in=pks).count() != len(pks):
                messages.append(CO_ORGANIZER_OUT_OF_SCOPE)
                break
        if messages:
            errors["co_organizers"] = messages
    if errors:
        raise ValidationError(errors)


def _replace_co_organizers(write: ActivityWrite, rows: Sequence[CoOrganizerRow], created: bool) -> None:
    """Keep the co-organisers that stay (their role updated), delete the others, add the new ones (all of
    them for an activity ``created`` by this write: it has none yet)."""
    activity = write.activity
    wanted = {row.key: row for row in rows}
    for co in [] if created else activity.co_organizers.select_related(*TARGET_FIELDS):
        row = wanted.pop(_key_of(co), None)
        if row is None:
            co.delete()
            write.removed.append(co)
        elif row.role != co.role:
            co.role = row.role
            co.save()
            write.changed.append(co)
    for row in wanted.values():
        write.added.append(CoOrganizer.objects.create(activity=activity, role=row.role, **{row.kind: row.target}))


def save_activity(
    user: Any,
    activity: Activity,
    *,
    radiated_to: Iterable[Federation] | None = None,
    co_organizers: Sequence[CoOrganizerRow] | None = None,
    draft: bool = False,
) -> ActivityWrite:
    """Write ``activity`` (its fields already set and cleaned by the channel) with its radiated
    communities and co-organisers (None: leave them as they are), in one transaction: the links checked
    (``check_links``, a ``ValidationError``), the activity re-checked against the user's edit scope after
    it is saved (``PermissionDenied``, nothing kept), the derived fields refreshed. The one write path of
    the web form, the API and the admin."""
    radiated_to = list(radiated_to) if radiated_to is not None else None
    created = activity.pk is None
    with transaction.atomic():
        check_links(user, activity, radiated_to, co_organizers)
        if activity.created_by_id is None:
            activity.created_by = user
        # Saved: submitted for review (a draft when saved as one); a returned record is resubmitted.
        state = review.state_after_save(activity, draft)
        if state != activity.review_state:
            if activity.review_state == ReviewState.RETURNED:
                activity.review_reason = ""
            activity.review_state = state
        activity.save()
        # Against the tree as stored after the save, inside the transaction: nothing is left behind.
        if not is_editable_after_write(user, activity):
            raise PermissionDenied(OUT_OF_SCOPE)
        write = ActivityWrite(activity)
        if radiated_to is not None:
            activity.radiated_to.set(radiated_to)
            write.radiated = radiated_to
        if co_organizers is not None:
            _replace_co_organizers(write, co_organizers, created)
        # A new activity's links are all in ``write``; an edit that leaves some as they were reads them back.
        complete = created and radiated_to is not None and co_organizers is not None
        refresh_derived(activity, new=write if complete else None)
    return write


# --- counting -----------------------------------------------------------------------------------


def reached_ids(root: Federation, start: datetime.datetime, end: datetime.datetime) -> QuerySet:
    """Ids of the activities in [start, end) that reached ``root``'s subtree (a subquery, not a list)."""
    return ActivityReach.objects.filter(subtree_q("federation", root), start__gte=start, start__lt=end).values(
        "activity_id"
    )


def summary(root: Federation, start: datetime.datetime, end: datetime.datetime, days: bool = False) -> dict[str, Any]:
    """Count, participants, women, cross-sector count and a breakdown by kind of the activities that reached
    ``root``'s subtree in [start, end); with ``days`` also ``days``: {local day of the month: count}. Each
    activity counts once however many of its co-organisers lie in the subtree. One query at any subtree
    size (and one for the kinds' names): the activities grouped by kind (and day), the totals added up from
    the groups (an activity has one kind and one start, so none counts twice)."""
    # The activity's own start bounds the scan too (a reach row's start is its activity's).
    activities = Activity.objects.filter(
        review.counted_q(), pk__in=reached_ids(root, start, end), start__gte=start, start__lt=end
    ).order_by()
    keys = ["kind_id"]  # the kinds' names joined here, not in the scan (a handful of rows)
    if days:
        activities = activities.annotate(day=ExtractDay("start", tzinfo=TZ))
        keys.append("day")
    aggregates = {
        "count": Count("id"),
        "participants": Sum("participants"),
        "women_participants": Sum("women_participants"),
        "cross_sector_count": Count("id", filter=Q(is_cross_sector=True)),
    }
    by_kind: dict[int, dict[str, Any]] = {}
    by_day: dict[int, int] = {}
    rows = list(activities.values(*keys).annotate(**aggregates))
    names = {kind.pk: kind for kind in ActivityKind.objects.filter(pk__in={row["kind_id"] for row in rows}).order_by()}
    for row in rows:
        found = names[row["kind_id"]]
        kind = by_kind.setdefault(
            row["kind_id"],
            {
                "kind": found.pk,
                "code": found.code,
                "name": found.name,
                "order": found.order,
                **dict.fromkeys(aggregates, 0),
            },
        )
        for key in aggregates:
            kind[key] += row[key] or 0
        if days:
            by_day[row["day"]] = by_day.get(row["day"], 0) + row["count"]
    kinds = sorted(by_kind.values(), key=lambda item: (item["order"], item["code"]))
    totals = {key: sum(kind[key] for kind in kinds) for key in aggregates}
    totals["by_kind"] = [{key: value for key, value in kind.items() if key != "order"} for kind in kinds]
    if days:
        totals["days"] = by_day
    return totals


def _reached_by_outer(start: datetime.datetime, end: datetime.datetime) -> QuerySet:
    """Activity ids in [start, end) reaching the subtree of the federation of the enclosing query."""
    return ActivityReach.objects.filter(
        federation__tree_id=OuterRef(OuterRef("tree_id")),
        federation__lft__gte=OuterRef(OuterRef("lft")),
        federation__lft__lte=OuterRef(OuterRef("rght")),
        start__gte=start,
        start__lt=end,
    ).values("activity_id")


def _activity_aggregate(start: datetime.datetime, end: datetime.datetime, expression: Any) -> Coalesce:
    rows = (
        Activity.objects.filter(review.counted_q(), pk__in=_reached_by_outer(start, end))
        .order_by()
        .annotate(group=Value(1, output_field=IntegerField()))
        .values("group")
        .annotate(value=expression)
        .values("value")
    )
    return Coalesce(Subquery(rows[:1], output_field=IntegerField()), 0)


def with_activity_stats(federations: QuerySet, start: datetime.datetime, end: datetime.datetime) -> QuerySet:
    """Annotate a Federation queryset with ``activity_count``, ``participant_total`` and ``women_total``:
    the activities in [start, end) that reached each federation's subtree, each counted once. One query,
    whatever the number of federations (for the evaluations app: activities per home, cohesion)."""
    return federations.annotate(
        activity_count=_activity_aggregate(start, end, Count("id")),
        participant_total=_activity_aggregate(start, end, Sum("participants")),
        women_total=_activity_aggregate(start, end, Sum("women_participants")),
    )


def activity_stats(root: Federation, start: datetime.datetime, end: datetime.datetime) -> dict[str, int]:
    """{count, participants, women_participants} for one subtree and period (one query). Participants are
    head counts per activity: the same woman at two activities is counted twice."""
    row = summary(root, start, end)
    return {key: row[key] for key in ("count", "participants", "women_participants", "cross_sector_count")}


def communities_without_activity(root: Federation, start: datetime.datetime, end: datetime.datetime) -> QuerySet:
    """Communities and villages under ``root`` (archived ones aside) that logged no activity in [start, end)."""
    logged = Activity.objects.filter(
        federation__tree_id=OuterRef("tree_id"),
        federation__lft__gte=OuterRef("lft"),
        federation__lft__lte=OuterRef("rght"),
        start__gte=start,
        start__lt=end,
    ).filter(review.counted_q())
    return (
        Federation.objects.filter(subtree_q("", root), level__in=COMMUNITY_LEVELS, archived_at__isnull=True)
        .filter(~Exists(logged))
        .order_by("tree_id", "lft")
    )


# --- withdrawing an activity ------------------------------------------------------------------------
# Activities have no review state of their own. "Until reviewed" is defined as: until anyone other than the
# person who logged it has changed it (a street or district office correcting it in the admin or the API is
# the office having acted on it). Until then the one who logged it may withdraw it (delete it), within her
# edit scope; afterwards only the offices above may.

REVIEWED = gettext_lazy("上级妇联已处理过这条活动，不能再撤回。如需删除，请联系街道或区妇联。")
NOT_YOURS_TO_WITHDRAW = gettext_lazy("只能撤回您本人登记的活动。")


def withdraw_refusal(user: Any, activity: Activity) -> Any:
    """Why ``user`` may not withdraw ``activity`` (a Chinese message), or None when she may. Her edit scope is
    checked by the caller (404/403 as every write)."""
    if activity.created_by_id != user.pk:
        return NOT_YOURS_TO_WITHDRAW
    acted = activity.history.exclude(history_user_id=user.pk).exclude(history_user__isnull=True).exists()
    if acted:
        return REVIEWED
    return None


def withdraw_activity(user: Any, activity: Activity) -> None:
    """Delete ``activity`` with its co-organisers, reach rows and photos (files removed once committed); the
    deletion is recorded in the history like any change."""
    with transaction.atomic():
        for photo in list(activity.photos.all()):
            photo.delete()
            transaction.on_commit(photo.delete_files)
        activity.delete()
