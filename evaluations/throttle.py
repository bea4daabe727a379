"""Guards of the public survey page: one answer per device per survey, a rate limit per address, and the
signals by which answers beyond the per-survey limits are flagged (``surveys.flag_reasons``).

The device is a random id in a signed cookie (unforgeable, set when the form is first shown). What is
stored with a response is only an HMAC of that id and the survey, so a phone's answers to two surveys
cannot be linked and nothing personal is kept. The address limit is a counter in the Django cache (Redis
in production: atomic ``incr`` shared by every web node) over a fixed window.
"""

import hashlib
import hmac
import secrets
import time

from django.conf import settings
from django.core.cache import cache

DEVICE_COOKIE = "wf_survey_device"
# Hidden fields the page's script (static/evaluations/survey_device.js) fills: a random token kept in the
# browser's local storage (it outlives cleared cookies) and a few stable properties of the browser.
DEVICE_TOKEN_FIELD = "wf_device"
FINGERPRINT_FIELD = "wf_fp"
MAX_SIGNAL_LENGTH = 1000
DEVICE_SALT = "evaluations.survey-device"
DEVICE_MAX_AGE = 2 * 365 * 24 * 3600
DEFAULT_RATE = "30/hour"
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


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


def parse_rate(rate):
    """ "30/hour" -> (30, 3600); "5/10m" is not supported, as in DRF."""
    number, period = rate.split("/")
    return int(number), PERIODS[period.strip()[0]]


def survey_rate():
    """``SURVEY_RATE_PER_IP`` if set, else DRF's "survey" throttle rate, else 30 an hour."""
    rate = getattr(settings, "SURVEY_RATE_PER_IP", None)
    if not rate:
        rate = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get("survey") or DEFAULT_RATE
    return parse_rate(rate)


def client_ip(request):
    """REMOTE_ADDR, or the address ``NUM_PROXIES`` hops back in X-Forwarded-For behind a proxy (as DRF)."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.REST_FRAMEWORK.get("NUM_PROXIES")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR")
    if proxies and forwarded:
        hops = [hop.strip() for hop in forwarded.split(",")]
        return hops[-min(proxies, len(hops))]
    return remote


def hit(ip, now=None):
    """Count one submission from ``ip``; True while it stays within the rate."""
    limit, period = survey_rate()
    window = int((now if now is not None else time.time()) // period)
    key = f"evaluations:survey-ip:{ip}:{window}"
    cache.add(key, 0, timeout=period + 5)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=period + 5)
        count = 1
    return count <= limit
