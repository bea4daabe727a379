"""Demo data for pillar 2: people and posts for every federation, the Party organisations, the 会改联
elections, duty reports with both lines' reviews and women's ratings, and a year of 四个一 checks.

Runs after the tree (``demo.tree``); deterministic (``ctx.rng``), idempotent (nothing if posts exist), bulk
inserts only (no history rows). Figures: exactly 406 sitting appointed part-time community vice chairs;
1,780 villages + 149 brigades elected in 48 days with 60,623 representatives, 1,896 chairs, 6,676 vice
chairs and 11,699 executive members, stored on the election records and as Post rows linked to the
elections; the representatives too at the city and province scales (in the demo, counts only: 60,623 more
rows would not fit its time budget). Terms run from the reform year in steps of ``TERM_LENGTH_YEARS``: the
会改联 posts belong to the first term and, once it is over, have ended and the current term's committees
sit. A few deliberate gaps (``cadres_data.EXPECTED_GAPS``) make the gap list non-empty.
"""

import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from accounts.review import ReviewState
from cadres.choices import (
    Appointment,
    Education,
    ElectionKind,
    PartyOrganizationType,
    Position,
    ReportingLine,
    ReportPeriod,
    ReviewRating,
    Sector,
    Verdict,
)
from cadres.models import (
    DutyReport,
    DutyReportReview,
    Election,
    PartyOrganization,
    Person,
    Post,
    RotationCheck,
    TrainingAttendance,
    TrainingCourse,
    TrainingEnrolment,
    TrainingSession,
    WomenRating,
)
from cadres.models.people import add_years, default_term_end
from cadres.models.rotation import ROTATION_POSITIONS, month_end
from cadres.validators import id_check_digit
from core import bulk
from organizations.choices import COMMUNITY_LEVELS, STREET_LEVELS, Level
from organizations.models import Federation

from . import avatars
from . import cadres_data as D
from .randomness import allocate, months_back

WUHAN_CODE = "420100"


def seed(ctx):
    if Post.objects.exists():
        ctx.log("  cadres: posts are already there")
        return
    roots = list(Federation.objects.filter(parent__isnull=True).order_by("tree_id"))
    if not roots:
        ctx.log("  cadres: no federation tree yet (load the tree first: seed_wuhan --only organizations)")
        return
    builder = Builder(ctx, timezone.localdate())
    for root in roots:
        builder.add_tree(root)
    builder.save()


class Builder:
    def __init__(self, ctx, today):
        self.ctx = ctx
        self.today = today
        self.rng = ctx.rng("cadres")
        self.representative_posts = ctx.params.get("representative_posts", False)
        self.length = settings.TERM_LENGTH_YEARS
        self.first_start = datetime.date(settings.REFORM_YEAR, 3, 1)
        self.term = 1
        while add_years(self.first_start, self.length * self.term) <= today:
            self.term += 1
        self.current_start = add_years(self.first_start, self.length * (self.term - 1))
        self.rows = {model: [] for model in MODELS}
        self.next_id = {model: bulk.next_id(model) for model in MODELS}
        self.sitting_chairs = []  # (post, federation row)
        self.rotation_streets = []  # street rows with their communities/villages in "places"
        self.ids = set()
        self.serial = 0
        # 亮身份: who shows photo and phone on the public pages. A stream of its own, so that the rest of
        # the data set does not move when the shares change.
        self.profile_rng = ctx.rng("cadres:profiles")
        self.portraits = []  # ids of the people given a photo (files written by save())
        self.feds = {}  # every federation row by id (the training organisers are parents)
        self.wuhan_names = {}  # Wuhan's federations by name (the deliberate gaps are named)

    # --- people ---------------------------------------------------------------------------------------

    def person(self, fed, role, male=False):
        rng = self.rng
        gender = "M" if male else "F"
        given = rng.choice(D.GIVEN_MALE if male else D.GIVEN_FEMALE)
        birth = datetime.date(rng.randint(1962, 1995), rng.randint(1, 12), rng.randint(1, 28))
        sector = rng.choice(SECTORS if role != Position.CHAIR else CHAIR_SECTORS)
        id_number = ""
        if role != Position.EXEC_MEMBER or rng.random() < 0.5:
            id_number = self.id_number(fed["code"], birth, male)
        person = self.row(
            Person,
            federation_id=fed["id"],
            name=rng.choice(D.SURNAMES) + given,
            gender=gender,
            birth_year=birth.year,
            phone=f"1{rng.choice('3578')}{rng.randint(0, 999_999_999):09d}",
            id_number=id_number,
            education=rng.choice(EDUCATIONS),
            sector=sector,
            occupation=D.OCCUPATIONS[sector],
            in_system=sector in D.IN_SYSTEM_SECTORS,
            public_profile=self.shows_profile(role),
        )
        # most of those who agreed have handed in a photo; the rest show up as gaps of the indicator
        if person["public_profile"] and self.profile_rng.random() < D.PHOTO_SHARE:
            person["photo"] = avatars.name_for(person["id"])
            self.portraits.append(person["id"])
        return person

    def shows_profile(self, role):
        """Whether a new person agreed to show her profile (亮身份), by the post she is created for."""
        if role == Position.CHAIR:
            return self.rng.random() < D.PUBLIC_PROFILE_SHARE[role]  # the chairs' draw, as it always was
        return self.profile_rng.random() < D.PUBLIC_PROFILE_SHARE.get(role, 0)

    def id_number(self, code, birth, male):
        region = code[:6] if code[:6].isdigit() and len(code) >= 6 else WUHAN_CODE
        while True:
            self.serial += 1
            sequence = self.serial % 500 * 2 + (1 if male else 0)
            first17 = f"{region}{birth:%Y%m%d}{sequence:03d}"
            value = first17 + id_check_digit(first17)
            if value not in self.ids:
                self.ids.add(value)
                return value

    def post(self, fed, person, position, start, term, **fields):
        return self.row(
            Post,
            person_id=person["id"],
            federation_id=fed["id"],
            position=position,
            term_number=term,
            term_start=start,
            term_end=default_term_end(start),
            **fields,
        )

    # --- committees -----------------------------------------------------------------------------------

    def committee(
        self,
        fed,
        size,
        start,
        term,
        chair=True,
        chair_in_two=True,
        two_committees=True,
        appointed_team=None,
        reuse=None,
    ):
        """A sitting executive committee of ``size`` at ``fed``; returns its chair post (or None)."""
        rng = self.rng
        level = fed["level"]
        community = level in COMMUNITY_LEVELS
        street = level in STREET_LEVELS
        reuse = reuse or {}

        def someone(role, male=False):
            pool = reuse.get(role) or []
            return pool.pop(0) if pool else self.person(fed, role, male)

        made = 0
        chair_post = None
        if chair:
            chair_post = self.post(
                fed,
                someone(Position.CHAIR),
                Position.CHAIR,
                start,
                term,
                in_two_committees=community and chair_in_two,
                in_party_committee=(street and rng.random() < 0.6) or (community and rng.random() < 0.5),
            )
            made += 1
        if not community:
            self.post(fed, someone(Position.VICE_CHAIR_FULLTIME), Position.VICE_CHAIR_FULLTIME, start, term)
            made += 1
        for _ in range(rng.randint(1, 2) if community else rng.randint(2, 3)):
            self.post(fed, someone(Position.VICE_CHAIR_PARTTIME), Position.VICE_CHAIR_PARTTIME, start, term)
            made += 1
        if appointed_team is not None:
            self.post(
                fed,
                self.person(fed, Position.VICE_CHAIR_PARTTIME),
                Position.VICE_CHAIR_PARTTIME,
                start,
                term,
                appointment=Appointment.APPOINTED,
                team_name=f"{fed['short']}{rng.choice(D.TEAMS)}",
                team_women_count=appointed_team,
            )
            made += 1
        while made < size:
            male = rng.random() < 0.06
            self.post(
                fed,
                someone(Position.EXEC_MEMBER, male),
                Position.EXEC_MEMBER,
                start,
                term,
                in_two_committees=community and two_committees and not male and rng.random() < 0.2,
            )
            made += 1
        return chair_post

    def start_for(self, base):
        return min(base + datetime.timedelta(days=self.rng.randint(0, 60)), self.today)

    # --- one tree -------------------------------------------------------------------------------------

    def add_tree(self, root):
        rng = self.rng
        is_wuhan = root.code == WUHAN_CODE
        rows = list(
            Federation.objects.filter(tree_id=root.tree_id, archived_at__isnull=True)
            .exclude(level=Level.GRID_GROUP)
            .order_by("lft")
            .values("id", "name", "code", "level", "parent_id", "is_brigade")
        )
        for row in rows:
            row["short"] = row["name"].removesuffix("妇联")
        by_id = {row["id"]: row for row in rows}
        self.feds.update(by_id)
        if is_wuhan:
            self.wuhan_names = {row["name"]: row["id"] for row in rows}
        by_name = {row["name"]: row for row in rows} if is_wuhan else {}
        children = {}
        for row in rows:
            children.setdefault(row["parent_id"], []).append(row)

        def named(name):
            return by_name.get(name, {}).get("id")

        no_chair = {named(n) for n in D.NO_CHAIR_STREETS} - {None}
        sizes = {named(D.SMALL_STREET[0]): D.SMALL_STREET[1], named(D.SMALL_COMMUNITY[0]): D.SMALL_COMMUNITY[1]}
        chair_out = {named(D.CHAIR_NOT_IN_TWO_COMMITTEES), named(D.NOBODY_IN_TWO_COMMITTEES)} - {None}
        nobody_in_two = named(D.NOBODY_IN_TWO_COMMITTEES)
        small_team = named(D.SMALL_TEAM[0])
        expired = named(D.EXPIRED_TERM)

        communities = [r for r in rows if r["level"] == Level.COMMUNITY]
        wanted = D.APPOINTED_COMMUNITY_VICE_CHAIRS if is_wuhan else round(len(communities) * 406 / 1431)
        pool = [r["id"] for r in communities if r["id"] not in (small_team, named(D.SMALL_COMMUNITY[0]))]
        appointed = set(rng.sample(pool, min(max(wanted - (small_team is not None), 0), len(pool))))
        if small_team is not None:
            appointed.add(small_team)

        # The other cities of the province scale held their 会改联 too (with the Wuhan averages per village).
        conversion = self.conversions(rows) if is_wuhan or self.representative_posts else {}
        for fed in rows:
            level = fed["level"]
            start, term = self.start_for(self.current_start), self.term
            if fed["id"] == expired:
                start, term = add_years(self.current_start, -self.length), max(self.term - 1, 1)
            if level in STREET_LEVELS:
                self.party_org(
                    fed,
                    PartyOrganizationType.WORKING_COMMITTEE
                    if level == Level.STREET
                    else PartyOrganizationType.COMMITTEE,
                )
                size = sizes.get(fed["id"], rng.randint(21, 25))
                chair = self.committee(fed, size, start, term, chair=fed["id"] not in no_chair)
                fed["places"] = [p for p in children.get(fed["id"], []) if p["level"] in COMMUNITY_LEVELS]
                self.rotation_streets.append(fed)
            elif level in COMMUNITY_LEVELS:
                self.party_org(
                    fed,
                    rng.choice(
                        [
                            PartyOrganizationType.COMMITTEE,
                            PartyOrganizationType.GENERAL_BRANCH,
                            PartyOrganizationType.BRANCH,
                            PartyOrganizationType.BRANCH,
                        ]
                    ),
                )
                team = None
                if fed["id"] in appointed:
                    team = D.SMALL_TEAM[1] if fed["id"] == small_team else rng.randint(20, 60)
                election = conversion.get(fed["id"])
                reuse = self.conversion_posts(fed, election) if election else None
                if election and self.term == 1:
                    chair = self.top_up(fed, election)
                else:
                    chair = self.committee(
                        fed,
                        sizes.get(fed["id"], rng.randint(11, 14)),
                        start,
                        term,
                        chair_in_two=fed["id"] not in chair_out,
                        two_committees=fed["id"] != nobody_in_two,
                        appointed_team=team,
                        reuse=reuse,
                    )
            else:
                chair = self.committee(fed, rng.randint(9, 15), start, term)
            if chair is not None and fed["parent_id"] and (level in STREET_LEVELS or level in COMMUNITY_LEVELS):
                self.sitting_chairs.append((chair, fed, by_id[fed["parent_id"]]))

    def party_org(self, fed, kind):
        org = self.row(
            PartyOrganization,
            federation_id=fed["id"],
            name=f"{fed['short']}{PartyOrganizationType(kind).label}",
            org_type=kind,
            secretary=self.rng.choice(D.SURNAMES) + self.rng.choice(D.GIVEN_FEMALE + D.GIVEN_MALE),
            contact=f"027-{self.rng.randint(10_000_000, 99_999_999)}",
        )
        fed["party_org"] = org

    # --- 会改联 ----------------------------------------------------------------------------------------

    def conversions(self, rows):
        """One 会改联 election per converted village/brigade, the seed's totals spread over them."""
        rng = self.rng
        villages = [r for r in rows if r["level"] == Level.VILLAGE and not r["is_brigade"]][: D.CONVERSION_VILLAGES]
        brigades = [r for r in rows if r["level"] == Level.VILLAGE and r["is_brigade"]][: D.CONVERSION_BRIGADES]
        chosen = villages + brigades
        if not chosen:
            return {}
        exact = len(villages) == D.CONVERSION_VILLAGES and len(brigades) == D.CONVERSION_BRIGADES
        n = len(chosen)
        totals = (
            D.CONVERSION_TOTALS
            if exact
            else {key: max(round(avg * n), 1 if key == "chairs" else 0) for key, avg in D.CONVERSION_AVERAGES.items()}
        )
        chairs = [1] * totals["chairs"] + [0] * (n - totals["chairs"])
        rng.shuffle(chairs)
        counts = {
            key: allocate(totals[key], [rng.uniform(0.75, 1.25) for _ in range(n)])
            for key in ("representatives", "vice_chairs", "exec_members")
        }
        held = [self.first_start + datetime.timedelta(days=rng.randint(0, D.CONVERSION_DAYS - 1)) for _ in range(n)]
        held[0] = self.first_start
        if n > 1:
            held[-1] = self.first_start + datetime.timedelta(days=D.CONVERSION_DAYS - 1)
        found = {}
        for i, fed in enumerate(chosen):
            election = self.row(
                Election,
                federation_id=fed["id"],
                kind=ElectionKind.CONVERSION,
                term_number=1,
                held_on=held[i],
                representatives=counts["representatives"][i],
                chairs=chairs[i],
                vice_chairs=counts["vice_chairs"][i],
                exec_members=counts["exec_members"][i],
            )
            found[fed["id"]] = election
        return found

    def conversion_posts(self, fed, election):
        """The posts elected at the 会改联 (first term); ended at the next election once that term is over.
        Returns their people by position, to be re-elected first."""
        ended = None if self.term == 1 else self.current_start - datetime.timedelta(days=1)
        people = {Position.CHAIR: [], Position.VICE_CHAIR_PARTTIME: [], Position.EXEC_MEMBER: []}
        plan = [
            (Position.CHAIR, election["chairs"]),
            (Position.VICE_CHAIR_PARTTIME, election["vice_chairs"]),
            (Position.EXEC_MEMBER, election["exec_members"]),
        ]
        if self.representative_posts:
            plan.append((Position.REPRESENTATIVE, election["representatives"]))
        for position, count in plan:
            for _ in range(count):
                person = self.person(fed, position)
                self.post(
                    fed,
                    person,
                    position,
                    election["held_on"],
                    1,
                    election_id=election["id"],
                    ended_on=ended,
                    in_two_committees=position == Position.CHAIR,
                )
                people.setdefault(position, []).append(person)
        return people

    def top_up(self, fed, election):
        """Still in the first term: the committee completed after the 会改联 (补选/增补) to the rule's minimum."""
        later = min(election["held_on"] + datetime.timedelta(days=90), self.today)
        posts = self.rows[Post]
        chair = next(
            (p for p in posts[::-1] if p["election_id"] == election["id"] and p["position"] == Position.CHAIR), None
        )
        size = election["chairs"] + election["vice_chairs"] + election["exec_members"]
        if chair is None:
            chair = self.post(
                fed, self.person(fed, Position.CHAIR), Position.CHAIR, later, 1, in_two_committees=True, note="补选"
            )
            size += 1
        while size < 11:
            self.post(fed, self.person(fed, Position.EXEC_MEMBER), Position.EXEC_MEMBER, later, 1, note="增补")
            size += 1
        return chair

    # --- 四个一 and duty reports ------------------------------------------------------------------------

    def build_rotation(self):
        rng = self.rng
        tz = ZoneInfo(settings.TIME_ZONE)
        deadline_day = settings.ROTATION_CHECK_DEADLINE_DAY
        # The twelve months before this one, the latest first.
        last_month = self.today.replace(day=1) - datetime.timedelta(days=1)
        months = months_back(last_month, 12)[::-1]
        by_street = {}
        for post in self.rows[Post]:
            if post["position"] in ROTATION_POSITIONS and post.get("ended_on") is None:
                by_street.setdefault(post["federation_id"], []).append(post)
        for street in self.rotation_streets:
            places = street["places"]
            if not places:
                continue
            for post in by_street.get(street["id"], []):
                for month in months:
                    if post["term_start"] > month_end(month) or rng.random() < 0.03:
                        continue
                    following = month_end(month) + datetime.timedelta(days=1)
                    day = rng.randint(1, deadline_day) if rng.random() < 0.9 else rng.randint(deadline_day + 1, 20)
                    filed = datetime.datetime.combine(following.replace(day=day), datetime.time(20), tzinfo=tz)
                    place = rng.choice(places)
                    self.row(
                        RotationCheck,
                        post_id=post["id"],
                        month=month,
                        visited_community_id=place["id"],
                        visited=True,
                        exchange_held=rng.random() < 0.95,
                        activity_held=rng.random() < 0.9,
                        looked_back=rng.random() < 0.85,
                        problems_found=f"走访{place['short']}，群众反映活动场地不足",
                        problems_analysed="社区党群服务中心场地共享不够",
                        problems_solved="协调共建单位开放活动室" if rng.random() < 0.7 else "",
                        filed_at=min(filed, datetime.datetime.now(tz)),
                    )

    def build_reports(self):
        rng = self.rng
        tz = ZoneInfo(settings.TIME_ZONE)
        year = self.today.year - 1
        for chair, fed, parent in self.sitting_chairs:
            party = fed.get("party_org")
            if party is None or chair["term_start"] > datetime.date(year, 12, 31):
                continue
            filed = min(datetime.date(year + 1, 1, rng.randint(5, 25)), self.today)
            report = self.row(
                DutyReport,
                post_id=chair["id"],
                year=year,
                period=ReportPeriod.YEAR,
                filed_on=filed,
                summary=f"{fed['short']}妇联{year}年度述职：组织联建、阵地联用、活动联办情况。",
                party_organization_id=party["id"],
                upper_federation_id=parent["id"],
            )
            for line in ReportingLine.values:
                written = self.row(
                    DutyReportReview,
                    report_id=report["id"],
                    line=line,
                    party_organization_id=party["id"] if line == ReportingLine.PARTY else None,
                    reviewer_federation_id=parent["id"] if line == ReportingLine.FEDERATION else None,
                    received_on=min(filed + datetime.timedelta(days=rng.randint(0, 7)), self.today),
                    reviewer=party["secretary"] if line == ReportingLine.PARTY else parent["short"],
                    rating=rng.choice(
                        [ReviewRating.EXCELLENT, ReviewRating.GOOD, ReviewRating.GOOD, ReviewRating.PASS]
                    ),
                    comment="同意述职内容。",
                )
                if line == ReportingLine.FEDERATION:
                    # reviewed by the federation above: approved as of that day (cadres 0010's mapping)
                    report["review_state"] = ReviewState.APPROVED
                    report["reviewed_at"] = datetime.datetime.combine(
                        written["received_on"], datetime.time(0), tzinfo=tz
                    )
            if fed["level"] == Level.VILLAGE:
                continue
            for _ in range(6):
                draw = rng.random()
                if draw < 0.8:
                    score, verdict = rng.randint(85, 100), Verdict.SATISFIED
                elif draw < 0.95:
                    score, verdict = rng.randint(60, 84), Verdict.BASICALLY_SATISFIED
                else:
                    score, verdict = rng.randint(30, 59), Verdict.UNSATISFIED
                self.row(WomenRating, report_id=report["id"], score=score, verdict=verdict)

    # --- training (培训同步管理) -------------------------------------------------------------------------

    def build_training(self):
        """This year's and last year's courses: every chair and vice chair is trained by the federation one
        level up (a street's cadres also by its Party working committee in alternate years; the city's own
        by the city), two 4-hour sessions each, so 8 hours a year. Last year a few missed a session; this
        year only the deliberate ``UNTRAINED_CHAIR`` and ``HALF_TRAINED_VICE_CHAIR``. In a new term's first
        year every executive member is enrolled too (new cadres are trained within their first months)."""
        rng = self.ctx.rng("training")
        leaders = {Position.CHAIR, Position.VICE_CHAIR_FULLTIME, Position.VICE_CHAIR_PARTTIME}
        new_term = self.current_start > add_years(self.today, -1)
        attendees = {}  # organiser id -> [post]
        for post in self.rows[Post]:
            if post.get("ended_on") is not None or post["term_start"] > self.today:
                continue
            if post["position"] not in leaders and not (new_term and post["position"] == Position.EXEC_MEMBER):
                continue
            fed = self.feds[post["federation_id"]]
            attendees.setdefault(fed["parent_id"] or fed["id"], []).append(post)
        untrained = self.wuhan_names.get(D.UNTRAINED_CHAIR)
        half_trained = self.wuhan_names.get(D.HALF_TRAINED_VICE_CHAIR)
        topics = list(D.TRAINING_TITLES)
        for years_back in (1, 0):
            anchor = add_years(self.today, -years_back)
            for organiser_id in sorted(attendees):
                organiser = self.feds[organiser_id]
                if new_term and years_back == 0:
                    day = min(self.today - datetime.timedelta(days=7), self.current_start + datetime.timedelta(days=75))
                else:
                    day = anchor - datetime.timedelta(days=rng.randint(20, 300))
                topic = topics[(organiser_id + years_back) % len(topics)]
                party = organiser.get("party_org") if organiser["level"] in STREET_LEVELS else None
                online = rng.random() < 0.15
                course = self.row(
                    TrainingCourse,
                    federation_id=organiser_id,
                    organiser_party_id=party["id"] if party and (day.year % 2) else None,
                    title=f"{day.year}年{organiser['short']}{D.TRAINING_TITLES[topic]}",
                    topic=topic,
                    starts_on=day,
                    ends_on=day + datetime.timedelta(days=1),
                    hours=8,
                    place="" if online else f"{organiser['short']}{rng.choice(D.TRAINING_PLACES)}",
                    online=online,
                    capacity=None,
                )
                sessions = [
                    self.row(
                        TrainingSession,
                        course_id=course["id"],
                        held_on=day + datetime.timedelta(days=n),
                        subject=f"第{n + 1}讲",
                        hours=4,
                    )
                    for n in range(2)
                ]
                enrolled = set()
                for post in attendees[organiser_id]:
                    if post["person_id"] in enrolled:  # two posts under one organiser: one seat
                        continue
                    enrolled.add(post["person_id"])
                    this_year = years_back == 0
                    if this_year and post["federation_id"] == untrained and post["position"] == Position.CHAIR:
                        continue
                    self.row(TrainingEnrolment, course_id=course["id"], person_id=post["person_id"], note="")
                    missed = None
                    if this_year and post["federation_id"] == half_trained:
                        if post["position"] == Position.VICE_CHAIR_FULLTIME:
                            missed = 1
                    elif not this_year and rng.random() < 0.05:
                        missed = rng.randint(0, 1)
                    for n, session in enumerate(sessions):
                        absent = n == missed
                        late = not absent and rng.random() < 0.03
                        self.row(
                            TrainingAttendance,
                            session_id=session["id"],
                            person_id=post["person_id"],
                            status="ABSENT" if absent else ("LATE" if late else "PRESENT"),
                            absence_reason=rng.choice(D.ABSENCE_REASONS) if absent else "",
                            hours_credited=0 if absent else 4,
                            certificate_number=(
                                f"PX{day.year}-{course['id']:05d}-{post['person_id']}"
                                if n == 1 and missed is None
                                else ""
                            ),
                        )

    # --- write ----------------------------------------------------------------------------------------

    def row(self, model, **values):
        """A row to insert, as a plain dict with its primary key given now (no model instances: speed)."""
        values["id"] = self.next_id[model]
        self.next_id[model] += 1
        self.rows[model].append(values)
        return values

    def save(self):
        self.build_rotation()
        self.build_reports()
        self.build_training()
        with transaction.atomic():
            for model in MODELS:
                writer = bulk.Writer(model)
                writer.extend(self.rows[model]).finish()
                label = LABELS[model]
                self.ctx.counts[f"cadres {label}"] = writer.written
                self.ctx.log(f"  cadres: {writer.written} {label}")
        written = avatars.write(self.portraits)
        self.ctx.counts["cadres portraits"] = len(self.portraits)
        self.ctx.log(f"  cadres: {len(self.portraits)} portraits ({written} files written)")


MODELS = [
    Person,
    PartyOrganization,
    Election,
    Post,
    DutyReport,
    DutyReportReview,
    WomenRating,
    RotationCheck,
    TrainingCourse,
    TrainingSession,
    TrainingEnrolment,
    TrainingAttendance,
]
LABELS = {
    Person: "people",
    PartyOrganization: "party organisations",
    Election: "会改联 elections",
    Post: "posts",
    DutyReport: "duty reports",
    DutyReportReview: "duty report reviews",
    WomenRating: "述职评议 ratings",
    RotationCheck: "四个一 checks",
    TrainingCourse: "training courses",
    TrainingSession: "training sessions",
    TrainingEnrolment: "training enrolments",
    TrainingAttendance: "training attendance rows",
}
SECTORS = [str(value) for value in Sector.values]
CHAIR_SECTORS = [Sector.COMMUNITY_WORKER.value, Sector.PARTY_GOV.value, Sector.PUBLIC_INSTITUTION.value]
EDUCATIONS = [str(value) for value in Education.values]
