"""Demo data for pillar 4: social organisations, teams and the activities of every community and village.

Runs after organizations, cadres and venues. Deterministic (``ctx.rng``) and idempotent: each part does
nothing when its rows are there. The social organisations and teams mirror the women's organisations of
the "1+N" register (organizations) and top them up, so that most regional federations and every
demonstration home have one, with a few deliberate gaps. Activities cover the last ``years`` years up to
today at ``activities_per_community_month`` a month on average, with the seed article's examples; they
are generated community by community and written in batches with explicit ids (``core.bulk``: no model
instances, no history rows), so memory stays flat at the city scale (about a million activities).
"""

import calendar
import datetime
import itertools
import math

from django.db import transaction
from django.utils import timezone

from activities.choices import (
    CoOrganizerKind,
    CoOrganizerRole,
    RegistrationStatus,
    Sector,
    TeamKind,
)
from activities.models import Activity, ActivityKind, SocialOrganization, Team
from organizations.choices import COMMUNITY_LEVELS, STREET_LEVELS
from organizations.models import Federation, WomenOrganization
from venues.models import Venue

from .activities_data import (
    BAIBUTING_TEAMS,
    CULTIVATION_GAPS,
    FIELD_WORDS,
    GIVEN,
    INTRODUCTION_GAPS,
    KIND_WEIGHTS,
    NAMED_SOCIAL,
    SOCIAL_PATTERNS,
    SURNAMES,
    TEAM_WORDS,
    TITLE_WITH_PLACE,
    TITLES,
    TZ,
)
from .activity_examples import add_seed_examples
from .activity_writer import Pools, Writer, find_federation
from .randomness import months_back


def seed(ctx):
    if not Federation.objects.exists():
        ctx.log("  activities: no federation tree, nothing to do")
        return
    rng = ctx.rng("activities")
    with transaction.atomic():
        seed_social_organizations(ctx, rng)
    with transaction.atomic():
        seed_teams(ctx, rng)
    seed_activities(ctx, ctx.rng("activities:activities"))


def _stem(name):
    for suffix in ("妇联分会", "妇联", "妇工委"):
        name = name.removesuffix(suffix)
    return name


def _person(rng):
    return rng.choice(SURNAMES) + rng.choice(GIVEN) + (rng.choice(GIVEN) if rng.random() < 0.5 else "")


def _classify(name, words, default):
    return next((value for word, value in words if word in name), default)


def _women_organizations(org_type):
    return list(
        WomenOrganization.objects.filter(org_type=org_type, status="ACTIVE")
        .order_by("id")
        .values("id", "name", "federation_id", "founded_on", "member_count")
    )


# ------------------------------------------------------------------------------------ social organisations


def seed_social_organizations(ctx, rng):
    if SocialOrganization.objects.exists():
        ctx.log("  activities: the social organisations are already there")
        return
    made, used = [], set()

    def add(federation_id, name, field, **extra):
        if federation_id is None or (federation_id, name) in used:
            return None
        used.add((federation_id, name))
        org = SocialOrganization(
            cultivated_by_id=federation_id,
            name=name,
            field=field,
            registration_status=rng.choice(
                [RegistrationStatus.REGISTERED, RegistrationStatus.FILED, RegistrationStatus.INCUBATING]
            ),
            contact_person=_person(rng),
            member_count=extra.pop("member_count", None) or rng.randint(8, 60),
            **extra,
        )
        made.append(org)
        return org

    # 1. The register's women's social organisations (demo.units), linked to their entries.
    for row in _women_organizations("WOMEN_SOCIAL_ORG"):
        add(
            row["federation_id"],
            row["name"],
            _classify(row["name"], FIELD_WORDS, rng.choice(SOCIAL_PATTERNS)[1]),
            founded_on=row["founded_on"],
            member_count=row["member_count"],
            women_organization_id=row["id"],
        )
    # 2. The seed's named ones, where the register does not have them.
    named_names = {org.name for org in made}
    for name, field, district_name, federation_name, description in NAMED_SOCIAL:
        if name in named_names:
            for org in made:
                if org.name == name:
                    org.description = description
            continue
        district = find_federation(district_name)
        if district is None:
            continue
        federation = (
            find_federation(federation_name, district)
            if federation_name
            else Federation.objects.filter(parent=district).order_by("lft").first()
        )
        add((federation or district).pk, name, field, description=description)
    # 3. Every regionalised street and community has one, but for a few deliberate gaps.
    regional = list(
        Federation.objects.filter(
            level__in=(*STREET_LEVELS, *COMMUNITY_LEVELS), archived_at__isnull=True, regionalized_on__isnull=False
        )
        .order_by("tree_id", "lft")
        .values("id", "name", "regionalized_on")
    )
    have = {org.cultivated_by_id for org in made}
    lacking = [fed for fed in regional if fed["id"] not in have]
    gaps = set(
        fed["id"] for fed in rng.sample(lacking, min(len(lacking), max(1, round(len(regional) * CULTIVATION_GAPS))))
    )
    today = timezone.localdate()
    for fed in lacking:
        if fed["id"] in gaps:
            continue
        pattern, field = rng.choice(SOCIAL_PATTERNS)
        founded = fed["regionalized_on"] + datetime.timedelta(days=rng.randint(10, 200))
        add(fed["id"], f"{_stem(fed['name'])}{pattern}", field, founded_on=min(founded, today))
    SocialOrganization.objects.bulk_create(made, batch_size=2000)
    introduced = _introduce(rng, made)
    ctx.counts["social organisations"] = len(made)
    ctx.counts["social organisations brought into homes"] = introduced
    ctx.log(
        f"  activities: {len(made)} social organisations ({len(gaps)} regional federations left without one), "
        f"{introduced} brought into Women's Homes"
    )


def _introduce(rng, organizations):
    """Each demonstration home brings in a social organisation of its community or street (a few do not)."""
    through = SocialOrganization.introduced_by.through
    homes = list(
        Venue.objects.filter(cluster_memberships__is_demonstration=True)
        .order_by("id")
        .values("id", "federation_id", "federation__parent_id")
    )
    by_federation = {}
    for org in organizations:
        by_federation.setdefault(org.cultivated_by_id, []).append(org.pk)
    skipped = set(home["id"] for home in rng.sample(homes, min(INTRODUCTION_GAPS, len(homes))))
    links = []
    for home in homes:
        if home["id"] in skipped:
            continue
        pool = by_federation.get(home["federation_id"]) or by_federation.get(home["federation__parent_id"])
        if not pool:
            # Nothing cultivated nearby: the city's service centre places one of the organisations it incubates.
            pool = [rng.choice(organizations).pk]
        links.append(through(venue_id=home["id"], socialorganization_id=rng.choice(pool)))
    themed = Venue.objects.filter(code="NV-XIAOCHAHUI").values_list("id", flat=True).first()
    xiaochahui = next((org.pk for org in organizations if org.name == "晓茶会"), None)
    if themed and xiaochahui:
        links.append(through(venue_id=themed, socialorganization_id=xiaochahui))
    through.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)
    return len(links)


# ------------------------------------------------------------------------------------------------- teams


def seed_teams(ctx, rng):
    if Team.objects.exists():
        ctx.log("  activities: the teams are already there")
        return
    made, used = [], set()

    def add(federation_id, name, kind, women, **extra):
        if (federation_id, name) in used:
            return
        used.add((federation_id, name))
        made.append(
            Team(
                federation_id=federation_id,
                name=name,
                kind=kind,
                women_count=women,
                leader_name=_person(rng),
                **extra,
            )
        )

    for row in _women_organizations("CULTURE_SPORTS_TEAM"):
        add(
            row["federation_id"],
            row["name"],
            _classify(row["name"], TEAM_WORDS, TeamKind.OTHER),
            row["member_count"] or rng.randint(12, 60),
            founded_on=row["founded_on"],
            women_organization_id=row["id"],
            is_brand="百步亭" in row["name"],
        )
    baibuting = Federation.objects.filter(name="百步亭社区妇联").order_by("tree_id", "lft").first()
    if baibuting is not None:
        kinds = [kind for kind in TeamKind if kind != TeamKind.OTHER]
        index = 0
        while sum(1 for team in made if team.federation_id == baibuting.pk) < BAIBUTING_TEAMS:
            kind = kinds[index % len(kinds)]
            add(
                baibuting.pk,
                f"百步亭{kind.label}（{index // len(kinds) + 1}）",
                kind,
                rng.randint(20, 80),
                is_brand=True,
            )
            index += 1
    with_team = {team.federation_id for team in made}
    places = Federation.objects.filter(level__in=COMMUNITY_LEVELS, archived_at__isnull=True).order_by("tree_id", "lft")
    for place in places.values("id", "name"):
        if place["id"] in with_team or rng.random() < 0.3:
            continue
        for kind in rng.sample([k for k in TeamKind if k != TeamKind.OTHER], rng.randint(1, 2)):
            add(place["id"], f"{_stem(place['name'])}{kind.label}", kind, rng.randint(12, 60))
    Team.objects.bulk_create(made, batch_size=2000)
    ctx.counts["teams"] = len(made)
    ctx.log(f"  activities: {len(made)} teams")


# -------------------------------------------------------------------------------------------- activities


@transaction.atomic
def seed_activities(ctx, rng):
    if Activity.objects.exists():
        ctx.log("  activities: the activities are already there")
        return
    kinds = dict(ActivityKind.objects.values_list("code", "id"))
    kind_names = dict(ActivityKind.objects.values_list("id", "name"))
    codes = [code for code in KIND_WEIGHTS if code in kinds]
    # Cumulative once here: rng.choices would add the weights up again for each of a million draws.
    weights = list(itertools.accumulate(KIND_WEIGHTS[code] for code in codes))
    today = timezone.localdate()
    months = months_back(today, 12 * ctx.params.get("years", 1))
    rate = ctx.params.get("activities_per_community_month", 2)
    pools = Pools()
    writer = Writer()
    examples = add_seed_examples(writer, kinds, months)
    places = Federation.objects.filter(level__in=COMMUNITY_LEVELS, archived_at__isnull=True)
    trees = ctx.flow_tree_ids()
    if trees is not None:  # the province scale: the other cities have their trees and cadres, not activities
        places = places.filter(tree_id__in=trees)
    places = list(places.order_by("tree_id", "lft").values_list("id", "parent_id", "name"))
    by_street = {}
    for place, street, _name in places:
        by_street.setdefault(street, []).append(place)
    now = timezone.localtime()
    titles = {
        (code, month.month): titles_for(code, month.month, kind_names[kinds[code]])
        for code in codes
        for month in months
    }
    ctx.log(f"  activities: {len(places)} communities and villages, {len(months)} months, ~{rate} a month each")
    for number, (place, street, name) in enumerate(places, start=1):
        neighbours = [pk for pk in by_street[street] if pk != place]
        candidates = pools.candidates(place, {"street": street, "others": neighbours})
        venues = pools.venues.get(place, [])
        stem = _stem(name)
        for month in months:
            month_days = calendar.monthrange(month.year, month.month)[1]
            # The running month only up to now: as many as its elapsed share, none in the future.
            days = today.day if month == months[-1] else month_days
            count = max(0, round(rng.gauss(rate, rate * 0.5) * days / month_days))
            for _ in range(count):
                start, end = _when(rng, month, days, now)
                if start is None:
                    continue
                code = rng.choices(codes, cum_weights=weights)[0]
                title = rng.choice(titles[code, month.month])
                if rng.random() < TITLE_WITH_PLACE:
                    title = f"{stem}{title}"
                _random_activity(rng, writer, place, code, title, start, end, kinds, candidates, neighbours, venues)
        ctx.progress("activities, by community", number, len(places))
    writer.finish()
    ctx.counts["activities"] = writer.activity.written
    ctx.counts["activity co-organisers"] = writer.co.written
    ctx.counts["activity reach rows"] = writer.reach.written
    ctx.log(
        f"  activities: {writer.activity.written} activities ({examples} from the seed article), "
        f"{writer.co.written} co-organisers, {writer.reach.written} reach rows"
    )


def titles_for(code, month, default):
    """The titles of ``code`` that fit ``month`` (the seasonal ones only in their months)."""
    found = []
    for entry in TITLES.get(code, [default]):
        title, months = entry if isinstance(entry, tuple) else (entry, None)
        if months is None or month in months:
            found.append(title)
    return found or [default]


def _when(rng, month, days, now):
    """Start and end of an activity on a day of ``month`` up to day ``days``, ended before ``now``; (None,
    None) when no draw lands in the past (the first hours of a month)."""
    for _ in range(5):
        day = rng.randint(1, days)
        hour = rng.choice((9, 9, 10, 14, 15, 15, 19))
        start = datetime.datetime(month.year, month.month, day, hour, rng.choice((0, 30)), tzinfo=TZ)
        end = start + datetime.timedelta(minutes=rng.choice((60, 90, 120, 120, 180)))
        if end <= now:
            return start, end
    return None, None


def _random_activity(rng, writer, place, code, title, start, end, kinds, candidates, neighbours, venues):
    participants = rng.randint(12, 120)
    women = min(participants, math.ceil(participants * rng.uniform(0.6, 1.0)))
    co_organizers = []
    if rng.random() < 0.7:
        co_organizers.append((CoOrganizerRole.LEAD, CoOrganizerKind.FEDERATION, place, Sector.WOMEN_FEDERATION))
    if candidates:
        for kind, target, sector in rng.sample(candidates, min(len(candidates), rng.choice((0, 1, 1, 2)))):
            role = CoOrganizerRole.CO_HOST if rng.random() < 0.7 else CoOrganizerRole.SUPPORTER
            co_organizers.append((role, kind, target, sector))
    radiated = rng.sample(neighbours, min(len(neighbours), rng.randint(1, 3))) if rng.random() < 0.08 else []
    venue = rng.choice(venues) if venues and rng.random() < 0.6 else None
    writer.add(place, kinds[code], title, start, end, venue, participants, women, co_organizers, radiated)
