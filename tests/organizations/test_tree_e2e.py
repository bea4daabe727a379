"""The tree browser in a real browser: a search opens the path down to 水果湖街 and a node expands lazily."""

import shutil

import pytest

pytestmark = pytest.mark.e2e

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def page(live_server, tree, users, client):
    playwright_api = pytest.importorskip("playwright.sync_api")
    if CHROMIUM is None:
        pytest.skip("no chromium on this machine")
    client.force_login(users.city)
    cookie = client.cookies["sessionid"]
    with playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM)
        context = browser.new_context()
        context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(live_server.url + "/organizations/tree/")
        yield page
        browser.close()
        assert errors == []


def test_search_opens_the_path_to_shuiguohu(page):
    # when
    page.fill("#org-search-q", "水果湖")
    page.click("#org-search button[type=submit]")
    # then: the only match is opened and highlighted, its ancestors expanded
    hit = page.locator(".org-node.org-hit")
    hit.wait_for()
    assert "水果湖街妇联" in hit.inner_text()
    assert page.locator('li[aria-expanded="true"] > .org-node .org-name').all_inner_texts() == [
        "武汉市妇联",
        "武昌区妇联",
    ]


def test_a_node_expands_lazily(page):
    # given: only the root is on the page
    assert page.locator("li[role=treeitem]").count() == 1
    # when
    page.click("li[role=treeitem] .org-toggle")
    # then
    page.locator("text=武昌区妇联").wait_for()
    assert page.locator("li[role=treeitem]").count() == 3
