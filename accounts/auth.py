"""Sign-in plumbing: API tokens that expire, the forced password change, and the client's address.

* ``ExpiringTokenAuthentication``: DRF's token auth with a lifetime (``API_TOKEN_LIFETIME_DAYS``, default 30);
  an expired token answers 401 "令牌已过期". Tokens are also deleted whenever the account's password, role,
  federations or active flag change (``User.save``).
* ``PasswordChangeRequiredMiddleware``: an account whose password was set by someone else is sent to the
  password page (pages) or refused with a Chinese 403 (API) until she picks her own.
* ``client_ip``: ``REMOTE_ADDR``, or the address ``NUM_PROXIES`` hops back in X-Forwarded-For when the site is
  behind that many proxies. With ``NUM_PROXIES`` unset no forwarded header is trusted. django-axes uses it.
"""

import datetime

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

MUST_CHANGE_PASSWORD = _("您的密码由他人设置或重置，请先修改密码后再继续使用。")
TOKEN_EXPIRED = _("令牌已过期，请重新获取。")


def token_lifetime():
    return datetime.timedelta(days=getattr(settings, "API_TOKEN_LIFETIME_DAYS", 30))


def token_expires(token):
    return token.created + token_lifetime()


def token_expired(token, now=None):
    return token_expires(token) <= (now or timezone.now())


def password_change_allowed_paths():
    """Where an account that must change its password may still go."""
    return (
        reverse("password_change"),
        reverse("password_change_done"),
        reverse("logout"),
        reverse("login"),
        reverse("accounts-api:me-password"),
        "/static/",
        "/i18n/",
    )


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is None:
            return None
        user, token = result
        if token_expired(token):
            raise exceptions.AuthenticationFailed(TOKEN_EXPIRED)
        if user.must_change_password and not request.path.startswith(password_change_allowed_paths()):
            raise exceptions.PermissionDenied(MUST_CHANGE_PASSWORD)
        return user, token


class PasswordChangeRequiredMiddleware:
    """After ``AuthenticationMiddleware``: session users who must change their password go nowhere else.
    (Token users are stopped by ``ExpiringTokenAuthentication``.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and not request.path.startswith(password_change_allowed_paths())
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": str(MUST_CHANGE_PASSWORD)}, status=403)
            return redirect(f"{reverse('password_change')}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def num_proxies():
    value = getattr(settings, "NUM_PROXIES", None)
    if value is None:
        value = settings.REST_FRAMEWORK.get("NUM_PROXIES")
    return int(value or 0)


def client_ip(request):
    """The client's address: ``REMOTE_ADDR`` unless ``NUM_PROXIES`` proxies stand in front (then the
    address that many hops back in X-Forwarded-For, as DRF's throttles count it)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = num_proxies()
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return hops[-min(proxies, len(hops))]
    return remote
