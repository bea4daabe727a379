"""English (issue 17 item 14): a language switch on every page (Django's set_language, a POST form, no inline
script), and the `en` catalogue: once switched, the pages a community chair and a district office open first
show no Chinese outside the data itself (names of federations, activities, kinds), nor does an API error."""

import datetime
import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from accounts.models import Role
from activities.models import Activity, ActivityKind
from organizations.choices import Level
from organizations.models import Federation

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’]+")
CATALOGUE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
# A language's own name is how a switch offers it (W3C i18n practice).
LANGUAGE_NAMES = ["简体中文"]


@pytest.fixture
def place(db):
    """A district, a street and a community with Latin names, so that any Chinese left on a page is ours."""
    city = Federation.objects.create(name="Wuhan Women's Federation", code="C", level=Level.CITY)
    district = Federation.objects.create(name="Wuchang", code="D1", level=Level.DISTRICT, parent=city)
    street = Federation.objects.create(name="Shuiguohu", code="S1", level=Level.STREET, parent=district)
    community = Federation.objects.create(name="Dongting", code="S1C1", level=Level.COMMUNITY, parent=street)
    return district, community


def _english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


def _text(html):
    """What a reader sees: the page without tags, scripts and styles, plus the attributes read aloud."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    shown = re.findall(r'(?:alt|title|placeholder|aria-label|value)="([^"]*)"', html)
    return re.sub(r"<[^>]+>", " ", html) + " " + " ".join(shown)


def _chinese_left(html, data=()):
    text = _text(html)
    for value in [*data, *LANGUAGE_NAMES]:
        text = text.replace(value, " ")
    return sorted(set(CJK.findall(text)))


def _data():
    """Strings that come from the database (reference data included: the activity kinds)."""
    return sorted(
        [*ActivityKind.objects.values_list("name", flat=True), *Activity.objects.values_list("title", flat=True)],
        key=len,
        reverse=True,
    )


def test_every_page_offers_the_switch_as_a_post_form_without_script(db, client, make_user, place):
    _district, community = place
    for path in ["/login/"]:
        html = client.get(path).content.decode()
        form = re.search(r'<form class="language-switch" method="post" action="/i18n/setlang/">.*?</form>', html, re.S)
        assert form, path
        assert 'name="language" value="en"' in form.group(0) and "csrfmiddlewaretoken" in form.group(0)
        assert " on" not in re.sub(r"\s+", " ", form.group(0)).replace(" one", "")  # no inline handler
    client.force_login(make_user(Role.COMMUNITY_CHAIR, community))
    for path in ["/", "/activities/", "/activities/new/"]:
        html = client.get(path).content.decode()
        assert 'class="language-switch"' in html, path
    # when: she switches
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/activities/"})
    # then: back on the page she was on, in English, and the switch now offers Chinese
    assert response.status_code == 302 and response["Location"] == "/activities/"
    html = client.get("/activities/").content.decode()
    assert '<html lang="en">' in html
    assert 'name="language" value="zh-hans"' in html


def test_the_chairs_pages_in_english_show_no_chinese_but_data(client, make_user, place):
    _district, community = place
    chair = make_user(Role.COMMUNITY_CHAIR, community, username="dongting")
    client.force_login(chair)
    _english(client)
    kind = ActivityKind.objects.order_by("order").first()
    start = datetime.datetime(2026, 11, 3, 9, 0, tzinfo=datetime.UTC)
    Activity.objects.create(
        federation=community, kind=kind, title="Parents' reading club", start=start,
        end=start + datetime.timedelta(hours=2), participants=30, women_participants=25,
    )  # fmt: skip
    for path in ["/", "/activities/", "/activities/new/", "/activities/month/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert _chinese_left(response.content.decode(), _data()) == [], path


def test_the_district_office_pages_in_english_show_no_chinese_but_data(client, make_user, place):
    district, _community = place
    client.force_login(make_user(Role.DISTRICT_STAFF, district, username="wuchang"))
    _english(client)
    pages = ["/", "/login/", "/organizations/tree/", "/cadres/gaps/", "/cadres/rotation/", "/venues/clusters/"]
    for path in [*pages, "/evaluations/dashboard/", "/evaluations/surveys/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert _chinese_left(response.content.decode(), _data()) == [], path
    # the admin keeps the switch beside its user links
    assert 'class="language-switch"' in client.get("/admin/").content.decode()


def test_api_errors_in_english(client, make_user, place):
    _district, community = place
    client.force_login(make_user(Role.COMMUNITY_CHAIR, community))
    _english(client)
    missing = client.get("/api/v1/nothing-here/")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not found."}
    # a bad activity: every field error in English
    bad = client.post(
        "/api/v1/activities/activities/",
        {"federation": community.pk, "kind": "", "start": "2026-11-03T10:00", "end": "2026-11-03T09:00",
         "participants": 5, "women_participants": 9},
        content_type="application/json",
    )  # fmt: skip
    assert bad.status_code == 400
    assert _chinese_left(bad.content.decode("unicode_escape")) == [], bad.json()
    # and by Accept-Language alone, without the switch (an API client)
    client.cookies.pop(settings.LANGUAGE_COOKIE_NAME, None)
    assert client.get("/api/v1/nothing-here/", HTTP_ACCEPT_LANGUAGE="en").json() == {"detail": "Not found."}


def test_the_catalogue_is_compiled_and_complete_for_what_it_translates():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    with open(CATALOGUE / "django.mo", "rb") as file:
        mo = gettext.GNUTranslations(file)
    translated = po.translated_entries()
    assert len(translated) >= 300
    for entry in translated:
        if entry.msgid_plural or "fuzzy" in entry.flags:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        assert mo.gettext(key) == entry.msgstr, entry.msgid  # the committed .mo is the .po compiled
        assert not CJK.search(entry.msgstr), entry.msgid
