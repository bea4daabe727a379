"""Demo data for pillar 5: on the standard survey (a migration's), a satisfaction survey per street for the
past year(s) (plus surveys of demonstration homes and of some activities) with anonymous answers,
consultations logged at street level where the venues' demo data has none in the period, and the monthly
summary table rebuilt once from everything the other pillars bulk-loaded. Runs last; runs alone too."""

import calendar
import datetime
import hashlib

from django.db import connection, transaction
from django.utils import timezone

from activities.models import Activity
from core import bulk
from evaluations import rollups, snapshots
from evaluations.choices import QuestionKind, Satisfaction
from evaluations.models import Survey, SurveyAnswer, SurveyResponse, SurveyTemplate
from organizations.choices import COMMUNITY_LEVELS, STREET_LEVELS, Level
from organizations.models import Federation
from venues.models import ClusterMembership, ConsultationRequest

from .randomness import months_back

# The standard survey the product ships (migration evaluations 0003): the demo's answers are to its questions.
TEMPLATE_NAME = "妇女群众满意度测评"
COMMENTS = [
    "希望多开展亲子活动。",
    "妇女之家开放时间能再长一些。",
    "活动很丰富，感谢妇联！",
    "希望增加就业技能培训。",
    "维权咨询答复很及时。",
    "希望有更多家庭教育讲座。",
    "社区妇联主席很热心。",
    "希望活动通知能早一点发到楼栋群里。",
    "插花和茶艺课很受欢迎，希望多办几期。",
    "老年姐妹也想参加，希望照顾一下时间安排。",
]
RESPONSE_FIELDS = ["id", "survey", "federation", "submitted_at", "device_key", "satisfaction", "can_name"]
ANSWER_FIELDS = ["id", "response", "question", "satisfaction", "yes", "text"]
# Answers per street and month, by scale (city: about 2,000,000 answers over five years).
RESPONSES_PER_STREET_MONTH = {"demo": 6, "city": 70, "province": 70}
ACTIVITY_SURVEYS = {"demo": 40, "city": 400, "province": 400}


def moment(rng, month, today):
    last = (
        today.day
        if (month.year, month.month) == (today.year, today.month)
        else calendar.monthrange(month.year, month.month)[1]
    )
    day = month.replace(day=rng.randint(1, last))
    naive = datetime.datetime.combine(day, datetime.time(rng.randint(8, 21), rng.randint(0, 59)))
    return timezone.make_aware(naive)


def standard_template():
    """The standard survey and its questions by kind, or (None, {}) when the city office has removed it."""
    template = SurveyTemplate.objects.filter(name=TEMPLATE_NAME).first()
    if template is None:
        return None, {}
    return template, {q.kind: q for q in template.questions.all()}


class Builder:
    def __init__(self, ctx, today):
        self.ctx = ctx
        self.today = today
        self.years = ctx.params.get("years", 1)
        self.months = months_back(today, 12 * self.years)
        self.window_start = self.months[0]
        self.per_month = RESPONSES_PER_STREET_MONTH.get(ctx.scale, 6)
        self.rng = ctx.rng("evaluations:surveys")
        rows = Federation.objects.filter(
            level__in=(*STREET_LEVELS, *COMMUNITY_LEVELS, Level.DISTRICT, Level.FUNCTIONAL_ZONE)
        ).filter(archived_at__isnull=True)
        trees = ctx.flow_tree_ids()
        if trees is not None:  # the province scale: survey answers in the first city only
            rows = rows.filter(tree_id__in=trees)
        rows = list(rows.values("id", "name", "level", "parent_id", "tree_id", "lft").order_by("tree_id", "lft"))
        self.streets = [row for row in rows if row["level"] in STREET_LEVELS]
        self.street_of = {row["id"]: row["parent_id"] for row in rows if row["level"] in COMMUNITY_LEVELS}
        self.communities = {}
        for row in rows:
            if row["level"] in COMMUNITY_LEVELS:
                self.communities.setdefault(row["parent_id"], []).append(row["id"])
        # Each district leans its own way, so the dashboard has something to compare.
        districts = [row["id"] for row in rows if row["level"] in (Level.DISTRICT, Level.FUNCTIONAL_ZONE)]
        mood = ctx.rng("evaluations:mood")
        self.district_mood = {pk: (mood.uniform(0.55, 0.85), mood.uniform(0.35, 0.65)) for pk in districts}
        self.next_key = 0

    def device_key(self):
        self.next_key += 1
        return hashlib.sha256(f"seed:{self.ctx.seed}:{self.next_key}".encode()).hexdigest()

    # --- surveys --------------------------------------------------------------------------------------

    def surveys(self, template):
        closes = self.today + datetime.timedelta(days=30)
        per_street = [
            Survey(
                template=template,
                federation_id=street["id"],
                title=f"{street['name'].removesuffix('妇联')}妇女群众满意度测评",
                intro="请您为本街道（乡镇）妇联和社区（村）妇联的工作打分，匿名填写。",
                opens_on=self.window_start,
                closes_on=closes,
            )
            for street in self.streets
        ]
        demo = ClusterMembership.objects.filter(is_demonstration=True).values(
            "venue_id", "venue__federation_id", "venue__name"
        )
        homes = [
            Survey(
                template=template,
                federation_id=row["venue__federation_id"],
                venue_id=row["venue_id"],
                title=f"{row['venue__name']}服务满意度测评",
                opens_on=self.window_start,
                closes_on=closes,
            )
            for row in demo
        ]
        activities = []
        recent = list(
            Activity.objects.filter(
                start__gte=timezone.make_aware(datetime.datetime.combine(self.window_start, datetime.time())),
                start__lte=timezone.now(),
            )
            .order_by("-start", "-id")
            .values("id", "federation_id", "title", "start")[: 20 * ACTIVITY_SURVEYS.get(self.ctx.scale, 40)]
        )
        picked = self.rng.sample(recent, min(len(recent), ACTIVITY_SURVEYS.get(self.ctx.scale, 40)))
        for row in picked:
            day = timezone.localtime(row["start"]).date()
            activities.append(
                Survey(
                    template=template,
                    federation_id=row["federation_id"],
                    activity_id=row["id"],
                    title=f"“{row['title']}”活动满意度",
                    opens_on=day,
                    closes_on=day + datetime.timedelta(days=7),
                )
            )
        created = Survey.objects.bulk_create(per_street + homes + activities, batch_size=1000)
        return (
            created[: len(per_street)],
            created[len(per_street) : len(per_street) + len(homes)],
            created[len(per_street) + len(homes) :],
        )

    # --- answers --------------------------------------------------------------------------------------

    def district_of(self, street):
        return street["parent_id"]

    def answer_sheet(self, survey, federation_id, when, mood, questions):
        rng = self.rng
        happy, knows = mood
        draw = rng.random()
        satisfaction = (
            Satisfaction.SATISFIED
            if draw < happy
            else Satisfaction.BASIC
            if draw < happy + (1 - happy) * 0.7
            else Satisfaction.UNSATISFIED
        )
        # Recognition grows as the reform goes on: later months know their cadres better.
        progress = (when.date() - self.window_start).days / max(1, (self.today - self.window_start).days)
        can_name = rng.random() < knows + 0.15 * progress
        response_id = self.response_id
        self.response_id += 1
        self.response_rows.append(
            (response_id, survey.pk, federation_id, when, self.device_key(), satisfaction, can_name)
        )
        self.answer(response_id, questions[QuestionKind.SATISFACTION], satisfaction=satisfaction)
        self.answer(response_id, questions[QuestionKind.CAN_NAME_CADRE], yes=can_name)
        if QuestionKind.YES_NO in questions and rng.random() < 0.8:
            self.answer(response_id, questions[QuestionKind.YES_NO], yes=rng.random() < 0.7)
        if QuestionKind.TEXT in questions and rng.random() < 0.12:
            self.answer(response_id, questions[QuestionKind.TEXT], text=rng.choice(COMMENTS))

    def answer(self, response_id, question, satisfaction="", yes=None, text=""):
        self.answer_rows.append((self.answer_id, response_id, question.pk, satisfaction, yes, text))
        self.answer_id += 1

    def write(self):
        """Insert the sheets gathered so far (raw multi-row inserts with ids given here)."""
        count = bulk.insert(SurveyResponse, RESPONSE_FIELDS, self.response_rows)
        self.answers_written += bulk.insert(SurveyAnswer, ANSWER_FIELDS, self.answer_rows)
        self.response_rows, self.answer_rows = [], []
        return count

    def responses(self, street_surveys, home_surveys, activity_surveys, questions):
        homes_by_street = {}
        for survey in home_surveys:
            street = self.street_of.get(survey.federation_id)
            homes_by_street.setdefault(street, []).append(survey)
        total = 0
        self.response_id, self.answer_id = bulk.next_id(SurveyResponse), bulk.next_id(SurveyAnswer)
        self.response_rows, self.answer_rows, self.answers_written = [], [], 0
        for number, month in enumerate(self.months, start=1):
            for street, survey in zip(self.streets, street_surveys, strict=True):
                mood = self.district_mood.get(street["parent_id"], (0.7, 0.5))
                homes = homes_by_street.get(street["id"], [])
                for _ in range(self.per_month):
                    target = survey
                    if homes and self.rng.random() < 0.3:
                        target = self.rng.choice(homes)
                    when = moment(self.rng, month, self.today)
                    self.answer_sheet(target, target.federation_id, when, mood, questions)
            total += self.write()
            self.ctx.progress("survey answers, by month", number, len(self.months))
        street_district = {street["id"]: street["parent_id"] for street in self.streets}
        for survey in activity_surveys:
            street = self.street_of.get(survey.federation_id, survey.federation_id)
            district = street_district.get(street)
            mood = self.district_mood.get(district, (0.75, 0.5))
            for _ in range(self.rng.randint(5, 15)):
                day = min(survey.opens_on + datetime.timedelta(days=self.rng.randint(0, 3)), self.today)
                when = timezone.make_aware(datetime.datetime.combine(day, datetime.time(self.rng.randint(9, 20))))
                self.answer_sheet(survey, survey.federation_id, when, (mood[0] + 0.1, mood[1]), questions)
        total += self.write()
        bulk.reset_sequences(SurveyResponse, SurveyAnswer)
        return total

    # --- consultations at street level ----------------------------------------------------------------

    def consultations(self):
        """Rights consultations logged by streets and communities in the period, for the streets that have
        none (demo.venues logs the city's and districts' in the reform year)."""
        request = ConsultationRequest
        rng = self.ctx.rng("evaluations:consultations")
        logged = set(request.objects.filter(received_on__gte=self.window_start).values_list("federation_id", flat=True))
        covered = {self.street_of.get(pk, pk) for pk in logged}
        categories = [value for value, _label in request._meta.get_field("category").choices]
        channels = [value for value, _label in request._meta.get_field("channel").choices]
        rows = []
        for street in self.streets:
            if street["id"] in covered:
                continue
            places = [street["id"], *self.communities.get(street["id"], [])]
            for _ in range(rng.randint(3, 6) * self.years):
                received = self.window_start + datetime.timedelta(
                    days=rng.randint(0, (self.today - self.window_start).days)
                )
                draw = rng.random()
                delay = rng.randint(0, 7) if draw < 0.85 else rng.randint(9, 20) if draw < 0.93 else None
                answered = (
                    None
                    if delay is None or received + datetime.timedelta(days=delay) > self.today
                    else (received + datetime.timedelta(days=delay))
                )
                category = rng.choice(categories)
                rows.append(
                    request(
                        federation_id=rng.choice(places),
                        channel=rng.choice(channels),
                        category=category,
                        received_on=received,
                        answered_on=answered,
                        summary="妇女群众来访咨询（演示数据）",
                        answer="已当面答复并转介相关部门。" if answered else "",
                    )
                )
        request.objects.bulk_create(rows, batch_size=2000)
        return len(rows)


def seed(ctx):
    today = timezone.localdate()
    template, questions = standard_template()
    if template is None:
        ctx.log(f"  evaluations: the standard survey「{TEMPLATE_NAME}」is gone; surveys skipped")
    elif SurveyResponse.objects.exists():
        ctx.log("  evaluations: the survey answers are already there")
    else:
        builder = Builder(ctx, today)
        if not builder.streets:
            ctx.log("  evaluations: no streets yet (seed_wuhan --only organizations first); surveys skipped")
        else:
            with transaction.atomic():
                streets, homes, activities = builder.surveys(template)
                ctx.log(
                    f"  evaluations: {len(streets)} street, {len(homes)} home and {len(activities)} activity surveys"
                )
                answered = builder.responses(streets, homes, activities, questions)
                ctx.counts["surveys"] = len(streets) + len(homes) + len(activities)
                ctx.counts["survey responses"] = answered
                ctx.counts["survey answers"] = builder.answers_written
                ctx.counts["consultations (street level)"] = builder.consultations()
    # The other pillars' seeds bulk-load (no signals): count everything once, now.
    ctx.counts["monthly stats"] = rollups.rebuild()
    if connection.vendor == "postgresql":
        # Fresh bulk loads leave the planner's statistics empty; every seed has run by now.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    this_month = today.replace(day=1)
    ctx.counts["indicator snapshots"] = snapshots.take(
        [snapshots.previous_month(this_month), this_month], levels=(Level.CITY, Level.DISTRICT, Level.FUNCTIONAL_ZONE)
    )
