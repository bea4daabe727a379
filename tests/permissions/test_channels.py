"""Permission tests generated for every channel besides the API (issue 14, "make the class impossible").

For every declared model (``ADMINS``, ``IMPORTS``, ``FILES`` in ``tests/<app>/resources.py``, see
``tests/permissions/registry.py``), the district user ``wuchang`` (武昌, D1) tries the other district's
(硚口, D2) rows through every channel: admin import (dry run and confirm), changelist lookups on every
field (and through relations to masked fields), ordering and search on masked fields, export, the change,
history and delete pages, autocomplete and media URLs. Everything must fail the way the API does: out of
scope looks exactly like missing, nothing changes, nothing of the record is shown. The ``viewer`` (views
the whole city, edits nothing) sees people's phone and ID numbers masked: she must not recover them by
filtering, searching or sorting.

The meta-tests fail when a model gains an admin, an import-export resource or a file field without a
declaration.
"""

import csv
import importlib
import io
import re
from urllib.parse import urlparse

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.expressions import F, OrderBy
from import_export import resources as ie_resources
from import_export.admin import ExportMixin, ImportMixin
from simple_history.models import HistoricalChanges

from tests.permissions.registry import ACCOUNT_MANAGED, CITY_WIDE, SUPERUSER_ONLY, all_admins, all_files, all_imports

PROJECT_APPS = ["accounts", "organizations", "cadres", "venues", "activities", "evaluations", "wuhan_fulian"]

ADMINS = all_admins()
SCOPED = [d for d in ADMINS if d.make is not None]
STAFF_ADMINS = [d for d in ADMINS if d.unscoped in (CITY_WIDE, ACCOUNT_MANAGED)] + SCOPED
SUPERUSER_ADMINS = [d for d in ADMINS if d.unscoped == SUPERUSER_ONLY]
IMPORTS = all_imports()
ADMIN_IMPORTS = [c for c in IMPORTS if c.admin_import]
FILES = all_files()
MASKED = {(d.model, name) for d in ADMINS for name in d.masked}
MASKED_MODELS = {d.model: d.masked for d in ADMINS if d.masked}

OWN = {"community": "s1c1", "street": "s1", "district": "d1"}
OTHER = {"community": "s3c1", "street": "s3", "district": "d2"}


def ids(items):
    return [item.id for item in items]


def own(decl, tree):
    return getattr(tree, OWN[decl.owner])


def other(decl, tree):
    return getattr(tree, OTHER[decl.owner])


def admin_url(model, suffix=""):
    return f"/admin/{model._meta.app_label}/{model._meta.model_name}/{suffix}"


def snapshot(obj):
    obj.refresh_from_db()
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname != "updated_at"}


def missing_pk(model):
    last = model._default_manager.order_by("-pk").values_list("pk", flat=True).first() or 0
    return last + 100_000


def project_models():
    for model in apps.get_models():
        if model._meta.app_label in PROJECT_APPS and not issubclass(model, HistoricalChanges):
            yield model


def redirect_path(response):
    return urlparse(response.get("Location", "")).path if response.status_code in (301, 302) else None


def refused(response):
    """The admin's answers to a lookup it does not allow: a redirect to the changelist with ?e=1 (an
    invalid lookup) or 400 (Django's DisallowedModelAdminLookup); either way nothing was filtered."""
    return response.status_code == 400 or (response.status_code == 302 and "e=1" in response.get("Location", ""))


# --- Meta-tests: nothing without a declaration -----------------------------------------------------------


def test_every_admin_is_declared():
    declared = {d.model for d in ADMINS}
    missing = sorted(m._meta.label for m in admin.site._registry if m not in declared)
    assert not missing, f"declare these admins in tests/<app>/resources.py ADMINS: {missing}"
    for decl in ADMINS:
        assert (decl.make is None) == bool(decl.unscoped), f"{decl.id}: give either make= or unscoped="
        assert decl.unscoped in ("", CITY_WIDE, SUPERUSER_ONLY, ACCOUNT_MANAGED), decl.id


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


def test_every_import_export_resource_and_admin_is_declared():
    importlib.import_module("wuhan_fulian.urls")  # every admin, view and resource module loaded
    for app in PROJECT_APPS:
        try:
            importlib.import_module(f"{app}.resources")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app}.resources":
                raise
    declared_models = {c.model for c in IMPORTS}
    declared_resources = {c.resource for c in IMPORTS}
    admins = sorted(
        model._meta.label
        for model, model_admin in admin.site._registry.items()
        if isinstance(model_admin, ImportMixin | ExportMixin) and model not in declared_models
    )
    assert not admins, f"declare an ImportCase in tests/<app>/resources.py IMPORTS for: {admins}"
    # an export-only declaration may not hide an admin import from the import tests below
    imports_declared_away = sorted(
        c.id for c in IMPORTS if not c.admin_import and isinstance(admin.site._registry.get(c.model), ImportMixin)
    )
    assert not imports_declared_away, f"these admins import: declare admin_import=True for {imports_declared_away}"
    found = {
        cls
        for cls in _subclasses(ie_resources.Resource)
        if cls.__module__.split(".")[0] in PROJECT_APPS and getattr(cls._meta, "model", None) is not None
    }
    undeclared = sorted(f"{cls.__module__}.{cls.__qualname__}" for cls in found - declared_resources)
    assert not undeclared, f"declare an ImportCase in tests/<app>/resources.py IMPORTS for: {undeclared}"


def test_every_file_field_is_declared():
    declared = {(c.model, c.field) for c in FILES}
    missing = sorted(
        f"{model._meta.label}.{field.name}"
        for model in project_models()
        for field in model._meta.concrete_fields
        if isinstance(field, models.FileField) and (model, field.name) not in declared
    )
    assert not missing, f"declare a FileCase in tests/<app>/resources.py FILES for: {missing}"


# --- Import (dry run and confirm) and export --------------------------------------------------------------


def _csv(row):
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(list(row))
    writer.writerow([str(value) for value in row.values()])
    return out.getvalue().encode("utf-8")


def _format_index(formats):
    return next(i for i, fmt in enumerate(formats) if fmt().get_title() == "csv")


def _dry_run(client, case, row):
    model_admin = admin.site._registry[case.model]
    upload = SimpleUploadedFile("rows.csv", _csv(row), content_type="text/csv")
    data = {"format": str(_format_index(model_admin.get_import_formats())), "resource": "0", "import_file": upload}
    return client.post(admin_url(case.model, "import/"), data)


def _page_text(response):
    return response.content.decode("utf-8", errors="replace")


def _shown(response):
    """The page's visible text around its messages and errors (for assertion messages)."""
    text = re.sub(r"<script.*?</script>|<style.*?</style>|<svg.*?</svg>", " ", _page_text(response), flags=re.S)
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", text))
    return text[text.rfind("导入文件") :][:1500]


def _leaks(text, values):
    return [value for value in values if value not in (None, "") and str(value) in text]


@pytest.mark.parametrize("case", ADMIN_IMPORTS, ids=ids(ADMIN_IMPORTS))
def test_admin_import_preview_refuses_a_row_of_another_district(case, tree, users, client):
    # given: one record in her district, one in the other; she imports a row naming each
    mine = case.make(own(case, tree))
    theirs = case.make(other(case, tree))
    before = snapshot(theirs)
    client.force_login(users.district)
    # control: the row is well formed (her own record previews without a row error)
    control = _dry_run(client, case, case.row(mine, tree))
    assert control.status_code == 200
    assert control.context.get("confirm_form") is not None, _shown(control)
    # when
    response = _dry_run(client, case, case.row(theirs, tree))
    # then: a row error, nothing to confirm, nothing of her record shown, nothing changed
    text = _page_text(response)
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None, "the preview offers to import another district's row"
    assert "不在您的管辖范围内" in text, _shown(response)
    assert not _leaks(text, case.secrets(theirs)), f"the preview shows another district's data: {_shown(response)}"
    assert snapshot(theirs) == before


@pytest.mark.parametrize("case", ADMIN_IMPORTS, ids=ids(ADMIN_IMPORTS))
def test_admin_import_confirm_changes_nothing_of_another_district(case, tree, users, client):
    # given: the file stored as the preview stores it, then confirmed directly (as a forged form would)
    theirs = case.make(other(case, tree))
    before = snapshot(theirs)
    model_admin = admin.site._registry[case.model]
    formats = model_admin.get_import_formats()
    index = _format_index(formats)
    upload = SimpleUploadedFile("rows.csv", _csv(case.row(theirs, tree)), content_type="text/csv")
    stored = model_admin.write_to_tmp_storage(upload, formats[index](encoding=model_admin.from_encoding))
    client.force_login(users.district)
    # when
    response = client.post(
        admin_url(case.model, "process_import/"),
        {"import_file_name": stored.name, "original_file_name": "rows.csv", "format": str(index), "resource": "0"},
        follow=True,
    )
    # then
    assert response.status_code in (200, 400, 403, 404)
    assert not _leaks(_page_text(response), case.secrets(theirs))
    assert snapshot(theirs) == before, "confirming the import changed another district's record"


def _export(client, model):
    model_admin = admin.site._registry[model]
    url = admin_url(model, "export/")
    page = client.get(url)
    assert page.status_code == 200
    data = {"format": str(_format_index(model_admin.get_export_formats())), "resource": "0"}
    for name, field in page.context["form"].fields.items():
        if isinstance(field, forms.BooleanField):
            data[name] = "on"
    response = client.post(url, data)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


@pytest.mark.parametrize("case", IMPORTS, ids=ids(IMPORTS))
def test_admin_export_has_no_row_of_another_district(case, tree, users, client):
    mine = case.make(own(case, tree))
    theirs = case.make(other(case, tree))
    client.force_login(users.district)
    text = _export(client, case.model)
    assert case.ident(mine) in text
    assert case.ident(theirs) not in text


MASKED_EXPORTS = [d for d in SCOPED if d.masked and isinstance(admin.site._registry.get(d.model), ExportMixin)]


@pytest.mark.parametrize("decl", MASKED_EXPORTS, ids=ids(MASKED_EXPORTS))
def test_admin_export_masks_what_the_user_sees_masked(decl, tree, users, client):
    record = decl.make(own(decl, tree))
    client.force_login(users.viewer)
    text = _export(client, decl.model)
    assert str(getattr(record, "name", None) or record.pk) in text
    assert not _leaks(text, [getattr(record, name) for name in decl.masked])


# --- Changelist: lookups, ordering, search ------------------------------------------------------------------


def _declared_lookups(model_admin, decl):
    paths = {model_admin.date_hierarchy, *decl.allowed_lookups} - {None}
    for item in model_admin.list_filter:
        if isinstance(item, list | tuple):
            paths.add(item[0])
        elif isinstance(item, str):
            paths.add(item)
    return paths


def _is_declared(lookup, paths):
    return any(lookup == path or lookup.startswith(f"{path}__") for path in paths)


def _field_lookups(model, masked):
    """(lookup, value) for every concrete field: its own type's lookup; masked fields every way."""
    for field in model._meta.concrete_fields:
        name = field.name
        if name in masked:
            yield from [
                (name, "1"),
                (f"{name}__exact", "1"),
                (f"{name}__startswith", "1"),
                (f"{name}__istartswith", "1"),
                (f"{name}__contains", "1"),
                (f"{name}__regex", "^1"),
                (f"{name}__gte", "1"),
                (f"{name}__isnull", "0"),
            ]
        elif isinstance(field, models.CharField | models.TextField):
            yield f"{name}__startswith", "1"
        else:
            yield f"{name}__isnull", "0"


def _relations(model):
    return [
        f
        for f in model._meta.get_fields()
        if f.is_relation and f.related_model is not None and not getattr(f, "hidden", False)
    ]


def _masked_paths(model, depth=2, prefix="", seen=()):
    """Lookup paths from ``model`` through its relations to a masked field of another model."""
    paths = []
    for relation in _relations(model):
        target = relation.related_model
        path = f"{prefix}{relation.name}"
        for name in MASKED_MODELS.get(target, ()):
            paths.append(f"{path}__{name}")
        if depth > 1 and not relation.auto_created and target not in seen:
            paths += _masked_paths(target, depth - 1, f"{path}__", (*seen, model))
    return paths


@pytest.mark.parametrize("decl", STAFF_ADMINS, ids=ids(STAFF_ADMINS))
def test_changelist_allows_only_declared_lookups(decl, tree, users, client):
    """Django admits any lookup on a model's own fields: ``?phone__startswith=18`` answers 1 or 0 rows."""
    model_admin = admin.site._registry[decl.model]
    declared = _declared_lookups(model_admin, decl)
    url = admin_url(decl.model)
    admitted = []
    client.force_login(users.district)
    for lookup, value in _field_lookups(decl.model, decl.masked):
        if _is_declared(lookup, declared) and lookup.split("__")[0] not in decl.masked:
            continue
        response = client.get(url, {lookup: value})
        if not refused(response):
            admitted.append(f"{lookup} ({response.status_code})")
    assert not admitted, f"undeclared lookups that filter {url}: {admitted}"


@pytest.mark.parametrize("decl", STAFF_ADMINS, ids=ids(STAFF_ADMINS))
def test_changelist_never_filters_through_relations_on_masked_fields(decl, tree, users, client):
    url = admin_url(decl.model)
    client.force_login(users.viewer)
    admitted = []
    for path in _masked_paths(decl.model):
        for lookup, value in [(f"{path}__startswith", "1"), (f"{path}__regex", "^1")]:
            response = client.get(url, {lookup: value})
            if not refused(response) and response.status_code != 403:
                admitted.append(f"{lookup} ({response.status_code})")
    assert not admitted, f"lookups on masked fields that filter {url}: {admitted}"


def _resolve(model, path):
    """(model, field name) a lookup path ends on, or None."""
    parts = path.split("__")
    for i, part in enumerate(parts):
        try:
            field = model._meta.get_field(part)
        except Exception:
            return None
        if i == len(parts) - 1 or not field.is_relation:
            return model, field.name
        model = field.related_model
    return None


def _order_paths(queryset):
    for item in queryset.query.order_by:
        if isinstance(item, str):
            yield item.lstrip("-")
        elif isinstance(item, OrderBy) and isinstance(item.expression, F):
            yield item.expression.name
        elif isinstance(item, F):
            yield item.name


@pytest.mark.parametrize("decl", STAFF_ADMINS, ids=ids(STAFF_ADMINS))
def test_changelist_never_sorts_by_a_masked_field(decl, tree, users, client):
    model_admin = admin.site._registry[decl.model]
    columns = ".".join(str(i) for i in range(len(model_admin.list_display)))
    client.force_login(users.viewer)
    response = client.get(admin_url(decl.model), {"o": columns})
    if response.status_code != 200:
        assert response.status_code in (302, 403)
        return
    sorted_by = [path for path in _order_paths(response.context["cl"].queryset) if _resolve(decl.model, path) in MASKED]
    assert not sorted_by, f"the viewer sorts by masked fields: {sorted_by}"


@pytest.fixture
def masked_values(tree):
    """A person and an account in 东亭社区 (S1C1): the viewer sees them, with phone and ID number masked."""
    values = []
    for decl in ADMINS:
        if decl.masked and decl.make is not None:
            record = decl.make(own(decl, tree))
            values += [getattr(record, name) for name in decl.masked if getattr(record, name)]
    return values


@pytest.mark.parametrize("decl", STAFF_ADMINS, ids=ids(STAFF_ADMINS))
def test_changelist_search_never_matches_a_masked_value(decl, tree, users, client, masked_values):
    if not admin.site._registry[decl.model].search_fields:
        pytest.skip("no search on this changelist")
    client.force_login(users.viewer)
    found = []
    for value in masked_values:
        response = client.get(admin_url(decl.model), {"q": value})
        if response.status_code == 200 and response.context["cl"].result_count:
            found.append(value)
    assert not found, f"?q= finds rows by masked values the viewer cannot see: {found}"


MASKED_APIS = [d for d in ADMINS if d.masked and d.api_url]


def _api_ids(client, url, params):
    response = client.get(url, {"page_size": 500, **params})
    if response.status_code == 400:
        return None
    assert response.status_code == 200, response.content[:300]
    return [row["id"] for row in response.json()["results"]]


@pytest.mark.parametrize("decl", MASKED_APIS, ids=ids(MASKED_APIS))
def test_api_never_searches_sorts_or_filters_by_a_masked_field(decl, tree, users, api_client):
    """The viewer sees these fields masked: ?search=, ?ordering= and filters on them answer 400 or are ignored."""
    records = [decl.make(own(decl, tree)) for _ in range(3)]
    client = api_client(users.viewer)
    everything = _api_ids(client, decl.api_url, {})
    if everything is None or not set(r.pk for r in records) <= set(everything):
        pytest.skip("the viewer does not list these records")
    oracles = []
    for name in decl.masked:
        value = getattr(records[0], name)
        for params in [
            {"search": value},
            {name: value},
            {f"{name}__startswith": value[:4]},
            {"ordering": name},
            {"ordering": f"-{name}"},
        ]:
            listed = _api_ids(client, decl.api_url, params)
            if listed is None:
                continue
            if "search" in params:
                leaked = records[0].pk in listed  # found by a value she only sees masked
            else:
                leaked = listed != everything  # narrowed to the matching rows, or sorted by the hidden value
            if leaked:
                oracles.append(params)
    assert not oracles, f"the viewer narrows or sorts {decl.api_url} by masked values: {oracles}"


# --- Change, history, delete pages and autocomplete ------------------------------------------------------------


@pytest.mark.parametrize("decl", SCOPED, ids=ids(SCOPED))
def test_admin_pages_of_another_districts_record_answer_like_a_missing_one(decl, tree, users, client):
    theirs = decl.make(other(decl, tree))
    absent = missing_pk(decl.model)
    client.force_login(users.district)
    pages = [(f"{theirs.pk}/{page}", f"{absent}/{page}") for page in ("change/", "history/", "delete/")]
    history = getattr(theirs, "history", None)
    record = history.order_by("-history_id").first() if history is not None else None
    if record is not None:  # one historical version (simple-history's revert page)
        pages.append((f"{theirs.pk}/history/{record.history_id}/", f"{absent}/history/{record.history_id + 100_000}/"))
    differ = []
    for theirs_page, missing_page in pages:
        out_of_scope = client.get(admin_url(decl.model, theirs_page))
        missing = client.get(admin_url(decl.model, missing_page))
        seen = (out_of_scope.status_code, redirect_path(out_of_scope))
        expected = (missing.status_code, redirect_path(missing))
        if seen != expected or out_of_scope.status_code == 200:
            differ.append(f"{theirs_page}: {seen} vs missing {expected}")
    assert not differ, f"another district's record does not look missing: {differ}"


@pytest.mark.parametrize("decl", SUPERUSER_ADMINS, ids=ids(SUPERUSER_ADMINS))
def test_third_party_admins_are_closed_to_staff(decl, users, client):
    for user in (users.district, users.viewer, users.city):
        client.force_login(user)
        assert client.get(admin_url(decl.model)).status_code == 403


AUTOCOMPLETED = [d for d in SCOPED if admin.site._registry[d.model].search_fields]


@pytest.mark.parametrize("decl", AUTOCOMPLETED, ids=ids(AUTOCOMPLETED))
def test_autocomplete_never_lists_another_districts_record(decl, tree, users, client):
    mine = decl.make(own(decl, tree))
    theirs = decl.make(other(decl, tree))
    sources = [
        (model, field)
        for model in project_models()
        for field in model._meta.get_fields()
        if (field.many_to_one or field.one_to_one or field.many_to_many)
        and field.concrete
        and not field.auto_created
        and field.related_model is decl.model
    ]
    if not sources:
        pytest.skip("nothing links to this model")
    client.force_login(users.district)
    answered, listed_mine, leaks = 0, False, []
    for model, field in sources:
        params = {"app_label": model._meta.app_label, "model_name": model._meta.model_name, "field_name": field.name}
        response = client.get("/admin/autocomplete/", {**params, "term": ""})
        if response.status_code != 200:
            continue
        answered += 1
        listed = {row["id"] for row in response.json()["results"]}
        listed_mine |= str(mine.pk) in listed
        if str(theirs.pk) in listed:
            leaks.append(f"{model._meta.label}.{field.name}")
    assert not leaks, f"autocomplete lists another district's {decl.id} through {leaks}"
    assert not answered or listed_mine, "control: her own record should be listed"


# --- Media ------------------------------------------------------------------------------------------------------


def _get(client, url):
    response = client.get(url)
    if response.streaming:
        # Read through the test client's wrapper, which closes the file without closing the test's
        # database connection (response.close() would send request_finished to close_old_connections).
        b"".join(response.streaming_content)
    return response


def _file_url(fieldfile):
    """The file's URL; for a file in private storage (no URL at all), where /media/ would have served it."""
    try:
        return fieldfile.url
    except ValueError:
        return settings.MEDIA_URL + fieldfile.name


def _login_redirect(response):
    return response.status_code == 302 and "login" in response.get("Location", "")


@pytest.mark.parametrize("case", FILES, ids=ids(FILES))
def test_media_urls_are_scope_checked(case, tree, users, client):
    mine = case.make(own(case, tree))
    theirs = case.make(other(case, tree))
    mine_url, theirs_url = _file_url(getattr(mine, case.field)), _file_url(getattr(theirs, case.field))
    # anonymous: nothing
    for url in (mine_url, theirs_url):
        response = _get(client, url)
        assert response.status_code == 404 or _login_redirect(response), f"anonymous {url}: {response.status_code}"
    # another district's file: like a missing one
    client.force_login(users.district)
    assert _get(client, theirs_url).status_code == 404
    missing = mine_url.rsplit("/", 1)[0] + "/no-such-file.jpg"
    assert _get(client, missing).status_code == 404
    # her own file
    if case.owner_downloads:
        assert _get(client, mine_url).status_code == 200
