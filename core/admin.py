"""Admin base: the same scope as the API, for lists, objects, foreign-key choices, inlines and autocomplete."""

import datetime
from functools import cached_property
from typing import Literal

from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin import helpers, widgets
from django.contrib.admin.utils import flatten_fieldsets, get_fields_from_path, unquote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import router, transaction
from django.db.models import Field, QuerySet
from django.http import Http404, HttpResponseRedirect
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin

from core import dates
from core.admin_imports import ScopedImportExportMixin
from core.concurrency import VERSION_FIELD, has_versions, history_manager, versioned_form, with_version_fieldset
from core.lookups import SearchTooComplex, allowed_paths, may_use_masked, search_terms, touches_masked
from core.messages import RECORD_NOT_VISIBLE
from core.scope import is_editable, is_editable_after_write, is_visible, subtree_ids

# The query parameters each kind of list filter reads for a field path (Django's FieldListFilter classes:
# choices/boolean ``__exact``/``__isnull``, all-values the bare path, dates ``__gte``/``__lt``, empty
# ``__isempty``; a relation adds ``__<target>__exact``).
FIELD_FILTER_SUFFIXES = ("", "__exact", "__isnull", "__isempty", "__gte", "__lt")


ChoiceScope = Literal["edit", "link"]
# A view subtree up to this many federations (a district has 1,600, the city 23,000) is counted by its ids.
SMALL_SUBTREE = 2_000


def scoped_choices(db_field: Field, user, scope: ChoiceScope = "edit") -> QuerySet | None:
    """The rows ``user`` may pick in the relation ``db_field`` of an admin form (None: not a scoped model).

    - ``"edit"``: a federation only from her edit subtree (a record is attached only to what she edits);
      any other model as ``linkable_by`` (people: edit subtree, so a link never unmasks; else view).
    - ``"link"``: every model as ``linkable_by``: partners named beside the owner (a co-organising
      federation, a reviewing federation) may be anywhere she sees.
    """
    manager = db_field.related_model._default_manager
    if not hasattr(manager, "linkable_by"):
        return None
    if scope == "edit" and db_field.related_model._meta.model_name == "federation":
        return manager.editable_by(user)
    return manager.linkable_by(user)


class ScopedChoicesMixin:
    """The choices of a form's relations narrowed to the user (``scoped_choices``): a foreign key by
    ``choice_scope`` (``"edit"`` unless an inline says ``"link"``), a many-to-many always by ``"link"``. Shared
    by ``ScopedAdmin`` and ``ScopedInline``, so that a record's form and its inlines offer alike."""

    choice_scope: ChoiceScope = "edit"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            choices = scoped_choices(db_field, request.user, self.choice_scope)
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "queryset" not in kwargs:
            choices = scoped_choices(db_field, request.user, "link")
            if choices is not None:
                kwargs["queryset"] = choices
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class BoundedCountPaginator(Paginator):
    """Counts at most ``limit`` rows (an unordered ``LIMIT`` subquery), not every row of a big table: past
    the limit the list says "more than" (``capped``) and offers the first ``limit`` rows' pages; a filter or
    a date narrows it further. The cost is bounded whatever the table holds."""

    def __init__(self, object_list, per_page, limit, counted=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.limit = limit
        self.counted = object_list if counted is None else counted  # the same rows, a cheaper plan
        self.capped = False

    @cached_property
    def count(self):
        counted = self.counted.order_by()[: self.limit + 1].count()
        self.capped = counted > self.limit
        return min(counted, self.limit)


def calendar_dates(changelist):
    """The date drill-down of a changelist (what Django's ``date_hierarchy`` tag shows) from the calendar,
    not from the rows: years from the admin's ``date_hierarchy_since`` (else ``REFORM_YEAR``) to this one, a
    year's months, a month's days, none after today. Django's asks MIN/MAX and DISTINCT over every row in
    scope (660,000 survey answers); here a period without rows simply lists none."""
    field = changelist.date_hierarchy
    year, month, day = (changelist.params.get(f"{field}__{part}") for part in ("year", "month", "day"))
    year, month, day = (
        int(value[-1] if isinstance(value, list) else value) if value else None for value in (year, month, day)
    )

    def link(**parts):
        return changelist.get_query_string({f"{field}__{key}": value for key, value in parts.items()}, [f"{field}__"])

    today = dates.today()
    if year and month and day:
        chosen = datetime.date(year, month, day)
        back = {
            "link": link(year=year, month=month),
            "title": capfirst(formats.date_format(chosen, "YEAR_MONTH_FORMAT")),
        }
        return {
            "show": True,
            "back": back,
            "choices": [{"title": capfirst(formats.date_format(chosen, "MONTH_DAY_FORMAT"))}],
        }
    if year and month:
        last = dates.month_end(datetime.date(year, month, 1)).day
        days = [datetime.date(year, month, number) for number in range(1, last + 1)]
        choices = [
            {
                "link": link(year=year, month=month, day=d.day),
                "title": capfirst(formats.date_format(d, "MONTH_DAY_FORMAT")),
            }
            for d in days
            if d <= today
        ]
        return {"show": True, "back": {"link": link(year=year), "title": str(year)}, "choices": choices}
    if year:
        months = [datetime.date(year, number, 1) for number in range(1, 13)]
        choices = [
            {"link": link(year=year, month=m.month), "title": capfirst(formats.date_format(m, "YEAR_MONTH_FORMAT"))}
            for m in months
            if m <= today
        ]
        return {"show": True, "back": {"link": link(), "title": _("All dates")}, "choices": choices}
    since = getattr(changelist.model_admin, "date_hierarchy_since", None)
    first = min(since or getattr(settings, "REFORM_YEAR", today.year), today.year)
    years = range(today.year, first - 1, -1)
    return {"show": True, "back": None, "choices": [{"link": link(year=y), "title": str(y)} for y in years]}


class ScopedChangeList(ChangeList):
    """``?o=`` sorts only by the columns ``get_sortable_by`` allows (Django checks that only when drawing
    the column headers, not when ordering). A name column of a model that keeps a ``sort_key`` (its name in
    natural order, core/naturalsort.py) sorts by that key: 第二 before 第十, 2 before 10, by the database.
    ``count_capped``: the list counted only up to its admin's ``count_limit`` (``BoundedCountPaginator``);
    ``calendar_dates``: the date drill-down from the calendar."""

    count_capped = False

    def get_ordering_field(self, field_name):
        if self.sortable_by is not None and field_name not in self.sortable_by:
            return None
        field = super().get_ordering_field(field_name)
        if field == "name" and any(f.name == "sort_key" for f in self.lookup_opts.concrete_fields):
            return "sort_key"
        return field

    def get_results(self, request):
        super().get_results(request)
        self.count_capped = getattr(self.paginator, "capped", False)

    @cached_property
    def calendar_dates(self):
        return calendar_dates(self) if self.date_hierarchy else None


class DeclaredLookupsMixin:
    """For every admin a non-superuser can open: filters only as declared, no filter, search or sort on a
    masked field, search input capped (issue 14; rules in core/lookups.py)."""

    # Filter parameters a changelist accepts beyond its list_filter and date_hierarchy (e.g. a link from
    # the gap list). Never a masked field.
    extra_lookups = ()

    def allowed_lookup_paths(self, request):
        """The field paths the declared filters cover (list_filter fields and date_hierarchy)."""
        paths = set()
        for item in self.get_list_filter(request):
            if isinstance(item, (list, tuple)):
                item = item[0]
            if isinstance(item, str):
                paths.add(item)
        if self.date_hierarchy:
            paths.add(self.date_hierarchy)
        return paths

    def allowed_lookups(self, request):
        """Every query parameter the changelist accepts as a filter: the parameters of its declared list
        filters, date_hierarchy's year/month/day, and ``extra_lookups``."""
        allowed = set(self.extra_lookups)
        for item in self.get_list_filter(request):
            if isinstance(item, type) and issubclass(item, admin.SimpleListFilter):
                allowed.add(item.parameter_name)
                continue
            path = item[0] if isinstance(item, (list, tuple)) else item
            if not isinstance(path, str):
                continue
            allowed.update(path + suffix for suffix in FIELD_FILTER_SUFFIXES)
            field = get_fields_from_path(self.model, path)[-1]
            target = getattr(field, "target_field", None) if field.is_relation else None
            if target is not None:
                allowed.add(f"{path}__{target.name}__exact")
        if self.date_hierarchy:
            allowed.update(f"{self.date_hierarchy}__{part}" for part in ("year", "month", "day"))
        return allowed

    def lookup_allowed(self, lookup, value, request=None):
        """Only the declared filters (Django allows any lookup on the model's own fields, so
        ``?phone__startswith=18`` answered 1 or 0 rows). Anything else is Django's "invalid lookup"
        answer. Masked fields are refused even when declared, for everyone but a superuser."""
        user = getattr(request, "user", None)
        if touches_masked(self.model, lookup) and not may_use_masked(user):
            return False
        if lookup in self.allowed_lookups(request):
            return True
        # Raw-id popups narrowed by a ForeignKey's limit_choices_to (Django's own exception).
        for fk_lookup in self.model._meta.related_fkey_lookups:
            if callable(fk_lookup):
                fk_lookup = fk_lookup()
            if (lookup, value) in widgets.url_params_from_lookup_dict(fk_lookup).items():
                return True
        return False

    def get_search_fields(self, request):
        """Masked fields are never searched, except by a superuser (see core/lookups.py)."""
        return allowed_paths(self.model, super().get_search_fields(request), request.user)

    def get_search_results(self, request, queryset, search_term):
        """At most SEARCH_MAX_TERMS terms and SEARCH_MAX_LENGTH characters: beyond, a message and no rows
        (1,900 terms ran for minutes on PostgreSQL; over 1,000 was a 500 on SQLite)."""
        try:
            search_terms(search_term)
        except SearchTooComplex as error:
            if not request.path.endswith("/autocomplete/"):
                self.message_user(request, error.messages[0], messages.ERROR)
            return queryset.none(), False
        return super().get_search_results(request, queryset, search_term)

    def column_order_path(self, name):
        """The ORM path a list column sorts by, or None (mirrors ChangeList.get_ordering_field)."""
        if not callable(name):
            try:
                return self.model._meta.get_field(name).name
            except FieldDoesNotExist:
                pass
        attr = name if callable(name) else getattr(self, name, None) or getattr(self.model, name, None)
        if isinstance(attr, property) and hasattr(attr, "fget"):
            attr = attr.fget
        order = getattr(attr, "admin_order_field", None)
        if order is None:
            return None
        if hasattr(order, "resolve_expression"):
            return getattr(order, "name", None) or getattr(getattr(order, "expression", None), "name", "") or ""
        return str(order).lstrip("-")

    def get_sortable_by(self, request):
        sortable = super().get_sortable_by(request)
        if may_use_masked(request.user):
            return sortable
        return [name for name in sortable if not touches_masked(self.model, self.column_order_path(name) or "")]

    def get_changelist(self, request, **kwargs):
        return ScopedChangeList


_added_inlines: dict[type, list[type]] = {}


def add_inline(model: type, inline: type) -> None:
    """Show ``inline`` on ``model``'s admin page, from a higher app that owns the inline's model (the leader
    of a women's organisation lives in cadres, the organisation in organizations). Call it in the higher
    app's admin module; the lower admin imports nothing of it."""
    inlines = _added_inlines.setdefault(model, [])
    if inline not in inlines:
        inlines.append(inline)


class ScopedAdmin(ScopedChoicesMixin, DeclaredLookupsMixin, SimpleHistoryAdmin):
    """Every admin for a domain model derives from this. Autocomplete is scoped too: Django's
    autocomplete view asks the related model's admin for ``get_queryset``."""

    # A changelist counts at most this many rows (``BoundedCountPaginator``; None: every row), and not a second
    # time without its filters: at the province scale the cadres' changelists (duty reports, ratings, training
    # enrolments and attendance, 四个一 checks) spent 2 × 45 ms counting a city's rows on every page.
    count_limit = 10_000
    show_full_result_count = False
    # 50 rows a page, as the API's pages: rendering a row of the admin's table is the changelist's main cost
    # at the city scale (the post changelist: 8 ms of SQL, ~80 ms of templates for Django's 100 rows).
    list_per_page = 50

    def action_checkbox(self, obj):
        """Django's row checkbox, written by ``format_html`` (the same markup): rendering the ``CheckboxInput``
        widget through the form renderer's template cost 0.6 ms a row, 29 ms of a 50-row changelist."""
        label = format_html(_("Select this object for an action - {}"), str(obj))
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            label,
        )

    # The first year of the calendar drill-down (``calendar_dates``) where a template shows it; None:
    # ``REFORM_YEAR``.
    date_hierarchy_since = None

    def get_inlines(self, request, obj):
        return [*super().get_inlines(request, obj), *_added_inlines.get(self.model, [])]

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if self.count_limit is None:
            return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        return BoundedCountPaginator(
            queryset,
            per_page,
            self.count_limit,
            counted=self._counted_rows(request, queryset),
            orphans=orphans,
            allow_empty_first_page=allow_empty_first_page,
        )

    def _counted_rows(self, request, queryset):
        """The rows to count, also filtered by the ids of her view subtree when it is small (a district's or a
        street's staff): the count is then planned on the foreign key's index (a street's 4,000 survey
        responses counted in 6 ms, not 300 ms walking all 660,000 of the city's). The same rows: the scope's
        own range stays."""
        path = getattr(self.model, "scope_path", None)
        root = getattr(request.user, "view_root", None)
        ids = subtree_ids(root, SMALL_SUBTREE) if path and root is not None else None
        return queryset if ids is None else queryset.filter(**{f"{path}__any": ids})  # one array parameter

    def get_queryset(self, request):
        return super().get_queryset(request).visible_to(request.user)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        """A missing and an out-of-scope record read alike (never "可能已经被删除了？"); back to the list."""
        self.message_user(
            request, RECORD_NOT_VISIBLE % {"name": opts.verbose_name, "key": unquote(object_id)}, messages.WARNING
        )
        name = f"admin:{opts.app_label}_{opts.model_name}_changelist"
        try:
            url = reverse(name, current_app=self.admin_site.name)
        except NoReverseMatch:
            url = reverse("admin:index", current_app=self.admin_site.name)
        return HttpResponseRedirect(url)

    def _user(self, request):
        user = request.user
        return user if user.is_active and user.is_staff else None

    def has_module_permission(self, request):
        return self._user(request) is not None

    def _scope_check(self, request, check, obj):
        """``check(user, obj)`` once per request and record: a change form asks for every fieldset, inline
        and button (25 identical queries for an activity with its two inlines). Within a request the answer
        cannot change but by a save, which checks again itself (``save_model``)."""
        if obj.pk is None:
            return check(request.user, obj)
        memo = request.__dict__.setdefault("_scope_checks", {})
        key = (check.__name__, obj._meta.label, obj.pk)
        if key not in memo:
            memo[key] = check(request.user, obj)
        return memo[key]

    def has_view_permission(self, request, obj=None):
        if self._user(request) is None:
            return False
        return obj is None or self._scope_check(request, is_visible, obj)

    def has_add_permission(self, request):
        user = self._user(request)
        if user is None or not user.can_edit:
            return False
        if getattr(self.model, "scope_path", "federation") is None:
            return user.is_city_office
        return True

    def has_change_permission(self, request, obj=None):
        user = self._user(request)
        if user is None or not user.can_edit:
            return False
        return obj is None or self._scope_check(request, is_editable, obj)

    def has_delete_permission(self, request, obj=None):
        return self.has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            # Against the tree as stored after the save (a federation's save renumbers lft/rght).
            if not is_editable_after_write(request.user, obj):
                raise PermissionDenied

    def delete_model(self, request, obj):
        with transaction.atomic():
            super().delete_model(request, obj)

    # Optimistic locking (core.concurrency): the change form carries the version it was loaded
    # with; a save over a later change is refused in the form's clean(), inside the admin's transaction.
    def get_form(self, request, obj=None, **kwargs):
        if "fields" not in kwargs:
            kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
        if kwargs["fields"] is not None:
            kwargs["fields"] = [name for name in kwargs["fields"] if name != VERSION_FIELD]
        form = super().get_form(request, obj, **kwargs)
        return versioned_form(form) if obj is not None and has_versions(self.model) else form

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None or not has_versions(self.model) or not self.has_change_permission(request, obj):
            return fieldsets
        if VERSION_FIELD in flatten_fieldsets(fieldsets):
            return fieldsets
        return with_version_fieldset(fieldsets)

    # History pages: a record out of the user's view reads exactly like a missing one (404), never a 403
    # that confirms it exists; a model without a change log gets Django's own page, not a 500.
    def _history_or_404(self, request, object_id):
        history = history_manager(self.model)
        object_id = unquote(object_id)
        try:
            pk = self.model._meta.pk.to_python(object_id)
        except ValidationError:
            raise Http404 from None
        if self.get_queryset(request).filter(pk=pk).exists():
            return
        # A deleted record's history: superusers only (its scope path may be gone with it).
        if not (request.user.is_superuser and history.filter(**{self.model._meta.pk.attname: pk}).exists()):
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        if not has_versions(self.model):
            return admin.ModelAdmin.history_view(self, request, object_id, extra_context)
        self._history_or_404(request, object_id)
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if not has_versions(self.model):
            raise Http404
        self._history_or_404(request, object_id)
        if request.method == "POST":
            # simple-history saves a valid form without asking: a revert needs the change permission.
            current = self.get_queryset(request).filter(pk=unquote(object_id)).first()
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
        # A revert is a save too: checked and locked like the change form.
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)


class ScopedInline(ScopedChoicesMixin, admin.TabularInline):
    """Every inline of a scoped admin derives from this: rights from the parent admin, rows and choices scoped.

    - Listed rows: the view scope (``visible_to``), whatever the parent shows.
    - Choices of its relations: ``choice_scope`` (see ``scoped_choices``): ``"edit"`` by default (the
      owner federation from her edit subtree, people from her edit subtree, anything else from her view);
      ``"link"`` for an inline naming partners beside the owner (co-organisers).
    - Add, change and delete: exactly when she may change the parent record (its admin's
      ``has_change_permission``, checked on the tree as stored now); view: when she may view the parent.
    """

    extra = 0

    def _parent_admin(self) -> admin.ModelAdmin:
        return self.admin_site._registry[self.parent_model]

    def has_view_permission(self, request, obj=None) -> bool:
        return self._parent_admin().has_view_permission(request, obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return self._parent_admin().has_change_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._parent_admin().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._parent_admin().has_change_permission(request, obj)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.visible_to(request.user) if hasattr(queryset, "visible_to") else queryset


class ScopedImportExportAdmin(ScopedImportExportMixin, ScopedAdmin):
    """Import/export scoped like everything else (``core.admin_imports``): the resource runs as the
    request's user, imports look rows up only in her edit scope, exports see only her rows, no live
    formula in any exported cell, files read within the import limits."""
