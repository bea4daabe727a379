from functools import cached_property
from typing import Any

from django.core.paginator import Paginator
from rest_framework import pagination


class KnownCountPaginator(Paginator):
    """Django's paginator, told the count when the view already knows it (no COUNT(*) query)."""

    def __init__(self, object_list: Any, per_page: int, known_count: int | None = None, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self.known_count = known_count

    @cached_property
    def count(self) -> int:
        return self.known_count if self.known_count is not None else super().count


class PageNumberPagination(pagination.PageNumberPagination):
    """Pages of ``page_size`` (at most 500). A view may answer the count itself through
    ``known_count(queryset)`` (an int, or None to count the rows): the activity list does, from counters
    kept current on save, when no filter narrows it."""

    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset: Any, request: Any, view: Any = None) -> list | None:
        known = getattr(view, "known_count", None)
        self._known_count = known(queryset) if known is not None else None
        return super().paginate_queryset(queryset, request, view)

    def django_paginator_class(self, object_list: Any, per_page: int, **kwargs: Any) -> KnownCountPaginator:
        return KnownCountPaginator(object_list, per_page, known_count=self._known_count, **kwargs)
