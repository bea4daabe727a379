"""The city office's dashboard: the charts draw (not blank, legends in Chinese), a click on a district lands on its
streets with a shareable URL, and the Excel export holds the same numbers as the API."""

import io
import re
from urllib.parse import parse_qs, urlparse

from openpyxl import load_workbook
from PIL import Image

CHARTS = ["chart-coverage", "chart-activities", "chart-satisfaction", "chart-gaps"]


def drawn(page, chart_id):
    """How many colours the chart's box shows and how many shapes its SVG holds (a blank box: one colour)."""
    box = page.locator(f"#{chart_id}")
    box.locator("svg path").first.wait_for(state="attached")
    image = Image.open(io.BytesIO(box.screenshot())).convert("RGB")
    colours = image.getcolors(maxcolors=1 << 16) or []
    return len(colours), box.locator("svg path").count()


def legend(page, chart_id):
    return set(page.locator(f"#{chart_id} svg text").all_text_contents())


def federation_of(url):
    return int(parse_qs(urlparse(url).query)["federation"][0])


def test_the_charts_draw_with_chinese_legends(visit):
    # given
    city = visit("city")
    # when
    city.goto("/dashboard/")
    sizes = {chart: drawn(city.page, chart) for chart in CHARTS}
    city.shot("dashboard")
    # then: every chart drew shapes in several colours; the legends and labels speak Chinese
    assert city.page.url.startswith(f"{city.site.url}/evaluations/dashboard/")
    assert all(colours > 20 and shapes > 10 for colours, shapes in sizes.values()), sizes
    assert {"街道（乡镇）区域化率", "社区（村）区域化率"} <= legend(city.page, "chart-coverage")
    assert {"活动数", "参加活动妇女人次"} <= legend(city.page, "chart-activities")
    assert "武昌区" in legend(city.page, "chart-coverage")


def test_a_click_on_a_bar_drills_down_to_that_child(visit):
    # given
    city = visit("city")
    city.goto("/dashboard/")
    children = city.api("/api/v1/evaluations/dashboard/")["children"]
    city.page.locator('#chart-coverage svg path[fill="#c0392b"]').first.wait_for()
    # when: a click on the longest red bar of the coverage chart (not the legend's small red mark)
    bars = city.page.locator('#chart-coverage svg path[fill="#c0392b"]')
    widths = [box["width"] if (box := bars.nth(i).bounding_box()) else 0 for i in range(bars.count())]
    bar = bars.nth(widths.index(max(widths)))
    with city.page.expect_navigation():
        bar.click()
    city.shot("drilled")
    # then: the URL names one of the city's children and the page is that child's dashboard
    chosen = federation_of(city.page.url)
    names = {child["id"]: child["name"] for child in children}
    assert chosen in names
    assert city.page.inner_text("h1").startswith(names[chosen])


def test_district_drill_down_and_excel_export_match_the_api(visit, tmp_path):
    # given
    city = visit("city")
    page = city.page
    city.goto("/dashboard/")
    # when: she clicks 武昌区 in the table, then exports
    page.click(".dash-table a:text-is('武昌区妇联')")
    page.wait_for_url(re.compile(r"federation=\d+"))
    city.shot("wuchang")
    streets = page.locator(".dash-table tbody th a").all_inner_texts()
    with page.expect_download() as download:
        page.click("a.button:text-is('导出 Excel')")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    api_url = page.get_attribute("a:text-is('数据接口（JSON）')", "href")
    api = city.api(api_url)
    book = load_workbook(path, data_only=True)
    # then: 武昌区's streets are listed and the URL is shareable
    assert federation_of(page.url) == api["federation"]["id"] and api["federation"]["name"] == "武昌区妇联"
    assert "水果湖街妇联" in streets and len(streets) == len(api["children"])
    assert page.inner_text("h1").startswith("武昌区妇联")
    # and the workbook's numbers are the API's
    indicators = [row for row in book["五项指标"].iter_rows(min_row=2, values_only=True) if row[3] == "（合计）"]
    assert [(row[2], row[4], row[5], row[6]) for row in indicators] == [
        (item["label"], item["value"], item["numerator"], item["denominator"]) for item in api["indicators"]
    ]
    columns = ["name", "streets", "streets_done", "communities", "communities_done", "homes", "activities", "gaps"]
    header = [cell.value for cell in book["下级组织"][1]]
    rows = list(book["下级组织"].iter_rows(min_row=2, values_only=True))
    index = {
        "name": header.index("组织"),
        "streets": header.index("街道（乡镇）数"),
        "streets_done": header.index("已区域化街道"),
        "communities": header.index("社区（村）数"),
        "communities_done": header.index("已区域化社区（村）"),
        "homes": header.index("妇女之家"),
        "activities": header.index("活动数"),
        "gaps": header.index("问题数"),
    }
    assert [[row[index[key]] for key in columns] for row in rows[:-1]] == [
        [child[key] for key in columns] for child in api["children"]
    ]
    assert [rows[-1][index[key]] for key in columns[1:]] == [api["totals"][key] for key in columns[1:]]
    months = list(book["月度趋势"].iter_rows(min_row=2, values_only=True))
    assert [(m[0], m[1], m[3]) for m in months] == [
        (month["month"], month["activities"], month["responses"]) for month in api["months"]
    ]
    assert list(book["问题清单"].iter_rows(values_only=True))[-1][-1] == api["gaps"]["total"]
