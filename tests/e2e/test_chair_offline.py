"""Issue 19 on a 375×812 phone: the chair logs two activities without a signal (one with a photo), they wait on
her phone as 待上传, the page still opens offline (from the service worker's cache), and when the connection
returns both arrive exactly once."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation
from PIL import Image

from wuhan_fulian import pwa

from .conftest import _manage

COUNT = """
from activities.models import Activity
for title in ("离线登记的读书会", "离线登记的插花课"):
    rows = Activity.objects.filter(title=title)
    print(title, rows.count(), sum(row.photos.count() for row in rows), rows.exclude(client_key=None).count())
"""


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "离线照片.jpg"
    buffer = io.BytesIO()
    Image.effect_noise((2400, 3200), 50).convert("RGB").save(buffer, "JPEG", quality=92)
    path.write_bytes(buffer.getvalue())
    return path


def _counts(site):
    """(title, activities, photos, with a client key) for each, from the server's database."""
    printed = _manage(site.env, "shell", "-v", "0", "-c", COUNT).stdout
    return [line.split() for line in printed.splitlines() if line.startswith("离线登记")]


def _fill(page, title, day, start):
    page.select_option("select[name=kind]", label="技能培训")
    page.fill("input[name=title]", title)
    page.fill("input[name=start]", f"{day}T{start}")
    page.fill("input[name=end]", f"{day}T23:30")
    page.fill("input[name=participants]", "12")
    page.fill("input[name=women_participants]", "10")


def test_two_activities_logged_offline_arrive_once(visit, demo_site, photo):
    chair = visit("chair", phone=True)
    page = chair.page
    day = datetime.datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    chair.goto("/activities/new/", shot=False)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()  # now under the worker: this visit's files are cached for the offline open
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")
    manifest = page.request.get(demo_site.url + "/manifest.webmanifest").json()
    worker = page.request.get(demo_site.url + "/sw.js")

    page.context.set_offline(True)
    _fill(page, "离线登记的读书会", day, "19:00")
    page.click("button.primary[type=submit]")
    page.wait_for_selector(".act-queued >> nth=0")
    _fill(page, "离线登记的插花课", day, "20:00")
    page.set_input_files("input[name=photos]", str(photo))
    page.click("button.primary[type=submit]")
    page.wait_for_selector(".act-queued >> nth=1")
    form_cleared = page.input_value("input[name=title]") == ""
    chair.shot("offline-queued")
    reloaded = page.reload()  # still offline: the form and its queue come from the phone
    page.wait_for_selector(".act-queued >> nth=1")
    queued = page.inner_text(".act-queue")
    offline_form = page.locator("form.act-form").count()
    chair.shot("offline-reloaded")
    before = _counts(demo_site)

    page.context.set_offline(False)
    page.wait_for_function("() => document.querySelectorAll('.act-queued').length === 0", timeout=30_000)
    status = page.inner_text(".act-queue-status")
    chair.shot("online-sent")
    after = _counts(demo_site)
    page.reload()  # a second open sends nothing again
    page.wait_for_load_state("networkidle")
    again = _counts(demo_site)

    assert manifest["start_url"] == "/" and {icon["sizes"] for icon in manifest["icons"]} == {"192x192", "512x512"}
    assert worker.headers["service-worker-allowed"] == "/" and "WFQueue" in worker.text()
    assert form_cleared and offline_form == 1 and reloaded.from_service_worker
    assert queued.count("待上传") == 2 and "离线登记的读书会" in queued and "1 张照片" in queued
    assert before == [["离线登记的读书会", "0", "0", "0"], ["离线登记的插花课", "0", "0", "0"]]
    assert "已上传" in status
    assert after == [["离线登记的读书会", "1", "0", "1"], ["离线登记的插花课", "1", "1", "1"]], after
    assert again == after


def test_the_queue_speaks_the_page_language(visit, demo_site):
    """In English the queue's states and status lines are the English catalogue's (static/pwa/texts.js reads them
    from the page), not the Chinese the scripts once carried."""
    with translation.override("en"):
        words = pwa.texts()
    chair = visit("chair", phone=True)
    page = chair.page
    day = datetime.datetime.now(ZoneInfo("Asia/Shanghai")).date().isoformat()
    chair.goto("/activities/new/", shot=False)
    page.click("form.language-switch button[value=en]")
    page.wait_for_selector("html[lang=en]")
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    page.context.set_offline(True)
    _fill(page, "Offline reading club", day, "18:00")
    page.click("button.primary[type=submit]")
    page.wait_for_selector(".act-queued")
    state = page.inner_text(".act-queued strong")
    kept = page.inner_text(".act-queue-status")
    page.context.set_offline(False)
    page.wait_for_function("() => document.querySelectorAll('.act-queued').length === 0", timeout=30_000)
    sent = page.inner_text(".act-queue-status")

    assert state == words["pending"] and kept == words["kept"]
    assert sent == words["sent"]["one"].replace("%(n)s", "1")
