"""Admin base: the same scope as the API, for lists, objects, foreign-key choices and autocomplete."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from wuhan_fulian.admin_imports import ScopedImportExportMixin
from wuhan_fulian.scope import is_editable, is_visible


class ScopedAdmin(SimpleHistoryAdmin):
    """Every admin for a domain model derives from this. Autocomplete is scoped too: Django's
    autocomplete view asks the related model's admin for ``get_queryset``."""

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def _user(self, request):
        user = request.user
        return user if user.is_active and user.is_staff else None

    def has_module_permission(self, request):
        return self._user(request) is not None

    def has_view_permission(self, request, obj=None):
        if self._user(request) is None:
            return False
        return obj is None or is_visible(request.user, obj)

    def has_add_permission(self, request):
        user = self._user(request)
        if user is None or not user.can_edit:
            return False
        if getattr(self.model, "scope_path", "federation") is None:
            return user.is_city_office
        return True

    def has_change_permission(self, request, obj=None):
        user = self._user(request)
        if user is None or not user.can_edit:
            return False
        return obj is None or is_editable(user, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        queryset = db_field.related_model._default_manager
        if hasattr(queryset, "editable_by") and "queryset" not in kwargs:
            # Records may only be attached to what the user edits: her own subtree.
            if db_field.related_model._meta.model_name == "federation":
                kwargs["queryset"] = queryset.editable_by(request.user)
            else:
                kwargs["queryset"] = queryset.visible_to(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        queryset = db_field.related_model._default_manager
        if hasattr(queryset, "visible_to") and "queryset" not in kwargs:
            kwargs["queryset"] = queryset.visible_to(request.user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            if not is_editable(request.user, obj):
                raise PermissionDenied

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)


class ScopedImportExportAdmin(ScopedImportExportMixin, ScopedAdmin):
    """Import/export scoped like everything else (``wuhan_fulian.admin_imports``): the resource runs as the
    request's user, imports look rows up only in her edit scope, exports see only her rows, no live
    formula in any exported cell, files read within the import limits."""
