"""A request id for every request, kept in context variables so logs (and error reports) can name the
request and the user it was made by."""

from __future__ import annotations

import contextvars
import logging
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from django.utils.functional import SimpleLazyObject, empty

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse, HttpResponseBase

request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")
request_var: contextvars.ContextVar[HttpRequest | None] = contextvars.ContextVar("request", default=None)


class RequestIdMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        too_big = body_too_big(request)
        if too_big is not None:
            return too_big
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

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponseBase | None:
        """A number too large for the database (a filter or an id of 20 digits: OverflowError on SQLite,
        DataError on PostgreSQL) is the client's mistake: a 400 saying so, not a 500. Too many parameters,
        a body too big (SuspiciousOperation) are JSON 400s on the API. A statement PostgreSQL cancelled at
        ``statement_timeout`` is a 503 saying so (JSON on the API, a page elsewhere)."""
        from django.core.exceptions import SuspiciousOperation
        from django.db import DataError, OperationalError
        from django.http import HttpResponseBadRequest, JsonResponse
        from django.utils.translation import gettext as _

        from core.db import is_statement_timeout

        api = request.path.startswith("/api/")
        if isinstance(exception, OperationalError) and is_statement_timeout(exception):
            return statement_timeout_response(request)
        if isinstance(exception, SuspiciousOperation) and api:
            return JsonResponse({"detail": suspicious_message(exception)}, status=400)
        if not isinstance(exception, (OverflowError, DataError)):
            return None
        message = _("参数超出允许范围，请检查后重试。")
        if api:
            return JsonResponse({"detail": message}, status=400)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def suspicious_message(exception: Exception) -> str:
    """Chinese words for the request limits Django enforces (DATA_UPLOAD_MAX_NUMBER_FIELDS,
    DATA_UPLOAD_MAX_MEMORY_SIZE, DATA_UPLOAD_MAX_NUMBER_FILES)."""
    from django.conf import settings
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
    from django.utils.translation import gettext as _

    if isinstance(exception, TooManyFieldsSent):
        return _("请求参数过多：最多 %(max)d 个，请减少后重试。") % {"max": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
    if isinstance(exception, TooManyFilesSent):
        return _("上传文件过多：最多 %(max)d 个。") % {"max": settings.DATA_UPLOAD_MAX_NUMBER_FILES}
    if isinstance(exception, RequestDataTooBig):
        return _("请求数据过大：最多 %(size)d 字节。") % {"size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
    return _("请求无效，请检查后重试。")


def body_too_big(request: HttpRequest) -> HttpResponse | None:
    """An API request whose declared body is over DATA_UPLOAD_MAX_MEMORY_SIZE is refused before anything
    reads it (uploads, multipart, are limited per file by their own checks)."""
    from django.conf import settings
    from django.core.exceptions import RequestDataTooBig
    from django.http import JsonResponse

    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None or not request.path.startswith("/api/"):
        return None
    if request.content_type == "multipart/form-data":
        return None
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length <= limit:
        return None
    return JsonResponse({"detail": suspicious_message(RequestDataTooBig())}, status=400)


def statement_timeout_response(request: HttpRequest) -> HttpResponse:
    from django.http import HttpResponse, JsonResponse
    from django.template.loader import render_to_string
    from django.utils.translation import gettext as _

    message = _("查询超时：数据量太大或条件太宽，请缩小范围（加筛选条件、减少搜索词）后重试。")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=503)
    return HttpResponse(render_to_string("errors/timeout.html", {"message": message}), status=503)


def current_username() -> str:
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
    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.user = current_username()
        return True
