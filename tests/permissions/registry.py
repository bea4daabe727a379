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


def all_resources():
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
        found.extend(getattr(module, "RESOURCES", []))
    return found
