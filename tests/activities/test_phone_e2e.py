"""End to end on a 375-pixel phone screen (Chromium via Playwright): a chair signs in, logs an activity with
a co-organiser found by search and a photo, and sees it in her list; the page never scrolls sideways."""

import shutil
import time

import pytest

from activities.models import Activity

from .conftest import image_bytes

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture
def phone(live_server, monkeypatch):
    if CHROMIUM is None:
        pytest.skip("no Chromium on this machine")
    playwright = pytest.importorskip("playwright.sync_api")
    # Playwright keeps an event loop running in this thread; the test's own queries are synchronous.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(
            viewport={"width": 375, "height": 740}, device_scale_factor=2, is_mobile=True, locale="zh-CN"
        )
        yield page
        browser.close()


def test_a_chair_logs_an_activity_on_her_phone(tree, users, partners, kinds, live_server, phone, tmp_path, settings):
    # given
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "插花.jpg"
    photo.write_bytes(image_bytes(size=(1200, 900)))
    page = phone
    started = time.monotonic()
    page.goto(f"{live_server.url}/login/?next=/activities/new/")
    page.fill("input[name=username]", users.chair.username)
    page.fill("input[name=password]", "Secret-pass-2017")
    page.click("button.primary[type=submit]")  # the login button, not the header's language switch
    page.wait_for_url("**/activities/new/")
    # when: kind, time, a co-organiser found by search, participants, a photo
    page.select_option("select[name=kind]", str(kinds["SKILLS_TRAINING"].pk))
    page.fill("input[name=title]", "插花技艺培训")
    page.fill("input[name=start]", "2024-05-18T14:00")
    page.fill("input[name=end]", "2024-05-18T16:00")
    page.fill("#organizer-search", "晓茶")
    page.click(".act-picker[data-type=organizer] .act-results button")
    page.fill("#venue-search", "妇女之家")
    page.click(".act-picker[data-type=venue] .act-results button")
    page.fill("input[name=participants]", "36")
    page.fill("input[name=women_participants]", "33")
    page.set_input_files("input[name=photos]", str(photo))
    no_sideways_scroll = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(tmp_path / "form.png"), full_page=True)
    page.click("button.primary[type=submit]")
    page.wait_for_url("**/activities/")
    elapsed = time.monotonic() - started
    listed = page.inner_text("main")
    list_fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=str(tmp_path / "list.png"), full_page=True)
    # then
    assert no_sideways_scroll and list_fits
    assert "插花技艺培训" in listed
    assert elapsed < 60
    activity = Activity.objects.get()
    assert activity.venue == partners.venue
    assert list(activity.co_organizers.values_list("social_organization", flat=True)) == [partners.social.pk]
    assert activity.photos.count() == 1
