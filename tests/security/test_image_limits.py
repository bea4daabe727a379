"""Issue 14 items 3 and 9 (images): one gate for every uploaded image. The pixel count is read from the
header and refused before anything is decoded (our cap, and Pillow's own limit set to raise), files per
request and bytes per file are capped, each refusal a Chinese 400 naming the file; what passes is
re-encoded under a random name (no EXIF/GPS, no trailing payload, not the uploader's file name)."""

import datetime
import io
import resource
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from activities.models import ActivityPhoto
from cadres.models import Person
from tests.cadres.factories import PersonFactory
from venues.models import Upgrade, UpgradePhoto

PAYLOAD = b"<?php system($_GET['c']); ?>"


def encoded(image, fmt="PNG", **options):
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def huge_png():
    """7000×7000 (49 megapixels) in ~50 KB: cheap to send, 147 MB once decoded as RGB."""
    return encoded(Image.new("1", (7000, 7000)), optimize=False)


@pytest.fixture(scope="module")
def bomb_png():
    """20000×20000 (400 megapixels): beyond Pillow's own limit as well."""
    return encoded(Image.new("1", (20000, 20000)))


def jpeg_with_gps():
    image = Image.effect_noise((64, 48), 40).convert("RGB")
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x8825] = {1: "N", 2: (30.0, 33.0, 0.0), 3: "E", 4: (114.0, 18.0, 0.0)}  # GPSInfo: Wuhan
    return encoded(image, "JPEG", exif=exif) + PAYLOAD


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def person(tree):
    return PersonFactory(federation=tree.s1c1, name="丁丽")


@pytest.fixture
def upgrade(cluster, homes):
    return Upgrade.objects.create(venue=homes.dongting, upgraded_on=datetime.date(2017, 5, 1), items="更换标牌")


def assert_clean_copy(root, name, original_name):
    stem = Path(name).stem
    assert original_name.split(".")[0] not in name
    assert len(stem) == 32 and int(stem, 16) >= 0, name  # uuid4 hex
    data = (Path(root) / name).read_bytes()
    assert PAYLOAD not in data and b"PhoneMaker" not in data
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "JPEG" and name.endswith(".jpg")
        assert not image.getexif()


# --- random names and re-encoding -------------------------------------------------------------------------


def test_a_cadre_photo_gets_a_random_name_and_loses_its_exif_and_payload(users, api_client, media, person):
    upload = SimpleUploadedFile("丁丽-身份证.jpg", jpeg_with_gps())
    response = api_client(users.district).patch(f"/api/v1/cadres/people/{person.pk}/", {"photo": upload})
    assert response.status_code == 200, response.json()
    assert_clean_copy(media, Person.objects.get(pk=person.pk).photo.name, "丁丽-身份证.jpg")


def test_an_upgrade_photo_gets_a_random_name_and_loses_its_exif_and_payload(users, api_client, media, upgrade):
    upload = SimpleUploadedFile("东亭之家-门牌.jpg", jpeg_with_gps())
    response = api_client(users.district).post(
        "/api/v1/venues/upgrade-photos/", {"upgrade": upgrade.pk, "image": upload}
    )
    assert response.status_code == 201, response.json()
    assert_clean_copy(media, UpgradePhoto.objects.get().image.name, "东亭之家-门牌.jpg")


def test_an_activity_photo_gets_a_random_name_and_loses_its_exif_and_payload(users, api_client, media, activity):
    upload = SimpleUploadedFile("插花-王芳家.jpg", jpeg_with_gps())
    response = api_client(users.chair).post(
        f"/api/v1/activities/activities/{activity.pk}/photos/", {"photos": [upload]}
    )
    assert response.status_code == 201, response.json()
    assert_clean_copy(media, ActivityPhoto.objects.get().image.name, "插花-王芳家.jpg")


def test_the_admin_form_reencodes_a_cadre_photo_too(client, users, media, person):
    from core.images import GatedImageFormField

    form_field = Person._meta.get_field("photo").formfield()
    assert isinstance(form_field, GatedImageFormField)
    stored = Person._meta.get_field("photo")
    person.photo = SimpleUploadedFile("丁丽-身份证.jpg", jpeg_with_gps())
    person.save()
    assert stored.upload_to  # a folder of ours
    assert_clean_copy(media, Person.objects.get(pk=person.pk).photo.name, "丁丽-身份证.jpg")


# --- pixel count before decoding, files per request, decompression bombs ------------------------------------


def measure(call):
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    response = call()
    seconds = time.perf_counter() - started
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    return response, seconds, grown_mb


def test_nine_7000px_pngs_are_refused_from_their_headers_in_well_under_a_second(
    users, api_client, media, activity, huge_png
):
    files = [SimpleUploadedFile(f"大图{i}.png", huge_png) for i in range(9)]
    url = f"/api/v1/activities/activities/{activity.pk}/photos/"
    response, seconds, grown_mb = measure(lambda: api_client(users.chair).post(url, {"photos": files}))
    print(f"nine 7000x7000 PNGs ({9 * len(huge_png) / 1e6:.2f} MB): {seconds:.3f} s, max RSS +{grown_mb:.0f} MB")
    assert response.status_code == 400
    errors = response.json()["photos"]
    assert len(errors) == 9 and "大图0.png" in errors[0] and "7000×7000" in errors[0] and "像素" in errors[0]
    assert seconds < 1.0 and grown_mb < 60
    assert not ActivityPhoto.objects.exists()


def test_more_photos_than_allowed_in_one_request_are_refused_before_any_is_opened(
    users, api_client, media, activity, monkeypatch
):
    from PIL import Image as PILImage

    opened = []
    real_open = PILImage.open
    monkeypatch.setattr(PILImage, "open", lambda *a, **k: opened.append(1) or real_open(*a, **k))
    files = [SimpleUploadedFile(f"p{i}.png", encoded(Image.new("RGB", (8, 8)))) for i in range(12)]
    response = api_client(users.chair).post(f"/api/v1/activities/activities/{activity.pk}/photos/", {"photos": files})
    assert response.status_code == 400
    assert "最多" in response.json()["photos"][0] and "9" in response.json()["photos"][0]
    assert opened == []


@pytest.mark.parametrize("which", ["huge", "bomb"])
def test_too_many_pixels_is_a_chinese_400_naming_the_file_on_every_image_upload(
    users, api_client, media, person, upgrade, activity, huge_png, bomb_png, which
):
    data = huge_png if which == "huge" else bomb_png
    district = api_client(users.district)
    responses = {
        "photo": district.patch(
            f"/api/v1/cadres/people/{person.pk}/", {"photo": SimpleUploadedFile("巨图.png", data)}, format="multipart"
        ),
        "image": district.post(
            "/api/v1/venues/upgrade-photos/", {"upgrade": upgrade.pk, "image": SimpleUploadedFile("巨图.png", data)}
        ),
        "photos": api_client(users.chair).post(
            f"/api/v1/activities/activities/{activity.pk}/photos/", {"photos": [SimpleUploadedFile("巨图.png", data)]}
        ),
    }
    for field, response in responses.items():
        assert response.status_code == 400, (field, response.content[:300])
        message = response.json()[field][0]
        assert "巨图.png" in message and "像素" in message, message
    assert not Person.objects.get(pk=person.pk).photo
    assert not UpgradePhoto.objects.exists() and not ActivityPhoto.objects.exists()


def test_pillow_itself_raises_on_images_over_our_cap():
    from PIL import Image as PILImage

    from core import images

    assert images.MAX_PIXELS <= 40_000_000
    assert 2 * PILImage.MAX_IMAGE_PIXELS <= images.MAX_PIXELS  # Pillow raises (not warns) above our cap
    with pytest.raises(PILImage.DecompressionBombError):
        PILImage.open(io.BytesIO(encoded(Image.new("1", (7000, 7000)))))


def test_the_activity_web_form_refuses_a_huge_photo_with_a_message(client, users, media, activity, huge_png):
    client.force_login(users.chair)
    response = client.post(
        f"/activities/{activity.pk}/edit/",
        {"photos": [SimpleUploadedFile("巨图.png", huge_png)], "title": activity.title},
    )
    assert response.status_code == 200
    assert "巨图.png" in str(response.context["form"].errors.get("photos"))
    assert not ActivityPhoto.objects.exists()


def test_a_request_with_more_files_than_django_accepts_is_a_400(users, api_client, media, activity):
    files = [SimpleUploadedFile(f"p{i}.png", b"x") for i in range(25)]
    response = api_client(users.chair).post(f"/api/v1/activities/activities/{activity.pk}/photos/", {"photos": files})
    assert response.status_code == 400
    assert not ActivityPhoto.objects.exists()
