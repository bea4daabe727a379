"""The README's screenshots, taken from the demo site the way the other end-to-end tests see it.

Skipped unless asked for: ``UPDATE_SCREENSHOTS=1 .venv/bin/python -m pytest tests/e2e/test_docs_screenshots.py``
rewrites ``docs/screenshots/*.png`` (256 colours, each well under 300 KB)."""

import io
import os

import pytest
from PIL import Image

from wuhan_fulian.settings import BASE_DIR

DOCS = BASE_DIR / "docs" / "screenshots"

pytestmark = pytest.mark.skipif(not os.environ.get("UPDATE_SCREENSHOTS"), reason="UPDATE_SCREENSHOTS=1 to retake them")


def save(page, name, clip_height=None, **options):
    png = page.screenshot(full_page=clip_height is not None, **options)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    if clip_height:
        image = image.crop((0, 0, image.width, min(image.height, clip_height)))
    if image.width > 1280:
        image = image.resize((image.width // 2, image.height // 2), Image.LANCZOS)
    DOCS.mkdir(parents=True, exist_ok=True)
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT).save(DOCS / f"{name}.png", optimize=True)


def test_take_the_readme_screenshots(visit):
    city = visit("city")
    city.goto("/")
    save(city.page, "home-city", clip_height=1400)
    city.goto("/evaluations/dashboard/")
    city.page.locator('#chart-coverage svg path[fill="#c0392b"]').first.wait_for()
    save(city.page, "dashboard", clip_height=1400)
    city.goto("/organizations/tree/")
    city.page.fill("#org-search-q", "水果湖")
    city.page.press("#org-search-q", "Enter")
    city.page.locator(".org-node.org-hit").wait_for()
    save(city.page, "tree", clip_height=1000)

    district = visit("wuchang")
    district.goto("/")
    save(district.page, "home-district", clip_height=1000)

    chair = visit("chair", phone=True)
    chair.goto("/")
    save(chair.page, "phone-home-chair")
    chair.goto("/activities/new/")
    chair.page.select_option("select[name=kind]", label="技能培训")
    chair.page.fill("input[name=title]", "插花技艺培训")
    chair.page.fill("input[name=participants]", "36")
    chair.page.fill("input[name=women_participants]", "33")
    save(chair.page, "phone-activity-form")

    survey = city.api("/api/v1/evaluations/surveys/?search=东亭社区妇联&page_size=1")["results"][0]
    woman = visit(phone=True)
    woman.goto("/" + survey["public_url"].split("://", 1)[1].split("/", 1)[1])
    save(woman.page, "phone-survey")

    # Beyond the five pillars: the map, the public directory, review, training
    city.goto("/venues/map/")
    city.page.wait_for_selector("#venue-map[data-ready=true] canvas")
    city.page.wait_for_timeout(500)
    save(city.page, "map", clip_height=1000)
    woman.goto("/directory/")
    woman.page.fill("#directory-q", "水果湖")
    woman.page.click("button.primary[type=submit]")
    woman.page.get_by_role("link", name="水果湖街妇联").click()
    woman.page.wait_for_load_state()
    save(woman.page, "phone-directory")
    street = visit("shuiguohu")
    street.goto("/activities/review/")
    save(street.page, "review", clip_height=1000)
    district.goto("/cadres/training/")
    save(district.page, "training", clip_height=1000)
    assert all(path.stat().st_size < 300_000 for path in DOCS.glob("*.png"))
