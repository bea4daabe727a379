"""Uploaded files, served only to who may view the record that owns them.

``/media/<name>`` answers a file only when ``name`` is stored in a file field declared ``SERVED`` in
``FILE_POLICY`` and that row is in ``Model.objects.visible_to(user)`` (the one scope place). Every other
case (not signed in, out of scope, no such row, no such file, a private or undeclared field, a path
trick) answers the same 404: out of scope looks exactly like missing.

The file fields are found from the model registry (``file_fields``), so a new FileField/ImageField is
covered as soon as it exists; until it is declared here it is never served, and
``tests/security/test_media.py`` fails.

How the bytes leave: from the storage through Django (development, tests); with ``MEDIA_ACCEL_REDIRECT``
set (production behind nginx, an ``internal`` location over MEDIA_ROOT) as an ``X-Accel-Redirect`` to
that location; on S3-compatible object storage (``S3_BUCKET``) as a redirect to a signed URL valid
``MEDIA_SIGNED_URL_SECONDS`` (300 s). The bucket stays private and ``FieldFile.url`` names this view, so
pages and the API link here, never to the bucket.
"""

import mimetypes
import posixpath
from functools import lru_cache
from urllib.parse import quote

from django.apps import apps
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.views.decorators.cache import patch_cache_control
from django.views.decorators.http import require_safe

SERVED = "served"  # to anyone who may view the owning row (visible_to)
PRIVATE = "private"  # never through /media/ (downloads, if any, have their own checked view)

FILE_POLICY = {
    "cadres.Person.photo": SERVED,
    "activities.ActivityPhoto.image": SERVED,
    "activities.ActivityPhoto.display": SERVED,
    "activities.ActivityPhoto.thumbnail": SERVED,
    "venues.UpgradePhoto.image": SERVED,
    "cadres.ImportJob.file": PRIVATE,  # names, phones and ID numbers
}
# Never served whatever a row says: the import uploads (moved to private storage as well).
PRIVATE_PREFIXES = ("cadres/imports/",)


def file_fields():
    """(model, field) for every concrete FileField (ImageField included) of every installed model.
    Historical (simple-history) models keep only the name as text and are not among them."""
    return [
        (model, field)
        for model in apps.get_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField)
    ]


def _prefix(field):
    upload_to = field.upload_to
    folder = getattr(upload_to, "folder", upload_to if isinstance(upload_to, str) else "")
    folder = folder.split("%", 1)[0].strip("/")
    return f"{folder}/" if folder else ""


@lru_cache(maxsize=1)
def _served_by_model():
    """{model: ([field names], [prefixes])} of the declared, scoped, served fields."""
    served = {}
    for model, field in file_fields():
        if FILE_POLICY.get(f"{model._meta.label}.{field.name}") != SERVED:
            continue
        if not hasattr(model._default_manager, "visible_to"):
            continue  # a served field needs a scope to ask
        names, prefixes = served.setdefault(model, ([], []))
        names.append(field.name)
        prefixes.append(_prefix(field))
    return served


def owner_fields(name):
    """[(model, [field names])] that may hold ``name``, from the fields' folders and the declarations."""
    owners = []
    for model, (names, prefixes) in _served_by_model().items():
        wanted = [
            field
            for field, prefix in zip(names, prefixes, strict=True)
            if name.startswith(prefix) and FILE_POLICY.get(f"{model._meta.label}.{field}") == SERVED
        ]
        if wanted:
            owners.append((model, wanted))
    return owners


def clean_name(path):
    """The storage name for a requested path, or None for anything odd (no '..', no absolute paths)."""
    if not path or "\\" in path or "\x00" in path or path.startswith("/"):
        return None
    normal = posixpath.normpath(path)
    if normal != path or normal.startswith(("../", "./")) or normal in (".", ".."):
        return None
    return path


def find_owner(user, name):
    """(model, field) of a row visible to ``user`` holding the file ``name``; None otherwise."""
    if name.startswith(PRIVATE_PREFIXES):
        return None
    for model, names in owner_fields(name):
        match = Q()
        for field in names:
            match |= Q(**{field: name})
        row = model._default_manager.visible_to(user).filter(match).values(*names).first()
        if row is not None:
            field = next(f for f in names if row[f] == name)
            return model, model._meta.get_field(field)
    return None


def _requesting_user(request):
    """The session's user, else the API token's (a phone app shows the photo links the API gave it with
    the token it already holds); None for anyone else, an expired token or a password still to change."""
    if request.user.is_authenticated:
        return request.user
    from rest_framework.authentication import get_authorization_header
    from rest_framework.exceptions import AuthenticationFailed, PermissionDenied

    from accounts.auth import ExpiringTokenAuthentication

    if not get_authorization_header(request):
        return None
    try:
        found = ExpiringTokenAuthentication().authenticate(request)
    except (AuthenticationFailed, PermissionDenied):
        return None
    return found[0] if found is not None else None


@require_safe
def serve(request, path):
    name = clean_name(path)
    user = _requesting_user(request)
    if name is None or user is None:
        raise Http404
    owner = find_owner(user, name)
    if owner is None:
        raise Http404
    _model, field = owner
    storage = field.storage
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    accel = getattr(settings, "MEDIA_ACCEL_REDIRECT", "")
    signed_url = getattr(storage, "signed_url", None)
    if signed_url is not None:
        response = HttpResponseRedirect(signed_url(name))
    elif accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(name)
    else:
        try:
            handle = storage.open(name, "rb")
        except (FileNotFoundError, OSError, ValueError):
            raise Http404 from None
        response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Vary"] = "Cookie, Authorization"
    patch_cache_control(response, private=True, max_age=300)
    return response


def _private_s3_storage():
    from storages.backends.s3 import S3Storage

    class PrivateS3Storage(S3Storage):
        """S3 storage whose ``url()`` names our checked view; ``signed_url()`` is what the view redirects
        to once the scope is checked (valid ``querystring_expire`` / MEDIA_SIGNED_URL_SECONDS seconds)."""

        def __init__(self, **settings_):
            settings_.setdefault("querystring_auth", True)
            settings_.setdefault("querystring_expire", getattr(settings, "MEDIA_SIGNED_URL_SECONDS", 300))
            settings_.setdefault("default_acl", None)
            settings_.setdefault("signature_version", "s3v4")
            super().__init__(**settings_)

        def url(self, name, parameters=None, expire=None, http_method=None):
            return settings.MEDIA_URL + quote(name.lstrip("/"))

        def signed_url(self, name):
            return super().url(name, expire=self.querystring_expire)

    PrivateS3Storage.__module__ = __name__
    PrivateS3Storage.__qualname__ = "PrivateS3Storage"
    return PrivateS3Storage


def __getattr__(attribute):
    # Built on first use so that boto3 is only imported where object storage is configured.
    if attribute == "PrivateS3Storage":
        cls = _private_s3_storage()
        globals()["PrivateS3Storage"] = cls
        return cls
    raise AttributeError(attribute)
