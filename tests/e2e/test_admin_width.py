"""The admin at 1366 px (the district office's laptops): no page scrolls sideways. District staff open every
changelist the admin index offers her, its add form and the change form of its first record."""

import re

WIDTH = 1366


WIDEST = """(limit) => {
    let widest = Math.max(document.documentElement.scrollWidth, document.body.scrollWidth);
    for (const el of document.querySelectorAll("#content *")) {
        const scrolls = ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
        if (scrolls && el.scrollWidth > el.clientWidth + 1) {
            widest = Math.max(widest, limit + el.scrollWidth - el.clientWidth);
        }
    }
    return widest;
}"""


def _width(page):
    """The page's width, or more when a box in it scrolls sideways (a table hidden in a scrolling box is
    sideways scrolling too)."""
    return page.evaluate(WIDEST, WIDTH)


def test_every_admin_page_fits_1366_px_for_district_staff(visit):
    # given: 武昌区's staff on a 1366 × 768 screen
    staff = visit("wuchang")
    page = staff.page
    page.set_viewport_size({"width": WIDTH, "height": 768})
    staff.goto("/admin/", shot=False)
    changelists = sorted(
        {href for href in page.eval_on_selector_all("#content-main a", "els => els.map(e => e.getAttribute('href'))")
         if re.fullmatch(r"/admin/\w+/\w+/", href or "")}
    )  # fmt: skip
    # when: she opens each changelist, its add form and its first record
    wide, opened = {}, []
    for changelist in changelists:
        pages = [changelist]
        staff.goto(changelist, shot=False)
        page.wait_for_load_state("load")
        wide_here = _width(page)
        if wide_here > WIDTH:
            wide[changelist] = wide_here
            staff.shot()
        first = page.locator("#result_list tbody tr th a, #result_list tbody tr td.field-__str__ a").first
        if first.count():
            pages.append(first.get_attribute("href"))
        if page.locator(".object-tools a.addlink").count():
            pages.append(page.locator(".object-tools a.addlink").first.get_attribute("href"))
        for path in pages[1:]:
            staff.goto(path, shot=False)
            page.wait_for_load_state("load")
            if _width(page) > WIDTH:
                wide[path] = _width(page)
                staff.shot()
        opened.extend(pages)
    # the person page with its posts inline: the header that wrapped one character per line stays readable
    staff.goto("/admin/cadres/person/", shot=False)
    page.locator("#result_list tbody tr th a").first.click()
    page.wait_for_selector(".inline-group")
    staff.shot("person-change")
    header = page.locator(".inline-group thead th", has_text="党组织").first
    header_box = header.bounding_box()
    line = page.evaluate("el => parseFloat(getComputedStyle(el).lineHeight) || 20", header.element_handle())
    # the federation list: names on one line
    staff.goto("/admin/organizations/federation/?level=COMMUNITY", shot=True)
    name_cell = page.locator("#result_list tbody tr th").first
    name_line = page.evaluate("el => parseFloat(getComputedStyle(el).lineHeight) || 20", name_cell.element_handle())
    # then: every page fits, and there were pages of every kind to open
    assert len(changelists) >= 15, changelists
    assert sum("/change/" in p for p in opened) >= 10 and sum(p.endswith("/add/") for p in opened) >= 10
    assert wide == {}, wide
    assert header_box["height"] <= 2.5 * line, header_box
    assert name_cell.bounding_box()["height"] <= 2.5 * name_line
