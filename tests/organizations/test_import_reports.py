"""Import reports people can act on (issue 17 item 6): every error of every row, in Chinese, under the file's
own column names, rows numbered as Excel numbers them, empty cells empty; credit codes typed in lower case are
taken, not refused."""

import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from organizations.choices import WomenOrganizationType
from organizations.models import MemberUnit, WomenOrganization
from organizations.resources import MemberUnitResource, WomenOrganizationResource, run_import

from .conftest import credit_code

HEADERS = ["单位名称", "单位类型", "统一社会信用代码", "所加入妇联编码", "加入日期", "退出日期", "女职工人数"]


def test_a_lower_case_credit_code_is_stored_upper_case_and_found_again(tree, users):
    code = credit_code("91420106MA4KXXXX0")
    typed = f" {code.lower()[:9]} {code.lower()[9:]} "
    dataset = tablib.Dataset(["甲公司", "企业", typed, "S1", "2017-05-01", "", "3"], headers=HEADERS)
    _result, errors = run_import(MemberUnitResource, users.district, dataset, dry_run=False)
    assert errors == []
    unit = MemberUnit.objects.get()
    assert unit.credit_code == code
    # the same unit again, in lower case: an update, not a copy; a host unit found by it too
    _result, errors = run_import(MemberUnitResource, users.district, dataset, dry_run=False)
    assert errors == [] and MemberUnit.objects.count() == 1
    orgs = tablib.Dataset(
        ["女职工委员会", WomenOrganizationType.choices[0][1], "2018-01-01", "S1", code.lower(), "10"],
        headers=["组织名称", "组织类型", "成立日期", "所属妇联编码", "依托单位统一社会信用代码", "成员人数"],
    )
    _result, errors = run_import(WomenOrganizationResource, users.district, orgs, dry_run=False)
    assert errors == []
    assert WomenOrganization.objects.get().host_unit == unit


def test_every_error_of_a_row_is_reported_under_its_column_with_the_options(tree, users):
    dataset = tablib.Dataset(
        ["甲公司", "工厂", "91350100M000100Y44", "S1", "五月一日", "", "很多"],
        ["乙公司", "企业", "", "S1", "2017-05-01", "2017-04-01", "3"],
        headers=HEADERS,
    )
    _result, errors = run_import(MemberUnitResource, users.district, dataset, dry_run=True)
    assert [number for number, _messages in errors] == [2, 3]  # Excel's numbers: the header is row 1
    first = errors[0][1]
    columns = {message.split("：", 1)[0] for message in first}
    assert {"单位类型", "统一社会信用代码", "加入日期", "女职工人数"} <= columns
    assert not any("credit_code" in m or "unit_type" in m or "CREDIT_CODE" in m for m in first)
    assert "可选：" in next(m for m in first if m.startswith("单位类型"))
    assert "退出日期不能早于加入日期" in " ".join(errors[1][1])


def test_the_admin_report_reads_in_chinese_with_excel_row_numbers_and_no_none(tree, users, client):
    client.force_login(users.district)
    content = (
        "单位名称,单位类型,统一社会信用代码,所加入妇联编码,加入日期,女职工人数\n"
        "甲公司,企业,,S1,2017-05-01,3\n"
        "乙公司,工厂,abc,S1,,\n"
    )
    upload = SimpleUploadedFile("units.csv", content.encode("utf-8"), content_type="text/csv")
    url = reverse("admin:organizations_memberunit_import")
    formats = client.get(url).context["form"].fields["format"].choices
    csv_index = next(value for value, label in formats if str(label).lower() == "csv")
    page = client.post(url, {"import_file": upload, "format": csv_index, "resource": 0}).content.decode()
    assert "某些行验数据证失败" not in page
    assert "以下各行未通过校验" in page
    assert "<td>3</td>" in page  # the bad row is Excel's row 3
    assert ">统一社会信用代码<" in page and ">单位类型<" in page
    assert "credit_code" not in page.lower().split("import-preview", 1)[1]
    assert "<td>None</td>" not in page
    assert not MemberUnit.objects.exists()
