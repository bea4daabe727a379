"""Issue 17 on a 375×812 phone (zh-CN): a big phone photo is shrunk in the browser and uploaded with progress;
a failed submit keeps it (held), shows the error summary first and links to the field; the fixed form saves the
activity with the photo; she finds it by month and withdraws it."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from PIL import Image


@pytest.fixture
def big_photo(tmp_path):
    path = tmp_path / "手机照片.jpg"
    buffer = io.BytesIO()
    noise = Image.effect_noise((3000, 4000), 60).convert("RGB")  # noise: a phone-sized, hard-to-compress file
    noise.save(buffer, "JPEG", quality=95)
    path.write_bytes(buffer.getvalue())
    return path


def test_photos_survive_an_error_are_shrunk_and_she_withdraws_the_activity(visit, big_photo):
    chair = visit("chair", phone=True)
    page = chair.page
    now = datetime.datetime.now(ZoneInfo("Asia/Shanghai"))
    day, month = now.date().isoformat(), now.strftime("%Y-%m")
    chair.goto("/activities/new/")
    page.select_option("select[name=kind]", label="技能培训")
    page.fill("input[name=title]", "照片保留测试活动")
    page.fill("input[name=start]", f"{day}T00:10")
    page.fill("input[name=end]", f"{day}T00:05")  # before the start
    page.fill("input[name=participants]", "10")
    page.fill("input[name=women_participants]", "8")
    page.set_input_files("input[name=photos]", str(big_photo))
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/activities/photos/hold/")) as posted:
        page.click("button.primary[type=submit]")
    # Chromium hands Playwright no body for a multipart XHR of blobs: its declared length is what was sent.
    sent = int(posted.value.all_headers().get("content-length", 0))
    page.wait_for_selector(".act-error-summary")
    chair.shot("held-photo-error")
    summary_top = page.evaluate("document.querySelector('.act-error-summary').getBoundingClientRect().top")
    summary = page.inner_text(".act-error-summary")
    held = page.inner_text(".act-held")
    focused = page.evaluate("document.activeElement.className")
    page.click(".act-error-summary a[href='#id_end']")
    end_focused = page.evaluate("document.activeElement.name")
    page.fill("input[name=end]", f"{day}T01:00")
    page.click("button.primary[type=submit]")
    # The form posts to its own path (not the page's URL): the summary link's "#id_end" is not carried through
    # the redirect onto the list (a browser keeps a fragment across a redirect that names none).
    page.wait_for_url("**/activities/")
    row = page.locator(".act-list li:has-text('照片保留测试活动')")
    thumbnail = row.locator("img").get_attribute("src")
    thumbnail_served = bool(thumbnail) and page.request.get(chair.site.url + thumbnail).ok  # before she withdraws it
    # the month filter
    page.fill("input[name=month]", month)
    page.click(".act-filter button[type=submit]")
    page.wait_for_url(f"**/activities/?month={month}")
    in_month = page.locator(".act-list").inner_text()
    # withdraw it
    page.click(".act-list li a:has-text('照片保留测试活动')")
    page.click("a.act-withdraw")
    chair.shot("withdraw-confirm")
    page.click("button.primary[type=submit]")
    page.wait_for_url("**/activities/")
    after = chair.main_text

    assert 0 <= summary_top < 812 and "结束时间不能早于开始时间" in summary
    assert "act-error-summary" in focused and end_focused == "end"
    assert "已保留：手机照片.jpg" in held
    assert 0 < sent < big_photo.stat().st_size / 3  # shrunk to 2,000 px in the browser before upload
    assert thumbnail_served
    assert not page.request.get(chair.site.url + thumbnail).ok  # withdrawn: its photo is gone as well
    assert "照片保留测试活动" in in_month
    assert "已撤回" in after and "照片保留测试活动" not in page.inner_text(".act-list")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
