"""The dashboard's trained-share figure (cadres.training, read by evaluations): per child, totals, drill-down."""

import datetime
import io
from decimal import Decimal

from django.test import Client
from openpyxl import load_workbook

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


def test_the_excel_export_has_the_dashboards_trained_share_per_federation(tree, users, api_client):
    # given: 水果湖街 has its chair trained, 中南路街 one untrained vice chair and a trained community chair
    trained(PostFactory(federation=tree.s1c1, position=Position.CHAIR).person, tree.s1)
    PostFactory(federation=tree.s2, position=Position.VICE_CHAIR_FULLTIME)
    trained(PostFactory(federation=tree.s2c1, position=Position.CHAIR).person, tree.s2)
    PostFactory(federation=tree.s2c1, position=Position.VICE_CHAIR_PARTTIME)
    query = {"federation": tree.d1.pk, **YEAR}
    dashboard = api_client(users.district).get(URL, query).json()
    # when
    client = Client()
    client.force_login(users.district)
    response = client.get("/evaluations/dashboard/export.xlsx", query)
    # then: the same three figures per child and on the totals row
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content))["下级组织"]
    header, *rows = sheet.iter_rows(values_only=True)
    assert header[-3:] == ("主席、副主席数", "干部培训达标人数", "干部培训达标比例")
    exported = {row[0]: row[-3:] for row in rows}
    expected = {c["name"]: (c["trained_cadres"], c["trained"], c["trained_share"]) for c in dashboard["children"]}
    totals = dashboard["totals"]
    expected["武昌区妇联（合计）"] = (totals["trained_cadres"], totals["trained"], totals["trained_share"])
    assert exported == expected
    assert exported["水果湖街妇联"] == (1, 1, 1.0) and exported["中南路街妇联"] == (3, 1, 0.3333)
    assert all(row[-1].number_format == "0.00%" for row in sheet.iter_rows(min_row=2))
