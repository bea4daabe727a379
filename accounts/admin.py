from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from wuhan_fulian.admin import ScopedAdmin

from .models import ROLE_RANK, User


class ScopedUserFormMixin:
    """Rejects a role above the editor's own or a federation outside her subtree."""

    editor = None

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role", getattr(self.instance, "role", None))
        federation = cleaned.get("federation", getattr(self.instance, "federation", None))
        if self.editor is not None and not self.editor.may_manage(role, federation):
            raise ValidationError(_("只能在本人管辖范围内创建账号，且角色不能高于本人。"))
        return cleaned


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "federation", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    list_select_related = ["federation"]
    search_fields = ["username", "first_name", "last_name", "phone"]
    autocomplete_fields = ["federation", "view_federation"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("first_name", "last_name", "email", "phone")}),
        (_("角色与范围"), {"fields": ("role", "federation", "view_federation", "is_active")}),
        (_("重要日期"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2", "role", "federation")}),
    )
    readonly_fields = ["last_login", "date_joined"]

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        role_field = form.base_fields.get("role")
        if role_field is not None and not request.user.is_superuser:
            role_field.choices = [c for c in role_field.choices if ROLE_RANK.get(c[0], 100) <= request.user.role_rank]
        return type(form.__name__, (ScopedUserFormMixin, form), {"editor": request.user})
