"""Guards of the public survey page: one answer per device per survey, a rate limit per address, and the
signals by which answers beyond the per-survey limits are flagged (``surveys.flag_reasons``).

The device is a random id in a signed cookie (unforgeable, set when the form is first shown). What is
stored with a response is only an HMAC of that id and the survey, so a phone's answers to two surveys
cannot be linked and nothing personal is kept. The address limit is DRF's rate throttle
(``SurveyRateThrottle``): a sliding window kept in the Django cache (Redis in production, shared by every
web node).
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle

from accounts.auth import client_ip

DEVICE_COOKIE = "wf_survey_device"
# Hidden fields the page's script (static/evaluations/survey_device.js) fills: a random token kept in the
# browser's local storage (it outlives cleared cookies) and a few stable properties of the browser.
DEVICE_TOKEN_FIELD = "wf_device"
FINGERPRINT_FIELD = "wf_fp"
MAX_SIGNAL_LENGTH = 1000
DEVICE_SALT = "evaluations.survey-device"
DEVICE_MAX_AGE = 2 * 365 * 24 * 3600


def read_device_id(request):
    """The device id from the signed cookie, or None when absent or tampered with."""
    value = request.get_signed_cookie(DEVICE_COOKIE, default=None, salt=DEVICE_SALT)
    return value if value and len(value) <= 64 else None


def set_device_cookie(request, response, device_id=None):
    device_id = device_id or secrets.token_urlsafe(24)
    response.set_signed_cookie(
        DEVICE_COOKIE,
        device_id,
        salt=DEVICE_SALT,
        max_age=DEVICE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
        path="/evaluations/s/",
    )
    return device_id


def device_key(device_id, survey_id):
    message = f"{survey_id}:{device_id}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def signal_key(kind, value, survey_id):
    """A keyed hash of one signal for one survey ("" for no signal): comparable within the survey only."""
    if not value:
        return ""
    message = f"{kind}:{survey_id}:{value}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def _field(request, name):
    return request.POST.get(name, "").strip()[:MAX_SIGNAL_LENGTH]


def signals(request, survey_id):
    """The keys of the ballot-stuffing signals of a submission: its address, the page's local storage
    token, and its browser fingerprint (the page's figures with the request's user agent and languages)."""
    token = _field(request, DEVICE_TOKEN_FIELD)
    fingerprint = _field(request, FINGERPRINT_FIELD)
    if fingerprint:
        headers = (request.META.get(h, "")[:MAX_SIGNAL_LENGTH] for h in ("HTTP_USER_AGENT", "HTTP_ACCEPT_LANGUAGE"))
        fingerprint = "|".join([fingerprint, *headers])
    return {
        "address_key": signal_key("address", client_ip(request), survey_id),
        "device_token_key": signal_key("token", token, survey_id),
        "fingerprint_key": signal_key("fingerprint", fingerprint, survey_id),
    }


class SurveyRateThrottle(SimpleRateThrottle):
    """Survey submissions per client address: DRF's sliding window (the times of the last submissions,
    kept in the Django cache, Redis in production). The rate is ``SURVEY_RATE_PER_IP`` (as DRF's "survey"
    scope); the address is the client's as ``NUM_PROXIES`` decides (``accounts.auth.client_ip``). With the
    cache down every submission is let through."""

    scope = "survey"
    cache_format = "evaluations:survey-ip:%(ident)s"

    def get_rate(self):
        # Read at each request (not at import, as DRF's THROTTLE_RATES is), so settings changes apply.
        return getattr(settings, "SURVEY_RATE_PER_IP", None) or api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)

    def get_cache_key(self, request, view):
        return self.cache_format % {"ident": client_ip(request)}
