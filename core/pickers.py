"""Choice widgets for web forms whose choices grow with the data (the federations of the city, the communities
of a district): a short list is rendered whole, as the plain widget would; a long one renders only what is
chosen, plus a search box the page's script fills from a scoped JSON search (``data-search-type``).

The field keeps its queryset, so a submitted value is still checked on the server against the user's scope;
only the rendering changes. The bound (``limit``) keeps the HTML of a form the same size at any data size and
keeps a community chair's short lists (a handful of communities) one tap away, also offline."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

# Choices rendered whole up to this many; beyond it, the search box.
LIMIT = 50


class SearchChoicesMixin:
    """For a ``ModelChoiceField``'s select or checkbox widget: renders at most ``limit`` choices (one query
    fetching ``limit + 1`` rows), else only the chosen ones (one query by primary key) and a search box."""

    choices: Any  # the field's ModelChoiceIterator (queryset, field, choice())
    search_type = ""
    limit = LIMIT
    placeholder = _("输入名称搜索")

    def __init__(self, *args: Any, search_type: str = "", limit: int = LIMIT, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.search_type = search_type
        self.limit = limit
        self._first: list[Any] | None = None

    def __deepcopy__(self, memo: dict[int, Any]) -> Any:
        copied = super().__deepcopy__(memo)  # type: ignore[misc]
        copied._first = None  # each form instance fetches its own (another user, another scope)
        return copied

    def first_choices(self) -> list[Any]:
        """Up to ``limit + 1`` objects of the queryset, fetched once per form."""
        if self._first is None:
            self._first = list(self.choices.queryset[: self.limit + 1])
        return self._first

    @property
    def searching(self) -> bool:
        return len(self.first_choices()) > self.limit

    @property
    def has_several(self) -> bool:
        return len(self.first_choices()) > 1

    def _bounded_choices(self, value: Iterable[Any]) -> list[tuple[Any, Any]]:
        iterator = self.choices
        if self.searching:
            chosen = {int(pk) for pk in value if str(pk).isdigit()}
            objects = list(iterator.queryset.filter(pk__in=chosen)) if chosen else []
        else:
            objects = self.first_choices()
        choices = [iterator.choice(obj) for obj in objects]
        empty_label = getattr(iterator.field, "empty_label", None)
        if empty_label is not None and not getattr(self, "allow_multiple_selected", False):
            choices.insert(0, ("", empty_label))
        return choices

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        full = self.choices
        self.choices = self._bounded_choices(self.format_value(value))  # type: ignore[attr-defined]
        try:
            return super().get_context(name, value, attrs)  # type: ignore[misc]
        finally:
            self.choices = full

    def use_required_attribute(self, initial: Any) -> bool:
        # A select reads its first choice for this: from the full queryset, a server-side cursor over every row.
        full = self.choices
        self.choices = self._bounded_choices([])
        try:
            return super().use_required_attribute(initial)  # type: ignore[misc]
        finally:
            self.choices = full

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None) -> SafeString:
        html = super().render(name, value, attrs, renderer)  # type: ignore[misc]
        if not self.searching:
            return html
        field_id = (attrs or {}).get("id") or f"id_{name}"
        return format_html(
            '<div class="search-choices" data-search-type="{}" data-name="{}">{}'
            '<input type="search" id="{}_search" placeholder="{}" autocomplete="off" aria-label="{}">'
            '<ul class="act-results" aria-live="polite"></ul></div>',
            self.search_type,
            name,
            html,
            field_id,
            self.placeholder,
            self.placeholder,
        )


class SearchSelect(SearchChoicesMixin, forms.Select):
    """A single choice: the select holds the chosen option; a pick replaces it."""


class SearchCheckboxes(SearchChoicesMixin, forms.CheckboxSelectMultiple):
    """Several choices: the chosen ones as ticked boxes; a pick adds a ticked box."""
