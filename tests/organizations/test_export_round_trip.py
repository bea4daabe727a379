"""Exports people can edit and import back (issue 17 item 7): Chinese headers and labels, the exported file of
every import resource imports back unchanged (no new rows, no changed values), Chinese file names with the
federation and the date."""

from urllib.parse import unquote

import pytest
import tablib
from django.urls import reverse

from cadres.resources import PersonResource
from core.admin_imports import LimitedXLSX
from organizations.models import MemberUnit, WomenOrganization
from organizations.resources import MemberUnitResource, WomenOrganizationResource
from tests.cadres.factories import PersonFactory
from venues.models import ClusterMembership, Venue, VenueCluster
from venues.resources import ClusterMembershipResource, VenueClusterResource, VenueResource

from .conftest import credit_code

CASES = [
    (
        MemberUnitResource,
        MemberUnit,
        ["单位名称", "单位类型", "统一社会信用代码", "所加入妇联编码", "加入日期", "区域化党建成员单位", "女职工人数"],
        [
            ["甲公司", "企业", credit_code(), "S1", "2017-05-01", "是", "12"],
            ["乙学校", "事业单位", "", "S2C1", "2018-01-01", "否", ""],
        ],
    ),
    (
        WomenOrganizationResource,
        WomenOrganization,
        ["组织名称", "组织类型", "成立日期", "所属妇联编码", "成员人数"],
        None,  # filled from the model's choices below
    ),
    (
        VenueResource,
        Venue,
        ["编码", "名称", "类型", "运营妇联编码", "使用方式", "面积（平方米）", "星级", "有场所", "统一标牌"],
        [["X1", "东亭社区妇女之家", "妇女之家", "S1C1", "为我所有", "80", "3", "是", "否"]],
    ),
    (VenueClusterResource, VenueCluster, ["编码", "片区名称", "所在区编码"], [["P1", "水果湖片区", "D1"]]),
]


def _snapshot(model):
    return sorted(
        tuple(getattr(obj, f.attname) for f in model._meta.concrete_fields if f.attname not in ("updated_at",))
        for obj in model._default_manager.all()
    )


def _round_trip(resource_class, model, user):
    before = _snapshot(model)
    exported = resource_class(user=user).export_as("xlsx", queryset=model._default_manager.all())
    dataset = LimitedXLSX().create_dataset(exported)
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in header) for header in dataset.headers), dataset.headers
    result = resource_class(user=user).import_scoped(dataset, dry_run=False)
    assert not result.has_errors() and not result.has_validation_errors(), [
        (r.number, r.error_dict) for r in result.invalid_rows
    ]
    assert result.totals["new"] == 0
    assert _snapshot(model) == before
    return dataset


@pytest.mark.parametrize(("resource_class", "model", "headers", "rows"), CASES, ids=[c[1].__name__ for c in CASES])
def test_an_export_imports_back_unchanged(resource_class, model, headers, rows, tree, users):
    if rows is None:
        from organizations.choices import WomenOrganizationType

        rows = [["女职工委员会", WomenOrganizationType.choices[0][1], "2018-01-01", "S1", "30"]]
    result = resource_class(user=users.district).import_scoped(tablib.Dataset(*rows, headers=headers), dry_run=False)
    assert not result.has_validation_errors() and not result.has_errors()
    dataset = _round_trip(resource_class, model, users.district)
    assert len(dataset) == len(rows)


def test_cluster_memberships_export_and_import_back_unchanged(tree, users):
    for resource_class, headers, rows in [
        (
            VenueResource,
            ["编码", "名称", "类型", "运营妇联编码", "使用方式"],
            [["X1", "东亭之家", "妇女之家", "S1C1", "为我所有"]],
        ),
        (VenueClusterResource, ["编码", "片区名称", "所在区编码"], [["P1", "水果湖片区", "D1"]]),
        (ClusterMembershipResource, ["片区编码", "妇女之家编码", "市级示范妇女之家"], [["P1", "X1", "是"]]),
    ]:
        result = resource_class(user=users.district).import_scoped(
            tablib.Dataset(*rows, headers=headers), dry_run=False
        )
        assert not result.has_validation_errors() and not result.has_errors()
    _round_trip(ClusterMembershipResource, ClusterMembership, users.district)


def test_choice_values_export_as_their_chinese_labels(tree, users):
    headers, rows = CASES[0][2], CASES[0][3]
    MemberUnitResource(user=users.district).import_scoped(tablib.Dataset(*rows, headers=headers), dry_run=False)
    exported = MemberUnitResource(user=users.district).export(queryset=MemberUnit.objects.all())
    assert set(exported["单位类型"]) == {"企业", "事业单位"}
    assert set(exported["区域化党建成员单位"]) == {"是", "否"}


def test_people_export_in_chinese_with_the_importers_column_names(tree, users):
    PersonFactory(federation=tree.s1c1, name="张丽", gender="F")
    exported = PersonResource(user=users.district).export()
    assert {"姓名", "性别", "手机号", "身份证号", "学历", "体制内", "妇联编码"} <= set(exported.headers)
    assert not {"gender", "name", "id_number"} & set(exported.headers)
    assert exported["性别"] == ["女"]
    assert exported["体制内"][0] in ("是", "否")


def test_admin_export_file_names_are_chinese_with_federation_and_date(tree, users, client):
    client.force_login(users.district)
    url = reverse("admin:organizations_memberunit_export")
    formats = client.get(url).context["form"].fields["format"].choices
    xlsx = next(value for value, label in formats if str(label).lower() == "xlsx")
    response = client.post(url, {"format": xlsx, "resource": 0, "memberunitresource_name": True})
    assert response.status_code == 200, response.content[:500]
    disposition = unquote(response["Content-Disposition"])
    from core import dates

    assert f"区域化成员单位_{users.district.view_root.name}_{dates.today():%Y%m%d}.xlsx" in disposition
