# ruff: noqa: E501 - the workbook parts below are XML one-liners
"""Issue 14 items 2, 3, 4, 9, 11, 12 (import side): the people importer names no out-of-scope fact, the same
content is imported once whatever its bytes (BOM, CRLF, trailing newline), limits are checked while the file
streams (a 64 KB workbook of a million rows is refused within a second), error rows are capped, and import
files live in private storage and go once their job has finished."""

import io
import time
import zipfile

import pytest
import tablib
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from cadres import importer
from cadres.choices import ImportStatus
from cadres.models import ImportJob, Person, Post
from core import spreadsheets
from organizations.models import MemberUnit
from organizations.resources import MemberUnitResource, run_import
from tests.cadres.factories import PersonFactory, make_id_number
from tests.organizations.conftest import credit_code
from tests.security.imports import HEADER, people_csv

URL = "/api/v1/cadres/imports/"


def make_job(tree, user, data, dry_run=False, name="people.csv"):
    job = ImportJob(federation=tree.d1, user=user, dry_run=dry_run, status=ImportStatus.PENDING)
    job.file.save(name, ContentFile(data), save=False)
    job.save()
    return job


def people_rows_csv(rows, newline="\n", bom=True, trailing=True):
    lines = [",".join(HEADER)] + [",".join(map(str, r)) for r in rows]
    text = newline.join(lines) + (newline if trailing else "")
    return text.encode("utf-8-sig" if bom else "utf-8")


def person_row(name, code, id_number="", phone="13900000000"):
    return [name, "女", phone, code, "妇女代表", 1, "2017-03-01", "选举产生", "否"]


# --- item 2/12: no out-of-scope fact in an error ---------------------------------------------------------
def test_an_id_number_registered_in_another_district_reads_like_any_out_of_scope_row(tree, users):
    theirs = PersonFactory(federation=tree.s3c1, id_number=make_id_number(8), name="硚口某人")
    header = ["姓名", "身份证号", "妇联编码", "职务", "任期开始"]
    rows = importer.read_rows(
        io.BytesIO(f"{','.join(header)}\n某,{theirs.id_number},S1V1,执委,2017-03-01\n".encode()), "x.csv"
    )
    report, _people, _posts = importer.import_people(users.district, rows, dry_run=True)
    text = " ".join(report[0]["errors"])
    assert "不在您的管辖范围内" in text
    assert "其他单位" not in text and "登记单位" not in text and theirs.federation.name not in text


def test_an_unknown_and_an_out_of_scope_federation_code_read_the_same(tree, users):
    header = ["姓名", "妇联编码", "职务", "任期开始"]
    data = f"{','.join(header)}\n甲,S3C1,执委,2017-03-01\n乙,NOPE,执委,2017-03-01\n".encode()
    report, _p, _q = importer.import_people(users.district, importer.read_rows(io.BytesIO(data), "x.csv"), True)
    first, second = (" ".join(entry["errors"]) for entry in report)
    assert first.replace("S3C1", "X") == second.replace("NOPE", "X")


# --- item 11: duplicates by content --------------------------------------------------------------------
def test_the_same_people_with_a_bom_crlf_or_trailing_newline_are_imported_once(tree, users):
    rows = [person_row(f"代表{i}", "S1C1", phone=f"1390000000{i}") for i in range(3)]
    variants = [
        people_rows_csv(rows),
        people_rows_csv(rows, newline="\r\n", bom=False),
        people_rows_csv(rows, trailing=False),
    ]
    statuses = [
        importer.run(make_job(tree, users.district, data, name=f"p{n}.csv").pk) for n, data in enumerate(variants)
    ]
    assert statuses[0] == ImportStatus.DONE
    assert Person.objects.count() == 3 and Post.objects.count() == 3
    assert statuses[1:] == [ImportStatus.FAILED, ImportStatus.FAILED]


def test_the_same_people_in_another_order_or_another_file_make_no_copies(tree, users):
    rows = [person_row(f"代表{i}", "S1C1", phone=f"1390000000{i}") for i in range(3)]
    assert importer.run(make_job(tree, users.district, people_rows_csv(rows)).pk) == ImportStatus.DONE
    # the same people again, one new, in another order: only the new one is added
    again = [*reversed(rows), person_row("新人", "S1C1", phone="13900000009")]
    assert importer.run(make_job(tree, users.district, people_rows_csv(again), name="b.csv").pk) == ImportStatus.DONE
    assert Person.objects.count() == 4 and Post.objects.count() == 4


def test_a_second_member_unit_import_of_the_same_file_makes_no_copies(tree, users):
    headers = ["单位名称", "单位类型", "统一社会信用代码", "所加入妇联编码", "加入日期", "女职工人数"]
    dataset = tablib.Dataset(
        ["甲公司", "企业", credit_code(), "S1", "2017-05-01", "12"],
        ["乙学校", "企业", "", "S2C1", "2017-06-01", "3"],
        headers=headers,
    )
    for _ in range(2):
        _result, errors = run_import(MemberUnitResource, users.district, dataset, dry_run=False)
        assert errors == []
    assert MemberUnit.objects.count() == 2


def test_a_member_unit_whose_credit_code_is_held_in_another_district_is_out_of_scope(tree, users, make_unit):
    code = credit_code("91420104MA4KXXXX0")
    make_unit(tree.s3, name="硚口某公司", credit_code=code)
    dataset = tablib.Dataset(
        ["某公司", "企业", code, "S1", "2017-05-01", "3"],
        headers=["单位名称", "单位类型", "统一社会信用代码", "所加入妇联编码", "加入日期", "女职工人数"],
    )
    _result, errors = run_import(MemberUnitResource, users.district, dataset, dry_run=False)
    text = " ".join(errors[0][1])
    assert "不在您的管辖范围内" in text and "宝丰" not in text
    assert MemberUnit.objects.count() == 1


# --- item 4/9: limits while streaming ------------------------------------------------------------------
def huge_xlsx(rows=1_000_000):
    """A small .xlsx whose one sheet holds ``rows`` rows (compressed, as an attacker would send it)."""
    buffer = io.BytesIO()
    sheet_rows = "<row><c><v>1</v></c></row>" * rows
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
            '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="A1:A2"/><sheetData>{sheet_rows}</sheetData></worksheet>'
        ),
    }
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def million_rows():
    return huge_xlsx()


def test_a_small_workbook_of_a_million_rows_is_refused_at_upload_within_a_second(tree, users, api_client, million_rows):
    assert len(million_rows) < 128 * 1024
    client = api_client(users.district)
    client.get(URL)  # load the URL configuration first: time the upload only
    started = time.monotonic()
    response = client.post(URL, {"file": SimpleUploadedFile("people.xlsx", million_rows)}, format="multipart")
    elapsed = time.monotonic() - started
    assert response.status_code == 400, response.content
    assert "行" in str(response.json()) or "过大" in str(response.json())
    assert elapsed < 1.0, elapsed
    assert not ImportJob.objects.exists()


def test_rows_are_counted_while_streaming_not_taken_from_the_dimension_tag(tree):
    data = huge_xlsx(spreadsheets.MAX_ROWS + 2)  # declares A1:A2
    with pytest.raises(spreadsheets.SpreadsheetLimitError, match=str(spreadsheets.MAX_ROWS)):
        spreadsheets.read_xlsx(data)
    assert len(spreadsheets.read_xlsx(huge_xlsx(spreadsheets.MAX_ROWS + 1))) == spreadsheets.MAX_ROWS + 1


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("a\n" + "1\n" * (spreadsheets.MAX_ROWS + 1), "行"),
        (
            ",".join(["h"] * (spreadsheets.MAX_COLUMNS + 1)) + "\n" + ",".join(["1"] * (spreadsheets.MAX_COLUMNS + 1)),
            "列",
        ),
        ("a\n" + "x" * (spreadsheets.MAX_CELL_CHARS + 1) + "\n", "字符"),
    ],
)
def test_csv_over_a_limit_is_a_chinese_400_and_nothing_is_saved(tree, users, api_client, content, expected):
    upload = SimpleUploadedFile("people.csv", content.encode())
    response = api_client(users.district).post(URL, {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert expected in str(response.json()["file"])
    assert not ImportJob.objects.exists()


def test_the_web_import_page_refuses_too_many_rows_with_a_form_error(tree, users, client):
    client.force_login(users.district)
    response = client.post(
        "/cadres/import/", {"file": SimpleUploadedFile("p.csv", people_csv("S1C1", spreadsheets.MAX_ROWS + 1))}
    )
    assert response.status_code == 200
    assert str(spreadsheets.MAX_ROWS) in response.content.decode()
    assert not ImportJob.objects.exists()


def test_error_rows_are_capped_with_a_count_of_the_rest(tree, users):
    data = people_rows_csv([person_row(f"代表{i}", "NOPE") for i in range(250)])
    job = make_job(tree, users.district, data)
    assert importer.run(job.pk) == ImportStatus.FAILED
    job.refresh_from_db()
    assert len(job.report) == 101
    assert "另有 150 行错误" in job.report[-1]["errors"][0]


def test_admin_import_of_too_many_rows_is_a_form_error(tree, users, client):
    from django.urls import reverse

    client.force_login(users.district)
    url = reverse("admin:organizations_memberunit_import")
    formats = client.get(url).context["form"].fields["format"].choices
    csv_index = next(value for value, label in formats if str(label).lower() == "csv")
    content = "单位名称,单位类型,所加入妇联编码,加入日期\n" + "甲公司,企业,S1,2017-05-01\n" * (
        spreadsheets.MAX_ROWS + 1
    )
    upload = SimpleUploadedFile("units.csv", content.encode(), content_type="text/csv")
    response = client.post(url, {"import_file": upload, "format": csv_index, "resource": 0})
    assert response.status_code == 200
    assert str(spreadsheets.MAX_ROWS) in response.content.decode()
    assert not MemberUnit.objects.exists()


# --- item 3/5: import files are private and go after the job ----------------------------------------------
def test_import_files_are_not_under_media_root_and_go_when_the_job_finishes(tree, users):
    job = make_job(tree, users.district, people_csv("S1C1", 2))
    path = job.file.path
    media_root = str(settings.MEDIA_ROOT)
    assert not path.startswith(media_root)
    assert job.file.storage.base_url is None or "/media/" not in str(job.file.storage.base_url)
    assert importer.run(job.pk) == ImportStatus.DONE
    job.refresh_from_db()
    assert not job.file or not job.file.storage.exists(job.file.name)


def test_files_of_jobs_that_never_finished_go_after_the_retention_period(tree, users):
    import datetime

    from django.utils import timezone

    from cadres.tasks import IMPORT_FILE_RETENTION_DAYS, remove_stale_import_files

    job = make_job(tree, users.district, people_csv("S1C1", 2))
    name = job.file.name
    assert remove_stale_import_files() == 0 and job.file.storage.exists(name)
    old = timezone.now() - datetime.timedelta(days=IMPORT_FILE_RETENTION_DAYS + 1)
    ImportJob.objects.filter(pk=job.pk).update(created_at=old)
    assert remove_stale_import_files() == 1
    assert not job.file.storage.exists(name)
    assert ImportJob.objects.get(pk=job.pk).file_name.startswith("people")
