"""A community chair on her phone (375×812): from her home page she logs an activity with a photo, finds it in her
list and corrects it; a bad date gives a Chinese error and keeps what she typed."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from PIL import Image


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "插花活动.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1600, 1200), (200, 120, 140)).save(buffer, "JPEG", quality=80)
    path.write_bytes(buffer.getvalue())
    return path


def today():
    return datetime.datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()


def fits_the_screen(page):
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_chair_logs_and_corrects_an_activity_on_her_phone(visit, photo):
    # given: her home page with last month's reminder and the button to log an activity
    chair = visit("chair", phone=True)
    page = chair.page
    chair.goto("/")
    home = chair.main_text
    page.click("main a:text-is('登记活动')")
    page.wait_for_url("**/activities/new/")
    day = today()
    # when: she fills in the form and adds a photo
    page.select_option("select[name=kind]", label="技能培训")
    page.fill("input[name=title]", "春季插花技艺培训")
    page.fill("input[name=start]", f"{day}T14:00")
    page.fill("input[name=end]", f"{day}T16:00")
    page.fill("input[name=participants]", "36")
    page.fill("input[name=women_participants]", "33")
    page.set_input_files("input[name=photos]", str(photo))
    form_fits = fits_the_screen(page)
    chair.shot("form")
    page.click("button.primary[type=submit]")
    page.wait_for_url("**/activities/")
    chair.shot("list")
    listed = page.locator(".act-list li:has-text('春季插花技艺培训')").inner_text()
    thumbnail = page.locator(".act-list li:has-text('春季插花技艺培训')").locator("img").get_attribute("src")
    list_fits = fits_the_screen(page)
    # and corrects it: a bad date first, then the right numbers
    page.click(".act-list li a:has-text('春季插花技艺培训')")
    page.wait_for_selector("input[name=title]")
    edit_url = page.url
    page.fill("input[name=title]", "春季插花技艺培训（第二期）")
    page.fill("input[name=participants]", "40")
    page.fill("input[name=end]", f"{day}T12:00")
    page.click("button.primary[type=submit]")
    page.wait_for_load_state()
    chair.shot("bad-date")
    error = page.inner_text(".act-form")
    kept = {name: page.input_value(f"input[name={name}]") for name in ("title", "participants", "start", "end")}
    page.fill("input[name=end]", f"{day}T16:30")
    page.fill("input[name=women_participants]", "37")
    page.click("button.primary[type=submit]")
    page.wait_for_url("**/activities/")
    chair.shot("corrected")
    corrected = page.locator(".act-list li:has-text('春季插花技艺培训')").inner_text()
    # then
    assert "主席未填报“四个一”轮值考核" in home
    assert form_fits and list_fits
    assert "春季插花技艺培训" in listed and "参与 36 人（女性 33 人）" in listed
    assert thumbnail and thumbnail.endswith((".jpg", ".jpeg", ".webp", ".png"))
    assert page.request.get(chair.site.url + thumbnail).ok
    assert page.url != edit_url
    assert "结束时间不能早于开始时间" in error
    assert kept == {
        "title": "春季插花技艺培训（第二期）",
        "participants": "40",
        "start": f"{day}T14:00",
        "end": f"{day}T12:00",
    }
    assert "春季插花技艺培训（第二期）" in corrected and "参与 40 人（女性 37 人）" in corrected
