"""Excel import/export of venues and cluster membership: dry run, row errors in Chinese, all or nothing,
and the importer's scope."""

import tablib

from venues.models import ClusterMembership, Venue
from venues.resources import export_rows, import_rows

VENUE_HEADERS = [
    "编码",
    "名称",
    "类型",
    "运营妇联编码",
    "使用方式",
    "场地提供方",
    "面积（平方米）",
    "星级",
    "有场所",
    "统一标牌",
]
MEMBER_HEADERS = ["片区编码", "妇女之家编码", "市级示范妇女之家", "命名日期"]


def xlsx(headers, rows):
    return tablib.Dataset(*rows, headers=headers).export("xlsx")


def test_dry_run_reports_and_saves_nothing(tree, users):
    data = xlsx(VENUE_HEADERS, [["X1", "东亭社区妇女之家", "妇女之家", "S1C1", "为我所有", "", "80", "3", "是", "否"]])
    # when
    result, errors = import_rows("venues", data, users.district, dry_run=True)
    # then
    assert errors == []
    assert result.totals["new"] == 1
    assert not Venue.objects.filter(code="X1").exists()
    # and for real
    import_rows("venues", data, users.district, dry_run=False)
    venue = Venue.objects.get(code="X1")
    assert (venue.kind, venue.federation_id, venue.star_rating, venue.has_place, venue.unified_sign) == (
        "WOMENS_HOME",
        tree.s1c1.pk,
        3,
        True,
        False,
    )


def test_one_bad_row_keeps_every_row_out_and_names_the_row(tree, users):
    data = xlsx(
        VENUE_HEADERS,
        [
            ["X1", "好的妇女之家", "WOMENS_HOME", "S1C1", "OWNED", "", "80", "3", "是", "是"],
            ["X2", "负面积", "妇女之家", "S2C1", "为我所有", "", "-10", "2", "是", "是"],
            ["X3", "七星", "妇女之家", "S2C1", "为我所有", "", "10", "7", "是", "是"],
            ["X4", "无提供方", "女性活动角", "S1", "共建共用", "", "10", "1", "是", "是"],
            ["X5", "无此妇联", "妇女之家", "NOPE", "为我所有", "", "10", "1", "是", "是"],
        ],
    )
    # when
    result, errors = import_rows("venues", data, users.district, dry_run=False)
    # then
    assert [number for number, _messages in errors] == [3, 4, 5, 6]
    text = " ".join(" ".join(messages) for _number, messages in errors)
    for expected in ["面积不能为负数", "星级应在 0 到 5 之间", "场地提供方", "找不到编码为“NOPE”的妇联组织"]:
        assert expected in text
    assert not Venue.objects.filter(code__startswith="X").exists()


def test_a_row_outside_the_importers_scope_is_refused(tree, users):
    data = xlsx(VENUE_HEADERS, [["X9", "永宁", "妇女之家", "S3C1", "为我所有", "", "10", "1", "是", "是"]])
    _result, errors = import_rows("venues", data, users.district, dry_run=False)
    assert "不在您的管辖范围内" in " ".join(errors[0][1])
    assert not Venue.objects.filter(code="X9").exists()


def test_membership_import_moves_the_demonstration_home_whatever_the_row_order(cluster, homes, users):
    # given: 中南 becomes the demonstration home; the row taking the flag from 东亭 comes last
    data = xlsx(MEMBER_HEADERS, [["PQ-D1-1", "H-S2C1", "是", "2017-06-01"], ["PQ-D1-1", "H-S1C1", "否", ""]])
    # when
    _result, errors = import_rows("memberships", data, users.district, dry_run=False)
    # then
    assert errors == []
    assert list(ClusterMembership.objects.filter(is_demonstration=True).values_list("venue__code", flat=True)) == [
        "H-S2C1"
    ]


def test_membership_import_refuses_a_second_demonstration_home_and_a_foreign_district(cluster, homes, users):
    data = xlsx(MEMBER_HEADERS, [["PQ-D1-1", "H-S1V1", "是", ""], ["PQ-D1-1", "H-S3C1", "否", ""]])
    _result, errors = import_rows("memberships", data, users.city, dry_run=False)
    text = " ".join(" ".join(messages) for _n, messages in errors)
    assert "该片区已有市级示范妇女之家" in text
    assert "必须同在一个区" in text
    assert ClusterMembership.objects.get(venue=homes.dongting).is_demonstration
    assert not ClusterMembership.objects.filter(venue=homes.yongning).exists()


def test_a_failed_membership_import_restores_the_cleared_flags(cluster, homes, users):
    # given: the file clears 东亭's flag but a later row fails
    data = xlsx(MEMBER_HEADERS, [["PQ-D1-1", "H-S1C1", "否", ""], ["NOPE", "H-S1V1", "否", ""]])
    # when
    _result, errors = import_rows("memberships", data, users.district, dry_run=False)
    # then
    assert errors and "找不到编码为“NOPE”的片区" in " ".join(errors[0][1])
    assert ClusterMembership.objects.get(venue=homes.dongting).is_demonstration


def test_export_round_trips(cluster, homes, users):
    # when
    book = export_rows("memberships", ClusterMembership.objects.visible_to(users.district), file_format="csv")
    # then
    lines = book.strip().splitlines()
    assert lines[0].split(",") == ["片区编码", "妇女之家编码", "妇女之家名称", "市级示范妇女之家", "命名日期"]
    assert "PQ-D1-1,H-S1C1,东亭社区妇女之家,是," in lines
    venues = export_rows("venues", Venue.objects.all(), file_format="csv")
    assert "妇女之家" in venues and "运营妇联编码" in venues.splitlines()[0]
    _result, errors = import_rows("memberships", book, users.district, dry_run=True, file_format="csv")
    assert errors == []


PLACE_HEADERS = ["编码", "名称", "类型", "运营妇联编码", "使用方式", "地址", "经度（WGS84）", "纬度（WGS84）"]


def test_venues_import_and_export_their_address_and_place(tree, users):
    # given: a home in 武昌 with its place (more decimals than kept), and one without a place
    data = xlsx(
        PLACE_HEADERS,
        [
            ["X1", "东亭社区妇女之家", "妇女之家", "S1C1", "为我所有", "东亭路 8 号", "114.3500004", "30.55"],
            ["X2", "翠柳村妇女之家", "妇女之家", "S1V1", "为我所有", "", "", ""],
        ],
    )
    # when
    _result, errors = import_rows("venues", data, users.district, dry_run=False)
    # then
    assert errors == []
    first = Venue.objects.get(code="X1")
    assert (first.address, str(first.longitude), str(first.latitude)) == ("东亭路 8 号", "114.350000", "30.550000")
    assert Venue.objects.get(code="X2").longitude is None
    exported = tablib.Dataset().load(export_rows("venues", Venue.objects.filter(code="X1"), file_format="csv"))
    row = dict(zip(exported.headers, exported[0], strict=True))
    assert (row["地址"], row["经度（WGS84）"], row["纬度（WGS84）"]) == ("东亭路 8 号", "114.350000", "30.550000")


def test_a_place_outside_the_district_or_half_given_refuses_the_whole_import_in_chinese(tree, users):
    data = xlsx(
        PLACE_HEADERS,
        [
            ["X1", "好的妇女之家", "妇女之家", "S1C1", "为我所有", "", "114.35", "30.55"],
            ["X2", "在硚口", "妇女之家", "S1C1", "为我所有", "", "114.220", "30.580"],  # 硚口, not 武昌
            ["X3", "只有经度", "妇女之家", "S1C1", "为我所有", "", "114.35", ""],
            ["X4", "纬度出界", "妇女之家", "S1C1", "为我所有", "", "114.35", "95"],
            ["X5", "不是数字", "妇女之家", "S1C1", "为我所有", "", "东经114", "30.55"],
        ],
    )
    # when
    _result, errors = import_rows("venues", data, users.district, dry_run=False)
    # then
    assert [number for number, _messages in errors] == [3, 4, 5, 6]
    text = " ".join(" ".join(messages) for _number, messages in errors)
    for expected in ["不在武昌区妇联范围内", "经度和纬度须同时填写", "纬度应在 -90 到 90 之间", "“东经114”不是数字"]:
        assert expected in text
    assert not Venue.objects.filter(code__startswith="X").exists()
