"""Fast writing of generated activities: rows as tuples with explicit ids, written in batches (COPY on
PostgreSQL, executemany elsewhere; no model instances, no history rows), so memory stays flat however many
activities are written."""

import datetime

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Max
from django.utils import timezone

from core.pgcopy import csv_buffer
from organizations.models import Federation

from . import counts
from .choices import (
    KIND_SECTORS,
    MEMBER_UNIT_SECTORS,
    CoOrganizerKind,
    ReachVia,
    Sector,
)
from .models import Activity, ActivityReach, CoOrganizer, SocialOrganization, Team
from .seed_data import BATCH


class Inserter:
    """Rows for one table as tuples, written in batches; ids are given, not returned. PostgreSQL takes them
    by COPY (psycopg2's executemany is one round trip a row: an hour for the city's million activities)."""

    def __init__(self, model, fields):
        self.model = model
        self.fields = [model._meta.get_field(name) for name in fields]
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        self.sql = f"INSERT INTO {table} ({columns}) VALUES ({marks})"
        self.copy_sql = f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')"
        self.rows = []
        self.written = 0
        start = model._default_manager.aggregate(top=Max("pk"))["top"] or 0
        self.next_id = start + 1

    def new_id(self):
        self.next_id += 1
        return self.next_id - 1

    def add(self, row):
        self.rows.append(row)

    def flush(self):
        if self.rows:
            with connection.cursor() as cursor:
                if connection.vendor == "postgresql":
                    cursor.cursor.copy_expert(self.copy_sql, csv_buffer(self.rows))
                else:
                    cursor.executemany(self.sql, self.rows)
            self.written += len(self.rows)
            self.rows = []


def _when(value, vendor=None):
    """A timezone-aware datetime as the database takes it: text, made once here rather than for every row
    that repeats it (SQLite: naive UTC, as Django stores it; PostgreSQL: ISO 8601 with the offset)."""
    if (vendor or connection.vendor) == "sqlite":
        return value.astimezone(datetime.UTC).replace(tzinfo=None).isoformat(" ")
    return value.isoformat()


def months_back(today, years):
    first = today.replace(day=1)
    for _ in range(12 * years - 1):
        first = (first - datetime.timedelta(days=1)).replace(day=1)
    months = []
    while first <= today:
        months.append(first)
        first = (first + datetime.timedelta(days=32)).replace(day=1)
    return months


class Pools:
    """What each community may run an activity with, loaded once: its teams, Party organisation, member units
    (its own and its street's), social organisations (its own and its street's), sibling communities and
    venues."""

    def __init__(self):
        self.teams = self._group(Team.objects.values_list("federation_id", "id"))
        self.social = self._group(SocialOrganization.objects.values_list("cultivated_by_id", "id"))
        self.party, self.units, self.venues = {}, {}, {}
        if apps.is_installed("cadres"):
            PartyOrganization = apps.get_model("cadres", "PartyOrganization")
            self.party = dict(PartyOrganization.objects.values_list("federation_id", "id"))
        if apps.is_installed("organizations"):
            MemberUnit = apps.get_model("organizations", "MemberUnit")
            for federation_id, unit_id, unit_type in MemberUnit.objects.filter(left_on__isnull=True).values_list(
                "federation_id", "id", "unit_type"
            ):
                self.units.setdefault(federation_id, []).append(
                    (unit_id, MEMBER_UNIT_SECTORS.get(unit_type, Sector.ECONOMIC))
                )
        if apps.is_installed("venues"):
            Venue = apps.get_model("venues", "Venue")
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
        self.vendor = connection.vendor  # read once: the connection proxy costs a lookup per access
        self.now = _when(timezone.now(), self.vendor)
        self.activity = Inserter(
            Activity,
            [
                "id",
                "created_at",
                "updated_at",
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
            ],
        )
        self.co = Inserter(
            CoOrganizer,
            [
                "id",
                "created_at",
                "updated_at",
                "activity",
                "role",
                "federation",
                "member_unit",
                "social_organization",
                "team",
                "party_organization",
                "sector",
            ],
        )
        self.radiated = Inserter(Activity.radiated_to.through, ["id", "activity", "federation"])
        self.reach = Inserter(
            ActivityReach, ["id", "created_at", "updated_at", "activity", "federation", "start", "via"]
        )
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
        start_db = _when(start, self.vendor)
        self.activity.add(
            (
                activity_id,
                self.now,
                self.now,
                federation_id,
                title,
                kind_id,
                start_db,
                _when(end, self.vendor),
                venue_id,
                description,
                participants,
                women,
                len(sectors) >= 2,
            )
        )
        reached = {federation_id: ReachVia.OWNER}
        for role, kind, target, sector in co_organizers:
            refs = [target if name == kind else None for name in self.targets]
            self.co.add((self.co.new_id(), self.now, self.now, activity_id, role, *refs, sector))
            if kind == CoOrganizerKind.FEDERATION:
                reached.setdefault(target, ReachVia.CO_ORGANIZER)
        for federation in radiated:
            self.radiated.add((self.radiated.new_id(), activity_id, federation))
            reached.setdefault(federation, ReachVia.RADIATED)
        for federation, via in reached.items():
            self.reach.add((self.reach.new_id(), self.now, self.now, activity_id, federation, start_db, via))
        if len(self.activity.rows) >= BATCH:
            self.flush()

    def flush(self):
        with transaction.atomic():
            for inserter in (self.activity, self.co, self.radiated, self.reach):
                inserter.flush()

    def finish(self):
        self.flush()
        models = [Activity, CoOrganizer, ActivityReach, Activity.radiated_to.through]
        statements = connection.ops.sequence_reset_sql(no_style(), models)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
            # Fresh statistics after a bulk load: without them SQLite joins a million activities badly.
            for model in models:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
        # COPY bypassed the signals that keep the per-federation activity counts current.
        counts.rebuild()


def find_federation(name, under=None):
    """A federation by its exact name, optionally inside ``under``'s subtree."""
    queryset = Federation.objects.filter(name=name)
    if under is not None:
        queryset = queryset.filter(tree_id=under.tree_id, lft__gte=under.lft, rght__lte=under.rght)
    return queryset.order_by("tree_id", "lft").first()
