"""The tree browser on the demo tree: a search for 水果湖 opens the path down to 水果湖街妇联, by keyboard alone."""


def test_searching_shuiguohu_opens_the_path_to_it(visit):
    # given: the street staff of 武昌 would search the same way; the city office sees the whole tree
    city = visit("city")
    page = city.page
    city.goto("/organizations/tree/")
    # when: she types and presses Enter, then picks the street among the matches with the keyboard
    page.focus("#org-search-q")
    page.keyboard.type("水果湖")
    page.keyboard.press("Enter")
    page.wait_for_selector("#org-results li")
    matches = page.locator("#org-results button").all_inner_texts()
    street = page.locator("#org-results button", has_text="水果湖街妇联（")
    street.focus()
    page.keyboard.press("Enter")
    hit = page.locator(".org-node.org-hit")
    hit.wait_for()
    hit.locator(".org-name", has_text="水果湖街妇联").wait_for()
    city.shot("found")
    # then: the street is highlighted and focused, its ancestors are open, the rest of the city stays shut
    opened = page.locator('li[aria-expanded="true"] > .org-node .org-name').all_inner_texts()
    assert any("水果湖街妇联" in match and "武昌区妇联" in match for match in matches)
    assert opened == ["武汉市妇联", "武昌区妇联"]
    assert page.evaluate("document.activeElement.closest('.org-node').classList.contains('org-hit')")
    assert page.locator('li[aria-expanded="true"]').count() == 2
