"""Base pieces shared by every app's models."""

from django.db import models
from django.utils.translation import gettext_lazy as _

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
