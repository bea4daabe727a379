"""One gate for every uploaded image (cadre photos, venue upgrade photos, activity photos).

``probe`` reads the bytes (at most ``MAX_PHOTO_BYTES``) and only the header: the format must be JPEG, PNG
or WebP, the pixel count at most ``MAX_PHOTO_PIXELS`` (40 megapixels by default), checked before
anything is decoded. Pillow's own limit is set so that it raises above the same cap, so a path that
opens an image without asking here raises instead of decoding a bomb.
``reencode`` then decodes one image at a time (JPEG at a reduced scale when it is to be shrunk anyway),
applies the EXIF orientation and writes a fresh file: metadata (GPS positions, camera serials) and
anything appended after the image data are gone. Stored names are ``<folder>/<uuid4 hex>.<ext>`` (the
extension of the re-encoded format), never the uploader's file name.

``GatedImageField`` is the model field that applies all this on every path (API, admin, forms, code):
it validates with the gate, re-encodes a new upload as it is saved, and deletes its files after the
commit when the row is deleted or the file replaced (a rollback keeps them).
"""

from __future__ import annotations

import io
import os
import uuid
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.signals import post_delete, post_init
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
MAX_PIXELS = getattr(settings, "MAX_PHOTO_PIXELS", 40_000_000)
MAX_FILES_PER_REQUEST = getattr(settings, "MAX_PHOTOS_PER_REQUEST", 9)
STORED_SIDE = 2560
MARKUP_SIGNS = (b"<svg", b"<html", b"<!doctype", b"<?xml", b"<script", b"<body", b"<head")

# Pillow itself refuses (DecompressionBombError, whatever the warning filters say) anything over our cap,
# wherever an image is opened: it raises above twice MAX_IMAGE_PIXELS and only warns between, and that
# range is below our cap (refused by ``probe`` with a message), so its warning is noise.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS // 2
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)


@dataclass
class Probed:
    name: str
    data: bytes
    format: str
    size: tuple[int, int]

    @property
    def ext(self) -> str:
        return FORMATS[self.format]


def display_name(upload: Any) -> str:
    return os.path.basename(getattr(upload, "name", "") or "") or _("照片")


def _limit_text() -> str:
    return f"{settings.MAX_PHOTO_BYTES / (1024 * 1024):g} MB"


def _read(upload: Any) -> bytes:
    if hasattr(upload, "open") and getattr(upload, "closed", False):
        upload.open("rb")
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(settings.MAX_PHOTO_BYTES + 1)
    if hasattr(upload, "seek"):
        upload.seek(0)
    return data


def probe(upload: Any) -> Probed:
    """The upload's bytes, format and size, checked from the header only; a Chinese ValidationError
    naming the file otherwise. Nothing is decoded here."""
    name = display_name(upload)
    too_large = ValidationError(
        _("照片“%(name)s”超过 %(limit)s 的上限，请压缩后再上传。") % {"name": name, "limit": _limit_text()},
        code="too_large",
    )
    size = getattr(upload, "size", None)
    if size is not None and size > settings.MAX_PHOTO_BYTES:
        raise too_large
    data = _read(upload)
    if len(data) > settings.MAX_PHOTO_BYTES:
        raise too_large
    not_an_image = ValidationError(
        _("“%(name)s”不是有效的图片文件，只能上传 JPEG、PNG 或 WebP 格式的照片。") % {"name": name}, code="not_image"
    )
    if any(sign in data[:2048].lower() for sign in MARKUP_SIGNS):
        raise not_an_image

    def too_many_pixels(width: int, height: int) -> ValidationError:
        return ValidationError(
            _("照片“%(name)s”像素过大（%(w)d×%(h)d，上限 %(max)d 万像素），请缩小后再上传。")
            % {"name": name, "w": width, "h": height, "max": MAX_PIXELS // 10_000},
            code="too_many_pixels",
        )

    try:
        with Image.open(io.BytesIO(data), formats=list(FORMATS)) as image:
            image_format, (width, height) = image.format, image.size
            if width * height > MAX_PIXELS:
                raise too_many_pixels(width, height)
            image.verify()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        width, height = _header_size(data)
        raise too_many_pixels(width, height) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, TypeError, EOFError):
        raise not_an_image from None
    if image_format not in FORMATS:
        raise not_an_image
    return Probed(name=name, data=data, format=image_format, size=(width, height))


def _header_size(data: bytes) -> tuple[int, int]:
    """Width and height of an image Pillow refused to open as a bomb (read with the check lifted: the
    header only, nothing is decoded)."""
    limit = Image.MAX_IMAGE_PIXELS
    try:
        Image.MAX_IMAGE_PIXELS = None
        with Image.open(io.BytesIO(data)) as image:
            return image.size
    except Exception:
        return (0, 0)
    finally:
        Image.MAX_IMAGE_PIXELS = limit


def check_count(count: int, limit: int | None = None) -> None:
    limit = limit or MAX_FILES_PER_REQUEST
    if count > limit:
        raise ValidationError(
            _("一次最多上传 %(max)d 张照片（本次 %(count)d 张）。") % {"max": limit, "count": count},
            code="too_many_files",
        )


def decode(probed: Probed, side: int = STORED_SIDE) -> Image.Image:
    """The probed image decoded, upright, with no more than ``side`` pixels on its longer side."""
    image: Image.Image = Image.open(io.BytesIO(probed.data))
    if image.format == "JPEG":
        image.draft("RGB", (side, side))  # decode at 1/2, 1/4 or 1/8 scale when that is still big enough
    image.load()
    image = ImageOps.exif_transpose(image)
    if image.mode == "P":
        image = image.convert("RGBA")
    elif image.mode not in ("RGB", "RGBA", "L", "LA"):
        image = image.convert("RGBA" if "A" in image.getbands() else "RGB")
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    return image


def encode(image: Image.Image, image_format: str, side: int | None = None) -> tuple[ContentFile, tuple[int, int]]:
    """A fresh file (ContentFile) of ``image`` in ``image_format``, optionally shrunk to ``side``; no
    metadata is copied. Returns the file and its pixel size."""
    copy = image.copy()
    if side:
        copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    if image_format == "JPEG" and copy.mode not in ("RGB", "L"):
        background = Image.new("RGB", copy.size, "white")
        rgba = copy.convert("RGBA")
        background.paste(rgba, mask=rgba.getchannel("A"))
        copy = background
    buffer = io.BytesIO()
    options: dict[str, dict[str, Any]] = {
        "JPEG": {"quality": 85, "optimize": True},
        "PNG": {"optimize": True},
        "WEBP": {"quality": 82},
    }
    copy.save(buffer, format=image_format, **options[image_format])
    return ContentFile(buffer.getvalue()), copy.size


def reencode(upload_or_probed: Any, side: int = STORED_SIDE) -> tuple[ContentFile, str, tuple[int, int]]:
    """(ContentFile, extension, size) of a clean copy of an upload in its own format."""
    probed = upload_or_probed if isinstance(upload_or_probed, Probed) else probe(upload_or_probed)
    content, size = encode(decode(probed, side), probed.format)
    return content, probed.ext, size


def random_name(folder: str, ext: str) -> str:
    """``folder`` (strftime patterns allowed) / a uuid4 hex . ``ext``."""
    return f"{timezone.localdate().strftime(folder).strip('/')}/{uuid.uuid4().hex}.{ext}"


@deconstructible
class RandomName:
    """``upload_to`` giving ``<folder>/<uuid4 hex>.<ext>``; the extension is the stored format's."""

    def __init__(self, folder: str) -> None:
        self.folder = folder

    def __call__(self, instance: models.Model, filename: str) -> str:
        ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        return random_name(self.folder, ext if ext in FORMATS.values() else "bin")

    @property
    def prefix(self) -> str:
        """The fixed part of the folder (before any date pattern), with a trailing slash."""
        return self.folder.split("%", 1)[0].rstrip("/") + "/"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and other.folder == self.folder


def validate_image(file: Any) -> None:
    """Model-field validator: the gate's checks (size, format, pixel count from the header)."""
    if file and not getattr(file, "_committed", True):
        probe(file)


class GatedImageFormField(forms.ImageField):
    """Runs the gate before Django's own check, so every refusal is ours, in Chinese, naming the file."""

    def to_python(self, data: Any) -> Any:
        if data not in self.empty_values:
            probe(data)
        return super().to_python(data)


class GatedImageField(models.ImageField):
    """An ImageField stored under random names, re-encoded on save, its files deleted with the row."""

    default_validators = [validate_image]

    def __init__(self, *args: Any, folder: str | None = None, side: int = STORED_SIDE, **kwargs: Any) -> None:
        if folder is not None:
            kwargs["upload_to"] = RandomName(folder)
        kwargs.setdefault("max_length", 200)
        self.side = side
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> tuple[str, str, list[Any], dict[str, Any]]:
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 200:
            kwargs.pop("max_length")
        else:
            kwargs.setdefault("max_length", 100)
        return name, path, args, kwargs

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": GatedImageFormField, **kwargs})

    def pre_save(self, model_instance: models.Model, add: bool) -> Any:
        file = getattr(model_instance, self.attname)
        if file and not file._committed:
            content, ext, _size = reencode(file, self.side)
            file.save(f"photo.{ext}", content, save=False)
        previous = _initial(model_instance, self.attname)
        if previous and previous != (file.name or None):  # replaced or cleared: the old file goes
            _delete_after_commit(self.storage, [previous])
        if hasattr(model_instance, "_gated_files"):
            model_instance._gated_files[self.attname] = file.name or None
        return file

    def contribute_to_class(self, cls: type[models.Model], name: str, **kwargs: Any) -> None:
        super().contribute_to_class(cls, name, **kwargs)
        if cls._meta.abstract or cls._meta.proxy:
            return
        uid = f"gated-image-{cls._meta.label_lower}"
        post_init.connect(_remember, sender=cls, weak=False, dispatch_uid=f"{uid}-init")
        post_delete.connect(_forget, sender=cls, weak=False, dispatch_uid=f"{uid}-delete")


def _gated_fields(model: type[models.Model]) -> list[GatedImageField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, GatedImageField)]


def _remember(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    instance._gated_files = {f.attname: instance.__dict__.get(f.attname) for f in _gated_fields(sender)}


def _initial(instance: models.Model, attname: str) -> str | None:
    value = getattr(instance, "_gated_files", {}).get(attname)
    return getattr(value, "name", value) or None


def _forget(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    for field in _gated_fields(sender):
        file = getattr(instance, field.attname)
        if file:
            _delete_after_commit(file.storage, [file.name])


def _delete_after_commit(storage: Any, names: Iterable[str]) -> None:
    def delete() -> None:
        for name in names:
            try:
                storage.delete(name)
            except Exception:  # a file already gone, a storage hiccup: the row is what matters
                pass

    transaction.on_commit(delete)
