"""Base pieces shared by every app's models."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from .naturalsort import SORT_KEY_LENGTH, stored_key
from .scope import ScopedManager


class BaseModel(models.Model):
    """A domain record: created/updated stamps and the scope-restricted manager.

    Subclasses set ``scope_path`` to the lookup path of their owning federation.
    """

    scope_path = "federation"

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ScopedManager()

    class Meta:
        abstract = True


class NaturallyNamed(models.Model):
    """A record listed by its ``name`` in natural order (第二 before 第十, 2 before 10; core/naturalsort.py).

    ``sort_key`` is the name's natural key, kept by ``save()`` (also when only ``update_fields=["name"]`` is
    saved) and by the bulk writer (core/bulk.py), so that the database sorts: a model lists ``"sort_key",
    "name"`` where it listed ``"name"`` (the name breaks a tie of keys, 第1 and 第一). History models leave the
    key out (``HistoricalRecords(excluded_fields=["sort_key"])``): it is derived from the name.
    """

    sort_key = models.CharField(_("排序键"), max_length=SORT_KEY_LENGTH, blank=True, default="", editable=False)

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.sort_key = stored_key(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "sort_key"}
        super().save(*args, **kwargs)
