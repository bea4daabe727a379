"""Activity photos: checked to be real JPEG, PNG or WebP images under the size limit, re-encoded (which
drops metadata such as GPS positions and anything smuggled after the image data), resized for display,
and stored under random names in the default storage (MEDIA_ROOT, object storage later)."""

import io
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from .models import ActivityPhoto
from .models.activity import MAX_PHOTOS

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = 50_000_000  # 50 megapixels: larger than any phone camera, small enough to decode safely
STORED_SIDE = 2560
DISPLAY_SIDE = 1280
THUMBNAIL_SIDE = 320
MARKUP_SIGNS = (b"<svg", b"<html", b"<!doctype", b"<?xml", b"<script", b"<body", b"<head")


@dataclass
class CheckedPhoto:
    name: str
    image: Image.Image
    format: str


def _size_limit_text():
    megabytes = settings.MAX_PHOTO_BYTES / (1024 * 1024)
    return f"{megabytes:g} MB"


def check_photo(upload):
    """A decoded image from an uploaded file, or a ValidationError in Chinese saying what is wrong."""
    name = getattr(upload, "name", "") or _("照片")
    if upload.size is not None and upload.size > settings.MAX_PHOTO_BYTES:
        raise ValidationError(
            _("照片“%(name)s”超过 %(limit)s 的上限，请压缩后再上传。") % {"name": name, "limit": _size_limit_text()},
            code="too_large",
        )
    upload.seek(0)
    data = upload.read(settings.MAX_PHOTO_BYTES + 1)
    if len(data) > settings.MAX_PHOTO_BYTES:
        raise ValidationError(
            _("照片“%(name)s”超过 %(limit)s 的上限，请压缩后再上传。") % {"name": name, "limit": _size_limit_text()},
            code="too_large",
        )
    not_an_image = ValidationError(
        _("“%(name)s”不是有效的图片文件，只能上传 JPEG、PNG 或 WebP 格式的照片。") % {"name": name}, code="not_image"
    )
    head = data[:2048].lower()
    if any(sign in head for sign in MARKUP_SIGNS):
        raise not_an_image
    try:
        with Image.open(io.BytesIO(data)) as probe:
            image_format = probe.format
            width, height = probe.size
            if image_format not in ALLOWED_FORMATS:
                raise not_an_image
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    _("照片“%(name)s”像素过大（%(w)d×%(h)d），请缩小后再上传。")
                    % {"name": name, "w": width, "h": height},
                    code="too_many_pixels",
                )
            probe.verify()
        image = Image.open(io.BytesIO(data))
        image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise not_an_image from None
    return CheckedPhoto(name=name, image=image, format=image_format)


def _encode(image, image_format, side):
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    if image_format == "JPEG" and copy.mode not in ("RGB", "L"):
        background = Image.new("RGB", copy.size, "white")
        rgba = copy.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        copy = background
    buffer = io.BytesIO()
    options = {"JPEG": {"quality": 85, "optimize": True}, "PNG": {"optimize": True}, "WEBP": {"quality": 82}}
    copy.save(buffer, format=image_format, **options[image_format])
    return ContentFile(buffer.getvalue()), copy.size


def store_photo(checked, activity, order):
    """Write the three renditions under random names and return an unsaved ActivityPhoto."""
    image = ImageOps.exif_transpose(checked.image)
    if image.mode == "P":
        image = image.convert("RGBA")
    folder = f"activities/photos/{timezone.localdate():%Y/%m}"
    stem = uuid.uuid4().hex
    ext = ALLOWED_FORMATS[checked.format]
    stored, size = _encode(image, checked.format, STORED_SIDE)
    display, _size = _encode(image, "JPEG", DISPLAY_SIDE)
    thumbnail, _size = _encode(image, "JPEG", THUMBNAIL_SIDE)
    photo = ActivityPhoto(activity=activity, order=order, width=size[0], height=size[1])
    photo.image.name = default_storage.save(f"{folder}/{stem}.{ext}", stored)
    photo.display.name = default_storage.save(f"{folder}/{stem}_display.jpg", display)
    photo.thumbnail.name = default_storage.save(f"{folder}/{stem}_thumb.jpg", thumbnail)
    return photo


def check_photo_count(existing, adding):
    if existing + adding > MAX_PHOTOS:
        raise ValidationError(
            _("每个活动最多 %(max)d 张照片（已有 %(existing)d 张，本次上传 %(adding)d 张）。")
            % {"max": MAX_PHOTOS, "existing": existing, "adding": adding},
            code="too_many",
        )


def save_photos(activity, checked_photos, first_order=0):
    """Store photos for ``activity``; on any failure the files already written are removed again."""
    photos = []
    try:
        for offset, checked in enumerate(checked_photos):
            photo = store_photo(checked, activity, first_order + offset)
            photos.append(photo)
            photo.save()
    except Exception:
        for photo in photos:
            photo.delete_files()
        raise
    return photos
