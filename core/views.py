"""Scoped web pages: the list and detail pages of the apps show only what the user may view.

A record outside her view answers 404 on its detail page, exactly like a missing id (core.scope); a list
shows her rows only, and its filters choose only among what she sees (``narrow_filterset``).
"""

from typing import Any

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.views.generic import DetailView, ListView

from core.scope import narrow_filterset


class ScopedQuerysetMixin(LoginRequiredMixin):
    """``get_queryset()`` is the model's rows the signed-in user may view (``visible_to``)."""

    def get_queryset(self) -> QuerySet:
        return super().get_queryset().visible_to(self.request.user)


class ScopedListView(ScopedQuerysetMixin, ListView):
    """A paginated list of the user's rows. ``filterset_class`` (a ``core.api.filters.ScopedFilterSet``, the
    same as the API's) filters them from the query string; the template gets it as ``filter``."""

    filterset_class = None
    paginate_by = 50

    def get_queryset(self) -> QuerySet:
        queryset = super().get_queryset()
        self.filterset = None
        if self.filterset_class is not None:
            filterset = self.filterset_class(self.request.GET, queryset=queryset, request=self.request)
            # Choices among what she sees: an id outside her view is ignored exactly like a missing one.
            self.filterset = narrow_filterset(filterset, self.request.user)
            queryset = self.filterset.qs
        return queryset

    def paginate_queryset(self, queryset: QuerySet, page_size: int) -> tuple[Paginator, Page, Any, bool]:
        """A page number out of range or not a number shows the nearest page (Paginator.get_page), not a 404."""
        paginator = self.get_paginator(queryset, page_size, allow_empty_first_page=self.get_allow_empty())
        page = paginator.get_page(self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs: Any) -> dict:
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        context["page"] = context["page_obj"]
        return context


class ScopedDetailView(ScopedQuerysetMixin, DetailView):
    """One record the user may view; 404 outside her view, like a missing id."""
