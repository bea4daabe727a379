"""The admin site: Django's, with the app list (the sidebar and the index, on every admin page) kept per user.

``AdminSite.get_app_list`` asks every registered admin for its module, view, add, change and delete permission
and reverses two URLs per model: 18 ms of each admin page at 60 admins. With no record in question, those
answers depend only on who asks (active, staff, superuser, role, federation, her Django permissions), the
language and the URL prefix, so the list is kept per process under exactly that key.
"""

from __future__ import annotations

import copy
from typing import Any

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django.http import HttpRequest
from django.urls import get_script_prefix
from django.utils import translation

KEPT = 1_000  # lists kept per process (one per user and language in use); all dropped when full


class FulianAdminSite(admin.AdminSite):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._app_lists: dict[tuple[Any, ...], list[dict[str, Any]]] = {}

    def app_list_key(self, request: HttpRequest) -> tuple[Any, ...]:
        user: Any = request.user
        return (
            user.pk,
            user.is_active,
            user.is_staff,
            user.is_superuser,
            getattr(user, "role", None),
            getattr(user, "federation_id", None),
            getattr(user, "view_federation_id", None),
            frozenset(user.get_all_permissions()) if user.is_active else frozenset(),
            translation.get_language(),
            get_script_prefix(),
            self.name,
        )

    def get_app_list(self, request: HttpRequest, app_label: str | None = None) -> list[dict[str, Any]]:
        if app_label is not None:
            return super().get_app_list(request, app_label)
        key = self.app_list_key(request)
        found = self._app_lists.get(key)
        if found is None:
            if len(self._app_lists) >= KEPT:
                self._app_lists.clear()
            found = self._app_lists[key] = super().get_app_list(request)
        # a copy: a caller may sort or trim what it is given
        return copy.deepcopy(found)

    def register(self, *args: Any, **kwargs: Any) -> None:
        self._app_lists.clear()
        super().register(*args, **kwargs)

    def unregister(self, *args: Any, **kwargs: Any) -> None:
        self._app_lists.clear()
        super().unregister(*args, **kwargs)


class FulianAdminConfig(AdminConfig):
    default_site = "core.admin_site.FulianAdminSite"
