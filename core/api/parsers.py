"""The API's JSON parser with limits: the body no larger than DATA_UPLOAD_MAX_MEMORY_SIZE (DRF's own parser
reads a JSON body whole, whatever its size) and nesting no deeper than ``MAX_JSON_DEPTH`` (Python's parser
recurses: 100,000 ``[`` was a RecursionError, a 500; it stops at the recursion limit, then the parsed
value is measured). Both are Chinese 400s."""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from typing import IO, Any

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser
from rest_framework.utils import json

MAX_JSON_DEPTH = 32


class TooDeep(ParseError):
    default_detail = "请求数据嵌套过深。"
    default_code = "too_deep"


class TooBig(ParseError):
    default_detail = "请求数据过大。"
    default_code = "too_big"


def too_deep() -> TooDeep:
    return TooDeep(_("请求数据嵌套过深：最多 %(max)d 层。") % {"max": MAX_JSON_DEPTH})


def too_big() -> TooBig:
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return TooBig(_("请求数据过大：最多 %(size)s 字节。") % {"size": limit})


def nesting_depth(value: Any, cap: int = MAX_JSON_DEPTH) -> int:
    """How deep lists and objects nest in a parsed value; stops as soon as it passes ``cap``."""
    deepest = 0
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, (list, dict)):
            if depth > deepest:
                deepest = depth
                if deepest > cap:
                    return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, depth + 1) for child in children if isinstance(child, (list, dict)))
    return deepest


class LimitedJSONParser(JSONParser):
    def parse(
        self, stream: IO[bytes], media_type: str | None = None, parser_context: Mapping[str, Any] | None = None
    ) -> Any:
        parser_context = parser_context or {}
        encoding = parser_context.get("encoding", settings.DEFAULT_CHARSET)
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = stream.read() if limit is None else stream.read(limit + 1)
        if limit is not None and len(raw) > limit:
            raise too_big()
        try:
            text = codecs.decode(raw, encoding)
            parse_constant = json.strict_constant if self.strict else None
            data = json.loads(text, parse_constant=parse_constant)
        except RecursionError as exc:
            raise too_deep() from exc
        except ValueError as exc:
            raise ParseError(_("JSON 格式错误：%(error)s") % {"error": exc}) from exc
        if nesting_depth(data) > MAX_JSON_DEPTH:
            raise too_deep()
        return data
