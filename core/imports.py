"""Base for Excel/CSV imports and exports: all-or-nothing, every row validated by the model's own rules and
looked up only inside the importing user's edit scope, a row-by-row error report, and exports with no live
formula in them.

Scope on import: the rows an import may update are ``editable_by(user)`` (the instance loader reads
``get_queryset``), the records a row may point at are looked up in the user's scope too
(``ScopedForeignKeyWidget``: federations she edits, other records she sees), and the saved record is checked
once more. A row naming an id outside the scope reads exactly like a row naming an id that does not exist:
"该行数据不在您的管辖范围内", never an update and never a preview of the record. An import without a user
is refused outright (``PermissionError``), it never means "no check".

Duplicates: a row without its id is matched on the model's natural keys (``natural_keys``, e.g. the credit
code of a member unit) inside the scope, so the same file imported twice updates the same records instead
of creating copies; a natural key held outside the scope is the same row error as above.
"""

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext as _
from import_export import resources, widgets

from core.messages import ROW_OUT_OF_SCOPE
from core.scope import is_editable
from core.spreadsheets import unescape_text

OUT_OF_SCOPE = ROW_OUT_OF_SCOPE  # the name importers use
MAX_REPORTED_ROWS = 100


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


class ScopedForeignKeyWidget(widgets.ForeignKeyWidget):
    """A reference looked up only inside the importing user's scope: a federation she edits, any other
    record she sees. Missing and out of scope give the same message. The resource sets ``user``."""

    user = None
    label = None

    def __init__(self, model, field="pk", label=None, **kwargs):
        super().__init__(model, field=field, **kwargs)
        if label is not None:
            self.label = label

    def get_queryset(self, value, row, *args, **kwargs):
        user = self.user
        if user is None:
            raise PermissionError("an import must name the importing user")
        manager = self.model._default_manager
        if self.model._meta.label_lower == "organizations.federation":
            return manager.editable_by(user)
        return manager.visible_to(user)

    def not_found(self, value):
        label = self.label or self.model._meta.verbose_name
        return _("找不到“%(value)s”对应的%(label)s，或不在您的管辖范围内。") % {"value": value, "label": label}

    def clean(self, value, row=None, **kwargs):
        if _blank(value):
            return None
        value = str(value).strip()
        try:
            return super().clean(value, row, **kwargs)
        except (self.model.DoesNotExist, self.model.MultipleObjectsReturned, ValueError, TypeError) as exc:
            raise ValueError(self.not_found(value)) from exc


def options_of(widget):
    """The valid values of a column, as the template lists them: a choice widget's labels, 是/否 for a yes/no
    widget; None for free text."""
    choices = getattr(widget, "choices", None)
    if choices is not None and hasattr(choices, "choices"):
        return [str(label) for _code, label in choices.choices]
    if isinstance(widget, widgets.BooleanWidget):
        return [_("是"), _("否")]
    return None


class ScopedDiff(resources.Diff):
    """The preview's before/after columns through the resource's export (its ``dehydrate_*`` methods), so a
    preview masks exactly what an export masks; import-export's own Diff reads raw attribute values."""

    def __init__(self, resource, instance, new):
        self.left = self._values(resource, instance)
        self.right = []
        self.new = new

    def compare_with(self, resource, instance):
        self.right = self._values(resource, instance)

    @staticmethod
    def _values(resource, instance):
        if instance is None:
            return []
        return [resource.export_field(field, instance) for field in resource.get_import_fields()]


class ScopedModelResource(resources.ModelResource):
    """Subclasses declare ``Meta.model`` and fields as usual. Pass ``user=`` (required to import).

    ``natural_keys``: tuples of field names that identify an existing record when a row leaves its id empty
    (the first tuple whose values are all filled is used). ``unique_keys``: values unique city-wide (an ID
    number, a credit code); one already held outside the user's scope is the out-of-scope row error, so no
    model message about that other record ("已由其他单位登记", naming a federation) ever reaches her."""

    natural_keys = ()
    unique_keys = ()
    # The blank template's example row: {attribute: value as typed in the file}.
    template_example = {}

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.user = user
        self._importing = False
        for field in self.fields.values():  # per-instance copies (Resource.__init__ deep-copies fields)
            if isinstance(field.widget, ScopedForeignKeyWidget):
                field.widget.user = user

    class Meta:
        clean_model_instances = True
        use_transactions = True
        skip_unchanged = False
        report_skipped = True

    def get_diff_class(self):
        return ScopedDiff

    @classmethod
    def get_fk_widget(cls, field):
        from functools import partial

        from import_export.utils import get_related_model

        return partial(ScopedForeignKeyWidget, model=get_related_model(field))

    # --- what a row may see and touch ---------------------------------------------------------------
    def get_queryset(self):
        queryset = super().get_queryset()
        if self.user is None:
            return queryset.none()
        return queryset.editable_by(self.user) if self._importing else queryset.visible_to(self.user)

    def _key_values(self, names, row):
        """{attribute: cleaned value} of ``names`` in ``row``, or None when one is empty or invalid."""
        values = {}
        for name in names:
            field = self.fields.get(name)
            if field is None or field.column_name not in row or _blank(row.get(field.column_name)):
                return None
            try:
                value = field.clean(row)
            except (ValueError, ValidationError):
                return None
            if _blank(value):
                return None
            values[field.attribute] = value
        return values

    def get_instance(self, instance_loader, row):
        """The record a row updates, only ever inside the user's edit scope."""
        model = self._meta.model
        id_fields = self.get_import_id_fields()
        try:
            params = self._key_values(id_fields, row)
            if params is not None:
                instance = self.get_queryset().filter(**params).first()
                if instance is not None:
                    return instance
                if model._meta.pk.name in params or model._default_manager.filter(**params).exists():
                    # An id is never chosen by a file; a code held elsewhere is not for this user.
                    raise ValidationError(OUT_OF_SCOPE)
                return None
            for names in self.unique_keys:
                params = self._key_values(names, row)
                if params is None:
                    continue
                if (
                    model._default_manager.filter(**params)
                    .exclude(pk__in=self.get_queryset().filter(**params).values("pk"))
                    .exists()
                ):
                    raise ValidationError(OUT_OF_SCOPE)
            for names in self.natural_keys:
                params = self._key_values(names, row)
                if params is None:
                    continue
                instance = self.get_queryset().filter(**params).first()
                if instance is not None:
                    return instance
                if model._default_manager.filter(**params).exists():
                    raise ValidationError(OUT_OF_SCOPE)
                return None
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc
        return None

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        # A row never sets a primary key: new records get theirs from the database, and a record matched on
        # its natural key keeps its own (an empty 编号 must not turn the update into a new copy).
        if field.attribute == self._meta.model._meta.pk.attname or field.attribute == self._meta.model._meta.pk.name:
            return
        super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)

    def before_import_row(self, row, **kwargs):
        # A file exported from here carries '=… as text; it imports back as the value it was.
        for key in list(row.keys()):
            row[key] = unescape_text(row[key])
        super().before_import_row(row, **kwargs)

    def column_label(self, key):
        """The spreadsheet column (or the model field's Chinese name) an error key stands for."""
        for name, field in self.fields.items():
            if key in (name, field.attribute):
                return field.column_name
        try:
            return str(self._meta.model._meta.get_field(key).verbose_name)
        except Exception:
            return key

    def import_row(self, row, instance_loader, **kwargs):
        """Row errors keyed by the column people see in their file (单位名称), not the attribute (credit_code)."""
        result = super().import_row(row, instance_loader, **kwargs)
        error = result.validation_error
        if error is not None and hasattr(error, "error_dict"):
            relabelled = {}
            for key, errors in error.error_dict.items():
                label = key if key == NON_FIELD_ERRORS else self.column_label(key)
                relabelled.setdefault(label, []).extend(errors)
            result.validation_error = ValidationError(relabelled)
        return result

    def before_save_instance(self, instance, row, **kwargs):
        # The history row of every imported record names the importer, in a request or not (a task, a script).
        instance._history_user = self.user
        super().before_save_instance(instance, row, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        super().after_save_instance(instance, row, **kwargs)
        if not is_editable(self.user, instance):
            raise ValidationError(OUT_OF_SCOPE)

    # --- running an import ----------------------------------------------------------------------------
    def import_data(self, dataset, dry_run=False, **kwargs):
        """All or nothing, always in a transaction, always as ``self.user``."""
        if self.user is None or not getattr(self.user, "is_authenticated", False):
            raise PermissionError("an import must name the importing user")
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        kwargs["user"] = self.user
        self._importing = True
        if dataset.headers:
            dataset.headers = self.headers_as_declared(dataset.headers)
        try:
            return super().import_data(dataset, dry_run=dry_run, **kwargs)
        finally:
            self._importing = False

    def import_scoped(self, dataset, dry_run):
        """Import ``dataset``; on any row error nothing is kept. Returns the import-export Result."""
        return self.import_data(dataset, dry_run=dry_run, raise_errors=False)

    # --- the blank template ---------------------------------------------------------------------------
    def template_columns(self):
        """[(header, example, options)] for the columns a file may fill (not read-only, not the id)."""
        pk = self._meta.model._meta.pk
        columns = []
        for field in self.get_import_fields():
            if field.attribute in (pk.name, pk.attname) or getattr(field, "readonly", False):
                continue
            columns.append(
                (field.column_name, self.template_example.get(field.attribute, ""), options_of(field.widget))
            )
        return columns

    def template_xlsx(self):
        from core.spreadsheets import template_xlsx

        return template_xlsx(self.template_columns())

    # --- headers in the reader's language -----------------------------------------------------------
    def headers_as_declared(self, headers):
        """A file's headers as the fields declare them (Chinese): a header in any offered language (an
        export read in English) is read as the declared one, so every export imports back unchanged."""
        from django.conf import settings
        from django.utils import translation

        declared = {}
        for field in self.fields.values():
            column = field.column_name
            for code, _name in settings.LANGUAGES:
                with translation.override(code):
                    declared.setdefault(_(column), column)
        return [declared.get(str(header or "").strip(), header) for header in headers]

    def get_export_headers(self, selected_fields=None):
        """Headers in the reader's language (the Chinese ones in Chinese)."""
        return [_(header) for header in super().get_export_headers(selected_fields)]

    # --- exports --------------------------------------------------------------------------------------
    def export_as(self, file_format, queryset=None, **kwargs):
        """The export as bytes/text in ``file_format``, with no live formula in any cell."""
        from core.spreadsheets import export_dataset

        return export_dataset(self.export(queryset=queryset, **kwargs), file_format)


def row_errors(result, limit=MAX_REPORTED_ROWS):
    """[(row number, [messages])] from an import-export Result, numbered as the spreadsheet shows them; the
    first ``limit`` rows, then one line (row 0) counting the rest."""
    report = []
    for invalid in result.invalid_rows:
        messages = [
            (f"{field}：" if field != NON_FIELD_ERRORS else "") + "；".join(str(e) for e in errs)
            for field, errs in invalid.error_dict.items()
        ]
        report.append((invalid.number + 1, messages))
    for number, errors in result.row_errors():
        report.append((number + 1, [str(error.error) for error in errors]))
    report.sort()
    if len(report) > limit:
        extra = len(report) - limit
        report = report[:limit] + [(0, [_("另有 %(count)d 行错误，请先改正以上各行后重新导入。") % {"count": extra}])]
    return report
