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
    # ’ alone is an English apostrophe (Django's own "the user’s password"), not Chinese
    return sorted(set(CJK.findall(text)) - {"’"})


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


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%%|%[sd]|\{[a-z_]*\}")


def _catalogue():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    with open(CATALOGUE / "django.mo", "rb") as file:
        return po, gettext.GNUTranslations(file)


def _key(entry):
    return f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid


def test_the_catalogue_is_complete_and_compiled():
    """Every message of the project has its English, and the committed .mo is the .po compiled."""
    po, mo = _catalogue()
    assert len(po) >= 1200
    assert [entry.msgid for entry in po if not entry.translated() or "fuzzy" in entry.flags] == []
    for entry in po:
        if entry.msgid_plural:
            for n, index in ((1, 0), (2, 1)):
                assert mo.ngettext(_key(entry), entry.msgid_plural, n) == entry.msgstr_plural[index], entry.msgid
            strings = entry.msgstr_plural.values()
        else:
            assert mo.gettext(_key(entry)) == entry.msgstr, entry.msgid
            strings = [entry.msgstr]
        assert not any(CJK.search(text) for text in strings), entry.msgid


def test_every_translation_keeps_its_placeholders():
    po, _mo = _catalogue()
    lost = []
    for entry in po:
        wanted = sorted(PLACEHOLDER.findall(entry.msgid))
        for text in entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]:
            # a singular may say "one" instead of its count; every other placeholder is kept as written
            found = sorted(PLACEHOLDER.findall(text))
            if found != wanted and not (entry.msgid_plural and set(found) < set(wanted)):
                lost.append((entry.msgid, text))
    assert lost == []


def test_the_placeholder_check_is_not_vacuous():
    po, _mo = _catalogue()
    assert sum(1 for entry in po if PLACEHOLDER.search(entry.msgid)) >= 100


LATIN_NAMES = {
    "C": "Wuhan Women's Federation",
    "D1": "Wuchang",
    "D2": "Qiaokou",
    "S1": "Shuiguohu",
    "S2": "Zhongnan Road",
    "S3": "Baofeng",
    "S1C1": "Dongting",
    "S1V1": "Cuiliu",
    "S2C1": "Zhongnan",
    "S3C1": "Yongning",
    "S1C1G1": "Grid One",
}


def _stored_text():
    """Every text the database holds (names, titles, reference data such as venue kinds and indicator names,
    stored notices): what a page shows of these is data, not ours to translate. Longest first."""
    from django.apps import apps
    from django.db import models

    found = set()
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField) and not field.choices:
                found.update(model._default_manager.values_list(field.attname, flat=True).distinct())
    return sorted({text for text in found if text and CJK.search(text)}, key=len, reverse=True)


@pytest.fixture
def world(tree, users):
    """The page tests' records of every pillar on the shared tree, the federations renamed in Latin letters
    so that a Chinese name left on a page is ours, not the data's."""
    from tests.pages.world import populate

    populate([tree.s1c1, tree.s1v1, tree.s2c1, tree.s3c1], 1, "base")
    for code, name in LATIN_NAMES.items():
        Federation.objects.filter(code=code).update(name=name)
    return users


def _chinese_on_pages(user):
    """{page label: Chinese left} over every page ``user`` opens (wuhan_fulian.pages), read in English."""
    from django.test import Client

    from accounts.models import User
    from wuhan_fulian import pages

    user = User.objects.get(pk=user.pk)
    client = Client()
    client.force_login(user)
    _english(client)
    data = _stored_text()
    found = {}
    for page in pages.pages_for(user):
        response = client.get(page.url)
        assert response.status_code < 500, (page.label, response.status_code)  # a 403 page is read too
        if not response["Content-Type"].startswith("text/html"):
            continue  # an image or a file: its words are checked with the exports
        left = _chinese_left(response.content.decode(), data)
        if left:
            found[page.label] = left
    return found


@pytest.mark.parametrize("role", ["chair", "street", "district", "city"])
def test_every_page_of_every_role_in_english_shows_no_chinese_but_data(role, world):
    assert _chinese_on_pages(getattr(world, role)) == {}


def test_every_admin_changelist_and_add_form_for_the_city_office_in_english(world):
    """The admin's own labels switch by themselves; ours (verbose names, choices, help texts, filters, inlines,
    actions, the site header) must too."""
    from django.contrib import admin
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    client = Client()
    client.force_login(world.city)
    _english(client)
    data = _stored_text()
    found, opened = {}, 0
    for model in admin.site._registry:
        info = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        for view in ("changelist", "add"):
            try:
                url = reverse(f"{info}_{view}")
            except NoReverseMatch:
                continue  # no add form at all (API tokens are made by signing in)
            response = client.get(url)
            if response.status_code == 403:
                continue  # e.g. no adding where rows come from elsewhere
            assert response.status_code == 200, (info, view, response.status_code)
            opened += 1
            left = _chinese_left(response.content.decode(), data)
            if left:
                found[f"{info}_{view}"] = left
    assert opened > len(admin.site._registry)  # not vacuous: every changelist and some add forms
    assert found == {}


def _sheet_words(content):
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content))
    words = [*book.sheetnames]
    for sheet in book.worksheets:
        words += [str(cell) for row in sheet.iter_rows(max_row=1, values_only=True) for cell in row if cell]
    return words


def test_exports_in_english_have_english_headers(world):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(world.city)
    _english(client)
    # the dashboard's Excel: sheet names and every header row
    city = Federation.objects.get(code="C")
    response = client.get(reverse("evaluations:dashboard-export"), {"federation": city.pk})
    assert response.status_code == 200
    words = _sheet_words(response.content)
    assert len(words) > 10 and [word for word in words if CJK.search(word)] == []
    # an admin export (member units): English headers
    url = reverse("admin:organizations_memberunit_export")
    formats = client.get(url).context["form"].fields["format"].choices
    xlsx = next(value for value, label in formats if str(label).lower() == "xlsx")
    response = client.post(url, {"format": xlsx, "resource": 0, "memberunitresource_name": True})
    assert response.status_code == 200
    headers = _sheet_words(response.content)
    assert "Unit name" in headers and [word for word in headers if CJK.search(word)] == []
    # and the English file imports back: its headers read as the declared Chinese ones, in either language
    from organizations.resources import MemberUnitResource

    assert MemberUnitResource(user=world.city).headers_as_declared(["Unit name", "单位名称", "?"]) == [
        "单位名称",
        "单位名称",
        "?",
    ]
