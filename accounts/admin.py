import copy
import dataclasses

from django.contrib import admin
from django.contrib.admin.utils import quote, unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.admin import TokenAdmin as DRFTokenAdmin
from rest_framework.authtoken.models import TokenProxy
from simple_history.template_utils import HistoricalRecordContextHelper

from core.admin import DeclaredLookupsMixin, ScopedAdmin
from core.masking import mask_phone

from .auth import token_expires
from .models import ROLE_RANK, ApiToken, User

ACCOUNT_FIELDS = ("role", "federation", "view_federation", "is_active")


class ScopedUserFormMixin:
    """The account as stored and as it would be saved must both be the editor's to manage
    (``User.account_change_error``): admin add, change and history revert all pass here."""

    editor = None

    def clean(self):
        cleaned = super().clean()
        if self.editor is None:
            return cleaned
        target = copy.copy(self.instance)
        for name in ACCOUNT_FIELDS:
            if name in cleaned:
                setattr(target, name, cleaned[name])
        before = None
        if self.instance.pk is not None:
            before = User.objects.select_related("federation", "view_federation").filter(pk=self.instance.pk).first()
        error = self.editor.account_change_error(target, before)
        if error:
            raise ValidationError(error)
        return cleaned


class MaskedPhoneHistoryHelper(HistoricalRecordContextHelper):
    def format_delta_change(self, change):
        if change.field == "phone":
            change = dataclasses.replace(change, old=mask_phone(change.old), new=mask_phone(change.new))
        return super().format_delta_change(change)


@admin.register(User)
class UserAdmin(ScopedAdmin, DjangoUserAdmin):
    """Accounts in one's view scope are listed; only those she manages (``User.may_manage``) can be changed,
    have their password set or be deleted; everyone else's open read-only, with the phone masked."""

    list_display = ["username", "first_name", "last_name", "role", "federation", "is_active", "last_login"]
    list_filter = ["role", "is_active"]
    list_select_related = ["federation", "view_federation"]
    search_fields = ["username", "first_name", "last_name", "phone"]
    autocomplete_fields = ["federation", "view_federation"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("个人信息"), {"fields": ("first_name", "last_name", "email", "phone")}),
        (_("角色与范围"), {"fields": ("role", "federation", "view_federation", "is_active", "must_change_password")}),
        (_("重要日期"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "password1", "password2", "role", "federation")}),
    )
    readonly_fields = ["last_login", "date_joined", "must_change_password"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("federation", "view_federation")

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request)
        user = self._user(request)
        return user is not None and user.may_manage(obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def lookup_allowed(self, lookup, value, request=None):
        if lookup.startswith("phone") and not request.user.is_superuser:
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_fields(self, request):
        fields = super().get_search_fields(request)
        return fields if request.user.is_superuser else [f for f in fields if f != "phone"]

    # --- the phone, masked for those who do not manage the account --------------------------------------

    @admin.display(description=_("手机号"))
    def masked_phone(self, obj):
        return mask_phone(obj.phone) or "—"

    def _masks_phone(self, request, obj):
        return obj is not None and not request.user.sees_phone_of(obj)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not self._masks_phone(request, obj):
            return fieldsets
        return [
            (name, {**options, "fields": tuple("masked_phone" if f == "phone" else f for f in options["fields"])})
            for name, options in fieldsets
        ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        return [*fields, "masked_phone"] if self._masks_phone(request, obj) else fields

    def get_historical_record_context_helper(self, request, historical_record):
        target = getattr(request, "_account_history_target", None)
        if target is None or target.pk != historical_record.id:
            target = (
                User.objects.select_related("federation", "view_federation").filter(pk=historical_record.id).first()
            )
            request._account_history_target = target
        if target is None or self._masks_phone(request, target):
            return MaskedPhoneHistoryHelper(self.model, historical_record)
        return super().get_historical_record_context_helper(request, historical_record)

    # --- forms and the password page ---------------------------------------------------------------------

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        role_field = form.base_fields.get("role")
        if role_field is not None and not request.user.is_superuser:
            role_field.choices = [c for c in role_field.choices if ROLE_RANK.get(c[0], 100) <= request.user.role_rank]
        return type(form.__name__, (ScopedUserFormMixin, form), {"editor": request.user})

    def user_change_password(self, request, id, form_url=""):
        """An account she does not manage looks missing here too (Django answers 403 for it). A password set
        here by someone else must be changed at the account's next login (``User.save``)."""
        user = self.get_object(request, unquote(id))
        if user is None or not self.has_change_permission(request, user):
            raise Http404(_("用户不存在，或不在您的管辖范围内。"))
        return super().user_change_password(request, id, form_url)


# API tokens: managers see and revoke the tokens of the accounts they manage; keys are never shown.
admin.site.unregister(TokenProxy)


@admin.register(ApiToken)
class TokenAdmin(DeclaredLookupsMixin, DRFTokenAdmin):
    """A list and a revoke page per account. A token's primary key IS its key, so no page of Django's that
    puts the pk in a link (change, history, delete, action checkboxes) is offered: rows link to
    ``<account id>/revoke/``."""

    list_display = ("user", "key_prefix", "created", "expires", "revoke_link")
    list_display_links = None
    list_select_related = ("user",)
    actions = None

    @admin.display(description=_("令牌"))
    def key_prefix(self, token):
        return token.key[:6] + "…"

    @admin.display(description=_("过期时间"))
    def expires(self, token):
        return token_expires(token)

    @admin.display(description=_("撤销"))
    def revoke_link(self, token):
        url = reverse("admin:accounts_apitoken_revoke", args=(quote(token.user_id),))
        return format_html('<a href="{}">{}</a>', url, _("撤销"))

    def get_urls(self):
        revoke = path(
            "<path:user_id>/revoke/", self.admin_site.admin_view(self.revoke_view), name="accounts_apitoken_revoke"
        )
        changelist = path("", self.admin_site.admin_view(self.changelist_view), name="accounts_apitoken_changelist")
        return [revoke, changelist]

    def row_page_url(self, request):
        """The page of a row (wuhan_fulian.pages: the bench and the page tests open it): the newest token's
        revoke page, or None when she sees no token."""
        user_id = self.get_queryset(request).order_by("-created").values_list("user_id", flat=True).first()
        return reverse("admin:accounts_apitoken_revoke", args=(quote(user_id),)) if user_id is not None else None

    def revoke_view(self, request, user_id):
        """Confirm (GET) and revoke (POST) the API tokens of one account she manages; any other looks missing."""
        manager = self._manager(request)
        account = User.objects.select_related("federation", "view_federation").filter(pk=user_id).first()
        if manager is None or account is None or not manager.may_manage(account):
            raise Http404(_("用户不存在，或不在您的管辖范围内。"))
        tokens = ApiToken.objects.filter(user=account)
        if request.method == "POST":
            count = len(tokens)
            self.log_deletions(request, tokens)
            tokens.delete()
            self.message_user(request, _("已撤销 %(user)s 的 %(count)d 个令牌。") % {"user": account, "count": count})
            return redirect("admin:accounts_apitoken_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("撤销令牌"),
            "account": account,
            "tokens": list(tokens),
        }
        return TemplateResponse(request, "admin/accounts/apitoken/revoke.html", context)

    def get_queryset(self, request):
        managed = User.objects.managed_by(request.user)
        return super().get_queryset(request).select_related("user").filter(user__in=managed)

    def _manager(self, request):
        user = request.user
        return user if user.is_active and user.is_staff and user.can_edit else None

    def has_module_permission(self, request):
        return self._manager(request) is not None

    def has_view_permission(self, request, obj=None):
        return self._manager(request) is not None and obj is None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
