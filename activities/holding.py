"""Photos held across a failed submit of the activity form: a chair who attached photos and then got a field
wrong keeps them. Each checked upload is written to a holding folder under a random name and the form carries
a signed token naming it, bound to the uploading user and valid for ``HOLD_SECONDS``; the next submit reads the
held files back through the same image gate. Held files are removed once the activity is saved, and the
``purge`` (activities.tasks / ``manage.py shell``) removes any left behind after ``HOLD_SECONDS``. A token of
another user, a forged or an expired one is ignored (as if no photo had been held). The media view serves
nothing from the holding folder: no record owns those files."""

import datetime
import uuid

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from core import images

HOLDING_FOLDER = "activities/holding"
HOLD_SECONDS = 24 * 3600
SALT = "activities.holding"


def hold(user, probed: images.Probed) -> dict:
    """Write a checked photo to the holding folder; its token and display name for the form."""
    name = default_storage.save(f"{HOLDING_FOLDER}/{uuid.uuid4().hex}.{probed.ext}", ContentFile(probed.data))
    token = signing.dumps({"u": user.pk, "f": name, "n": probed.name}, salt=SALT, compress=True)
    return {"token": token, "name": probed.name}


def _unsign(user, token):
    try:
        value = signing.loads(token, salt=SALT, max_age=HOLD_SECONDS)
    except signing.BadSignature:
        return None
    if value.get("u") != user.pk or not str(value.get("f", "")).startswith(HOLDING_FOLDER + "/"):
        return None
    return value


def resolve(user, tokens):
    """The held photos the tokens name (hers, unexpired, still present) as (token, name, upload) rows."""
    rows = []
    for token in dict.fromkeys(tokens):  # each once, in order
        value = _unsign(user, token)
        if value is None or not default_storage.exists(value["f"]):
            continue
        with default_storage.open(value["f"], "rb") as stored:
            data = stored.read()
        rows.append({"token": token, "name": value["n"], "upload": ContentFile(data, name=value["n"])})
    return rows


def release(user, tokens):
    """Remove the held files the tokens name (after the activity was saved with them, or when dropped)."""
    for token in tokens:
        value = _unsign(user, token)
        if value is not None:
            default_storage.delete(value["f"])


def purge(now=None):
    """Delete held files older than ``HOLD_SECONDS``; returns how many."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(seconds=HOLD_SECONDS)
    try:
        _dirs, files = default_storage.listdir(HOLDING_FOLDER)
    except FileNotFoundError:
        return 0
    removed = 0
    for name in files:
        path = f"{HOLDING_FOLDER}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            removed += 1
    return removed
