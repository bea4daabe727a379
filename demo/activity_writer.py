"""The generated activities with their co-organisers, radiated communities and reach rows, through the bulk
writer (``core.bulk``) with ids given here, four tables flushed together, so memory stays flat however many
activities are written; and what each community may run an activity with (``Pools``)."""

import datetime

from django.db import connection, transaction

from activities import counts
from activities.choices import KIND_SECTORS, MEMBER_UNIT_SECTORS, CoOrganizerKind, ReachVia, ReviewState, Sector
from activities.models import Activity, ActivityReach, CoOrganizer, SocialOrganization, Team
from cadres.models import PartyOrganization
from core import bulk
from organizations.models import Federation, MemberUnit
from venues.models import Venue

from .activities_data import BATCH

# A plausible review spread, the same on every run (by id): most approved three days after the activity,
# one in ten still waiting (已上报), one in twenty-five returned with a reason, one in fifty a draft.
RETURN_REASONS = ("请补充活动照片。", "参与人数与签到表不符，请核对后重新上报。", "活动内容过于简单，请补充。")


def review_of(activity_id, end):
    """(review_state, review_reason, reviewed_at) of a generated activity."""
    slot = activity_id % 50
    if slot == 0:
        return ReviewState.DRAFT, "", None
    if slot in (1, 2):
        reason = RETURN_REASONS[activity_id % len(RETURN_REASONS)]
        return ReviewState.RETURNED, reason, bulk.db_datetime(end + datetime.timedelta(days=2))
    if slot < 8:
        return ReviewState.SUBMITTED, "", None
    return ReviewState.APPROVED, "", bulk.db_datetime(end + datetime.timedelta(days=3))


class Pools:
    """What each community may run an activity with, loaded once: its teams, Party organisation, member units
    (its own and its street's), social organisations (its own and its street's), sibling communities and
    venues."""

    def __init__(self):
        self.teams = self._group(Team.objects.values_list("federation_id", "id"))
        self.social = self._group(SocialOrganization.objects.values_list("cultivated_by_id", "id"))
        self.party = dict(PartyOrganization.objects.values_list("federation_id", "id"))
        self.units = {}
        for federation_id, unit_id, unit_type in MemberUnit.objects.filter(left_on__isnull=True).values_list(
            "federation_id", "id", "unit_type"
        ):
            self.units.setdefault(federation_id, []).append(
                (unit_id, MEMBER_UNIT_SECTORS.get(unit_type, Sector.ECONOMIC))
            )
        self.venues = self._group(Venue.objects.values_list("federation_id", "id"))

    @staticmethod
    def _group(pairs):
        grouped = {}
        for key, value in pairs:
            grouped.setdefault(key, []).append(value)
        return grouped

    def candidates(self, place, siblings):
        """[(kind, target id, sector)] a community may co-organise with, besides itself."""
        found = [(CoOrganizerKind.TEAM, pk, KIND_SECTORS[CoOrganizerKind.TEAM]) for pk in self.teams.get(place, [])]
        if place in self.party:
            found.append((CoOrganizerKind.PARTY_ORGANIZATION, self.party[place], Sector.PARTY))
        street = siblings["street"]
        for owner in (place, street):
            found += [(CoOrganizerKind.MEMBER_UNIT, pk, sector) for pk, sector in self.units.get(owner, [])[:6]]
            found += [(CoOrganizerKind.SOCIAL_ORGANIZATION, pk, Sector.SOCIAL) for pk in self.social.get(owner, [])]
        found += [(CoOrganizerKind.FEDERATION, pk, Sector.WOMEN_FEDERATION) for pk in siblings["others"][:4]]
        return found


class Writer:
    """Activities with their co-organisers, radiated communities and reach rows, written in batches."""

    def __init__(self):
        # batch=None: the four tables are flushed together, every BATCH activities.
        self.activity = bulk.Writer(
            Activity,
            [
                "id",
                "federation",
                "title",
                "kind",
                "start",
                "end",
                "venue",
                "description",
                "participants",
                "women_participants",
                "is_cross_sector",
                "review_state",
                "review_reason",
                "reviewed_at",
            ],
            batch=None,
        )
        self.co = bulk.Writer(
            CoOrganizer,
            ["id", "activity", "role", "federation", "member_unit", "social_organization", "team",
             "party_organization", "sector"],
            batch=None,
        )  # fmt: skip
        self.radiated = bulk.Writer(Activity.radiated_to.through, ["id", "activity", "federation"], batch=None)
        self.reach = bulk.Writer(ActivityReach, ["id", "activity", "federation", "start", "via"], batch=None)
        self.targets = list(CoOrganizerKind.values)

    def add(
        self,
        federation_id,
        kind_id,
        title,
        start,
        end,
        venue_id,
        participants,
        women,
        co_organizers,
        radiated,
        description="",
    ):
        """``co_organizers``: [(role, kind, target id, sector)]; ``radiated``: federation ids."""
        activity_id = self.activity.new_id()
        sectors = {sector for _role, _kind, _pk, sector in co_organizers}
        # Adapted once here: the reach rows repeat the activity's start.
        start_db = bulk.db_datetime(start)
        self.activity.add(
            (
                activity_id,
                federation_id,
                title,
                kind_id,
                start_db,
                bulk.db_datetime(end),
                venue_id,
                description,
                participants,
                women,
                len(sectors) >= 2,
                *review_of(activity_id, end),
            )
        )
        reached = {federation_id: ReachVia.OWNER}
        for role, kind, target, sector in co_organizers:
            refs = [target if name == kind else None for name in self.targets]
            self.co.add((self.co.new_id(), activity_id, role, *refs, sector))
            if kind == CoOrganizerKind.FEDERATION:
                reached.setdefault(target, ReachVia.CO_ORGANIZER)
        for federation in radiated:
            self.radiated.add((self.radiated.new_id(), activity_id, federation))
            reached.setdefault(federation, ReachVia.RADIATED)
        for federation, via in reached.items():
            self.reach.add((self.reach.new_id(), activity_id, federation, start_db, via))
        if len(self.activity.rows) >= BATCH:
            self.flush()

    def flush(self):
        with transaction.atomic():
            for writer in (self.activity, self.co, self.radiated, self.reach):
                writer.flush()

    def finish(self):
        with transaction.atomic():
            for writer in (self.activity, self.co, self.radiated, self.reach):
                writer.finish()
        with connection.cursor() as cursor:
            # Fresh statistics after a bulk load: without them SQLite joins a million activities badly.
            for writer in (self.activity, self.co, self.reach, self.radiated):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(writer.model._meta.db_table)}")
        # The bulk writer bypassed the signals that keep the per-federation activity counts current.
        counts.rebuild()


def find_federation(name, under=None):
    """A federation by its exact name, optionally inside ``under``'s subtree."""
    queryset = Federation.objects.filter(name=name)
    if under is not None:
        queryset = queryset.filter(tree_id=under.tree_id, lft__gte=under.lft, rght__lte=under.rght)
    return queryset.order_by("tree_id", "lft").first()
