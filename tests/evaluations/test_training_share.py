"""The dashboard's trained-share figure (cadres.training, read by evaluations): per child, totals, drill-down."""

import datetime
from decimal import Decimal

from cadres.choices import Position
from cadres.models import TrainingAttendance, TrainingCourse, TrainingEnrolment, TrainingSession
from tests.cadres.factories import PostFactory

URL = "/api/v1/evaluations/dashboard/"
YEAR = {"from": "2024-01-01", "to": "2024-12-31"}


def trained(person, organiser, held_on=datetime.date(2024, 6, 1)):
    course = TrainingCourse.objects.create(
        federation=organiser,
        title="培训班",
        topic="RIGHTS",
        starts_on=held_on,
        ends_on=held_on,
        hours=Decimal("8"),
        online=True,
    )
    session = TrainingSession.objects.create(course=course, held_on=held_on, hours=Decimal("8"))
    TrainingEnrolment.objects.create(course=course, person=person)
    TrainingAttendance.objects.create(session=session, person=person)


def test_dashboard_shows_the_trained_share_per_child_and_drills_down(tree, users, api_client):
    chair = PostFactory(federation=tree.s1c1, position=Position.CHAIR).person
    trained(chair, tree.s1)
    PostFactory(federation=tree.s2, position=Position.VICE_CHAIR_FULLTIME)
    PostFactory(federation=tree.s2c1, position=Position.EXEC_MEMBER)  # not a chair or vice chair
    client = api_client(users.district)
    body = client.get(URL, {"federation": tree.d1.pk, **YEAR}).json()
    rows = {row["name"]: (row["trained"], row["trained_cadres"], row["trained_share"]) for row in body["children"]}
    assert rows == {"水果湖街妇联": (1, 1, 1.0), "中南路街妇联": (0, 1, 0.0)}
    assert (body["totals"]["trained"], body["totals"]["trained_cadres"]) == (1, 2)
    # a year later her hours have lapsed
    later = client.get(URL, {"federation": tree.s1.pk, "from": "2025-07-01", "to": "2025-07-31"}).json()
    assert [(r["name"], r["trained"], r["trained_cadres"]) for r in later["children"]] == [
        ("东亭社区妇联", 0, 1),
        ("翠柳村妇联", 0, 0),
    ]
