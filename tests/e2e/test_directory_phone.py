"""A woman on a 375 px phone, with no account, finds 水果湖街's Women's Homes in the public directory and sees
only the chair and vice chairs who consented to 亮身份; a cadre who withdraws her consent is gone at once."""

import json

from .conftest import _manage

WITHDRAW = """
from cadres.models import Person
person = Person.objects.get(pk={pk})
person.public_profile = False
person.save()
"""


def test_a_woman_finds_her_home_and_chair_on_her_phone(visit, demo_site):
    city = visit("city")
    woman = visit(phone=True)
    page = woman.page
    # when: she searches her street and opens it
    woman.goto("/directory/")
    page.fill("#directory-q", "水果湖")
    page.click("button.primary[type=submit]")
    page.wait_for_selector("text=搜索结果")
    page.get_by_role("link", name="水果湖街妇联").click()
    page.wait_for_load_state()
    street = page.url.rstrip("/").rsplit("/", 1)[1]
    woman.shot("directory-street")
    # the street's communities that run a Women's Home (through the staff API)
    homes = city.api(f"/api/v1/venues/venues/?ancestor={street}&kind=WOMENS_HOME&page_size=100")["results"]
    assert homes, "水果湖街 has Women's Homes in the demo"
    home = homes[0]
    page.get_by_role("link", name=home["federation_name"], exact=True).click()
    page.wait_for_selector("#homes-title")
    woman.shot("directory-community")
    body = woman.main_text
    # then: her home with its address, and only consenting sitting chairs and vice chairs
    assert home["name"] in body and (home["address"] or "") in body
    posts = city.api(f"/api/v1/cadres/posts/?federation={home['federation']}&page_size=100")["results"]
    people = {p["person"]: p for p in posts}
    shown, hidden = [], []
    for person_id in people:
        person = city.api(f"/api/v1/cadres/people/{person_id}/")
        (shown if person["name"] in body else hidden).append(person)
        if person["name"] in body:
            assert person["public_profile"] is True
    assert all(person["phone"] not in body for person in shown + hidden if person.get("phone"))
    # the page fits the phone: nothing wider than the screen
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    if shown:
        # when: one of them withdraws her consent
        gone = shown[0]
        _manage(demo_site.env, "shell", "-c", WITHDRAW.format(pk=json.dumps(gone["id"])))
        woman.goto(page.url.replace(demo_site.url, ""))
        # then she is gone at once
        assert gone["name"] not in woman.main_text
