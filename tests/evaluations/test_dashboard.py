"""The dashboard page (drill-down by URL, no inline script, charts vendored) and its Excel export, whose
numbers equal the API's."""

import io
import re

from django.contrib.staticfiles import finders
from django.test import Client
from openpyxl import load_workbook

YEAR = {"from": "2024-01-01", "to": "2024-12-31"}
PAGE = "/evaluations/dashboard/"
EXPORT = "/evaluations/dashboard/export.xlsx"


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def test_the_city_office_sees_every_district_and_drills_down_by_url(world, users):
    client = signed_in(users.city)
    # when
    city = client.get(PAGE, YEAR)
    # then
    assert city.status_code == 200
    body = city.content.decode()
    assert "武昌区妇联" in body and "硚口区妇联" in body
    assert f'href="?federation={world.d1.pk}&amp;from=2024-01-01&amp;to=2024-12-31"' in body
    # when: a district's row is followed
    district = client.get(PAGE, {"federation": world.d1.pk, **YEAR}).content.decode()
    # then: its streets, and the path back up
    assert "水果湖街妇联" in district and "中南路街妇联" in district and "宝丰街妇联" not in district
    assert f"?federation={world.city.pk}&amp;" in district


def test_the_page_has_no_inline_script_and_passes_its_data_as_json(world, users):
    body = signed_in(users.city).get(PAGE, YEAR).content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", body, re.S)
    assert scripts
    for attributes, content in scripts:
        assert "src=" in attributes or 'type="application/json"' in attributes
        assert "src=" not in attributes or not content.strip()
    assert 'id="dashboard-data"' in body
    assert "/static/evaluations/vendor/echarts/echarts.min.js" in body


def test_echarts_is_vendored_with_its_licence_and_notice():
    for name in ("echarts.min.js", "LICENSE", "NOTICE"):
        assert finders.find(f"evaluations/vendor/echarts/{name}"), name
    with open(finders.find("evaluations/vendor/echarts/NOTICE"), encoding="utf-8") as notice:
        assert "Apache ECharts" in notice.read()


def test_the_page_is_scoped(world, users):
    client = signed_in(users.district)
    assert client.get(PAGE, {"federation": world.d2.pk}).status_code == 404
    assert client.get(EXPORT, {"federation": world.d2.pk}).status_code == 404
    own = client.get(PAGE).content.decode()
    assert "武昌区妇联 · 成效联评数据看板" in own
    assert Client().get(PAGE).status_code == 302


def test_a_bad_period_is_explained_in_chinese(world, users):
    response = signed_in(users.city).get(PAGE, {"from": "2024-06-01", "to": "2024-01-01"})
    assert response.status_code == 400
    assert "结束日期不能早于开始日期" in response.content.decode()


def test_the_excel_export_has_the_apis_numbers(world, users, api_client):
    # given
    api = api_client(users.city)
    indicators = api.get("/api/v1/evaluations/indicators/", {"federation": world.city.pk, **YEAR}).json()
    dashboard = api.get("/api/v1/evaluations/dashboard/", {"federation": world.city.pk, **YEAR}).json()
    # when
    response = signed_in(users.city).get(EXPORT, {"federation": world.city.pk, **YEAR})
    # then
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = load_workbook(io.BytesIO(response.content))
    totals = {row[2]: row for row in book["五项指标"].iter_rows(min_row=2, values_only=True) if row[3] == "（合计）"}
    for item in indicators["indicators"]:
        row = totals[item["label"]]
        assert (row[4], row[5], row[6], row[7]) == (
            item["value"],
            item["numerator"],
            item["denominator"],
            item["target"],
        )
    children = {row[0]: row for row in book["下级组织"].iter_rows(min_row=2, values_only=True)}
    for child in dashboard["children"]:
        row = children[child["name"]]
        assert (row[2], row[3], row[8], row[11], row[13], row[16]) == (
            child["streets"],
            child["streets_done"],
            child["homes"],
            child["activities"],
            child["satisfaction"],
            child["gaps"],
        )
    months = list(book["月度趋势"].iter_rows(min_row=2, values_only=True))
    assert [(m[0], m[1], m[4]) for m in months] == [
        (m["month"], m["activities"], m["satisfaction"]) for m in dashboard["months"]
    ]
    assert list(book["问题清单"].iter_rows(values_only=True))[-1][2] == dashboard["gaps"]["total"]


def test_the_excel_gap_sheet_reads_in_chinese_and_its_columns_fit(world, users):
    # given: the world has gaps (streets not regionalised, ...)
    response = signed_in(users.city).get(EXPORT, {"federation": world.city.pk, **YEAR})
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["问题清单"]
    rows = list(sheet.iter_rows(values_only=True))
    # then: pillars and rules by their Chinese names, never the machine keys
    assert rows[0] == ("支柱", "规则", "问题数")
    assert len(rows) > 2
    pillars = {row[0] for row in rows[1:-1]}
    assert pillars <= {"组织联建", "人员联管", "阵地联用", "活动联办", "成效联评"} and pillars
    assert all(re.search(r"[\u4e00-\u9fff]", row[1]) and "_" not in row[1] for row in rows[1:-1])

    # its columns are as wide as their longest cell, and every sheet's headers fit (Chinese characters count two)
    def wide(value):
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in str(value or ""))

    for column in sheet.iter_cols():
        assert sheet.column_dimensions[column[0].column_letter].width >= max(wide(c.value) for c in column)
    for other in book.worksheets:
        for cell in other[1]:
            assert other.column_dimensions[cell.column_letter].width >= wide(cell.value), (other.title, cell.value)


def test_the_cluster_column_explains_how_it_counts(world, users):
    body = signed_in(users.city).get(PAGE, YEAR).content.decode()
    assert 'href="#clusters-note"' in body and 'id="clusters-note"' in body
    assert "跨街道的片区在它涉及的每个街道各计一次" in body


def test_the_dashboard_rows_count_homes_clusters_and_gaps_per_district(world, users, api_client):
    body = api_client(users.city).get("/api/v1/evaluations/dashboard/", {"federation": world.city.pk, **YEAR}).json()
    rows = {row["name"]: row for row in body["children"]}
    wuchang = rows["武昌区妇联"]
    # 东亭 and 中南 have homes; streets 1/2 and communities 1/3 regionalised (as in the coverage test)
    assert (wuchang["homes"], wuchang["streets_done"], wuchang["streets"]) == (2, 1, 2)
    assert (wuchang["communities_done"], wuchang["communities"]) == (1, 3)
    assert wuchang["satisfaction"] == 0.7143  # as the indicator for 武昌
    assert sum(row["gaps"] for row in body["children"]) == body["totals"]["gaps"] == body["gaps"]["total"]
    assert len(body["months"]) == 12


def test_the_home_page_shows_the_open_surveys_in_scope(survey, users, make_survey, tree):
    other = make_survey(tree.s3c1, title="宝丰街测评")
    body = signed_in(users.district).get("/").content.decode()
    assert "成效联评" in body and survey.title in body and other.title not in body
    assert f"/evaluations/surveys/{survey.pk}/poster/" in body
