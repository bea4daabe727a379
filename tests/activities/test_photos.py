"""Photo checks: real JPEG, PNG or WebP images under the size limit; markup disguised as an image, SVG,
other formats and oversize files are refused; metadata is dropped; names are random."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from activities.photos import check_photo, save_photos

from .conftest import image_bytes

SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect/></svg>'


def upload(name, data, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_real_images_of_the_allowed_types_pass(fmt):
    checked = check_photo(upload(f"a.{fmt.lower()}", image_bytes(fmt)))
    assert checked.format == fmt


@pytest.mark.parametrize(
    "name, data",
    [
        ("fake.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00<html><body><script>alert(1)</script></body></html>"),
        ("page.jpg", b"<!DOCTYPE html><html><script>alert(1)</script></html>"),
        ("logo.svg", SVG),
        ("logo.png", SVG),
        ("anim.gif", image_bytes("GIF")),
        ("broken.png", image_bytes("PNG")[:60]),
        ("empty.jpg", b""),
    ],
)
def test_anything_else_is_refused_in_chinese(name, data):
    with pytest.raises(ValidationError) as exc:
        check_photo(upload(name, data))
    assert "JPEG、PNG 或 WebP" in exc.value.messages[0]


def test_a_photo_over_the_size_limit_is_refused(settings):
    settings.MAX_PHOTO_BYTES = 10_000
    big = image_bytes("PNG", size=(400, 400), color=None) + b"\0" * 10_000
    with pytest.raises(ValidationError) as exc:
        check_photo(upload("big.png", big, "image/png"))
    assert "上限" in exc.value.messages[0]


def test_stored_photos_have_random_names_no_metadata_and_a_display_copy(tree, make_activity, media):
    # given: a large JPEG carrying EXIF (a camera model here; GPS in real life)
    exif = Image.Exif()
    exif[0x0110] = "Secret Phone"
    buffer = io.BytesIO()
    Image.new("RGB", (4000, 3000), (10, 120, 10)).save(buffer, format="JPEG", exif=exif)
    activity = make_activity(tree.s1c1)
    # when
    [photo] = save_photos(activity, [check_photo(upload("我的照片.jpg", buffer.getvalue()))])
    # then
    assert "我的照片" not in photo.image.name
    assert photo.image.name.startswith("activities/photos/") and photo.image.name.endswith(".jpg")
    assert (media / photo.image.name).exists()
    with Image.open(media / photo.image.name) as stored:
        assert max(stored.size) == 2560
        assert 0x0110 not in stored.getexif()
    with Image.open(media / photo.display.name) as display:
        assert max(display.size) == 1280
    with Image.open(media / photo.thumbnail.name) as thumb:
        assert max(thumb.size) == 320
