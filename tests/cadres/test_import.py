"""Excel import of people with posts: dry run, row-by-row errors, all-or-nothing, scope, Celery job."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from cadres import importer
from cadres.choices import ImportStatus, Position
from cadres.models import ImportJob, Person, Post
from cadres.models.people import default_term_end
from tests.cadres.factories import PersonFactory, make_id_number

URL = "/api/v1/cadres/imports/"
HEADER = [
    "姓名",
    "性别",
    "手机号",
    "身份证号",
    "妇联编码",
    "职务",
    "届次",
    "任期开始",
    "产生方式",
    "两委成员",
    "所带团队",
    "团队女性人数",
]


def row(name, code, position="执委", id_number="", **extra):
    values = {
        "姓名": name,
        "性别": "女",
        "手机号": "13800000000",
        "身份证号": id_number,
        "妇联编码": code,
        "职务": position,
        "届次": 1,
        "任期开始": "2017-03-01",
        "产生方式": "选举产生",
        "两委成员": "否",
        "所带团队": "",
        "团队女性人数": "",
    }
    values.update(extra)
    return [values[h] for h in HEADER]


def workbook(rows):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("people.xlsx", buffer.getvalue())


def wrong_check_digit(id_number):
    return id_number[:17] + ("1" if id_number[17] == "0" else "0")


def run(user, rows, dry_run):
    job = ImportJob.objects.create(user=user, federation=user.federation, file=workbook(rows), dry_run=dry_run)
    importer.run(job.pk)
    job.refresh_from_db()
    return job


GOOD = [
    row("甲", "S1C1", "主席", make_id_number(1), **{"两委成员": "是"}),
    row("乙", "S1C1", "兼职副主席", **{"产生方式": "聘任", "所带团队": "舞蹈队", "团队女性人数": 25}),
    row("丙", "S1V1", "执委"),
    row("甲", "S1", "执委", make_id_number(1)),  # the same woman also sits on the street's committee
]


def test_dry_run_checks_everything_and_saves_nothing(tree, users):
    job = run(users.district, GOOD, dry_run=True)
    assert job.status == ImportStatus.PREVIEWED, job.report
    assert (job.created_people, job.created_posts, job.total_rows, job.processed_rows) == (3, 4, 4, 4)
    assert not Person.objects.exists()


def test_import_saves_people_and_posts_with_history(tree, users):
    job = run(users.district, GOOD, dry_run=False)
    assert job.status == ImportStatus.DONE, job.report
    assert Person.objects.count() == 3
    assert Post.objects.count() == 4
    jia = Person.objects.get(name="甲")
    assert {p.federation.code for p in jia.posts.all()} == {"S1C1", "S1"}
    assert jia.birth_year == 1980
    assert Post.objects.get(person__name="乙").team_women_count == 25
    assert jia.history.get().history_user == users.district
    # bulk_create skips Post.save(): the default term end (five years) comes from each row's full_clean()
    assert set(Post.objects.values_list("term_start", "term_end")) == {
        (datetime.date(2017, 3, 1), default_term_end(datetime.date(2017, 3, 1)))
    }


def test_one_bad_row_and_nothing_is_saved_with_a_report_per_row(tree, users):
    rows = [
        *GOOD,
        row(
            "丁",
            "S1C1",
            "执委",
            wrong_check_digit(make_id_number(2)),
        ),
        row("戊", "S3C1", "执委"),  # 硚口: not hers
        row("己", "S1C1", "主席"),  # a second chair for 东亭 in the same file
        row("庚", "NOPE", "执委"),
        row("", "S1C1", "执委"),
        row("辛", "S1C1", "处长"),
    ]
    job = run(users.district, rows, dry_run=False)
    assert job.status == ImportStatus.FAILED
    report = {entry["row"]: " ".join(entry["errors"]) for entry in job.report}
    assert sorted(report) == [6, 7, 8, 9, 10, 11]
    assert "校验位" in report[6]
    assert "管辖范围" in report[7]
    assert "第 2 行" in report[8]
    assert "NOPE" in report[9]
    assert "姓名" in report[10]
    assert "不是有效选项" in report[11]
    assert not Person.objects.exists()
    assert not Post.objects.exists()


def test_a_chair_already_sitting_in_the_database_is_a_row_error(tree, users, chair):
    job = run(users.district, [row("壬", "S1C1", "主席")], dry_run=False)
    assert job.status == ImportStatus.FAILED
    assert "在任主席" in " ".join(job.report[0]["errors"])
    assert Post.objects.count() == 1


def test_a_known_id_number_reuses_the_person_in_scope_only(tree, users):
    mine = PersonFactory(federation=tree.s1c1, id_number=make_id_number(7), birth_year=1980)
    theirs = PersonFactory(federation=tree.s3c1, id_number=make_id_number(8), birth_year=1980)
    job = run(users.district, [row("癸", "S1V1", "执委", mine.id_number)], dry_run=False)
    assert job.status == ImportStatus.DONE
    assert mine.posts.count() == 1 and Person.objects.count() == 2
    job = run(users.district, [row("某", "S1V1", "执委", theirs.id_number)], dry_run=False)
    assert job.status == ImportStatus.FAILED
    assert "不在您的管辖范围内" in job.report[0]["errors"][0]  # no fact about the other district (issue 14)


def test_progress_is_reported_while_a_large_file_is_checked(tree, users):
    rows = importer.read_rows(workbook([row(f"代表{i}", "S1C1", "妇女代表") for i in range(250)]), "x.xlsx")
    seen = []
    report, people, posts = importer.import_people(users.district, rows, dry_run=True, progress=seen.append)
    assert report == []
    assert (people, posts) == (250, 250)
    assert seen == [100, 200]


def test_upload_through_the_api_runs_the_job(tree, users, api_client, django_capture_on_commit_callbacks):
    client = api_client(users.district)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"file": workbook(GOOD), "dry_run": "false"}, format="multipart")
    assert response.status_code == 202, response.json()
    job = client.get(f"{URL}{response.json()['id']}/").json()
    assert job["status"] == "DONE"
    assert job["progress"] == 100
    assert Post.objects.count() == 4
    assert api_client(users.other_district).get(f"{URL}{job['id']}/").status_code == 404


def test_viewer_cannot_upload_and_wrong_files_are_400(tree, users, api_client):
    assert api_client(users.viewer).post(URL, {"file": workbook(GOOD)}, format="multipart").status_code == 403
    bad = SimpleUploadedFile("people.pdf", b"%PDF")
    response = api_client(users.district).post(URL, {"file": bad}, format="multipart")
    assert response.status_code == 400
    assert "Excel" in str(response.json()["file"])
    assert not ImportJob.objects.exists()


def test_the_import_task_goes_to_the_imports_queue():
    from wuhan_fulian.celery import app

    route = app.amqp.router.route({}, "cadres.run_import_people")
    assert route["queue"].name == "imports"


def test_the_import_page_uploads_and_shows_progress(tree, users, client, django_capture_on_commit_callbacks):
    client.force_login(users.district)
    assert client.get("/cadres/import/").status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/cadres/import/", {"file": workbook(GOOD), "dry_run": "on"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "将新增人员 3 人" in page


@pytest.mark.parametrize("header", ["name", "姓名"])
def test_headers_may_be_chinese_or_field_names(header):
    book = Workbook()
    book.active.append([header])
    book.active.append(["甲"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    assert importer.read_rows(buffer, "x.xlsx") == [(2, {"name": "甲"})]


def test_csv_is_read_too():
    data = io.BytesIO("姓名,妇联编码\n甲,S1C1\n".encode("utf-8-sig"))
    assert importer.read_rows(data, "x.csv") == [(2, {"name": "甲", "federation_code": "S1C1"})]


def test_positions_by_label(tree):
    assert importer._choice(Position, "兼职副主席", "position") == Position.VICE_CHAIR_PARTTIME


def test_every_error_of_a_row_is_reported_with_the_valid_options(tree, users):
    bad = row("甲", "S1C1", "处长", **{"性别": "男士", "届次": "第一届", "任期开始": "去年", "两委成员": "也许"})
    job = run(users.district, [bad], dry_run=True)
    (entry,) = job.report
    text = " ".join(entry["errors"])
    assert entry["row"] == 2
    for label in ("职务", "性别", "届次", "任期开始", "两委成员"):
        assert label in text, label
    assert "可选：" in text and "主席" in text and "女" in text


def test_an_upload_by_someone_reading_the_site_in_english_imports_the_chinese_template(
    tree, users, api_client, django_capture_on_commit_callbacks
):
    # the task runs in her request (eager, no Redis): her language must not rename the template's columns
    client = api_client(users.district)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            URL, {"file": workbook(GOOD), "dry_run": "false"}, format="multipart", HTTP_ACCEPT_LANGUAGE="en"
        )
    assert response.status_code == 202
    assert client.get(f"{URL}{response.json()['id']}/").json()["status"] == "DONE"
    assert Post.objects.count() == 4
