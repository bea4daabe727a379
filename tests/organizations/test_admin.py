"""Admin for district staff: scoped lists with per-row counts in one query, filters, autocomplete, and the
Excel/CSV import of member units and women's organisations (dry run, all-or-nothing, row errors)."""

from datetime import date

import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import MemberUnit, WomenOrganization
from organizations.resources import MemberUnitResource, WomenOrganizationResource, run_import

from .conftest import credit_code

UNIT_HEADERS = [
    "单位名称",
    "单位类型",
    "统一社会信用代码",
    "所加入妇联编码",
    "加入日期",
    "退出日期",
    "区域化党建成员单位",
    "女职工人数",
]


def units_file(*rows):
    return tablib.Dataset(*rows, headers=UNIT_HEADERS)


def test_federation_changelist_counts_per_row_in_a_fixed_number_of_queries(tree, users, client, make_unit, make_org):
    client.force_login(users.district)
    url = reverse("admin:organizations_federation_changelist")
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    few = list(captured)  # read now: the next request clears the log the context slices
    make_unit(tree.s1)
    make_unit(tree.s1)
    make_org(tree.s1c1)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    many = list(captured)
    rows = {f.code: (f.member_unit_count, f.women_organization_count) for f in response.context["cl"].result_list}
    assert rows["S1"] == (2, 0)
    assert rows["S1C1"] == (0, 1)
    assert 0 < len(many) == len(few)


def test_federation_changelist_filters_by_level_and_regionalisation(tree, users, client):
    tree.s1.regionalized_on = date(2017, 5, 1)
    tree.s1.save()
    client.force_login(users.district)
    url = reverse("admin:organizations_federation_changelist")
    done = client.get(url, {"regionalized": "yes"}).context["cl"].result_list
    assert [f.code for f in done] == ["S1"]
    streets = client.get(url, {"level__exact": "STREET", "regionalized": "no"}).context["cl"].result_list
    assert [f.code for f in streets] == ["S2"]


def test_member_unit_changelist_is_scoped(tree, users, client, make_unit):
    make_unit(tree.s1, name="甲")
    make_unit(tree.s3, name="乙")
    client.force_login(users.district)
    response = client.get(reverse("admin:organizations_memberunit_changelist"))
    assert [u.name for u in response.context["cl"].result_list] == ["甲"]


def test_autocomplete_of_federations_is_scoped(tree, users, client):
    client.force_login(users.district)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "organizations", "model_name": "memberunit", "field_name": "federation", "term": "街"},
    )
    assert {r["text"] for r in response.json()["results"]} == {"水果湖街妇联", "中南路街妇联"}


def test_import_dry_run_saves_nothing(tree, users):
    dataset = units_file(["甲公司", "企业", credit_code(), "S1", "2017-05-01", "", "是", "12"])
    result, errors = run_import(MemberUnitResource, users.district, dataset, dry_run=True)
    assert errors == []
    assert result.totals["new"] == 1
    assert not MemberUnit.objects.exists()


def test_import_of_good_rows_saves_them_with_their_membership(tree, users):
    dataset = units_file(
        ["甲公司", "企业", credit_code(), "S1", "2017-05-01", "", "是", "12"],
        ["乙学校", "PUBLIC_INSTITUTION", "", "S2C1", "2017-06-01", "", "否", ""],
    )
    _result, errors = run_import(MemberUnitResource, users.district, dataset, dry_run=False)
    assert errors == []
    school = MemberUnit.objects.get(name="乙学校")
    assert (school.federation, school.women_count, school.memberships.count()) == (tree.s2c1, 0, 1)


def test_an_import_with_one_bad_row_saves_nothing_and_names_the_row(tree, users):
    # given: row 3 has a wrong checksum, row 4 leaves before it joins
    dataset = units_file(
        ["甲公司", "企业", credit_code(), "S1", "2017-05-01", "", "是", "12"],
        ["乙公司", "企业", "91350100M000100Y44", "S1", "2017-05-01", "", "否", "3"],
        ["丙公司", "企业", "", "S2", "2017-05-01", "2017-04-01", "否", "3"],
    )
    # when
    _result, errors = run_import(MemberUnitResource, users.district, dataset, dry_run=False)
    # then: spreadsheet rows are numbered from the header line
    assert [number for number, _messages in errors] == [3, 4]
    assert "校验位" in " ".join(errors[0][1])
    assert "退出日期不能早于加入日期" in " ".join(errors[1][1])
    assert not MemberUnit.objects.exists()


def test_an_import_row_joining_a_second_federation_is_refused(tree, users, make_unit):
    code = credit_code()
    make_unit(tree.s1, credit_code=code)
    dataset = units_file(["甲公司", "企业", code, "S2", "2017-06-01", "", "否", "3"])
    _result, errors = run_import(MemberUnitResource, users.district, dataset, dry_run=False)
    assert "同一时间只能加入一个区域化妇联" in " ".join(errors[0][1])
    assert MemberUnit.objects.count() == 1


def test_an_import_row_outside_the_users_scope_is_refused(tree, users):
    dataset = units_file(["甲公司", "企业", "", "S3", "2017-05-01", "", "否", "3"])
    _result, errors = run_import(MemberUnitResource, users.district, dataset, dry_run=False)
    assert "不在您的管辖范围内" in " ".join(errors[0][1])
    assert not MemberUnit.objects.exists()


def test_an_unknown_federation_code_or_type_is_a_chinese_row_error(tree, users):
    dataset = units_file(["甲公司", "工厂", "", "NOPE", "2017-05-01", "", "否", "3"])
    _result, errors = run_import(MemberUnitResource, users.district, dataset, dry_run=True)
    text = " ".join(errors[0][1])
    assert "找不到“NOPE”对应的妇联组织" in text
    assert "“工厂”不是有效选项" in text


def test_women_organisations_import_with_host_unit_by_credit_code(tree, users, make_unit):
    code = credit_code()
    make_unit(tree.s1, credit_code=code, name="长城汇")
    dataset = tablib.Dataset(
        ["长城汇“她联盟”", "楼宇妇女联盟", "2017-05-06", "S1", code, "120", ""],
        ["东亭舞蹈队", "文体团队", "2999-01-01", "S1C1", "", "20", ""],
        headers=["组织名称", "组织类型", "成立日期", "所属妇联编码", "依托单位统一社会信用代码", "成员人数", "状态"],
    )
    _result, errors = run_import(WomenOrganizationResource, users.district, dataset, dry_run=False)
    assert [n for n, _m in errors] == [3]
    assert not WomenOrganization.objects.exists()
    dataset.pop()
    _result, errors = run_import(WomenOrganizationResource, users.district, dataset, dry_run=False)
    assert errors == []
    assert WomenOrganization.objects.get().host_unit.name == "长城汇"


def test_export_holds_only_the_users_rows(tree, users, make_unit):
    make_unit(tree.s1, name="甲")
    make_unit(tree.s3, name="乙")
    queryset = MemberUnit.objects.visible_to(users.district)
    exported = MemberUnitResource(user=users.district).export(queryset)
    assert list(exported["单位名称"]) == ["甲"]
    assert exported.headers[0] == "编号"


def test_the_admin_import_page_previews_errors_without_saving(tree, users, client):
    # given
    client.force_login(users.district)
    content = "\n".join(
        [
            "单位名称,单位类型,所加入妇联编码,加入日期,女职工人数",
            "甲公司,企业,S1,2017-05-01,3",
            "乙公司,企业,S3,2017-05-01,3",
        ]
    )
    upload = SimpleUploadedFile("units.csv", content.encode("utf-8"), content_type="text/csv")
    url = reverse("admin:organizations_memberunit_import")
    formats = client.get(url).context["form"].fields["format"].choices
    csv_index = next(value for value, label in formats if str(label).lower() == "csv")
    # when
    response = client.post(url, {"import_file": upload, "format": csv_index, "resource": 0})
    # then
    assert response.status_code == 200
    assert response.context["result"].has_validation_errors() or response.context["result"].has_errors()
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert not MemberUnit.objects.exists()


NATURAL = ["1", "2", "10", "第一网格", "第二网格", "第三网格", "第十网格"]


def _grid_groups(parent, names):
    from organizations.choices import Level
    from organizations.models import Federation

    for index, name in enumerate(names):
        Federation.objects.create(name=name, code=f"N{index}", level=Level.GRID_GROUP, parent=parent)


def test_federation_changelist_lists_siblings_in_natural_order_by_the_database(tree, users, client):
    # created in an order that is neither: the tree places each by its natural key as it is saved
    _grid_groups(tree.s2c1, ["第十网格", "第三网格", "10", "第一网格", "2", "第二网格", "1"])
    client.force_login(users.district)
    url = reverse("admin:organizations_federation_changelist")
    # (the captured queries are read at once: the next request clears the connection's log they slice)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, {"level__exact": "GRID_GROUP"})
    queries = list(captured)
    in_tree_order = [f.name for f in response.context["cl"].result_list if f.parent_id == tree.s2c1.pk]
    with CaptureQueriesContext(connection) as captured:
        by_name = client.get(url, {"level__exact": "GRID_GROUP", "o": "1"}).context["cl"].result_list
    sorted_queries = list(captured)
    by_name_desc = client.get(url, {"level__exact": "GRID_GROUP", "o": "-1"}).context["cl"].result_list

    assert in_tree_order == NATURAL
    assert [f.name for f in by_name if f.parent_id == tree.s2c1.pk] == NATURAL
    assert [f.name for f in by_name_desc if f.parent_id == tree.s2c1.pk] == NATURAL[::-1]
    # sorted in SQL on the stored key (a page of a paginated list, not the table, reaches Python)
    assert any("sort_key" in q["sql"].rpartition("ORDER BY")[2] for q in sorted_queries)
    assert 0 < len(queries) < 15


def test_a_renamed_federation_moves_to_its_natural_place(tree, users, client):
    from organizations.models import Federation

    _grid_groups(tree.s2c1, ["第一网格", "第二网格", "第三网格"])
    renamed = Federation.objects.get(name="第一网格")
    renamed.name = "第十网格"
    renamed.save()
    names = list(Federation.objects.filter(parent=tree.s2c1).order_by("lft").values_list("name", flat=True))
    assert names == ["第二网格", "第三网格", "第十网格"]
    # the tree is still a valid nested set: a rebuild gives the same numbers
    before = list(Federation.objects.order_by("id").values_list("id", "tree_id", "lft", "rght"))
    Federation.objects.rebuild()
    assert list(Federation.objects.order_by("id").values_list("id", "tree_id", "lft", "rght")) == before
