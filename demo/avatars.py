"""Portrait placeholders for the people who show their profile (亮身份): a head-and-shoulders silhouette on a
soft background, a few variants drawn once with Pillow, one file name per person under
``cadres/photos/demo/`` (a name per row: a photo's file is deleted with its row or when it is replaced, so
people must never share one). On local storage each name is a hard link to its variant (``VARIANTS``, a
folder no file field points to, so never served): twenty thousand names, six files' worth of disk."""

import io
import os

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image, ImageDraw

FOLDER = "cadres/photos/demo"
VARIANTS = "demo-portraits"
BACKGROUNDS = ["#f3e5e8", "#e6eef6", "#eef3e6", "#f6efe2", "#ece6f3", "#e4f1f0"]
FIGURES = ["#8a5a64", "#4f6b86", "#5f7350", "#8a6f45", "#6a5a86", "#3f7470"]


def name_for(person_id):
    return f"{FOLDER}/{person_id:08d}.jpg"


def variants():
    """The JPEG bytes of each variant (about 1 kB each, 120×160)."""
    made = []
    for background, figure in zip(BACKGROUNDS, FIGURES, strict=True):
        image = Image.new("RGB", (120, 160), background)
        draw = ImageDraw.Draw(image)
        draw.ellipse((38, 30, 82, 80), fill=figure)  # head
        draw.ellipse((15, 88, 105, 190), fill=figure)  # shoulders
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=80)
        made.append(buffer.getvalue())
    return made


def write(person_ids):
    """One portrait per person id (kept when already there: the seed may run again); returns how many were
    written."""
    blobs = variants()
    local = _local_variants(blobs)
    written = 0
    for person_id in person_ids:
        name = name_for(person_id)
        if default_storage.exists(name):
            continue
        variant = person_id % len(blobs)
        if local:
            os.makedirs(os.path.dirname(default_storage.path(name)), exist_ok=True)
            os.link(local[variant], default_storage.path(name))
        else:
            default_storage.save(name, ContentFile(blobs[variant]))
        written += 1
    return written


def _local_variants(blobs):
    """The variants' paths on local storage (written once), or None on object storage (no hard links)."""
    try:
        folder = default_storage.path(VARIANTS)
    except NotImplementedError:
        return None
    os.makedirs(folder, exist_ok=True)
    paths = []
    for index, blob in enumerate(blobs):
        path = os.path.join(folder, f"{index}.jpg")
        if not os.path.exists(path):
            with open(path, "wb") as file:
                file.write(blob)
        paths.append(path)
    return paths


def restore():
    """Write the portrait files the database names but the storage lacks (a demo database copied without
    its media folder, as the browser tests do); returns how many were written."""
    from cadres.models import Person

    ids = Person.objects.filter(photo__startswith=f"{FOLDER}/").order_by("id").values_list("id", flat=True)
    return write(ids.iterator())
