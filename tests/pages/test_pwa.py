"""The chair's installable app (issue 19): the manifest and the service worker at the site root, no inline
script (CSP), and the new-activity form carrying the queue's hooks."""

import json
import re
from pathlib import Path

from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from accounts.models import Role
from wuhan_fulian import pwa


def test_the_worker_is_served_at_the_root_with_the_queue_in_front(client):
    response = client.get("/sw.js")
    body = response.content.decode()
    assert response.status_code == 200 and response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/" and response["Cache-Control"] == "no-cache"
    assert body.index("root.WFQueue =") < body.index('addEventListener("fetch"')
    assert "http://" not in body and "https://" not in body  # nothing from a CDN
    assert client.post("/sw.js").status_code == 405


def test_the_manifest_names_the_app_and_its_vendored_icons(client):
    response = client.get("/manifest.webmanifest")
    body = response.json()
    assert response["Content-Type"] == "application/manifest+json"
    assert (body["name"], body["start_url"], body["display"]) == ("武汉市妇联 · 五联五强", "/", "standalone")
    for icon in body["icons"]:
        assert icon["src"].startswith("/static/pwa/icon-")
        size = int(icon["sizes"].split("x")[0])
        path = client.get(icon["src"])  # served by the static files app in the tests
        assert path.status_code == 200 and size in (192, 512)


def test_pages_link_the_manifest_and_the_form_carries_the_queue(db, client, make_user, tree):
    chair = make_user(Role.COMMUNITY_CHAIR, tree.s1c1, username="dongting")
    client.force_login(chair)
    page = client.get(reverse("activities:create")).content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'name="client_key"' in page and "data-queue" in page and "offline_form.js" in page
    assert "pwa/app.js" in page and "pwa/queue.js" in page
    assert " onclick=" not in page and "<script>" not in page


def _page_texts(page):
    """The phone scripts' texts the page carries (JSON data read by static/pwa/texts.js)."""
    found = re.search(r'<script id="wf-texts" type="application/json">(.*?)</script>', page, re.S)
    assert found, "the page carries no texts for its scripts"
    return json.loads(found.group(1))


def test_the_queue_texts_follow_the_page_language(db, client, make_user, tree):
    # given: a chair on the form that keeps activities offline
    client.force_login(make_user(Role.COMMUNITY_CHAIR, tree.s1c1, username="dongting"))
    # when: she opens it in Chinese (the default), then in English
    chinese = _page_texts(client.get(reverse("activities:create")).content.decode())
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = _page_texts(client.get(reverse("activities:create")).content.decode())
    # then: each page carries every text in its own language, counted ones worded for one and for more
    assert chinese["pending"] == "待上传"
    assert chinese["sent"] == {"one": "已上传 %(n)s 条活动。", "other": "已上传 %(n)s 条活动。"}
    assert chinese["problem_login"] == "登录已过期或没有权限：请重新登录后再打开“登记活动”页上传。"
    with translation.override("en"):
        assert english == pwa.texts()
    assert english.keys() == chinese.keys() == {*pwa.TEXTS, *pwa.COUNTED}


def test_the_scripts_word_nothing_themselves(db):
    """Every text the phone scripts show comes from the page: none is written in Chinese in the scripts."""
    han = re.compile(r"[\u4e00-\u9fff]")
    for name in ["pwa/texts.js", "pwa/queue.js", "pwa/app.js", "activities/offline_form.js",
                 "activities/photo_upload.js", "activities/activity_form.js"]:  # fmt: skip
        code = re.sub(r"/\*.*?\*/|//[^\n]*", "", Path(finders.find(name)).read_text(encoding="utf-8"), flags=re.S)
        assert not han.search(code), name
