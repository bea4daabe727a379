"""Activity photos: each upload goes through the shared image gate (``core.images``): checked from
its header (JPEG, PNG or WebP, under the byte and pixel caps) before anything is decoded, then decoded one
at a time and re-encoded (which drops metadata such as GPS positions and anything smuggled after the image
data) as the stored copy, a display copy and a thumbnail, under random names."""

import uuid

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from core import images

from .models import ActivityPhoto
from .models.activity import MAX_PHOTOS, PHOTO_FOLDER

ALLOWED_FORMATS = images.FORMATS
MAX_PIXELS = images.MAX_PIXELS
STORED_SIDE = images.STORED_SIDE
DISPLAY_SIDE = 1280
THUMBNAIL_SIDE = 320

CheckedPhoto = images.Probed


def check_photo(upload):
    """The upload checked from its header (nothing decoded), or a ValidationError in Chinese naming it."""
    return images.probe(upload)


def check_photos(uploads):
    """Probe a request's uploads: the count first (before opening any), then each file. Returns the
    checked photos and the list of Chinese errors (one per bad file)."""
    images.check_count(len(uploads), MAX_PHOTOS)
    checked, errors = [], []
    for upload in uploads:
        try:
            checked.append(images.probe(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    return checked, errors


def store_photo(checked, activity, order):
    """Write the three renditions under random names and return an unsaved ActivityPhoto."""
    image = images.decode(checked, STORED_SIDE)
    folder = timezone.localdate().strftime(PHOTO_FOLDER)
    stem = uuid.uuid4().hex
    stored, size = images.encode(image, checked.format)
    display, _size = images.encode(image, "JPEG", DISPLAY_SIDE)
    thumbnail, _size = images.encode(image, "JPEG", THUMBNAIL_SIDE)
    image.close()
    photo = ActivityPhoto(activity=activity, order=order, width=size[0], height=size[1])
    photo.image.name = default_storage.save(f"{folder}/{stem}.{checked.ext}", stored)
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
    """Store photos for ``activity`` (decoding one at a time); on any failure the files already written
    are removed again."""
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
