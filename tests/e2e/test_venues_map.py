"""The venues map draws Wuhan's districts and homes with no request to another host (the vendored ECharts and
district outline), and a click on a district drills down to its venues."""

import re


def test_the_map_draws_offline_and_a_click_drills_down(visit, demo_site):
    city = visit("city")
    page = city.page
    elsewhere = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith((demo_site.url, "data:", "blob:")) else elsewhere.append(request.url)
        ),
    )
    # when
    city.goto("/venues/map/", shot=False)
    page.wait_for_selector("#venue-map[data-ready=true] canvas")
    page.wait_for_timeout(500)  # the first frame
    city.shot("venues-map")
    # then: drawn, with every district in the table, and nothing asked of another host
    assert elsewhere == []
    assert page.locator(".map-table tbody tr").count() >= 13
    # when: a click in the middle of 武昌区 (a home there opens that home instead: a drill down too)
    point = page.evaluate(
        """() => {
          const chart = echarts.getInstanceByDom(document.getElementById("venue-map"));
          return chart.convertToPixel({ geoIndex: 0 }, [114.31, 30.555]);
        }"""
    )
    box = page.locator("#venue-map").bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    # then
    assert re.search(r"/venues/(\?ancestor=\d+|\d+/)$", page.url), page.url
    assert elsewhere == []


def test_the_dashboard_map_panel_draws_offline_and_a_district_drills_the_dashboard_down(visit, demo_site):
    city = visit("city")
    page = city.page
    elsewhere = []
    page.on(
        "request",
        lambda request: (
            None if request.url.startswith((demo_site.url, "data:", "blob:")) else elsewhere.append(request.url)
        ),
    )
    # when
    city.goto("/evaluations/dashboard/", shot=False)
    page.wait_for_selector("#venue-map[data-ready=true] canvas")
    page.wait_for_timeout(500)
    # then: drawn from the map's data URL, nothing asked of another host
    assert elsewhere == []
    wuchang = city.api("/api/v1/organizations/federations/?level=DISTRICT&search=武昌区")["results"][0]
    # when: a click on 武昌区 (its homes' points set aside, so that the click lands on the district), once the
    # dashboard's other charts have drawn and the scroll has settled (nothing moves the panel under the mouse)
    page.locator('#chart-coverage svg path[fill="#c0392b"]').first.wait_for()
    page.locator("#venue-map").scroll_into_view_if_needed()
    page.wait_for_timeout(500)
    point = page.evaluate(
        """() => {
          const chart = echarts.getInstanceByDom(document.getElementById("venue-map"));
          chart.setOption({ series: [{}, {}, { data: [] }, { data: [] }] });
          return chart.convertToPixel({ geoIndex: 0 }, [114.31, 30.555]);
        }"""
    )
    box = page.locator("#venue-map").bounding_box()
    with page.expect_navigation():
        page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    # then: the dashboard of 武昌区
    assert f"federation={wuchang['id']}" in page.url and "/evaluations/dashboard/" in page.url
    page.wait_for_selector("#venue-map[data-ready=true] canvas")
    assert elsewhere == []
