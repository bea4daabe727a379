"""Records of every pillar for the page tests, on the shared small tree, at two sizes: ``populate`` puts the
same mix on any list of places, ``grow`` adds a street with communities and more of everything."""

import datetime

from django.utils import timezone

from accounts import inbox
from accounts.models import ApiToken, MessageKind, Role, User
from activities.models import ActivityKind, Team
from cadres.models import (
    PartyOrganization,
    Post,
    TrainingAttendance,
    TrainingCourse,
    TrainingEnrolment,
    TrainingSession,
)
from core import dates
from evaluations.choices import QuestionKind
from evaluations.models import Survey, SurveyQuestion, SurveyTemplate
from organizations.choices import Level
from organizations.models import Federation, MemberUnit
from tests.activities.conftest import log_activity
from tests.evaluations import builders as b


def template():
    found = SurveyTemplate.objects.filter(name="页面测试问卷").first()
    if found:
        return found
    found = SurveyTemplate.objects.create(name="页面测试问卷")
    SurveyQuestion.objects.create(template=found, position=1, kind=QuestionKind.SATISFACTION, text="满意吗？")
    return found


def populate(places, rows, tag):
    """On each place: ``rows`` activities this month (with a team co-organising), survey answers,
    consultations and a message in every account's inbox; an account with an API token; a survey, a
    Women's Home, a member unit, a team, a Party organisation, a chair with a duty report and its ratings, a
    training course with ``rows`` sessions she attended."""
    today = dates.today()
    kind = ActivityKind.objects.order_by("order").first()
    for index, place in enumerate(places):
        name = f"{tag}-{index}"
        team = Team.objects.create(federation=place, name=f"舞蹈队{name}", kind="DANCE", women_count=20)
        MemberUnit.objects.create(
            federation=place, name=f"单位{name}", unit_type="ENTERPRISE", joined_on=datetime.date(2017, 5, 1)
        )
        PartyOrganization.objects.get_or_create(
            federation=place, defaults={"name": f"党支部{name}", "org_type": "BRANCH"}
        )
        b.home(place)
        survey = Survey.objects.create(
            template=template(),
            federation=place,
            title=f"满意度测评{name}",
            opens_on=today - datetime.timedelta(days=10),
            closes_on=today + datetime.timedelta(days=10),
        )
        # an account with an API token (the token admin's row page is its revoke page)
        account = User.objects.create_user(f"page-{name}", role=Role.COMMUNITY_CHAIR, federation=place)
        ApiToken.objects.create(user=account)
        has_chair = Post.objects.filter(federation=place, position="CHAIR").exists()
        post = b.post(b.person(place, True, "", "13800000001"), place, "EXEC_MEMBER" if has_chair else "CHAIR")
        report = b.duty_report(post, today - datetime.timedelta(days=20 + index))
        course = TrainingCourse.objects.create(
            federation=place,
            title=f"干部培训班{name}",
            topic="MASS_WORK",
            starts_on=today - datetime.timedelta(days=30),
            ends_on=today,
            hours=2 * rows,
            online=True,
        )
        TrainingEnrolment.objects.create(course=course, person=post.person)
        for row in range(rows):
            start = datetime.datetime.combine(today.replace(day=1 + row % 20), datetime.time(9, 30))
            log_activity(
                place,
                kind,
                start.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=8))),
                co_organizers=[(team, "CO_HOST")],
            )
            b.response(survey, today - datetime.timedelta(days=row % 5), "SATISFIED", True)
            b.consultation(place, today - datetime.timedelta(days=row % 5))
            b.rating(report, 60 + row)
            session = TrainingSession.objects.create(
                course=course, held_on=today - datetime.timedelta(days=row % 30), subject=f"第{row + 1}讲", hours=2
            )
            TrainingAttendance.objects.create(session=session, person=post.person, certificate_number=f"ZS{row}")
            # a message in every account's inbox, every other one read (the inbox and the header's count)
            posted = inbox.post(User.objects.all(), MessageKind.NOTICE, f"通知{name}-{row}", "请按时参加。", "/")
            if row % 2:
                inbox.Message.objects.filter(pk__in=[m.pk for m in posted]).update(read_at=timezone.now())


def grow(tree, rows):
    """Another street in 武昌 (D1) with three communities, and ``rows`` more of everything everywhere."""
    street = Federation.objects.create(name="扩展街妇联", code="GX", level=Level.STREET, parent=tree.d1)
    extra = [
        Federation.objects.create(name=f"扩展社区{i}妇联", code=f"GX{i}", level=Level.COMMUNITY, parent=street)
        for i in range(3)
    ]
    places = [tree.s1c1, tree.s1v1, tree.s2c1, tree.s3c1, tree.s1, tree.d1]
    populate(places + extra, rows, "more")
