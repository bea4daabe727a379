"""Issue 19's closing figure: how long the chair's phone (375×812) takes to send 10 activities she logged without
a signal, each with a photo, once the connection returns: from going online until every one is uploaded and the
queue on her phone is empty. The test asserts the behaviour (each arrives exactly once, with its photo, under its
own key) and prints the time; it asserts no time (a shared CI machine decides that more than the code)."""

import datetime
import io
import time
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from .conftest import _manage
from .test_chair_offline import _fill

QUEUED = 10
TITLE = "同步计时活动"
COUNT = f"""
from activities.models import Activity
rows = Activity.objects.filter(title__startswith="{TITLE}")
for row in rows.order_by("title"):
    print("row", row.title, row.photos.count(), row.client_key is not None)
print("keys", rows.values("client_key").distinct().count())
"""


@pytest.fixture
def phone_photo(tmp_path):
    """A phone camera's photo (3000×4000, about 4 MB): the page shrinks it to 2,000 px before queuing."""
    path = tmp_path / "现场照片.jpg"
    buffer = io.BytesIO()
    Image.effect_noise((3000, 4000), 40).convert("RGB").save(buffer, "JPEG", quality=85)
    path.write_bytes(buffer.getvalue())
    return path


def _arrived(site):
    printed = _manage(site.env, "shell", "-v", "0", "-c", COUNT).stdout.splitlines()
    rows = [line.split()[1:] for line in printed if line.startswith("row ")]
    keys = int(next(line.split()[1] for line in printed if line.startswith("keys ")))
    return rows, keys


def test_ten_queued_activities_with_photos_sync_once(visit, demo_site, phone_photo, record_property, capsys):
    chair = visit("chair", phone=True)
    page = chair.page
    day = (datetime.datetime.now(ZoneInfo("Asia/Shanghai")).date() - datetime.timedelta(days=1)).isoformat()
    chair.goto("/activities/new/", shot=False)
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    page.reload()
    page.wait_for_function("() => navigator.serviceWorker.controller !== null")

    # given: ten activities logged without a signal, each with a photo, waiting on her phone
    page.context.set_offline(True)
    for number in range(1, QUEUED + 1):
        _fill(page, f"{TITLE}{number:02d}", day, f"{7 + number:02d}:00")
        page.set_input_files("input[name=photos]", str(phone_photo))
        page.click("button.primary[type=submit]")
        page.wait_for_function(f"() => document.querySelectorAll('.act-queued').length === {number}")
    waiting = page.inner_text(".act-queue")
    before, _ = _arrived(demo_site)

    # when: the connection returns
    started = time.monotonic()
    page.context.set_offline(False)
    # the list is drawn again from the phone's store once a flush is done: empty there means empty here
    page.wait_for_function("() => document.querySelectorAll('.act-queued').length === 0", timeout=120_000)
    seconds = time.monotonic() - started
    left = page.evaluate("window.WFQueue.all().then(items => items.length)")
    status = page.inner_text(".act-queue-status")
    after, keys = _arrived(demo_site)
    page.reload()  # a second open sends nothing again
    page.wait_for_load_state("networkidle")
    again, _ = _arrived(demo_site)

    record_property("sync_seconds", round(seconds, 2))
    with capsys.disabled():
        print(f"\nsync of {QUEUED} queued activities with a photo each: {seconds:.2f} s")
    # then: each arrived exactly once, with its photo and its own key; the queue is empty
    assert waiting.count("待上传") == QUEUED and before == []
    assert after == [[f"{TITLE}{number:02d}", "1", "True"] for number in range(1, QUEUED + 1)], after
    assert keys == QUEUED and again == after and left == 0
    assert "已上传" in status
