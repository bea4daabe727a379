"""A woman on a 375 px phone presses "near me" in the public directory: with her position granted she sees 水果湖街's
nearest Women's Home first, the page asks nothing of another host and her position goes nowhere but the query of
the one request; a browser that refuses the position gets a Chinese message and the directory still works."""


def _other_hosts(page, site_url):
    elsewhere = []
    page.on(
        "request",
        lambda request: None if request.url.startswith((site_url, "data:", "blob:")) else elsewhere.append(request.url),
    )
    return elsewhere


def test_near_me_on_a_phone_finds_the_nearest_home(visit, demo_site):
    # given: a Women's Home of 水果湖街 with its place on the map, and a woman standing at its door
    city = visit("city")
    street = city.api("/api/v1/organizations/federations/?level=STREET&search=水果湖")["results"][0]
    homes = city.api(f"/api/v1/venues/venues/?ancestor={street['id']}&kind=WOMENS_HOME&page_size=100")["results"]
    home = next(h for h in homes if h["longitude"] and not h["archived_at"])
    here = {"longitude": float(home["longitude"]), "latitude": float(home["latitude"])}
    woman = visit(phone=True, geolocation=here, permissions=["geolocation"])
    page = woman.page
    elsewhere = _other_hosts(page, demo_site.url)
    cookie_setters = []
    page.on(
        "response",
        lambda response: (
            cookie_setters.append(response.url)
            if "/directory/" in response.url and response.header_value("set-cookie")
            else None
        ),
    )
    # when
    woman.goto("/directory/", shot=False)
    with page.expect_navigation():
        page.get_by_role("button", name="查找我附近的妇女之家").click()
    page.wait_for_selector("#near-homes-title")
    woman.shot("directory-near")
    # then: her home first, with its distance; the position only in this page's query, rounded
    assert "/directory/near/?lng=" in page.url
    first = page.locator("ul.places.near li").first.inner_text()
    assert home["name"] in first and ("米" in first or "公里" in first)
    assert cookie_setters == []
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert elsewhere == []
    # when: she opens her home's community, the next request carries no position
    with page.expect_request(lambda request: "/directory/" in request.url and "near" not in request.url) as opened:
        page.locator("ul.places.near li a").first.click()
    assert "lng=" not in (opened.value.headers.get("referer") or "")
    page.wait_for_selector("#homes-title")
    assert home["name"] in woman.main_text


def test_a_refused_position_is_said_in_chinese(visit, demo_site):
    # given: a phone whose browser refuses the position (no permission granted)
    woman = visit(phone=True)
    page = woman.page
    woman.goto("/directory/", shot=False)
    # when
    page.get_by_role("button", name="查找我附近的妇女之家").click()
    # then
    page.wait_for_function(
        "document.getElementById('locate-status').textContent.length > 0 && "
        "!document.getElementById('locate-status').textContent.includes('正在')"
    )
    assert "没有允许本页获取位置" in page.inner_text("#locate-status")
    assert page.url.endswith("/directory/")
    woman.shot("directory-near-refused")
