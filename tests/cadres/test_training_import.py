"""The organiser's sign-in sheet (签到表): template, preview, every row's errors, all or nothing, scope, and the
same sheet twice adding nothing."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cadres.choices import Position
from cadres.models import TrainingAttendance, TrainingCourse, TrainingEnrolment, TrainingSession
from tests.cadres.factories import PersonFactory, PostFactory

HEADER = "姓名,身份证号,手机号,出勤,缺席原因,认定学时,结业证书编号"


@pytest.fixture
def session(tree):
    course = TrainingCourse.objects.create(
        federation=tree.s1,
        title="街道妇联执委培训",
        topic="MASS_WORK",
        starts_on=datetime.date(2018, 3, 1),
        ends_on=datetime.date(2018, 3, 2),
        hours=Decimal("6"),
        place="街道会议室",
    )
    return TrainingSession.objects.create(course=course, held_on=datetime.date(2018, 3, 1), hours=Decimal("3"))


@pytest.fixture
def cadres(tree):
    """Two cadres of 东亭社区 (in the street's scope), one of 中南社区 (another street)."""
    li = PostFactory(
        federation=tree.s1c1, position=Position.CHAIR, person=PersonFactory(federation=tree.s1c1, name="李芳")
    )
    wang = PostFactory(
        federation=tree.s1v1, person=PersonFactory(federation=tree.s1v1, name="王敏", phone="13900000001")
    )
    zhao = PostFactory(federation=tree.s2c1, person=PersonFactory(federation=tree.s2c1, name="赵红"))
    return li.person, wang.person, zhao.person


def upload(client, session, text, dry_run, name="签到表.csv"):
    sheet = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(
        f"/api/v1/cadres/training-sessions/{session.pk}/attendance-import/",
        {"file": sheet, "dry_run": "true" if dry_run else "false"},
        format="multipart",
    )


GOOD = f"{HEADER}\n李芳,,,出席,,,ZS-1\n王敏,,13900000001,迟到,,2.5,\n"


def test_template_has_the_columns(users, api_client):
    response = api_client(users.street).get("/api/v1/cadres/training-sessions/attendance-template/")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [cell.value for cell in book.active[1]] == HEADER.split(",")


def test_good_sheet_previews_then_imports_and_enrols(users, api_client, session, cadres):
    client = api_client(users.street)
    preview = upload(client, session, GOOD, dry_run=True)
    assert preview.status_code == 200, preview.json()
    assert preview.json() | {"report": []} == {
        "report": [],
        "created": 2,
        "enrolled": 2,
        "skipped": 0,
        "saved": False,
    }
    assert TrainingAttendance.objects.count() == 0
    done = upload(client, session, GOOD, dry_run=False)
    assert done.status_code == 200 and done.json()["saved"] is True
    rows = {a.person.name: (a.status, a.hours_credited, a.certificate_number) for a in TrainingAttendance.objects.all()}
    assert rows == {"李芳": ("PRESENT", Decimal("3"), "ZS-1"), "王敏": ("LATE", Decimal("2.5"), "")}
    assert TrainingEnrolment.objects.filter(course=session.course).count() == 2
    assert TrainingAttendance.history.count() == 2  # recorded


def test_the_same_sheet_twice_adds_nothing(users, api_client, session, cadres):
    client = api_client(users.street)
    assert upload(client, session, GOOD, dry_run=False).status_code == 200
    again = upload(client, session, GOOD, dry_run=False).json()
    assert (again["created"], again["enrolled"], again["skipped"]) == (0, 0, 2)
    assert TrainingAttendance.objects.count() == 2 and TrainingEnrolment.objects.count() == 2


def test_bad_rows_are_each_reported_and_nothing_is_saved(users, api_client, session, cadres):
    text = (
        f"{HEADER}\n"
        "李芳,,,出席,,,\n"  # good
        "无此人,,,出席,,,\n"  # unknown
        "赵红,,,出席,,,\n"  # another street's cadre: out of scope, read as unknown
        "王敏,,,出席,,4,\n"  # hours above the session's 3
        "李芳,,,迟到,,,\n"  # duplicate of row 2
        "王敏,,,缺席,,,\n"  # duplicate of row 5
    )
    response = upload(api_client(users.street), session, text, dry_run=False)
    assert response.status_code == 400
    report = {row["row"]: " ".join(row["errors"]) for row in response.json()["report"]}
    assert set(report) == {3, 4, 5, 6, 7}
    assert "找不到该人员" in report[3] and report[4] == report[3]  # out of scope reads like missing
    assert "认定学时" in report[5] and "0 到本课次学时" in report[5]
    assert "文件第 2 行已登记该学员" in report[6]
    assert "文件第 5 行已登记该学员" in report[7]
    assert TrainingAttendance.objects.count() == 0 and TrainingEnrolment.objects.count() == 0


def test_absence_needs_a_reason_and_bad_status_or_hours(users, api_client, session, cadres):
    text = f"{HEADER}\n李芳,,,缺席,,,\n王敏,,,请假,,,\n"
    report = upload(api_client(users.street), session, text, dry_run=True).json()["report"]
    assert "缺席须填写原因" in " ".join(report[0]["errors"])
    assert "不是有效选项" in " ".join(report[1]["errors"])
    text = f"{HEADER}\n李芳,,,出席,,三,\n"
    assert "请填写数字" in " ".join(
        upload(api_client(users.street), session, text, dry_run=True).json()["report"][0]["errors"]
    )


def test_only_the_organiser_in_scope_imports(users, api_client, session, cadres):
    # a community chair sees nothing of the street's course; another district: 404 like a missing id
    assert upload(api_client(users.chair), session, GOOD, dry_run=True).status_code == 404
    assert upload(api_client(users.other_district), session, GOOD, dry_run=True).status_code == 404
    # a viewer sees it but may not change it
    assert upload(api_client(users.viewer), session, GOOD, dry_run=False).status_code == 403
    assert TrainingAttendance.objects.count() == 0


def test_a_file_that_is_not_a_sheet_is_a_chinese_400(users, api_client, session):
    response = upload(api_client(users.street), session, "<html>hi</html>", dry_run=True, name="x.csv")
    assert response.status_code == 400 and "file" in response.json()
    response = upload(api_client(users.street), session, "x", dry_run=True, name="x.pdf")
    assert response.status_code == 400 and "Excel" in str(response.json())


def test_xlsx_sheet_is_read(users, api_client, session, cadres):
    book = openpyxl.Workbook()
    book.active.append(HEADER.split(","))
    book.active.append(["李芳", None, None, "出席", None, 3.0, None])
    buffer = io.BytesIO()
    book.save(buffer)
    sheet = SimpleUploadedFile("签到表.xlsx", buffer.getvalue())
    response = api_client(users.street).post(
        f"/api/v1/cadres/training-sessions/{session.pk}/attendance-import/",
        {"file": sheet, "dry_run": "false"},
        format="multipart",
    )
    assert response.status_code == 200, response.json()
    assert TrainingAttendance.objects.get().hours_credited == Decimal("3")
