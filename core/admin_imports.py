"""Admin import/export (django-import-export), scoped like everything else.

- Imports and exports run their resource as the request's user (``user=``): an import looks rows up only in
  her edit scope (``core.imports``), an export sees only her rows and masks what she may not read.
- Files are read as a stream within the limits of ``core.spreadsheets`` (rows, columns, cells,
  size): a file over a limit is a Chinese form error, nothing is imported.
- Exports (CSV, xlsx) never hold a live formula: formula-like text is escaped in one place.
"""

import tablib
from django.utils.translation import gettext as _
from import_export.admin import ExportMixin, ImportMixin
from import_export.formats import base_formats

from core.spreadsheets import SpreadsheetLimitError, escape_dataset, read_csv, read_xlsx, xlsx_bytes


def _dataset(table):
    if not table:
        return tablib.Dataset()
    header = ["" if cell is None else str(cell).strip() for cell in table[0]]
    width = len(header)
    rows = [(list(row) + [None] * width)[:width] for row in table[1:]]
    return tablib.Dataset(*rows, headers=header)


class LimitedCSV(base_formats.CSV):
    """CSV in: read within the limits (BOM, CRLF, GB18030 handled). CSV out: formula-like text escaped."""

    def create_dataset(self, in_stream, **kwargs):
        return _dataset(read_csv(in_stream))

    def export_data(self, dataset, **kwargs):
        return super().export_data(escape_dataset(dataset), **kwargs)


class LimitedXLSX(base_formats.XLSX):
    """xlsx in: streamed, rows counted as read, stopped at the cap. xlsx out: formula-like text as text cells."""

    def create_dataset(self, in_stream):
        return _dataset(read_xlsx(in_stream))

    def export_data(self, dataset, **kwargs):
        return xlsx_bytes(dataset)


class ScopedExportMixin(ExportMixin):
    """Export only, scoped: the user's rows, masked where she may not read, no live formula. For a model
    imported by its own importer (people: ``cadres.importer``), not by the admin."""

    export_formats = [LimitedCSV, LimitedXLSX]

    def get_export_resource_kwargs(self, request, **kwargs):
        return {**super().get_export_resource_kwargs(request, **kwargs), "user": request.user}

    def get_export_queryset(self, request):
        return super().get_export_queryset(request).visible_to(request.user)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_export_filename(self, request, queryset, file_format):
        """成员单位_武昌区妇联_20261202.xlsx: what, whose (the user's federation), when."""
        from core import dates

        root = getattr(request.user, "view_root", None)
        whose = root.name if root is not None else _("全市")
        name = f"{self.opts.verbose_name_plural}_{whose}_{dates.today():%Y%m%d}.{file_format.get_extension()}"
        return name.replace("/", "／")

    def _do_file_export(self, file_format, request, queryset, export_form=None):
        # import-export writes filename="…" as is; a Chinese name needs RFC 6266's filename*.
        from django.utils.http import content_disposition_header

        response = super()._do_file_export(file_format, request, queryset, export_form=export_form)
        response["Content-Disposition"] = content_disposition_header(
            True, self.get_export_filename(request, queryset, file_format)
        )
        return response


class ScopedImportExportMixin(ImportMixin, ScopedExportMixin):
    """Import/export scoped like everything else: exports see only the user's rows, imports touch only them."""

    import_export_change_list_template = "admin/import_export/change_list_import_export.html"
    import_formats = [LimitedCSV, LimitedXLSX]

    def get_import_resource_kwargs(self, request, **kwargs):
        return {**super().get_import_resource_kwargs(request, **kwargs), "user": request.user}

    def has_import_permission(self, request):
        return self.has_add_permission(request)

    def get_urls(self):
        from django.urls import path

        info = self.opts.app_label, self.opts.model_name
        extra = [
            path(
                "import/template/",
                self.admin_site.admin_view(self.import_template_view),
                name=f"{info[0]}_{info[1]}_import_template",
            )
        ]
        return extra + super().get_urls()

    def import_template_view(self, request):
        """The blank import template (xlsx): Chinese headers, one example row, a sheet of valid options."""
        from django.core.exceptions import PermissionDenied

        from core.spreadsheets import attachment

        if not self.has_import_permission(request):
            raise PermissionDenied
        resource_class = self.get_import_resource_classes(request)[0]
        resource = resource_class(user=request.user)
        filename = _("%(name)s导入模板.xlsx") % {"name": self.opts.verbose_name}
        return attachment(resource.template_xlsx(), filename)

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, SpreadsheetLimitError):
            form.add_error("import_file", str(e))
        else:
            form.add_error("import_file", _("无法读取该文件，请确认所选格式与文件一致，或使用导入模板另存后再上传。"))
