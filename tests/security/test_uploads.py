"""Bad input, part 3: uploads that lie about their type, oversize uploads, SVG and HTML disguised as images,
and path tricks in file names, on every upload: activity photos, venue upgrade photos, cadre photos and the
people import. Each is refused with a Chinese message or stored safely under a name of ours; never a 500."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from activities.models import ActivityPhoto
from cadres.models import ImportJob, Person
from tests.cadres.factories import PersonFactory
from tests.security.imports import people_csv
from venues.models import Upgrade, UpgradePhoto

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
TRICK = "../../../../etc/cron.d/evil.png"


def png(size=(40, 30)):
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format="PNG")
    return buffer.getvalue()


def noisy_png(side=400):
    buffer = io.BytesIO()
    Image.effect_noise((side, side), 64).convert("RGB").save(buffer, format="PNG")
    return buffer.getvalue()


LIES = [
    pytest.param("photo.png", SVG, id="svg-named-png"),
    pytest.param("photo.jpg", HTML, id="html-named-jpg"),
    pytest.param("photo.png", b"just some text, not an image", id="text-named-png"),
    pytest.param("photo.svg", SVG, id="svg"),
    pytest.param("photo.html", png(), id="png-named-html"),
    pytest.param("photo.png", png()[:60], id="truncated-png"),
]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_safely(root, name, folder):
    path = (Path(root) / name).resolve()
    assert ".." not in name and not name.startswith("/")
    assert name.startswith(folder)
    assert path.is_relative_to(Path(root).resolve()) and path.exists()


# --- cadre photos ---------------------------------------------------------------------------------


@pytest.fixture
def person(tree):
    return PersonFactory(federation=tree.s1c1, name="照片人")


@pytest.mark.parametrize(("name", "data"), LIES)
def test_a_cadre_photo_that_is_not_an_image_is_refused(tree, users, api_client, media, person, name, data):
    response = api_client(users.district).patch(
        f"/api/v1/cadres/people/{person.pk}/", {"photo": SimpleUploadedFile(name, data)}, format="multipart"
    )
    assert response.status_code == 400
    assert "photo" in response.json()
    assert not Person.objects.get(pk=person.pk).photo


def test_an_oversize_cadre_photo_is_refused(tree, users, api_client, media, person, settings):
    settings.MAX_PHOTO_BYTES = 10_000
    upload = SimpleUploadedFile("big.png", noisy_png())
    response = api_client(users.district).patch(f"/api/v1/cadres/people/{person.pk}/", {"photo": upload})
    assert response.status_code == 400
    assert "MB" in response.json()["photo"][0]


def test_a_path_trick_in_a_cadre_photo_name_is_stored_under_our_folder(tree, users, api_client, media, person):
    response = api_client(users.district).patch(
        f"/api/v1/cadres/people/{person.pk}/", {"photo": SimpleUploadedFile(TRICK, png())}, format="multipart"
    )
    assert response.status_code == 200, response.json()
    stored_safely(media, Person.objects.get(pk=person.pk).photo.name, "cadres/photos/")


# --- venue upgrade photos ------------------------------------------------------------------------------


@pytest.fixture
def upgrade(cluster, homes):
    return Upgrade.objects.create(venue=homes.dongting, upgraded_on=datetime.date(2017, 5, 1), items="更换标牌")


@pytest.mark.parametrize(("name", "data"), LIES)
def test_an_upgrade_photo_that_is_not_an_image_is_refused(users, api_client, media, upgrade, name, data):
    response = api_client(users.district).post(
        "/api/v1/venues/upgrade-photos/", {"upgrade": upgrade.pk, "image": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 400
    assert "image" in response.json()
    assert not UpgradePhoto.objects.exists()


def test_an_oversize_upgrade_photo_is_refused(users, api_client, media, upgrade, settings):
    settings.MAX_PHOTO_BYTES = 10_000  # one limit for every image (core.images)
    upload = SimpleUploadedFile("big.png", noisy_png())
    response = api_client(users.district).post(
        "/api/v1/venues/upgrade-photos/", {"upgrade": upgrade.pk, "image": upload}
    )
    assert response.status_code == 400
    assert "5 MB" in response.json()["image"][0] or "MB" in response.json()["image"][0]


def test_a_path_trick_in_an_upgrade_photo_name_is_stored_under_our_folder(users, api_client, media, upgrade):
    response = api_client(users.district).post(
        "/api/v1/venues/upgrade-photos/", {"upgrade": upgrade.pk, "image": SimpleUploadedFile(TRICK, png())}
    )
    assert response.status_code == 201, response.json()
    stored_safely(media, UpgradePhoto.objects.get().image.name, "venues/upgrades/")


# --- activity photos --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "data"), [p for p in LIES if p.id != "png-named-html"])
def test_an_activity_photo_that_is_not_an_image_is_refused(users, api_client, media, activity, name, data):
    response = api_client(users.chair).post(
        f"/api/v1/activities/activities/{activity.pk}/photos/", {"photos": [SimpleUploadedFile(name, data)]}
    )
    assert response.status_code == 400
    assert "photos" in response.json()
    assert not ActivityPhoto.objects.exists()


def test_an_oversize_activity_photo_is_refused(users, api_client, media, activity, settings):
    settings.MAX_PHOTO_BYTES = 10_000
    upload = SimpleUploadedFile("big.png", noisy_png())
    response = api_client(users.chair).post(
        f"/api/v1/activities/activities/{activity.pk}/photos/", {"photos": [upload]}
    )
    assert response.status_code == 400
    assert "上限" in response.json()["photos"][0]


def test_an_activity_photo_with_a_path_trick_and_a_script_tail_is_reencoded_under_our_name(
    users, api_client, media, activity
):
    # An activity photo is judged by its content and re-encoded: a real image named .html is kept as a .png,
    # the bytes smuggled after the image data are dropped, and the name is ours.
    upload = SimpleUploadedFile(TRICK.replace(".png", ".html"), noisy_png(100) + b"<script>alert(1)</script>")
    url = f"/api/v1/activities/activities/{activity.pk}/photos/"
    response = api_client(users.chair).post(url, {"photos": [upload]})
    assert response.status_code == 201, response.json()
    photo = ActivityPhoto.objects.get()
    stored_safely(media, photo.image.name, "activities/photos/")
    assert "evil" not in photo.image.name and photo.image.name.endswith(".png")
    assert b"<script>" not in (Path(media) / photo.image.name).read_bytes()


def test_a_small_image_with_markup_in_its_first_bytes_is_refused(users, api_client, media, activity):
    upload = SimpleUploadedFile("photo.png", png() + b"<script>alert(1)</script>")
    url = f"/api/v1/activities/activities/{activity.pk}/photos/"
    response = api_client(users.chair).post(url, {"photos": [upload]})
    assert response.status_code == 400
    assert "不是有效的图片文件" in response.json()["photos"][0]


# --- people imports ----------------------------------------------------------------------------------

IMPORT_LIES = [
    pytest.param("people.xlsx", HTML, "Excel", id="html-named-xlsx"),
    pytest.param("people.xlsx", b"name,phone\n", "Excel", id="csv-named-xlsx"),
    pytest.param("people.csv", HTML, "CSV", id="html-named-csv"),
    pytest.param("people.csv", png(), "CSV", id="png-named-csv"),
    pytest.param("people.exe", b"MZ\x90\x00", "Excel", id="exe"),
    pytest.param("people.xlsx.html", b"x", "Excel", id="double-extension"),
]


@pytest.mark.parametrize(("name", "data", "word"), IMPORT_LIES)
def test_an_import_file_that_lies_about_its_type_is_refused_up_front(tree, users, api_client, media, name, data, word):
    response = api_client(users.district).post("/api/v1/cadres/imports/", {"file": SimpleUploadedFile(name, data)})
    assert response.status_code == 400
    assert word in response.json()["file"][0]
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize(("name", "data", "word"), IMPORT_LIES)
def test_the_import_page_refuses_the_same_files(tree, users, client, media, name, data, word):
    client.force_login(users.district)
    response = client.post("/cadres/import/", {"file": SimpleUploadedFile(name, data), "dry_run": "on"})
    assert response.status_code == 200
    assert word in str(response.context["form"].errors["file"])
    assert not ImportJob.objects.exists()


def test_an_oversize_import_is_refused(tree, users, api_client, media, monkeypatch):
    from cadres import validators

    monkeypatch.setattr(validators, "MAX_IMPORT_BYTES", 1024)
    upload = SimpleUploadedFile("people.csv", people_csv(tree.s1c1.code, 200))
    response = api_client(users.district).post("/api/v1/cadres/imports/", {"file": upload})
    assert response.status_code == 400
    assert "分批导入" in response.json()["file"][0]


def test_a_path_trick_in_an_import_name_is_stored_under_our_folder(tree, users, api_client, media):
    upload = SimpleUploadedFile("../../../etc/people.csv", people_csv(tree.s1c1.code, 2))
    response = api_client(users.district).post("/api/v1/cadres/imports/", {"file": upload, "dry_run": "true"})
    assert response.status_code == 202, response.json()
    job = ImportJob.objects.get()  # import files are private (issue 14): under the private root, not media
    stored_safely(job.file.storage.location, job.file.name, "cadres/imports/")


def test_a_corrupt_workbook_fails_the_job_with_a_chinese_reason(
    tree, users, api_client, media, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("people.xlsx", b"PK\x03\x04" + b"\x00" * 100)
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(users.district).post("/api/v1/cadres/imports/", {"file": upload, "dry_run": "true"})
    assert response.status_code == 202
    job = ImportJob.objects.get()
    assert job.status == "FAILED"
    assert "无法读取文件" in job.report[0]["errors"][0]


def test_a_gbk_csv_from_chinese_excel_is_read(tree, users, api_client, media, django_capture_on_commit_callbacks):
    data = people_csv(tree.s1c1.code, 3).decode("utf-8-sig").encode("gb18030")
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(users.district).post(
            "/api/v1/cadres/imports/", {"file": SimpleUploadedFile("people.csv", data), "dry_run": "true"}
        )
    assert response.status_code == 202
    job = ImportJob.objects.get()
    assert (job.status, job.total_rows) == ("PREVIEWED", 3), job.report
