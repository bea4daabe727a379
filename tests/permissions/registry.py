"""Declarations of every scoped API resource and admin model, so the permission tests are generated.

A new resource gets the whole battery (anonymous, viewer, in scope, out of scope, history, admin) by
adding one ``Resource`` to ``RESOURCES`` in ``tests/<app>/resources.py``::

    RESOURCES = [
        Resource(
            url="/api/v1/venues/venues/",
            make=lambda fed: Venue.objects.create(federation=fed, name="x", kind="WOMENS_HOME"),
            update={"name": "新名称"},
        ),
    ]

``make(federation)`` creates a record owned by ``federation`` (a community federation is passed), and
``update`` is a valid PATCH payload. ``tests/permissions/test_generated.py`` fails when an API route has
no declaration.

The other channels are declared the same way, in the same files (``tests/permissions/test_channels.py``
generates their tests and fails when a model gains an admin, an import-export resource or a file field
without a declaration):

- ``ADMINS``: one ``AdminModel`` per model registered in ``admin.site`` (changelist lookups, ordering,
  search, change/history pages, autocomplete). ``masked`` names the fields shown masked outside the edit
  scope (they must never be filtered, searched or sorted by such a user).
- ``IMPORTS``: one ``ImportCase`` per admin with import/export and per import-export resource (import dry
  run and confirm of a row naming another district's record, export). ``admin_import=False`` for an admin
  that only exports (people: imported by ``cadres.importer`` alone, tested in tests/security/test_import_*).
- ``FILES``: one ``FileCase`` per ``FileField``/``ImageField`` (media URLs).
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import tests


@dataclass
class Resource:
    url: str
    make: Callable[[Any], Any]
    update: dict
    # federation level the record needs ("COMMUNITY" by default; "STREET" for street-level records)
    owner: str = "community"
    create: Callable[[Any], dict] | None = None  # payload for a POST inside the district's subtree
    writable: bool = True
    extra: dict = field(default_factory=dict)

    @property
    def id(self):
        return self.url.strip("/").replace("api/v1/", "")


@dataclass
class AdminModel:
    model: type
    # make(federation) -> a record owned by ``federation``; None for the unscoped models below
    make: Callable[[Any], Any] | None = None
    owner: str = "community"
    masked: tuple[str, ...] = ()
    # why the model has no per-federation rows: CITY_WIDE or SUPERUSER_ONLY (then ``make`` is None)
    unscoped: str = ""
    # lookups the product itself links to (e.g. the gap list's "?federation__id__exact="), besides list_filter
    allowed_lookups: tuple[str, ...] = ()
    api_url: str = ""  # the API list route of a model with masked fields (search, ordering, filters)

    @property
    def id(self):
        return self.model._meta.label


CITY_WIDE = "city-wide catalogue: every staff member reads it, only the city office changes it"
SUPERUSER_ONLY = "third-party admin: superusers only (no model permissions are given to staff)"
# Scoped by account management, not by federation rows (User.objects.managed_by):
# tests/security/test_accounts_security.py and the masked-key test in tests/permissions/test_channels.py.
ACCOUNT_MANAGED = "tokens of the accounts the user manages"


@dataclass
class ImportCase:
    """An admin with import/export. ``row(record, tree)`` is a spreadsheet row (header -> value) naming
    ``record`` by its id or code and moving it into the district's own subtree (水果湖街 S1 / 东亭社区 S1C1 /
    武昌区 D1); ``secrets(record)`` are values of the record the importer must never be shown;
    ``ident(record)`` is a text that identifies the record in an export."""

    model: type
    resource: type
    make: Callable[[Any], Any]
    row: Callable[[Any, Any], dict]
    secrets: Callable[[Any], list]
    ident: Callable[[Any], str]
    owner: str = "community"
    admin_import: bool = True  # False: the admin only exports; the meta-test holds it to that

    @property
    def id(self):
        return self.model._meta.label


@dataclass
class FileCase:
    """A file field: ``make(federation)`` returns a record owned by ``federation`` with a file stored in
    ``field``. ``owner_downloads``: whether its own editor gets the file (False for files never served)."""

    model: type
    field: str
    make: Callable[[Any], Any]
    owner: str = "community"
    owner_downloads: bool = True

    @property
    def id(self):
        return f"{self.model._meta.label}.{self.field}"


def _declared(name):
    found = []
    for module_info in pkgutil.iter_modules(tests.__path__):
        if not module_info.ispkg:
            continue
        try:
            module = importlib.import_module(f"tests.{module_info.name}.resources")
        except ModuleNotFoundError as exc:
            if exc.name != f"tests.{module_info.name}.resources":
                raise
            continue
        found.extend(getattr(module, name, []))
    return found


def all_resources():
    return _declared("RESOURCES")


def all_admins():
    return _declared("ADMINS")


def all_imports():
    return _declared("IMPORTS")


def all_files():
    return _declared("FILES")
