"""A request id for every request, kept in context variables so logs (and error reports) can name the
request and the user it was made by."""

import contextvars
import logging
import uuid

from django.utils.functional import SimpleLazyObject, empty

request_id_var = contextvars.ContextVar("request_id", default="-")
request_var = contextvars.ContextVar("request", default=None)


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        valid = 0 < len(incoming) <= 64 and incoming.isascii() and incoming.replace("-", "").isalnum()
        request_id = incoming if valid else uuid.uuid4().hex
        request.request_id = request_id
        tokens = (request_id_var.set(request_id), request_var.set(request))
        try:
            response = self.get_response(request)
        finally:
            request_id_var.reset(tokens[0])
            request_var.reset(tokens[1])
        response["X-Request-ID"] = request_id
        return response

    def process_exception(self, request, exception):
        """A number too large for the database (a filter or an id of 20 digits: OverflowError on SQLite,
        DataError on PostgreSQL) is the client's mistake: a 400 saying so, not a 500."""
        from django.db import DataError
        from django.http import HttpResponseBadRequest, JsonResponse
        from django.utils.translation import gettext as _

        if not isinstance(exception, (OverflowError, DataError)):
            return None
        message = _("参数超出允许范围，请检查后重试。")
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def current_username():
    """The user of the current request, only if already resolved: never trigger authentication from a log
    call (that could recurse when the session store itself logs)."""
    request = request_var.get()
    if request is None:
        return "-"
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject) and user._wrapped is empty:
        return "-"
    return getattr(user, "username", None) or "-"


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        record.request_id = request_id_var.get()
        record.user = current_username()
        return True
