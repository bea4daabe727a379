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
